"""Speed of a warm process: what a long ingest sees once the per-word-type caches are full.

``bench_analyze.py`` times the first articles of a fresh process, where every word type
is new and its features are computed for the first time.  A monitoring desk or an archive
run analyses thousands of articles in one process; this script analyses the first
``--warm`` SaudiNewsNet articles (all stages, untimed: models load, caches fill, the heap
is frozen as in any process), then times, in CPU seconds, the full ``analyze`` of the next
``--count`` articles and, on their structure-only records, the entity stage alone.

    python benchmarks/bench_warm.py --warm 2000 --count 600
    PYTHONPATH=<other checkout>/src python benchmarks/bench_warm.py   # the previous code
    python benchmarks/bench_warm.py --warm 1000 --count 400 --cold   # the same articles, fresh process

Run the two codes one after the other, alternating, and compare the rates.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from snn import iter_snn, rebuild_text

import rasd
from rasd import analyze
from rasd.stages.entities import analyze_entities


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--warm", type=int, default=2000, help="articles analysed first, untimed")
    ap.add_argument("--count", type=int, default=600, help="articles timed after them")
    ap.add_argument("--cold", action="store_true",
                    help="time the same articles in a fresh process: only the first article is analysed "
                         "before them (it loads the models), so every other word type is new")
    args = ap.parse_args(argv)
    texts = [rebuild_text(a) for _z, _i, a in itertools.islice(iter_snn(), args.warm + args.count)]
    for text in texts[:1] if args.cold else texts[: args.warm]:
        analyze(text)
    timed = texts[args.warm :]
    c0 = time.process_time()
    for text in timed:
        analyze(text)
    full = time.process_time() - c0
    records = [analyze(text, until="structure") for text in timed]
    c0 = time.process_time()
    for record in records:
        analyze_entities(record)
    entities = time.process_time() - c0
    before = "1 article (--cold)" if args.cold else f"{args.warm} articles"
    print(f"rasd from {Path(rasd.__file__).parent}: after {before}, articles {args.warm}-{args.warm + len(timed)} timed: "
          f"full analyze {len(timed) / full:.1f} articles/s CPU ({full:.2f} s), "
          f"entity stage alone {entities:.2f} s CPU")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
