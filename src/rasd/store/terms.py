"""Index terms: the one Arabic-aware form under which a word is indexed and searched.

Every backend indexes the same terms (rasd computes them, not the database), so
SQLite FTS5 and PostgreSQL match alike.  A word's term is:

1. normalised (alef/hamza/ya/ta marbuta/diacritics/tatweel/digits folded),
2. stripped of proclitics and of the article (وبالقوات -> قوات), using the
   lexicon-checked splitter so that names such as بغداد or لبنان stay whole,
3. folded over the spelling variants that news writing alternates between
   (أميركا/أمريكا, ديموقراطية/ديمقراطية), from :data:`VARIANT_FOLDS`,
4. lowercased (Latin words).

The stored text is never touched: :func:`term_spans` returns each term with the
offsets of its word in the original text, and :func:`find_terms` finds the words
of given terms fast, which is how snippets map back.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice

from rasd.arabic.clitics import match_forms
from rasd.arabic.normalize import normalize_text

#: A word: a run of letters and marks (diacritics, tatweel), or of digits.  The runs are
#: possessive (the two classes are disjoint and nothing follows, so they match what
#: ``(?:[^\W\d_]|[marks])+`` matches), which spares ``re`` a branch per character.
_WORD = re.compile(r"(?:[^\W\d_]++|[\u0610-\u061a\u064b-\u065f\u0670\u0640]++)++|[0-9٠-٩۰-۹]+")

#: Substring folds for spellings that alternate in Arabic news (applied after
#: normalisation, so written here in normalised form).  The variant on the left
#: becomes the one on the right.
VARIANT_FOLDS: tuple[tuple[str, str], ...] = (
    ("اميرك", "امريك"),  # أميركا / أمريكا, الأميركية / الأمريكية
    ("ديموقراط", "ديمقراط"),  # ديموقراطية / ديمقراطية
    ("تليفزيون", "تلفزيون"),  # تليفزيون / تلفزيون
)


def _fold_variants(term: str) -> str:
    for variant, canonical in VARIANT_FOLDS:
        if variant in term:
            term = term.replace(variant, canonical)
    return term


@lru_cache(maxsize=200_000)
def term(word: str) -> str:
    """The index term of one word (see the module docstring)."""
    if word.isascii():
        return word.lower()
    if word[0] in "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹":
        return normalize_text(word)
    forms = match_forms(word)
    return _fold_variants(forms[-1]).lower()


def prefix_term(word: str) -> str:
    """The term of a prefix typed by a user (``الأمريك*``): no lexicon split, which
    needs whole words, just the article and normalisation."""
    norm = normalize_text(word).lower()
    for clitic in ("وال", "فال", "بال", "كال", "لل", "ال"):
        if norm.startswith(clitic) and len(norm) > len(clitic) + 1:
            norm = norm[len(clitic):]
            break
    return _fold_variants(norm)


def words(text: str, limit: int | None = None) -> list[str]:
    """The words and numbers of ``text`` (only the first ``limit`` if given: the rest is not scanned)."""
    if limit is None:
        return _WORD.findall(text)
    return [m.group() for m in islice(_WORD.finditer(text), limit)]


def index_text(text: str) -> str:
    """``text`` as space-separated index terms, ready for a full-text index."""
    return " ".join(term(w) for w in _WORD.findall(text))


def term_spans(text: str) -> list[tuple[int, int, str]]:
    """Each word of ``text`` as (start, end, term), offsets into ``text`` itself."""
    return [(m.start(), m.end(), term(m.group())) for m in _WORD.finditer(text)]


_SPELLINGS = {"ا": "اأإآٱ", "ي": "يىی", "ه": "هة", "ء": "ءؤئ", "ك": "كک"} | {
    str(d): f"{d}{chr(0x660 + d)}{chr(0x6F0 + d)}" for d in range(10)}
_SKIP = "[\u0610-\u061a\u064b-\u065f\u0670\u0640\u200b-\u200f]*"


def _needle_regex(needle: str) -> str:
    """A regex over original text for what normalises to ``needle`` (any hamza, ta
    marbuta, alef maqsura or digit form, diacritics and tatweel in between)."""
    parts = []
    for ch in needle:
        forms = _SPELLINGS.get(ch)
        parts.append(f"[{forms}]" if forms else re.escape(ch))
    return _SKIP.join(parts)


@lru_cache(maxsize=256)
def _candidates_regex(needles: tuple[str, ...]) -> re.Pattern[str]:
    alts = set(needles)
    for n in needles:  # the spellings the variant folds merged into n
        for variant, canonical in VARIANT_FOLDS:
            if canonical in n:
                alts.add(n.replace(canonical, variant))
    return re.compile("|".join(_needle_regex(a) for a in sorted(alts, key=len, reverse=True)), re.IGNORECASE)


_DIGIT_CHARS = frozenset("0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹")


def _word_at(text: str, pos: int) -> tuple[int, int]:
    """The word (as :func:`words` cuts them: letters, or a run of digits) around ``pos``."""
    digits = text[pos] in _DIGIT_CHARS
    start = pos
    while start > 0 and (text[start - 1] in _DIGIT_CHARS) == digits and _WORD.fullmatch(text[start - 1]):
        start -= 1
    m = _WORD.match(text, start)
    return (start, m.end()) if m else (pos, pos)


def find_terms(text: str, wanted: frozenset[str], prefixes: tuple[str, ...] = ()) -> list[tuple[int, int, str]]:
    """The words of ``text`` whose term is wanted (or starts with a wanted prefix),
    as (start, end, term) in ``text``'s own offsets.

    A word's term is a piece of its normalised form, so a regex over the original
    text finds the few candidate words first; only those get the (lexicon) clitic
    split.  A snippet over a long article then costs one regex scan.
    """
    needles = tuple(sorted(n for n in (*wanted, *prefixes) if n))
    if not needles:
        return []
    out: list[tuple[int, int, str]] = []
    last_end = -1
    for m in _candidates_regex(needles).finditer(text):
        if m.start() < last_end:
            continue
        start, end = _word_at(text, m.start())
        last_end = end
        if start == end:
            continue
        t = term(text[start:end])
        if t in wanted or (prefixes and t.startswith(prefixes)):
            out.append((start, end, t))
    return out


def word_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of every word of ``text[start:end]``, in ``text``'s offsets."""
    return [m.span() for m in _WORD.finditer(text, start, len(text) if end is None else end)]
