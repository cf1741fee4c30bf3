"""``rasd analyze FILE|DIR|- [--format json|text]``."""

from __future__ import annotations

import argparse
import sys

from rasd.article import Article, to_json
from rasd.errors import InputError
from rasd.ingest.files import expand_paths, iter_documents
from rasd.pipeline import analyze, stage_names
from rasd.render import text_summary
from rasd.settings import NER_HELP, NER_TIERS, configure


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("analyze", help="analyse articles and print their records",
                       description="Analyse .txt/.html articles. One file gives a JSON object; several give "
                                   "JSON Lines. Bad inputs are reported on stderr and the run goes on (exit 2).")
    p.add_argument("paths", nargs="+", metavar="FILE|DIR|-")
    p.add_argument("--format", choices=("json", "text"), default="json")
    p.add_argument("--indent", type=int, default=None, help="indent single-file JSON output")
    p.add_argument("--until", choices=stage_names(), help="stop after this stage")
    p.add_argument("--ner", choices=NER_TIERS, help=NER_HELP)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    configure(ner=args.ner)
    names = list(expand_paths(args.paths))
    single = len(names) == 1
    failed = 0
    for doc in iter_documents(args.paths):
        if isinstance(doc, InputError):
            print(f"rasd: {doc}", file=sys.stderr)
            failed += 1
            continue
        article = analyze(doc.text, doc.source, until=args.until)
        emit(article, args.format, single, args.indent)
    if not names:
        print("rasd: no input files found", file=sys.stderr)
        return 2
    return 2 if failed else 0


def emit(article: Article, fmt: str, single: bool, indent: int | None) -> None:
    """Print one record in the chosen format."""
    if fmt == "text":
        print(text_summary(article))
        print()
    else:
        print(to_json(article, indent=indent if single else None))
    sys.stdout.flush()
