"""``rasd analyze FILE|DIR|- [--format json|text]``."""

from __future__ import annotations

import argparse
import sys

from rasd.article import Article, to_json
from rasd.cli.report import RunReport, each_article
from rasd.ingest.files import expand_paths
from rasd.ingest.sources import kind_of
from rasd.pipeline import stage_names
from rasd.render import text_summary
from rasd.settings import NER_HELP, NER_TIERS, configure


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("analyze", help="analyse articles and print their records",
                       description="Analyse articles: .txt/.html files and folders, JSON/JSONL (plain, .gz, .zip), "
                                   "WARC and RSS/Atom feeds. One article gives a JSON object; several give JSON Lines. "
                                   "Bad inputs are reported on stderr, one line each, and the run goes on (exit 2).")
    p.add_argument("paths", nargs="+", metavar="FILE|DIR|-")
    p.add_argument("--format", choices=("json", "text"), default="json")
    p.add_argument("--indent", type=int, default=None, help="indent single-file JSON output")
    p.add_argument("--until", choices=stage_names(), help="stop after this stage")
    p.add_argument("--ner", choices=NER_TIERS, help=NER_HELP)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    configure(ner=args.ner)
    names = list(expand_paths(args.paths))
    single = len(names) == 1 and kind_of(names[0]) in ("text", "html")
    report = RunReport("analyze")
    for article in each_article(args.paths, report, until=args.until):
        emit(article, args.format, single, args.indent)
    return report.finish()


def emit(article: Article, fmt: str, single: bool, indent: int | None) -> None:
    """Print one record in the chosen format."""
    if fmt == "text":
        print(text_summary(article))
        print()
    else:
        print(to_json(article, indent=indent if single else None))
    sys.stdout.flush()
