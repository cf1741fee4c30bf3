"""Relative dates: the stretch-by-stretch scan against a scan of the whole text.

``find_relative_dates`` runs each pattern only over the stretches between hard stops
that hold the pattern's cues (:class:`rasd.arabic.relative_dates._CueSpans`).  This
script runs it both ways over SaudiNewsNet articles (rebuilt as scraped text, anchored
on one publication date, as an ingest with dates does; ``bench_analyze.py`` texts carry
no date, so it never shows this stage), checks that every article gets the very same
dates, and prints the CPU time of each way.

    python benchmarks/bench_relative_dates.py            # all 17,641 articles
    python benchmarks/bench_relative_dates.py --limit 600
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from snn import iter_snn, rebuild_text

from rasd.arabic import relative_dates as rd
from rasd.arabic.dateparse import possible
from rasd.arabic.normalize import normalize

ANCHOR = dt.date(2015, 6, 10)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles")
    args = ap.parse_args(argv)
    texts = [rebuild_text(a) for _z, _i, a in itertools.islice(iter_snn(), args.limit)]
    if not texts:
        raise SystemExit("no SaudiNewsNet articles found (../shared/data is needed)")
    nzs = [normalize(t) for t in texts]
    rd.find_relative_dates(texts[0], ANCHOR, nzs[0])  # compile the patterns untimed
    c0 = time.process_time()
    windowed = [rd.find_relative_dates(t, ANCHOR, nz) for t, nz in zip(texts, nzs, strict=True)]
    t_windowed = time.process_time() - c0
    stretches = rd._CueSpans.windows
    # the scan before the stretches: every pattern whose cues the text holds, over the whole text
    rd._CueSpans.windows = lambda self, need: (  # type: ignore[method-assign]
        [(0, len(self.norm))] if possible(self.norm, need, self.__dict__.setdefault("seen", {})) else [])
    try:
        c0 = time.process_time()
        whole = [rd.find_relative_dates(t, ANCHOR, nz) for t, nz in zip(texts, nzs, strict=True)]
        t_whole = time.process_time() - c0
    finally:
        rd._CueSpans.windows = stretches  # type: ignore[method-assign]
    differ = sum(a != b for a, b in zip(windowed, whole, strict=True))
    print(f"{len(texts)} articles, {sum(map(len, windowed))} relative dates, {differ} articles differ; "
          f"CPU: whole-text scan {t_whole:.2f} s, stretches {t_windowed:.2f} s ({t_whole / t_windowed:.2f}x)")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
