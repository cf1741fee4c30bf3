"""Find and read input files: single files, directories of them, or standard input.

Each input becomes an :class:`InputDoc` or an :class:`InputError`; one bad file
never stops the others (the caller reports it and goes on).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from rasd import limits
from rasd.article import Source
from rasd.errors import InputError
from rasd.ingest.decode import declared_charset, decode_bytes
from rasd.ingest.html import extract_html, looks_like_html

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ""})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
#: Every other kind a command reads (:mod:`rasd.ingest.sources`), found in folders too.
OTHER_SUFFIXES = (".json", ".jsonl", ".ndjson", ".json.gz", ".jsonl.gz", ".ndjson.gz", ".zip", ".warc", ".warc.gz",
                  ".rss", ".atom", ".xml")


@dataclass(frozen=True, slots=True)
class InputDoc:
    """Decoded article text and where it came from."""

    name: str
    text: str
    source: Source


def expand_paths(paths: list[str]) -> Iterator[str]:
    """Files named, and the inputs inside named directories (sorted): text and HTML
    files (also without a suffix), JSON, archives, WARCs and feeds."""
    for p in paths:
        path = Path(p)
        if p != "-" and path.is_dir():
            found = sorted(
                f for f in path.rglob("*")
                if f.is_file() and not f.name.startswith(".")
                and (f.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES or f.name.lower().endswith(OTHER_SUFFIXES))
                and not f.name.upper().startswith(("LICENSE", "README"))
            )
            yield from (str(f) for f in found)
        else:
            yield p


def read_bytes(name: str) -> bytes:
    """The bytes of a file, or of standard input for ``-``, up to the input limit
    (``RASD_MAX_INPUT_MB``, :mod:`rasd.limits`): a larger input is refused before it is read."""
    lim = limits.current()
    if name == "-":
        stdin = getattr(sys.stdin, "buffer", None)
        if stdin is None:  # replaced by a text stream (tests, embedding)
            return sys.stdin.read(lim.max_input_bytes + 1).encode("utf-8")[: lim.max_input_bytes + 1]
        return limits.read_at_most(stdin, lim.max_input_bytes, "<stdin>", limits=lim)
    path = Path(name)
    if not path.exists():
        raise InputError(f"{name}: no such file")
    if path.is_dir():
        raise InputError(f"{name}: is a directory with no .txt or .html files")
    try:
        if path.stat().st_size > lim.max_input_bytes:  # refused before a byte is read
            raise lim.too_large(name)
        with path.open("rb") as fh:
            return limits.read_at_most(fh, lim.max_input_bytes, name, limits=lim)
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror})") from exc


def load_document(name: str, data: bytes | None = None) -> InputDoc:
    """Decode one input; HTML goes through the extractor."""
    raw = read_bytes(name) if data is None else data
    is_html = Path(name).suffix.lower() in HTML_SUFFIXES or looks_like_html(raw)
    text = decode_bytes(raw, name, declared=declared_charset(raw) if is_html else None)
    path = None if name == "-" else name
    if is_html or looks_like_html(text):
        body, source = extract_html(text, name=name)
        return InputDoc(name, body, replace(source, path=path))
    return InputDoc(name, text, Source(path=path))


def iter_documents(paths: list[str]) -> Iterator[InputDoc | InputError]:
    """Every input as a document or the error that kept it from being one."""
    for name in expand_paths(paths):
        try:
            yield load_document(name)
        except InputError as exc:
            yield exc
