"""Server-side rendering: one Jinja2 environment with autoescape on.

Templates receive the very dicts the JSON API returns and only add presentation
(highlighting, charts, Arabic date labels).  Autoescape is always on; the only
``Markup`` values come from :mod:`rasd.web.highlight` and :mod:`rasd.web.chart`,
which escape every piece of text they wrap.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from rasd import __version__
from rasd.web.arabic import MONTHS_AR, count_noun, country_ar, event_mode_ar, event_type_ar, status_ar
from rasd.web.chart import sparkline_svg, timeline_svg
from rasd.web.highlight import LABELS_AR, display_text, highlight, highlight_quoted, snippet_html


def date_ar(value: Any) -> str:
    """An ISO date prefix (``2020``, ``2020-11``, ``2020-11-18``) as Arabic words, else as given."""
    s = str(value or "")
    try:
        if len(s) >= 10:
            d = dt.date.fromisoformat(s[:10])
            return f"{d.day} {MONTHS_AR[d.month - 1]} {d.year}"
        if len(s) == 7:
            y, m = s.split("-")
            return f"{MONTHS_AR[int(m) - 1]} {int(y)}"
    except (ValueError, IndexError):
        pass
    return s


def url_with(base: str, params: dict[str, Any] | None = None, **extra: Any) -> str:
    """``base`` with the non-empty ``params`` (and ``extra``) as a query string."""
    clean = {k: v for k, v in {**(params or {}), **extra}.items() if v not in (None, "")}
    return base + ("?" + urlencode(clean) if clean else "")


def range_link(base: str, params: dict[str, Any] | None = None) -> Any:
    """A function (first day, last day) -> ``base`` with ``params`` narrowed to those days (histogram bars)."""
    def link(first: str, last: str) -> str:
        return url_with(base, {**(params or {}), "page": "", "from": first, "to": last})
    return link


def entity_url(entity_id: Any, api: bool = False) -> str:
    """The page (or the JSON) of a store entity."""
    return ("/api/entities/" if api else "/entities/") + quote(str(entity_id), safe="")


def story_url(story_id: Any, api: bool = False) -> str:
    """The page (or the JSON) of a story."""
    return ("/api/stories/" if api else "/stories/") + quote(str(story_id), safe="")


def article_url(article_id: Any, api: bool = False, quote_no: int | None = None) -> str:
    """The page (or the JSON) of a stored article; the id is quoted, whatever a record holds.
    ``quote_no``: the place in the page where its quote of that index is marked."""
    url = ("/api/articles/" if api else "/articles/") + quote(str(article_id), safe="")
    return url + (f"#q{int(quote_no)}" if quote_no is not None and not api else "")


#: Longest address made into a link.
MAX_HREF_CHARS = 2048


def safe_href(value: Any) -> str | None:
    """``value`` when it is an absolute http(s) URL, to be used as a link; None otherwise.

    Only this function turns an address from a record (``source.url``) into an
    ``href``: a stored ``javascript:``, ``data:`` or ``vbscript:`` address, or one a
    browser would read differently from how it is written (control characters,
    spaces or tabs inside, which browsers drop or strip: ``java\tscript:``), is
    shown as text, never followed.
    """
    if not isinstance(value, str) or not value or len(value) > MAX_HREF_CHARS:
        return None
    if any(ord(ch) <= 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return value


def safe_link(value: Any) -> str | None:
    """A path of this site (``/x...``, never ``//``) or an http(s) URL; None otherwise (macros take
    links as arguments, so they check them again)."""
    if isinstance(value, str) and value.startswith("/") and not value.startswith(("//", "/\\")):
        return None if any(ord(ch) <= 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in value) else value
    return safe_href(value)


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The template environment (built once)."""
    env = Environment(
        loader=PackageLoader("rasd.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["clean"] = display_text
    env.filters["date_ar"] = date_ar
    env.filters["snippet"] = snippet_html
    env.filters["timeline"] = timeline_svg
    env.filters["sparkline"] = sparkline_svg
    env.filters["day_points"] = lambda facet: [{"date": d["value"], "count": d["count"]} for d in facet or ()]
    env.filters["label_ar"] = lambda label: LABELS_AR.get(str(label), str(label))
    env.filters["safe_href"] = safe_href
    env.filters["safe_link"] = safe_link
    env.filters["event_ar"] = event_type_ar
    env.filters["mode_ar"] = event_mode_ar
    env.filters["country_ar"] = country_ar
    env.filters["count"] = count_noun
    env.filters["by_mentions"] = lambda ents: sorted(ents or (), key=lambda e: -len(e.get("mentions") or ()))
    env.globals.update(highlight=highlight, highlight_quoted=highlight_quoted, timeline_svg=timeline_svg,
                       story_url=story_url, range_link=range_link, url_with=url_with, entity_url=entity_url,
                       article_url=article_url, version=__version__, labels_ar=LABELS_AR)
    return env


def render_page(template: str, **context: Any) -> str:
    """Render one page template."""
    return environment().get_template(template).render(**context)


def error_page_html(status: int, message: str, ar: str | None = None) -> str:
    """The HTML error page: the same status as the JSON error shape, the message in Arabic
    (``ar``, else what the status means) and the API's English below it as the detail."""
    return render_page("error.html", status=status, message_ar=ar or status_ar(status), message=message,
                       page="error")


def as_markup(html: str) -> Markup:
    """Mark HTML built by this package (already escaped) as safe."""
    return Markup(html)
