"""Decode article bytes: UTF-8 (with or without BOM), UTF-16, an HTML page's declared
charset (ISO-8859-6 …), and Windows-1256.

Real legacy Arabic sites still serve cp1256.  Binary input (NUL bytes in
something that is not UTF-16, or control-character soup) is refused with an
:class:`InputError` instead of being decoded into garbage; so is anything no
decoder accepts (a UTF-16 file cut to an odd number of bytes): never a
``UnicodeDecodeError``.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from rasd.errors import InputError

_CONTROL_OK = frozenset("\n\r\t\f\v")


_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    """The encoding an HTML page declares in its first 4 KB (``<meta charset=…>``), as a
    Python codec name, or ``None`` when it declares none (or one Python does not know)."""
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    try:
        return codecs.lookup(m.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text and what was unusual about getting it (one line each, without the
    input's name: the caller prefixes its position, and a record keeps them as they are)."""

    text: str
    warnings: tuple[str, ...] = ()


def decode_bytes(data: bytes, name: str = "<input>", declared: str | None = None) -> str:
    """The text of ``data`` (see :func:`decode_text`; its warnings are dropped here)."""
    return decode_text(data, name, declared).text


def decode_text(data: bytes, name: str = "<input>", declared: str | None = None) -> Decoded:
    """Return the text of ``data`` or raise :class:`InputError` saying why not.

    Order: a BOM, UTF-16 without BOM (recognised by what it decodes to), UTF-8, the
    ``declared`` encoding (an HTML page's meta charset), then Windows-1256.  UTF-8 goes
    before the declaration because pages often declare one encoding and serve UTF-8,
    which fails loudly when wrong; the reverse is not true.

    Bytes that are not UTF-8 as a whole are decoded line by line: a line that is
    UTF-8 is taken as UTF-8, a line that is mostly UTF-8 with a few broken bytes keeps
    its UTF-8 (the broken bytes become U+FFFD), any other as Windows-1256.  A file
    pasted together from a UTF-8 and a cp1256 source is so read right instead of half
    mojibake, and the mix (or the repair) is reported in ``warnings``.
    """
    try:
        return _decode(data, name, declared)
    except UnicodeDecodeError as exc:  # never a traceback for bytes we could not read
        raise InputError(f"{name}: cannot decode as {exc.encoding} (byte {exc.start}: {exc.reason})") from exc


def _decode(data: bytes, name: str, declared: str | None) -> Decoded:
    if not data.strip():
        raise InputError(f"{name}: empty input")
    if data.startswith(codecs.BOM_UTF8):
        return Decoded(_checked(data[3:].decode("utf-8"), name))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        if len(data) % 2:
            raise InputError(f"{name}: UTF-16 (by its byte-order mark) with an odd number of bytes: "
                             "cut short or not text")
        return Decoded(_checked(data.decode("utf-16"), name))
    if _control_bytes(data) > min(len(data), 1 << 16) // 50 or b"\x00" in data:
        # NULs or C0 bytes: UTF-16 without a BOM (Arabic letters are 0x06xx), or binary
        text = _utf16_without_bom(data)
        if text is None:
            raise InputError(f"{name}: binary input (NUL or control bytes), not text")
        return Decoded(_checked(text, name))
    try:
        return Decoded(_checked(data.decode("utf-8"), name))
    except UnicodeDecodeError:
        pass
    if declared and declared not in ("utf-8", "utf_8", "cp1256"):
        # ISO-8859-6 puts Arabic letters where cp1256 has others: trust the page's own word
        try:
            return Decoded(_checked(data.decode(declared), name))
        except (UnicodeDecodeError, LookupError):
            pass
    return _by_line(data, name)


_C0 = re.compile(rb"[\x01-\x08\x0e-\x1a\x1c-\x1f]")


def _control_bytes(data: bytes) -> int:
    return len(_C0.findall(data, 0, 1 << 16))


#: What Arabic news text is made of: ASCII, Latin-1, the Arabic blocks, general punctuation.
_TEXTLIKE = re.compile("[\t\n\r\x20-\x7e\u00a0-\u00ff\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff"
                       "\u2000-\u206f\ufb50-\ufdff\ufe70-\ufeff]")


def _utf16_without_bom(data: bytes) -> str | None:
    """``data`` as UTF-16 (LE or BE) when that reads as text, else None.  Judged by the
    result: nearly all characters ASCII, Latin-1 or Arabic (binary data and the wrong
    byte order decode to CJK and unassigned code points)."""
    if len(data) < 4 or len(data) % 2:
        return None
    best: tuple[float, str] | None = None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        sample = text[:4096]
        score = len(_TEXTLIKE.findall(sample)) / max(1, len(sample))
        if best is None or score > best[0]:
            best = (score, text)
    return best[1] if best is not None and best[0] >= 0.95 else None


#: A whole UTF-8 multi-byte sequence (any other byte >= 0x80 is not UTF-8).
_UTF8_SEQ = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_HIGH = re.compile(rb"[\x80-\xff]")


def _by_line(data: bytes, name: str) -> Decoded:
    """Decode bytes that are not UTF-8 as a whole, one line at a time (see :func:`decode_text`)."""
    parts: list[str] = []
    utf8 = legacy = repaired = replaced = 0
    for line in data.splitlines(keepends=True):
        if line.isascii():
            parts.append(line.decode("ascii"))
            continue
        try:
            parts.append(line.decode("utf-8"))
            utf8 += 1
            continue
        except UnicodeDecodeError:
            pass
        high = len(_HIGH.findall(line))
        in_seqs = sum(len(m) for m in _UTF8_SEQ.findall(line))
        if in_seqs >= 0.6 * high:  # UTF-8 with a few broken bytes (a cut sequence, a stray byte)
            parts.append(line.decode("utf-8", errors="replace"))
            repaired += 1
            replaced += high - in_seqs
        else:
            parts.append(line.decode("cp1256"))
            legacy += 1
    warnings: list[str] = []
    if utf8 + repaired and legacy:
        warnings.append(f"mixed encodings, decoded line by line: {_n(utf8 + repaired, 'line')} UTF-8, "
                        f"{_n(legacy, 'line')} Windows-1256")
    if repaired:
        warnings.append(f"{_n(replaced, 'byte')} that are not UTF-8 on {_n(repaired, 'line')} replaced by U+FFFD")
    return Decoded(_checked("".join(parts), name), tuple(warnings))
def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _checked(text: str, name: str) -> str:
    if not text.strip():
        raise InputError(f"{name}: empty input")
    sample = text[:4096]
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in _CONTROL_OK) or ch == "\ufffd")
    if bad > max(3, len(sample) // 50):
        raise InputError(f"{name}: looks binary ({bad} control characters in the first {len(sample)})")
    return text
