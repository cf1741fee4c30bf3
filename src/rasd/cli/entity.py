"""``rasd entity NAME``: one entity's mentions over time, quotes and neighbours."""

from __future__ import annotations

import argparse
import json
from typing import Any

from rasd.cli.words import DB_HELP, counted
from rasd.store import DEFAULT_DB, open_store

BAR = "█"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("entity", help="mentions per day, quotes by and about, co-occurring entities")
    p.add_argument("name")
    p.add_argument("--db", default=DEFAULT_DB, help=DB_HELP)
    p.add_argument("-n", "--limit", type=int, default=10)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=run)


def histogram(per_day: list[dict[str, Any]], width: int = 40) -> list[str]:
    """Per-day mention counts as terminal bars."""
    if not per_day:
        return ["(no dated mentions)"]
    top = max(d["mentions"] for d in per_day) or 1
    return [f"{d['date']} {BAR * max(1, round(width * d['mentions'] / top))} {d['mentions']}" for d in per_day]


def run(args: argparse.Namespace) -> int:
    with open_store(args.db) as store:
        view = store.entity_view(args.name, limit=args.limit)
    if args.json:
        print(json.dumps(view, ensure_ascii=False))
        return 0
    e = view["entity"]
    extra = ", ".join(x for x in (e["label"], e["country"], e["en"]) if x)
    print(f"{e['name']} ({extra}): {counted(e['mentions'], 'mention')} in {counted(e['articles'], 'article')}")
    if view["alternatives"]:
        print("also: " + "; ".join(f"{a['name']} ({a['label']}, {a['articles']})" for a in view["alternatives"]))
    print("\nMentions per day")
    for line in histogram(view["per_day"]):
        print("  " + line)
    for title, key in (("Quotes by", "quotes_by"), ("Quotes about", "quotes_about")):
        print(f"\n{title} ({len(view[key])})")
        for q in view[key]:
            print(f"  {q['date'] or ''} {q['outlet'] or ''}: «{q['content'][:160]}»")
    print("\nCo-occurring")
    for c in view["cooccurring"]:
        print(f"  {c['articles']:4d}  {c['name']} ({c['label']})")
    return 0
