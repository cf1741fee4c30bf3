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
from rasd.ingest.sources import WorkItem


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


def iter_feed_items(location: str) -> Iterator[WorkItem | InputError]:
    """Entries of the feed at ``location`` (path or http(s) URL), positioned ``location#n``."""
    import feedparser

    try:
        feed = feedparser.parse(location)
    except Exception as exc:  # feedparser raises many kinds on broken input
        yield InputError(f"{location}: cannot read the feed ({exc})")
        return
    if feed.get("bozo") and not feed.entries:
        reason = feed.get("bozo_exception")
        yield InputError(f"{location}: not an RSS or Atom feed ({reason})")
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
