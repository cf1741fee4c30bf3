"""A linear-chain CRF scored with numpy: the run-time half of the NER model.

The model is trained by python-crfsuite (``training/train_ner.py``); its state
weights (attribute x label) and label transitions are exported to one compressed
``.npz`` file, so run time needs neither crfsuite nor feature strings for words
already seen.  Because every feature belongs to one word at one offset
(:mod:`rasd.ner.features`), a word's weights are summed once per offset and cached;
a sentence costs a few array additions and a Viterbi pass over the labels.

The scores are exactly crfsuite's (first-order, no start/end transitions), so
the labels agree with ``crfsuite.Tagger`` on the same model.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from rasd.errors import ResourceError
from rasd.ner.features import BOS, EOS, GAZ_WINDOW, WINDOW, gaz_feature, joint_features, word_features

#: Words whose score vectors are kept; the cache is emptied when it grows past this.
CACHE_WORDS = 150_000


def viterbi(u: np.ndarray, transitions: np.ndarray) -> list[int]:
    """The best label index sequence for state scores ``u`` (tokens x labels) and label
    transition scores ``transitions`` (from x to)."""
    n = u.shape[0]
    if n == 0:
        return []
    score = u[0].astype(np.float64)
    back = np.zeros(u.shape, dtype=np.intp)
    trans = transitions.astype(np.float64)
    cols = np.arange(u.shape[1])
    for i in range(1, n):
        cand = score[:, None] + trans
        best = cand.argmax(axis=0)
        back[i] = best
        score = cand[best, cols] + u[i]
    path = [int(score.argmax())]
    for i in range(n - 1, 0, -1):
        path.append(int(back[i, path[-1]]))
    path.reverse()
    return path


@dataclass
class CrfModel:
    """State weights, transitions and the attribute index of a trained CRF."""

    labels: tuple[str, ...]
    index: dict[str, int]
    weights: np.ndarray  # (attributes, labels) float32
    transitions: np.ndarray  # (labels, labels): from -> to
    meta: dict[str, Any] = field(default_factory=dict)
    _words: dict[str, np.ndarray] = field(default_factory=dict, repr=False)
    _gaz: dict[tuple[str, int], np.ndarray | None] = field(default_factory=dict, repr=False)

    # ------------------------------------------------------------------ scoring

    def word_vectors(self, word: str) -> np.ndarray:
        """(len(WINDOW), labels): what ``word`` adds to the token at each offset from it."""
        vec = self._words.get(word)
        if vec is None:
            if len(self._words) >= CACHE_WORDS:
                self._words.clear()
            vec = np.zeros((len(WINDOW), len(self.labels)), dtype=np.float32)
            for i, feats in enumerate(word_features(word)):
                rows = [r for r in (self.index.get(f) for f in feats) if r is not None]
                if rows:
                    vec[i] = self.weights[rows].sum(axis=0)
            self._words[word] = vec
        return vec

    def _gaz_vector(self, tag: str, k: int) -> np.ndarray | None:
        key = (tag, k)
        if key not in self._gaz:
            row = self.index.get(gaz_feature(tag, k))
            self._gaz[key] = None if row is None else self.weights[row]
        return self._gaz[key]

    def unary(self, words: Sequence[str], gaz_tags: Sequence[str],
              extra: Sequence[Sequence[str]] | None = None) -> np.ndarray:
        """(tokens, labels) state scores of a sentence (``extra``: more features per token)."""
        n = len(words)
        pad = len(WINDOW) // 2
        padded = [BOS] * pad + list(words) + [EOS] * pad
        m = np.stack([self.word_vectors(w) for w in padded])
        u = np.zeros((n, len(self.labels)), dtype=np.float32)
        for idx, k in enumerate(WINDOW):
            u += m[pad + k : pad + k + n, idx]
        for j, tag in enumerate(gaz_tags):
            if tag == "O":
                continue
            for k in GAZ_WINDOW:
                i = j - k
                if 0 <= i < n:
                    v = self._gaz_vector(tag, k)
                    if v is not None:
                        u[i] += v
        index = self.index
        per_token: Sequence[Sequence[str]] = joint_features(words)
        if extra is not None:
            per_token = [(*p, *x) for p, x in zip(per_token, extra, strict=True)]
        for i, feats in enumerate(per_token):
            for f in feats:
                row = index.get(f)
                if row is not None:
                    u[i] += self.weights[row]
        return u

    def viterbi(self, u: np.ndarray) -> list[int]:
        """The best label index sequence for state scores ``u``."""
        return viterbi(u, self.transitions)

    def tag(self, words: Sequence[str], gaz_tags: Sequence[str],
            extra: Sequence[Sequence[str]] | None = None) -> list[str]:
        """The label of every word of one sentence."""
        if not words:
            return []
        return [self.labels[i] for i in self.viterbi(self.unary(words, gaz_tags, extra))]

    # ------------------------------------------------------------------ storage

    def save(self, path: Path) -> None:
        """Write the model as a compressed ``.npz`` (attributes sorted for stable files)."""
        attrs = sorted(self.index, key=self.index.__getitem__)
        blob = "\n".join(attrs).encode("utf-8")
        import json

        with path.open("wb") as fh:
            np.savez_compressed(
                fh,
                labels=np.frombuffer("\n".join(self.labels).encode("utf-8"), dtype=np.uint8),
                attributes=np.frombuffer(blob, dtype=np.uint8),
                weights=self.weights.astype(np.float16),
                transitions=self.transitions.astype(np.float32),
                meta=np.frombuffer(json.dumps(self.meta, ensure_ascii=False).encode("utf-8"), dtype=np.uint8),
            )


def load_model(data: bytes, where: str = "model") -> CrfModel:
    """Read a model written by :meth:`CrfModel.save`."""
    import json

    try:
        with np.load(io.BytesIO(data)) as z:
            labels = tuple(bytes(z["labels"]).decode("utf-8").split("\n"))
            attrs = bytes(z["attributes"]).decode("utf-8").split("\n")
            weights = z["weights"].astype(np.float32)
            transitions = z["transitions"].astype(np.float32)
            meta = json.loads(bytes(z["meta"]).decode("utf-8"))
    except (OSError, ValueError, KeyError) as exc:
        raise ResourceError(f"cannot read the NER model {where}: {exc}; reinstall rasd or retrain "
                            "with training/train_ner.py") from exc
    if weights.shape != (len(attrs), len(labels)) or transitions.shape != (len(labels), len(labels)):
        raise ResourceError(f"the NER model {where} is inconsistent: retrain with training/train_ner.py")
    return CrfModel(labels, {a: i for i, a in enumerate(attrs)}, weights, transitions, meta)


def from_crfsuite_info(info: Any, meta: dict[str, Any] | None = None) -> CrfModel:
    """Build a model from ``pycrfsuite.Tagger().info()`` (state_features, transitions)."""
    labels = tuple(sorted(info.labels, key=lambda lab: (lab != "O", lab)))
    lab_index = {lab: i for i, lab in enumerate(labels)}
    attrs = sorted({a for a, _ in info.state_features})
    index = {a: i for i, a in enumerate(attrs)}
    weights = np.zeros((len(attrs), len(labels)), dtype=np.float32)
    for (a, lab), w in info.state_features.items():
        weights[index[a], lab_index[lab]] = w
    transitions = np.zeros((len(labels), len(labels)), dtype=np.float32)
    for (a, b), w in info.transitions.items():
        transitions[lab_index[a], lab_index[b]] = w
    return CrfModel(labels, index, weights, transitions, meta or {})
