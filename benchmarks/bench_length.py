"""How ``rasd.analyze``'s rate follows article length, block by block of a stream.

SaudiNewsNet's articles are analysed in dump order in one process, timed in blocks of
``--block``; each block's line gives articles/s (CPU), its mean length in characters and
characters/s.  Articles per second is the figure the speed issues quote, but the dumps'
first articles are three to four times as long as the later ones, so a stretch's rate says
as much about its articles as about the code; characters per second shows whether the
code itself slowed down (a cold start, a cache emptied) or the articles grew.

    python benchmarks/bench_length.py --limit 3000 --block 250
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from snn import iter_snn, rebuild_text

from rasd import analyze


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=3000)
    ap.add_argument("--block", type=int, default=250)
    args = ap.parse_args()
    texts = [rebuild_text(a) for _z, _i, a in itertools.islice(iter_snn(), args.limit)]
    if not texts:
        raise SystemExit("no SaudiNewsNet articles found (../shared/data)")
    t0 = time.process_time()
    analyze(texts[0])
    print(f"first article (loads every model): {time.process_time() - t0:.2f} s CPU")
    print("| articles | articles/s (CPU) | characters an article | characters/s |")
    print("|---|---|---|---|")
    total_cpu = 0.0
    for first in range(1, len(texts), args.block):
        block = texts[first : first + args.block]
        t0 = time.process_time()
        for text in block:
            analyze(text)
        cpu = time.process_time() - t0
        total_cpu += cpu
        chars = sum(map(len, block))
        print(f"| {first}-{first + len(block) - 1} | {len(block) / cpu:.0f} | {chars / len(block):.0f} | "
              f"{chars / cpu / 1000:.0f} k |", flush=True)
    rest = texts[1:]
    print(f"articles 1-{len(rest)}: {len(rest) / total_cpu:.1f} articles/s, "
          f"{sum(map(len, rest)) / total_cpu / 1000:.0f} k characters/s CPU")


if __name__ == "__main__":
    main()
