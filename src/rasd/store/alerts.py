"""Watched searches and entities: what matched since the last look.

An alert is a saved query (``kind = "search"``) or an entity name (``"entity"``)
and the ``rowid`` of the newest article it has been checked against.  Articles get
increasing ``rowid`` values as they are stored, so "since the last look" is
``rowid > seen_upto``: a live store and a re-ingested archive answer alike, and a
check that is interrupted marks nothing seen.  The rows live in the store (table
``alerts``, migration 0007), so every reader of a store sees the same alerts.

On PostgreSQL an identity value is taken when a row is inserted, not when it is
committed, so an article written by a transaction still open during a check can
land below the mark; a watcher writes in short batches, which keeps that window small.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rasd.errors import StoreError
from rasd.store.base import Filters
from rasd.store.corpus_views import Rows

KINDS = ("search", "entity")
#: Matches listed per alert (the total is always counted).
MATCHES_SHOWN = 20


def _alert(r: dict[str, Any]) -> dict[str, Any]:
    return {"id": int(r["id"]), "kind": r["kind"], "value": r["value"], "seen_upto": int(r["seen_upto"]),
            "checked_at": r["checked_at"], "created_at": r["created_at"]}


def newest_row(rows: Rows) -> int:
    """The ``rowid`` of the newest stored article (0 for an empty store)."""
    got = rows("SELECT coalesce(max(rowid), 0) AS n FROM articles", [])
    return int(got[0]["n"]) if got else 0


def add_alert(rows: Rows, ph: str, kind: str, value: str, from_start: bool = False) -> dict[str, Any]:
    """Watch a search or an entity from now on (``from_start``: every stored article counts as new)."""
    if kind not in KINDS:
        raise StoreError(f"an alert watches a search or an entity, not {kind!r}")
    value = " ".join(value.split())
    if not value:
        raise StoreError("an alert needs a query or an entity name to watch")
    upto = 0 if from_start else newest_row(rows)
    got = rows(f"INSERT INTO alerts(kind, value, seen_upto) VALUES ({ph}, {ph}, {ph})"
               " ON CONFLICT (kind, value) DO UPDATE SET kind = excluded.kind"
               " RETURNING id, kind, value, seen_upto, checked_at, created_at", [kind, value, upto])
    return _alert(got[0])


def list_alerts(rows: Rows) -> list[dict[str, Any]]:
    return [_alert(r) for r in rows("SELECT id, kind, value, seen_upto, checked_at, created_at FROM alerts"
                                    " ORDER BY id", [])]


def remove_alert(rows: Rows, ph: str, alert_id: int) -> bool:
    return bool(rows(f"DELETE FROM alerts WHERE id = {ph} RETURNING id", [alert_id]))


def mark_seen(rows: Rows, ph: str, alert_id: int, upto: int, when: str) -> None:
    rows(f"UPDATE alerts SET seen_upto = CASE WHEN seen_upto < {ph} THEN {ph} ELSE seen_upto END,"
         f" checked_at = {ph} WHERE id = {ph} RETURNING id", [upto, upto, when, alert_id])


def alert_search(store: Any, alert: dict[str, Any], upto: int, limit: int = MATCHES_SHOWN) -> dict[str, Any]:
    """The store's search for what ``alert`` watches among articles ``seen_upto < rowid <= upto``."""
    after = alert["seen_upto"]
    if alert["kind"] == "entity":
        return dict(store.search("", Filters(entity=alert["value"], after_row=after, upto_row=upto),
                                 limit=limit, sort="date"))
    return dict(store.search(alert["value"], Filters(after_row=after, upto_row=upto), limit=limit, sort="date"))


def check_alerts(store: Any, rows: Rows, ph: str, mark: bool, when: str,
                 ids: Sequence[int] | None = None) -> list[dict[str, Any]]:
    """Each alert with ``matches`` (newest first) and ``total`` since its last look;
    with ``mark`` the look is recorded, so the next check starts after it."""
    upto = newest_row(rows)
    out = []
    for alert in list_alerts(rows):
        if ids is not None and alert["id"] not in ids:
            continue
        found = alert_search(store, alert, upto)
        out.append({**alert, "total": found["total"], "matches": [
            {k: h[k] for k in ("id", "title", "date", "outlet", "snippet")} for h in found["hits"]]})
        if mark:
            mark_seen(rows, ph, alert["id"], upto, when)
    return out
