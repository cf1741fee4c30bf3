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
import io
import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from rasd.article import Source
from rasd.errors import InputError, LimitError
from rasd.ingest.files import read_bytes
from rasd.ingest.sources import WARC_SUFFIXES, WorkItem, expand, iter_items
from rasd.ingest.warc import WARC_ERRORS, read_record
from rasd.limits import CountingReader, ExpansionGuard, GuardedReader, current, read_at_most

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
        raw = read_bytes(name)
    except InputError as exc:
        raise InputError(f"{exc} (a list of WARC paths)") from exc
    if raw[:2] == b"\x1f\x8b":
        lim = current()
        counted = CountingReader(io.BytesIO(raw))
        guard = ExpansionGuard(name, lambda: counted.count, lim)
        try:
            raw = read_at_most(GuardedReader(gzip.GzipFile(fileobj=counted, mode="rb"), guard),
                               lim.max_input_bytes, name, "list of WARC paths", lim)
        except (OSError, EOFError, zlib.error) as exc:
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


def index_warc(path: str) -> tuple[list[int], str | None]:
    """The offsets of the HTML responses in the WARC at ``path``, and the error that
    stopped reading early (None when the whole file was read).  Records are checked
    as :func:`rasd.ingest.warc.iter_warc_items` checks them: a cut record or a bomb
    stops the index there, with the reason."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    offsets: list[int] = []
    try:
        fh = CountingReader(open_binary(path))
    except InputError as exc:
        return offsets, str(exc)
    lim = current()
    guard = ExpansionGuard(path, lambda: fh.count, lim)
    seen = 0
    problem: str | None = None
    with fh:
        it = ArchiveIterator(fh)
        try:
            for record in it:
                seen += 1
                offset = it.offset
                if not record.rec_headers.get_header("WARC-Record-ID"):
                    return offsets, f"{path}: not a WARC record after {len(offsets)} pages; stopped reading"
                try:
                    body = read_record(record, guard, lim, f"{path}@{offset}")
                except LimitError as exc:
                    if "bomb" in str(exc):
                        return offsets, str(exc)
                    problem = problem or str(exc)  # one page over the limit: skipped, reading goes on
                    continue
                except InputError as exc:
                    return offsets, str(exc)
                if body is not None and body.strip():
                    offsets.append(offset)
        except (ArchiveLoadFailed, *WARC_ERRORS) as exc:
            return offsets, f"{path}: damaged WARC after {len(offsets)} pages, stopped reading ({exc})"
        end = it.offset
        size = _size(fh)
    if not seen:
        return offsets, f"{path}: no WARC records (empty, truncated or not a WARC file)"
    if size is not None and end < size:
        return offsets, (f"{path}@{end}: {size - end} bytes after the last whole record (a record cut short, "
                         "or damage); stopped reading")
    return offsets, problem


def _size(fh: CountingReader) -> int | None:
    """The size of the file under ``fh``, when it is a local file."""
    try:
        return os.fstat(fh.fileno()).st_size
    except (OSError, AttributeError, ValueError):
        return None


def read_warc_slice(path: str, offsets: list[int]) -> Iterator[WorkItem | InputError]:
    """The work items at ``offsets`` of the WARC at ``path`` (offsets from :func:`index_warc`)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        fh = CountingReader(open_binary(path))
    except InputError as exc:
        yield exc
        return
    lim = current()
    with fh:
        for offset in offsets:
            position = f"{path}@{offset}"
            start = fh.count
            guard = ExpansionGuard(position, lambda start=start: fh.count - start, lim)  # type: ignore[misc]
            try:
                fh.seek(offset)
                record = next(iter(ArchiveIterator(fh)))
                body = read_record(record, guard, lim, position)
            except InputError as exc:
                yield exc
                continue
            except (ArchiveLoadFailed, StopIteration, *WARC_ERRORS) as exc:
                yield InputError(f"{position}: cannot read the WARC record ({exc or 'end of file'})")
                continue
            if body is None or not body.strip():
                continue
            source = Source(path=path, url=record.rec_headers.get_header("WARC-Target-URI"),
                            date=record.rec_headers.get_header("WARC-Date"))
            yield WorkItem(position, source, html=body)
