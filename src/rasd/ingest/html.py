"""HTML pages -> article text and metadata, through trafilatura.

The record keeps the extracted text (title, blank line, main text) so every span
points into what a reader sees; the page's metadata (title, dates, author, url,
site, language, each with where it was read: :mod:`rasd.ingest.page_meta`) goes
into :class:`rasd.article.Source`.
"""

from __future__ import annotations

import re
from dataclasses import fields, replace
from typing import Any

from rasd.article import PAGE_ORIGINS, Source
from rasd.errors import InputError
from rasd.ingest.page_meta import (
    Found,
    PageMeta,
    iso_day,
    language_code,
    read_page_meta,
    strip_site_name,
    url_day,
    utc_day_shift,
)

_HTML_SNIFF = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|article|div|p)\b", re.IGNORECASE)


def looks_like_html(data: bytes | str) -> bool:
    """True when the start of ``data`` looks like an HTML document."""
    head = data[:2048] if isinstance(data, bytes) else data[:2048].encode("utf-8", "ignore")
    return bool(_HTML_SNIFF.search(head))


#: htmldate settings.  Its "extensive search" guesses from free text and URL fragments
#: and turns a bare year into January 1st (arabic.cnn.com's ``/2013/…/8/3/`` became
#: 2013-01-01): no date is better than a wrong one, so only dated markup counts.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}

_WS = re.compile(r"\s+")


def _same_line(a: str, b: str) -> bool:
    return _WS.sub(" ", a).strip() == _WS.sub(" ", b).strip()


def extract_html(html: str, name: str = "<html>", url: str | None = None) -> tuple[str, Source]:
    """Main text and metadata of an HTML page.

    The returned text is the title, a blank line, then the main text (one paragraph
    per line), so the structure stage finds the title as it does in scraped plain
    text.  When the extractor already put the headline at the top of the main text
    it is not repeated.  Whatever the extractor raises on a hostile page (markup
    nested past the parser's depth, say) becomes an :class:`InputError` for that page.
    """
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False,
            date_extraction_params=_DATE_PARAMS,
        )
    except Exception as exc:  # the extractor's failures on hostile markup are the page's
        reason = " ".join(str(exc).split())[:200]
        raise InputError(f"{name}: cannot extract text from the HTML ({type(exc).__name__}: {reason})") from exc
    if doc is None:
        raise InputError(f"{name}: no article text found in the HTML (is it an article page?)")
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    body = (data.get("text") or "").strip()
    if not body:
        raise InputError(f"{name}: no article text found in the HTML (is it an article page?)")
    meta = read_page_meta(html, url)
    source = page_source(meta, data, url, html)
    title = source.title or ""
    first, _, rest = body.partition("\n")
    if title and _same_line(first, title):
        body = rest.strip()
    text = f"{title}\n\n{body}\n" if title else body + "\n"
    return text, replace(source, path=name)


def _pick(*candidates: tuple[str | None, str]) -> tuple[str | None, str | None]:
    """The first value that is there, with its origin; ``(None, None)`` when none is."""
    for value, origin in candidates:
        if value:
            return value, origin
    return None, None


def _found(f: Found | None) -> tuple[str | None, str]:
    return (f.value, f.origin) if f else (None, "")


def page_source(meta: PageMeta, extracted: dict[str, Any], url: str | None, html: str | None = None) -> Source:
    """The page's metadata as a :class:`Source`, each value with its origin.

    What the page states for machines (JSON-LD, meta tags) comes first; what
    trafilatura and htmldate read from the rest of the markup (``<title>``, a
    ``<time>`` element, a by-line) fills the gaps as ``markup``; a full date in the
    URL path comes last, but wins over a date one day from it (a UTC timestamp across
    midnight); with no date at all, htmldate's extensive search of ``html`` is tried
    (origin ``page-text``: the weakest, a date line in the article text wins over it).
    The site's name is cut from the title."""
    def got(key: str) -> str | None:
        value = extracted.get(key)
        return (_WS.sub(" ", value).strip() or None) if isinstance(value, str) else None

    page_url, url_src = _pick(_found(meta.url), (got("url"), "markup"), (url, "given"))
    outlet, outlet_src = _pick(_found(meta.outlet), (got("sitename"), "markup"), (got("hostname"), "url"))
    title, title_src = _pick(_found(meta.title), (got("title"), "markup"))
    if title:
        title = strip_site_name(title, outlet, page_url)
    in_url = url_day(page_url) or url_day(url)
    read = iso_day(got("date") or "")  # htmldate reads the URL first: a day equal to the URL's is the URL's
    day, date_src = _pick(_found(meta.date), (read, "url" if read and read == in_url else "markup"), (in_url, "url"))
    if meta.date and in_url and day != in_url and utc_day_shift(meta.date.written, in_url):
        day, date_src = in_url, "url"  # a UTC timestamp across midnight: the URL has the publisher's own day
    if day is None and html is not None:
        day, date_src = _pick((searched_date(html, page_url), "page-text"))
    author, author_src = _pick(_found(meta.author), (got("author"), "markup"))
    language, language_src = _pick(_found(meta.language), (language_code(got("language")), "markup"))
    modified, modified_src = _found(meta.modified)
    return Source(
        url=page_url, outlet=outlet, title=title, date=day, author=author, modified=modified, language=language,
        url_source=url_src, outlet_source=outlet_src, title_source=title_src, date_source=date_src,
        modified_source=modified_src or None, author_source=author_src, language_source=language_src,
    )


def searched_date(html: str, url: str | None) -> str | None:
    """htmldate's extensive search (free text, link and image paths), the last resort
    when the page states no date.  A January 1st is refused: it is what the search
    makes of a bare year (arabic.cnn.com's ``/2013/…`` became 2013-01-01)."""
    import htmldate

    try:
        found = htmldate.find_date(html, url=url, extensive_search=True, original_date=True)
    except Exception:  # hostile markup: no date rather than no article
        return None
    day = iso_day(found or "")
    return None if day is None or day.endswith("-01-01") else day


#: fields where the page's own statement wins over the caller's: the date given with a
#: page is when it was fetched (a WARC record's WARC-Date), not when it was published
_PAGE_FIRST = {"date"}


def merged_source(given: Source, found: Source) -> Source:
    """``found`` (read from the page) with what the caller ``given`` (a crawl, an
    option) overriding it field by field; an overriding value's origin is ``given``.
    A date is the exception: the page's own (:data:`rasd.article.PAGE_ORIGINS`) wins
    over a given one, which then only fills in for a page that states none."""
    values: dict[str, str | None] = {}
    for f in fields(Source):
        if f.name.endswith("_source") or f.name == "path":
            continue
        mine = getattr(given, f.name)
        if f.name in _PAGE_FIRST and getattr(found, f"{f.name}_source") in PAGE_ORIGINS:
            mine = None
        values[f.name] = mine or getattr(found, f.name)
        origin_field = f"{f.name}_source"
        if hasattr(found, origin_field):
            values[origin_field] = "given" if mine else getattr(found, origin_field)
    return replace(found, path=given.path or found.path, **values)
