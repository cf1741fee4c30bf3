"""WARC and WARC.gz archives (warcio): every HTML response becomes a work item.

Records that are not successful HTML responses (requests, metadata, images,
redirects) are skipped silently; a damaged archive is reported at the offset where
reading stopped, and what came before it is kept.  A response cut short by the end
of the file (a download that stopped) is reported, not analysed: warcio hands back
the partial page without a word, and half an article must not pass for a whole one.
"""

from __future__ import annotations

from collections.abc import Iterator

from rasd.article import Source
from rasd.errors import InputError
from rasd.ingest.sources import WorkItem


def iter_warc_items(path: str) -> Iterator[WorkItem | InputError]:
    """HTML responses of the archive at ``path``, positioned ``path@offset``."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below; the iterator is lazy
    except OSError as exc:
        yield InputError(f"{path}: cannot read ({exc.strerror})")
        return
    offset = 0
    seen = 0
    with fh:
        it = ArchiveIterator(fh)
        try:
            for record in it:
                seen += 1
                if not record.rec_headers.get_header("WARC-Record-ID"):  # warcio reads garbage as ARC
                    yield InputError(f"{path}@{offset}: not a WARC record (no WARC-Record-ID); stopped reading")
                    return
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                status = record.http_headers.get_statuscode()
                ctype = (record.http_headers.get_header("Content-Type") or "").lower()
                if status != "200" or ("html" not in ctype and ctype):
                    continue
                body = record.content_stream().read()  # before get_record_offset(), which skips the rest
                offset = it.get_record_offset()
                url = record.rec_headers.get_header("WARC-Target-URI")
                missing = getattr(record.raw_stream, "limit", 0) or 0
                if missing > 0:  # the file ended inside the record: Content-Length not reached
                    yield InputError(f"{path}@{offset}: truncated WARC record ({url}: {missing} bytes "
                                     "missing); stopped reading")
                    return
                if not body.strip():
                    continue
                date = record.rec_headers.get_header("WARC-Date")
                yield WorkItem(f"{path}@{offset}", Source(path=path, url=url, date=date), html=body)
        except (ArchiveLoadFailed, OSError, EOFError, ValueError, AttributeError, TypeError) as exc:
            # warcio fails with AttributeError / TypeError on some cut headers
            yield InputError(f"{path}@{offset}: damaged WARC, stopped reading ({exc})")
            return
    if not seen:
        yield InputError(f"{path}: no WARC records (empty, truncated or not a WARC file)")
