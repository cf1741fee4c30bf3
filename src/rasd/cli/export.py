"""``rasd export --format jsonl|csv|parquet``: the store as files."""

from __future__ import annotations

import argparse
import sys

from rasd.cli.words import DB_HELP
from rasd.store import DEFAULT_DB, open_store
from rasd.store.export import export


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "export", help="export records (jsonl) or tables (csv, parquet)",
        description="jsonl: one rasd record per line (to --out or stdout). csv/parquet: one file per table "
                    "(articles, entities, mentions, quotes, events) in the --out folder.")
    p.add_argument("--format", choices=("jsonl", "csv", "parquet"), default="jsonl")
    p.add_argument("--db", default=DEFAULT_DB, help=DB_HELP)
    p.add_argument("--out", help="output file (jsonl) or folder (csv, parquet); jsonl defaults to stdout")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with open_store(args.db) as store:
        written = export(store, args.format, args.out)
    for name, n in written.items():
        print(f"{n:8d} rows  {name}", file=sys.stderr)
    return 0
