"""The tokenizer's C loop against its Python reference, on the sentences of real articles.

Splits the first ``--limit`` SaudiNewsNet articles into sentences and makes every
sentence's ``Token`` list ``--rounds`` times by turns: once with ``tokenize.scan`` (the C
loop of ``rasd/arabic/_scan.c`` where it is built and the analysis runs compiled) and once
with the Python loop ``tokenize._spans`` made into ``Token``s as ``scan`` does without C.
Prints the best wall time of each.

    python benchmarks/bench_tokenize.py --limit 1000
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from snn import iter_snn, rebuild_text

from rasd.arabic.sentences import split_sentences

tokenize = importlib.import_module("rasd.arabic.tokenize")  # the package exports a function by that name


def _python(text: str, start: int, end: int) -> list[object]:
    new = tuple.__new__
    return [new(tokenize.Token, span) for span in tokenize._spans(text, start, end)]


def _time(fn: Callable[[str, int, int], object], sentences: list[tuple[str, int, int]]) -> float:
    t0 = time.perf_counter()
    for text, a, b in sentences:
        fn(text, a, b)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    texts = [rebuild_text(a) for _z, _i, a in itertools.islice(iter_snn(), args.limit)]
    sentences = [(t, a, b) for t in texts for a, b in split_sentences(t)]
    if tokenize._C_SCAN is None:
        print("the C loop is not in use here (not built, or the analysis runs from source)")
    best = {"scan": float("inf"), "python loop": float("inf")}
    for _ in range(args.rounds):
        best["scan"] = min(best["scan"], _time(tokenize.scan, sentences))
        best["python loop"] = min(best["python loop"], _time(_python, sentences))
    print(f"{len(sentences)} sentences of {len(texts)} articles, best of {args.rounds}")
    for name, seconds in best.items():
        print(f"  {name}: {seconds:.3f} s")


if __name__ == "__main__":
    main()
