"""Crawl-scale WARC input: lists of WARC paths, and WARC files split across workers.

A crawl is many large WARC files (Common Crawl's are about 1 GB each, some
30 000 HTML pages).  Shipping their pages from one reader to many workers would
make the reader the bottleneck, so for a cluster a WARC file travels as its
*path* and the workers read it:

1. :func:`index_warc` (one task per file) reads the file once and returns the
   offsets of its HTML responses, a few bytes each;
2. :func:`read_warc_slice` (one task per slice of offsets) seeks to each offset
   and reads that one record.  Per-record gzip members (the WARC standard, and
   Common Crawl's layout) make every record start a valid place to begin reading.

Inputs may name WARC files directly, name folders of them, or name a *list*:
a file ending in ``.paths`` or ``.paths.gz`` with one path per line, as Common
Crawl publishes (``crawl-data/CC-MAIN-2024-10/segments/…/warc/CC-MAIN-….warc.gz``).
Relative paths in a list are resolved against ``prefix`` (``--warc-prefix``): a
local mirror folder, or any URL that fsspec can open (``s3://commoncrawl/`` with
s3fs installed); without a prefix, against the list's own folder.  Paths with a
scheme are opened through fsspec; plain paths with ``open``.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from rasd.article import Source
from rasd.errors import InputError
from rasd.ingest.sources import WARC_SUFFIXES, WorkItem, expand, iter_items

LIST_SUFFIXES = (".paths", ".paths.gz")


@dataclass(frozen=True, slots=True)
class WarcFile:
    """A WARC file for the workers to read (see the module docstring)."""

    path: str


def is_path_list(name: str) -> bool:
    """Whether ``name`` is a list of WARC paths (``warc.paths``, ``warc.paths.gz``)."""
    return name.lower().endswith(LIST_SUFFIXES)


def resolve(path: str, prefix: str | None) -> str:
    """``path`` under ``prefix`` when it is relative (Common Crawl lists are)."""
    if not prefix or "://" in path or path.startswith("/"):
        return path
    if "://" in prefix:
        return prefix.rstrip("/") + "/" + path.lstrip("/")
    return str(Path(prefix) / path)


def read_path_list(name: str, prefix: str | None = None) -> list[str]:
    """The WARC paths listed in ``name`` (one per line; blank lines and ``#`` comments skipped)."""
    try:
        raw = Path(name).read_bytes()
    except OSError as exc:
        raise InputError(f"{name}: cannot read the list of WARC paths ({exc.strerror})") from exc
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as exc:
            raise InputError(f"{name}: damaged gzip ({exc})") from exc
    lines = (ln.strip() for ln in raw.decode("utf-8", errors="replace").splitlines())
    base = prefix if prefix is not None else str(Path(name).parent)
    return [resolve(ln, base) for ln in lines if ln and not ln.startswith("#")]


def expand_lists(paths: list[str], prefix: str | None = None) -> list[str]:
    """``paths`` with every list of WARC paths replaced by the paths it names
    (``prefix`` applies to the lists' entries; other paths are taken as given)."""
    out: list[str] = []
    for p in paths:
        out.extend(read_path_list(p, prefix) if is_path_list(p) else [p])
    return out


def iter_partitions(paths: list[str]) -> Iterator[WorkItem | WarcFile | InputError]:
    """Work for a cluster: each WARC file as a :class:`WarcFile` (read by the workers),
    every other input as its work items (read here, as for the process pool)."""
    for name in expand(paths):
        if name.lower().endswith(WARC_SUFFIXES):
            yield WarcFile(name)
        else:
            yield from iter_items([name])


# ------------------------------------------------------------------ reading WARCs


def open_binary(path: str) -> IO[bytes]:
    """A binary file object for a local path or an fsspec URL (``s3://``, ``https://``)."""
    if "://" in path:
        import fsspec

        try:
            return fsspec.open(path, "rb").open()
        except (OSError, ValueError, ImportError) as exc:
            raise InputError(f"{path}: cannot open ({exc})") from exc
    try:
        return open(path, "rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc


def _html_response(record: Any) -> bool:
    """A successful HTML response (what the store wants); requests, metadata,
    images and redirects are not."""
    if record.rec_type != "response" or record.http_headers is None:
        return False
    ctype = (record.http_headers.get_header("Content-Type") or "").lower()
    return bool(record.http_headers.get_statuscode() == "200" and ("html" in ctype or not ctype))


def index_warc(path: str) -> tuple[list[int], str | None]:
    """The offsets of the HTML responses in the WARC at ``path``, and the error that
    stopped reading early (None when the whole file was read)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    offsets: list[int] = []
    try:
        fh = open_binary(path)
    except InputError as exc:
        return offsets, str(exc)
    seen = 0
    with fh:
        it = ArchiveIterator(fh)
        try:
            for record in it:
                seen += 1
                if not record.rec_headers.get_header("WARC-Record-ID"):
                    return offsets, f"{path}: not a WARC record after {len(offsets)} pages; stopped reading"
                keep = _html_response(record)
                if keep:
                    record.content_stream().read()  # so that the offset below is this record's
                    offsets.append(it.get_record_offset())
        except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
            return offsets, f"{path}: damaged WARC after {len(offsets)} pages, stopped reading ({exc})"
    if not seen:
        return offsets, f"{path}: no WARC records (empty, truncated or not a WARC file)"
    return offsets, None


def read_warc_slice(path: str, offsets: list[int]) -> Iterator[WorkItem | InputError]:
    """The work items at ``offsets`` of the WARC at ``path`` (offsets from :func:`index_warc`)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        fh = open_binary(path)
    except InputError as exc:
        yield exc
        return
    with fh:
        for offset in offsets:
            position = f"{path}@{offset}"
            try:
                fh.seek(offset)
                record = next(iter(ArchiveIterator(fh)))
                body = record.content_stream().read()
            except (ArchiveLoadFailed, OSError, EOFError, ValueError, StopIteration, AttributeError,
                    TypeError) as exc:
                yield InputError(f"{position}: cannot read the WARC record ({exc or 'end of file'})")
                continue
            missing = getattr(record.raw_stream, "limit", 0) or 0
            if missing > 0:  # the file ends inside the record: a partial page is not analysed
                yield InputError(f"{position}: truncated WARC record ({missing} bytes missing)")
                continue
            if not body.strip():
                continue
            source = Source(path=path, url=record.rec_headers.get_header("WARC-Target-URI"),
                            date=record.rec_headers.get_header("WARC-Date"))
            yield WorkItem(position, source, html=body)
