"""``rasd search QUERY``: Arabic-aware, BM25-ranked search of the store."""

from __future__ import annotations

import argparse
import json
import sys

from rasd.cli.words import DB_HELP, counted, emphasis
from rasd.store import DEFAULT_DB, Filters, open_store
from rasd.store.query import mark


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "search", help="search the corpus store",
        description='Words are ANDed; "a phrase" in quotes; prefix*; a OR b; -excluded. Spelling, hamza, '
                    "diacritics and clitics are normalised: القوات الأمريكية finds والقوات الأميركية.")
    p.add_argument("query", help="the query (may be empty when filters are given)")
    p.add_argument("--db", default=DEFAULT_DB, help=DB_HELP)
    p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="articles dated on or after")
    p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="articles dated on or before")
    p.add_argument("--outlet", help="only this outlet (source)")
    p.add_argument("--entity", help="only articles mentioning this entity")
    p.add_argument("--label", help="only articles mentioning an entity with this label (PER, ORG, GPE ...)")
    p.add_argument("--semantic", action="store_true",
                   help="hybrid BM25 + vector ranking (cross-lingual); needs pip install rasd[semantic]")
    p.add_argument("-n", "--limit", type=int, default=10)
    p.add_argument("--offset", type=int, default=0)
    p.add_argument("--json", action="store_true", help="print the result dict as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    filters = Filters(args.date_from, args.date_to, args.outlet, args.entity, args.label)
    with open_store(args.db) as store:
        if args.semantic:
            from rasd.semantic import hybrid_search

            result = hybrid_search(store, args.query, filters, limit=args.limit, offset=args.offset)
        else:
            result = store.search(args.query, filters, limit=args.limit, offset=args.offset)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    print(f"{counted(result['total'], 'article matches', 'articles match')} {args.query!r}")
    if not result["total"] and not args.semantic:
        print("(for matches by meaning, or a query in another language, try --semantic)")
    on, off = emphasis(sys.stdout)
    for i, hit in enumerate(result["hits"], start=args.offset + 1):
        meta = " · ".join(x for x in (hit["date"], hit["outlet"]) if x)
        score = f"  [{hit['score']:.2f}]" if hit.get("score") is not None else ""
        print(f"\n{i}. {hit['title'] or hit['id']}{score}\n   {meta}  id={hit['id']}")
        print("   " + mark(hit["snippet"], on, off))
    return 0
