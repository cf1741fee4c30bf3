"""Every kind of input, as one stream of work items with their positions.

``iter_items(paths)`` turns files, directories, JSON/JSONL (plain, .gz, .zip),
WARC (.warc, .warc.gz), RSS/Atom feeds (file or URL), .txt and .html into
:class:`WorkItem` values, or :class:`InputError` values for what cannot be read,
so the caller reports a bad record with its position and goes on.  Reading is
lazy: one file (one JSON array) is held at a time, never the corpus.

Heavy work (HTML extraction, analysis) is left to the workers: an HTML item
carries its bytes, a text item its decoded text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rasd.article import Source
from rasd.errors import InputError
from rasd.ingest.decode import decode_text
from rasd.ingest.files import HTML_SUFFIXES, read_bytes
from rasd.ingest.html import looks_like_html
from rasd.ingest.jsonl import is_json_path, iter_json_articles

WARC_SUFFIXES = (".warc", ".warc.gz")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
TEXT_SUFFIXES = (".txt", ".text", ".md")
_ALL = (*TEXT_SUFFIXES, *HTML_SUFFIXES, *WARC_SUFFIXES, *FEED_SUFFIXES,
        ".json", ".jsonl", ".ndjson", ".json.gz", ".jsonl.gz", ".ndjson.gz", ".zip")


@dataclass(frozen=True, slots=True)
class WorkItem:
    """One article to analyse: where it is, and its text, HTML or finished record."""

    position: str
    source: Source
    text: str | None = None
    html: bytes | None = None
    record: str | None = None  # an already analysed rasd record (JSON)
    warnings: tuple[str, ...] = ()  # from reading it (mixed encodings …), kept in the record


def kind_of(name: str) -> str:
    """What reads ``name``: feed, warc, json, html or text."""
    low = name.lower()
    if low.startswith(("http://", "https://")):
        return "feed"
    if low.endswith(WARC_SUFFIXES):
        return "warc"
    if low.endswith(".zip") or is_json_path(low):
        return "json"
    if low.endswith(FEED_SUFFIXES):
        return "feed"
    if low.endswith(tuple(HTML_SUFFIXES)):
        return "html"
    return "text"


def expand(paths: list[str]) -> Iterator[str]:
    """Named inputs, with directories replaced by the inputs inside them (sorted)."""
    for p in paths:
        path = Path(p)
        if not p.startswith(("http://", "https://")) and path.is_dir():
            yield from (str(f) for f in sorted(path.rglob("*")) if f.is_file() and not f.name.startswith(".")
                        and f.name.lower().endswith(_ALL) and not f.name.upper().startswith(("LICENSE", "README")))
        else:
            yield p


def iter_items(paths: list[str]) -> Iterator[WorkItem | InputError]:
    """Every article in ``paths`` as a :class:`WorkItem`, or the error that stopped it.

    A reader that fails in a way it did not foresee (a bug) costs the rest of that
    input, reported as an error naming it, never the other inputs of the run."""
    for name in expand(paths):
        try:
            yield from _items_of(name)
        except InputError as exc:
            yield exc
        except Exception as exc:  # a reader bug: report it with the input's name, go on
            yield InputError(f"{name}: reading stopped by an internal error, please report "
                             f"({type(exc).__name__}: {exc})")


def _items_of(name: str) -> Iterator[WorkItem | InputError]:
    kind = kind_of(name)
    if kind == "json":
        for art in iter_json_articles(name):
            if isinstance(art, InputError):
                yield art
            else:
                yield WorkItem(art.position, art.source, text=art.text, record=art.record)
    elif kind == "warc":
        from rasd.ingest.warc import iter_warc_items

        yield from iter_warc_items(name)
    elif kind == "feed":
        from rasd.ingest.feeds import iter_feed_items

        yield from iter_feed_items(name)
    else:
        yield _file_item(name, kind)


def _file_item(name: str, kind: str) -> WorkItem | InputError:
    source = Source(path=None if name == "-" else name)
    try:
        data = read_bytes(name)
        if kind == "html" or looks_like_html(data):
            return WorkItem(name, source, html=data)
        decoded = decode_text(data, name)
    except InputError as exc:
        return exc
    if looks_like_html(decoded.text):
        return WorkItem(name, source, html=data)
    return WorkItem(name, source, text=decoded.text, warnings=decoded.warnings)


def count_items(paths: list[str]) -> int | None:
    """How many items :func:`iter_items` will yield (for a progress bar's ETA), or
    None when that needs the network (feeds by URL) or a full read of a WARC."""
    total = 0
    for name in expand(paths):
        kind = kind_of(name)
        if kind in ("warc", "feed"):
            return None
        if kind == "json":
            try:
                total += sum(1 for _ in iter_json_articles(name))
            except Exception:  # a reader bug is reported when the items are read, not here
                return None
        else:
            total += 1
    return total
