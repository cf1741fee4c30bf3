"""``rasd watch`` throughput and freshness: 200 local feeds of 20 items each.

A local site (tests/feed_server.py, in its own process so its threads do not share
this process's interpreter lock) serves 200 RSS feeds of 20 article pages each,
4,000 distinct pages built from the bundled Wikinews texts (tests/scale_corpus.py).
Measured in one run:

1. baseline: the same pages' HTML through :func:`rasd.batch.analyze_item` in this
   process (extraction, analysis, store rows; no HTTP, no store), on a sample;
2. first poll: every feed and every page fetched, analysed and stored (articles/s,
   wall and CPU of this process), and its ratio to the baseline;
3. an unchanged poll: 200 conditional requests answered 304, no page fetched;
4. freshness: the watcher runs on its schedule (``--every``) while new items appear
   in random feeds at random times; for each one, the time from its appearing in a
   feed to the store's search finding it (by a word only it contains), and the part
   of that after the poll that took it began.

    nice .venv/bin/python benchmarks/bench_watch.py --every 5 --fresh 30 --out /tmp/bench_watch.db
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import random
import statistics
import sys
import tempfile
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from feed_server import FeedSite, article_html  # noqa: E402
from scale_corpus import articles  # noqa: E402

from rasd.batch import analyze_item  # noqa: E402
from rasd.ingest.feedlist import FeedSpec  # noqa: E402
from rasd.ingest.sources import WorkItem  # noqa: E402
from rasd.store import open_store  # noqa: E402
from rasd.watch import PollReport, Watcher, WatchOptions  # noqa: E402

FEEDS = 200
ITEMS = 20
#: Letters for words no Wikinews text contains (one per fresh article, to search for).
_LETTERS = "بتثجحخدذرزسشصضطظعغفقكلمنهوي"


def nonce_word(i: int) -> str:
    """A made-up Arabic word, distinct for each ``i``."""
    out = "زرقش"
    for _ in range(4):
        i, r = divmod(i, len(_LETTERS))
        out += _LETTERS[r]
    return out + "ظغ"


def serve(conn: Connection) -> None:
    """The site's process: serve, and apply the parent's ``put`` and ``count`` commands."""
    site = FeedSite()
    site.thread.start()
    conn.send(site.base)
    while True:
        cmd, *args = conn.recv()
        if cmd == "put":
            path, body, ctype = args
            site.put(path, body, ctype)
            conn.send(True)
        elif cmd == "feed":
            path, items = args
            site.put_feed(path, items)
            conn.send(True)
        elif cmd == "article":
            path, title, paragraphs = args
            site.put_article(path, title, paragraphs)
            conn.send(True)
        elif cmd == "count":
            conn.send(len(site.requests_for(args[0])))
        elif cmd == "clear":
            site.clear_log()
            conn.send(True)
        elif cmd == "stop":
            site.server.shutdown()
            conn.send(True)
            return


class Site:
    """The parent's handle on the site process."""

    def __init__(self) -> None:
        self.conn, child = mp.Pipe()
        self.proc = mp.get_context("fork").Process(target=serve, args=(child,), daemon=True)
        self.proc.start()
        self.base = self.conn.recv()
        self._lock = threading.Lock()

    def call(self, *cmd: object) -> object:
        with self._lock:
            self.conn.send(cmd)
            return self.conn.recv()

    def close(self) -> None:
        self.call("stop")
        self.proc.join(5)


def page_paths(f: int, j: int) -> str:
    return f"/f{f}/a{j}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--feeds", type=int, default=FEEDS)
    ap.add_argument("--items", type=int, default=ITEMS)
    ap.add_argument("--baseline", type=int, default=300, help="pages analysed directly for the baseline")
    ap.add_argument("--every", type=float, default=5.0, help="poll interval of the freshness phase (seconds)")
    ap.add_argument("--fresh", type=int, default=30, help="new items published during the freshness phase")
    ap.add_argument("--threads", type=int, default=8)
    ap.add_argument("--per-host", type=int, default=8, help="the whole site is one host here")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--out", type=Path, default=None, help="store file (default: a temporary one)")
    args = ap.parse_args(argv)

    n = args.feeds * args.items
    corpus = articles(n + args.fresh)
    site = Site()
    try:
        print(f"serving {args.feeds} feeds x {args.items} items at {site.base}", file=sys.stderr)
        pages: dict[str, bytes] = {}
        for f in range(args.feeds):
            for j in range(args.items):
                a = corpus[f * args.items + j]
                site.call("article", page_paths(f, j), a["title"], a["text"].split("\n\n"))
            site.call("feed", f"/f{f}/rss.xml", [(corpus[f * args.items + j]["title"], page_paths(f, j))
                                                 for j in range(args.items)])
        for i in range(min(args.baseline, n)):
            a = corpus[i]
            pages[f"/b{i}"] = article_html(a["title"], a["text"].split("\n\n")).encode("utf-8")

        # 1. baseline: analysis alone (after one page, which loads the models, as the watcher's first does)
        analyze_item(WorkItem("/warm", _source(), html=next(iter(pages.values()))))  # type: ignore[arg-type]
        t0, c0 = time.perf_counter(), time.process_time()
        for path, body in pages.items():
            analyze_item(WorkItem(path, _source(), html=body))  # type: ignore[arg-type]
        base_wall = time.perf_counter() - t0
        base_rate = len(pages) / base_wall
        print(f"baseline: {len(pages)} pages analysed in {base_wall:.1f} s, {base_rate:.1f} pages/s "
              f"(CPU {time.process_time() - c0:.1f} s)", file=sys.stderr)

        tmp = tempfile.TemporaryDirectory()
        db = args.out or Path(tmp.name) / "watch.db"
        if db.exists():
            db.unlink()
        store = open_store(db)
        feeds = [FeedSpec(f"{site.base}/f{f}/rss.xml", f"outlet{f % 12}", "SAU") for f in range(args.feeds)]
        opts = WatchOptions(every=args.every, timeout=20, threads=args.threads, per_host=args.per_host,
                            workers=args.workers)
        watcher = Watcher(store, feeds, opts, say=lambda m: print(m, file=sys.stderr))

        # 2. first poll
        t0, c0 = time.perf_counter(), time.process_time()
        first = watcher.poll()
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        rate = first.added / wall
        print(f"first poll: {first.added} stored of {first.links} links from {first.feeds} feeds in {wall:.1f} s: "
              f"{rate:.1f} articles/s ({rate / base_rate:.2f}x the analysis-only baseline); CPU {cpu:.1f} s; "
              f"clusters {first.clusters}; errors {len(first.errors)}", file=sys.stderr)

        # 3. unchanged poll
        site.call("clear")
        for s in watcher.feeds:  # due now
            state = {r["url"]: r for r in store.feed_health()}[s.url]
            state["next_poll"] = None
            store.save_feed(state)
        t0 = time.perf_counter()
        again = watcher.poll()
        unchanged_wall = time.perf_counter() - t0
        page_hits = site.call("count", "/f")
        feed_hits = sum(int(site.call("count", f"/f{f}/rss.xml")) for f in range(args.feeds))  # type: ignore[misc]
        print(f"unchanged poll: {again.not_modified} of {again.feeds} feeds answered 304 in {unchanged_wall:.2f} s; "
              f"requests {page_hits} (feeds {feed_hits}), {again.added} stored", file=sys.stderr)

        # 4. freshness on the schedule
        fresh = _freshness(site, watcher, [a["title"] for a in corpus[:n]], corpus[n:], args, db)
    finally:
        site.close()
    result = {
        "feeds": args.feeds, "items": args.items, "pages": n, "threads": args.threads, "per_host": args.per_host,
        "workers": args.workers,
        "baseline_pages_per_s": round(base_rate, 1),
        "first_poll": {"stored": first.added, "seconds": round(wall, 1), "articles_per_s": round(rate, 1),
                       "cpu_s": round(cpu, 1), "ratio_to_baseline": round(rate / base_rate, 2),
                       "errors": len(first.errors)},
        "unchanged_poll": {"not_modified": again.not_modified, "seconds": round(unchanged_wall, 2),
                           "requests": page_hits, "stored": again.added},
        "freshness": fresh,
    }
    print(json.dumps(result, ensure_ascii=False))
    return 0


def _source() -> object:
    from rasd.article import Source

    return Source(outlet="bench")


def _freshness(site: Site, watcher: Watcher, corpus_titles: list[str], extra: list[dict[str, str]],
               args: argparse.Namespace, db: Path) -> dict[str, object]:
    """Publish ``args.fresh`` items at random times while the watcher polls on its schedule; time each
    from its appearing to the store's search finding it."""
    rng = random.Random(16)
    polls: list[float] = []  # start times of the watcher's polls

    def on_poll(_r: PollReport) -> None:
        pass

    real_poll = watcher.poll

    def timed_poll() -> PollReport:
        polls.append(time.time())
        return real_poll()

    watcher.poll = timed_poll  # type: ignore[method-assign]
    runner = threading.Thread(target=watcher.run, kwargs={"on_poll": on_poll}, daemon=True)
    runner.start()
    feeds_items = {f: [(corpus_titles[f * args.items + j], page_paths(f, j)) for j in range(args.items)]
                   for f in range(args.feeds)}
    searcher = open_store(db)
    appeared: dict[str, float] = {}
    found: dict[str, float] = {}
    words = [nonce_word(i) for i in range(len(extra))]
    deadline = time.time() + args.fresh * args.every / 3 + 10 * args.every + 60
    publish_at = sorted(rng.uniform(0, args.fresh * args.every / 3) for _ in extra)
    start = time.time()
    k = 0
    while time.time() < deadline and len(found) < len(extra):
        now = time.time()
        while k < len(extra) and now - start >= publish_at[k]:
            a, f = extra[k], rng.randrange(args.feeds)
            path = f"/f{f}/new{k}"
            paragraphs = a["text"].split("\n\n")
            paragraphs[0] = f"{paragraphs[0]} {words[k]}"
            site.call("article", path, a["title"], paragraphs)
            feeds_items[f].insert(0, (a["title"], path))
            site.call("feed", f"/f{f}/rss.xml", feeds_items[f])
            appeared[words[k]] = time.time()
            k += 1
        for w in list(appeared):
            if w not in found and searcher.search(w)["total"]:  # type: ignore[attr-defined]
                found[w] = time.time()
        time.sleep(0.05)
    watcher.stop.set()
    runner.join(60)
    lat = sorted(found[w] - appeared[w] for w in found)
    # the poll that stored an item is the last one to start before it was found
    after_poll = sorted(found[w] - max(p for p in polls if p <= found[w]) for w in found)
    out: dict[str, object] = {
        "every_s": args.every, "published": len(appeared), "found": len(found),
        "latency_s": {"median": round(statistics.median(lat), 2), "p90": round(lat[int(0.9 * (len(lat) - 1))], 2),
                      "max": round(lat[-1], 2)} if lat else None,
        "after_poll_start_s": {"median": round(statistics.median(after_poll), 2),
                               "max": round(after_poll[-1], 2)} if after_poll else None,
    }
    print(f"freshness (every {args.every:g} s): {len(found)} of {len(appeared)} new items searchable; "
          f"appear -> searchable {out['latency_s']}; poll start -> searchable {out['after_poll_start_s']}",
          file=sys.stderr)
    return out


if __name__ == "__main__":
    sys.exit(main())
