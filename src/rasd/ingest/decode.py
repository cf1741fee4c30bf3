"""Decode article bytes: UTF-8 (with or without BOM), UTF-16, an HTML page's declared
charset (ISO-8859-6 …), and Windows-1256.

Real legacy Arabic sites still serve cp1256.  Binary input (NUL bytes in
something that is not UTF-16, or control-character soup) is refused with an
:class:`InputError` instead of being decoded into garbage.
"""

from __future__ import annotations

import codecs
import re

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


def decode_bytes(data: bytes, name: str = "<input>", declared: str | None = None) -> str:
    """Return the text of ``data`` or raise :class:`InputError` saying why not.

    Order: a BOM, UTF-16 by its NUL pattern, UTF-8, the ``declared`` encoding (an HTML
    page's meta charset), then Windows-1256.  UTF-8 goes before the declaration
    because pages often declare one encoding and serve UTF-8, which fails loudly when
    wrong; the reverse is not true.
    """
    if not data.strip():
        raise InputError(f"{name}: empty input")
    if data.startswith(codecs.BOM_UTF8):
        return _checked(data[3:].decode("utf-8", errors="strict"), name)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _checked(data.decode("utf-16"), name)
    if len(data) >= 4 and data.count(b"\x00") >= len(data) // 4:
        # UTF-16 without BOM: every other byte NUL for Arabic/Latin text
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                return _checked(data.decode(enc), name)
            except (UnicodeDecodeError, InputError):
                continue
        raise InputError(f"{name}: binary input (NUL bytes), not text")
    if b"\x00" in data:
        raise InputError(f"{name}: binary input (NUL bytes), not text")
    try:
        return _checked(data.decode("utf-8"), name)
    except UnicodeDecodeError:
        pass
    if declared and declared not in ("utf-8", "utf_8", "cp1256"):
        # ISO-8859-6 puts Arabic letters where cp1256 has others: trust the page's own word
        try:
            return _checked(data.decode(declared), name)
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not UTF-8, UTF-16 or Windows-1256 text ({exc.reason})") from exc
    return _checked(text, name)


def _checked(text: str, name: str) -> str:
    if not text.strip():
        raise InputError(f"{name}: empty input")
    sample = text[:4096]
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in _CONTROL_OK) or ch == "\ufffd")
    if bad > max(3, len(sample) // 50):
        raise InputError(f"{name}: looks binary ({bad} control characters in the first {len(sample)})")
    return text
