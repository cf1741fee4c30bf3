"""Load on ``GET /api/search`` over loopback: latency percentiles and the error count.

Starts ``rasd serve`` (one uvicorn process) on a free 127.0.0.1 port over a store
(by default the demo store built from the bundled articles; ``--db`` for another),
then runs a bounded loop: ``--clients`` threads, each with its own keep-alive HTTP
connection, send searches for ``--seconds`` seconds.  Queries cycle through words,
phrases, prefixes and filtered searches drawn from the store's own titles, so
most return hits.  Any non-200 answer or connection failure counts as an error.

The baseline, measured in the same run with the same clients, is ``GET /api/stats``
(the server, routing and JSON with a trivial query): the difference is the cost
of the search itself.

    .venv/bin/python benchmarks/load_search.py --seconds 120
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def build_demo_db(path: Path) -> None:
    subprocess.run([sys.executable, "-m", "rasd", "demo", "--no-serve", "--db", str(path)], check=True,
                   stdout=subprocess.DEVNULL)


def make_queries(port: int, n: int = 200, seed: int = 7) -> list[str]:
    """Search URLs from the store's titles: words, phrases, prefixes, OR, date and outlet filters."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    titles: list[str] = []
    for q in ("العراق", "في", "من", "على"):
        conn.request("GET", "/api/search?" + urllib.parse.urlencode({"q": q, "limit": 100}))
        titles += [h["title"] or "" for h in json.loads(conn.getresponse().read())["hits"]]
    conn.close()
    words = sorted({w for t in titles for w in t.split() if len(w) > 3 and w.isalpha()})
    if not words:
        raise SystemExit("the store has no searchable titles")
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        a, b = rnd.choice(words), rnd.choice(words)
        kind = i % 5
        params: dict[str, str] = {"q": a}
        if kind == 1:
            params["q"] = f'"{a} {b}"'
        elif kind == 2:
            params["q"] = a[:3] + "*"
        elif kind == 3:
            params["q"] = f"{a} OR {b}"
        elif kind == 4:
            params.update({"from": "2000-01-01", "to": "2030-12-31"})
        out.append("/api/search?" + urllib.parse.urlencode(params))
    return out


def run_load(port: int, urls: list[str], seconds: float, clients: int) -> tuple[list[float], int, int]:
    """(latencies in ms, errors, requests) for ``clients`` threads looping over ``urls``."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    stop = time.monotonic() + seconds

    def worker(k: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        i = k
        while time.monotonic() < stop:
            url = urls[i % len(urls)]
            i += clients
            t0 = time.perf_counter()
            try:
                conn.request("GET", url)
                r = conn.getresponse()
                r.read()
                ok = r.status == 200
            except OSError:
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            latencies[k].append((time.perf_counter() - t0) * 1000)
            if not ok:
                errors[k] += 1
        conn.close()

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    flat = [x for xs in latencies for x in xs]
    return flat, sum(errors), len(flat)


def pct(xs: list[float], p: float) -> float:
    return statistics.quantiles(xs, n=1000)[int(p * 10) - 1] if len(xs) > 1 else (xs[0] if xs else 0.0)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", help="store to serve (default: build the demo store in a temp folder)")
    ap.add_argument("--seconds", type=float, default=120.0, help="duration of the search load (default 120)")
    ap.add_argument("--baseline-seconds", type=float, default=20.0, help="duration of the /api/stats baseline")
    ap.add_argument("--clients", type=int, default=4, help="concurrent keep-alive connections (default 4)")
    args = ap.parse_args()

    tmp = tempfile.TemporaryDirectory()
    db = Path(args.db) if args.db else Path(tmp.name) / "load.db"
    if not args.db:
        build_demo_db(db)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "rasd", "serve", "--db", str(db), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                c.request("GET", "/api/stats")
                stats = json.loads(c.getresponse().read())
                c.close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.2)
        urls = make_queries(port)
        run_load(port, urls, 3, args.clients)  # warm-up, not counted
        rows = []
        for name, u, secs in (("baseline GET /api/stats", ["/api/stats"], args.baseline_seconds),
                              ("GET /api/search", urls, args.seconds)):
            lat, errors, n = run_load(port, u, secs, args.clients)
            rows.append((name, n, n / secs, pct(lat, 50), pct(lat, 95), pct(lat, 99), errors))
    finally:
        server.terminate()
        server.wait(timeout=10)
        tmp.cleanup()
    print(f"store: {stats['articles']} articles; {args.clients} clients; {len(urls)} distinct queries")
    print("| endpoint | requests | req/s | p50 ms | p95 ms | p99 ms | errors |")
    print("|---|---|---|---|---|---|---|")
    for name, n, rps, p50, p95, p99, errors in rows:
        print(f"| {name} | {n:,} | {rps:,.0f} | {p50:.1f} | {p95:.1f} | {p99:.1f} | {errors} |")
    return 1 if any(r[-1] for r in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
