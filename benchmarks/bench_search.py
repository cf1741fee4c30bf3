"""Search latency and recall: rasd (normalised, clitic-stripped terms) against a
plain FTS5 index of the unnormalised text, on a store built by bench_ingest.py.

Queries: ``--n`` (100) one- and two-word sequences taken, as written, from the
titles of randomly chosen stored articles (seed 7), so every query has at least
one true match.  Latency is per query, median and 95th percentile, for:

* rasd: ``store.search(q, limit=10)``: parse, FTS5 over terms, BM25, total count, snippets;
* baseline: the same words ANDed against FTS5 (unicode61) on the raw title and text,
  BM25, total count, no snippets.

    .venv/bin/python benchmarks/bench_search.py /tmp/bench/snn.db
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rasd.store import open_store
from rasd.store.terms import words

SHOWCASE = ["القوات الأمريكية", "الاسرائيلي", "مكه المكرمه", "الأمم المتحدة", "ولي العهد", "داعش", "بالرياض",
            "الرئيس الأميركي", "الإمارات"]
STOP = set(["في", "من", "على", "إلى", "الى", "عن", "مع", "بعد", "قبل", "خلال", "بين", "حول", "أن", "إن", "ان", "التي", "الذي", "هذا", "هذه", "ذلك", "تلك", "كان", "قد", "لا", "ما"])


def build_baseline(store_db: str, path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(path)
    con.execute("CREATE VIRTUAL TABLE plain USING fts5(title, body)")
    con.execute("ATTACH DATABASE ? AS s", (f"file:{store_db}?mode=ro",))
    con.execute("INSERT INTO plain(rowid, title, body) SELECT rowid, coalesce(title, ''), text FROM s.articles")
    con.commit()
    con.execute("DETACH DATABASE s")
    return con


def baseline_search(con: sqlite3.Connection, q: str, limit: int = 10) -> tuple[list[int], int]:
    expr = " AND ".join('"' + w.replace('"', '""') + '"' for w in q.split())
    rows = con.execute("SELECT rowid FROM plain WHERE plain MATCH ? ORDER BY bm25(plain, 3.0, 1.0) LIMIT ?",
                       (expr, limit)).fetchall()
    total = con.execute("SELECT count(*) FROM plain WHERE plain MATCH ?", (expr,)).fetchone()[0]
    return [r[0] for r in rows], int(total)


def pick_queries(con: sqlite3.Connection, n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    titles = [r[0] for r in con.execute("SELECT title FROM articles WHERE title IS NOT NULL ORDER BY rowid")]
    out: list[str] = []
    while len(out) < n:
        ws = [w for w in words(rng.choice(titles)) if len(w) >= 4 and w not in STOP and not w.isdigit()]
        if not ws:
            continue
        k = 2 if len(out) % 2 and len(ws) >= 2 else 1
        i = rng.randrange(len(ws) - k + 1)
        q = " ".join(ws[i:i + k])
        if q not in out:
            out.append(q)
    return out


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p * (len(xs) - 1)))]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("--n", type=int, default=100)
    args = ap.parse_args()
    store = open_store(args.db)
    tmp = Path(tempfile.mkdtemp(prefix="rasd-bench-search-"))
    t0 = time.perf_counter()
    base = build_baseline(args.db, tmp / "plain.db")
    build_s = time.perf_counter() - t0
    queries = pick_queries(store.conn, args.n)
    for q in queries[:5]:  # warm both page caches
        store.search(q)
        baseline_search(base, q)
    lat_r: list[float] = []
    lat_b: list[float] = []
    more = fewer = 0
    totals_r: list[int] = []
    totals_b: list[int] = []
    for q in queries:
        t = time.perf_counter()
        res = store.search(q, limit=10)
        lat_r.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        _, total_b = baseline_search(base, q)
        lat_b.append((time.perf_counter() - t) * 1000)
        totals_r.append(res["total"])
        totals_b.append(total_b)
        more += res["total"] > total_b
        fewer += res["total"] < total_b
    show = []
    for q in SHOWCASE:
        res = store.search(q, limit=200)
        ids_b, total_b = baseline_search(base, q, limit=100000)
        in_base = set(ids_b)
        extra_forms: dict[str, int] = {}
        for h in res["hits"]:
            rowid = store.conn.execute("SELECT rowid FROM articles WHERE id = ?", (h["id"],)).fetchone()[0]
            if rowid in in_base:
                continue
            text = store.conn.execute("SELECT text FROM articles WHERE rowid = ?", (rowid,)).fetchone()[0]
            for s, e in h["snippet"]["highlights"]:
                extra_forms[text[s:e]] = extra_forms.get(text[s:e], 0) + 1
        show.append({"query": q, "rasd_total": res["total"], "baseline_total": total_b,
                     "forms_only_rasd_found": sorted(extra_forms, key=lambda f: -extra_forms[f])[:6]})
    report = {
        "articles": store.count(), "queries": len(queries), "baseline_index_build_s": round(build_s, 1),
        "rasd_ms": {"p50": round(statistics.median(lat_r), 2), "p95": round(pct(lat_r, 0.95), 2),
                    "max": round(max(lat_r), 2)},
        "baseline_ms": {"p50": round(statistics.median(lat_b), 2), "p95": round(pct(lat_b, 0.95), 2),
                        "max": round(max(lat_b), 2)},
        "mean_hits": {"rasd": round(statistics.mean(totals_r), 1), "baseline": round(statistics.mean(totals_b), 1)},
        "queries_rasd_finds_more": more, "queries_rasd_finds_fewer": fewer,
        "zero_hit_queries": {"rasd": sum(t == 0 for t in totals_r), "baseline": sum(t == 0 for t in totals_b)},
        "showcase": show, "sample_queries": queries[:10],
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
