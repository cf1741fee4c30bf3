"""A small convolutional tagger whose label scores are added to the CRF's (numpy only).

The CRF (:mod:`rasd.ner.crf`) knows a word by its exact features, so a name never
seen in training (a foreign player, a car maker) is left to a handful of weak cues.
This network sees every word through hashed character n-grams of its bare stem
(fastText-style), so ``موراتينوس`` looks like the transliterated names it was trained
on, plus an embedding of the stem (training words seen twice or more), the word's
discrete attributes from :func:`rasd.ner.features.word_attributes` (frequency class,
name-likeness, gazetteer label, triggers, shape, proclitics), the sentence's gazetteer
BIO tag and the training-name memory tag (:mod:`rasd.ner.memory`).  Three 1-D
convolutions (kernel 3, dilations 1, 2, 1) give each token a window of ±4 words.

Its log-probabilities, times a weight, are added to the CRF's per-token scores before
Viterbi (:class:`BlendedCrf`): the CRF keeps its transitions and exact-word
knowledge, the network adds recall on unseen names.  Trained by
``training/train_ner_nn.py`` (PyTorch, training only) and exported as float16
``resources/models/ner_nn.npz``; run time is numpy.  The first layer is linear in the
concatenated embeddings, so a word's share of it is computed once and cached.

Not wired into the tagger, and no network ships: on ANERcorp dev the blend never
helped and the stacked CRF (:class:`StackedCrf`) gained +0.024 over the CRF of the
time but nothing on a held-out tail of train (BENCHMARKS.md, "a small neural
tagger").  The module stays so that the experiment can be rerun and continued.
"""

from __future__ import annotations

import io
import json
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from rasd.arabic.clitics import segment, strip_article
from rasd.errors import ResourceError
from rasd.ner.crf import CrfModel
from rasd.ner.features import stem_key, word_attributes

FILE = "resources/models/ner_nn.npz"
#: The CRF trained with the network's outputs as features (same format as ``ner.npz``).
STACK_FILE = "resources/models/ner_stack.npz"
#: Hash buckets of the character n-grams (a power of two).
BUCKETS = 1 << 16
#: Character n-gram lengths, read over ``<bare stem>`` with boundary marks.
NGRAMS = (2, 3, 4, 5)
#: Index of the unknown entry in every vocabulary.
UNK = 0
#: Attribute kinds of :func:`word_attributes` the network reads (the lexical ones,
#: stems, prefixes and suffixes, are covered by the stem embedding and the n-grams).
ATTR_KINDS = frozenset({"t", "sh", "zw", "zs", "zb", "ah", "lm", "nb", "fn", "np", "gz", "pc", "al", "len", "cv"})
#: Convolution dilations, in order (kernel 3 each, residual).
DILATIONS = (1, 2, 1)
#: Words whose first-layer vectors are kept; the cache is emptied past this.
CACHE_WORDS = 150_000


def bare_stem(word: str) -> str:
    """The normalised stem without proclitics or article (what the n-grams are read from)."""
    key = stem_key(word)
    if not word[:1].isalpha():
        return key
    return strip_article(key) if segment(word).article else key


@lru_cache(maxsize=65536)
def ngram_ids(word: str) -> tuple[int, ...]:
    """Hash buckets of the character 2..5-grams of ``<bare stem>`` (crc32, stable across runs)."""
    s = f"<{bare_stem(word)}>"
    out = {zlib.crc32(s[i : i + n].encode("utf-8")) & (BUCKETS - 1)
           for n in NGRAMS for i in range(len(s) - n + 1)}
    return tuple(sorted(out)) or (0,)


def attributes(word: str) -> tuple[str, ...]:
    """The discrete attributes of :func:`word_attributes` the network reads."""
    every, near, own = word_attributes(word)
    return tuple(a for a in (*every, *near, *own) if a.partition("=")[0] in ATTR_KINDS)


def memory_tags(extra: Sequence[Sequence[str]] | None, n: int) -> list[str]:
    """Each token's own memory tag, read from the CRF's per-token memory features
    (``0M=B-ORG``, :func:`rasd.ner.memory.features`); "O" where there is none."""
    out = ["O"] * n
    if extra is None:
        return out
    for i, feats in enumerate(extra):
        for f in feats:
            if f.startswith("0M="):
                out[i] = f[3:]
    return out


def _index(words: Sequence[str]) -> dict[str, int]:
    return {w: i for i, w in enumerate(words)}


@dataclass
class NnTagger:
    """Vocabularies and weights of the network (float32 in memory)."""

    labels: tuple[str, ...]
    stems: dict[str, int]
    attrs: dict[str, int]
    gaz_tags: dict[str, int]
    mem_tags: dict[str, int]
    arrays: dict[str, np.ndarray]
    meta: dict[str, Any] = field(default_factory=dict)
    _words: dict[str, np.ndarray] = field(default_factory=dict, repr=False)

    def word_vector(self, word: str) -> np.ndarray:
        """The word's share of the first layer (stem, n-grams, attributes), cached."""
        vec = self._words.get(word)
        if vec is None:
            if len(self._words) >= CACHE_WORDS:
                self._words.clear()
            a = self.arrays
            stem = a["stem_emb"][self.stems.get(stem_key(word), UNK)]
            chars = a["char_emb"][list(ngram_ids(word))].mean(axis=0)
            rows = [r for r in (self.attrs.get(x) for x in attributes(word)) if r is not None]
            attr = a["attr_emb"][rows].sum(axis=0) if rows else np.zeros(a["attr_emb"].shape[1], np.float32)
            vec = np.concatenate([stem, chars, attr]) @ a["w_word"]
            self._words[word] = vec
        return vec

    def log_probs(self, words: Sequence[str], gaz_tags: Sequence[str], mem_tags: Sequence[str]) -> np.ndarray:
        """(tokens, labels) log-probabilities of one sentence."""
        n = len(words)
        a = self.arrays
        if n == 0:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        h = np.stack([self.word_vector(w) for w in words])
        h += a["gaz_out"][[self.gaz_tags.get(t, UNK) for t in gaz_tags]]
        h += a["mem_out"][[self.mem_tags.get(t, UNK) for t in mem_tags]]
        h = np.maximum(h + a["b_in"], 0.0)
        for k, d in enumerate(DILATIONS):
            w = a[f"conv{k}_w"]  # (3, hidden, hidden): taps at -d, 0, +d
            y = h @ w[1]
            if n > d:
                y[d:] += h[:-d] @ w[0]
                y[:-d] += h[d:] @ w[2]
            h = h + np.maximum(y + a[f"conv{k}_b"], 0.0)
        z = h @ a["w_out"] + a["b_out"]
        z -= z.max(axis=1, keepdims=True)
        return (z - np.log(np.exp(z).sum(axis=1, keepdims=True))).astype(np.float32)


def load_nn(data: bytes, where: str = "model") -> NnTagger:
    """Read a network written by ``training/train_ner_nn.py``."""
    try:
        with np.load(io.BytesIO(data)) as z:
            def text(key: str) -> list[str]:
                return bytes(z[key]).decode("utf-8").split("\n")

            labels = tuple(text("labels"))
            vocabs = [_index(text(k)) for k in ("stems", "attrs", "gaz_tags", "mem_tags")]
            meta = json.loads(bytes(z["meta"]).decode("utf-8"))
            arrays = {k: z[k].astype(np.float32) for k in z.files
                      if k not in ("labels", "stems", "attrs", "gaz_tags", "mem_tags", "meta")}
    except (OSError, ValueError, KeyError) as exc:
        raise ResourceError(f"cannot read the NER network {where}: {exc}; retrain with "
                            "training/train_ner_nn.py") from exc
    a = arrays
    # fold the tag embeddings into the first layer: one row per tag
    d_word = a["stem_emb"].shape[1] + a["char_emb"].shape[1] + a["attr_emb"].shape[1]
    d_gaz = a["gaz_emb"].shape[1]
    w_in = a.pop("w_in")
    a["w_word"] = w_in[:d_word]
    a["gaz_out"] = a["gaz_emb"] @ w_in[d_word : d_word + d_gaz]
    a["mem_out"] = a["mem_emb"] @ w_in[d_word + d_gaz :]
    if w_in.shape[0] != d_word + d_gaz + a["mem_emb"].shape[1] or a["w_out"].shape[1] != len(labels):
        raise ResourceError(f"the NER network {where} is inconsistent: retrain with training/train_ner_nn.py")
    stems, attrs, gaz_tags, mem_tags = vocabs
    return NnTagger(labels, stems, attrs, gaz_tags, mem_tags, a, meta)


@lru_cache(maxsize=1)
def committed() -> NnTagger | None:
    """The network shipped with rasd (None when training wrote none)."""
    path = resources.files("rasd").joinpath(FILE)
    if not path.is_file():
        return None
    return load_nn(path.read_bytes(), FILE)


@dataclass
class BlendedCrf(CrfModel):
    """A CRF whose per-token scores get ``weight`` times the network's log-probabilities.

    A drop-in ``first`` model for :func:`rasd.ner.tagger.tag_document_with`: only
    :meth:`unary` changes, so Viterbi, transitions and everything after stay the CRF's.
    """

    net: NnTagger | None = None
    weight: float = 1.0
    _cols: list[int] = field(default_factory=list, repr=False)

    def unary(self, words: Sequence[str], gaz_tags: Sequence[str],
              extra: Sequence[Sequence[str]] | None = None) -> np.ndarray:
        u = super().unary(words, gaz_tags, extra)
        if self.net is None or self.weight == 0.0 or not words:
            return u
        if not self._cols:
            self._cols = [self.net.labels.index(lab) for lab in self.labels]
        lp = self.net.log_probs(words, gaz_tags, memory_tags(extra, len(words)))
        return u + self.weight * lp[:, self._cols]


def blend(crf: CrfModel, net: NnTagger | None = None, weight: float | None = None) -> CrfModel:
    """``crf`` with the network's scores added (the committed network and its trained
    weight by default); ``crf`` itself when there is no network."""
    net = committed() if net is None else net
    if net is None:
        return crf
    w = float(net.meta.get("weight", 1.0)) if weight is None else weight
    return BlendedCrf(crf.labels, crf.index, crf.weights, crf.transitions, crf.meta, net=net, weight=w)


def stack_features(log_probs: np.ndarray, labels: Sequence[str]) -> list[tuple[str, ...]]:
    """CRF features from the network's output (stacking): per token, the network's best
    label at offsets -1..1, that label with its confidence (low/mid/high) and how likely
    the token is inside any entity (1 - P(O), five bins).  The CRF learns from
    out-of-fold outputs how far to trust each."""
    n = log_probs.shape[0]
    if n == 0:
        return []
    p = np.exp(log_probs)
    best = p.argmax(axis=1)
    o = list(labels).index("O")
    names = [labels[int(b)] for b in best]
    out: list[tuple[str, ...]] = []
    for i in range(n):
        conf = p[i, best[i]]
        ent = min(int((1.0 - p[i, o]) * 5), 4)
        f = [f"0N={names[i]}", f"0Nc={names[i]}:{'h' if conf >= 0.8 else 'm' if conf >= 0.5 else 'l'}",
             f"0Ne={ent}"]
        if i > 0:
            f.append(f"-1N={names[i - 1]}")
        if i + 1 < n:
            f.append(f"1N={names[i + 1]}")
        out.append(tuple(f))
    return out


@dataclass
class StackedCrf(CrfModel):
    """A CRF trained with the network's outputs as features (:func:`stack_features`):
    a drop-in ``first`` model for :func:`rasd.ner.tagger.tag_document_with`."""

    net: NnTagger | None = None

    def unary(self, words: Sequence[str], gaz_tags: Sequence[str],
              extra: Sequence[Sequence[str]] | None = None) -> np.ndarray:
        if self.net is None or not words:
            return super().unary(words, gaz_tags, extra)
        lp = self.net.log_probs(words, gaz_tags, memory_tags(extra, len(words)))
        feats = stack_features(lp, self.net.labels)
        more = [(*x, *f) for x, f in zip(extra or [()] * len(words), feats, strict=True)]
        return super().unary(words, gaz_tags, more)


@lru_cache(maxsize=1)
def stacked_first() -> CrfModel | None:
    """The stacked first-pass model (``ner_stack.npz`` reading ``ner_nn.npz``), or None
    when either file is missing (then the plain CRF ``ner.npz`` is the first pass).

    The one call the tagger needs: ``first = stacked_first() or model("ner.npz")``.
    """
    from rasd.ner.crf import load_model

    net = committed()
    path = resources.files("rasd").joinpath(STACK_FILE)
    if net is None or not path.is_file():
        return None
    crf = load_model(path.read_bytes(), STACK_FILE)
    return StackedCrf(crf.labels, crf.index, crf.weights, crf.transitions, crf.meta, net=net)
