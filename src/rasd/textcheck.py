"""Is a string storable text?  One check that every way in (the readers, ``analyze()``) passes.

A Python ``str`` can hold what no encoding can write: a lone surrogate
(``"\\ud800"``, which a JSON ``\\ud800`` escape produces) fails at the first
``.encode("utf-8")``: hashing the text for its id, writing the store, printing
the record.  A NUL character (``"\\u0000"``) encodes, but PostgreSQL refuses it in
a text column and it marks binary data everywhere else.  Such a record is refused
where it enters, with its position, instead of failing later where nobody can
say which input it was.
"""

from __future__ import annotations

import re

from rasd.errors import InputError

_BAD = re.compile("[\x00\ud800-\udfff]")


def first_invalid(text: str) -> int | None:
    """Offset of the first lone surrogate or NUL in ``text``, or None when it is clean."""
    if text.isascii() and "\x00" not in text:
        return None
    m = _BAD.search(text)
    return None if m is None else m.start()


def describe(text: str, at: int) -> str:
    """Why ``text[at]`` makes ``text`` unstorable, in words (after "<field> ")."""
    ch = text[at]
    if ch == "\x00":
        return f"holds a NUL character (U+0000) at character {at}, which a store cannot keep"
    return f"is not valid Unicode text: a lone surrogate (U+{ord(ch):04X}) at character {at}"


def require_valid(text: str, where: str, field: str = "text") -> None:
    """Raise :class:`InputError` naming ``where`` (when given: callers without a name leave
    it to theirs to prefix the position) when ``text`` is not storable Unicode."""
    at = first_invalid(text)
    if at is not None:
        prefix = f"{where}: " if where else ""
        raise InputError(f"{prefix}{field} {describe(text, at)}; record refused")


def require_valid_fields(values: dict[str, str | None], where: str) -> None:
    """:func:`require_valid` over several named fields (metadata as well as the text)."""
    for field, value in values.items():
        if value is not None:
            require_valid(value, where, field)


def clean_name(name: str) -> str:
    """A file name as storable text: the bytes of a name that is not UTF-8 (which Python
    hands over as lone surrogates) shown as ``\\xff`` escapes.  A name says where an
    input came from; a strange one is no reason to refuse the input."""
    if first_invalid(name) is None:
        return name
    raw = name.encode("utf-8", "surrogateescape") if "\x00" not in name else name.encode("utf-8", "replace")
    return raw.decode("utf-8", "backslashreplace").replace("\x00", "\\x00")
