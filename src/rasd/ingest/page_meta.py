"""What an HTML page says about itself: title, dates, author, site, URL, language.

A browser (and a search engine) reads these from the page's markup, not from its
prose: JSON-LD (schema.org ``NewsArticle`` …), ``<meta>`` tags (OpenGraph,
Dublin Core, ``article:published_time`` …), ``<link rel=canonical>``, ``<html lang>``
and a date in the URL path.  Each value keeps its origin (``json-ld``, ``meta``,
``markup``, ``url``) so a record says where it came from, as ``en_source`` does for
entity names.  The order is from the most to the least deliberate statement:
structured data a publisher writes for machines, then meta tags, then what
trafilatura/htmldate read from the rest of the markup, then the URL.
"""

from __future__ import annotations

import html as html_lib
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from rasd.arabic.normalize import normalize_text

#: where a value of :class:`PageMeta` came from
ORIGINS = ("json-ld", "meta", "markup", "url")


@dataclass(frozen=True, slots=True)
class Found:
    """One metadata value and where on the page it was read."""

    value: str
    origin: str
    #: the value as the page wrote it, when it was turned into a day (``2020-02-18T02:18:11Z``)
    written: str | None = None


@dataclass(frozen=True, slots=True)
class PageMeta:
    """The page's own statements about itself; ``None`` where it makes none."""

    title: Found | None = None
    date: Found | None = None
    modified: Found | None = None
    author: Found | None = None
    outlet: Found | None = None
    url: Found | None = None
    language: Found | None = None


_ARTICLE_TYPES = {"article", "newsarticle", "reportagenews", "analysisnewsarticle", "blogposting",
                  "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "liveblogposting",
                  "scholarlyarticle", "report", "socialmediaposting", "webpage", "creativework"}

#: meta names/properties (lower case) in order of preference
_META_DATE = ("article:published_time", "og:article:published_time", "article:published", "datepublished",
              "og:published_time", "published_time", "pubdate", "publishdate", "publish-date", "publish_date",
              "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued", "dcterms.date",
              "dc.date", "date", "citation_publication_date", "citation_date", "article.published",
              "og:pubdate", "originalpublicationdate", "displaydate", "release_date", "created")
_META_MODIFIED = ("article:modified_time", "og:updated_time", "og:article:modified_time", "datemodified",
                  "article:modified", "dcterms.modified", "dc.date.modified", "last-modified", "lastmod",
                  "modified_time", "revision_date")
_META_TITLE = ("og:title", "twitter:title", "dc.title", "parsely-title", "sailthru.title", "headline")
_META_AUTHOR = ("author", "article:author", "dc.creator", "dcterms.creator", "byl", "parsely-author",
                "sailthru.author", "citation_author", "og:article:author", "twitter:creator")
_META_SITE = ("og:site_name", "application-name", "al:android:app_name", "twitter:site", "publisher",
              "dc.publisher", "copyright")
_META_URL = ("og:url", "twitter:url", "parsely-link")
_META_LANG = ("og:locale", "content-language", "language", "dc.language", "inlanguage")

_ISO_DAY = re.compile(r"(?<!\d)((?:19|20)\d\d)[-/.]?(0[1-9]|1[0-2])[-/.]?(0[1-9]|[12]\d|3[01])(?!\d)")
_URL_DAY = re.compile(r"(?<!\d)((?:19|20)\d\d)[/_-](0?[1-9]|1[0-2])[/_-](0?[1-9]|[12]\d|3[01])(?=[/_.-]|$)")
_WS = re.compile(r"\s+")
_LANG = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*$")


def iso_day(value: str) -> str | None:
    """``YYYY-MM-DD`` from a machine-written date (ISO 8601, ``2020/05/14``, ``20200514``).

    Free-form dates ("Sep 25, 2020") are left to htmldate; a real calendar day is
    required, so "2020-02-30" is no date rather than a wrong one."""
    m = _ISO_DAY.search(value.strip()[:40])
    return _checked_day(m.group(1), m.group(2), m.group(3)) if m else None


def _checked_day(y: str, m: str, d: str) -> str | None:
    try:
        return date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


#: UTC offsets (hours, lowest and highest over the year) of a country's publishers,
#: for the countries whose every zone keeps a UTC evening or early morning on one side
#: of midnight; a country missing here leaves a UTC timestamp's day as written
_REGION_OFFSETS: dict[str, tuple[float, float]] = {
    "US": (-10, -4), "CA": (-8, -2.5), "MX": (-8, -5), "BR": (-5, -2), "AR": (-3, -3), "CL": (-4, -3),
    "CO": (-5, -5), "PE": (-5, -5), "VE": (-4, -4), "GB": (0, 1), "UK": (0, 1), "IE": (0, 1), "PT": (0, 1),
    "FR": (1, 2), "DE": (1, 2), "ES": (1, 2), "IT": (1, 2), "NL": (1, 2), "BE": (1, 2), "CH": (1, 2),
    "AT": (1, 2), "PL": (1, 2), "CZ": (1, 2), "SE": (1, 2), "NO": (1, 2), "DK": (1, 2), "HU": (1, 2),
    "RS": (1, 2), "HR": (1, 2), "GR": (2, 3), "RO": (2, 3), "BG": (2, 3), "UA": (2, 3), "FI": (2, 3),
    "TR": (3, 3), "MA": (0, 1), "DZ": (1, 1), "TN": (1, 1), "LY": (2, 2), "EG": (2, 3), "SD": (2, 2),
    "IL": (2, 3), "PS": (2, 3), "JO": (2, 3), "LB": (2, 3), "SY": (2, 3), "IQ": (3, 3), "SA": (3, 3),
    "KW": (3, 3), "QA": (3, 3), "BH": (3, 3), "YE": (3, 3), "AE": (4, 4), "OM": (4, 4), "IR": (3.5, 4.5),
    "PK": (5, 5), "IN": (5.5, 5.5), "BD": (6, 6), "TH": (7, 7), "VN": (7, 7), "CN": (8, 8), "TW": (8, 8),
    "HK": (8, 8), "SG": (8, 8), "MY": (8, 8), "PH": (8, 8), "JP": (9, 9), "KR": (9, 9), "NZ": (12, 13),
}

_REGION = re.compile(r"^[A-Za-z]{2,3}[-_]([A-Za-z]{2})$")
_UTC_STAMP = re.compile(r"^((?:19|20)\d\d)-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::\d\d(?:\.\d+)?)?"
                        r"\s*(?:Z|[+-]00:?00|UTC|GMT)$", re.IGNORECASE)


def page_region(locale: str | None, url: str | None) -> str | None:
    """The country a page declares (``en_US``, ``fr-CA``), else its host's country-code TLD.

    Facebook's ``ar_AR`` is its generic Arabic locale, not Argentina: it names no country."""
    m = _REGION.match((locale or "").strip())
    if m and m.group(1).upper() != "AR":
        return m.group(1).upper()
    host = urlsplit(url).hostname if url else None
    tld = host.rsplit(".", 1)[-1].upper() if host and "." in host else ""
    return tld if tld in _REGION_OFFSETS else None


def publisher_day(value: str, region: str | None) -> str | None:
    """The day of a machine-written date as its publisher saw it.

    A timestamp in UTC (``…T02:54:29Z``) can fall on the next or previous day of the
    publisher's own calendar, which is the day their readers (and the page) name.
    When the page's country puts every one of its time zones on the same other side
    of midnight, that day is taken; otherwise the day as written."""
    written = iso_day(value)
    m = _UTC_STAMP.match(value.strip())
    if written is None or m is None or region not in _REGION_OFFSETS:
        return written
    stamp = datetime(int(m.group(1)), int(m.group(2)), int(m.group(3)), int(m.group(4)), int(m.group(5)))
    low, high = _REGION_OFFSETS[region]
    days = {(stamp + timedelta(hours=h)).date().isoformat() for h in (low, high)}
    return days.pop() if len(days) == 1 else written


def utc_day_shift(written: str | None, day: str) -> bool:
    """True when ``written`` is a UTC timestamp that is ``day`` somewhere a news
    publisher may be (UTC-8 to UTC+9): ``2020-02-18T02:18Z`` is 17 February in Miami,
    ``2020-07-09T10:04Z`` is 9 July everywhere from California to Tokyo."""
    m = _UTC_STAMP.match((written or "").strip())
    if m is None:
        return False
    stamp = datetime(int(m.group(1)), int(m.group(2)), int(m.group(3)), int(m.group(4)), int(m.group(5)))
    return any((stamp + timedelta(hours=h)).date().isoformat() == day for h in (-8, 9))


def url_day(url: str | None) -> str | None:
    """The day a URL's path spells out in full (``/2020/05/14/``, ``2020-05-14``).

    A path with only a year and month, or a day in an unusual order
    (arabic.cnn.com's ``/2013/middle_east/8/3/``), gives nothing: no guessing."""
    if not url:
        return None
    m = _URL_DAY.search(urlsplit(url).path)
    return _checked_day(m.group(1), m.group(2), m.group(3)) if m else None


def clean(value: Any) -> str | None:
    """A metadata string with character references resolved (JSON-LD and attribute
    values often carry ``&#8220;`` or ``&nbsp;`` escaped twice) and its white space
    collapsed; ``None`` when empty."""
    if not isinstance(value, str):
        return None
    out = _WS.sub(" ", html_lib.unescape(value) if "&" in value else value).strip()
    return out or None


def language_code(value: str | None) -> str | None:
    """The primary language subtag, lower case (``ar_AR`` → ``ar``, ``en-GB`` → ``en``)."""
    m = _LANG.match((value or "").strip())
    return m.group(1).lower() if m else None


# ----------------------------------------------------------------------- JSON-LD


def _ld_objects(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for x in data:
            yield from _ld_objects(x)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "itemListElement"):
            if key in data:
                yield from _ld_objects(data[key])


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type")
    names = t if isinstance(t, list) else [t]
    return {n.lower() for n in names if isinstance(n, str)}


def _name(value: Any) -> str | None:
    """A person's or organisation's name from a schema.org value (string, object or list)."""
    if isinstance(value, list):
        names = [n for n in (_name(v) for v in value) if n]
        return ", ".join(dict.fromkeys(names)) or None
    if isinstance(value, dict):
        return clean(value.get("name"))
    name = clean(value)
    return None if name is None or name.startswith(("http://", "https://", "@", "/")) else name


def _ld_url(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url")
    url = clean(value)
    return url if url and url.startswith(("http://", "https://")) else None


def json_ld(blocks: list[str]) -> dict[str, str]:
    """Title, dates, author, site, URL and language from the page's JSON-LD blocks.

    The first object of an article type wins; a page's ``WebPage`` or ``WebSite``
    object fills what the article object leaves out.  Broken JSON (common: trailing
    commas, HTML comments) is skipped, not guessed at."""
    objects: list[dict[str, Any]] = []
    for block in blocks:
        try:
            objects.extend(_ld_objects(json.loads(block.strip().removeprefix("<!--").removesuffix("-->"))))
        except (ValueError, RecursionError):
            continue
    ranked = sorted(objects, key=lambda o: 0 if _types(o) & (_ARTICLE_TYPES - {"webpage", "creativework"})
                    else 1 if _types(o) & _ARTICLE_TYPES else 2)
    out: dict[str, str] = {}
    for obj in ranked:
        if not _types(obj) & _ARTICLE_TYPES:
            if "website" in _types(obj) and (site := clean(obj.get("name"))):
                out.setdefault("outlet", site)
            continue
        found = {
            "title": clean(obj.get("headline")) or clean(obj.get("name")),
            "date": clean(str(obj.get("datePublished") or obj.get("dateCreated") or "")),
            "modified": clean(str(obj.get("dateModified") or "")),
            "author": _name(obj.get("author") or obj.get("creator")),
            "outlet": _name(obj.get("publisher")) if not isinstance(obj.get("publisher"), list) else None,
            "url": _ld_url(obj.get("mainEntityOfPage")) or _ld_url(obj.get("url")),
            "language": language_code(clean(obj.get("inLanguage"))),
        }
        for key, value in found.items():
            if value:
                out.setdefault(key, value)
    return out


# ------------------------------------------------------------------------ meta tags


def meta_tags(tree: Any) -> dict[str, str]:
    """``<meta name|property|itemprop|http-equiv=… content=…>`` as a lower-case dict (first wins)."""
    out: dict[str, str] = {}
    for el in tree.iter("meta"):
        content = clean(el.get("content") or el.get("datetime"))
        if not content:
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = (el.get(attr) or "").strip().lower()
            if key:
                out.setdefault(key, content)
    return out


#: RDFa and microdata attributes that mark an element as the publication date
_MARKED_DATE = ("datepublished", "dc:date", "dc:created", "dcterms:created", "dcterms:issued", "schema:datepublished")


def marked_up_date(tree: Any, day: Any) -> Found | None:
    """A publication date marked up in the page's body (RDFa ``property="dc:date"``,
    microdata ``itemprop="datePublished"``) with a machine-readable ``content`` or
    ``datetime``: Drupal sites such as assabah.com.tn state their date only there."""
    for el in tree.xpath("//*[@property or @itemprop]"):
        if el.tag == "meta":
            continue
        marks = f"{el.get('property') or ''} {el.get('itemprop') or ''}".lower().split()
        if any(m in _MARKED_DATE for m in marks):
            raw = clean(el.get("content") or el.get("datetime"))
            if raw and (value := day(raw)):
                return Found(value, "markup", raw)
    return None


def read_page_meta(html: str, url: str | None = None) -> PageMeta:
    """The page's statements about itself, read from JSON-LD, meta tags and links.

    ``url`` is where the page was fetched from, if known; the page's canonical URL
    wins over it.  Values the markup does not state are ``None`` here; the caller
    fills them from trafilatura/htmldate (origin ``markup``) and the URL
    (:func:`url_day`)."""
    import lxml.html

    try:
        parser = lxml.html.HTMLParser(encoding="utf-8")  # the page is decoded already: no guess from bytes
        tree = lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
    except Exception:  # unparsable markup states nothing
        return PageMeta()
    ld = json_ld([s.text or "" for s in tree.iter("script") if "ld+json" in (s.get("type") or "").lower()])
    tags = meta_tags(tree)

    def pick(key: str, keys: tuple[str, ...], accept: Any = clean) -> Found | None:
        if ld.get(key) and (value := accept(ld[key])):
            return Found(value, "json-ld", ld[key] if value != ld[key] else None)
        for name in keys:
            if name in tags and (value := accept(tags[name])):
                return Found(str(value), "meta", tags[name] if value != tags[name] else None)
        return None

    canonical = next((clean(el.get("href")) for el in tree.iter("link")
                      if "canonical" in (el.get("rel") or "").lower().split() and clean(el.get("href"))), None)
    page_url = pick("url", _META_URL, _ld_url)
    if canonical and canonical.startswith(("http://", "https://")):
        page_url = Found(canonical, "markup") if page_url is None else page_url
    html_lang = language_code(tree.get("lang") or tree.get("xml:lang"))
    language = pick("language", _META_LANG, language_code) or (Found(html_lang, "markup") if html_lang else None)
    outlet = pick("outlet", _META_SITE, lambda v: None if (v or "").startswith("@") else clean(v))
    region = page_region(tags.get("og:locale") or tree.get("lang"), (page_url.value if page_url else None) or url)

    def day(value: str) -> str | None:
        return publisher_day(value, region)

    return PageMeta(
        title=pick("title", _META_TITLE),
        date=pick("date", _META_DATE, day) or marked_up_date(tree, day),
        modified=pick("modified", _META_MODIFIED, day),
        author=pick("author", _META_AUTHOR, _name),
        outlet=outlet,
        url=page_url,
        language=language,
    )


# ------------------------------------------------------------------ title suffixes

_SEPARATORS = re.compile(r"\s+[|\-–—:·•»«/]\s+|\s+::\s+")


def _key(s: str) -> str:
    """A comparison key: Arabic letter variants unified, case and punctuation dropped."""
    s = normalize_text(unicodedata.normalize("NFKC", s)).casefold()
    return "".join(ch for ch in s if ch.isalnum())


def _names_site(part: str, outlet: str | None, host: str | None) -> bool:
    key = _key(part)
    if not key:
        return False
    if outlet and (ok := _key(outlet)) and (key == ok or (len(key) >= 3 and (key in ok or ok in key))):
        return True
    if host:
        labels = [lab for lab in host.lower().split(".") if lab not in {"www", "com", "net", "org", "co", "news"}]
        if key in labels or key == "".join(labels):
            return True
        words = [_key(w) for w in part.split()]
        if len(words) > 1 and all(w and w.isascii() and any(w in lab for lab in labels) for w in words):
            return True  # "CNN Arabic" on arabic.cnn.com
    return False


def strip_site_name(title: str, outlet: str | None, url: str | None) -> str:
    """``title`` without the site's name the page appends or prepends to it.

    "… - اليوم السابع" and "| CNN Arabic" are cut only when the cut part names the
    site (its ``og:site_name`` or its host name), so a headline's own dash
    ("لواء الاسلام - جبهة النصرة") is kept."""
    host = urlsplit(url).hostname if url else None
    original = title
    for _ in range(2):  # "Title - Section | Site": at most two trailing parts
        parts = _SEPARATORS.split(title)
        if len(parts) < 2:
            break
        seps = _SEPARATORS.findall(title)
        if _names_site(parts[-1], outlet, host):
            title = title[: len(title) - len(parts[-1]) - len(seps[-1])].strip()
        elif _names_site(parts[0], outlet, host):
            title = title[len(parts[0]) + len(seps[0]):].strip()
        else:
            break
    return title if len(_key(title)) >= 3 else original  # a title that was only the site's name stays
