"""``rasd watch FEEDS.txt --every 10m --db FILE``: poll feeds into the store until stopped.

Ctrl-C or SIGTERM asks the watcher to stop: the article being analysed is finished
and stored, the rest is left for the next run (which takes up where this one was,
without refetching what it has).  A second Ctrl-C abandons the current batch at
once; its transaction rolls back and the store stays whole.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
from types import FrameType
from typing import Any

from rasd.cli.words import DB_HELP, counted
from rasd.errors import InputError
from rasd.settings import NER_HELP, NER_TIERS, configure
from rasd.store import DEFAULT_DB, open_store
from rasd.watch import PollReport, Watcher, WatchOptions, parse_duration


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "watch", help="poll RSS/Atom feeds and sitemaps on a schedule into the store",
        description="Poll the feeds listed in FEEDS (one URL per line, optionally followed by the outlet's name and "
                    "country, separated by TABs or ' | ') every --every, fetch each new article's page, analyse "
                    "and store it. Conditional requests, per-feed backoff on errors, robots.txt obeyed. "
                    "Ctrl-C or SIGTERM stops cleanly; a restart resumes without refetching.")
    p.add_argument("feeds", nargs="?", metavar="FEEDS", help="the list of feeds to watch")
    p.add_argument("--db", default=DEFAULT_DB, help=DB_HELP)
    p.add_argument("--every", default="10m", help="how often each feed is polled: 30s, 10m, 1h (default: 10m)")
    p.add_argument("--once", action="store_true",
                   help="poll once and exit (cron, tests): every feed, except those still backing off after errors")
    p.add_argument("--status", action="store_true", help="print each watched feed's health from the store and exit")
    p.add_argument("--starter", action="store_true",
                   help="also watch rasd's starter list of Arabic news feeds (unverified addresses)")
    p.add_argument("--print-starter", action="store_true", help="print the starter list as a FEEDS file and exit")
    p.add_argument("--timeout", default="20s", help="give up on a request after this long (default: 20s)")
    p.add_argument("--per-host", type=int, default=2, help="concurrent requests to one host (default: 2)")
    p.add_argument("--threads", type=int, default=8, help="concurrent requests in all (default: 8)")
    p.add_argument("--workers", type=int, default=1,
                   help="analysis processes (default: 1, in the watcher's own process)")
    p.add_argument("--batch-size", type=int, default=16,
                   help="articles per store transaction (default: 16; smaller is searchable sooner)")
    p.add_argument("--max-new", type=int, default=200,
                   help="new links taken from one feed per poll; the rest on the next polls (default: 200)")
    p.add_argument("--no-cluster", action="store_true",
                   help="do not recompute duplicates and stories after each poll (left pending)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--json", action="store_true", help="one JSON line per poll (or the --status rows as JSON)")
    p.add_argument("--ner", choices=NER_TIERS, help=NER_HELP)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from rasd.ingest.feedlist import read_feed_list, starter_feeds, starter_text

    if args.print_starter:
        sys.stdout.write(starter_text())
        return 0
    if args.status:
        with open_store(args.db) as store:
            rows = store.feed_health()
        if args.json:
            print(json.dumps({"feeds": rows}, ensure_ascii=False))
        else:
            print(status_table(rows))
        return 0
    if not args.feeds and not args.starter:
        raise InputError("name a FEEDS file (one feed URL per line), or --starter, or --status")
    if min(args.per_host, args.threads, args.workers, args.batch_size, args.max_new) < 1:
        raise InputError("--per-host, --threads, --workers, --batch-size and --max-new must be at least 1")
    feeds = read_feed_list(args.feeds) if args.feeds else []
    if args.starter:
        given = {f.url for f in feeds}
        feeds += [f for f in starter_feeds() if f.url not in given]
    opts = WatchOptions(every=parse_duration(args.every), timeout=parse_duration(args.timeout),
                        per_host=args.per_host, threads=args.threads, workers=args.workers, batch_size=args.batch_size,
                        max_new=args.max_new,
                        cluster=not args.no_cluster)
    configure(ner=args.ner)
    with open_store(args.db) as store:
        watcher = Watcher(store, feeds, opts, progress=not args.no_progress and not args.json)
        restore = _stop_on_signals(watcher)
        try:
            if not args.json:
                print(f"watching {counted(len(feeds), 'feed')} every {args.every} into {store.path}"
                      f"{'' if args.once else '; Ctrl-C stops'}", file=sys.stderr, flush=True)
            watcher.run(once=args.once, on_poll=lambda r: _report(r, args.json, watcher.polls))
        finally:
            restore()
    return 0


def _report(r: PollReport, as_json: bool, n: int) -> None:
    if as_json:
        print(json.dumps({"poll": n} | r.as_dict(), ensure_ascii=False), flush=True)
        return
    parts = [f"poll {n}: {counted(r.feeds, 'feed')}"]
    if r.not_modified:
        parts.append(f"{r.not_modified} unchanged")
    if r.failed:
        parts.append(f"{r.failed} failed")
    line = ", ".join(parts) + f"; {r.added} new {'article' if r.added == 1 else 'articles'} stored"
    if r.already_stored:
        line += f", {r.already_stored} already stored"
    if r.robots_blocked:
        line += f", {r.robots_blocked} refused by robots.txt"
    page_errors = len(r.errors) - r.failed
    if page_errors > 0:
        line += f", {counted(page_errors, 'page error')}"
    line += f" in {r.seconds:.1f} s"
    if r.stopped:
        line += "; stopped (the rest is taken on the next run)"
    print(line, file=sys.stderr, flush=True)


def _stop_on_signals(watcher: Watcher) -> Any:
    """SIGINT/SIGTERM set the watcher's stop flag; a second one interrupts at once.
    Returns a function that puts the previous handlers back."""
    previous = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}

    def handler(signum: int, _frame: FrameType | None) -> None:
        if watcher.stop.is_set():
            raise KeyboardInterrupt
        watcher.stop.set()
        print("rasd: stopping after the current article (Ctrl-C again to stop at once)", file=sys.stderr, flush=True)

    for s in previous:
        signal.signal(s, handler)

    def restore() -> None:
        for s, h in previous.items():
            signal.signal(s, h)

    return restore


def status_table(rows: list[dict[str, Any]]) -> str:
    """The health rows as a plain table (one feed a line), or a sentence when there are none."""
    if not rows:
        return "no feeds watched yet in this store (run rasd watch FEEDS --db …)"
    lines = []
    for r in rows:
        state = "ok" if not r["failures"] else f"FAILING x{r['failures']}"
        lines.append(f"{state:<12} {r['outlet'] or '-'}  {r['url']}")
        lines.append(f"    last success {r['last_success'] or 'never'}; new last poll {r['last_new']}, "
                     f"in all {r['new_total']}; unchanged polls {r['not_modified']}; next poll {r['next_poll'] or '-'}")
        if r["last_error"]:
            lines.append(f"    last error {r['last_error_at']}: {r['last_error']}")
    return "\n".join(lines)
