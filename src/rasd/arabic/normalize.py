"""Normalisation for matching, with an offset map that works both ways.

The stored text is never rewritten (SCHEMA.md): normalised forms live beside it.
:func:`normalize` returns a :class:`Normalized` whose maps take any offset in the
normalised string back to the original and any original offset forward, so a hit
found in normalised text (a search match, a gazetteer name) becomes a span of the
original text.

What is folded, each step a named pure function so callers can pick:
  * alef and hamza forms -> ا, alef maqsura -> ي, ta marbuta -> ه, ؤ/ئ -> ء carriers
  * tatweel, diacritics and superscript alef are dropped
  * Arabic-Indic and Persian digits -> ASCII digits
  * NBSP and other spaces -> " "; zero-width characters and bidi marks dropped
  * presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF) through NFKC (ﻻ -> لا)
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, cast, overload

from rasd.arabic import charsets as cs
from rasd.caches import UNSET, facts

_DIGITS = {d: str(i) for i, d in enumerate(cs.ARABIC_INDIC_DIGITS)} | {
    d: str(i) for i, d in enumerate(cs.PERSIAN_DIGITS)
}
_DROP = cs.DIACRITICS | cs.ZERO_WIDTH | cs.BIDI_MARKS | {cs.TATWEEL, cs.SUPERSCRIPT_ALEF}
_LETTER_FOLD = {a: cs.ALEF for a in cs.ALEF_FORMS} | {
    cs.ALEF_MAQSURA: cs.YA,
    cs.TA_MARBUTA: cs.HA,
    "ی": cs.YA,  # Persian ya
    "ک": "ك",  # Persian kaf
}


def _is_presentation_form(ch: str) -> bool:
    o = ord(ch)
    return 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFF


@lru_cache(maxsize=4096)
def _fold_char(ch: str, letters: bool) -> str:
    """The normalised replacement of one character ('' to drop it)."""
    if ch in _DROP:
        return ""
    if ch in cs.SPACES:
        return " "
    if ch in _DIGITS:
        return _DIGITS[ch]
    if _is_presentation_form(ch):
        folded = unicodedata.normalize("NFKC", ch)
        if folded == ch:  # NFKC-stable (ornate parentheses ﴾﴿, unassigned): keep, or we recurse forever
            return ch
        return "".join(_fold_char(c, letters) for c in folded)
    if letters and ch in _LETTER_FOLD:
        return _LETTER_FOLD[ch]
    return ch


@dataclass(frozen=True, slots=True)
class Normalized:
    """A normalised string and the maps between its offsets and the original's.

    ``to_original[i]`` is the original offset of normalised character ``i``
    (with one extra entry for the end).  ``to_normalized[j]`` is the normalised
    offset at which original character ``j`` starts (dropped characters map to the
    next kept one), also with an end entry.  Both are read-only sequences of ints (a
    ``range`` when nothing resizes, else a compact run map): index them, or ``list()``
    them to compare.
    """

    text: str
    original: str
    to_original: Sequence[int]
    to_normalized: Sequence[int]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised ``[start, end)`` back to the original text.

        The end is extended over any characters dropped inside the last kept
        character's run (a trailing diacritic stays with its letter).
        """
        if start >= end:
            o = self.to_original[start]
            return o, o
        o_start = self.to_original[start]
        last = self.to_original[end - 1]
        o_end = last + 1
        # swallow dropped marks that belong to the last character
        while o_end < len(self.original) and self.to_normalized[o_end] == end and self.to_normalized[
            o_end + 1
        ] == end and self.original[o_end] in _DROP:
            o_end += 1
        return o_start, o_end

    def normalized_offset(self, original_offset: int) -> int:
        """Map an original offset forward."""
        return self.to_normalized[original_offset]


class _FoldTable(dict[int, str]):
    """``str.translate`` table for :func:`_fold_char`, filled on first sight of each character.

    ``translate`` runs in C, so folding a whole text costs one dictionary hit per
    character instead of one Python call; the result is exactly :func:`_fold_char`'s.
    """

    def __init__(self, letters: bool) -> None:
        super().__init__()
        self.letters = letters

    def __missing__(self, code: int) -> str:
        rep = self[code] = _fold_char(chr(code), self.letters)
        return rep


_FOLD: Final = {True: _FoldTable(True), False: _FoldTable(False)}
#: Characters whose fold is not exactly one character (dropped marks, presentation forms):
#: without them every offset maps to itself.
_RESIZING = re.compile("[" + "".join(re.escape(c) for c in sorted(_DROP)) + "\ufb50-\ufdff\ufe70-\ufeff]")


def normalize(text: str, *, letters: bool = True) -> Normalized:
    """Normalise ``text`` for matching and keep the offsets both ways.

    With ``letters=False`` only the invisible and digit folds are applied and the
    letters are kept as written (useful for display-side matching).

    Several stages normalise the same article text (dates, numbers), so the last few
    results are cached; :class:`Normalized` is immutable.
    """
    return _normalize(text, letters)


class _RunMap(Sequence[int]):
    """An offset map that is one to one, shifted, between a few resizing characters.

    Offsets are read a few dozen times per article (a date's or a number's span) but an
    article has thousands of characters: a tuple of every offset, two per normalisation,
    cost more than everything else :func:`normalize` does (about 0.3 ms an article).
    This keeps, for each resizing character in text order, the first index it covers on
    the side indexed, how many it covers there (its folded length on the normalised side,
    1 on the original side), the offset they map to, and the offset the next index maps
    to; any index is then found by one binary search.  Indexing gives what the tuple of
    every offset gave (negative indices and slices too); equality compares the offsets.
    """

    __slots__ = ("_afters", "_froms", "_size", "_spans", "_tos")

    def __init__(self, froms: list[int], spans: list[int], tos: list[int], afters: list[int], size: int) -> None:
        self._froms = froms
        self._spans = spans
        self._tos = tos
        self._afters = afters
        self._size = size

    def __len__(self) -> int:
        return self._size

    @overload
    def __getitem__(self, i: int) -> int: ...

    @overload
    def __getitem__(self, i: slice) -> list[int]: ...

    def __getitem__(self, i: int | slice) -> int | list[int]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(self._size))]
        if i < 0:
            i += self._size
        if not 0 <= i < self._size:
            raise IndexError("offset map index out of range")
        k = bisect_right(self._froms, i) - 1
        if k < 0:
            return i  # before the first resizing character: the identity
        start, span = self._froms[k], self._spans[k]
        if i < start + span:
            return self._tos[k]
        return self._afters[k] + (i - start - span)  # the one-to-one run after it

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(other) == self._size and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))


@lru_cache(maxsize=8)
def _normalize(text: str, letters: bool) -> Normalized:
    table = _FOLD[letters]
    if _RESIZING.search(text) is None:  # the common case: one character in, one out
        identity = range(len(text) + 1)  # every offset maps to itself: no tuple of them all
        return Normalized(text.translate(table), text, identity, identity)
    # runs between resizing characters map one to one: the maps keep only those characters
    out: list[str] = []
    o_from: list[int] = []  # to_original: normalised start of each resizing character's fold
    o_to: list[int] = []  # ... the original offset it comes from
    o_span: list[int] = []  # ... its folded length
    n_from: list[int] = []  # to_normalized: original offset of each resizing character
    n_to: list[int] = []  # ... the normalised offset where its fold starts
    n = 0
    prev = 0
    for m in _RESIZING.finditer(text):
        j = m.start()
        if j > prev:
            out.append(text[prev:j].translate(table))
            n += j - prev
        rep = _fold_char(text[j], letters)
        out.append(rep)
        o_from.append(n)
        o_to.append(j)
        o_span.append(len(rep))
        n_from.append(j)
        n_to.append(n)
        n += len(rep)
        prev = j + 1
    end = len(text)
    if end > prev:
        out.append(text[prev:end].translate(table))
        n += end - prev
    to_original = _RunMap(o_from, o_span, o_to, [j + 1 for j in o_to], n + 1)
    to_normalized = _RunMap(n_from, [1] * len(n_from), n_to, [t + r for t, r in zip(n_to, o_span, strict=True)],
                            end + 1)
    return Normalized("".join(out), text, to_original, to_normalized)


#: Strings up to this long have their normalised form kept (:func:`rasd.caches.facts`,
#: field ``norm``): the one cache of normalised words, which every stage reads.
SHORT: Final = 32


def normalize_text(text: str) -> str:
    """Just the normalised string (fast path when offsets are not needed).

    The stages normalise the same few thousand words again and again (about 800 calls
    per article), so a short string's form is kept in its record of the shared word table
    (:func:`rasd.caches.facts`); a hit costs half of ``translate``.  Longer strings are
    folded directly (the same strings come out either way).
    """
    if len(text) <= SHORT:
        known = facts(text)
        hit = known.norm
        if hit is UNSET:
            hit = known.norm = text.translate(_FOLD[True]) if not text.isascii() else text
        return cast(str, hit)
    return text.translate(_FOLD[True]) if not text.isascii() else text


def normalize_alef(text: str) -> str:
    """أ إ آ ٱ -> ا."""
    return text.translate({ord(a): cs.ALEF for a in cs.ALEF_FORMS})


def normalize_ya(text: str) -> str:
    """ى -> ي."""
    return text.replace(cs.ALEF_MAQSURA, cs.YA)


def normalize_ta_marbuta(text: str) -> str:
    """ة -> ه."""
    return text.replace(cs.TA_MARBUTA, cs.HA)


def dediacritize(text: str) -> str:
    """Drop diacritics, superscript alef and tatweel."""
    return "".join(ch for ch in text if ch not in cs.DIACRITICS and ch != cs.TATWEEL and ch != cs.SUPERSCRIPT_ALEF)


def normalize_digits(text: str) -> str:
    """Arabic-Indic and Persian digits -> ASCII."""
    return text.translate({ord(k): v for k, v in _DIGITS.items()})


def strip_invisibles(text: str) -> str:
    """Drop zero-width and bidi characters and turn exotic spaces into plain ones."""
    return "".join(" " if ch in cs.SPACES else ch for ch in text if ch not in cs.ZERO_WIDTH | cs.BIDI_MARKS)

