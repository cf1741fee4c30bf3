"""``rasd demo``: the main job on the bundled example articles."""

from __future__ import annotations

import argparse
import sys

from rasd.examples import example_paths
from rasd.ingest.files import load_document
from rasd.pipeline import analyze
from rasd.render import text_summary


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("demo", help="analyse the bundled example articles and print the results")
    p.add_argument("--limit", type=int, default=None, help="only the first N articles")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    paths = example_paths()[: args.limit]
    for i, path in enumerate(paths, 1):
        doc = load_document(str(path))
        article = analyze(doc.text, doc.source)
        print(f"── [{i}/{len(paths)}] {path.name}")
        print(text_summary(article))
        print()
    print(f"rasd: analysed {len(paths)} bundled articles", file=sys.stderr)
    return 0
