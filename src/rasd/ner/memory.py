"""Names the training data tagged, as a lexicon the tagger reads like a gazetteer.

A CRF learns a weight per word, but a name seen a few times in training competes with
hundreds of generic features and often loses ("فوز الأهلي" tagged O although الأهلي was
an ORG every time it appeared in training).  So the training names themselves become
a feature: each token gets the BIO tag of the longest training name that covers it
(``M=B-ORG``...), read at offsets -1..1.

The lexicon keeps a name only when the words were tagged as that name in at least
half of their occurrences in the training text (العربي, mostly an adjective, is left
out).  Training reads it *out of fold* (each fold's names come from the other folds)
so that the model learns how far to trust it on names it has not seen; run time uses
the lexicon of all training data (``resources/models/ner_names.tsv.gz``).
"""

from __future__ import annotations

import gzip
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources
from itertools import compress

from rasd.ner.bio import chunks
from rasd.ner.features import stem_key

#: Longest name, in tokens, kept in the lexicon.
MAX_NAME = 6
#: A name is kept when it was tagged in at least this share of its occurrences.
MIN_SHARE = 0.5
#: Offsets at which a token sees the lexicon tags.
MEMORY_WINDOW: tuple[int, ...] = (-1, 0, 1)
FILE = "resources/models/ner_names.tsv.gz"

Lexicon = dict[tuple[str, ...], str]


def keys(words: Sequence[str]) -> list[str]:
    """Token keys: normalised stems (proclitics off), as the lexicon stores them."""
    return [stem_key(w) for w in words]


def build(sentences: Iterable[tuple[Sequence[str], Sequence[str]]]) -> Lexicon:
    """Name (token keys) -> majority label, from BIO-tagged sentences."""
    sents = [(keys(w), list(t)) for w, t in sentences]
    labels: dict[tuple[str, ...], Counter[str]] = {}
    for ks, tags in sents:
        for s, e, lab in chunks(tags):
            if e - s <= MAX_NAME and ks[s][:1].isalpha():
                labels.setdefault(tuple(ks[s:e]), Counter())[lab] += 1
    if not labels:
        return {}
    firsts: dict[str, list[tuple[str, ...]]] = {}
    for name in labels:
        firsts.setdefault(name[0], []).append(name)
    seen: Counter[tuple[str, ...]] = Counter()
    for ks, _ in sents:
        for i, k in enumerate(ks):
            for name in firsts.get(k, ()):
                if tuple(ks[i : i + len(name)]) == name:
                    seen[name] += 1
    out: Lexicon = {}
    for name, c in labels.items():
        lab, n = c.most_common(1)[0]
        if n >= MIN_SHARE * max(seen[name], 1):
            out[name] = lab
    return out


def _longest(lexicon: Lexicon) -> dict[str, int]:
    """First word -> length of the longest name that starts with it."""
    key = id(lexicon)
    cached = _LONGEST.get(key)
    if cached is not None and cached[0] is lexicon:
        return cached[1]
    out: dict[str, int] = {}
    for name in lexicon:
        out[name[0]] = max(out.get(name[0], 0), len(name))
    if len(_LONGEST) > 8:
        _LONGEST.clear()
    _LONGEST[key] = (lexicon, out)
    return out


_LONGEST: dict[int, tuple[Lexicon, dict[str, int]]] = {}


def tags(words: Sequence[str], lexicon: Lexicon) -> list[str]:
    """BIO tags of the longest lexicon names in a sentence, left to right."""
    n = len(words)
    out = ["O"] * n
    if not lexicon or not n:
        return out
    ks = keys(words)
    longest = _longest(lexicon)
    after = 0  # the first token after the last name
    # only a token that starts some name is tried (one C-level pass finds them)
    for i in compress(range(n), map(longest.__contains__, ks)):
        if i < after:
            continue
        for ln in range(min(longest[ks[i]], n - i), 0, -1):
            lab = lexicon.get(tuple(ks[i : i + ln]))
            if lab is not None:
                out[i] = "B-" + lab
                for j in range(i + 1, i + ln):
                    out[j] = "I-" + lab
                after = i + ln
                break
    return out


def features(words: Sequence[str], lexicon: Lexicon) -> list[tuple[str, ...]]:
    """Per token, ``{k}M=<tag>`` for the lexicon tags at offsets :data:`MEMORY_WINDOW`."""
    t = tags(words, lexicon)
    n = len(words)
    out: list[tuple[str, ...]] = [()] * n
    if t.count("O") == n:
        return out  # no training name in the sentence
    # only tokens next to a tagged one have features (most sentences have none)
    near = sorted({i - k for i, tag in enumerate(t) if tag != "O" for k in MEMORY_WINDOW if 0 <= i - k < n})
    for i in near:
        out[i] = tuple(f"{k}M={t[i + k]}" for k in MEMORY_WINDOW if 0 <= i + k < n and t[i + k] != "O")
    return out


def dumps(lexicon: Lexicon) -> bytes:
    """The lexicon as gzipped ``label<TAB>key key...`` lines (sorted: stable files)."""
    lines = sorted(f"{lab}\t{' '.join(k)}" for k, lab in lexicon.items())
    return gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), compresslevel=9, mtime=0)


def loads(data: bytes) -> Lexicon:
    """Read :func:`dumps` output."""
    out: Lexicon = {}
    for line in gzip.decompress(data).decode("utf-8").splitlines():
        lab, _, name = line.partition("\t")
        if name:
            out[tuple(name.split(" "))] = lab
    return out


@lru_cache(maxsize=1)
def committed() -> Lexicon:
    """The lexicon shipped with the model (empty when training wrote none)."""
    path = resources.files("rasd").joinpath(FILE)
    return loads(path.read_bytes()) if path.is_file() else {}
