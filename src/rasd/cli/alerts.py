"""``rasd alerts``: watch a search or an entity and list what matched since the last look."""

from __future__ import annotations

import argparse
import json

from rasd.cli.words import DB_HELP, counted
from rasd.errors import InputError
from rasd.store import DEFAULT_DB, open_store


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("alerts", help="watched searches and entities: what matched since the last look")
    p.add_argument("--db", default=DEFAULT_DB, help=DB_HELP)
    p.add_argument("--json", action="store_true", help="print JSON")
    acts = p.add_subparsers(dest="action", metavar="ACTION")
    add = acts.add_parser("add", help="watch a search (--search) or an entity (--entity)")
    what = add.add_mutually_exclusive_group(required=True)
    what.add_argument("--search", metavar="QUERY", help="a search query, as rasd search takes it")
    what.add_argument("--entity", metavar="NAME", help="an entity name")
    add.add_argument("--from-start", action="store_true",
                     help="count every article already stored as new (default: only those stored from now on)")
    acts.add_parser("list", help="the alerts and when each was last checked")
    check = acts.add_parser("check", help="what matched each alert since its last check, then mark it seen")
    check.add_argument("--peek", action="store_true", help="show the matches without marking them seen")
    rm = acts.add_parser("remove", help="stop watching")
    rm.add_argument("id", type=int)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    action = args.action or "check"
    with open_store(args.db) as store:
        if action == "add":
            if args.search is not None:
                from rasd.store.query import parse_query

                if parse_query(args.search).is_empty():
                    raise InputError(f"query {args.search!r} has no words to search for")
            kind, value = ("search", args.search) if args.search is not None else ("entity", args.entity)
            alert = store.add_alert(kind, value, from_start=args.from_start)
            print(json.dumps(alert, ensure_ascii=False) if args.json
                  else f"alert {alert['id']}: watching {kind} {alert['value']!r}")
            return 0
        if action == "remove":
            if not store.remove_alert(args.id):
                raise InputError(f"no alert {args.id} in {args.db} (rasd alerts list)")
            print(f"alert {args.id} removed")
            return 0
        if action == "list":
            alerts = store.alerts()
            if args.json:
                print(json.dumps(alerts, ensure_ascii=False))
            elif not alerts:
                print(f"no alerts in {args.db}: add one with rasd alerts add --search QUERY or --entity NAME")
            for a in alerts:
                print(f"{a['id']:>4}  {a['kind']:<6}  {a['value']}  (last checked {a['checked_at'] or 'never'})")
            return 0
        results = store.check_alerts(mark=not getattr(args, "peek", False))
    if args.json:
        print(json.dumps(results, ensure_ascii=False))
        return 0
    if not results:
        print(f"no alerts in {args.db}: add one with rasd alerts add --search QUERY or --entity NAME")
    for a in results:
        print(f"{a['id']:>4}  {a['kind']} {a['value']!r}: {counted(a['total'], 'new article')}")
        for m in a["matches"]:
            meta = " · ".join(x for x in (m["date"], m["outlet"]) if x)
            print(f"        {m['title'] or m['id']}  [{meta}]  id={m['id']}")
    return 0
