#!/usr/bin/env python3
"""Classify every quote error on a gold folder: missed, wrong boundary, wrong speaker, spurious.

The matching is ``../shared/eval/score.py``'s (imported by path, so a "correct" quote here
is a true positive there): a predicted quote matches the first gold quote whose content
span overlaps it by >= 50% of the longer span; the speaker agrees by ``speaker_ok``.

Each gold quote falls in exactly one class:

* ``correct``         matched, speaker agrees;
* ``wrong speaker``   matched, speaker does not agree;
* ``wrong boundary``  not matched, but some prediction overlaps its content (the place is
  found, the span is too long, too short or shifted, or the overlapping prediction was
  taken by another gold quote);
* ``missed``          no prediction touches it.

Each prediction that matches no gold quote and overlaps none is ``spurious``; a second
prediction matching an already-matched gold quote is ``duplicate`` (score.py counts both
as false positives).

The folder is either ``NAME.txt`` + ``NAME.gold.json`` pairs (``../shared/eval/news-dev``),
analysed as ``rasd analyze`` reads files, or SaudiNewsNet references (``benchmarks/gold``),
rebuilt by ``snn.py``.

usage: .venv/bin/python benchmarks/quote_errors.py DIR [--list CLASS ...] [--file NAME] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from score_gold import load_scorer

CLASSES = ("correct", "wrong speaker", "wrong boundary", "missed", "spurious", "duplicate")


def load_pairs(folder: Path, only: str | None) -> list[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    """(name, text, gold, prediction) for every gold file of the folder."""
    from rasd.article import to_dict
    from rasd.ingest.files import iter_documents
    from rasd.pipeline import analyze

    out = []
    for g in sorted(folder.glob("*.gold.json")):
        name = g.name[: -len(".gold.json")]
        if only and only not in name:
            continue
        gold = json.loads(g.read_text(encoding="utf-8"))
        txt = g.with_name(name + ".txt")
        if txt.is_file():
            doc = next(iter(iter_documents([str(txt)])))
            if not hasattr(doc, "text"):
                print(f"{txt}: {doc}", file=sys.stderr)
                continue
            pred = to_dict(analyze(doc.text, doc.source))  # type: ignore[union-attr]
        else:
            from score_gold import predict

            _text, pred = predict(gold)
        out.append((name, pred["text"], gold, pred))
    return out


def classify(sc: Any, gold: dict[str, Any], pred: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The class of each gold quote and of each predicted quote ("" for a matched prediction)."""
    gq = gold.get("quotes", [])
    pq = [q for q in pred.get("quotes", []) if "start" in (q.get("content") or {})]
    ents = {e.get("id"): e for e in pred.get("entities", [])}
    g_cls = ["missed"] * len(gq)
    p_cls = ["spurious"] * len(pq)
    for k, q in enumerate(pq):
        span = (q["content"]["start"], q["content"]["end"])
        for i, g in enumerate(gq):
            gs = tuple(g["content_span"])
            if sc.overlap(span, gs) >= 0.5 * max(span[1] - span[0], gs[1] - gs[0]):
                if g_cls[i] in ("correct", "wrong speaker"):
                    p_cls[k] = "duplicate"
                    if g_cls[i] == "wrong speaker" and sc.speaker_ok(g, q, ents):
                        g_cls[i] = "correct"
                else:
                    p_cls[k] = ""
                    g_cls[i] = "correct" if sc.speaker_ok(g, q, ents) else "wrong speaker"
                break
    for i, g in enumerate(gq):
        if g_cls[i] != "missed":
            continue
        gs = tuple(g["content_span"])
        hits = [k for k, q in enumerate(pq) if sc.overlap((q["content"]["start"], q["content"]["end"]), gs) > 0]
        if hits:
            g_cls[i] = "wrong boundary"
            for k in hits:
                if p_cls[k] == "spurious":
                    p_cls[k] = "boundary"  # counted once, on the gold side
    return g_cls, p_cls


def _clip(s: str, n: int = 110) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", type=Path, help="gold folder (NAME.txt + NAME.gold.json, or benchmarks/gold)")
    ap.add_argument("--list", nargs="*", default=None, metavar="CLASS",
                    help="also print each error of these classes (default with no value: all errors)")
    ap.add_argument("--file", help="only articles whose name contains this")
    ap.add_argument("--json", action="store_true", help="counts as one JSON object")
    args = ap.parse_args(argv)
    if not args.dir.is_dir():
        ap.error(f"no such folder: {args.dir}")
    sc = load_scorer()
    counts = dict.fromkeys(CLASSES, 0)
    show = set(CLASSES[1:]) if args.list == [] else {c.replace("_", " ") for c in (args.list or ())}
    for name, text, gold, pred in load_pairs(args.dir, args.file):
        g_cls, p_cls = classify(sc, gold, pred)
        pq = [q for q in pred.get("quotes", []) if "start" in (q.get("content") or {})]
        ents = {e.get("id"): e for e in pred.get("entities", [])}
        for c in g_cls:
            counts[c] += 1
        for c in p_cls:
            if c in ("spurious", "duplicate"):
                counts[c] += 1
        if not show:
            continue
        for g, c in zip(gold.get("quotes", []), g_cls, strict=True):
            if c not in show:
                continue
            s, e = g["content_span"]
            near = [q for q in pq if sc.overlap((q["content"]["start"], q["content"]["end"]), (s, e)) > 0]
            print(f"{name} [{c}] gold {s}-{e} {g.get('kind')} cue={g.get('cue')} speaker={g.get('speaker')}")
            print(f"    G: {_clip(text[s:e])}")
            for q in near:
                sp = q.get("speaker") or {}
                ent = ents.get(sp.get("entity"))
                who = q.get("speaker_name") or sp.get("text") or "-"
                print(f"    P: {q['content']['start']}-{q['content']['end']} speaker={who}"
                      f"{' (' + ent['canonical'] + ')' if ent else ''} cue={(q.get('cue') or {}).get('text')}"
                      f" | {_clip(q['content']['text'])}")
        for q, c in zip(pq, p_cls, strict=True):
            if c in show:
                who = q.get("speaker_name") or (q.get("speaker") or {}).get("text") or "-"
                print(f"{name} [{c}] pred {q['content']['start']}-{q['content']['end']} {q['kind']} "
                      f"cue={(q.get('cue') or {}).get('text')} speaker={who}")
                print(f"    P: {_clip(q['content']['text'])}")
    if args.json:
        print(json.dumps(counts, ensure_ascii=False))
        return 0
    n_gold = sum(counts[c] for c in CLASSES[:4])
    print(f"{args.dir.name}: {n_gold} gold quotes")
    for c in CLASSES:
        print(f"  {c:15s} {counts[c]:4d}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
