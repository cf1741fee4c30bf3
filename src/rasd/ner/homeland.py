""""المملكة" for the outlet's own country: a name by its short form (GUIDELINES.md).

A Saudi paper writes "المملكة" (the kingdom) for Saudi Arabia as often as its name, an
Omani one "السلطنة"; the form alone is no name anywhere else.  A short form
(``data/short_forms.tsv``) not followed by an adjective (المملكة المتحدة، المملكة
الأردنية are names the gazetteer has) is a GPE for

1. the outlet's country, when the article's source names an outlet of a state the
   form can stand for (``resources/data/outlets.tsv``: SaudiNewsNet's outlets are Saudi);
2. else the state of that kind the article names most (its places count for it:
   الرياض and تبوك are Saudi Arabia's);
3. else it stays "المملكة", a GPE of no known state.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Final, cast

from rasd.arabic.normalize import normalize_text
from rasd.caches import UNSET, facts
from rasd.ner.constructions import is_adjective, word


def _rows(package: str, name: str) -> list[list[str]]:
    text = resources.files(package).joinpath(name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def short_forms() -> dict[str, tuple[str, ...]]:
    """Normalised short form -> the states it may stand for."""
    return {normalize_text(f.strip()): tuple(c.strip() for c in codes.split(";"))
            for f, codes in _rows("rasd.ner", "data/short_forms.tsv")}


@lru_cache(maxsize=1)
def outlets() -> dict[str, str]:
    """Normalised outlet key -> its state."""
    out: dict[str, str] = {}
    for keys, code in _rows("rasd.resources", "data/outlets.tsv"):
        for k in keys.split(";"):
            out[normalize_text(k.strip().lower())] = code.strip()
    return out


def outlet_country(outlet: str | None) -> str | None:
    """The state of a named outlet ("okaz", "عكاظ"), or None."""
    return outlets().get(normalize_text(outlet.strip().lower())) if outlet else None


def short_form(tokens: list[str], i: int) -> tuple[str, ...] | None:
    """The states ``tokens[i]`` may stand for as a short form, or None (not one, or the
    start of a longer name: المملكة المتحدة)."""
    codes = short_forms().get(word(tokens[i]).norm)
    if codes is None or (i + 1 < len(tokens) and is_adjective(tokens[i + 1])):
        return None
    return codes


def resolve(codes: tuple[str, ...], outlet: str | None, named: Iterable[str]) -> str | None:
    """The state a short form stands for in one article (see the module docstring).
    ``named``: the state of every place mention of the article."""
    home = outlet_country(outlet)
    if home in codes:
        return home
    counts = Counter(c for c in named if c in codes)
    return counts.most_common(1)[0][0] if counts else None


#: Marks around an outlet's name when an article credits or quotes it: quotation marks
#: ("قالت مصادر لـ«سبق»") and the dashes of a credit line ("فهد كاملي- سبق- جازان").
QUOTES = frozenset('"«»“”„\'')
DASHES = frozenset("-–—ـ")


@lru_cache(maxsize=1)
def outlet_names() -> dict[tuple[str, ...], str]:
    """The Arabic names of the outlets (normalised words) -> their state."""
    out: dict[tuple[str, ...], str] = {}
    for keys, code in _rows("rasd.resources", "data/outlets.tsv"):
        for k in keys.split(";"):
            k = k.strip()
            if k and not k.isascii():
                out[tuple(normalize_text(w) for w in k.split())] = code.strip()
    return out


def _mark(text: str, i: int, step: int) -> str:
    """The first character from ``i`` in direction ``step`` that is not a space."""
    while 0 <= i < len(text) and text[i] in " \t":
        i += step
    return text[i] if 0 <= i < len(text) else ""


@lru_cache(maxsize=1)
def _outlet_firsts() -> frozenset[str]:
    return frozenset(k[0] for k in outlet_names())


SHORT: Final = 1
OUTLET: Final = 2


def kind(token: str) -> int:
    """Whether a token may be a short form (:data:`SHORT`) or open an outlet's name
    (:data:`OUTLET`), as bits, computed once per distinct token (kept in its record,
    :func:`rasd.caches.facts`: read for every token of every article)."""
    known = facts(token)
    hit = known.homeland
    if hit is UNSET:
        hit = known.homeland = _kind(token)
    return cast(int, hit)


def _kind(token: str) -> int:
    if not token[:1].isalpha():
        return 0
    n = word(token).norm
    return (SHORT if n in short_forms() else 0) | (OUTLET if n in _outlet_firsts() else 0)


def may_be_outlet(token: str) -> bool:
    """A quick filter: whether a token may open an outlet's name."""
    return bool(kind(token) & OUTLET)


def outlet_at(text: str, tokens: list[tuple[int, int, str]], i: int) -> int:
    """End (token index) of an outlet's name credited or quoted at ``tokens[i]``, or ``i``.
    ``tokens``: (start, end, text) of a sentence's tokens."""
    if word(tokens[i][2]).norm not in _outlet_firsts():
        return i
    names = outlet_names()
    for n in (2, 1):
        if i + n > len(tokens):
            continue
        key = (word(tokens[i][2]).norm, *(normalize_text(t[2]) for t in tokens[i + 1 : i + n]))
        if key not in names:
            continue
        before = _mark(text, tokens[i][0] - 1, -1)
        after = _mark(text, tokens[i + n - 1][1], 1)
        if (before in QUOTES and after in QUOTES) or before in DASHES or after in DASHES:
            return i + n
    return i
