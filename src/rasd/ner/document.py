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

from rasd.ner.features import stem_key
from rasd.ner.bio import chunks

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
