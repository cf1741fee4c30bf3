#!/usr/bin/env python3
"""What roles + quotes add to ``analyze`` time, measured against the same pipeline without them.

For each article (SaudiNewsNet, rebuilt as scraped text by ``snn.py``) the full
pipeline is timed twice in the same process, once with every stage and once with
``roles`` and ``quotes`` skipped, alternating which goes first so warm caches favour
neither.  Stage models are loaded by a warm-up article first.  Reports the totals, the
overhead in percent, and how many quotes were found.  Both wall time and this process's
CPU time are reported: on a machine shared with other jobs the wall clock also counts
waiting for a core, so the CPU figure is the steadier one.

usage: .venv/bin/python benchmarks/bench_quotes.py [--n 500] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from snn import SNN_DIR, iter_snn, rebuild_text

OURS = ("roles", "quotes")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=500, help="articles to time")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    if not SNN_DIR.is_dir():
        print(f"skipped: {SNN_DIR} not found (SaudiNewsNet is read from ../shared)")
        return 0

    from rasd.article import Article
    from rasd.pipeline import prepare_text, run_stages, stage_names

    missing = [s for s in OURS if s not in stage_names()]
    if missing:
        print(f"stages not registered: {missing}")
        return 1
    texts = [prepare_text(rebuild_text(a)) for _z, _i, a in iter_snn()]
    random.Random(args.seed).shuffle(texts)
    texts = texts[: args.n]
    run_stages(Article.from_text(texts[0]))  # load every stage's models
    t_with = t_without = c_with = c_without = 0.0
    quotes = 0
    chars = 0
    for k, text in enumerate(texts):
        art = Article.from_text(text)
        order = (True, False) if k % 2 == 0 else (False, True)
        for full in order:
            t0, c0 = time.perf_counter(), time.process_time()
            out = run_stages(art, skip=() if full else OURS)
            dt, dc = time.perf_counter() - t0, time.process_time() - c0
            if full:
                t_with += dt
                c_with += dc
                quotes += len(out.quotes)
            else:
                t_without += dt
                c_without += dc
        chars += len(text)
    over = (t_with - t_without) / t_without * 100 if t_without else float("nan")
    c_over = (c_with - c_without) / c_without * 100 if c_without else float("nan")
    print(f"articles {len(texts)} ({chars:,} characters), stages: {' → '.join(stage_names())}")
    print(f"{'':30}{'wall':>9}  {'CPU':>9}")
    print(f"analyze without roles+quotes  {t_without:7.2f} s  {c_without:7.2f} s")
    print(f"analyze with roles+quotes     {t_with:7.2f} s  {c_with:7.2f} s")
    print(f"overhead                      {over:7.1f} %  {c_over:7.1f} %   (target < 20 %)")
    print(f"quotes found                  {quotes:8d}   ({quotes / len(texts):.2f} per article)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
