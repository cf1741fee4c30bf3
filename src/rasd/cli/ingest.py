"""``rasd ingest PATH… [--db FILE]``: analyse inputs into the corpus store."""

from __future__ import annotations

import argparse
import json

from rasd.cli.report import RunReport
from rasd.cli.words import counted
from rasd.settings import NER_HELP, NER_TIERS, configure
from rasd.store import DEFAULT_DB, open_store
from rasd.store.loader import ingest_paths


def clusters_line(c: dict[str, int]) -> str:
    """What clustering found, counted as ``rasd stories`` lists it: a story is two or
    more articles on one event; an article in no such story stands alone."""
    multi = c.get("stories_of_2_or_more", 0)
    alone = c["stories"] - multi
    stories = "story" if multi == 1 else "stories"
    line = f"{c['duplicate_groups']} near-duplicate groups, {multi} {stories} of 2 or more articles"
    if alone:
        line += f" ({alone} {'article stands' if alone == 1 else 'articles stand'} alone)"
    return line


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "ingest", help="analyse articles into the corpus store",
        description="Analyse .txt/.html files and folders, JSON/JSONL (plain, .gz, .zip; SaudiNewsNet dumps too), "
                    "WARC and RSS/Atom feeds (file or URL) into the store. Idempotent (an article already stored "
                    "is skipped) and resumable (rerun after a crash). Bad records are reported, one line each, "
                    "and skipped; the others are stored, and the run exits 2.")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--db", default=DEFAULT_DB,
                   help=f"store file, or a postgresql://user@host/db URL (default: ./{DEFAULT_DB})")
    p.add_argument("--workers", type=int, default=None,
                   help="worker processes of the pool or of the local Dask cluster (default: all cores)")
    p.add_argument("--engine", choices=("pool", "dask"), default="pool",
                   help="where analysis runs: a process pool on this machine, or a Dask cluster (default: pool)")
    p.add_argument("--scheduler", metavar="ADDRESS", default=None,
                   help="Dask scheduler address (tcp://host:8786); without it --engine dask starts a LocalCluster")
    p.add_argument("--warc-prefix", metavar="PREFIX", default=None,
                   help="folder or URL that relative WARC paths in *.paths lists are under (Common Crawl layout)")
    p.add_argument("--batch-size", type=int, default=64, help="articles written per transaction")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--no-cluster", action="store_true",
                   help="skip recomputing duplicates and stories (left pending: the next ingest, rasd stories "
                        "or rasd serve does it)")
    p.add_argument("--semantic", action="store_true",
                   help="also embed every stored article without a vector (needs pip install rasd[semantic])")
    p.add_argument("--json", action="store_true", help="print the run summary as JSON")
    p.add_argument("--ner", choices=NER_TIERS, help=NER_HELP)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    configure(ner=args.ner)  # before the workers start: they inherit it
    if args.semantic:
        from rasd.semantic import require

        require()  # say so before a long ingest, not after it
    with open_store(args.db) as store:
        report = ingest_paths(store, args.paths, workers=args.workers, batch_size=args.batch_size,
                              progress=not args.no_progress, cluster=not args.no_cluster,
                              engine="process" if args.engine == "pool" else args.engine,
                              scheduler=args.scheduler, warc_prefix=args.warc_prefix)
        embedded = None
        if args.semantic:
            from rasd.semantic import embed_missing

            embedded = embed_missing(store, progress=not args.no_progress)
        total = store.count()
        where = store.path  # a PostgreSQL URL without its password
    summary = report.as_dict() | {"stored": total, "db": where}
    if embedded is not None:
        summary["embedded"] = embedded
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
    else:
        print(f"{report.added} added, {report.already_stored} already stored, {counted(len(report.errors), 'error')}; "
              f"{counted(total, 'article')} in {where}")
        if report.clusters:
            c = report.clusters
            print(clusters_line(c))
    run = RunReport("ingest", done=report.added + report.already_stored, failed=len(report.errors),
                    warned=report.warned)
    return run.finish()
