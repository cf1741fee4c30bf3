"""Ingest throughput and scaling: process pool vs Dask LocalCluster, 1 and 2 workers.

The same SaudiNewsNet articles (the first ``--n`` of the dev corpus in dump order,
or ``--all`` 17,641) go through ``rasd.store.loader.ingest_paths`` into a fresh
SQLite store, once per configuration, in one run:

* ``pool`` with 1 and 2 worker processes (the default engine);
* ``dask`` on a LocalCluster of 1 and 2 single-threaded worker processes.

Each timing covers the whole ingest (reading, analysis in the workers including
their one-time resource loading, writing in batches), without clustering.  The
LocalCluster's start-up (process spawn) is timed apart.  Each configuration runs in a
fresh process, so each pays its own resource loading as a real ``rasd ingest`` does.  Scaling efficiency is
``rate(2 workers) / (2 * rate(1 worker))`` for the same engine.  On a machine shared
with other jobs the wall clock also counts waiting for a core, so the CPU time of the
whole run (this process and its workers) is reported too: CPU ms per article, the
parent's share (reading, writing), the rate the run would reach on idle cores
(``workers / CPU per article of all processes``) and the CPU efficiency
``CPU(1 worker) / CPU(n workers)`` (1 = parallelism costs no extra work).

The store's own write rate (``add_articles`` of already prepared rows, batches of
64) is then measured for SQLite and, with ``--pg URL`` (or ``RASD_TEST_PG``), for
PostgreSQL: it bounds how many analysis cores one writer can keep up with.

    .venv/bin/python benchmarks/bench_scale.py --n 2000
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from snn import iter_snn

from rasd.article import from_json
from rasd.store import open_store
from rasd.store.loader import ingest_paths
from rasd.store.rows import prepare


def write_corpus(path: Path, n: int | None) -> int:
    """The first ``n`` SaudiNewsNet articles, in their own record shape, as JSON Lines."""
    count = 0
    with path.open("w", encoding="utf-8") as fh:
        for _zip, _i, art in iter_snn():
            if n is not None and count >= n:
                break
            fh.write(json.dumps(art, ensure_ascii=False) + "\n")
            count += 1
    return count


def cpu_times() -> tuple[float, float]:
    """CPU seconds (user + system) of this process, and of its children that have ended
    (pool workers when their pool shuts down, a LocalCluster's workers when it closes)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


def run_ingest(corpus: Path, db: Path, engine: str, workers: int, scheduler: str | None) -> dict[str, Any]:
    with open_store(db) as store:
        t0 = time.perf_counter()
        report = ingest_paths(store, [str(corpus)], workers=workers, engine=engine, scheduler=scheduler,
                              progress=False, cluster=False, batch_size=64, on_error=lambda m: None)
        seconds = time.perf_counter() - t0
    return {"seconds": seconds, "added": report.added, "errors": len(report.errors)}


def cpu_columns(r: dict[str, Any], one: dict[str, Any] | None, workers: int) -> str:
    """CPU ms per article (all processes, and the parent alone), the CPU-bound rate on
    ``workers`` idle cores, and the CPU efficiency against 1 worker (how much extra work
    the parallel run costs per article)."""
    n = max(1, r["added"])
    total, parent = 1000 * r["cpu"] / n, 1000 * r["cpu_parent"] / n
    eff = f"{one['cpu'] / r['cpu']:.0%}" if one and workers > 1 else "-"
    return f"{total:.1f} | {parent:.1f} | {1000 * workers / total:.0f} | {eff}"


def write_rate(store: Any, prepared: list[Any], batch: int = 64) -> str:
    """Articles/s written, by the wall clock and by this process's CPU time."""
    t0, c0 = time.perf_counter(), time.process_time()
    for i in range(0, len(prepared), batch):
        store.add_articles(prepared[i:i + batch])
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return f"{len(prepared) / wall:.0f} (CPU: {len(prepared) / cpu:.0f})"


def one_config(cfg: str, corpus: Path, out: Path) -> None:
    """Ingest ``corpus`` with one engine:workers configuration; write its numbers to ``out``."""
    from distributed import LocalCluster

    engine, w = cfg.split(":")
    workers = int(w)
    db = out.with_suffix(".db")
    me0, kids0 = cpu_times()
    if engine == "dask":
        t0 = time.perf_counter()
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                               silence_logs=logging.ERROR)
        startup = time.perf_counter() - t0
        try:
            r = run_ingest(corpus, db, "dask", workers, cluster.scheduler_address)
        finally:
            cluster.close()
        r["startup"] = startup
    else:
        r = run_ingest(corpus, db, "process", workers, None)
    me1, kids1 = cpu_times()
    r["cpu_parent"], r["cpu"] = me1 - me0, (me1 - me0) + (kids1 - kids0)
    r["rate"] = r["added"] / r["seconds"]
    r["load_after"] = os.getloadavg()[0]
    out.write_text(json.dumps(r), encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2000, help="articles (default 2000)")
    ap.add_argument("--all", action="store_true", help="the whole dev corpus (17,641 articles)")
    ap.add_argument("--pg", default=os.environ.get("RASD_TEST_PG"), help="PostgreSQL URL for the write-rate test")
    ap.add_argument("--configs", default="pool:1,pool:2,dask:1,dask:2")
    ap.add_argument("--one", default=None, help=argparse.SUPPRESS)  # internal: run one configuration
    ap.add_argument("--corpus", type=Path, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        one_config(args.one, args.corpus, args.out)
        return 0

    tmp = Path(tempfile.mkdtemp(prefix="rasd-bench-scale-"))
    corpus = tmp / "snn.jsonl"
    n = write_corpus(corpus, None if args.all else args.n)
    print(f"{n} SaudiNewsNet articles, {os.path.getsize(corpus) / 1e6:.1f} MB JSONL; cores: {os.cpu_count()}; "
          f"load average at start: {os.getloadavg()[0]:.2f}", flush=True)
    results: dict[tuple[str, int], dict[str, Any]] = {}
    for cfg in args.configs.split(","):
        engine, w = cfg.split(":")
        workers = int(w)
        # a fresh process per configuration: one that ran before would leave every model loaded in
        # this process, and pool workers forked from it would skip the loading a real ingest pays
        out = tmp / f"{engine}-{workers}.json"
        cmd = [sys.executable, str(Path(__file__).resolve()), "--one", cfg, "--corpus", str(corpus), "--out", str(out)]
        subprocess.run(cmd, check=True)
        r = json.loads(out.read_text(encoding="utf-8"))
        results[(engine, workers)] = r
        print(f"{engine}:{workers} {r}", flush=True)

    print()
    print("| engine | workers | seconds | articles/s | scaling efficiency vs 1 worker | cluster start-up s | errors |"
          " CPU ms/article (all processes) | of which parent | CPU-bound articles/s on idle cores |"
          " CPU efficiency vs 1 worker |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for (engine, workers), r in results.items():
        one = results.get((engine, 1))
        eff = f"{r['rate'] / (workers * one['rate']):.0%}" if one and workers > 1 else ("1 (base)" if one else "-")
        start = f"{r['startup']:.1f}" if "startup" in r else "-"
        print(f"| {engine} | {workers} | {r['seconds']:.1f} | {r['rate']:.1f} | {eff} | {start} | {r['errors']} | "
              f"{cpu_columns(r, one, workers)} |")

    # the store's write rate, from the records stored above, prepared beforehand
    first = next(iter(results))
    with open_store(tmp / f"{first[0]}-{first[1]}.db") as src:
        prepared = [prepare(from_json(rec)) for rec in src.iter_records()]
    print()
    print(f"| store | write rate, articles/s ({len(prepared)} prepared articles, batches of 64) |")
    print("|---|---|")
    with open_store(tmp / "write.db") as s:
        print(f"| SQLite (file, WAL) | {write_rate(s, prepared)} |")
    if args.pg:
        import psycopg

        schema = "bench_" + uuid.uuid4().hex[:8]
        with psycopg.connect(args.pg, autocommit=True) as c:
            c.execute(f"CREATE SCHEMA {schema}")
        try:
            sep = "&" if "?" in args.pg else "?"
            with open_store(f"{args.pg}{sep}options=-csearch_path%3D{schema}") as s:
                print(f"| PostgreSQL (loopback) | {write_rate(s, prepared)} |")
        finally:
            with psycopg.connect(args.pg, autocommit=True) as c:
                c.execute(f"DROP SCHEMA {schema} CASCADE")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
