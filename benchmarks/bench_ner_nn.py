#!/usr/bin/env python3
"""Speed of the NER network's numpy inference on one core, next to the CRF alone.

usage: OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/bench_ner_nn.py \
           [--model src/rasd/resources/models/ner_nn.npz] [--shared ../shared] [--repeat 3]

Tags the sentences of ANERcorp dev (12,370 tokens) ``--repeat`` times: the network alone
(log-probabilities), the CRF alone (``CrfModel.tag``) and the stacked CRF
(``ner_stack.npz`` reading the network's outputs, :class:`rasd.ner.nn.StackedCrf`); the first round
fills the per-word caches, so the best of the rounds is what a long-running process sees
on text whose words repeat; the cold figure is the first round.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rasd.ner import conll, memory  # noqa: E402
from rasd.ner import nn as rnn  # noqa: E402
from rasd.ner.crf import load_model  # noqa: E402
from rasd.ner.features import gazetteer_tags  # noqa: E402
from rasd.ner.tagger import model  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, default=ROOT / "src/rasd" / rnn.FILE)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    sents = conll.read_conll((args.shared / "data/anercorp/dev.conll").read_text(encoding="utf-8"))
    n_tok = sum(len(s) for s in sents)
    gaz = [gazetteer_tags(s) for s in sents]
    lex = memory.committed()
    mem = [memory.features(s, lex) for s in sents]
    mtags = [rnn.memory_tags(m, len(s)) for s, m in zip(sents, mem, strict=True)]
    crf = model("ner.npz")
    stack_path = ROOT / "src/rasd" / rnn.STACK_FILE
    if not args.model.is_file() or not stack_path.is_file():
        print(f"no network at {args.model} or no {stack_path.name}: none ships; make them first with "
              "training/train_ner_nn.py --stack dev --save", file=sys.stderr)
        return 2
    net = rnn.load_nn(args.model.read_bytes(), str(args.model))
    stack = load_model(stack_path.read_bytes())
    stacked = rnn.StackedCrf(stack.labels, stack.index, stack.weights, stack.transitions, net=net)

    def run(name: str, fn: object) -> None:
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            fn()  # type: ignore[operator]
            times.append(time.perf_counter() - t)
        print(f"{name:<12} cold {n_tok / times[0]:>9,.0f} tok/s   warm {n_tok / min(times):>9,.0f} tok/s")

    run("network", lambda: [net.log_probs(s, g, m) for s, g, m in zip(sents, gaz, mtags, strict=True)])
    run("CRF", lambda: [crf.tag(s, g, m) for s, g, m in zip(sents, gaz, mem, strict=True)])
    run("stacked CRF", lambda: [stacked.tag(s, g, m) for s, g, m in zip(sents, gaz, mem, strict=True)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
