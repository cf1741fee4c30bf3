"""The accurate NER tier: the CRF reads what multilingual-e5 makes of each word in its sentence.

The fast tier's CRF knows an unseen word only by its spelling, its neighbours and the
tables.  A pretrained encoder has read a great deal of Arabic: its hidden state of a
word *in context* separates a footballer's surname from a verb.  So the accurate
tier runs multilingual-e5-small (:mod:`rasd.ner.encoder`, layer :data:`LAYER` of 12,
pieces of a word averaged) over every sentence and gives the CRF two more features
per token, next to all of :mod:`rasd.ner.features`:

* ``e5c256=K``: the nearest of 256 k-means centroids of training-word vectors (a
  word class learnt from context, like a Brown cluster), read at offsets -1..1;
* ``e5p=LABEL``: the probabilities that a small probe (one hidden layer of 256) gives
  the entity labels (O, PER, ORG, LOC, MISC) from the vector, as real-valued
  features, read at offsets -1..1.  Training sees the probe out of fold, as unseen
  text sees it.

Both are built by ``training/train_ner_accurate.py`` into ``resources/models/ner_e5.npz``
(centroids, probe, standardisation) and the CRF into ``ner_accurate.npz``.  The tier
is chosen with ``--ner accurate`` (:mod:`rasd.settings`); everything after tagging
(gazetteer rules, spreading, joining) is the fast tier's.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from rasd.errors import ResourceError
from rasd.ner.crf import CrfModel, load_model

#: The encoder layer whose states the features read (of 12; 0 is the embeddings).
LAYER = 8
MODEL_DIR = "resources/models"
FEATURES_FILE = "ner_e5.npz"
MODEL_FILE = "ner_accurate.npz"
#: Offsets at which a token sees the cluster of a word.
CLUSTER_WINDOW: tuple[int, ...] = (-1, 0, 1)

Vectors = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class E5Features:
    """Word classes and label probe over standardised e5 vectors."""

    mean: np.ndarray  # (width,)
    scale: np.ndarray  # (width,)
    centroids: np.ndarray  # (k, width), unit length, over standardised vectors
    probe: tuple[np.ndarray, ...]  # weight, bias, weight, bias...: linear layers, ReLU between
    classes: tuple[str, ...]
    meta: dict[str, Any] = field(default_factory=dict)

    def standardise(self, vecs: np.ndarray) -> np.ndarray:
        return ((vecs - self.mean) / self.scale).astype(np.float32)

    @property
    def cluster_sizes(self) -> tuple[int, ...]:
        """Sizes of the centroid sets stacked in :attr:`centroids` (coarse to fine word classes)."""
        return tuple(self.meta.get("cluster_sizes", [len(self.centroids)]))

    @property
    def probe_window(self) -> tuple[int, ...]:
        """Offsets at which a token sees the probe of a word."""
        return tuple(self.meta.get("probe_window", [0]))

    def clusters(self, z: np.ndarray) -> list[np.ndarray]:
        """Per centroid set, the nearest centroid (cosine) of each standardised vector."""
        sims = z @ self.centroids.T
        out, start = [], 0
        for k in self.cluster_sizes:
            out.append(np.asarray(sims[:, start : start + k].argmax(axis=1)))
            start += k
        return out

    def probabilities(self, z: np.ndarray) -> np.ndarray:
        """Probe class probabilities of standardised vectors: the layers of :attr:`probe`
        (weights and biases in turn), ReLU between them, softmax at the end."""
        h = z
        for i in range(0, len(self.probe), 2):
            if i:
                h = np.maximum(h, 0)
            h = h @ self.probe[i] + self.probe[i + 1]
        return softmax(h)

    def token_features(self, vecs: np.ndarray) -> tuple[list[tuple[str, ...]], list[dict[str, float]]]:
        """Per token of a sentence: the cluster features (strings) and the probe
        probabilities (name -> value).  A word without pieces (zero vector) gives none."""
        n = len(vecs)
        if n == 0:
            return [], []
        z = self.standardise(vecs)
        empty = [not bool(row.any()) for row in vecs]
        sets = list(zip(self.cluster_sizes, self.clusters(z), strict=True)) if len(self.centroids) else []
        probs = self.probabilities(z)
        strings: list[tuple[str, ...]] = []
        numeric: list[dict[str, float]] = []
        for i in range(n):
            strings.append(tuple(f"{k}e5c{size}={ids[i + k]}" for size, ids in sets for k in CLUSTER_WINDOW
                                 if 0 <= i + k < n and not empty[i + k]))
            numeric.append({f"{k}e5p={c}": float(p) for k in self.probe_window
                            if 0 <= i + k < n and not empty[i + k]
                            for c, p in zip(self.classes, probs[i + k], strict=True)})
        return strings, numeric

    def save(self, fh: io.BufferedIOBase | Any) -> None:
        arrays: dict[str, np.ndarray] = {
            "mean": self.mean.astype(np.float32), "scale": self.scale.astype(np.float32),
            "centroids": self.centroids.astype(np.float16),
            "classes": np.frombuffer("\n".join(self.classes).encode("utf-8"), dtype=np.uint8),
            "meta": np.frombuffer(json.dumps(self.meta, ensure_ascii=False).encode("utf-8"), dtype=np.uint8)}
        for i, a in enumerate(self.probe):
            arrays[f"probe{i}"] = a.astype(np.float16)
        np.savez_compressed(fh, **arrays)  # type: ignore[arg-type]  # numpy types **kwds as allow_pickle


def softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return np.asarray(e / e.sum(axis=-1, keepdims=True))


def load_features(data: bytes, where: str = FEATURES_FILE) -> E5Features:
    """Read what :meth:`E5Features.save` wrote."""
    try:
        with np.load(io.BytesIO(data)) as z:
            return E5Features(z["mean"].astype(np.float32), z["scale"].astype(np.float32),
                              z["centroids"].astype(np.float32),
                              tuple(z[f"probe{i}"].astype(np.float32) for i in range(sum(k.startswith("probe")
                                                                                      for k in z.files))),
                              tuple(bytes(z["classes"]).decode("utf-8").split("\n")),
                              json.loads(bytes(z["meta"]).decode("utf-8")))
    except (OSError, ValueError, KeyError) as exc:
        raise ResourceError(f"cannot read {where}: {exc}; reinstall rasd or rerun "
                            "training/train_ner_accurate.py") from exc


@dataclass
class AccurateModel(CrfModel):
    """A CRF whose tokens also carry the e5 features of their sentence.

    ``vectors`` gives the e5 word vectors of a sentence (the encoder at run time,
    a table of precomputed ones in training)."""

    e5: E5Features | None = None
    vectors: Vectors | None = None

    def unary(self, words: Sequence[str], gaz_tags: Sequence[str],
              extra: Sequence[Sequence[str]] | None = None) -> np.ndarray:
        if self.e5 is None or self.vectors is None:
            raise ResourceError("the accurate NER model has no e5 features attached")
        strings, numeric = self.e5.token_features(self.vectors(words))
        if extra is not None:
            strings = [(*x, *s) for x, s in zip(extra, strings, strict=True)]
        u = super().unary(words, gaz_tags, strings)
        index, weights = self.index, self.weights
        for i, feats in enumerate(numeric):
            for f, v in feats.items():
                row = index.get(f)
                if row is not None:
                    u[i] += v * weights[row]
        return u


def attach(model: CrfModel, e5: E5Features, vectors: Vectors) -> AccurateModel:
    """``model`` (trained with the e5 features) as an :class:`AccurateModel`."""
    return AccurateModel(model.labels, model.index, model.weights, model.transitions, model.meta,
                         e5=e5, vectors=vectors)


# ------------------------------------------------------------------------ run time


class EncoderVectors:
    """Sentence -> e5 word vectors from the installed encoder.

    After :meth:`prepare` has been given a document's sentences, asking for one of them
    encodes it together with the next few (the products then run over many tokens at
    once; the tagger asks in document order), keeping only that batch: memory stays
    bounded however long the document.  A sentence not prepared is encoded alone."""

    #: Sentences encoded together.
    BATCH = 8

    def __init__(self, layer: int = LAYER) -> None:
        from rasd.ner import encoder

        self.layer = layer
        self.encoder = encoder.load(layer)
        self._doc: list[tuple[str, ...]] = []
        self._where: dict[tuple[str, ...], int] = {}
        self._ready: dict[tuple[str, ...], np.ndarray] = {}

    def prepare(self, sentences: Sequence[Sequence[str]]) -> None:
        self._doc = [tuple(s) for s in sentences]
        self._where = {}
        for i, s in enumerate(self._doc):
            self._where.setdefault(s, i)
        self._ready = {}

    def __call__(self, words: Sequence[str]) -> np.ndarray:
        key = tuple(words)
        got = self._ready.get(key)
        if got is None:
            i = self._where.get(key)
            batch = [key] if i is None else list(dict.fromkeys(s for s in self._doc[i : i + self.BATCH] if s))
            self._ready = dict(zip(batch, self.encoder.word_vectors(batch, self.layer), strict=True))
            got = self._ready[key]
        return got


def _read(name: str) -> bytes:
    rel = f"{MODEL_DIR}/{name}"
    try:
        return resources.files("rasd").joinpath(rel).read_bytes()
    except OSError as exc:
        raise ResourceError(f"the accurate NER model {rel} is missing: reinstall rasd or run "
                            "training/train_ner_accurate.py") from exc


@lru_cache(maxsize=1)
def model() -> tuple[AccurateModel, EncoderVectors]:
    """The committed accurate model with the installed encoder attached (loaded once).

    Raises :class:`ResourceError` with the install command when the encoder is missing."""
    from rasd.ner import encoder

    encoder.require()
    e5 = load_features(_read(FEATURES_FILE))
    vectors = EncoderVectors(int(e5.meta.get("layer", LAYER)))
    crf = load_model(_read(MODEL_FILE), f"{MODEL_DIR}/{MODEL_FILE}")
    return attach(crf, e5, vectors), vectors
