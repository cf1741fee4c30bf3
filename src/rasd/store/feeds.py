"""What ``rasd watch`` keeps in the store: each feed's health, and the item URLs taken.

Both backends hold the same two tables (migration ``0006_watch_feeds``) and reach
them through this mixin, which differs between them only in the parameter mark
(``?`` for SQLite, ``%s`` for psycopg).  Each call is one statement, so each is
atomic on its own in both backends' autocommit connections.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

#: The columns of ``watch_feeds`` a watcher writes, in order.
FEED_FIELDS = ("url", "outlet", "country", "etag", "last_modified", "last_poll", "last_success", "last_error",
               "last_error_at", "failures", "last_new", "new_total", "not_modified", "next_poll")

#: How many URLs one ``IN (...)`` lookup carries (SQLite's default limit is far above it).
_CHUNK = 500


class FeedStateStore:
    """Feed health and taken item URLs (see the module docstring); mixed into both stores."""

    conn: Any
    _ph = "?"

    def feed_health(self) -> list[dict[str, Any]]:
        """Every watched feed's row, by outlet then URL."""
        cols = ", ".join(FEED_FIELDS)
        rows = self.conn.execute(f"SELECT {cols} FROM watch_feeds ORDER BY outlet, url").fetchall()
        return [dict(zip(FEED_FIELDS, _values(r), strict=True)) for r in rows]

    def save_feed(self, state: dict[str, Any]) -> None:
        """Write one feed's row (insert or replace every column in :data:`FEED_FIELDS`)."""
        cols = ", ".join(FEED_FIELDS)
        marks = ", ".join([self._ph] * len(FEED_FIELDS))
        updates = ", ".join(f"{c} = excluded.{c}" for c in FEED_FIELDS[1:])
        self.conn.execute(f"INSERT INTO watch_feeds({cols}) VALUES ({marks}) ON CONFLICT(url) DO UPDATE SET {updates}",
                          tuple(state.get(c) if c not in _COUNTS else int(state.get(c) or 0) for c in FEED_FIELDS))

    def seen_urls(self, urls: Sequence[str]) -> set[str]:
        """Those of ``urls`` a watcher has already taken."""
        seen: set[str] = set()
        for i in range(0, len(urls), _CHUNK):
            part = list(urls[i:i + _CHUNK])
            marks = ", ".join([self._ph] * len(part))
            rows = self.conn.execute(f"SELECT url FROM watch_seen WHERE url IN ({marks})", tuple(part)).fetchall()
            seen.update(str(_values(r)[0]) for r in rows)
        return seen

    def mark_seen(self, rows: Iterable[tuple[str, str, str | None, str]]) -> None:
        """Record item URLs as taken: ``(url, feed, article id or None, outcome)``; a URL taken twice keeps
        its first row."""
        ph = self._ph
        sql = (f"INSERT INTO watch_seen(url, feed, article, outcome) VALUES ({ph}, {ph}, {ph}, {ph})"
               " ON CONFLICT(url) DO NOTHING")
        self.conn.cursor().executemany(sql, list(rows))


_COUNTS = {"failures", "last_new", "new_total", "not_modified"}


def _values(row: Any) -> tuple[Any, ...]:
    """A row's values in column order, from a ``sqlite3.Row`` or a psycopg dict row."""
    return tuple(row.values()) if isinstance(row, dict) else tuple(row)
