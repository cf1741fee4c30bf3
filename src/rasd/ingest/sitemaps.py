"""XML sitemaps (``<urlset>``, Google News ``news:`` sitemaps, ``<sitemapindex>``) as links.

Many Arabic outlets publish a news sitemap of the last two days' articles next to,
or instead of, an RSS feed.  A sitemap gives page URLs (with a ``lastmod`` date and,
in a news sitemap, a title and publication date), not article text: ``rasd watch``
fetches each page as it does a feed entry's link.  The XML parser resolves no
entities and reaches no network, so a hostile sitemap cannot expand or phone out.
"""

from __future__ import annotations

from dataclasses import dataclass

from rasd.errors import InputError


@dataclass(frozen=True, slots=True)
class Link:
    """One article a feed or sitemap points to."""

    url: str
    title: str | None = None
    date: str | None = None
    author: str | None = None
    body: str | None = None  # the entry's own text (an RSS description), when it has one


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def looks_like_sitemap(data: bytes) -> bool:
    """Whether ``data`` starts like a sitemap (its root element within the first 2 KiB)."""
    head = data[:2048]
    return b"<urlset" in head or b"<sitemapindex" in head


def sitemap_links(data: bytes, location: str) -> tuple[list[Link], list[str]]:
    """The article links of a ``<urlset>`` and the child sitemaps of a ``<sitemapindex>``."""
    import lxml.etree

    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
    try:
        root = lxml.etree.fromstring(data, parser)
    except lxml.etree.XMLSyntaxError as exc:
        raise InputError(f"{location}: not a readable sitemap ({exc})") from exc
    kind = _local(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        raise InputError(f"{location}: not a sitemap (root element <{kind}>)")
    links: list[Link] = []
    children: list[str] = []
    for node in root:
        fields = {_local(c.tag): (c.text or "").strip() for c in node.iter() if c is not node}
        loc = fields.get("loc")
        if not loc:
            continue
        if kind == "sitemapindex":
            children.append(loc)
        else:
            links.append(Link(loc, title=fields.get("title") or None,
                              date=fields.get("publication_date") or fields.get("lastmod") or None))
    return links, children
