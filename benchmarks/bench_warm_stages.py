"""Per-stage CPU seconds in a warm process (``bench_warm.py`` times the whole ``analyze``).

The first ``--warm`` SaudiNewsNet articles are analysed untimed (models load, the
per-word-type caches fill, the heap is frozen as in any process); then every stage
function is timed on its own over the next ``--count`` articles, in pipeline order, as
the per-stage pass of ``bench_analyze.py`` does for a fresh process.

    python benchmarks/bench_warm_stages.py --warm 1000 --count 400
    PYTHONPATH=<other checkout>/src python benchmarks/bench_warm_stages.py --warm 1000 --count 400

Run the two codes one after the other, alternating, and compare stage by stage.
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
from rasd.article import Article
from rasd.pipeline import STAGES, prepare_text


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--warm", type=int, default=1000, help="articles analysed first, untimed")
    ap.add_argument("--count", type=int, default=400, help="articles timed stage by stage after them")
    args = ap.parse_args(argv)
    texts = [rebuild_text(a) for _z, _i, a in itertools.islice(iter_snn(), args.warm + args.count)]
    if len(texts) < args.warm + args.count:  # no ../shared beside this checkout: nothing to time
        raise SystemExit(f"only {len(texts)} SaudiNewsNet articles found; {args.warm + args.count} needed")
    for text in texts[: args.warm]:
        analyze(text)
    fns = [(s.name, s.load()) for s in STAGES]
    per = dict.fromkeys((name for name, _ in fns), 0.0)
    clock = time.process_time
    for text in texts[args.warm :]:
        art = Article.from_text(prepare_text(text))
        for name, fn in fns:
            t0 = clock()
            art = fn(art)
            per[name] += clock() - t0
    stages = ", ".join(f"{name} {s:.2f}" for name, s in per.items())
    print(f"rasd from {Path(rasd.__file__).parent}: after {args.warm} articles, {args.count} timed, "
          f"CPU s per stage: {stages}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
