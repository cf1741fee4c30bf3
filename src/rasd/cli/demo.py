"""``rasd demo``: the main job on the bundled example articles.

Analyses every bundled article, prints a line per article, builds a store from
them (``./rasd-demo.db`` by default) and serves the pages over it, printing the
address.  The store is rebuilt beside the old one and swapped in at the end, so
running the demo twice gives the same store (idempotent) and always reflects the
current pipeline, never a stale earlier analysis.  ``--no-serve`` stops after
building (used by tests and scripts).

Each article carries the outlet its provenance names (Al Arab; Arabic Wikinews) and the
date its own text states: only the Al Arab sample has a date line; the Wikinews
source states no dates, so none is made up and the pages say why their timelines
are empty.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from pathlib import Path

from rasd.article import Article, Source
from rasd.cli.words import counted
from rasd.examples import example_outlets, example_paths
from rasd.ingest.files import load_document
from rasd.pipeline import analyze
from rasd.render import text_summary

DEMO_DB = "rasd-demo.db"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("demo", help="analyse the bundled example articles, store them and serve the pages")
    p.add_argument("--limit", type=int, default=None, help="only the first N articles")
    p.add_argument("--db", default=DEMO_DB, help=f"the store to (re)build (default ./{DEMO_DB})")
    p.add_argument("--no-serve", action="store_true", help="build the store and print, but do not start the server")
    p.add_argument("--full", action="store_true", help="print the whole summary of every article")
    p.add_argument("--host", default="127.0.0.1", help="address to serve on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port to serve on (default 8000)")
    p.set_defaults(func=run)


def one_line(i: int, n: int, name: str, a: Article) -> str:
    """A short line per article: its name, title and what was found."""
    title = " ".join((a.title.text if a.title else a.text[:80]).split())
    title = title if len(title) <= 70 else title[:69] + "…"
    found = ", ".join((counted(len(a.entities), "entity", "entities"), counted(len(a.quotes), "quote"),
                       counted(len(a.dates), "date"), counted(len(a.events), "event")))
    return f"[{i:>2}/{n}] {name}  {title}\n        {found}"


def example_source(source: Source, outlet: str | None) -> Source:
    """A bundled article's source with the outlet its provenance names (``outlet_source``:
    ``given``).  No date is added: the Wikinews provenance has none, and a date only
    comes from the article's own date line (the structure stage reads it)."""
    if outlet is None or source.outlet:
        return source
    return dataclasses.replace(source, outlet=outlet, outlet_source="given")


def build_demo_store(db: str, articles: list[Article]) -> dict[str, int]:
    """Write ``articles`` into a fresh store at ``db`` (swapped in whole); return the store's counts."""
    from rasd.store import open_store

    target = Path(db)
    tmp = target.with_name(target.name + ".building")
    for suffix in ("", "-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    store = open_store(tmp)
    try:
        store.add_articles(articles)
        store.refresh_clusters()
        stats = {k: int(v) for k, v in store.stats().items() if isinstance(v, int)}
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()
    for suffix in ("-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    os.replace(tmp, target)
    return stats


def run(args: argparse.Namespace) -> int:
    paths = example_paths()[: args.limit]
    outlets = example_outlets()
    articles = []
    for i, path in enumerate(paths, 1):
        doc = load_document(str(path))
        article = analyze(doc.text, example_source(doc.source, outlets.get(path.name)))
        articles.append(article)
        print(text_summary(article) + "\n" if args.full else one_line(i, len(paths), path.name, article))
    stats = build_demo_store(args.db, articles)
    print(f"rasd: analysed {len(paths)} bundled articles into {args.db} "
          f"({counted(stats.get('entities', 0), 'entity', 'entities')}, {counted(stats.get('quotes', 0), 'quote')}, "
          f"{counted(stats.get('events', 0), 'event')})",
          file=sys.stderr, flush=True)
    if args.no_serve:
        return 0
    from rasd.cli.serve import serve

    serve(args.db, args.host, args.port)
    return 0
