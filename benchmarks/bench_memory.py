"""Peak RSS of ``rasd.analyze`` with every resource loaded, over SaudiNewsNet streamed.

Articles are read one dump at a time and analysed one by one; no text or record is
kept, so the peak is what analyze itself holds: models, gazetteers, and its caches
once they have filled (plus the dump being read).  Prints RSS after the first article
(every model and table loaded) and at the end, with the CPU rate as a side note.

    python benchmarks/bench_memory.py             # all 17,641 articles
    python benchmarks/bench_memory.py --limit 2000
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from snn import iter_snn, rebuild_text

from rasd import analyze


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB.

    Read from ``VmHWM`` in ``/proc/self/status`` where there is one: ``ru_maxrss``
    survives ``exec``, so a process started by a large parent (``bench_ner_tiers.py``
    holding both tiers' models) would report the parent's peak as its own."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=0, help="first N articles only (0: all)")
    args = ap.parse_args(argv)
    n = 0
    c0 = time.process_time()
    for _zip, _i, art in iter_snn():
        analyze(rebuild_text(art))
        n += 1
        if n == 1:
            print(f"after the first article (every model and table loaded): {peak_rss_mb():.0f} MB", flush=True)
        if args.limit and n >= args.limit:
            break
    cpu = time.process_time() - c0
    print(f"{n} articles streamed ({n / cpu:.1f} articles/s CPU); peak RSS {peak_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
