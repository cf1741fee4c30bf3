"""The FEEDS file ``rasd watch`` reads, and the starter list rasd ships.

One feed per line: its URL (RSS, Atom or a sitemap), then optionally, separated by
TABs or `` | ``, the outlet's name (stored as each record's ``source.outlet``) and
its country (ISO 3166-1 alpha-3, as ``resources/data/outlets.tsv``).  Blank lines
and ``#`` comments are skipped.  A line that is not so is refused with its number,
so a typo stops the watcher at start rather than silently dropping a feed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

from rasd.errors import InputError
from rasd.ingest.files import read_bytes

#: The shipped starter list (same format), under ``rasd.resources``.
STARTER = "data/arabic_feeds.tsv"

_SEP = re.compile(r"\t+|\s+\|\s+")
_COUNTRY = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True, slots=True)
class FeedSpec:
    """One feed to watch, as its line gives it."""

    url: str
    outlet: str | None = None
    country: str | None = None


def parse_feed_list(text: str, name: str) -> list[FeedSpec]:
    """The feeds of a FEEDS file's ``text`` (``name`` is for messages); a URL given twice is kept once."""
    feeds: dict[str, FeedSpec] = {}
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = [p.strip() for p in _SEP.split(line)]
        url = parts[0]
        if not re.match(r"^https?://[^/\s]+", url) or " " in url:
            raise InputError(f"{name}:{n}: expected a feed URL (http:// or https://) first on the line, "
                             f"got {url[:80]!r}")
        if len(parts) > 3:
            raise InputError(f"{name}:{n}: too many fields ({len(parts)}); a line is URL, outlet, country "
                             "separated by TABs or ' | '")
        outlet = parts[1] if len(parts) > 1 and parts[1] else None
        country = parts[2].upper() if len(parts) > 2 and parts[2] else None
        if country is not None and not _COUNTRY.match(country):
            raise InputError(f"{name}:{n}: country {parts[2][:20]!r} is not an ISO 3166-1 alpha-3 code "
                             "(SAU, EGY, QAT …)")
        feeds.setdefault(url, FeedSpec(url, outlet, country))
    return list(feeds.values())


def read_feed_list(path: str) -> list[FeedSpec]:
    """The feeds listed in the file at ``path``; :class:`InputError` when it is unreadable or lists none."""
    raw = read_bytes(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (invalid byte at offset {exc.start}); a FEEDS file is "
                         "one feed URL per line") from exc
    feeds = parse_feed_list(text, path)
    if not feeds:
        raise InputError(f"{path}: lists no feeds; a FEEDS file is one feed URL per line "
                         "(optionally followed by outlet and country)")
    return feeds


def starter_text() -> str:
    """The shipped starter list, as a FEEDS file."""
    return resources.files("rasd.resources").joinpath(STARTER).read_text(encoding="utf-8")


def starter_feeds() -> list[FeedSpec]:
    """The shipped starter list's feeds."""
    return parse_feed_list(starter_text(), STARTER)
