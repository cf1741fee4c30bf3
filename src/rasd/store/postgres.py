"""The PostgreSQL corpus store: the store many workers and many API readers share.

It implements the same :class:`rasd.store.base.Store` methods as the SQLite store
and returns the same dicts.  What differs, and why:

* Search.  rasd computes the index terms (:mod:`rasd.store.terms`: normalised,
  clitic-stripped, spelling-folded), exactly as for SQLite, and this module writes
  them with their word positions as a ``tsvector`` literal (title words weighted
  A, body words D, a gap between the two so a phrase never spans them).  No
  PostgreSQL text-search parser or dictionary touches Arabic, so both backends
  index identical terms.  Queries become ``tsquery`` literals from the same parsed
  :class:`rasd.store.query.Query` (``<->`` for phrases, ``:*`` for prefixes), a GIN
  index answers them, ``ts_rank`` orders them, and snippets come from the same
  :func:`rasd.store.query.snippet` over the stored original text.
* Writes.  A batch is one transaction.  Articles go in with ``ON CONFLICT (id) DO
  NOTHING`` (the id is the content hash), so writing a batch twice, from a retried
  worker or a second ingest, stores each article once.  Rows are written in batch
  order as SQLite does (so one writer gives both backends the same ids); known
  entities are read without locks, and the deadlock that two writers adding the
  same new rows in opposite orders can meet is retried.
  Child rows go in with ``COPY``.
* Migrations.  The numbered steps of ``migrations/postgres`` mirror those of
  ``migrations/sqlite``, recorded in the same ``schema_migrations`` table; an
  advisory lock lets many workers open a fresh database at once.

The URL is a libpq URL; ``?options=-csearch_path%3Dname`` keeps a corpus in its
own schema (the schema must exist).
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
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
from rasd.store.query import Clause, Query, QueryError, filter_sql, parse_query, snippet
from rasd.store.rows import PreparedArticle, entity_key, prepare

#: ts_rank weights for {D, C, B, A}: body words 1, title words 3 (as SQLite's BM25 weights).
RANK_WEIGHTS = "{0.1, 0, 0, 0.3}"
#: ts_rank normalisation: divide by 1 + log(document length), as BM25 damps long documents.
RANK_NORMALIZATION = 1
#: PostgreSQL keeps positions up to this value and at most 255 per lexeme.
MAX_POSITION = 16383
MAX_POSITIONS_PER_TERM = 255
#: Longer lexemes are refused by PostgreSQL (2 KiB); no real word is this long.
MAX_TERM_BYTES = 2000
#: Advisory lock key held while migrating ("rasd" in ASCII).
MIGRATION_LOCK = 0x72617364
RETRIES = 5

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

_PASSWORD = re.compile(r"(://[^:/@]*:)[^@]*@")


def redact(url: str) -> str:
    """``url`` with any password replaced, for messages and ``stats()``."""
    return _PASSWORD.sub(r"\1***@", url)


# ------------------------------------------------------------------ search terms


def _lexeme(term: str) -> str:
    """One quoted lexeme for a tsvector or tsquery literal (quote and backslash escaped)."""
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def _usable(term: str) -> bool:
    return bool(term) and len(term.encode("utf-8")) <= MAX_TERM_BYTES


def tsvector_literal(index_title: str, index_body: str) -> str:
    """The tsvector of an article from rasd's index terms (see the module docstring).

    Title terms are at positions 1..n with weight A; body terms start two positions
    later with weight D, so no phrase can match across the two.
    """
    positions: dict[str, list[str]] = {}
    pos = 0
    for weight, text in (("A", index_title), ("", index_body)):
        for t in text.split():
            pos += 1
            if not _usable(t):
                continue
            have = positions.setdefault(t, [])
            if len(have) < MAX_POSITIONS_PER_TERM and pos <= MAX_POSITION:
                have.append(f"{pos}{weight}")
        pos += 1  # the gap between title and body
    return " ".join(f"{_lexeme(t)}:{','.join(ps)}" if ps else _lexeme(t) for t, ps in positions.items())


def _clause_tsquery(c: Clause) -> str | None:
    terms = [t for t in c.terms if _usable(t)]
    if not terms:
        return None
    parts = [_lexeme(t) for t in terms]
    if c.prefix and terms[-1] == c.terms[-1]:
        parts[-1] += ":*"
    expr = " <-> ".join(parts)
    return f"({expr})" if len(parts) > 1 else expr


def tsquery_literal(q: Query) -> str:
    """The tsquery for a parsed query: clauses ANDed, ``-`` as ``!``, groups ORed.

    Every term is a quoted lexeme, so nothing a user types can change the query's shape.
    """
    groups = []
    for g in q.groups:
        pos = [x for x in (_clause_tsquery(c) for c in g if not c.negated) if x]
        if not pos:
            continue
        neg = [x for x in (_clause_tsquery(c) for c in g if c.negated) if x]
        groups.append("(" + " & ".join(pos + [f"!{x}" for x in neg]) + ")")
    if not groups:
        raise QueryError(f"query {q.text!r} has no words to search for")
    return " | ".join(groups)


# ------------------------------------------------------------------ the store


class PostgresStore(FeedStateStore, DeskViewsStore):
    """The shared store (see the module docstring)."""

    backend = "postgres"
    _ph = "%s"

    def __init__(self, url: str) -> None:
        import psycopg
        from psycopg.rows import dict_row

        self.url = url
        self.path = redact(url)
        self._streams = 0
        try:
            self.conn = psycopg.connect(url, autocommit=True, row_factory=dict_row)
        except psycopg.Error as exc:
            raise StoreError(f"{self.path}: cannot connect to PostgreSQL ({exc}); check the URL, the server "
                             "and its pg_hba.conf") from exc
        self.migrate()

    # ---------------------------------------------------------------- schema

    def migrate(self) -> list[int]:
        """Apply the migrations not yet recorded; return the versions applied."""
        import psycopg

        applied: list[int] = []
        c = self.conn
        try:
            with c.transaction():
                c.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
                c.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
                          " name TEXT NOT NULL, applied_at TEXT NOT NULL DEFAULT"
                          " to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))")
                done = {r["version"] for r in c.execute("SELECT version FROM schema_migrations")}
                for step in migrate.discover("postgres"):
                    if step.version in done:
                        continue
                    with c.transaction():
                        if step.kind == "sql":
                            c.execute(step.body.encode("utf-8"))
                        else:
                            migrate.load_py_step(step.body)(c)
                        c.execute("INSERT INTO schema_migrations(version, name) VALUES (%s, %s)",
                                  (step.version, step.name))
                    applied.append(step.version)
        except psycopg.Error as exc:
            raise StoreError(f"{self.path}: migration failed: {exc}") from exc
        return applied

    def schema_version(self) -> int:
        row = self.conn.execute("SELECT max(version) AS v FROM schema_migrations").fetchone()
        return int(row["v"] or 0) if row else 0

    # ---------------------------------------------------------------- writing

    def has_article(self, article_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM articles WHERE id = %s", (article_id,)).fetchone() is not None

    def add_articles(self, batch: Iterable[PreparedArticle | Article]) -> AddResult:
        """Store ``batch`` in one transaction; articles already stored are skipped."""
        import psycopg

        rows = [prepare(a) if isinstance(a, Article) else a for a in batch]
        for attempt in range(RETRIES):
            try:
                with self.conn.transaction():
                    added = self._insert_batch(rows)
                    if added:  # the clusters now owe these articles: recorded with them (rasd.store.pending)
                        self.conn.execute("INSERT INTO pending_work(task, articles) VALUES ('clusters', %s)",
                                          (added,))
                    crash_point("store.batch")
                return AddResult(added, len(rows) - added)
            except (psycopg.errors.DeadlockDetected, psycopg.errors.SerializationFailure):
                if attempt == RETRIES - 1:
                    raise
                time.sleep(0.05 * (2 ** attempt))
        raise AssertionError("unreachable")

    def _insert_batch(self, rows: list[PreparedArticle]) -> int:
        c = self.conn
        # one row per id (a batch may repeat an article), in batch order as SQLite writes them
        unique: dict[str, PreparedArticle] = {}
        for p in rows:
            unique.setdefault(p.id, p)
        ordered = list(unique.values())
        if not ordered:
            return 0
        cols = ("id", "title", "outlet", "url", "path", "author", "date", "text", "record")
        inserted = c.execute(
            "INSERT INTO articles(id, title, outlet, url, path, author, date, text, record, tsv)"
            " SELECT id, title, outlet, url, path, author, date, text, record, tsv FROM unnest(%s::text[],"
            " %s::text[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[],"
            " %s::tsvector[]) WITH ORDINALITY AS u(id, title, outlet, url, path, author, date, text, record, tsv, n)"
            " ORDER BY n ON CONFLICT (id) DO NOTHING RETURNING rowid, id",
            [[getattr(p, k) for p in ordered] for k in cols]
            + [[tsvector_literal(p.index_title, p.index_body) for p in ordered]],
            binary=True,  # arrays of long texts: binary transfer needs no escaping
        ).fetchall()
        if not inserted:
            return 0
        rowid = {r["id"]: r["rowid"] for r in inserted}
        new = [p for p in ordered if p.id in rowid]
        entity_id = self._upsert_entities(new)
        quote_ids = self._insert_quotes(new, rowid, entity_id)
        cur = c.cursor()
        with cur.copy("COPY signatures (article, minhash, lead) FROM STDIN") as cp:
            for p in new:
                cp.write_row((rowid[p.id], p.minhash, p.lead_terms))
        with cur.copy("COPY article_entities (article, entity, local_id, mentions) FROM STDIN") as cp:
            for p in new:
                seen: set[str] = set()
                for e in p.entities:
                    if e.local_id not in seen:  # as SQLite's INSERT OR IGNORE on (article, local_id)
                        seen.add(e.local_id)
                        cp.write_row((rowid[p.id], entity_id[e.key], e.local_id, len(e.mentions)))
        with cur.copy('COPY mentions (article, entity, start, "end", text, kind) FROM STDIN') as cp:
            for p in new:
                for e in p.entities:
                    for m in e.mentions:
                        cp.write_row((rowid[p.id], entity_id[e.key], *m))
        with cur.copy("COPY quote_subjects (quote, entity) FROM STDIN") as cp:
            for p in new:
                local = _local_ids(p, entity_id)
                for q in p.quotes:
                    for ent in sorted({local[x] for x in q.about_local if x in local}):
                        cp.write_row((quote_ids[(rowid[p.id], q.idx)], ent))
        with cur.copy("COPY events (article, idx, type, mode, actor, actor_text, actor_country, target, target_text,"
                      " target_country, location_text, location_country, date, start, \"end\", evidence, negated,"
                      " future, hypothetical, quantity) FROM STDIN") as cp:
            for p in new:
                local = _local_ids(p, entity_id)
                for v in p.events:
                    cp.write_row((rowid[p.id], v.idx, v.type, v.mode, local.get(v.actor_local or ""), v.actor_text,
                                  v.actor_country, local.get(v.target_local or ""), v.target_text, v.target_country,
                                  v.location_text, v.location_country, v.date, v.start, v.end, v.evidence,
                                  int(v.negated), int(v.future), int(v.hypothetical), v.quantity))
        with cur.copy('COPY dates (article, start, "end", text, value, granularity, role) FROM STDIN') as cp:
            for p in new:
                for d in p.dates:
                    cp.write_row((rowid[p.id], *d))
        return len(new)

    def _upsert_entities(self, new: list[PreparedArticle]) -> dict[tuple[str, str, str], int]:
        """Ids of every entity key of ``new``, creating the missing ones (canonical name
        from the first article that names it, English name from the first that has one)."""
        first: dict[tuple[str, str, str], list[str | None]] = {}
        for p in new:
            for e in p.entities:
                have = first.setdefault(e.key, [e.canonical, e.en])
                if have[1] is None and e.en is not None:
                    have[1] = e.en
        if not first:
            return {}

        def columns(keys: list[tuple[str, str, str]]) -> list[list[Any]]:
            return [[k[0] for k in keys], [k[1] for k in keys], [k[2] for k in keys],
                    [first[k][0] for k in keys], [first[k][1] for k in keys]]

        select = ("SELECT e.id, e.norm, e.label, e.country, e.en FROM entities e"
                  " JOIN unnest(%s::text[], %s::text[], %s::text[]) AS k(norm, label, country)"
                  " ON e.norm = k.norm AND e.label = k.label AND e.country = k.country")
        # known entities are read without locking them: most entities of a big corpus are known
        known = {(r["norm"], r["label"], r["country"]): r for r in self.conn.execute(
            select, columns(list(first))[:3]).fetchall()}
        missing = [k for k in first if k not in known]  # first-seen order, so ids follow it as in SQLite
        if missing:
            self.conn.execute(
                "INSERT INTO entities(norm, label, country, canonical, en) SELECT norm, label, country, canonical, en"
                " FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[], %s::text[]) WITH ORDINALITY"
                " AS u(norm, label, country, canonical, en, n) ORDER BY n"
                " ON CONFLICT (norm, label, country) DO NOTHING",
                columns(missing))
        fill_en = [k for k in known if known[k]["en"] is None and first[k][1] is not None]
        if fill_en:
            self.conn.execute(
                "UPDATE entities e SET en = u.en FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[],"
                " %s::text[]) AS u(norm, label, country, canonical, en) WHERE e.norm = u.norm AND e.label = u.label"
                " AND e.country = u.country AND e.en IS NULL", columns(fill_en))
        if missing:
            known.update({(r["norm"], r["label"], r["country"]): r for r in self.conn.execute(
                select, columns(missing)[:3]).fetchall()})
        return {k: r["id"] for k, r in known.items()}

    def _insert_quotes(self, new: list[PreparedArticle], rowid: dict[str, int],
                       entity_id: dict[tuple[str, str, str], int]) -> dict[tuple[int, int], int]:
        rows = []
        for p in new:
            local = _local_ids(p, entity_id)
            for q in p.quotes:
                rows.append((rowid[p.id], q.idx, q.kind, q.start, q.end, q.content,
                             local.get(q.speaker_local or ""), q.speaker_name, q.cue))
        if not rows:
            return {}
        got = self.conn.execute(
            'INSERT INTO quotes(article, idx, kind, start, "end", content, speaker, speaker_name, cue)'
            " SELECT * FROM unnest(%s::bigint[], %s::int[], %s::text[], %s::int[], %s::int[], %s::text[],"
            " %s::bigint[], %s::text[], %s::text[]) RETURNING id, article, idx",
            [list(col) for col in zip(*rows, strict=True)]).fetchall()
        return {(r["article"], r["idx"]): r["id"] for r in got}

    # ---------------------------------------------------------------- reading

    def get_article(self, article_id: str) -> dict[str, Any] | None:
        row = self.conn.execute(
            "SELECT a.record, a.added_at, d.grp, s.story FROM articles a"
            " LEFT JOIN dup_groups d ON d.article = a.rowid LEFT JOIN stories s ON s.article = a.rowid"
            " WHERE a.id = %s", (article_id,)).fetchone()
        if row is None:
            return None
        record = json.loads(row["record"])
        record["store"] = {"added_at": row["added_at"], "duplicate_group": row["grp"], "story": row["story"]}
        return dict(record)

    def count(self) -> int:
        row = self.conn.execute("SELECT count(*) AS n FROM articles").fetchone()
        return int(row["n"]) if row else 0

    def _filter_sql(self, f: Filters | None) -> tuple[str, list[Any]]:
        return filter_sql(f, "%s", "lower(a.outlet) = lower({ph})")

    def _rows(self, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
        """One statement's rows as dicts (none for a statement that returns no rows)."""
        cur = self.conn.execute(sql, list(params))
        return list(cur.fetchall()) if cur.description else []

    def _hit_set(self, query: str, filters: Filters | None) -> tuple[str, list[Any]]:
        """SQL selecting the rowid of every article matching ``query`` and ``filters`` (no order, no page)."""
        q = parse_query(query)
        where, params = self._filter_sql(filters)
        if q.is_empty():
            if not query.strip() and where:
                return f"SELECT a.rowid FROM articles a WHERE true{where}", params
            raise QueryError(f"query {query!r} has no words to search for")
        return f"SELECT a.rowid FROM articles a WHERE a.tsv @@ %s::tsquery{where}", [tsquery_literal(q), *params]

    def search(self, query: str, filters: Filters | None = None, limit: int = 20, offset: int = 0,
               sort: str = "relevance") -> dict[str, Any]:
        """Ranked articles for ``query`` (see :mod:`rasd.store.query`), with snippets;
        ``sort="date"`` puts the newest first (undated last)."""
        import psycopg

        q = parse_query(query)
        where, params = self._filter_sql(filters)
        cols = "a.id, a.title, a.outlet, a.date, a.url, a.text"
        c = self.conn
        if q.is_empty():
            if not query.strip() and filters is not None and where:
                rows = c.execute(f"SELECT {cols}, NULL::real AS score FROM articles a WHERE true{where}"
                                 " ORDER BY a.date DESC NULLS LAST, a.rowid LIMIT %s OFFSET %s",
                                 [*params, limit, offset]).fetchall()
                total = c.execute(f"SELECT count(*) AS n FROM articles a WHERE true{where}", params).fetchone()
                return _results(query, q, rows, int(total["n"]) if total else 0, filters, limit, offset)
            raise QueryError(f"query {query!r} has no words to search for")
        tsq = tsquery_literal(q)
        base = f"FROM articles a WHERE a.tsv @@ %s::tsquery{where}"
        order = "a.date DESC NULLS LAST, score DESC, a.rowid" if sort == "date" else "score DESC, a.rowid"
        try:
            rows = c.execute(
                f"SELECT {cols}, ts_rank(%s::real[], a.tsv, %s::tsquery, %s) AS score {base}"
                f" ORDER BY {order} LIMIT %s OFFSET %s",
                [RANK_WEIGHTS, tsq, RANK_NORMALIZATION, tsq, *params, limit, offset]).fetchall()
            total = c.execute(f"SELECT count(*) AS n {base}", [tsq, *params]).fetchone()
        except psycopg.Error as exc:
            raise QueryError(f"query {query!r} could not be run ({exc})") from exc
        return _results(query, q, rows, int(total["n"]) if total else 0, filters, limit, offset)

    def search_facets(self, query: str, filters: Filters | None = None, size: int = FACET_SIZE) -> dict[str, Any]:
        """Counts of the matches per outlet, entity, label and day (aggregate queries over the hit set)."""
        import psycopg

        hits, params = self._hit_set(query, filters)
        try:
            return search_facets(self._rows, "%s", hits, params, size)
        except psycopg.Error as exc:
            raise QueryError(f"query {query!r} could not be run ({exc})") from exc

    # ---------------------------------------------------------------- entities

    _ENTITY_COLS = ("SELECT e.id, e.norm, e.label, e.country, e.canonical, e.en,"
                    " count(DISTINCT ae.article) AS n_articles, coalesce(sum(ae.mentions), 0) AS n_mentions"
                    " FROM entities e LEFT JOIN article_entities ae ON ae.entity = e.id")

    def _find_entities(self, name: str) -> list[dict[str, Any]]:
        norm = entity_key(name, "", None)[0]
        if not norm.strip() or "\x00" in norm:  # a lone diacritic, NUL...: LIKE would match every entity
            return []
        rows = self.conn.execute(
            f"{self._ENTITY_COLS} WHERE e.norm = %s GROUP BY e.id ORDER BY n_articles DESC, e.id", (norm,)).fetchall()
        if not rows:
            pattern = "%" + norm.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            rows = self.conn.execute(
                f"{self._ENTITY_COLS} WHERE e.norm ILIKE %s GROUP BY e.id ORDER BY n_articles DESC, e.id LIMIT 10",
                (pattern,)).fetchall()
        return rows

    @staticmethod
    def _entity_dict(r: dict[str, Any]) -> dict[str, Any]:
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
        per_day = [{"date": r["date"], "mentions": r["mentions"], "articles": r["articles"]} for r in c.execute(
            "SELECT a.date, sum(ae.mentions) AS mentions, count(*) AS articles FROM article_entities ae"
            " JOIN articles a ON a.rowid = ae.article WHERE ae.entity = %s AND a.date IS NOT NULL"
            " GROUP BY a.date ORDER BY a.date", (eid,))]
        quote_cols = ('SELECT a.id AS article, a.date, a.outlet, q.kind, q.content, q.start, q."end", q.speaker_name,'
                      " q.cue FROM quotes q JOIN articles a ON a.rowid = q.article")
        by = c.execute(f"{quote_cols} WHERE q.speaker = %s ORDER BY a.date NULLS FIRST, q.article, q.idx LIMIT %s",
                       (eid, limit)).fetchall()
        about = c.execute(
            f"{quote_cols} JOIN quote_subjects s ON s.quote = q.id WHERE s.entity = %s"
            " ORDER BY a.date NULLS FIRST, q.article, q.idx LIMIT %s", (eid, limit)).fetchall()
        co = [{"id": r["id"], "name": r["canonical"], "label": r["label"], "country": r["country"] or None,
               "articles": r["n"]} for r in c.execute(
            "SELECT e.id, e.canonical, e.label, e.country, count(DISTINCT o.article) AS n FROM article_entities me"
            " JOIN article_entities o ON o.article = me.article AND o.entity != me.entity"
            " JOIN entities e ON e.id = o.entity WHERE me.entity = %s GROUP BY e.id ORDER BY n DESC, e.id LIMIT %s",
            (eid, limit))]
        arts = c.execute(
            "SELECT a.id, a.title, a.date, a.outlet, ae.mentions FROM article_entities ae"
            " JOIN articles a ON a.rowid = ae.article WHERE ae.entity = %s"
            " ORDER BY a.date DESC NULLS LAST, a.rowid LIMIT %s", (eid, limit)).fetchall()
        return {"entity": self._entity_dict(ent), "alternatives": [self._entity_dict(r) for r in found[1:]],
                "per_day": per_day, "quotes_by": by, "quotes_about": about, "cooccurring": co, "articles": arts}

    def quotes(self, speaker: str, limit: int = 50) -> list[dict[str, Any]]:
        """Quotes whose speaker is the entity named ``speaker``."""
        ids = [r["id"] for r in self._find_entities(speaker)]
        return self.conn.execute(
            'SELECT a.id AS article, a.date, a.outlet, q.kind, q.content, q.start, q."end", q.speaker_name, q.cue'
            " FROM quotes q JOIN articles a ON a.rowid = q.article WHERE q.speaker = ANY(%s::bigint[])"
            " ORDER BY a.date NULLS FIRST, q.article, q.idx LIMIT %s", (ids, limit)).fetchall()

    # ---------------------------------------------------------------- small reads for pages

    def entity_by_id(self, entity_id: int) -> dict[str, Any] | None:
        """One store entity by id: ``{"id", "canonical", "label", "country", "en"}``, or None."""
        if not -(2**63) <= entity_id < 2**63:  # not a 64-bit integer: no such row (and no driver error)
            return None
        row: dict[str, Any] | None = self.conn.execute(
            "SELECT id, canonical, label, country, en FROM entities WHERE id = %s", (entity_id,)).fetchone()
        return row

    def article_entity_ids(self, article_id: str) -> dict[str, int]:
        """A record's local entity ids (``e1``...) mapped to store entity ids, for links."""
        rows = self.conn.execute(
            "SELECT ae.local_id, ae.entity FROM article_entities ae JOIN articles a ON a.rowid = ae.article"
            " WHERE a.id = %s", (article_id,))
        return {str(r["local_id"]): int(r["entity"]) for r in rows}

    def article_titles(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """``{"id", "title", "date", "outlet"}`` of each stored article id (unknown ids are left out)."""
        rows = self.conn.execute("SELECT id, title, date, outlet FROM articles WHERE id = ANY(%s::text[])",
                                 (list(ids),))
        return {r["id"]: r for r in rows}

    def latest_articles(self, limit: int = 12) -> list[dict[str, Any]]:
        """The most recent articles by date (undated last), then by when they were stored."""
        return self.conn.execute(
            'SELECT id, title, date, outlet FROM articles ORDER BY date COLLATE "C" DESC NULLS LAST, rowid DESC'
            " LIMIT %s", (limit,)).fetchall()

    def top_entities(self, limit: int = 30) -> list[dict[str, Any]]:
        """Entities in the most articles: ``{"id", "name", "label", "articles"}``."""
        return self.conn.execute(
            "SELECT e.id, e.canonical AS name, e.label, count(*) AS articles FROM article_entities ae"
            " JOIN entities e ON e.id = ae.entity GROUP BY e.id ORDER BY articles DESC, e.id LIMIT %s",
            (limit,)).fetchall()

    def top_speakers(self, limit: int = 30) -> list[dict[str, Any]]:
        """Entities quoted most often: ``{"id", "name", "label", "quotes"}``."""
        return self.conn.execute(
            "SELECT e.id, e.canonical AS name, e.label, count(*) AS quotes FROM quotes q JOIN entities e"
            " ON e.id = q.speaker GROUP BY e.id ORDER BY quotes DESC, e.id LIMIT %s", (limit,)).fetchall()

    # ---------------------------------------------------------------- clusters

    def pending_work(self) -> dict[str, int]:
        """Derived work still owed, by task: ``{"clusters": articles added since}`` (empty: none)."""
        return {str(r["task"]): int(r["n"]) for r in self.conn.execute(
            "SELECT task, sum(articles) AS n FROM pending_work GROUP BY task")}

    def finish_pending_work(self) -> dict[str, dict[str, int]]:
        """Do the derived work a killed or deferred writer left (see :mod:`rasd.store.pending`)."""
        return finish_pending_work(self)

    def refresh_clusters(self) -> dict[str, int]:
        """Recompute near-duplicate groups and stories over the whole store.

        Clears the pending-work rows it saw before reading, in the transaction that
        writes the result: rows committed meanwhile by other writers stay owed.  (The
        rows seen are named one by one: identity values are taken at insert, not at
        commit, so "up to the largest seen" could clear a row committed later.)
        """
        from rasd.store.dedup import near_duplicate_groups
        from rasd.store.stories import StoryInput, cluster_stories

        owed = [r["id"] for r in self.conn.execute("SELECT id FROM pending_work WHERE task = 'clusters'")]
        crash_point("clusters.start")
        groups = near_duplicate_groups(
            (r["article"], bytes(r["minhash"])) for r in self._stream("SELECT article, minhash FROM signatures"
                                                                     " ORDER BY article"))
        crash_point("clusters.duplicates")
        inputs = (StoryInput(r["rowid"], r["date"], r["lead"].split(), groups.get(r["rowid"])) for r in self._stream(
            "SELECT a.rowid, a.date, s.lead FROM articles a JOIN signatures s ON s.article = a.rowid"
            " ORDER BY coalesce(a.date, '') COLLATE \"C\", a.rowid"))
        stories = cluster_stories(inputs)
        crash_point("clusters.stories")
        c = self.conn
        with c.transaction():
            c.execute("LOCK TABLE dup_groups, stories IN EXCLUSIVE MODE")
            c.execute("DELETE FROM dup_groups")
            c.execute("DELETE FROM stories")
            crash_point("clusters.cleared")
            cur = c.cursor()
            with cur.copy("COPY dup_groups (article, grp) FROM STDIN") as cp:
                for item in groups.items():
                    cp.write_row(item)
            with cur.copy("COPY stories (article, story, score) FROM STDIN") as cp:
                for a, (s, score) in stories.items():
                    cp.write_row((a, s, score))
            c.execute("INSERT INTO meta(key, value) VALUES ('clusters_at_count', %s)"
                      " ON CONFLICT (key) DO UPDATE SET value = excluded.value", (str(self.count()),))
            c.execute("DELETE FROM pending_work WHERE id = ANY(%s::bigint[])", (owed,))
            crash_point("clusters.written")
        crash_point("clusters.committed")
        return {"duplicate_groups": len(set(groups.values())), "articles_in_duplicate_groups": len(groups),
                "stories": len({s for s, _ in stories.values()}),
                # what `rasd stories` lists: a story of one article is that article alone
                "stories_of_2_or_more": sum(1 for n in Counter(s for s, _ in stories.values()).values() if n >= 2)}

    def stories(self, min_size: int = 2, limit: int = 50) -> list[dict[str, Any]]:
        """Stories with at least ``min_size`` articles, largest first."""
        c = self.conn
        out = []
        for r in c.execute(
                "SELECT s.story, count(*) AS size, count(DISTINCT a.outlet) AS n_outlets, min(a.date) AS first,"
                " max(a.date) AS last FROM stories s JOIN articles a ON a.rowid = s.article GROUP BY s.story"
                " HAVING count(*) >= %s ORDER BY size DESC, first NULLS FIRST, s.story LIMIT %s",
                (min_size, limit)).fetchall():
            rep = c.execute(
                "SELECT a.id, a.title FROM stories s JOIN articles a ON a.rowid = s.article WHERE s.story = %s"
                " ORDER BY s.score DESC, a.rowid LIMIT 1", (r["story"],)).fetchone()
            assert rep is not None
            outlets = [x["outlet"] for x in c.execute(
                "SELECT a.outlet, count(*) AS n FROM stories s JOIN articles a ON a.rowid = s.article"
                " WHERE s.story = %s AND a.outlet IS NOT NULL GROUP BY a.outlet ORDER BY n DESC, a.outlet",
                (r["story"],))]
            members = [x["id"] for x in c.execute(
                "SELECT a.id FROM stories s JOIN articles a ON a.rowid = s.article WHERE s.story = %s"
                " ORDER BY a.date NULLS FIRST, a.rowid", (r["story"],))]
            out.append({"story": r["story"], "size": r["size"], "outlets": outlets, "first_date": r["first"],
                        "last_date": r["last"], "headline": rep["title"], "representative": rep["id"],
                        "articles": members})
        return out

    def duplicate_groups(self) -> list[list[str]]:
        """Near-duplicate groups as lists of article ids."""
        out: dict[int, list[str]] = {}
        for r in self.conn.execute(
                "SELECT d.grp, a.id FROM dup_groups d JOIN articles a ON a.rowid = d.article ORDER BY d.grp, a.rowid"):
            out.setdefault(r["grp"], []).append(r["id"])
        return list(out.values())

    # ---------------------------------------------------------------- export

    def _stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[dict[str, Any]]:
        """Rows of ``sql`` through a server-side cursor: flat memory for any corpus size."""
        self._streams += 1
        with self.conn.transaction(), self.conn.cursor(name=f"rasd_stream_{self._streams}") as cur:
            cur.itersize = 2000
            cur.execute(sql, params)
            yield from cur

    def iter_table(self, name: str) -> Iterator[dict[str, Any]]:
        if name not in _EXPORT_SQL:
            raise StoreError(f"no export table {name!r}; tables are: {', '.join(EXPORT_TABLES)}")
        yield from self._stream(_EXPORT_SQL[name])

    def table_columns(self, name: str) -> list[str]:
        """The column names of an export table."""
        if name not in _EXPORT_SQL:
            raise StoreError(f"no export table {name!r}; tables are: {', '.join(EXPORT_TABLES)}")
        cur = self.conn.execute(_EXPORT_SQL[name] + " LIMIT 0")
        return [d.name for d in cur.description or ()]

    def iter_records(self) -> Iterator[str]:
        for r in self._stream("SELECT record FROM articles ORDER BY rowid"):
            yield r["record"]

    def stats(self) -> dict[str, Any]:
        c = self.conn
        n: dict[str, Any] = {}
        for t in ("articles", "entities", "mentions", "quotes", "events", "dates"):
            row = c.execute(f"SELECT count(*) AS n FROM {t}").fetchone()  # fixed table names
            n[t] = int(row["n"]) if row else 0
        n["schema_version"] = self.schema_version()
        n["path"] = self.path
        return n

    def coverage(self, outlets: int = 50) -> dict[str, Any]:
        """What the date and outlet views can work with: ``{"articles", "dated", "with_outlet",
        "outlets": [{"outlet", "articles"}]}`` (the most frequent ``outlets`` outlets), so a
        page can say why a timeline, the stories or a filter come out empty."""
        row = self.conn.execute("SELECT count(*) AS n, count(NULLIF(date, '')) AS dated,"
                                " count(NULLIF(outlet, '')) AS with_outlet FROM articles").fetchone()
        top = self.conn.execute(
            "SELECT outlet, count(*) AS articles FROM articles WHERE NULLIF(outlet, '') IS NOT NULL"
            " GROUP BY outlet ORDER BY articles DESC, outlet LIMIT %s", (outlets,)).fetchall()
        return {"articles": int(row["n"]) if row else 0, "dated": int(row["dated"]) if row else 0,
                "with_outlet": int(row["with_outlet"]) if row else 0,
                "outlets": [{"outlet": r["outlet"], "articles": int(r["articles"])} for r in top]}

    def integrity_check(self) -> str:
        """"ok", or what is inconsistent (every article indexed and signed, no orphan rows)."""
        problems = []
        checks = {
            "articles without signatures": "SELECT count(*) AS n FROM articles a"
                                           " WHERE NOT EXISTS (SELECT 1 FROM signatures s WHERE s.article = a.rowid)",
            "articles with an empty index": "SELECT count(*) AS n FROM articles WHERE length(tsv) = 0"
                                            " AND length(text) > 0 AND text ~ '[[:alnum:]]'",
        }
        for what, sql in checks.items():
            row = self.conn.execute(sql).fetchone()
            if row and row["n"]:
                problems.append(f"{row['n']} {what}")
        return "; ".join(problems) or "ok"

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _local_ids(p: PreparedArticle, entity_id: dict[tuple[str, str, str], int]) -> dict[str, int]:
    return {e.local_id: entity_id[e.key] for e in p.entities}


def _results(query: str, q: Query, rows: list[dict[str, Any]], total: int, filters: Filters | None,
             limit: int, offset: int) -> dict[str, Any]:
    hits = [{"id": r["id"], "title": r["title"], "outlet": r["outlet"], "date": r["date"], "url": r["url"],
             "score": None if r["score"] is None else round(float(r["score"]), 4),
             "snippet": snippet(r["text"], q)} for r in rows]
    filt = {} if filters is None else {k: getattr(filters, k) for k in FILTER_KEYS
                                       if getattr(filters, k) is not None and getattr(filters, k) != ""}
    return {"query": query, "filters": filt, "total": total, "limit": limit, "offset": offset, "hits": hits}
