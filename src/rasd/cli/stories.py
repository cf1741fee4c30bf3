"""``rasd stories``: story clusters with size, outlets, dates and a headline."""

from __future__ import annotations

import argparse
import json

from rasd.article import from_json
from rasd.cli.words import DB_HELP, counted
from rasd.store import DEFAULT_DB, Store, open_store
from rasd.store.rows import article_day, article_title


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("stories", help="list story clusters (same event across outlets and days)")
    p.add_argument("--db", default=DEFAULT_DB, help=DB_HELP)
    p.add_argument("--min-size", type=int, default=2, help="smallest story to list")
    p.add_argument("-n", "--limit", type=int, default=20)
    p.add_argument("--refresh", action="store_true",
                   help="recompute duplicates and stories first (done anyway when an ingest left them owed)")
    p.add_argument("--duplicates", action="store_true", help="list near-duplicate groups instead")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def no_stories_line(total: int, min_size: int, db: str) -> str:
    """Why the list is empty: an empty store, or articles that each stand alone."""
    if total == 0:
        return f"no articles in {db} yet: add some with rasd ingest --db {db} FILES"
    return (f"no story of {min_size} or more articles among the {total} in {db}: each article stands alone "
            "(rasd stories --min-size 1 lists them)")


def print_duplicates(store: Store, groups: list[list[str]], db: str) -> None:
    """Each near-duplicate group with its articles' date and headline, or why there are none."""
    if not groups:
        print(f"no near-duplicates among the {store.count()} articles in {db}")
        return
    for g in groups:
        print(f"{len(g)} near-duplicates:")
        for aid in g:
            record = store.get_article(aid)
            article = from_json(record) if record else None
            title = (article_title(article) or "") if article else ""
            day = (article_day(article) or "undated") if article else ""
            print(f"  {aid}  {day}  {' '.join(title.split())[:90]}")


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
                print_duplicates(store, groups, args.db)
            return 0
        stories = store.stories(min_size=args.min_size, limit=args.limit)
        total = store.count()
    if args.json:
        print(json.dumps(stories, ensure_ascii=False))
        return 0
    if not stories:
        print(no_stories_line(total, args.min_size, args.db))
    for s in stories:
        span = s["first_date"] if s["first_date"] == s["last_date"] else f"{s['first_date']} → {s['last_date']}"
        print(f"{counted(s['size'], 'article'):>12}  {span or 'undated'}  {', '.join(s['outlets'][:6])}")
        print(f"      {s['headline']}")
    return 0
