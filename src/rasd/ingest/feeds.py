"""RSS and Atom feeds, from a file or a URL (feedparser).

Each entry becomes a work item: its full content when the feed carries it
(``content:encoded``, Atom ``content``), else its summary.  The entry's title,
link, date and author go into :class:`rasd.article.Source`.  A URL is fetched
once, at the user's request, like any other input.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

from rasd.article import Source
from rasd.errors import InputError
from rasd.ingest.files import read_bytes
from rasd.ingest.sitemaps import Link
from rasd.ingest.sources import WorkItem
from rasd.textcheck import require_valid, require_valid_fields


def _entry_date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if value:
            return time.strftime("%Y-%m-%dT%H:%M:%SZ", value)
    return entry.get("published") or entry.get("updated")


def _entry_body(entry: Any) -> str:
    contents = entry.get("content") or []
    best = max((c.get("value", "") for c in contents), key=len, default="")
    return best or entry.get("summary", "") or ""


def fetch(url: str, timeout: float = 30.0) -> tuple[bytes, dict[str, str]]:
    """The body of ``url`` and the response headers feedparser needs, read within the
    input limits (:mod:`rasd.limits`) by :func:`rasd.ingest.polite.get`: a gzipped
    response is expanded through the same guard as a ``.gz`` file, so a feed URL
    cannot be a decompression bomb either."""
    from rasd.ingest.polite import get

    resp = get(url, timeout=timeout, what="feed")
    if resp.status != 200:
        raise InputError(f"{url}: cannot fetch the feed ({resp.reason or f'HTTP {resp.status}'})")
    return resp.body, {"content-type": resp.content_type, "content-location": resp.url}


def parse_feed(data: bytes, headers: dict[str, str], location: str) -> Any:
    """feedparser's reading of a feed's bytes; :class:`InputError` when they are no feed.

    The bytes are handed over as bytes: feedparser would read a path or URL whole, of any size."""
    import io

    import feedparser

    try:
        feed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    except Exception as exc:  # feedparser raises many kinds on broken input
        raise InputError(f"{location}: cannot read the feed ({type(exc).__name__}: {exc})") from exc
    if feed.get("bozo") and not feed.entries:
        reason = feed.get("bozo_exception")
        raise InputError(f"{location}: not an RSS or Atom feed ({reason})")
    return feed


def feed_links(feed: Any) -> list[Link]:
    """The article links of a parsed feed (:func:`parse_feed`), with each entry's title,
    date, author and own text: what ``rasd watch`` fetches pages for."""
    links = []
    for entry in feed.entries:
        url = (entry.get("link") or "").strip()
        if url:
            links.append(Link(url, title=(entry.get("title") or "").strip() or None, date=_entry_date(entry),
                              author=entry.get("author"), body=_entry_body(entry).strip() or None))
    return links


def iter_feed_items(location: str) -> Iterator[WorkItem | InputError]:
    """Entries of the feed at ``location`` (path or http(s) URL), positioned ``location#n``.

    The bytes are read here, within the input limits, and handed to feedparser as
    bytes (feedparser would read a path or URL whole, of any size).  An entry whose
    text is not storable Unicode (a ``&#55296;`` reference) is refused alone."""
    try:
        if "://" in location:
            data, headers = fetch(location)
        else:
            data, headers = read_bytes(location), {"content-location": location}
        feed = parse_feed(data, headers, location)
    except InputError as exc:
        yield exc
        return
    outlet = (feed.get("feed") or {}).get("title")
    for n, entry in enumerate(feed.entries):
        position = f"{location}#{n}"
        title = (entry.get("title") or "").strip() or None
        body = _entry_body(entry).strip()
        if not body:
            yield InputError(f"{position}: feed entry has no content or summary")
            continue
        source = Source(path=None if "://" in location else location, url=entry.get("link"), outlet=outlet,
                        title=title, date=_entry_date(entry), author=entry.get("author"))
        if "<" in body and ">" in body:
            body = fragment_text(body)
        if not body:
            yield InputError(f"{position}: feed entry has no text")
            continue
        text = f"{title}\n\n{body}\n" if title and not body.startswith(title) else body + "\n"
        try:
            require_valid(text, position)
            require_valid_fields({"url": source.url, "outlet": source.outlet, "date": source.date,
                                  "author": source.author}, position)
        except InputError as exc:
            yield exc
            continue
        yield WorkItem(position, source, text=text)


_BLOCK = re.compile(r"(?i)<\s*(?:br\s*/?|/p|/div|/h[1-6]|/li|/blockquote)\s*>")


def fragment_text(fragment: str) -> str:
    """The text of an HTML fragment (a feed entry's body), one paragraph per line.

    Feed bodies are article fragments, not pages, so a page extractor's boilerplate
    heuristics would throw short ones away; tags are dropped, block ends kept as lines.
    """
    import lxml.html

    marked = _BLOCK.sub("\n", fragment)
    try:
        text = lxml.html.fromstring(f"<div>{marked}</div>").text_content()
    except (ValueError, lxml.etree.ParserError):
        text = re.sub(r"<[^>]+>", " ", marked)
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)
