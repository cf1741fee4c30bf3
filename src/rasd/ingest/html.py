"""HTML pages -> article text and metadata, through trafilatura.

The record keeps the extracted text (title, blank line, main text) so every span
points into what a reader sees; the page's metadata (title, date, author, url,
site) goes into :class:`rasd.article.Source`.
"""

from __future__ import annotations

import re

from rasd.article import Source
from rasd.errors import InputError

_HTML_SNIFF = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|article|div|p)\b", re.IGNORECASE)


def looks_like_html(data: bytes | str) -> bool:
    """True when the start of ``data`` looks like an HTML document."""
    head = data[:2048] if isinstance(data, bytes) else data[:2048].encode("utf-8", "ignore")
    return bool(_HTML_SNIFF.search(head))


def extract_html(html: str, name: str = "<html>", url: str | None = None) -> tuple[str, Source]:
    """Main text and metadata of an HTML page.

    The returned text is "title\\n\\n" followed by the main text, so the structure
    stage finds the title as it does in scraped plain text.
    """
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False, favor_precision=False
    )
    if doc is None:
        raise InputError(f"{name}: no article text found in the HTML")
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    body = (data.get("text") or "").strip()
    if not body:
        raise InputError(f"{name}: no article text found in the HTML")
    title = (data.get("title") or "").strip()
    text = f"{title}\n\n{body}\n" if title and not body.startswith(title) else body + "\n"
    source = Source(
        path=name,
        url=data.get("url") or url,
        outlet=data.get("sitename") or data.get("hostname"),
        title=title or None,
        date=data.get("date"),
        author=data.get("author"),
    )
    return text, source
