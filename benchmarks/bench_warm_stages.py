"""Per-stage CPU seconds of a warm process (``bench_warm.py`` times only the whole analyze).

The first ``--warm`` SaudiNewsNet articles run every stage untimed (models load, the
per-word-type caches fill, the heap is frozen as in any process); then each stage of
the pipeline is timed, in CPU seconds, on the next ``--count`` articles, the stages in
pipeline order on the same records.  Run it on two checkouts one after the other,
alternating, and compare the stage times:

    PYTHONPATH=src python benchmarks/bench_warm_stages.py --warm 1000 --count 400
    PYTHONPATH=<other checkout>/src python benchmarks/bench_warm_stages.py --warm 1000 --count 400

``--warm 0`` gives the cold case (every word type new), but for the first article,
which loads the models and is left out.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_analyze import stages_up_to, time_stages
from snn import iter_snn, rebuild_text

import rasd
from rasd import pipeline


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--warm", type=int, default=1000, help="articles analysed first, untimed")
    ap.add_argument("--count", type=int, default=400, help="articles timed after them")
    ap.add_argument("--no-gc", action="store_true",
                    help="no garbage collection in the timed part: a collection is charged to whichever stage "
                         "happens to allocate the object that triggers it, so one stage's saving can show as "
                         "another's cost; without collections each stage pays only for its own work")
    args = ap.parse_args(argv)
    first = max(args.warm, 1)  # the first article always runs untimed: it loads the models
    texts = [rebuild_text(a) for _z, _i, a in itertools.islice(iter_snn(), first + args.count)]
    if len(texts) < first + args.count:  # no ../shared beside this checkout: nothing to time
        raise SystemExit(f"only {len(texts)} SaudiNewsNet articles found; {first + args.count} needed")
    for text in texts[:first]:
        pipeline.analyze(text)
    if args.no_gc:
        gc.disable()
    cpu, _setup, _failed = time_stages(texts[first:], stages_up_to(None))
    gc.enable()
    print(f"rasd at {Path(rasd.__file__).parent}: {args.count} articles after {args.warm} warm-up, CPU seconds"
          + (", no garbage collection while timed" if args.no_gc else ""))
    for name, seconds in cpu.items():
        print(f"  {name:<12} {seconds:7.3f}")
    print(f"  {'all':<12} {sum(cpu.values()):7.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
