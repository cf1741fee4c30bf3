"""Ingest throughput, store size and memory on SaudiNewsNet (needs ../shared).

Runs ``rasd ingest`` on the 10 SaudiNewsNet dumps (17,641 records) into a fresh
store and samples the resident memory of the ingest process and of its pool
workers from /proc every 0.2 s, noting it when the store passes 2k and 8k
articles and at the end, so "memory stays flat with corpus size" is measured in
one run.  Clustering (duplicates + stories) is run and measured separately.
The baseline is the same ingest with one worker on the first ``--baseline`` records.

    .venv/bin/python benchmarks/bench_ingest.py --workers 2 --out /tmp/bench.db
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNN = ROOT.parent / "shared" / "data" / "saudinewsnet"
MARKS = (2000, 8000)


def rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def children(pid: int) -> list[int]:
    try:
        return [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def count(db: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(con.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def run(cmd: list[str], db: Path) -> dict[str, object]:
    """Run ``cmd``; return wall time and memory samples (KiB) at the marks."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    peak_parent = peak_worker = peak_total = 0
    at: dict[str, dict[str, int]] = {}
    marks = list(MARKS)
    cpu: dict[int, float] = {}
    while proc.poll() is None:
        parent = rss_kib(proc.pid)
        kids = children(proc.pid)
        workers = [rss_kib(c) for c in kids]
        for p in (proc.pid, *kids):
            cpu[p] = max(cpu.get(p, 0.0), cpu_seconds(p))
        peak_parent = max(peak_parent, parent)
        peak_worker = max([peak_worker, *workers])
        peak_total = max(peak_total, parent + sum(workers))
        if marks:
            n = count(db)
            while marks and n >= marks[0]:
                at[str(marks.pop(0))] = {"articles": n, "parent_kib": parent, "max_worker_kib": max(workers or [0]),
                                         "total_kib": parent + sum(workers), "seconds": round(time.perf_counter() - t0, 1)}
        time.sleep(0.2)
    out = proc.stdout.read() if proc.stdout else ""
    wall = time.perf_counter() - t0
    return {"seconds": round(wall, 1), "cpu_seconds": round(sum(cpu.values()), 1), "peak_parent_kib": peak_parent, "peak_worker_kib": peak_worker,
            "peak_total_kib": peak_total, "at": at, "stdout": out.strip(), "returncode": proc.returncode}


def first_records(n: int, dest: Path) -> Path:
    """The first ``n`` SaudiNewsNet records as one JSON array file (same reader, fewer records)."""
    recs: list[dict[str, object]] = []
    for z in sorted(SNN.glob("*.zip")):
        with zipfile.ZipFile(z) as zf:
            for name in zf.namelist():
                recs.extend(json.loads(zf.read(name)))
        if len(recs) >= n:
            break
    dest.write_text(json.dumps(recs[:n], ensure_ascii=False), encoding="utf-8")
    return dest


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", default=None, help="keep the store here (default: a temporary file)")
    ap.add_argument("--baseline", type=int, default=1000, help="records for the one-worker baseline (0: skip)")
    args = ap.parse_args()
    if not SNN.is_dir():
        print("needs ../shared/data/saudinewsnet", file=sys.stderr)
        return 2
    rasd = [sys.executable, "-m", "rasd"]
    tmp = Path(tempfile.mkdtemp(prefix="rasd-bench-"))
    db = Path(args.out) if args.out else tmp / "snn.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    report: dict[str, object] = {"workers": args.workers, "cpus": os.cpu_count()}

    if args.baseline:
        sub = first_records(args.baseline, tmp / "first.json")
        for w in (1, args.workers):
            bdb = tmp / f"base{w}.db"
            r = run([*rasd, "ingest", str(sub), "--db", str(bdb), "--workers", str(w), "--no-progress",
                     "--no-cluster", "--json"], bdb)
            n = json.loads(str(r["stdout"]))["added"]
            report[f"first{args.baseline}_workers{w}"] = {
                "articles": n, "seconds": r["seconds"], "cpu_seconds": r["cpu_seconds"],
                "articles_per_s": round(n / float(r["seconds"]), 1),
                "articles_per_cpu_s": round(n / max(float(r["cpu_seconds"]), 1e-9), 1)}

    r = run([*rasd, "ingest", str(SNN), "--db", str(db), "--workers", str(args.workers), "--no-progress",
             "--no-cluster", "--json"], db)
    summary = json.loads(str(r["stdout"]))
    r.pop("stdout")
    report["ingest"] = r | {"summary": summary,
                            "articles_per_s": round(summary["added"] / float(r["seconds"]), 1),
                            "articles_per_cpu_s": round(summary["added"] / max(float(r["cpu_seconds"]), 1e-9), 1),
                            "load_average_at_end": os.getloadavg()}
    c = run([*rasd, "stories", "--db", str(db), "--refresh", "--json", "-n", "1"], db)
    c.pop("stdout")
    report["cluster"] = {"seconds": c["seconds"], "peak_kib": c["peak_parent_kib"]}
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    report["store"] = {
        "articles": con.execute("SELECT count(*) FROM articles").fetchone()[0],
        "duplicate_groups": con.execute("SELECT count(DISTINCT grp) FROM dup_groups").fetchone()[0],
        "stories_2plus": con.execute("SELECT count(*) FROM (SELECT story FROM stories GROUP BY story"
                                     " HAVING count(*) > 1)").fetchone()[0],
        "db_mib": round(os.path.getsize(db) / 2**20, 1),
        "text_mib": round(con.execute("SELECT sum(length(CAST(text AS BLOB))) FROM articles").fetchone()[0] / 2**20, 1),
        "integrity": con.execute("PRAGMA integrity_check").fetchone()[0],
    }
    con.close()
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
