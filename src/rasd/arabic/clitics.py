"""Proclitic segmentation: و ف ب ل ك and ال, alone or stacked (وبال، فلل، وكال).

Names that merely start with those letters (بغداد، لبنان، فلسطين، كركوك، واشنطن،
بريطانيا) must never be broken, so every split is checked against a lexicon of
stems (``data/stems.tsv.gz``, built by ``training/build_stem_lexicon.py`` from
the bundled Wikinews corpus, ANERcorp and the gazetteers).  A split is taken when
the stem is a known word that is clearly more common than the unsplit form; when
neither is known, only splits that land on the article ال are trusted.

The result keeps the article with the stem ("وبالعراق" -> "وب" + "العراق"), which is
what entity spans want (SCHEMA.md: proclitics out, article in).
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Final, cast

from rasd.arabic.normalize import normalize_text
from rasd.caches import UNSET, facts

CONJUNCTIONS: Final = ("و", "ف")
PREPOSITIONS: Final = ("ب", "ل", "ك")
#: Unsplit forms are preferred unless the stem is this many times more frequent.
SPLIT_RATIO: Final = 3.0
#: A stem seen this often is a known word: a split with fewer proclitics that lands on
#: it beats a deeper split that does not land on the article (ولجان = و + لجان, not
#: و + ل + the town جان).
FREQUENT: Final = 20


@dataclass(frozen=True, slots=True)
class Segmented:
    """A word split into its proclitics and stem; ``stem_offset`` is where the stem starts."""

    word: str
    proclitics: str
    stem: str
    stem_offset: int
    article: bool  # the stem starts with ال (or لل lost its alef)


@lru_cache(maxsize=1)
def stem_counts() -> dict[str, int]:
    """Normalised word -> corpus count; protected names get a large count."""
    path = resources.files("rasd.arabic").joinpath("data/stems.tsv.gz")
    counts: dict[str, int] = {}
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        for line in fh:
            word, _, n = line.rstrip("\n").partition("\t")
            if word:
                counts[word] = int(n or 1)
    return counts


def _count(form: str) -> int:
    return stem_counts().get(normalize_text(form), 0)


def _candidates(word: str) -> list[tuple[int, bool]]:
    """Possible stem offsets (and whether the stem carries the article), shortest prefix first."""
    out: list[tuple[int, bool]] = []
    i = 0
    if len(word) > 2 and word[0] in CONJUNCTIONS:
        i = 1
        out.append((1, word[1:3] == "ال"))
    for j in ([0, i] if i else [0]):
        if len(word) - j > 2 and word[j] in PREPOSITIONS:
            if word[j] == "ل" and word[j + 1] == "ل" and len(word) - j > 3:
                out.append((j + 1, True))  # لل = ل + (ا)ل
            else:
                out.append((j + 1, word[j + 1 : j + 3] == "ال"))
    return sorted(set(out))


def segment(word: str) -> Segmented:
    """Split ``word`` into proclitics and stem, keeping known names whole.

    Kept in the word's record of the shared table (:func:`rasd.caches.facts`): every
    stage segments the same words."""
    known = facts(word)
    hit = known.segment
    if hit is UNSET:
        hit = known.segment = _segment(word)
    return cast(Segmented, hit)


def _segment(word: str) -> Segmented:
    whole = Segmented(word, "", word, 0, word.startswith("ال"))
    if len(word) < 3 or word[0] not in "وفبلك":
        return whole
    cands = _candidates(word)
    if not cands:
        return whole
    full = _count(word)
    best: Segmented | None = None
    best_score = 0.0
    shallow_known = False  # a split with fewer proclitics already landed on a frequent word
    for off, art in cands:
        stem = word[off:]
        if len(stem) < 2:
            continue
        lookup = "ا" + stem if (art and not stem.startswith("ال")) else stem
        c = _count(lookup)
        if shallow_known and not art:
            continue
        shallow_known = shallow_known or c >= FREQUENT
        score = float(c)
        if art and len(stem) >= 4:
            score = max(score, 1.5)  # an article after a proclitic is strong evidence
        if score > best_score or (score == best_score and best is not None and off > best.stem_offset):
            best_score = score
            best = Segmented(word, word[:off], stem, off, art)
    if best is None or best_score <= 0:
        return whole
    if full and best_score < SPLIT_RATIO * full:
        return whole
    return best


def strip_proclitics(word: str) -> str:
    """The stem of ``word`` (article kept)."""
    return segment(word).stem


def strip_article(stem: str) -> str:
    """Drop a leading ال from a stem (for lemma-style matching)."""
    return stem[2:] if stem.startswith("ال") and len(stem) > 3 else stem


def match_forms(word: str) -> tuple[str, ...]:
    """Normalised forms a word may be looked up under: itself, its stem, stem without ال."""
    seg = segment(word)
    forms = [normalize_text(word)]
    stem = normalize_text(seg.stem)
    if seg.article and not stem.startswith("ال"):
        stem = "ا" + stem
    if stem not in forms:
        forms.append(stem)
    bare = strip_article(stem)
    if bare not in forms:
        forms.append(bare)
    return tuple(forms)
