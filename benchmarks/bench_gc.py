"""CPU time of ``rasd.analyze`` under different garbage-collector thresholds, by turns.

One process analyses the first ``--warm`` SaudiNewsNet articles (every model loaded, the
heap frozen, the caches filled), then the next ``--limit`` articles in batches of
``--batch``; each batch is analysed once under each threshold setting, in an order that
rotates from batch to batch (a batch's second analysis finds warmer caches, so no
setting is always first), with ``gc.set_threshold`` in between.  It prints each
setting's CPU seconds and its collections' own time (``gc.callbacks``).  Because every
setting sees the same articles at the same time, machine load moves them alike.

    python benchmarks/bench_gc.py --warm 300 --limit 800 --thresholds 700,10,10 20000,10,10

Re-analysing a batch adds no new words to the per-word tables, so by turns the young
collections that the tables' growth sets off in a real stream hardly happen.  ``--stream``
measures those instead: the next ``--limit`` articles once each, under the thresholds the
build itself settles on (``rasd.pipeline.GC_YOUNG``; put another build first on
``PYTHONPATH`` to measure its own), printing the CPU time and the share spent in
collections, per generation:

    python benchmarks/bench_gc.py --stream --warm 1500 --limit 3000
"""

from __future__ import annotations

import argparse
import gc
import itertools
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from snn import iter_snn, rebuild_text

from rasd import analyze


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--warm", type=int, default=300)
    ap.add_argument("--limit", type=int, default=800)
    ap.add_argument("--batch", type=int, default=20)
    ap.add_argument("--thresholds", nargs="+", default=["700,10,10", "20000,10,10"])
    ap.add_argument("--stream", action="store_true", help="each article once, under the build's own thresholds")
    args = ap.parse_args()
    if args.stream:
        _stream(args.warm, args.limit)
        return
    settings = [tuple(int(x) for x in s.split(",")) for s in args.thresholds]
    texts = []
    for k, (_zip, _i, art) in enumerate(iter_snn()):
        if k >= args.warm + args.limit:
            break
        texts.append(rebuild_text(art))
    for t in texts[: args.warm]:
        analyze(t)
    cpu = dict.fromkeys(settings, 0.0)
    in_gc = dict.fromkeys(settings, 0.0)
    current: list[Any] = [settings[0], 0.0]

    def on_gc(phase: str, _info: dict[str, Any]) -> None:
        if phase == "start":
            current[1] = time.process_time()
        else:
            in_gc[current[0]] += time.process_time() - current[1]

    gc.callbacks.append(on_gc)
    rest = texts[args.warm :]
    for n, b in enumerate(range(0, len(rest), args.batch)):
        r = n % len(settings)
        for s in settings[r:] + settings[:r]:
            gc.set_threshold(*s)
            current[0] = s
            t0 = time.process_time()
            for t in rest[b : b + args.batch]:
                analyze(t)
            cpu[s] += time.process_time() - t0
    print(f"{len(rest)} articles after {args.warm} warm, batches of {args.batch}, by turns")
    for s in settings:
        print(f"  threshold {s}: {cpu[s]:.2f} s CPU ({len(rest) / cpu[s]:.1f} art/s), in collections {in_gc[s]:.2f} s")


def _stream(warm: int, limit: int) -> None:
    """CPU time and time in collections over ``limit`` articles, each analysed once."""
    texts = [rebuild_text(art) for _zip, _i, art in itertools.islice(iter_snn(), warm + limit)]
    for t in texts[:warm]:
        analyze(t)
    spent = [0.0, 0.0, 0.0]
    count = [0, 0, 0]
    began = [0.0]

    def on_gc(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            began[0] = time.process_time()
        else:
            spent[info["generation"]] += time.process_time() - began[0]
            count[info["generation"]] += 1

    gc.callbacks.append(on_gc)
    t0 = time.process_time()
    for t in texts[warm:]:
        analyze(t)
    cpu = time.process_time() - t0
    gc.callbacks.remove(on_gc)
    print(f"{limit} articles after {warm} warm, each once; thresholds {gc.get_threshold()}")
    print(f"  {cpu:.2f} s CPU ({limit / cpu:.1f} art/s), in collections {sum(spent):.2f} s "
          f"({100 * sum(spent) / cpu:.1f}%)")
    for g in range(3):
        print(f"  generation {g}: {count[g]} collections, {spent[g]:.3f} s")


if __name__ == "__main__":
    main()
