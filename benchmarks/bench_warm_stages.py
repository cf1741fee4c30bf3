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
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from snn import iter_snn, rebuild_text

import rasd
from rasd import pipeline
from rasd.article import Article


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--warm", type=int, default=1000, help="articles analysed first, untimed")
    ap.add_argument("--count", type=int, default=400, help="articles timed after them")
    ap.add_argument("--no-gc", action="store_true",
                    help="no garbage collection in the timed part: a collection is charged to whichever stage "
                         "happens to allocate the object that triggers it, so one stage's saving can show as "
                         "another's cost; without collections each stage pays only for its own work")
    args = ap.parse_args(argv)
    texts = [rebuild_text(a) for _z, _i, a in itertools.islice(iter_snn(), max(args.warm, 1) + args.count)]
    if len(texts) < max(args.warm, 1) + args.count:  # no ../shared beside this checkout: nothing to time
        raise SystemExit(f"only {len(texts)} SaudiNewsNet articles found; {max(args.warm, 1) + args.count} needed")
    stages = [(s.name, s.load()) for s in pipeline.STAGES]
    for text in texts[: max(args.warm, 1)]:
        pipeline.analyze(text)
    cpu = dict.fromkeys((name for name, _ in stages), 0.0)
    if args.no_gc:
        gc.disable()
    for text in texts[max(args.warm, 1):]:
        article = Article.from_text(pipeline.prepare_text(text))
        for name, fn in stages:
            c0 = time.process_time()
            article = fn(article)
            cpu[name] += time.process_time() - c0
    gc.enable()
    print(f"rasd at {Path(rasd.__file__).parent}: {args.count} articles after {args.warm} warm-up, CPU seconds"
          + (", no garbage collection while timed" if args.no_gc else ""))
    for name, seconds in cpu.items():
        print(f"  {name:<12} {seconds:7.3f}")
    print(f"  {'all':<12} {sum(cpu.values()):7.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
