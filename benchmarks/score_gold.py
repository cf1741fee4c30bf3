#!/usr/bin/env python3
"""Score rasd on the hand-annotated SaudiNewsNet articles in ``benchmarks/gold/``.

Each gold file names a SaudiNewsNet dump and an index; the text is rebuilt from
``../shared`` (not shipped: CC BY-NC-SA 4.0), analysed in-process with
``rasd.analyze`` and scored with the matching rules of ``../shared/eval/score.py``
(imported by path so the numbers mean exactly what that script means).  Per-article
lines, then micro-averages (sums of tp / pred / gold over all articles).

usage: .venv/bin/python benchmarks/score_gold.py [--json] [GOLD.json ...]
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
GOLD_DIR = Path(__file__).resolve().parent / "gold"
sys.path.insert(0, str(Path(__file__).resolve().parent))

from snn import SNN_DIR, load_snn, rebuild_text  # noqa: E402

#: The metrics reported, in column order (each a score.py prf dict).
METRICS = ("entities_strict", "entities_lenient", "entities_loc_merged", "quotes_content", "quotes_content+speaker", "dates")


def load_scorer() -> ModuleType:
    """``../shared/eval/score.py`` as a module (it is a script, not a package)."""
    path = SHARED / "eval" / "score.py"
    spec = importlib.util.spec_from_file_location("shared_eval_score", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def predict(gold: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Rebuild the article text and analyse it with rasd, as a SCHEMA.md dict."""
    import rasd
    from rasd.article import Source, to_dict

    art = load_snn(gold["file"], gold["index"])
    text = rebuild_text(art)
    date = (art.get("date_extracted") or "")[:10] or None
    record = rasd.analyze(text, Source(outlet=art.get("source"), date=date, url=art.get("url"), path=f"{gold['file']}#{gold['index']}"))
    pred = to_dict(record)
    if pred.get("text") != text:
        raise SystemExit(f"{gold['file']}#{gold['index']}: rasd changed the article text; offsets would not line up")
    return text, pred


def score_one(sc: ModuleType, text: str, gold: dict[str, Any], pred: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every metric for one article, each a score.py ``prf`` dict."""
    res: dict[str, dict[str, Any]] = {}
    res["entities_strict"], res["entities_lenient"] = sc.score_entities(text, gold, pred)
    res["entities_loc_merged"], _ = sc.score_entities(text, gold, pred, merge=True)
    res["quotes_content"], res["quotes_content+speaker"] = sc.score_quotes(gold, pred)
    res["dates"] = sc.score_dates(gold, pred)
    return res


def micro(sc: ModuleType, per: list[dict[str, dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    """Micro-average: sum tp, pred and gold over the articles, then P/R/F1."""
    out = {}
    for m in METRICS:
        tp = sum(r[m]["tp"] for r in per)
        npred = sum(r[m]["pred"] for r in per)
        ngold = sum(r[m]["gold"] for r in per)
        out[m] = sc.prf(tp, npred, ngold)
    return out


def print_misses(name: str, text: str, gold: dict[str, Any], pred: dict[str, Any]) -> None:
    """Entity mentions (label, text) in the gold only (-) and in the prediction only (+)."""
    def lab(label: str) -> str:
        return "LOC" if label == "GPE" else label

    g = {(lab(e["label"]), text[e["span"][0]:e["span"][1]]) for e in gold.get("entities", [])}
    p = {(lab(e["label"]), text[m["start"]:m["end"]]) for e in pred.get("entities", [])
         for m in e.get("mentions", []) if m.get("kind", "name") == "name"}
    print(f"{name}:")
    for sign, items in (("-", g - p), ("+", p - g)):
        for lab, t in sorted(items):
            print(f"  {sign} {lab:4s} {t}")


def main(argv: list[str]) -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[1],
                                 usage="score_gold.py [--json] [--misses] [GOLD.json ...]")
    ap.add_argument("gold", nargs="*", type=Path, help="gold files (default: benchmarks/gold/snn-*.gold.json)")
    ap.add_argument("--json", action="store_true", help="one JSON object instead of the table")
    ap.add_argument("--misses", action="store_true", help="also list missed and spurious entity mentions")
    args = ap.parse_args(argv)
    as_json = args.json
    paths = args.gold or sorted(GOLD_DIR.glob("snn-*.gold.json"))
    missing = [p for p in paths if not p.is_file()]
    if missing:
        ap.error(f"no such gold file: {missing[0]}")
    if not SNN_DIR.exists() or not (SHARED / "eval" / "score.py").exists():
        print(f"skipped: {SHARED} (SaudiNewsNet data and eval/score.py) not found; the gold text is not shipped with rasd")
        return 0
    sc = load_scorer()
    per: list[dict[str, dict[str, Any]]] = []
    names: list[str] = []
    t0 = time.perf_counter()
    for path in paths:
        gold = json.loads(path.read_text(encoding="utf-8"))
        text, pred = predict(gold)
        per.append(score_one(sc, text, gold, pred))
        if args.misses:
            print_misses(path.name, text, gold, pred)
        names.append(f"{path.name.replace('.gold.json', '')} {gold['source']}")
    elapsed = time.perf_counter() - t0
    total = micro(sc, per)
    if as_json:
        print(json.dumps({"articles": dict(zip(names, per, strict=True)), "micro": total, "seconds": round(elapsed, 2)}, ensure_ascii=False))
        return 0
    short = {"entities_strict": "ent-strict", "entities_lenient": "ent-lenient", "entities_loc_merged": "ent-locmerged",
             "quotes_content": "q-content", "quotes_content+speaker": "q+speaker", "dates": "dates"}
    print(f"{'article':26s} " + " ".join(f"{short[m]:>13s}" for m in METRICS))
    for name, r in zip(names, per, strict=True):
        print(f"{name:26s} " + " ".join(f"{r[m]['f1']:5.2f} ({r[m]['tp']:>2}/{r[m]['gold']:>2})" for m in METRICS))
    print(f"\nmicro-average over {len(per)} articles ({elapsed:.1f}s analysis):")
    for m in METRICS:
        v = total[m]
        print(f"  {m:24s} P={v['p']:.3f} R={v['r']:.3f} F1={v['f1']:.3f}  (tp={v['tp']} pred={v['pred']} gold={v['gold']})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
