"""Per-stage CPU seconds of a cold process: the first articles, every word type new.

``bench_analyze.py`` times its per-stage pass after the full-analyze pass over the same
articles, so by then the per-word caches (CRF word vectors, features, gazetteer forms)
hold every word of the run: its per-stage numbers are warm ones.  This script times the
stages on the first pass of a fresh process instead (one warm-up article loads the
models), which is where per-word-type work shows.  One JSON line per run; alternate the
codes to compare them under the same machine load:

    for r in 1 2 3; do for src in <previous checkout>/src src; do
        PYTHONPATH=$src python benchmarks/bench_cold_stages.py --limit 600; done; done
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_analyze import pin_one_core, stages_up_to, time_stages  # noqa: E402
from snn import iter_snn, rebuild_text  # noqa: E402

import rasd  # noqa: E402
from rasd import analyze  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=600, help="articles timed after the warm-up one")
    args = ap.parse_args(argv)
    pin_one_core()
    texts = [rebuild_text(a) for _z, _i, a in itertools.islice(iter_snn(), args.limit + 1)]
    analyze(texts[0])  # loads every stage's models
    per, setup, failed = time_stages(texts[1:], stages_up_to(None))
    print(json.dumps({"rasd_from": str(Path(rasd.__file__).parent), "articles": len(texts) - 1,
                      "record": round(setup, 3), **{k: round(v, 3) for k, v in per.items()},
                      "failed": dict(failed)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
