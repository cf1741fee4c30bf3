"""``rasd trends``: entities rising over the last N days against the N days before, and new ones."""

from __future__ import annotations

import argparse
import json

from rasd.cli.words import DB_HELP
from rasd.store import DEFAULT_DB, open_store

#: Characters of a sparkline, lowest to highest.
TICKS = "▁▂▃▄▅▆▇█"


def spark(series: list[int]) -> str:
    """Daily counts as a line of block characters (a terminal sparkline)."""
    top = max(series, default=0)
    if not top:
        return TICKS[0] * len(series)
    return "".join(TICKS[round((len(TICKS) - 1) * v / top)] for v in series)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("trends", help="entities rising over the last N days, and new ones")
    p.add_argument("--db", default=DEFAULT_DB, help=DB_HELP)
    p.add_argument("--days", type=int, default=7, help="length of each window in days (default 7)")
    p.add_argument("--until", metavar="YYYY-MM-DD",
                   help="last day of the current window (default: the newest stored article's date)")
    p.add_argument("--min-count", type=int, default=2, help="fewest articles in the current window (default 2)")
    p.add_argument("-n", "--limit", type=int, default=20)
    p.add_argument("--json", action="store_true", help="print the result dict as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from rasd.errors import InputError

    if not 1 <= args.days <= 366:
        raise InputError("--days must be between 1 and 366")
    with open_store(args.db) as store:
        result = store.trends(days=args.days, until=args.until, limit=args.limit, min_count=args.min_count)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    if not result["current"]:
        print(f"no dated articles in {args.db}: trends need article dates (rasd ingest reads them)")
        return 0
    cur, prev = result["current"], result["previous"]
    print(f"last {args.days} days {cur['from']} → {cur['to']} against {prev['from']} → {prev['to']}"
          " (articles per window)")
    for title, key in (("rising", "entities"), ("new (never seen before the window)", "new")):
        print(f"\n{title}:")
        if not result[key]:
            print("  none")
        for e in result[key]:
            print(f"  {e['current']:>5} {e['previous']:>5}  {spark(e['series'])}  {e['name']} ({e['label']})")
    return 0
