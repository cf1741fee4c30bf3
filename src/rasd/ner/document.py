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
from itertools import compress

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
    # (both kinds of key go through caches: segment's and normalize_text's)
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


def _by_first_word(names: dict[tuple[str, ...], str]) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for k, lab in names.items():
        index.setdefault(k[0], []).append((k[1:], lab))
    for v in index.values():
        v.sort(key=lambda x: -len(x[0]))
    return index


def propagate(words: Sequence[Sequence[str]], found: Sequence[Sequence[Chunk]],
              window: int | None = None) -> list[list[Chunk]]:
    """Add the other occurrences of the document's names that the tagger missed.

    ``window``: sentences either side that count as the document (``None``: all).
    """
    per_sentence = [name_keys([ws], [cs]) for ws, cs in zip(words, found, strict=True)]
    whole = _by_first_word(_merge_names(per_sentence)) if window is None else None
    out: list[list[Chunk]] = []
    for si, (ws, cs) in enumerate(zip(words, found, strict=True)):
        index = whole if whole is not None else _by_first_word(
            _merge_names(per_sentence[max(0, si - (window or 0)) : si + (window or 0) + 1]))
        if not index:
            out.append(list(cs))
            continue
        taken = [False] * len(ws)
        for c in cs:
            for i in range(c.start, c.end):
                taken[i] = True
        added = list(cs)
        plain: list[str | None] = [None] * len(ws)
        # a word's stem_key is its _token_key as a name's first word (for the words
        # tried here: those that open with a letter), and memory.keys computed it already
        firsts = [stem_key(w) for w in ws]
        after = 0  # the first word after the last name added
        for i in compress(range(len(ws)), map(index.__contains__, firsts)):  # words that open a name
            if i < after or taken[i] or not ws[i][:1].isalpha():
                continue
            for rest, lab in index[firsts[i]]:
                end = i + 1 + len(rest)
                if end > len(ws) or any(taken[i:end]):
                    continue
                ok = True
                for k, r in enumerate(rest):
                    j = i + 1 + k
                    if plain[j] is None:
                        plain[j] = _token_key(ws[j], False)
                    if plain[j] != r:
                        ok = False
                        break
                if ok:
                    added.append(Chunk(i, end, lab, gaz.lookup(name_text(ws, i, end))))
                    after = end
                    break
        out.append(sorted(added, key=lambda c: c.start))
    return out


def _merge_names(maps: Sequence[dict[tuple[str, ...], str]]) -> dict[tuple[str, ...], str]:
    """Several sentences' names in one map; a name's label is its most frequent one."""
    votes: dict[tuple[str, ...], dict[str, int]] = {}
    for m in maps:
        for k, lab in m.items():
            d = votes.setdefault(k, {})
            d[lab] = d.get(lab, 0) + 1
    return {k: max(d, key=lambda lab: d[lab]) for k, d in votes.items()}
