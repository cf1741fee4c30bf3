"""Decode article bytes: UTF-8 (with or without BOM), UTF-16, and Windows-1256.

Real legacy Arabic sites still serve cp1256.  Binary input (NUL bytes in
something that is not UTF-16, or control-character soup) is refused with an
:class:`InputError` instead of being decoded into garbage.
"""

from __future__ import annotations

import codecs

from rasd.errors import InputError

_CONTROL_OK = frozenset("\n\r\t\f\v")


def decode_bytes(data: bytes, name: str = "<input>") -> str:
    """Return the text of ``data`` or raise :class:`InputError` saying why not."""
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
