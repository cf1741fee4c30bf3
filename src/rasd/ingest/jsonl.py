"""JSON Lines and JSON arrays of articles, plain or zipped or gzipped.

Two record shapes are understood:

* generic: ``{"text" | "content": ..., "title", "url", "date", "source", "author"}``
* SaudiNewsNet dumps: ``{"source", "url", "date_extracted", "title", "author", "content"}``

and a rasd record (``"schema": "rasd.article/1"``) is taken as already analysed.
Each record is yielded with its position (``file.zip:member.json#12``) so a bad one
is reported where it is and the rest go on.  A JSON array is read one file at a
time (a SaudiNewsNet day is about 12 MB); JSON Lines are streamed line by line.
"""

from __future__ import annotations

import gzip
import html
import io
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from rasd.article import Source
from rasd.errors import InputError

JSON_SUFFIXES = (".jsonl", ".ndjson", ".json", ".jsonl.gz", ".ndjson.gz", ".json.gz")


@dataclass(frozen=True, slots=True)
class JsonArticle:
    """One article from a JSON record: its text (title line first) and metadata."""

    position: str
    text: str
    source: Source
    record: str | None = None  # a whole rasd record (already analysed), as JSON


def is_json_path(name: str) -> bool:
    low = name.lower()
    return low.endswith(JSON_SUFFIXES)


_ENTITY = re.compile(r"&(?:quot|amp|lt|gt|apos|nbsp|#\d+|#x[0-9a-fA-F]+);")


def _str(rec: dict[str, Any], *keys: str) -> str | None:
    """The first non-blank string field; HTML entities left by scrapers (``&quot;``)
    are decoded, since they are an artefact of the dump, not the article's text."""
    for k in keys:
        v = rec.get(k)
        if isinstance(v, str) and v.strip():
            v = v.strip()
            return html.unescape(v) if _ENTITY.search(v) else v
    return None


def record_to_article(rec: Any, position: str, path: str) -> JsonArticle:
    """Read one JSON record (see the module docstring) or raise :class:`InputError`."""
    if not isinstance(rec, dict):
        raise InputError(f"{position}: a record must be a JSON object, not {type(rec).__name__}")
    if str(rec.get("schema", "")).startswith("rasd.article/") and isinstance(rec.get("text"), str):
        return JsonArticle(position, rec["text"], Source(path=path), record=json.dumps(rec, ensure_ascii=False))
    body = _str(rec, "text", "content", "body")
    if body is None:
        raise InputError(f"{position}: no article text (expected a non-empty 'text' or 'content' field)")
    title = _str(rec, "title", "headline")
    author = _str(rec, "author", "byline")
    if "date_extracted" in rec and title:
        # SaudiNewsNet: the page as scraped, title / byline / body (as benchmarks/snn.py rebuilds it)
        text = f"{title}\n\n" + (f"{author}\n\n" if author else "") + body + "\n"
    else:
        text = f"{title}\n\n{body}\n" if title and not body.startswith(title) else body + "\n"
    source = Source(
        path=path,
        url=_str(rec, "url", "link"),
        outlet=_str(rec, "source", "outlet", "site"),
        title=title,
        date=_str(rec, "date", "date_published", "published", "date_extracted"),
        author=author,
    )
    return JsonArticle(position, text, source)


def _records_in_text(stream: IO[bytes], where: str) -> Iterator[tuple[str, Any] | InputError]:
    """(position, record) for a JSON array/object, or one per line for JSON Lines."""
    head = stream.read(1)
    while head and head in b" \t\r\n\xef\xbb\xbf":
        head = stream.read(1)
    if head == b"[" or head == b"{":
        rest = stream.read()
        data = head + rest
        try:
            value = json.loads(data.decode("utf-8-sig"))
        except (json.JSONDecodeError, UnicodeDecodeError):
            if head == b"{":  # JSON Lines whose first record is an object
                yield from _lines(io.BytesIO(data), where)
                return
            yield InputError(f"{where}: not valid JSON (neither an array nor JSON Lines)")
            return
        items = value if isinstance(value, list) else [value]
        for i, rec in enumerate(items):
            yield f"{where}#{i}", rec
        return
    yield from _lines(io.BytesIO(head + stream.read()), where)


def _lines(stream: IO[bytes], where: str) -> Iterator[tuple[str, Any] | InputError]:
    for n, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            yield f"{where}:{n}", json.loads(line.decode("utf-8-sig"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            yield InputError(f"{where}:{n}: not valid JSON ({exc})")


def iter_json_articles(path: str) -> Iterator[JsonArticle | InputError]:
    """Every article in a .json/.jsonl file, a .gz of one, or a .zip of them."""
    p = Path(path)
    try:
        if path.lower().endswith(".zip"):
            with zipfile.ZipFile(p) as zf:
                for info in zf.infolist():
                    if info.is_dir() or not is_json_path(info.filename) or Path(info.filename).name.startswith("."):
                        continue
                    with zf.open(info) as fh:
                        yield from _articles(fh, f"{path}:{info.filename}", path)
        elif path.lower().endswith(".gz"):
            with gzip.open(p, "rb") as gz:
                yield from _articles(io.BufferedReader(gz), path, path)
        else:
            with p.open("rb") as fh:
                yield from _articles(fh, path, path)
    except (OSError, zipfile.BadZipFile, EOFError) as exc:
        yield InputError(f"{path}: cannot read ({exc})")


def _articles(stream: IO[bytes], where: str, path: str) -> Iterator[JsonArticle | InputError]:
    for item in _records_in_text(stream, where):
        if isinstance(item, InputError):
            yield item
            continue
        position, rec = item
        try:
            yield record_to_article(rec, position, path)
        except InputError as exc:
            yield exc
