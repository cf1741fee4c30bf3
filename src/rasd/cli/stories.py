"""``rasd stories``: story clusters with size, outlets, dates and a headline."""

from __future__ import annotations

import argparse
import json

from rasd.store import DEFAULT_DB, open_store


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("stories", help="list story clusters (same event across outlets and days)")
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--min-size", type=int, default=2, help="smallest story to list")
    p.add_argument("-n", "--limit", type=int, default=20)
    p.add_argument("--refresh", action="store_true",
                   help="recompute duplicates and stories first (done anyway when an ingest left them owed)")
    p.add_argument("--duplicates", action="store_true", help="list near-duplicate groups instead")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with open_store(args.db) as store:
        if args.refresh:
            store.refresh_clusters()
        else:  # an ingest killed while clustering, or run with --no-cluster, left them owed
            store.finish_pending_work()
        if args.duplicates:
            groups = store.duplicate_groups()[: args.limit]
            if args.json:
                print(json.dumps(groups))
            else:
                for g in groups:
                    print(f"{len(g)}: {' '.join(g)}")
            return 0
        stories = store.stories(min_size=args.min_size, limit=args.limit)
    if args.json:
        print(json.dumps(stories, ensure_ascii=False))
        return 0
    if not stories:
        print("no stories yet; ingest articles first (or run with --refresh)")
    for s in stories:
        span = s["first_date"] if s["first_date"] == s["last_date"] else f"{s['first_date']} → {s['last_date']}"
        print(f"{s['size']:4d} articles  {span or 'undated'}  {', '.join(s['outlets'][:6])}")
        print(f"      {s['headline']}")
    return 0
