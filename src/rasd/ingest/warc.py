"""WARC and WARC.gz archives (warcio): every HTML response becomes a work item.

Records that are not successful HTML responses (requests, metadata, images,
redirects) are skipped silently; a damaged archive is reported at the offset where
reading stopped, and what came before it is kept.  Nothing is dropped without a
word: a record cut short by the end of the file (a download that stopped), whether
the cut falls in its WARC headers, its HTTP headers, its body or its gzip member,
is reported, never analysed as if whole (warcio hands back the partial page, or
stops, without a word), and bytes after the last whole record are reported too.

Every record is read through the input limits (:mod:`rasd.limits`): a response
body larger than ``RASD_MAX_INPUT_MB`` is refused alone, and a ``.warc.gz`` that
expands past ``RASD_MAX_RATIO`` (a decompression bomb) stops the file.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from rasd.article import Source
from rasd.errors import InputError, LimitError
from rasd.ingest.sources import WorkItem
from rasd.limits import MB, CountingReader, ExpansionGuard, GuardedReader, Limits, current, read_at_most

#: What warcio raises on damaged input (AttributeError / TypeError on some cut headers).
WARC_ERRORS = (OSError, EOFError, ValueError, AttributeError, TypeError)


def is_html_response(record: Any) -> bool:
    """A successful HTML response (what the store wants); requests, metadata,
    images and redirects are not."""
    if record.rec_type != "response" or record.http_headers is None:
        return False
    ctype = (record.http_headers.get_header("Content-Type") or "").lower()
    return bool(record.http_headers.get_statuscode() == "200" and ("html" in ctype or not ctype))


def read_record(record: Any, guard: ExpansionGuard, lim: Limits, where: str) -> bytes | None:
    """The body of ``record`` when it is an HTML response, else None; the rest of the
    record is read through ``guard`` either way.  :class:`InputError` when the record
    is cut short (its headers or its body); :class:`LimitError` when its body is over
    the input limit (the record is skipped: the caller may go on) or the file is a bomb."""
    if not (record.rec_headers.get_header("Content-Length") or "").strip().isdecimal():
        raise InputError(f"{where}: truncated WARC record (its headers are cut); stopped reading")
    body = None
    url = record.rec_headers.get_header("WARC-Target-URI")
    if is_html_response(record):
        try:
            body = read_at_most(GuardedReader(record.content_stream(), guard), lim.max_input_bytes, where,
                                f"WARC response ({url})", lim)
        except LimitError as exc:
            if "bomb" in str(exc):
                raise
            _drain(record, guard)
            raise LimitError(f"{exc}; skipped") from exc
    _drain(record, guard)
    missing = getattr(record.raw_stream, "limit", 0) or 0
    if missing > 0:  # the file ended inside the record: Content-Length not reached
        raise InputError(f"{where}: truncated WARC record ({url}: {missing} bytes missing); stopped reading")
    return body


def _drain(record: Any, guard: ExpansionGuard) -> None:
    """Read the rest of the record (what warcio would skip) under the expansion guard."""
    stream = GuardedReader(record.raw_stream, guard)
    while stream.read(MB):
        pass


def iter_warc_items(path: str) -> Iterator[WorkItem | InputError]:
    """HTML responses of the archive at ``path``, positioned ``path@offset``."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    lim = current()
    try:
        fh = CountingReader(open(path, "rb"))  # noqa: SIM115 - closed below; the iterator is lazy
        size = os.fstat(fh.fileno()).st_size
    except OSError as exc:
        yield InputError(f"{path}: cannot read ({exc.strerror})")
        return
    guard = ExpansionGuard(path, lambda: fh.count, lim)
    offset = 0
    seen = 0
    with fh:
        it = ArchiveIterator(fh)
        try:
            for record in it:
                seen += 1
                offset = it.offset
                where = f"{path}@{offset}"
                if not record.rec_headers.get_header("WARC-Record-ID"):  # warcio reads garbage as ARC
                    yield InputError(f"{where}: not a WARC record (no WARC-Record-ID); stopped reading")
                    return
                try:
                    body = read_record(record, guard, lim, where)
                except LimitError as exc:
                    yield exc
                    if "bomb" in str(exc):
                        return
                    continue
                except InputError as exc:
                    yield exc
                    return
                if body is None or not body.strip():
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                date = record.rec_headers.get_header("WARC-Date")
                yield WorkItem(where, Source(path=path, url=url, date=date), html=body)
        except (ArchiveLoadFailed, *WARC_ERRORS) as exc:
            yield InputError(f"{path}@{offset}: damaged WARC, stopped reading ({exc})")
            return
        end = it.offset
    if not seen:
        yield InputError(f"{path}: no WARC records (empty, truncated or not a WARC file)")
    elif end < size:
        yield InputError(f"{path}@{end}: {size - end} bytes after the last whole record (a record cut short, "
                         "or damage); stopped reading")
