"""How much a word looks like a name: two character-trigram models, names vs words.

Arabic has no capital letters, so an unseen name ("بنفيكا", "فولكسفاغن", "يوكانان")
must be told by its spelling: transliterated names are rich in long vowels and in
letter sequences Arabic words rarely have.  ``data/namelm.tsv.gz``
(``training/build_name_lm.py``) holds character n-gram counts of name words
(the person and place gazetteers) and of common words (wordfreq's Arabic list); a
word's feature is the per-letter log-likelihood ratio of the two, in quarter-unit
bins.  Scored once per word (the NER features are cached per word).
"""

from __future__ import annotations

import gzip
import math
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Final

from rasd.caches import keep

#: Order of the character models.
ORDER: Final = 3
BOUND: Final = "#"
#: Interpolation weights of the trigram, bigram and unigram estimates.
LAMBDAS = (0.6, 0.3, 0.1)
#: Letter trigrams whose log-probability terms a model keeps; emptied when it grows past this.
CACHE_TRIGRAMS: Final = 200_000


@dataclass(frozen=True)
class CharModel:
    """N-gram counts (n = 1..ORDER) of one class, with the context counts they need."""

    grams: dict[str, int]
    total: int
    alphabet: int

    _terms: dict[str, float] = field(default_factory=dict, compare=False, repr=False)

    def term(self, gram: str) -> float:
        """log P(last letter | the two before) of a padded letter trigram, interpolated."""
        g = self.grams
        c = gram[2]
        p1 = (g.get(c, 0) + 1) / (self.total + self.alphabet)
        b = gram[1]
        ctx1 = g.get("<" + b, 0)
        p2 = g.get(b + c, 0) / ctx1 if ctx1 else p1
        ab = gram[:2]
        ctx2 = g.get("<" + ab, 0)
        p3 = g.get(ab + c, 0) / ctx2 if ctx2 else p2
        return math.log(LAMBDAS[0] * p3 + LAMBDAS[1] * p2 + LAMBDAS[2] * p1)

    def logprob(self, word: str) -> float:
        """log P(word) under the interpolated character model, boundaries included.

        Each letter's term depends only on its trigram, so terms are computed once per
        trigram and kept (bounded); they are added in letter order, as before."""
        padded = BOUND * (ORDER - 1) + word + BOUND
        terms = self._terms
        if len(terms) > CACHE_TRIGRAMS:
            terms.clear()
        lp = 0.0
        for i in range(ORDER - 1, len(padded)):
            gram = padded[i - 2 : i + 1]
            t = terms.get(gram)
            if t is None:
                t = terms[gram] = self.term(gram)
            lp += t
        return lp


def count_grams(words: list[str]) -> dict[str, int]:
    """N-gram counts of ``words`` (and ``<ctx`` counts of every context that predicts a letter)."""
    grams: dict[str, int] = {}
    for w in words:
        padded = BOUND * (ORDER - 1) + w + BOUND
        for i in range(ORDER - 1, len(padded)):
            for n in range(1, ORDER + 1):
                gram = padded[i - n + 1 : i + 1]
                grams[gram] = grams.get(gram, 0) + 1
                if n > 1:
                    ctx = "<" + gram[:-1]
                    grams[ctx] = grams.get(ctx, 0) + 1
    return grams


def _model(grams: dict[str, int]) -> CharModel:
    singles = {k: v for k, v in grams.items() if len(k) == 1}
    return CharModel(grams, sum(singles.values()), len(singles) + 1)


def dumps(names: dict[str, int], words: dict[str, int]) -> bytes:
    """Both count tables as gzipped ``class<TAB>gram<TAB>count`` lines."""
    lines = [f"{cls}\t{g}\t{n}" for cls, t in (("N", names), ("W", words)) for g, n in sorted(t.items())]
    return gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), compresslevel=9, mtime=0)


@lru_cache(maxsize=1)
def models() -> tuple[CharModel, CharModel]:
    """The committed (names, words) character models."""
    data = resources.files("rasd.ner").joinpath("data/namelm.tsv.gz").read_bytes()
    tables: dict[str, dict[str, int]] = {"N": {}, "W": {}}
    for line in gzip.decompress(data).decode("utf-8").splitlines():
        cls, g, n = line.split("\t")
        tables[cls][g] = int(n)
    return _model(tables["N"]), _model(tables["W"])


#: Letter trigram -> its (names, words) terms, for :func:`name_score`; emptied past
#: :data:`CACHE_TRIGRAMS` (each entry a short string and two floats: a few MB at most).
_PAIR_TERMS: Final[dict[str, tuple[float, float]]] = {}


def name_score(bare: str) -> float:
    """Per-letter log-likelihood ratio, names over words, of a normalised bare stem.

    Both log-probabilities are summed in one pass over the trigrams, whose two terms
    are kept together (one slice and one look-up per letter, not two); each sum still
    adds its own terms in letter order, so the value is exactly
    ``(names.logprob(bare) - words.logprob(bare)) / (len(bare) + 1)``."""
    names, words = models()
    padded = BOUND * (ORDER - 1) + bare + BOUND
    terms = _PAIR_TERMS
    if len(terms) > CACHE_TRIGRAMS:
        terms.clear()
    lp_names = lp_words = 0.0
    for i in range(ORDER - 1, len(padded)):
        gram = padded[i - 2 : i + 1]
        pair = terms.get(gram)
        if pair is None:
            pair = terms[gram] = (names.term(gram), words.term(gram))
        lp_names += pair[0]
        lp_words += pair[1]
    return (lp_names - lp_words) / (len(bare) + 1)


#: Stems whose :func:`name_bin` is kept; the cache is emptied when it is full.
BIN_CACHE: Final = 65536
#: Stem -> :func:`name_bin` (a plain dict, which a compiled caller reads directly).
_BINS: Final[dict[str, str]] = {}


def name_bin(bare: str) -> str:
    """:func:`name_score` in quarter units, clipped to -2..2 (the feature value)."""
    hit = _BINS.get(bare)
    return hit if hit is not None else keep(_BINS, BIN_CACHE, bare, str(max(-8, min(8, round(4 * name_score(bare))))))
