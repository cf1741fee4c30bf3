"""``rasd quotes FILE|DIR|- [--format text|tsv|json]``: who said what, and where.

The rows come from the same ``article.quotes`` that ``rasd analyze`` prints as JSON;
this command only lays them out as a table (speaker, how the speaker was found, cue,
quote, confidence, place in the article).
"""

from __future__ import annotations

import argparse
import json
import sys

from rasd.article import Article, Quote, to_dict
from rasd.cli.report import RunReport, each_article


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("quotes", help="list the quotes of articles: speaker, cue, words, place",
                       description="Analyse .txt/.html articles and print their quotes as a table "
                                   "(text), as tab-separated rows (tsv) or as JSON Lines (json).")
    p.add_argument("paths", nargs="+", metavar="FILE|DIR|-")
    p.add_argument("--format", choices=("text", "tsv", "json"), default="text")
    p.add_argument("--width", type=int, default=90, help="longest quote shown in the text table (0: whole)")
    p.set_defaults(func=run)


def where(article: Article, q: Quote) -> str:
    """The block holding the quote: title, subtitle, highlight N or paragraph N (1-based)."""
    pos = q.content.start
    for name, span in (("title", article.title), ("subtitle", article.subtitle)):
        if span is not None and span.start <= pos < span.end:
            return name
    for n, h in enumerate(article.highlights, 1):
        if h.start <= pos < h.end:
            return f"highlight {n}"
    for n, p in enumerate(article.paragraphs, 1):
        if p.start <= pos < p.end:
            return f"¶{n}"
    return f"@{pos}"


def rows(article: Article) -> list[dict[str, str]]:
    """One plain dict per quote, the shape every output format shares."""
    out = []
    for q in article.quotes:
        out.append({
            "where": where(article, q),
            "kind": q.kind,
            "speaker": q.speaker_name or (q.speaker.text if q.speaker else ""),
            "mention": q.speaker.text if q.speaker else "",
            "cue": q.cue.text if q.cue else "",
            "quote": q.content.text,
            "offsets": f"{q.content.start}-{q.content.end}",
            "resolution": q.resolution or "",
            "confidence": f"{q.confidence:.2f}" if q.confidence is not None else "",
        })
    return out


def _clip(s: str, n: int) -> str:
    s = " ".join(s.split())
    return s if n <= 0 or len(s) <= n else s[: n - 1] + "…"


def text_table(article: Article, width: int) -> str:
    """A readable table for a terminal."""
    head = article.source.path or article.source.url or article.id
    title = article.title.text if article.title else ""
    lines = [f"== {head}" + (f"  {_clip(title, 70)}" if title else ""), ]
    rs = rows(article)
    if not rs:
        lines.append("   (no quotes)")
        return "\n".join(lines)
    w_where = max(5, *(len(r["where"]) for r in rs))
    w_kind = max(4, *(len(r["kind"]) for r in rs))
    w_sp = min(30, max(7, *(len(r["speaker"]) for r in rs)))
    w_cue = max(3, *(len(r["cue"]) for r in rs))
    w_how = max(3, *(len(r["resolution"]) for r in rs))
    lines.append(f"   {'where':{w_where}}  {'kind':{w_kind}}  {'speaker':{w_sp}}  {'how':{w_how}}  {'cue':{w_cue}}  "
                 "conf  quote")
    for r in rs:
        lines.append(f"   {r['where']:{w_where}}  {r['kind']:{w_kind}}  {_clip(r['speaker'], w_sp):{w_sp}}  "
                     f"{r['resolution']:{w_how}}  {r['cue']:{w_cue}}  {r['confidence']:4}  "
                     f"«{_clip(r['quote'], width)}»")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    report = RunReport("quotes")
    if args.format == "tsv":
        print("\t".join(("source", "where", "kind", "speaker", "mention", "cue", "quote", "offsets", "resolution",
                         "confidence")))
    for article in each_article(args.paths, report, until="quotes"):
        src = article.source.path or article.id
        if args.format == "text":
            print(text_table(article, args.width))
            print()
        elif args.format == "tsv":
            for r in rows(article):
                print("\t".join([src, *(" ".join(v.split()) for v in r.values())]))
        else:
            print(json.dumps({"source": src, "id": article.id,
                              "quotes": [to_dict(q) for q in article.quotes]}, ensure_ascii=False))
        sys.stdout.flush()
    return report.finish()
