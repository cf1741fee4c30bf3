"""The dicts behind every API answer and every page.

Each function here takes the store and request parameters and returns one plain
dict (or list); ``/api/...`` returns it as JSON and the matching page renders the
very same value.  Almost everything comes from the store's own functions
(:mod:`rasd.store.sqlite`); the few reads the store does not offer yet are the
small parameterised queries at the bottom of this module (marked as such).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from rasd.article import Source, to_dict
from rasd.errors import InputError, StoreError
from rasd.ingest.decode import decode_bytes
from rasd.ingest.html import extract_html, looks_like_html
from rasd.pipeline import analyze, prepare_text
from rasd.store import Filters
from rasd.store.sqlite import SQLiteStore
from rasd.web.errors import WebError

LABELS = ("PER", "ORG", "GPE", "LOC", "MISC")
MAX_QUERY_CHARS = 500
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _day(name: str, value: str | None) -> str | None:
    """A ``YYYY-MM-DD`` filter value, or a 400 saying what is wrong with it."""
    if value is None or not value.strip():
        return None
    v = value.strip()
    if not _ISO_DAY.match(v):
        raise WebError(400, f"'{name}' must be a date written YYYY-MM-DD, not {v[:40]!r}")
    try:
        dt.date.fromisoformat(v)
    except ValueError as exc:
        raise WebError(400, f"'{name}' is not a real date: {v!r}") from exc
    return v


def _short(name: str, value: str | None, limit: int = 200) -> str | None:
    if value is None or not value.strip():
        return None
    if len(value) > limit:
        raise WebError(400, f"'{name}' is longer than {limit} characters")
    return value.strip()


# ------------------------------------------------------------------------ articles


def article_view(store: SQLiteStore, article_id: str) -> dict[str, Any]:
    """The stored record plus ``store.entity_ids``: the record's entity ids -> store entity ids."""
    if not re.fullmatch(r"[0-9a-f]{16}", article_id):
        raise WebError(404, f"no article {article_id[:40]!r}: ids are 16 hex digits (see /api/search)")
    record = store.get_article(article_id)
    if record is None:
        raise WebError(404, f"no article {article_id!r} in this store")
    meta = dict(record.get("store") or {})
    meta["entity_ids"] = entity_ids_of_article(store, article_id)
    record["store"] = meta
    return record


def analyze_input(text: str | None = None, html: str | None = None, data: bytes | None = None,
                  name: str = "<input>", outlet: str | None = None, url: str | None = None,
                  max_chars: int = 300_000) -> dict[str, Any]:
    """Analyse pasted text, an HTML page or uploaded bytes; the record as a dict.

    Bytes are decoded like files (UTF-8, UTF-16, Windows-1256); HTML (given as
    ``html`` or sniffed in the text) goes through the extractor.
    """
    if data is not None:
        text = decode_bytes(data, name)
    if html is None and text is not None and looks_like_html(text):
        html, text = text, None
    source = Source(outlet=outlet, url=url)
    if html is not None:
        if not html.strip():
            raise InputError(f"{name}: empty HTML")
        text, meta = extract_html(html, name=name, url=url)
        source = Source(url=meta.url or url, outlet=outlet or meta.outlet, title=meta.title, date=meta.date,
                        author=meta.author)
    if text is None or not text.strip():
        raise WebError(400, "nothing to analyse: send the article as 'text' or 'html'")
    text = prepare_text(text)
    if len(text) > max_chars:
        raise WebError(413, f"the article has {len(text):,} characters; the limit is {max_chars:,}")
    return to_dict(analyze(text, source))


# ------------------------------------------------------------------------ search


def search_view(store: SQLiteStore, q: str | None, date_from: str | None = None, date_to: str | None = None,
                outlet: str | None = None, entity: str | None = None, label: str | None = None,
                limit: int = 20, offset: int = 0) -> dict[str, Any]:
    """The store's search dict; an empty query with no filter gives an empty result, not an error."""
    query = (q or "").strip()
    if len(query) > MAX_QUERY_CHARS:
        raise WebError(400, f"the query is longer than {MAX_QUERY_CHARS} characters")
    if label is not None and label.strip() and label.strip().upper() not in LABELS:
        raise WebError(400, f"'label' must be one of {', '.join(LABELS)}")
    filters = Filters(date_from=_day("from", date_from), date_to=_day("to", date_to),
                      outlet=_short("outlet", outlet), entity=_short("entity", entity),
                      label=label.strip().upper() if label and label.strip() else None)
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise WebError(400, "'from' is after 'to'")
    if not query and filters == Filters():
        return {"query": "", "filters": {}, "total": 0, "limit": limit, "offset": offset, "hits": []}
    return store.search(query, filters, limit=limit, offset=offset)


# ------------------------------------------------------------------------ entities


def entity_view(store: SQLiteStore, entity: str, limit: int = 20) -> dict[str, Any]:
    """The store's entity view for a store entity id (digits) or a name."""
    entity = entity.strip()
    if not entity or len(entity) > 200:
        raise WebError(404, "no such entity")
    if entity.isdigit():
        row = entity_row(store, int(entity))
        if row is None:
            raise WebError(404, f"no entity {entity} in this store")
        view = store.entity_view(row["canonical"], limit=limit)
        if view["entity"]["id"] != row["id"]:
            # another entity shares the normalised name (a place and an organisation
            # called alike); the store looks entities up by name, so say which one
            # was meant by moving it first.
            alts = [view["entity"], *view.get("alternatives", [])]
            view["alternatives"] = [a for a in alts if a["id"] != row["id"]]
            view["entity"] = next((a for a in alts if a["id"] == row["id"]), view["entity"])
            view["note"] = "several entities share this name; the lists below are for the most mentioned one"
        return view
    try:
        return store.entity_view(entity, limit=limit)
    except StoreError as exc:
        raise WebError(404, str(exc)) from exc


def quotes_view(store: SQLiteStore, speaker: str | None, limit: int = 50) -> dict[str, Any]:
    """Quotes by a speaker (store entity id or name): ``{"speaker", "entity", "quotes"}``."""
    name = (speaker or "").strip()
    if len(name) > 200:
        raise WebError(400, "'speaker' is longer than 200 characters")
    if not name:
        return {"speaker": "", "entity": None, "quotes": [], "speakers": top_speakers(store)}
    ent = None
    if name.isdigit():
        row = entity_row(store, int(name))
        if row is None:
            raise WebError(404, f"no entity {name} in this store")
        ent = {"id": row["id"], "name": row["canonical"], "label": row["label"]}
        name = row["canonical"]
    return {"speaker": name, "entity": ent, "quotes": store.quotes(name, limit=limit)}


def stories_view(store: SQLiteStore, min_size: int = 2, limit: int = 50) -> dict[str, Any]:
    """The store's stories, each with its articles' titles and dates for display."""
    stories = store.stories(min_size=min_size, limit=limit)
    ids = sorted({a for s in stories for a in s.get("articles", [])})
    titles = article_titles(store, ids)
    for s in stories:
        s["members"] = [titles.get(a, {"id": a}) for a in s.get("articles", [])]
    return {"min_size": min_size, "stories": stories}


def home_view(store: SQLiteStore) -> dict[str, Any]:
    """What the front page shows: counts, latest articles, most mentioned entities."""
    return {"stats": {k: v for k, v in store.stats().items() if k != "path"},
            "latest": latest_articles(store, 12), "top_entities": top_entities(store, 30)}


# ------------------------------------------------------------------------
# Reads the store does not offer yet (small, parameterised, read-only).


def entity_ids_of_article(store: SQLiteStore, article_id: str) -> dict[str, int]:
    """The record's local entity ids (``e1``…) mapped to store entity ids, for links."""
    rows = store.conn.execute(
        "SELECT ae.local_id, ae.entity FROM article_entities ae JOIN articles a ON a.rowid = ae.article"
        " WHERE a.id = ?", (article_id,))
    return {str(r[0]): int(r[1]) for r in rows}


def entity_row(store: SQLiteStore, entity_id: int) -> dict[str, Any] | None:
    """One store entity by id."""
    r = store.conn.execute("SELECT id, canonical, label, country, en FROM entities WHERE id = ?",
                           (entity_id,)).fetchone()
    return dict(r) if r is not None else None


def article_titles(store: SQLiteStore, ids: list[str]) -> dict[str, dict[str, Any]]:
    """Title, date and outlet of each article id."""
    out: dict[str, dict[str, Any]] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ",".join("?" * len(chunk))
        for r in store.conn.execute(f"SELECT id, title, date, outlet FROM articles WHERE id IN ({marks})", chunk):
            out[r["id"]] = dict(r)
    return out


def latest_articles(store: SQLiteStore, limit: int = 12) -> list[dict[str, Any]]:
    """The most recent articles by date, then by when they were stored."""
    return [dict(r) for r in store.conn.execute(
        "SELECT id, title, date, outlet FROM articles ORDER BY date IS NULL, date DESC, rowid DESC LIMIT ?",
        (limit,))]


def top_entities(store: SQLiteStore, limit: int = 30) -> list[dict[str, Any]]:
    """Entities in the most articles."""
    return [dict(r) for r in store.conn.execute(
        "SELECT e.id, e.canonical AS name, e.label, count(*) AS articles FROM article_entities ae"
        " JOIN entities e ON e.id = ae.entity GROUP BY e.id ORDER BY articles DESC, e.id LIMIT ?", (limit,))]


def top_speakers(store: SQLiteStore, limit: int = 30) -> list[dict[str, Any]]:
    """Entities quoted most often."""
    return [dict(r) for r in store.conn.execute(
        "SELECT e.id, e.canonical AS name, e.label, count(*) AS quotes FROM quotes q JOIN entities e"
        " ON e.id = q.speaker GROUP BY e.id ORDER BY quotes DESC, e.id LIMIT ?", (limit,))]
