"""Document-level evidence for the second NER pass (stacking).

A name is often tagged right in one sentence ("المدرب جوزيه") and missed in
another ("يعتمد جوزيه"), so the tagger runs twice: the first model tags every
sentence alone; then each word whose stem was tagged as an entity anywhere in
the same document gets features ``D=<label>`` and a second model, trained on
out-of-fold first-pass labels (``training/train_ner.py``), decides again.

"Document" is the article in the entity stage; for CoNLL input, which has no
article boundaries, it is a window of sentences around each sentence
(:data:`CONLL_WINDOW` either side), as in training.
"""

from __future__ import annotations

from collections.abc import Sequence

from rasd.arabic.clitics import segment
from rasd.arabic.normalize import normalize_text
from rasd.ner.bio import chunks
from rasd.ner.combine import Chunk, name_text
from rasd.ner.features import stem_key, zipf_table
from rasd.resources import gazetteers as gaz

#: Sentences either side that make up a "document" in CoNLL files (and in training).
CONLL_WINDOW = 8

StemLabels = dict[str, set[str]]


def sentence_stem_labels(words: Sequence[str], tags: Sequence[str]) -> StemLabels:
    """Stem -> labels it carries inside the entity chunks of one tagged sentence."""
    out: StemLabels = {}
    for s, e, lab in chunks(tags):
        for w in words[s:e]:
            if w[:1].isalpha():
                out.setdefault(stem_key(w), set()).add(lab)
    return out


def merge(maps: Sequence[StemLabels]) -> StemLabels:
    """Union of several stem-label maps."""
    out: StemLabels = {}
    for m in maps:
        for k, v in m.items():
            out.setdefault(k, set()).update(v)
    return out


def windowed(maps: Sequence[StemLabels], window: int | None) -> list[StemLabels]:
    """For each sentence, the union of the maps of the sentences within ``window`` of it
    (``None``: the whole document)."""
    if window is None:
        whole = merge(maps)
        return [whole] * len(maps)
    return [merge(maps[max(0, i - window) : i + window + 1]) for i in range(len(maps))]


def doc_features(words: Sequence[str], labels: StemLabels) -> list[tuple[str, ...]]:
    """Per token, ``D=<label>`` for every label its stem has elsewhere in the document."""
    if not labels:
        return [()] * len(words)
    out: list[tuple[str, ...]] = []
    for w in words:
        labs = labels.get(stem_key(w))
        out.append(tuple(f"D={lab}" for lab in sorted(labs)) if labs else ())
    return out


# ----------------------------------------------------------------------------- propagation

#: A single word found by the model alone is spread to its other occurrences only
#: when it is rarer than this (Zipf class): common words tagged once are errors.
MAX_SPREAD_ZIPF = 4.5


def _token_key(word: str, first: bool) -> str:
    return normalize_text(segment(word).stem if first else word)


def _spreadable(key: tuple[str, ...], label: str, known: bool) -> bool:
    if known or len(key) > 1:
        return True
    z = zipf_table().get(key[0], "0")
    return float(z) < MAX_SPREAD_ZIPF and len(key[0]) >= 3


def name_keys(words: Sequence[Sequence[str]], found: Sequence[Sequence[Chunk]]) -> dict[tuple[str, ...], str]:
    """Names (token keys) found in a document -> label, with a person's surname too."""
    votes: dict[tuple[str, ...], dict[str, int]] = {}
    known: set[tuple[str, ...]] = set()
    for ws, cs in zip(words, found, strict=True):
        for c in cs:
            key = tuple(_token_key(w, i == 0) for i, w in enumerate(ws[c.start : c.end]))
            keys = [key]
            if c.label == "PER" and len(key) >= 2 and not gaz.nisba(ws[c.end - 1]):
                keys.append(key[-1:])  # الكاظمي for مصطفى الكاظمي
            for k in keys:
                d = votes.setdefault(k, {})
                d[c.label] = d.get(c.label, 0) + 1
            if c.entry is not None:
                known.add(key)
    out = {}
    for k, d in votes.items():
        label = max(d, key=lambda lab: d[lab])
        if _spreadable(k, label, k in known):
            out[k] = label
    return out


def propagate(words: Sequence[Sequence[str]], found: Sequence[Sequence[Chunk]],
              window: int | None = None) -> list[list[Chunk]]:
    """Add the other occurrences of the document's names that the tagger missed.

    ``window``: sentences either side that count as the document (``None``: all).
    """
    per_sentence = [name_keys([ws], [cs]) for ws, cs in zip(words, found, strict=True)]
    out: list[list[Chunk]] = []
    for si, (ws, cs) in enumerate(zip(words, found, strict=True)):
        lo, hi = (0, len(words)) if window is None else (max(0, si - window), si + window + 1)
        names: dict[tuple[str, ...], str] = {}
        for m in per_sentence[lo:hi]:
            for k, lab in m.items():
                names.setdefault(k, lab)
        if not names:
            out.append(list(cs))
            continue
        longest = max(len(k) for k in names)
        taken = [False] * len(ws)
        for c in cs:
            for i in range(c.start, c.end):
                taken[i] = True
        added = list(cs)
        i = 0
        while i < len(ws):
            hit = 0
            if not taken[i] and ws[i][:1].isalpha():
                first = _token_key(ws[i], True)
                for size in range(min(longest, len(ws) - i), 0, -1):
                    if any(taken[i : i + size]):
                        continue
                    key = (first, *(_token_key(w, False) for w in ws[i + 1 : i + size]))
                    spread = names.get(key)
                    if spread is not None:
                        entry = gaz.lookup(name_text(ws, i, i + size))
                        added.append(Chunk(i, i + size, spread, entry))
                        hit = size
                        break
            i += hit or 1
        out.append(sorted(added, key=lambda c: c.start))
    return out
