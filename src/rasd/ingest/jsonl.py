"""JSON Lines and JSON arrays of articles, plain or zipped or gzipped.

Two record shapes are understood:

* generic: ``{"text" | "content": ..., "title", "url", "date", "source", "author"}``
* SaudiNewsNet dumps: ``{"source", "url", "date_extracted", "title", "author", "content"}``

and a rasd record (``"schema": "rasd.article/1"``) is taken as already analysed.
Each record is yielded with its position (``file.zip:member.json#12``) so a bad one
is reported where it is and the rest go on.  A JSON array is read one file at a
time (a SaudiNewsNet day is about 12 MB); JSON Lines are streamed line by line.
Every read is bounded (:mod:`rasd.limits`); a record that is not valid JSON, is
nested too deeply for the parser, or whose text is not storable Unicode
(:mod:`rasd.textcheck`) is reported with its position and skipped.
"""

from __future__ import annotations

import gzip
import html
import io
import json
import lzma
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from rasd.article import Source
from rasd.errors import InputError, LimitError
from rasd.limits import CountingReader, ExpansionGuard, GuardedReader, Limits, current, read_at_most, read_line
from rasd.textcheck import require_valid, require_valid_fields

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
        if not rec["text"].strip():
            raise InputError(f"{position}: no article text (a rasd record with an empty 'text')")
        record = json.dumps(rec, ensure_ascii=False)
        require_valid(rec["text"], position)
        require_valid(record, position, "record")
        return JsonArticle(position, rec["text"], Source(path=path), record=record)
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
    require_valid(text, position)
    require_valid_fields({k: getattr(source, k) for k in ("url", "outlet", "date", "author")}, position)
    return JsonArticle(position, text, source)


_SPACE = b" \t\r\n"
_SCAN = re.compile(r'["\\\[\]{},]')
_DECODER = json.JSONDecoder()
_WS_CHARS = " \t\r\n"


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


#: Strict JSON: NaN and Infinity are not numbers a store (PostgreSQL jsonb) can keep.
_STRICT = json.JSONDecoder(parse_constant=_no_constants)


def _loads(text: str, where: str) -> Any:
    """One JSON value, or :class:`InputError` saying why not (bad syntax, nested past
    Python's recursion limit, an integer too long to convert, NaN)."""
    try:
        return _STRICT.decode(text)
    except RecursionError:
        raise InputError(f"{where}: JSON nested too deeply to read, record refused") from None
    except ValueError as exc:  # JSONDecodeError, and int/NaN conversion errors
        raise InputError(f"{where}: not valid JSON ({exc})") from None


def _skip_space(stream: IO[bytes]) -> bytes:
    """Skip white space (and a UTF-8 BOM) at the start of ``stream``; return the first
    other byte, or b"" at the end.  Reads in blocks: a file of spaces costs no Python loop per byte."""
    pending = b""
    while True:
        block = pending or stream.read(1 << 16)
        pending = b""
        if not block:
            return b""
        if block.startswith(b"\xef\xbb\xbf"):
            block = block[3:]
        rest = block.lstrip(_SPACE)
        if rest:
            return rest


def _records_in_text(stream: IO[bytes], where: str, limits: Limits) -> Iterator[tuple[str, Any] | InputError]:
    """(position, record) for a JSON array/object, or one per line for JSON Lines.

    JSON Lines are streamed (each line bounded by the input limit).  A JSON array, or
    one object spread over lines, is read whole (bounded by the same limit); an array
    is taken apart element by element, so a bad element costs that element, not the file.
    """
    first = _skip_space(stream)
    if not first:
        return
    stream = _unread(first, stream)
    if first[:1] not in (b"[", b"{"):
        yield from _lines(stream, where, limits)
        return
    if first[:1] == b"{":  # JSON Lines, unless the first line is not a whole JSON value
        line, whole = read_line(stream, limits.max_input_bytes)
        if not whole:
            yield limits.too_large(f"{where}:1", "line")
            yield from _lines(stream, where, limits, start=1)
            return
        if _is_json(line):
            yield from _lines(_unread(line, stream), where, limits)
            return
        first = line
    else:
        first = b""
    try:
        data = first + read_at_most(stream, max(0, limits.max_input_bytes - len(first)), where,
                                    "JSON document", limits)
        text = data.decode("utf-8-sig")
    except LimitError as exc:
        yield exc
        return
    except UnicodeDecodeError as exc:
        yield InputError(f"{where}: not UTF-8 JSON (byte {exc.start}: {exc.reason})")
        return
    del data
    if text.startswith("["):
        yield from _array_items(text, where)
        return
    try:
        value = _loads(text, where)
    except InputError as exc:
        if first and _later_line_is_a_record(text):  # JSON Lines whose first line is broken
            yield from _lines(io.BytesIO(text.encode("utf-8")), where, limits)
        else:
            yield exc
        return
    yield f"{where}#0", value


def _later_line_is_a_record(text: str) -> bool:
    """Whether a line after the first of ``text`` is a whole JSON object on its own: then a
    document that does not parse is JSON Lines with a broken first line (each line is
    reported on its own), and otherwise one broken document (pretty-printed JSON with a
    NaN, a file cut short), reported once, not once per line."""
    for line in text.split("\n")[1:]:
        line = line.strip()
        if line.startswith("{") and line.endswith("}"):
            try:
                if isinstance(_loads(line, ""), dict):
                    return True
            except InputError:
                continue
    return False


def _is_json(line: bytes) -> bool:
    try:
        _loads(line.decode("utf-8-sig"), "")
    except (InputError, UnicodeDecodeError):
        return False
    return True


def _unread(head: bytes, stream: IO[bytes]) -> IO[bytes]:
    """``stream`` with ``head`` (bytes already read from it) put back in front."""
    return io.BufferedReader(_Prefixed(head, stream))


class _Prefixed(io.RawIOBase):
    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        super().__init__()
        self._head = head
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _lines(stream: IO[bytes], where: str, limits: Limits, start: int = 0) -> Iterator[tuple[str, Any] | InputError]:
    n = start
    while True:
        line, whole = read_line(stream, limits.max_input_bytes)
        if not line:
            return
        n += 1
        if not whole:
            yield limits.too_large(f"{where}:{n}", "line")
            continue
        if not line.strip():
            continue
        try:
            text = line.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            yield InputError(f"{where}:{n}: not valid JSON (not UTF-8: byte {exc.start}, {exc.reason})")
            continue
        try:
            yield f"{where}:{n}", _loads(text, f"{where}:{n}")
        except InputError as exc:
            yield exc


def _array_items(text: str, where: str) -> Iterator[tuple[str, Any] | InputError]:
    """The elements of the JSON array ``text``, one at a time; a bad element is
    reported and skipped (its end found by bracket matching), the rest still read."""
    i = text.index("[") + 1
    n = 0
    while True:
        i = _skip_ws(text, i)
        if i >= len(text):
            yield InputError(f"{where}#{n}: the JSON array is not closed (file cut short?)")
            return
        if text[i] == "]" and n == 0:
            return
        try:
            value, end = _raw_decode(text, i)
            yield f"{where}#{n}", value
        except InputError as exc:
            yield InputError(f"{where}#{n}: {exc}")
            skipped = _value_end(text, i)
            if skipped is None:
                return
            end = skipped
        n += 1
        i = _skip_ws(text, end)
        if i < len(text) and text[i] == ",":
            i += 1
            continue
        if i < len(text) and text[i] == "]":
            if text[i + 1 :].strip():
                yield InputError(f"{where}: text after the end of the JSON array, ignored")
            return
        yield InputError(f"{where}#{n}: the JSON array is not closed (file cut short?)" if i >= len(text)
                         else f"{where}#{n}: expected ',' or ']' between array elements; stopped reading")
        return


def _skip_ws(text: str, i: int) -> int:
    while i < len(text) and text[i] in _WS_CHARS:
        i += 1
    return i


def _raw_decode(text: str, i: int) -> tuple[Any, int]:
    try:
        return _STRICT.raw_decode(text, i)
    except RecursionError:
        raise InputError("JSON nested too deeply to read, record refused") from None
    except ValueError as exc:
        raise InputError(f"not valid JSON ({exc})") from None


def _value_end(text: str, i: int) -> int | None:
    """Where the JSON value starting at ``i`` ends (bracket matching that ignores
    brackets inside strings, without recursion), or None when it never does."""
    depth = 0
    in_str = False
    pos = i
    while True:
        m = _SCAN.search(text, pos)
        if m is None:
            return None
        ch, j = m.group(), m.start()
        pos = j + 1
        if in_str:
            if ch == "\\":
                pos = j + 2
            elif ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            if depth == 0:
                return j
            depth -= 1
            if depth == 0:
                return j + 1
        elif ch == "," and depth == 0:
            return j


_ARCHIVE_ERRORS = (OSError, EOFError, zipfile.BadZipFile, zlib.error, lzma.LZMAError, NotImplementedError,
                   RuntimeError, ValueError, struct.error)


def iter_json_articles(path: str) -> Iterator[JsonArticle | InputError]:
    """Every article in a .json/.jsonl file, a .gz of one, or a .zip of them.

    Compressed inputs are read through an :class:`~rasd.limits.ExpansionGuard`: an
    archive that expands past ``RASD_MAX_RATIO`` is refused where it is, keeping
    the records read before it.  A damaged or cut-short archive is reported the
    same way (the records before the damage are kept, the one it cut is named).
    """
    limits = current()
    try:
        raw = CountingReader(Path(path).open("rb"))  # noqa: SIM115 - closed by the with below
    except OSError as exc:
        yield InputError(f"{path}: cannot read ({exc.strerror or exc})")
        return
    last = [path]

    def track(items: Iterator[JsonArticle | InputError]) -> Iterator[JsonArticle | InputError]:
        for item in items:
            last[0] = item.position if isinstance(item, JsonArticle) else last[0]
            yield item

    with raw:
        try:
            if path.lower().endswith(".zip"):
                yield from track(_zip_articles(raw, path, limits))
            elif path.lower().endswith(".gz"):
                guard = ExpansionGuard(path, lambda: raw.count, limits)
                with gzip.GzipFile(fileobj=raw, mode="rb") as gz:
                    yield from track(_articles(io.BufferedReader(GuardedReader(gz, guard)), path, path, limits))
            else:
                yield from track(_articles(io.BufferedReader(raw), path, path, limits))
        except LimitError as exc:
            yield exc
        except _ARCHIVE_ERRORS as exc:
            after = f" after {last[0]}" if last[0] != path else ""
            yield InputError(f"{path}: damaged or cut short{after}, stopped reading ({_reason(exc)}); "
                             "the records before are kept")


def _reason(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__


def _zip_articles(raw: CountingReader, path: str, limits: Limits) -> Iterator[JsonArticle | InputError]:
    guard = ExpansionGuard(path, lambda: raw.count, limits)
    with zipfile.ZipFile(raw) as zf:
        for info in zf.infolist():
            # (an empty member name, which zipfile's is_dir() cannot take, is no JSON file either)
            if not is_json_path(info.filename) or info.is_dir() or Path(info.filename).name.startswith("."):
                continue
            where = f"{path}:{info.filename}"
            try:
                with zf.open(info) as member:
                    stream: IO[bytes] = io.BufferedReader(GuardedReader(member, guard))
                    if info.filename.lower().endswith(".gz"):
                        stream = io.BufferedReader(GuardedReader(gzip.GzipFile(fileobj=stream, mode="rb"), guard))
                    yield from _articles(stream, where, path, limits)
            except LimitError:
                raise  # the archive as a whole is a bomb: stop reading it
            except _ARCHIVE_ERRORS as exc:  # one damaged member: the others are still read
                yield InputError(f"{where}: damaged member, skipped ({_reason(exc)})")


def _articles(stream: IO[bytes], where: str, path: str, limits: Limits) -> Iterator[JsonArticle | InputError]:
    for item in _records_in_text(stream, where, limits):
        if isinstance(item, InputError):
            yield item
            continue
        position, rec = item
        try:
            yield record_to_article(rec, position, path)
        except InputError as exc:
            yield exc
        except RecursionError:  # a record nested just below the reader's limit
            yield InputError(f"{position}: JSON nested too deeply to read, record refused")
