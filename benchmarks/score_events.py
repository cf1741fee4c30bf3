"""Score rasd's PLOVER events against the "events" list of a gold file.

usage: .venv/bin/python benchmarks/score_events.py [GOLD.json [TEXT|PRED.json]] [--json] [--verbose]

With no arguments: the sample article's gold (``../shared/seed/*.gold.json``) against
``analyze()`` of its text.  A second argument may be the article text (analysed here)
or a record made by ``rasd analyze --format json``.

A gold event is found when a predicted event, not yet used for another gold event,
  * has evidence that overlaps the gold evidence span,
  * has the same PLOVER type (RETREAT and CONCEDE count as one for a troop
    reduction: a gold RETREAT/CONCEDE whose mode mentions troops, or that carries a
    quantity), and
  * has the same actor country (ISO alpha-3 or group code; both empty counts).
Reported: found / gold, and how many predicted events overlap no gold evidence (these
are not all wrong: the gold lists only the events its annotator chose).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEED_GOLD = ROOT.parent / "shared" / "seed" / "alarab-2020-11-18-kadhimi.gold.json"
TROOP_TYPES = {"RETREAT", "CONCEDE"}


def _types_match(gold: dict[str, Any], pred_type: str) -> bool:
    if gold["type"] == pred_type:
        return True
    troops = "troop" in str(gold.get("mode") or "") or gold.get("quantity") is not None
    return troops and gold["type"] in TROOP_TYPES and pred_type in TROOP_TYPES


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return max(a[0], b[0]) < min(a[1], b[1])


def score(gold: dict[str, Any], pred: dict[str, Any]) -> dict[str, Any]:
    """Match gold events to predicted ones; return counts and the per-event verdicts."""
    gold_events = gold.get("events", [])
    preds = pred.get("events", [])
    used: set[int] = set()
    rows = []
    for g in gold_events:
        gspan = (g["evidence"][0], g["evidence"][1])
        hit = None
        near = []
        for k, p in enumerate(preds):
            ev = p.get("evidence") or {}
            if "start" not in ev or not _overlap((ev["start"], ev["end"]), gspan):
                continue
            country = (p.get("actor") or {}).get("country")
            near.append(f"{p['type']}/{country}")
            if k in used:
                continue
            if _types_match(g, p["type"]) and (country or None) == (g.get("actor") or None):
                hit = k
                break
        if hit is not None:
            used.add(hit)
        rows.append({"gold": f"{g['type']}/{g.get('actor')}", "found": hit is not None, "nearby": near,
                     "evidence": pred.get("text", "")[gspan[0]:gspan[1]]})
    unmatched = 0
    for p in preds:
        ev = p.get("evidence") or {}
        if not any(_overlap((ev.get("start", 0), ev.get("end", 0)), (g["evidence"][0], g["evidence"][1]))
                   for g in gold_events):
            unmatched += 1
    found = sum(r["found"] for r in rows)
    return {"found": found, "gold": len(gold_events), "predicted": len(preds),
            "predicted_outside_gold_evidence": unmatched, "events": rows}


def _prediction(gold: dict[str, Any], gold_path: Path, arg: str | None) -> dict[str, Any]:
    if arg and arg.endswith(".json"):
        return json.loads(Path(arg).read_text(encoding="utf-8"))
    from rasd.article import to_dict
    from rasd.pipeline import analyze

    text_path = Path(arg) if arg else gold_path.with_name(gold_path.name.replace(".gold.json", ".txt"))
    text = text_path.read_text(encoding="utf-8")
    return to_dict(analyze(text))


def main(argv: list[str]) -> int:
    args = [a for a in argv[1:] if not a.startswith("--")]
    gold_path = Path(args[0]) if args else SEED_GOLD
    if not gold_path.exists():
        print(f"gold file not found: {gold_path} (is ../shared present?)", file=sys.stderr)
        return 0 if not args else 2
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    pred = _prediction(gold, gold_path, args[1] if len(args) > 1 else None)
    res = score(gold, pred)
    if "--json" in argv:
        print(json.dumps(res, ensure_ascii=False))
        return 0
    if "--verbose" in argv:
        for r in res["events"]:
            mark = "ok  " if r["found"] else "MISS"
            print(f"{mark} {r['gold']:18s} predicted here: {', '.join(r['nearby']) or '-'}  | {r['evidence']}")
    print(f"events found {res['found']}/{res['gold']} (type + actor country, evidence overlapping); "
          f"{res['predicted']} predicted, {res['predicted_outside_gold_evidence']} outside any gold evidence")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
