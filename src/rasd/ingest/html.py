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
    title = _WS.sub(" ", data.get("title") or "").strip()
    first, _, rest = body.partition("\n")
    if title and _same_line(first, title):
        body = rest.strip()
    text = f"{title}\n\n{body}\n" if title else body + "\n"
    source = Source(
        path=name,
        url=data.get("url") or url,
        outlet=data.get("sitename") or data.get("hostname"),
        title=title or None,
        date=data.get("date") or None,
        author=(data.get("author") or "").strip() or None,
    )
    return text, source
