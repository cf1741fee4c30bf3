"""Misses per article of every per-word cache, in a warm process: are the caches big enough?

Runs from source (``RASD_PURE_PYTHON=1`` is set here: compiled callers reach
:func:`rasd.caches.keep` directly, where no counter can see them).  The first ``--warm``
SaudiNewsNet articles are analysed uncounted; over the next ``--count`` it counts, per
cache, the misses (calls of ``keep``) and how often the cache was emptied, and per
``lru_cache`` of the analysis modules its misses, each divided by the number of articles.
A cache emptied every few hundred articles is much smaller than the vocabulary a long
run meets (``rasd.caches`` says how they are sized).

    .venv/bin/python benchmarks/cache_misses.py --warm 2000 --count 2000
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

os.environ["RASD_PURE_PYTHON"] = "1"  # before rasd is imported
sys.path.insert(0, str(Path(__file__).resolve().parent))

from snn import iter_snn, rebuild_text

import rasd.caches

_keep = rasd.caches.keep
MISSES: Counter[int] = Counter()
CLEARS: Counter[int] = Counter()
LIMITS: dict[int, int] = {}


def counting_keep(cache: dict[Any, Any], limit: int, key: Any, value: Any) -> Any:
    """:func:`rasd.caches.keep`, counting the miss (and the clear) per cache."""
    MISSES[id(cache)] += 1
    CLEARS[id(cache)] += len(cache) >= limit
    LIMITS[id(cache)] = limit
    return _keep(cache, limit, key, value)


rasd.caches.keep = counting_keep  # before the analysis modules import it

from rasd import pipeline  # noqa: E402


def _lru_misses() -> dict[str, tuple[int, int]]:
    """Name -> (misses, maxsize) of every bounded ``lru_cache`` in rasd's modules."""
    out = {}
    for modname, mod in list(sys.modules.items()):
        if modname.startswith("rasd"):
            for name, value in list(vars(mod).items()):
                info = getattr(value, "cache_info", None)
                if callable(info) and (i := info()).maxsize and i.maxsize > 1:
                    out[f"{modname}.{name}"] = (i.misses, i.maxsize)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--warm", type=int, default=2000, help="articles analysed first, uncounted")
    ap.add_argument("--count", type=int, default=2000, help="articles counted after them")
    args = ap.parse_args(argv)
    texts = [rebuild_text(a) for _z, _i, a in itertools.islice(iter_snn(), args.warm + args.count)]
    if len(texts) < args.warm + args.count:
        raise SystemExit(f"only {len(texts)} SaudiNewsNet articles found; {args.warm + args.count} needed")
    for text in texts[: args.warm]:
        pipeline.analyze(text)
    misses, clears, lru = MISSES.copy(), CLEARS.copy(), _lru_misses()
    for text in texts[args.warm :]:
        pipeline.analyze(text)
    names = {id(v): f"{m}.{n}" for m, mod in list(sys.modules.items()) if m.startswith("rasd")
             for n, v in list(vars(mod).items()) if isinstance(v, dict) and id(v) in LIMITS}
    n = args.count
    print(f"{n} articles after {args.warm}: misses per article (and clears) of each cache")
    rows = [(MISSES[k] - misses[k], names.get(k, str(k)), LIMITS[k], CLEARS[k] - clears[k]) for k in LIMITS]
    for miss, name, limit, cleared in sorted(rows, reverse=True):
        print(f"  {name:<50} limit {limit:>7}  {miss / n:6.1f} per article  emptied {cleared}x")
    after = _lru_misses()
    for name, (miss, size) in sorted(after.items(), key=lambda kv: -(kv[1][0] - lru.get(kv[0], (0, 0))[0])):
        per = (miss - lru.get(name, (0, 0))[0]) / n
        if per >= 1:
            print(f"  {name:<50} lru {size:>9}  {per:6.1f} per article")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
