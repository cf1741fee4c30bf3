"""Decompression bombs, made in a blink and on the fly (no big file is ever committed).

A gigabyte of spaces is not compressed here: one megabyte is deflated once and its
bytes repeated.  Each repeat is a whole deflate stream ended by a full flush, which
resets the compressor, so a thousand copies in a row are one valid deflate stream
that expands to a thousand megabytes.  A bomb of 1 GB costs about a megabyte of disk
and a few hundred milliseconds (the CRC), whatever the size it claims.
"""

from __future__ import annotations

import gzip
import io
import struct
import zlib
from pathlib import Path

MB = 1 << 20


def _deflate(data: bytes, final: bool) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush(zlib.Z_FINISH if final else zlib.Z_FULL_FLUSH)


def deflate_repeated(prefix: bytes, unit: bytes, count: int, suffix: bytes) -> tuple[bytes, int, int]:
    """A raw deflate stream of ``prefix + unit * count + suffix``: (stream, crc32, size)."""
    block = _deflate(unit, final=False)
    stream = _deflate(prefix, final=False) + block * count + _deflate(suffix, final=True)
    crc = zlib.crc32(prefix)
    for _ in range(count):
        crc = zlib.crc32(unit, crc)
    crc = zlib.crc32(suffix, crc)
    return stream, crc, len(prefix) + len(unit) * count + len(suffix)


def gzip_member(prefix: bytes, unit: bytes, count: int, suffix: bytes) -> bytes:
    """One gzip member holding ``prefix + unit * count + suffix``."""
    stream, crc, size = deflate_repeated(prefix, unit, count, suffix)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    return header + stream + struct.pack("<II", crc, size & 0xFFFFFFFF)


def jsonl_gz_bomb(path: Path, expanded_mb: int = 1024, good_first: bytes = b"") -> Path:
    """A ``.jsonl.gz``: ``good_first`` (whole lines), then ``expanded_mb`` MB of spaces."""
    path.write_bytes(gzip_member(good_first, b" " * MB, expanded_mb, b"\n"))
    return path


def zip_bomb(path: Path, expanded_mb: int = 1024, members: int = 1, good_first: bytes = b"") -> Path:
    """A zip of ``members`` JSON files that expand to ``expanded_mb`` MB of spaces in all; the
    first member starts with ``good_first``."""
    out = io.BytesIO()
    central = []
    per = max(1, expanded_mb // members)
    plain: tuple[bytes, int, int] | None = None
    for i in range(members):
        name = f"m{i:04d}.json".encode()
        if i == 0 and good_first:
            stream, crc, size = deflate_repeated(good_first, b" " * MB, per, b"\n")
        else:
            plain = plain or deflate_repeated(b"", b" " * MB, per, b"\n")
            stream, crc, size = plain
        offset = out.tell()
        local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(stream), size, len(name), 0)
        out.write(local + name + stream)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(stream), size,
                                   len(name), 0, 0, 0, 0, 0, offset) + name)
    start = out.tell()
    directory = b"".join(central)
    out.write(directory)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, members, members, len(directory), start, 0))
    path.write_bytes(out.getvalue())
    return path


def warc_gz_bomb(path: Path, expanded_mb: int = 1024, good_first: bytes = b"") -> Path:
    """A ``.warc.gz``: ``good_first`` (whole gzip members of WARC records), then one HTML
    response record whose body is ``expanded_mb`` MB of spaces."""
    body_size = expanded_mb * MB + len(b"<html><body>") + len(b"</body></html>")
    http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
            + f"Content-Length: {body_size}\r\n\r\n".encode())
    block_size = len(http) + body_size
    head = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-00000000b0b0>\r\n"
            b"WARC-Date: 2024-01-01T00:00:00Z\r\nWARC-Target-URI: http://bomb.example/\r\n"
            b"Content-Type: application/http; msgtype=response\r\n"
            + f"Content-Length: {block_size}\r\n\r\n".encode() + http + b"<html><body>")
    path.write_bytes(good_first + gzip_member(head, b" " * MB, expanded_mb, b"</body></html>\r\n\r\n"))
    return path


def warc_gz_record(url: str, html: str) -> bytes:
    """One whole gzip member holding an HTML response record (the good page before a bomb)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=True)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(html.encode()), http_headers=headers))
    return buf.getvalue()


def check_gzip(data: bytes, limit: int = 8 * MB) -> bytes:
    """The first ``limit`` expanded bytes of a gzip bomb (for tests of the bombs themselves)."""
    return gzip.GzipFile(fileobj=io.BytesIO(data)).read(limit)
