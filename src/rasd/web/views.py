"""The dicts behind every API answer and every page.

Each function here takes the store and request parameters and returns one plain
dict (or list); ``/api/...`` returns it as JSON and the matching page renders the
very same value.  Every read goes through the store's own methods
(:class:`rasd.store.base.Store`), so the same views serve SQLite and PostgreSQL
stores alike.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import replace
from typing import Any

from rasd.article import Source, to_dict
from rasd.errors import InputError, RasdError, StoreError
from rasd.ingest.decode import declared_charset, decode_text
from rasd.ingest.html import extract_html, looks_like_html, merged_source
from rasd.pipeline import analyze, prepare_text
from rasd.store import Filters, Store
from rasd.web.errors import WebError

log = logging.getLogger("rasd.web")

LABELS = ("PER", "ORG", "GPE", "LOC", "MISC")
MAX_QUERY_CHARS = 500
MAX_URL_CHARS = 2048
#: Request fields as the Arabic pages label them (for the Arabic error messages).
_AR_FIELDS = {"from": "من تاريخ", "to": "إلى تاريخ", "q": "كلمات البحث", "outlet": "المصدر", "entity": "العلم",
              "speaker": "المتحدث", "text": "نص المقال", "html": "صفحة HTML", "article id": "معرّف المقال",
              "label": "نوع العلم", "url": "الرابط", "until": "حتى تاريخ"}
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _day(name: str, value: str | None) -> str | None:
    """A ``YYYY-MM-DD`` filter value, or a 400 saying what is wrong with it."""
    if value is None or not value.strip():
        return None
    v = value.strip()
    if not _ISO_DAY.match(v):
        raise WebError(400, f"'{name}' must be a date written YYYY-MM-DD, not {v[:40]!r}",
                       ar=f"اكتب التاريخ «{_AR_FIELDS.get(name, name)}» بالصيغة سنة-شهر-يوم، مثل 2020-11-18.")
    try:
        dt.date.fromisoformat(v)
    except ValueError as exc:
        raise WebError(400, f"'{name}' is not a real date: {v!r}",
                       ar=f"التاريخ «{_AR_FIELDS.get(name, name)}» غير موجود في التقويم: \u200e{v[:40]}\u200e") from exc
    return v


#: Longest entity id or name, speaker, outlet or entity filter accepted.
MAX_NAME_CHARS = 200
#: Control characters (C0, DEL, C1) and lone surrogates: never part of a name, a query or an id.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
#: Store ids are 64-bit integers.
MAX_ID = 2**63 - 1


def checked(name: str, value: str | None, limit: int = MAX_NAME_CHARS) -> str:
    """A request parameter, stripped; a 400 naming it when it is over-long or holds control characters."""
    v = value or ""
    if len(v) > limit:
        raise WebError(400, f"'{name}' is longer than {limit} characters",
                       ar=f"الحقل «{_AR_FIELDS.get(name, name)}» أطول من المسموح (الحد الأقصى لطوله {limit}).")
    bad = _CONTROL.search(v)
    if bad:
        raise WebError(400, f"'{name}' holds a control character (U+{ord(bad.group()):04X}); "
                            "send an entity id or a name as plain text",
                       ar=f"الحقل «{_AR_FIELDS.get(name, name)}» يحوي محرف تحكم؛ اكتب نصًّا عاديًّا.")
    return v.strip()


def _short(name: str, value: str | None, limit: int = MAX_NAME_CHARS) -> str | None:
    return checked(name, value, limit) or None


def _ref(name: str, value: str | None) -> int | str:
    """An entity reference: a store id (ASCII digits) or a name; 400 when it is neither."""
    v = checked(name, value)
    if not v:
        raise WebError(400, f"'{name}' is empty: give a store entity id or a name",
                       ar="لم يُذكر العلم: اكتب اسمًا أو رقم علم من المخزن.")
    if v.isascii() and v.isdigit():
        return int(v)
    return v


def text_field(name: str, value: str | None) -> str | None:
    """Text sent for analysis: it must be valid Unicode (no lone surrogate) and hold no NUL."""
    if value is None:
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise WebError(400, f"'{name}' is not valid Unicode text (a lone surrogate "
                            f"U+{ord(value[exc.start]):04X} at character {exc.start})",
                       ar="النص ليس نص يونيكود سليمًا؛ احفظه بترميز UTF-8 وأعد المحاولة.") from exc
    if "\x00" in value:
        raise WebError(400, f"'{name}' holds a NUL character (at character {value.index(chr(0))}); "
                            "send text, not binary data",
                       ar="النص يحوي محرفًا فارغًا (NUL): أرسل نصًّا لا ملفًا ثنائيًّا.")
    return value


# ------------------------------------------------------------------------ articles


def article_view(store: Store, article_id: str) -> dict[str, Any]:
    """The stored record plus ``store.entity_ids``: the record's entity ids -> store entity ids."""
    checked("article id", article_id)
    if not re.fullmatch(r"[0-9a-f]{16}", article_id):
        raise WebError(404, f"no article {article_id[:40]!r}: ids are 16 hex digits (see /api/search)",
                       ar="لا مقال بهذا المعرّف: معرّفات المقالات 16 خانة ست عشرية. ابحث عن المقال من صفحة البحث.")
    record = store.get_article(article_id)
    if record is None:
        raise WebError(404, f"no article {article_id!r} in this store",
                       ar="لا مقال بهذا المعرّف في المخزن.")
    meta = dict(record.get("store") or {})
    meta["entity_ids"] = store.article_entity_ids(article_id)
    record["store"] = meta
    return record


def analyze_input(text: str | None = None, html: str | None = None, data: bytes | None = None,
                  name: str = "<input>", outlet: str | None = None, url: str | None = None,
                  max_chars: int = 300_000, as_html: bool = False) -> dict[str, Any]:
    """Analyse pasted text, an HTML page or uploaded bytes; the record as a dict.

    Bytes are decoded like files (UTF-8, UTF-16, Windows-1256); HTML (given as
    ``html``, as bytes with ``as_html``, or sniffed in the text) goes through the extractor.  Text that is not
    valid Unicode or holds NUL is a 400.  A failure of the analysis itself on this
    input is logged and answered 422 (as a bad record in a batch is reported and
    skipped): no input makes a 500.
    """
    text, html = text_field("text", text), text_field("html", html)
    outlet, url = _short("outlet", text_field("outlet", outlet)), text_field("url", url)
    if url is not None and len(url) > MAX_URL_CHARS:
        raise WebError(400, f"'url' is longer than {MAX_URL_CHARS} characters",
                       ar=f"الرابط أطول من المسموح (الحد الأقصى لطوله {MAX_URL_CHARS}).")
    try:
        return _analyze_input(text, html, data, name, outlet, url, max_chars, as_html)
    except RasdError:
        raise
    except Exception as exc:  # a bug on one input: that input's answer, not the server's
        log.exception("analysis failed on %s", name)
        raise WebError(422, f"this input could not be analysed ({type(exc).__name__}); "
                            "the error is logged, please report it",
                       ar="تعذّر تحليل هذا المدخل؛ سُجّل الخطأ، يُرجى الإبلاغ عنه.") from exc


def _analyze_input(text: str | None, html: str | None, data: bytes | None, name: str, outlet: str | None,
                   url: str | None, max_chars: int, as_html: bool) -> dict[str, Any]:
    warnings: tuple[str, ...] = ()
    if data is not None:
        # decoded as every command decodes a file (rasd.work.article_of): an HTML page's
        # declared charset counts, and a mixed-encoding upload says so in the record
        got = decode_text(data, name, declared=declared_charset(data))
        decoded, warnings = text_field(name, got.text), got.warnings
        html, text = (decoded, None) if as_html else (html, decoded)
    if html is None and text is not None and looks_like_html(text):
        html, text = text, None
    source = Source(outlet=outlet, url=url)
    if html is not None:
        if not html.strip():
            raise InputError(f"{name}: empty HTML")
        text, meta = extract_html(html, name=name, url=url)
        source = merged_source(Source(outlet=outlet), replace(meta, path=None))
    if text is None or not text.strip():
        raise WebError(400, "nothing to analyse: send the article as 'text' or 'html'",
                       ar="لا شيء للتحليل: الصق نص المقال أو ارفع ملفًا.")
    text = prepare_text(text)
    if len(text) > max_chars:
        raise WebError(413, f"the article has {len(text):,} characters; the limit is {max_chars:,}",
                       ar=f"المقال أطول من المسموح: طوله {len(text)} محرفًا والحد الأقصى {max_chars}.")
    record = to_dict(analyze(text, source))
    if warnings:
        record["warnings"] = [*warnings, *record.get("warnings", [])]
    return record


# ------------------------------------------------------------------------ search


SORTS = ("relevance", "date")
#: Most hits one export (``format=csv`` or ``format=json``) carries.
EXPORT_MAX = 1000


def search_filters(date_from: str | None = None, date_to: str | None = None, outlet: str | None = None,
                   entity: str | None = None, label: str | None = None) -> Filters:
    """Checked search filters, or a 400 saying which one is wrong."""
    if label is not None and label.strip() and label.strip().upper() not in LABELS:
        raise WebError(400, f"'label' must be one of {', '.join(LABELS)}",
                       ar=f"نوع العلم واحد من: {'، '.join(LABELS)}.")
    filters = Filters(date_from=_day("from", date_from), date_to=_day("to", date_to),
                      outlet=_short("outlet", outlet), entity=_short("entity", entity),
                      label=label.strip().upper() if label and label.strip() else None)
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise WebError(400, "'from' is after 'to'",
                       ar="تاريخ البداية («من تاريخ») بعد تاريخ النهاية («إلى تاريخ»).")
    return filters


def search_view(store: Store, q: str | None, date_from: str | None = None, date_to: str | None = None,
                outlet: str | None = None, entity: str | None = None, label: str | None = None,
                limit: int = 20, offset: int = 0, sort: str = "relevance", facets: bool = True) -> dict[str, Any]:
    """The store's search dict plus ``facets`` (counts per outlet, entity, label and day of
    every match, not only this page's) and ``sort``; an empty query with no filter gives an
    empty result, not an error."""
    query = checked("q", q, MAX_QUERY_CHARS)
    if sort not in SORTS:
        raise WebError(400, f"'sort' must be one of {', '.join(SORTS)}", ar="الترتيب إما بالصلة أو بالتاريخ.")
    filters = search_filters(date_from, date_to, outlet, entity, label)
    if not query and filters == Filters():
        return {"query": "", "filters": {}, "total": 0, "limit": limit, "offset": offset, "hits": [], "sort": sort,
                "facets": {"outlet": [], "entity": [], "label": [], "day": []}}
    result = store.search(query, filters, limit=limit, offset=offset, sort=sort)
    result["sort"] = sort
    if facets:
        result["facets"] = store.search_facets(query, filters)
    return result


#: Columns of a search export, in order.
EXPORT_COLUMNS = ("id", "date", "outlet", "title", "url", "score", "snippet", "link")


def _cell(value: Any) -> str:
    """One CSV cell; text a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``) is quoted
    with a leading apostrophe (OWASP's CSV-injection advice)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def search_csv(result: dict[str, Any], base_url: str = "") -> str:
    """The hits of a search result as CSV (one row per article; ``link`` is its page)."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    for h in result["hits"]:
        snip = " ".join(str((h.get("snippet") or {}).get("text") or "").split())
        writer.writerow([_cell(v) for v in (h["id"], h["date"], h["outlet"], h["title"], h["url"], h["score"], snip,
                                             f"{base_url.rstrip('/')}/articles/{h['id']}")])
    return out.getvalue()


# ------------------------------------------------------------------------ entities


def entity_view(store: Store, entity: str, limit: int = 20) -> dict[str, Any]:
    """The store's entity view for a store entity id (ASCII digits) or a name.

    An id or name that no entity has is a 404; one that cannot be an id or a name
    (empty, over-long, control characters) is a 400.
    """
    ref = _ref("entity", entity)
    if isinstance(ref, int):
        row = store.entity_by_id(ref) if ref <= MAX_ID else None
        if row is None:
            raise WebError(404, f"no entity {ref} in this store", ar=f"لا علم بالرقم {ref} في المخزن.")
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
        return store.entity_view(ref, limit=limit)
    except StoreError as exc:
        raise WebError(404, f"no entity named {ref!r} in this store; try a shorter or differently spelt name",
                       ar=f"لا علم باسم «{ref}» في المخزن؛ جرّب اسمًا أقصر أو بتهجئة أخرى.") \
            from exc


def quotes_view(store: Store, speaker: str | None, limit: int = 50) -> dict[str, Any]:
    """Quotes by a speaker (store entity id or name): ``{"speaker", "entity", "quotes"}``."""
    name = checked("speaker", speaker)
    if not name:
        return {"speaker": "", "entity": None, "quotes": [], "speakers": store.top_speakers()}
    ent = None
    if name.isascii() and name.isdigit():
        row = store.entity_by_id(int(name)) if int(name) <= MAX_ID else None
        if row is None:
            raise WebError(404, f"no entity {name} in this store", ar=f"لا علم بالرقم {name} في المخزن.")
        ent = {"id": row["id"], "name": row["canonical"], "label": row["label"]}
        name = row["canonical"]
    return {"speaker": name, "entity": ent, "quotes": store.quotes(name, limit=limit)}


def stories_view(store: Store, min_size: int = 2, limit: int = 50) -> dict[str, Any]:
    """The store's stories, each with its articles' titles and dates for display."""
    stories = store.stories(min_size=min_size, limit=limit)
    ids = sorted({a for s in stories for a in s.get("articles", [])})
    titles = store.article_titles(ids)
    for s in stories:
        s["members"] = [titles.get(a, {"id": a}) for a in s.get("articles", [])]
    return {"min_size": min_size, "stories": stories}


def trends_view(store: Store, days: int = 7, until: str | None = None, limit: int = 20,
                min_count: int = 2) -> dict[str, Any]:
    """Rising and new entities over the last ``days`` days (window ending at ``until`` or the newest article)."""
    end = _day("until", until)
    return store.trends(days=days, until=end, limit=limit, min_count=min_count)


def story_view(store: Store, story_id: int) -> dict[str, Any]:
    """One story for the desk, or a 404."""
    got = store.story(story_id)
    if got is None:
        raise WebError(404, f"no story {story_id} in this store (see /api/stories)",
                       ar="لا قصة بهذا الرقم في المخزن. اختر قصة من صفحة القصص.")
    return got


def alerts_view(store: Store) -> dict[str, Any]:
    """Every alert with what matched since its last look (reading does not mark anything seen:
    ``rasd alerts check`` does)."""
    return {"alerts": store.check_alerts(mark=False)}


def stats_view(store: Store) -> dict[str, Any]:
    """What the store holds, by table (the file path left out)."""
    return {k: v for k, v in store.stats().items() if k != "path"}


def home_view(store: Store, trend_days: int = 7) -> dict[str, Any]:
    """What the front page shows: counts, trends, latest articles, most mentioned entities."""
    return {"stats": stats_view(store),
            "trends": store.trends(days=trend_days, limit=10),
            "latest": store.latest_articles(12), "top_entities": store.top_entities(30)}


def feeds_view(store: Store) -> dict[str, Any]:
    """The feeds ``rasd watch`` polls into this store, each with its health row
    (:mod:`rasd.store.feeds`), and the counts the page heads with."""
    rows = store.feed_health()
    return {"feeds": rows, "total": len(rows), "failing": sum(1 for r in rows if r["failures"]),
            "new_total": sum(int(r["new_total"] or 0) for r in rows)}
