"""How long the desk's corpus views take on a store of SaudiNewsNet articles (issue 16).

Every ``stride``-th article of the ten dumps (``--n`` in all, so every day and outlet
is present) is analysed (fast NER tier) and stored once into ``--db`` (kept, so a
second run only measures).  Then, in the same run, each read is timed (median of
``--repeat``) against the baseline: a plain ``store.search`` page of 20 hits for the same query.

* ``search_facets``: outlet, entity, entity-type and day counts over every match;
* ``search sort=date``: the same page, newest first;
* ``trends(days=7)``: rising and new entities with their sparklines;
* ``story``: the largest story with its entities and quotes by speaker;
* ``check_alerts``: three alerts (two searches, one entity) over the whole store.

    .venv/bin/python benchmarks/bench_desk.py --n 2000 --db /tmp/desk-bench.db
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from snn import iter_snn

from rasd import settings
from rasd.store import open_store
from rasd.store.loader import ingest_paths

QUERIES = ("السعودية", "خادم الحرمين", "اليمن")


def build(db: Path, n: int) -> float:
    """Store every k-th SaudiNewsNet article (``n`` in all); the seconds it took."""
    arts = [a for _z, _i, a in iter_snn()]
    stride = max(1, len(arts) // n)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "snn.jsonl"
        with src.open("w", encoding="utf-8") as fh:
            for a in arts[::stride][:n]:
                fh.write(json.dumps(a, ensure_ascii=False) + "\n")
        t = time.perf_counter()
        with settings.using(ner="fast"), open_store(db) as store:
            ingest_paths(store, [str(src)], workers=2)
        return time.perf_counter() - t


def timed(fn: Callable[[], Any], repeat: int) -> float:
    """Median milliseconds of ``fn``."""
    fn()  # warm the page cache
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return statistics.median(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "rasd-desk-bench.db")
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args(argv)
    built = None
    if not args.db.exists():
        built = build(args.db, args.n)
    with open_store(args.db) as store:
        store.finish_pending_work()
        n = store.count()
        if not store.alerts():
            for q in QUERIES[:2]:
                store.add_alert("search", q, from_start=True)
            store.add_alert("entity", "المملكة العربية السعودية", from_start=True)
        largest = store.stories(limit=1)
        rows = []
        for q in QUERIES:
            base = timed(lambda q=q: store.search(q), args.repeat)  # type: ignore[misc]
            total = store.search(q)["total"]
            rows.append((f"search {q!r} ({total} hits): baseline page of 20", base, base))
            rows.append(("  search_facets", timed(lambda q=q: store.search_facets(q), args.repeat), base))  # type: ignore[misc]
            rows.append(("  search sort=date", timed(lambda q=q: store.search(q, sort="date"), args.repeat), base))  # type: ignore[misc]
        base = rows[0][1]
        rows.append(("trends(days=7)", timed(lambda: store.trends(days=7), args.repeat), base))
        if largest:
            sid = largest[0]["story"]
            rows.append((f"story (largest, {largest[0]['size']} articles)", timed(lambda: store.story(sid), args.repeat),
                         base))
        rows.append(("check_alerts (3 alerts, nothing marked)", timed(lambda: store.check_alerts(), args.repeat), base))
    print(f"store: {n} SaudiNewsNet articles in {args.db}" + (f" (built in {built:.0f} s)" if built else ""))
    print("| read | median ms | × baseline search |\n|---|---:|---:|")
    for name, ms, b in rows:
        print(f"| {name} | {ms:.1f} | {ms / b:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
