"""The SQLite corpus store: one file, WAL mode, FTS5 over rasd's Arabic index terms.

Writes happen in batches, one transaction each, so a process killed at any moment
(SIGKILL included) leaves every earlier batch whole and the file consistent: WAL
rolls back the torn batch on the next open.  An article whose content hash is
already stored is skipped, which makes every ingest idempotent and resumable.
All SQL is parameterised; the only text spliced into statements is column names
from this module.

The whole record is kept, zlib-compressed (``record`` holds a BLOB; a store written
before compression holds TEXT, and both read back the same): a record's JSON repeats
the text of every span and is about four times the article text, so compression
keeps the file near the size of the text and its index.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from rasd.article import Article
from rasd.crashpoints import crash_point
from rasd.errors import StoreError
from rasd.store import migrate
from rasd.store.base import EXPORT_TABLES, FILTER_KEYS, AddResult, Filters
from rasd.store.corpus_views import FACET_SIZE, search_facets
from rasd.store.desk import DeskViewsStore
from rasd.store.feeds import FeedStateStore
from rasd.store.pending import finish_pending_work
from rasd.store.query import QueryError, filter_sql, fts5_expression, parse_query, snippet
from rasd.store.rows import PreparedArticle, entity_key, prepare, unpack_record

#: Weights of the title and body columns in BM25.
BM25_WEIGHTS = (3.0, 1.0)

_EXPORT_SQL = {
    "articles": "SELECT id, date, outlet, title, url, author, path, length(text) AS chars FROM articles ORDER BY rowid",
    "entities": (
        "SELECT e.id, e.canonical, e.norm, e.label, e.country, e.en, count(DISTINCT ae.article) AS articles,"
        " sum(ae.mentions) AS mentions FROM entities e LEFT JOIN article_entities ae ON ae.entity = e.id"
        " GROUP BY e.id ORDER BY e.id"
    ),
    "mentions": (
        'SELECT a.id AS article, m.entity, m.start, m."end", m.text, m.kind FROM mentions m'
        " JOIN articles a ON a.rowid = m.article ORDER BY m.article, m.start"
    ),
    "quotes": (
        'SELECT a.id AS article, q.idx, q.kind, q.start, q."end", q.content, q.speaker AS speaker_entity,'
        " q.speaker_name, q.cue FROM quotes q JOIN articles a ON a.rowid = q.article ORDER BY q.article, q.idx"
    ),
    "events": (
        "SELECT a.id AS article, v.idx, v.type, v.mode, v.actor AS actor_entity, v.actor_text, v.actor_country,"
        " v.target AS target_entity, v.target_text, v.target_country, v.location_text, v.location_country,"
        ' v.date, v.start, v."end", v.evidence, v.negated, v.future, v.hypothetical, v.quantity'
        " FROM events v JOIN articles a ON a.rowid = v.article ORDER BY v.article, v.idx"
    ),
}


def _connect(path: str) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(path, timeout=60, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open the database ({exc}); check the path and its permissions") from exc
    conn.row_factory = sqlite3.Row
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=60000")
        conn.execute("PRAGMA temp_store=MEMORY")
        conn.execute("PRAGMA cache_size=-32000")  # 32 MiB page cache, whatever the corpus size
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"{path}: not a rasd database or damaged ({exc})") from exc
    return conn


def _fts5_available(conn: sqlite3.Connection) -> bool:
    try:
        conn.execute("CREATE VIRTUAL TABLE temp._probe USING fts5(x)")
        conn.execute("DROP TABLE temp._probe")
        return True
    except sqlite3.OperationalError:
        return False


class SQLiteStore(FeedStateStore, DeskViewsStore):
    """The default store (see the module docstring)."""

    backend = "sqlite"

    def __init__(self, path: str | Path = "rasd.db") -> None:
        self.path = str(path)
        self.conn = _connect(self.path)
        if not _fts5_available(self.conn):
            raise StoreError("this Python's SQLite has no FTS5; install a Python built with FTS5 (most are)")
        self.migrate()

    # ---------------------------------------------------------------- schema

    def migrate(self) -> list[int]:
        """Apply the migrations not yet recorded; return the versions applied."""
        c = self.conn
        c.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                  " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))")
        done = {r[0] for r in c.execute("SELECT version FROM schema_migrations")}
        applied = []
        for step in migrate.discover("sqlite"):
            if step.version in done:
                continue
            try:
                c.execute("BEGIN IMMEDIATE")
                if step.kind == "sql":
                    for stmt in _split_sql(step.body):
                        c.execute(stmt)
                else:
                    migrate.load_py_step(step.body)(c)
                c.execute("INSERT INTO schema_migrations(version, name) VALUES (?, ?)", (step.version, step.name))
                c.execute("COMMIT")
            except sqlite3.Error as exc:
                c.execute("ROLLBACK")
                raise StoreError(f"{self.path}: migration {step.version:04d}_{step.name} failed: {exc}") from exc
            applied.append(step.version)
        return applied

    def schema_version(self) -> int:
        row = self.conn.execute("SELECT max(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    # ---------------------------------------------------------------- writing

    def has_article(self, article_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def add_articles(self, batch: Iterable[PreparedArticle | Article]) -> AddResult:
        """Store ``batch`` in one transaction; articles already stored are skipped."""
        rows = [prepare(a) if isinstance(a, Article) else a for a in batch]
        added = skipped = 0
        c = self.conn
        try:
            c.execute("BEGIN IMMEDIATE")
            for p in rows:
                if self._insert(p):
                    added += 1
                else:
                    skipped += 1
            if added:  # the clusters now owe these articles: recorded with them (rasd.store.pending)
                c.execute("INSERT INTO pending_work(task, articles) VALUES ('clusters', ?)", (added,))
            crash_point("store.batch")
            c.execute("COMMIT")
        except BaseException:
            if c.in_transaction:
                c.execute("ROLLBACK")
            raise
        return AddResult(added, skipped)

    def _insert(self, p: PreparedArticle) -> bool:
        c = self.conn
        cur = c.execute(
            "INSERT INTO articles(id, title, outlet, url, path, author, date, text, record)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING",
            (p.id, p.title, p.outlet, p.url, p.path, p.author, p.date, p.text, p.packed),
        )
        if cur.rowcount == 0:
            return False
        rowid = cur.lastrowid
        c.execute("INSERT INTO article_fts(rowid, title, body) VALUES (?, ?, ?)", (rowid, p.index_title, p.index_body))
        c.execute("INSERT INTO signatures(article, minhash, lead) VALUES (?, ?, ?)", (rowid, p.minhash, p.lead_terms))
        local: dict[str, int] = {}
        for e in p.entities:
            norm, label, country = e.key
            (eid,) = c.execute(
                "INSERT INTO entities(norm, label, country, canonical, en) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT(norm, label, country) DO UPDATE SET en = coalesce(entities.en, excluded.en)"
                " RETURNING id",
                (norm, label, country, e.canonical, e.en),
            ).fetchone()
            local[e.local_id] = eid
            c.execute("INSERT OR IGNORE INTO article_entities(article, entity, local_id, mentions) VALUES (?, ?, ?, ?)",
                      (rowid, eid, e.local_id, len(e.mentions)))
            c.executemany('INSERT INTO mentions(article, entity, start, "end", text, kind) VALUES (?, ?, ?, ?, ?, ?)',
                          [(rowid, eid, *m) for m in e.mentions])
        for q in p.quotes:
            qcur = c.execute(
                'INSERT INTO quotes(article, idx, kind, start, "end", content, speaker, speaker_name, cue)'
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (rowid, q.idx, q.kind, q.start, q.end, q.content, local.get(q.speaker_local or ""),
                 q.speaker_name, q.cue),
            )
            c.executemany("INSERT OR IGNORE INTO quote_subjects(quote, entity) VALUES (?, ?)",
                          [(qcur.lastrowid, local[x]) for x in q.about_local if x in local])
        c.executemany(
            "INSERT INTO events(article, idx, type, mode, actor, actor_text, actor_country, target, target_text,"
            " target_country, location_text, location_country, date, start, \"end\", evidence, negated, future,"
            " hypothetical, quantity) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(rowid, v.idx, v.type, v.mode, local.get(v.actor_local or ""), v.actor_text, v.actor_country,
              local.get(v.target_local or ""), v.target_text, v.target_country, v.location_text,
              v.location_country, v.date, v.start, v.end, v.evidence, int(v.negated), int(v.future),
              int(v.hypothetical), v.quantity) for v in p.events],
        )
        c.executemany('INSERT INTO dates(article, start, "end", text, value, granularity, role)'
                      " VALUES (?, ?, ?, ?, ?, ?, ?)", [(rowid, *d) for d in p.dates])
        return True

    # ---------------------------------------------------------------- reading

    def get_article(self, article_id: str) -> dict[str, Any] | None:
        row = self.conn.execute(
            "SELECT a.rowid, a.record, a.added_at, d.grp, s.story FROM articles a"
            " LEFT JOIN dup_groups d ON d.article = a.rowid LEFT JOIN stories s ON s.article = a.rowid"
            " WHERE a.id = ?", (article_id,)).fetchone()
        if row is None:
            return None
        record = json.loads(unpack_record(row["record"]))
        record["store"] = {"added_at": row["added_at"], "duplicate_group": row["grp"], "story": row["story"]}
        return dict(record)

    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    def _filter_sql(self, f: Filters | None) -> tuple[str, list[Any]]:
        return filter_sql(f, "?", "a.outlet = {ph} COLLATE NOCASE")

    def _rows(self, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
        """One statement's rows as dicts (none for a statement that returns no rows)."""
        cur = self.conn.execute(sql, list(params))
        return [dict(r) for r in cur.fetchall()] if cur.description else []

    def _hit_set(self, query: str, filters: Filters | None) -> tuple[str, list[Any]]:
        """SQL selecting the rowid of every article matching ``query`` and ``filters`` (no order, no page)."""
        q = parse_query(query)
        where, params = self._filter_sql(filters)
        if q.is_empty():
            if not query.strip() and where:
                return f"SELECT a.rowid FROM articles a WHERE 1 = 1{where}", params
            raise QueryError(f"query {query!r} has no words to search for")
        return ("SELECT a.rowid FROM article_fts JOIN articles a ON a.rowid = article_fts.rowid"
                f" WHERE article_fts MATCH ?{where}", [fts5_expression(q), *params])

    def search(self, query: str, filters: Filters | None = None, limit: int = 20, offset: int = 0,
               sort: str = "relevance") -> dict[str, Any]:
        """BM25-ranked articles for ``query`` (see :mod:`rasd.store.query`), with snippets;
        ``sort="date"`` puts the newest first (undated last)."""
        q = parse_query(query)
        where, params = self._filter_sql(filters)
        cols = "a.id, a.title, a.outlet, a.date, a.url, a.text"
        if q.is_empty():
            if not query.strip() and filters is not None and where:
                sql = (f"SELECT {cols}, NULL AS score FROM articles a WHERE 1 = 1{where}"
                       " ORDER BY a.date IS NULL, a.date DESC, a.rowid")
                total_sql = f"SELECT count(*) FROM articles a WHERE 1 = 1{where}"
                rows = self.conn.execute(f"{sql} LIMIT ? OFFSET ?", [*params, limit, offset]).fetchall()
                total = self.conn.execute(total_sql, params).fetchone()[0]
                return self._results(query, q, rows, total, filters, limit, offset)
            raise QueryError(f"query {query!r} has no words to search for")
        match = fts5_expression(q)
        base = f"FROM article_fts JOIN articles a ON a.rowid = article_fts.rowid WHERE article_fts MATCH ?{where}"
        order = "a.date IS NULL, a.date DESC, score" if sort == "date" else "score"
        try:
            rows = self.conn.execute(
                f"SELECT {cols}, bm25(article_fts, ?, ?) AS score {base} ORDER BY {order} LIMIT ? OFFSET ?",
                [*BM25_WEIGHTS, match, *params, limit, offset]).fetchall()
            total = self.conn.execute(f"SELECT count(*) {base}", [match, *params]).fetchone()[0]
        except sqlite3.OperationalError as exc:
            raise QueryError(f"query {query!r} could not be run ({exc})") from exc
        return self._results(query, q, rows, total, filters, limit, offset)

    def search_facets(self, query: str, filters: Filters | None = None, size: int = FACET_SIZE) -> dict[str, Any]:
        """Counts of the matches per outlet, entity, label and day (aggregate queries over the hit set)."""
        hits, params = self._hit_set(query, filters)
        try:
            return search_facets(self._rows, "?", hits, params, size)
        except sqlite3.OperationalError as exc:
            raise QueryError(f"query {query!r} could not be run ({exc})") from exc

    @staticmethod
    def _results(query: str, q: Any, rows: list[sqlite3.Row], total: int, filters: Filters | None,
                 limit: int, offset: int) -> dict[str, Any]:
        hits = []
        for r in rows:
            hits.append({
                "id": r["id"], "title": r["title"], "outlet": r["outlet"], "date": r["date"], "url": r["url"],
                "score": None if r["score"] is None else round(-float(r["score"]), 4),
                "snippet": snippet(r["text"], q),
            })
        return {"query": query, "filters": _filters_dict(filters), "total": int(total), "limit": limit,
                "offset": offset, "hits": hits}

    # ---------------------------------------------------------------- entities

    def _find_entities(self, name: str) -> list[sqlite3.Row]:
        norm = entity_key(name, "", None)[0]
        if not norm.strip() or "\x00" in norm:  # a lone diacritic, NUL...: LIKE would match every entity
            return []
        rows = self.conn.execute(
            "SELECT e.*, count(DISTINCT ae.article) AS n_articles, coalesce(sum(ae.mentions), 0) AS n_mentions"
            " FROM entities e LEFT JOIN article_entities ae ON ae.entity = e.id"
            " WHERE e.norm = ? GROUP BY e.id ORDER BY n_articles DESC, e.id", (norm,)).fetchall()
        if not rows:
            rows = self.conn.execute(
                "SELECT e.*, count(DISTINCT ae.article) AS n_articles, coalesce(sum(ae.mentions), 0) AS n_mentions"
                " FROM entities e LEFT JOIN article_entities ae ON ae.entity = e.id"
                " WHERE e.norm LIKE ? ESCAPE '\\' GROUP BY e.id ORDER BY n_articles DESC, e.id LIMIT 10",
                ("%" + norm.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%",)).fetchall()
        return rows

    @staticmethod
    def _entity_dict(r: sqlite3.Row) -> dict[str, Any]:
        return {"id": r["id"], "name": r["canonical"], "label": r["label"], "country": r["country"] or None,
                "en": r["en"], "articles": r["n_articles"], "mentions": r["n_mentions"]}

    def entity_view(self, name: str, limit: int = 20) -> dict[str, Any]:
        """Mentions per day, quotes by and about, co-occurring entities and articles of one entity."""
        found = self._find_entities(name)
        if not found:
            raise StoreError(f"no entity named {name!r} in {self.path}; try a shorter or differently spelt name")
        ent = found[0]
        eid = ent["id"]
        c = self.conn
        per_day = [{"date": r[0], "mentions": r[1], "articles": r[2]} for r in c.execute(
            "SELECT a.date, sum(ae.mentions), count(*) FROM article_entities ae JOIN articles a ON a.rowid = ae.article"
            " WHERE ae.entity = ? AND a.date IS NOT NULL GROUP BY a.date ORDER BY a.date", (eid,))]
        quote_cols = ('SELECT a.id AS article, a.date, a.outlet, q.kind, q.content, q.start, q."end", q.speaker_name,'
                      " q.cue FROM quotes q JOIN articles a ON a.rowid = q.article")
        by = [dict(r) for r in c.execute(f"{quote_cols} WHERE q.speaker = ? ORDER BY a.date, q.article, q.idx LIMIT ?",
                                         (eid, limit))]
        about = [dict(r) for r in c.execute(
            f"{quote_cols} JOIN quote_subjects s ON s.quote = q.id WHERE s.entity = ?"
            " ORDER BY a.date, q.article, q.idx LIMIT ?", (eid, limit))]
        co = [{"id": r["id"], "name": r["canonical"], "label": r["label"], "country": r["country"] or None,
               "articles": r["n"]} for r in c.execute(
            "SELECT e.id, e.canonical, e.label, e.country, count(DISTINCT o.article) AS n FROM article_entities me"
            " JOIN article_entities o ON o.article = me.article AND o.entity != me.entity"
            " JOIN entities e ON e.id = o.entity WHERE me.entity = ? GROUP BY e.id ORDER BY n DESC, e.id LIMIT ?",
            (eid, limit))]
        arts = [dict(r) for r in c.execute(
            "SELECT a.id, a.title, a.date, a.outlet, ae.mentions FROM article_entities ae"
            " JOIN articles a ON a.rowid = ae.article WHERE ae.entity = ? ORDER BY a.date DESC, a.rowid LIMIT ?",
            (eid, limit))]
        return {"entity": self._entity_dict(ent), "alternatives": [self._entity_dict(r) for r in found[1:]],
                "per_day": per_day, "quotes_by": by, "quotes_about": about, "cooccurring": co, "articles": arts}

    def quotes(self, speaker: str, limit: int = 50) -> list[dict[str, Any]]:
        """Quotes whose speaker is the entity named ``speaker`` (or whose speaker name matches)."""
        ids = [r["id"] for r in self._find_entities(speaker)]
        marks = ",".join("?" * len(ids)) or "NULL"
        return [dict(r) for r in self.conn.execute(
            'SELECT a.id AS article, a.date, a.outlet, q.kind, q.content, q.start, q."end", q.speaker_name, q.cue'
            f" FROM quotes q JOIN articles a ON a.rowid = q.article WHERE q.speaker IN ({marks})"
            " ORDER BY a.date, q.article, q.idx LIMIT ?", [*ids, limit])]

    # ---------------------------------------------------------------- small reads for pages

    def entity_by_id(self, entity_id: int) -> dict[str, Any] | None:
        """One store entity by id: ``{"id", "canonical", "label", "country", "en"}``, or None."""
        if not -(2**63) <= entity_id < 2**63:  # not a 64-bit integer: no such row (and no driver error)
            return None
        r = self.conn.execute("SELECT id, canonical, label, country, en FROM entities WHERE id = ?",
                              (entity_id,)).fetchone()
        return dict(r) if r is not None else None

    def article_entity_ids(self, article_id: str) -> dict[str, int]:
        """A record's local entity ids (``e1``...) mapped to store entity ids, for links."""
        rows = self.conn.execute(
            "SELECT ae.local_id, ae.entity FROM article_entities ae JOIN articles a ON a.rowid = ae.article"
            " WHERE a.id = ?", (article_id,))
        return {str(r[0]): int(r[1]) for r in rows}

    def article_titles(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """``{"id", "title", "date", "outlet"}`` of each stored article id (unknown ids are left out)."""
        out: dict[str, dict[str, Any]] = {}
        keys = list(ids)
        for i in range(0, len(keys), 500):  # SQLite caps the number of bound parameters
            chunk = keys[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for r in self.conn.execute(f"SELECT id, title, date, outlet FROM articles WHERE id IN ({marks})", chunk):
                out[r["id"]] = dict(r)
        return out

    def latest_articles(self, limit: int = 12) -> list[dict[str, Any]]:
        """The most recent articles by date (undated last), then by when they were stored."""
        return [dict(r) for r in self.conn.execute(
            "SELECT id, title, date, outlet FROM articles ORDER BY date IS NULL, date DESC, rowid DESC LIMIT ?",
            (limit,))]

    def top_entities(self, limit: int = 30) -> list[dict[str, Any]]:
        """Entities in the most articles: ``{"id", "name", "label", "articles"}``."""
        return [dict(r) for r in self.conn.execute(
            "SELECT e.id, e.canonical AS name, e.label, count(*) AS articles FROM article_entities ae"
            " JOIN entities e ON e.id = ae.entity GROUP BY e.id ORDER BY articles DESC, e.id LIMIT ?", (limit,))]

    def top_speakers(self, limit: int = 30) -> list[dict[str, Any]]:
        """Entities quoted most often: ``{"id", "name", "label", "quotes"}``."""
        return [dict(r) for r in self.conn.execute(
            "SELECT e.id, e.canonical AS name, e.label, count(*) AS quotes FROM quotes q JOIN entities e"
            " ON e.id = q.speaker GROUP BY e.id ORDER BY quotes DESC, e.id LIMIT ?", (limit,))]

    # ---------------------------------------------------------------- clusters

    def pending_work(self) -> dict[str, int]:
        """Derived work still owed, by task: ``{"clusters": articles added since}`` (empty: none)."""
        return {str(r[0]): int(r[1]) for r in self.conn.execute(
            "SELECT task, sum(articles) FROM pending_work GROUP BY task")}

    def finish_pending_work(self) -> dict[str, dict[str, int]]:
        """Do the derived work a killed or deferred writer left (see :mod:`rasd.store.pending`)."""
        return finish_pending_work(self)

    def refresh_clusters(self) -> dict[str, int]:
        """Recompute near-duplicate groups and stories over the whole store.

        Clears the pending-work rows it saw before reading, in the transaction that
        writes the result: rows written meanwhile by another writer stay owed.
        """
        from rasd.store.dedup import near_duplicate_groups
        from rasd.store.stories import StoryInput, cluster_stories

        c = self.conn
        # one writer at a time gives ids in commit order: the rows up to this one are the ones seen
        owed = c.execute("SELECT coalesce(max(id), 0) FROM pending_work WHERE task = 'clusters'").fetchone()[0]
        crash_point("clusters.start")
        sigs = ((r[0], r[1]) for r in c.execute("SELECT article, minhash FROM signatures ORDER BY article"))
        groups = near_duplicate_groups(sigs)
        crash_point("clusters.duplicates")
        inputs = (StoryInput(r[0], r[1], r[2].split(), groups.get(r[0])) for r in c.execute(
            "SELECT a.rowid, a.date, s.lead FROM articles a JOIN signatures s ON s.article = a.rowid"
            " ORDER BY coalesce(a.date, ''), a.rowid"))
        stories = cluster_stories(inputs)
        crash_point("clusters.stories")
        c.execute("BEGIN IMMEDIATE")
        try:
            c.execute("DELETE FROM dup_groups")
            c.execute("DELETE FROM stories")
            crash_point("clusters.cleared")
            c.executemany("INSERT INTO dup_groups(article, grp) VALUES (?, ?)", groups.items())
            c.executemany("INSERT INTO stories(article, story, score) VALUES (?, ?, ?)",
                          ((a, s, score) for a, (s, score) in stories.items()))
            c.execute("INSERT INTO meta(key, value) VALUES ('clusters_at_count', ?)"
                      " ON CONFLICT(key) DO UPDATE SET value = excluded.value", (str(self.count()),))
            c.execute("DELETE FROM pending_work WHERE task = 'clusters' AND id <= ?", (owed,))
            crash_point("clusters.written")
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise
        crash_point("clusters.committed")
        return {"duplicate_groups": len(set(groups.values())), "articles_in_duplicate_groups": len(groups),
                "stories": len({s for s, _ in stories.values()}),
                # what `rasd stories` lists: a story of one article is that article alone
                "stories_of_2_or_more": sum(1 for n in Counter(s for s, _ in stories.values()).values() if n >= 2)}

    def stories(self, min_size: int = 2, limit: int = 50) -> list[dict[str, Any]]:
        """Stories with at least ``min_size`` articles, largest first."""
        out = []
        for r in self.conn.execute(
                "SELECT s.story, count(*) AS size, count(DISTINCT a.outlet) AS n_outlets, min(a.date) AS first,"
                " max(a.date) AS last FROM stories s JOIN articles a ON a.rowid = s.article GROUP BY s.story"
                " HAVING size >= ? ORDER BY size DESC, first, s.story LIMIT ?", (min_size, limit)):
            rep = self.conn.execute(
                "SELECT a.id, a.title FROM stories s JOIN articles a ON a.rowid = s.article WHERE s.story = ?"
                " ORDER BY s.score DESC, a.rowid LIMIT 1", (r["story"],)).fetchone()
            outlets = [x[0] for x in self.conn.execute(
                "SELECT a.outlet, count(*) AS n FROM stories s JOIN articles a ON a.rowid = s.article"
                " WHERE s.story = ? AND a.outlet IS NOT NULL GROUP BY a.outlet ORDER BY n DESC, a.outlet",
                (r["story"],))]
            members = [x[0] for x in self.conn.execute(
                "SELECT a.id FROM stories s JOIN articles a ON a.rowid = s.article WHERE s.story = ?"
                " ORDER BY a.date, a.rowid", (r["story"],))]
            out.append({"story": r["story"], "size": r["size"], "outlets": outlets, "first_date": r["first"],
                        "last_date": r["last"], "headline": rep["title"], "representative": rep["id"],
                        "articles": members})
        return out

    def duplicate_groups(self) -> list[list[str]]:
        """Near-duplicate groups as lists of article ids."""
        out: dict[int, list[str]] = {}
        for grp, aid in self.conn.execute(
                "SELECT d.grp, a.id FROM dup_groups d JOIN articles a ON a.rowid = d.article ORDER BY d.grp, a.rowid"):
            out.setdefault(grp, []).append(aid)
        return list(out.values())

    # ---------------------------------------------------------------- export

    def iter_table(self, name: str) -> Iterator[dict[str, Any]]:
        if name not in _EXPORT_SQL:
            raise StoreError(f"no export table {name!r}; tables are: {', '.join(EXPORT_TABLES)}")
        for r in self.conn.execute(_EXPORT_SQL[name]):
            yield dict(r)

    def table_columns(self, name: str) -> list[str]:
        """The column names of an export table."""
        if name not in _EXPORT_SQL:
            raise StoreError(f"no export table {name!r}; tables are: {', '.join(EXPORT_TABLES)}")
        cur = self.conn.execute(_EXPORT_SQL[name] + " LIMIT 0")
        return [d[0] for d in cur.description]

    def iter_records(self) -> Iterator[str]:
        for (rec,) in self.conn.execute("SELECT record FROM articles ORDER BY rowid"):
            yield unpack_record(rec)

    def stats(self) -> dict[str, Any]:
        c = self.conn
        n = {t: c.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
             for t in ("articles", "entities", "mentions", "quotes", "events", "dates")}
        n["schema_version"] = self.schema_version()
        n["path"] = self.path
        return n

    def coverage(self, outlets: int = 50) -> dict[str, Any]:
        """What the date and outlet views can work with: ``{"articles", "dated", "with_outlet",
        "outlets": [{"outlet", "articles"}]}`` (the most frequent ``outlets`` outlets), so a
        page can say why a timeline, the stories or a filter come out empty."""
        row = self.conn.execute("SELECT count(*), count(NULLIF(date, '')), count(NULLIF(outlet, ''))"
                                " FROM articles").fetchone()
        top = [dict(r) for r in self.conn.execute(
            "SELECT outlet, count(*) AS articles FROM articles WHERE NULLIF(outlet, '') IS NOT NULL"
            " GROUP BY outlet ORDER BY articles DESC, outlet LIMIT ?", (outlets,))]
        return {"articles": int(row[0]), "dated": int(row[1]), "with_outlet": int(row[2]), "outlets": top}

    def integrity_check(self) -> str:
        return str(self.conn.execute("PRAGMA integrity_check").fetchone()[0])

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _filters_dict(f: Filters | None) -> dict[str, Any]:
    if f is None:
        return {}
    return {k: getattr(f, k) for k in FILTER_KEYS if getattr(f, k) is not None and getattr(f, k) != ""}



def _split_sql(script: str) -> list[str]:
    """The statements of a migration script, split where SQLite says one is complete."""
    out, cur = [], ""
    for line in script.splitlines(keepends=True):
        cur += line
        if sqlite3.complete_statement(cur):
            out.append(cur.strip())
            cur = ""
    if cur.strip() and not all(ln.strip().startswith("--") or not ln.strip() for ln in cur.splitlines()):
        out.append(cur.strip())
    return out
