"""Tokenizer: words, numbers, URLs and Arabic/Latin punctuation, as offset spans.

Numbers keep their internal separators (1,500 / 2.5 / ٢٠٢٠ / 2020/11/18 is three
numbers and two slashes, but 1,500 is one).  Clitics stay attached here; the
clitic splitter works on word tokens afterwards.  The e-mail alternative first looks
for an ``@`` within 64 characters (an address's local part is at most that): without
it, every position of a long run of dots or letters rescanned the whole run, and a
line of 50,000 dots took seconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_DIGIT = r"[0-9٠-٩۰-۹]"
_LETTER = r"[^\W\d_]"  # any Unicode letter
_MARK = r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d]"

TOKEN_RE = re.compile(
    rf"""
    (?P<url>(?:https?://|www\.)[^\s<>"«»]+[^\s<>"«».,،؛:!?؟)\]])
  | (?P<email>(?=[\w.+-]{{1,64}}@)[\w.+-]+@[\w-]+\.[\w.-]+)
  | (?P<number>{_DIGIT}+(?:[.,٫٬]{_DIGIT}+)*%?)
  | (?P<word>(?:{_LETTER}|{_MARK})+(?:['’-](?:{_LETTER}|{_MARK})+)*)
  | (?P<punct>\.\.\.|…|--|[^\s\w]|_)
    """,
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class Token:
    """A token: its offsets in the text it came from, its text, and its kind."""

    start: int
    end: int
    text: str
    kind: str  # word | number | punct | url | email


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Split ``text`` into tokens; offsets are shifted by ``offset``.

    The stages after structure (entities, roles, quotes, events) tokenise the same
    sentences and blocks of an article, so recent results are cached (tokens are
    immutable; each caller gets its own list).
    """
    return list(_tokenize(text, offset))


@lru_cache(maxsize=512)
def _tokenize(text: str, offset: int) -> tuple[Token, ...]:
    return tuple(
        Token(m.start() + offset, m.end() + offset, m.group(), m.lastgroup or "punct")
        for m in TOKEN_RE.finditer(text)
    )


_WORD_RE = re.compile(rf"(?:{_LETTER}|{_MARK})+|{_DIGIT}+")


@lru_cache(maxsize=8)
def _word_re() -> re.Pattern[str]:
    return _WORD_RE


def words(text: str) -> list[str]:
    """Bare word and number strings (no offsets): the fast path for indexing."""
    return _word_re().findall(text)
