r"""Tokenizer: words, numbers, URLs and Arabic/Latin punctuation, as offset spans.

Numbers keep their internal separators (1,500 / 2.5 / ٢٠٢٠ / 2020/11/18 is three
numbers and two slashes, but 1,500 is one).  Clitics stay attached here; the
clitic splitter works on word tokens afterwards.

An e-mail address is one token.  Its alternative first looks for an ``@`` within 64
characters (an address's local part is at most that): without that bound, every position
of a long run of dots or letters rescanned the whole run.

Speed (issue 17): a word is written ``(?:[^\W\d_]+|MARK)+``, the same set of strings
as ``(?:LETTER|MARK)+`` but matched a run of letters at a time, and a text with no
``http``, ``www.`` or ``@`` (almost every news text) is scanned by :data:`PLAIN_RE`, the
same pattern without the URL and e-mail alternatives, which cannot match there: together
about 40% less time per token, with exactly the same tokens.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache, partial
from sys import intern
from typing import Final, NamedTuple, cast

from rasd.compiled import STATUS

_DIGIT = r"[0-9٠-٩۰-۹]"
_LETTER = r"[^\W\d_]"  # any Unicode letter
#: Diacritics, Quranic marks, tatweel and the joiners, as (first, last) code points: a word
#: takes them in (:data:`_MARK` for the pattern, :data:`_MARKS` for :func:`scan`, and
#: :data:`_MARK_CHARS` for its C loop).
_MARK_RANGES: Final = ((0x610, 0x61A), (0x64B, 0x65F), (0x670, 0x670), (0x6D6, 0x6ED), (0x640, 0x640),
                       (0x200C, 0x200C), (0x200D, 0x200D))
_MARK = "[" + "".join(f"\\u{a:04x}" + (f"-\\u{b:04x}" if b != a else "") for a, b in _MARK_RANGES) + "]"

_WORDISH = rf"(?:{_LETTER}+|{_MARK})+"  # letters and marks; a run of letters in one step
_PLAIN = rf"""
    (?P<number>{_DIGIT}+(?:[.,٫٬]{_DIGIT}+)*%?)
  | (?P<word>{_WORDISH}(?:['’-]{_WORDISH})*)
  | (?P<punct>\.\.\.|…|--|[^\s\w]|_)
"""

TOKEN_RE = re.compile(
    rf"""
    (?P<url>(?:https?://|www\.)[^\s<>"«»]+[^\s<>"«».,،؛:!?؟)\]])
  | (?P<email>(?=[\w.+-]{{1,64}}@)[\w.+-]+@[\w-]+\.[\w.-]+)
  | {_PLAIN}
    """,
    re.VERBOSE,
)

#: :data:`TOKEN_RE` without its URL and e-mail alternatives: the same tokens in any text
#: that holds none of ``http``, ``www.`` (a URL starts with one) and ``@``, found faster.
PLAIN_RE = re.compile(_PLAIN, re.VERBOSE)


def token_pattern(text: str, start: int = 0, end: int | None = None) -> re.Pattern[str]:
    """The pattern that tokenises ``text[start:end]`` (all of it by default; the slice is
    not copied): :data:`PLAIN_RE` when that stretch cannot hold a URL or an e-mail address,
    else :data:`TOKEN_RE` (the same tokens either way).  ``finditer(text, start, end)``
    sees nothing past ``end``, so a block's own test is enough."""
    stop = len(text) if end is None else end
    if text.find("http", start, stop) >= 0 or text.find("www.", start, stop) >= 0 or text.find("@", start, stop) >= 0:
        return TOKEN_RE
    return PLAIN_RE


class Token(NamedTuple):
    """A token: its offsets in the text it came from, its text, and its kind.

    A named tuple (immutable, compared and hashed by its fields as the frozen dataclass
    it was): every stage after structure tokenises every sentence, and a tuple is made
    in a third of the time."""

    start: int
    end: int
    text: str
    kind: str  # word | number | punct | url | email


class TokenView:
    """Base of the stages' own views of a token (events' ``Tok``, roles' ``Word``): read-only
    by convention, equal, hashed and shown by the fields :meth:`_fields` lists.

    A plain class, not a named tuple or a dataclass: compiled, a subclass is a native class
    whose constructor is one direct call and one allocation (``tuple.__new__`` for a named
    tuple was a generic call that copied an argument tuple; a dataclass's generated
    ``__init__`` runs as Python even compiled), and one is made per token."""

    __slots__ = ()

    def _fields(self) -> tuple[object, ...]:
        raise NotImplementedError

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TokenView) and type(other) is type(self) and self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return f"{type(self).__name__}{self._fields()!r}"  # as the constructor call


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Split ``text`` into tokens; offsets are shifted by ``offset``.

    The stages after structure (entities, roles, quotes, events) tokenise the same
    sentences and blocks of an article, so recent results are cached (tokens are
    immutable; each caller gets its own list).
    """
    return list(_tokenize(text, offset))


@lru_cache(maxsize=512)
def _tokenize(text: str, offset: int) -> tuple[Token, ...]:
    return tuple(scan(text, 0, len(text), offset))


#: A token as a plain tuple: (start, end, text, kind), the fields of :class:`Token`.
RawToken = tuple[int, int, str, str]


def scan(text: str, start: int, end: int, shift: int = 0) -> list[Token]:
    """The tokens of ``text[start:end]``, their offsets moved by ``shift`` (:func:`token_spans`
    as :class:`Token`)."""
    if _C_SCAN is not None:
        return cast("list[Token]", _in_c(_C_SCAN, text, start, end, shift, Token))
    new = tuple.__new__  # the same Token as Token(...), without a Python call per token
    return [new(Token, span) for span in _spans(text, start, end, shift)]


def token_spans(text: str, start: int, end: int, shift: int = 0) -> list[RawToken]:
    """The tokens of ``text[start:end]`` as plain tuples, their offsets moved by ``shift``:
    exactly the matches of :func:`token_pattern` there, found faster (:func:`_spans`, in C
    where it is built).  Plain tuples for a caller that reads the fields once: a
    :class:`Token` is a tuple of a subclass, which Python makes more slowly."""
    if _C_SCAN is not None:
        return _in_c(_C_SCAN, text, start, end, shift, tuple)
    return _spans(text, start, end, shift)


def _in_c(c_scan: Callable[..., list[RawToken]], text: str, start: int, end: int, shift: int,
          make: type[tuple[object, ...]]) -> list[RawToken]:
    """:func:`_spans` by ``_scan.scan``, each token made as a ``make`` (``tuple`` or
    :class:`Token`); the chunks it does not take go to the pattern (:func:`_matched`)."""
    pattern = token_pattern(text, start, end)
    fallback = partial(_matched, pattern, text, shift)
    return c_scan(text, start, end, shift, pattern is PLAIN_RE, make, _MARK_CHARS, fallback)


def _matched(pattern: re.Pattern[str], text: str, shift: int, at: int, pos: int) -> list[RawToken]:
    """The tokens ``pattern`` finds in ``text[at:pos]`` (one white-space chunk), as plain tuples."""
    return [(m.start() + shift, m.end() + shift, intern(m.group()), m.lastgroup or "punct")
            for m in pattern.finditer(text, at, pos)]


def _spans(text: str, start: int, end: int, shift: int = 0) -> list[RawToken]:
    r""":func:`token_spans` in Python: the reference for ``_scan.c``, which does the same
    steps and is used wherever it is built and the analysis runs compiled (:func:`_c_scan`).

    No token holds a white-space character (no alternative of the pattern matches one),
    so the pattern's matches are those of each white-space-separated chunk on its own,
    and a chunk of letters only (``str.isalpha``: most Arabic words) is one word token:
    letters are ``[^\W\d_]``, which the word alternative takes in one run.  Such a chunk
    skips the regular expression, whose Unicode classes cost about four times what
    ``split`` and ``find`` do.  So, where :data:`PLAIN_RE` applies, does a word with one
    punctuation mark before or after it (``الكاظمي،`` ``(الاثنين``: a tenth of the chunks;
    :func:`_lone_mark`).  Any other chunk (digits, diacritics, more marks, a URL) is
    matched as before, within its own bounds.  A chunk is found with ``find`` from the
    end of the previous one: only white space lies between them, where it cannot start.

    A token's text is interned: the stages look every token up in the shared word table
    (:func:`rasd.caches.facts`) and a few caches of their own, and a key that is the
    very string stored there is found without comparing characters."""
    pattern = token_pattern(text, start, end)
    out: list[RawToken] = []
    pos = start
    plain = pattern is PLAIN_RE
    for chunk in text[start:end].split():
        at = text.find(chunk, pos)
        pos = at + len(chunk)
        if chunk.isalpha():
            out.append((at + shift, pos + shift, intern(chunk), "word"))
            continue
        if plain and len(chunk) > 1:
            if _lone_mark(chunk[-1]) and chunk[:-1].isalpha():
                out.append((at + shift, pos - 1 + shift, intern(chunk[:-1]), "word"))
                out.append((pos - 1 + shift, pos + shift, intern(chunk[-1]), "punct"))
                continue
            if _lone_mark(chunk[0]) and chunk[1:].isalpha():
                out.append((at + shift, at + 1 + shift, intern(chunk[0]), "punct"))
                out.append((at + 1 + shift, pos + shift, intern(chunk[1:]), "word"))
                continue
        out += _matched(pattern, text, shift, at, pos)
    return out


#: The characters of :data:`_MARK`, which a word takes in (a word never ends before one).
_MARK_CHARS: Final = "".join(chr(c) for a, b in _MARK_RANGES for c in range(a, b + 1))
_MARKS: Final = frozenset(_MARK_CHARS)


def _c_scan() -> Callable[..., list[RawToken]] | None:
    """``_scan.scan``, the chunk loop of :func:`_spans` in C, when this build has it and the
    analysis runs compiled: a run from source (``RASD_PURE_PYTHON=1``, an edited module)
    uses :func:`_spans`, the reference."""
    if not STATUS.compiled:
        return None
    try:
        from rasd.arabic import _scan
    except ImportError:
        return None
    return cast("Callable[..., list[RawToken]]", _scan.scan)


_C_SCAN: Final = _c_scan()


def _lone_mark(ch: str) -> bool:
    r"""Whether ``ch`` beside a run of letters is a token of its own, one punctuation mark:
    not a letter, digit or ``_`` (``\w``: those would join a word or a number) and not a
    diacritic or joiner (:data:`_MARK`, which the word takes in).  :data:`PLAIN_RE`'s
    punctuation alternative matches any such character alone (``...`` and ``--`` need two
    or three, and a chunk of one mark and letters has only one)."""
    return not ch.isalnum() and ch != "_" and ch not in _MARKS


_WORD_RE = re.compile(rf"{_WORDISH}|{_DIGIT}+")


@lru_cache(maxsize=8)
def _word_re() -> re.Pattern[str]:
    return _WORD_RE


def words(text: str) -> list[str]:
    """Bare word and number strings (no offsets): the fast path for indexing."""
    return _word_re().findall(text)
