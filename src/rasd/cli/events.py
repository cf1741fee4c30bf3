"""``rasd events FILE|DIR|- [--format text|csv|json] [--output FILE]``: PLOVER events as a table.

The rows come from ``article.events`` (the same records ``rasd analyze`` prints as
JSON).  ``--format csv`` writes a PLOVER-like table with the columns
source, actor, actor_country, event, mode, recipient, recipient_country, location,
date, evidence (plus negated/future/hypothetical flags and the quote index), one row
per event, ready for a spreadsheet or pandas.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import TextIO

from rasd.article import Article, Event, to_dict
from rasd.cli.report import RunReport, each_article

CSV_FIELDS = ("source", "actor", "actor_country", "event", "mode", "recipient", "recipient_country", "location",
              "date", "evidence", "negated", "future", "hypothetical", "quote", "quantity", "date_source",
              "start", "end")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("events", help="list the PLOVER events of articles (table, CSV or JSON)",
                       description="Analyse .txt/.html articles and print their PLOVER events: a table for the "
                                   "terminal (text), a PLOVER-like CSV (csv) or JSON Lines (json).")
    p.add_argument("paths", nargs="+", metavar="FILE|DIR|-")
    p.add_argument("--format", choices=("text", "csv", "json"), default="text")
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")
    p.add_argument("--width", type=int, default=70, help="longest evidence shown in the text table (0: whole)")
    p.set_defaults(func=run)


def row(article: Article, ev: Event) -> dict[str, str]:
    """One event as the flat PLOVER-like record every output shares."""
    def flag(b: bool) -> str:
        return "1" if b else ""

    loc = ev.location
    return {
        "source": article.source.path or article.source.url or article.id,
        "actor": _clean(ev.actor.text if ev.actor and ev.actor.text else ""),
        "actor_country": ev.actor.country or "" if ev.actor else "",
        "event": ev.type,
        "mode": ev.mode or "",
        "recipient": _clean(ev.target.text if ev.target and ev.target.text else ""),
        "recipient_country": ev.target.country or "" if ev.target else "",
        "location": _clean((loc.text or loc.country or "") if loc else ""),
        "date": ev.date or "",
        "evidence": _clean(ev.evidence.text),
        "negated": flag(ev.negated),
        "future": flag(ev.future),
        "hypothetical": flag(ev.hypothetical),
        "quote": "" if ev.quote is None else str(ev.quote),
        "quantity": "" if ev.quantity is None else f"{ev.quantity:g}",
        "date_source": ev.date_source or "",
        "start": str(ev.evidence.start),
        "end": str(ev.evidence.end),
    }


def _clean(s: str) -> str:
    return " ".join(s.split())


def _clip(s: str, n: int) -> str:
    return s if n <= 0 or len(s) <= n else s[: n - 1] + "…"


def text_table(article: Article, width: int) -> str:
    """A readable table for a terminal."""
    head = article.source.path or article.source.url or article.id
    lines = [f"== {head}" + (f"  {_clip(article.title.text, 70)}" if article.title else "")]
    rs = [row(article, ev) for ev in article.events]
    if not rs:
        lines.append("   (no events)")
        return "\n".join(lines)
    lines.append(f"   {'event':9}  {'mode':12}  {'actor':28}  {'recipient':22}  {'where':6}  {'date':10}  evidence")
    for r in rs:
        actor = f"{_clip(r['actor'], 20)} [{r['actor_country']}]" if r["actor_country"] else _clip(r["actor"], 28)
        rec = f"{_clip(r['recipient'], 14)} [{r['recipient_country']}]" if r["recipient_country"] else \
            _clip(r["recipient"], 22)
        marks = "".join(m for m, k in (("¬", "negated"), ("→", "future"), ("?", "hypothetical")) if r[k])
        lines.append(f"   {r['event'] + marks:9}  {_clip(r['mode'], 12):12}  {actor:28}  {rec:22}  "
                     f"{_clip(r['location'], 6):6}  {r['date']:10}  {_clip(r['evidence'], width)}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    out: TextIO = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout  # noqa: SIM115
    try:
        return _write(args, out)
    finally:
        if args.output:
            out.close()


def _write(args: argparse.Namespace, out: TextIO) -> int:
    report = RunReport("events")
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS) if args.format == "csv" else None
    if writer is not None:
        writer.writeheader()
    for article in each_article(args.paths, report, exclude=args.output):
        if writer is not None:
            for ev in article.events:
                writer.writerow(row(article, ev))
        elif args.format == "text":
            print(text_table(article, args.width), file=out)
            print(file=out)
        else:
            print(json.dumps({"source": article.source.path or article.id, "id": article.id,
                              "events": [to_dict(e) for e in article.events]}, ensure_ascii=False), file=out)
        out.flush()
    return report.finish()
