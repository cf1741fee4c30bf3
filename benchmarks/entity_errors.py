#!/usr/bin/env python3
"""Entity errors on a folder of gold articles, counted by class.

Each gold name mention that rasd does not get exactly (same span and label, with the
matching rules of ``../shared/eval/score.py``) and each predicted mention that matches
nothing is put in one class, the first that applies:

for a gold mention not found exactly
  ``club-as-city``       an ORG with no generic head that the predictions over it call a
                         place (ميلان, ليما سول);
  ``nested fragment``    a prediction lies strictly inside it with another label
                         (القاهرة GPE inside جامعة القاهرة ORG);
  ``boundary off``       a prediction with the same label overlaps it;
  ``wrong label``        a prediction with another label overlaps it;
  ``المملكة missed``     "المملكة" (the outlet's own country) found by nothing;
  ``missed ORG with generic head``  an ORG or LOC opening with a generic head
                         (``src/rasd/ner/data/name_heads.tsv``: وزارة، مستشفى…) found by nothing;
  ``other missed``       anything else found by nothing;
for a prediction that overlaps no gold mention
  ``title-as-person``    a PER that is a title (``role_titles.tsv``: ولي العهد، خادم الحرمين…);
  ``spurious``           anything else.

A prediction that overlaps a gold mention is that mention's error, counted once there.

usage: benchmarks/entity_errors.py GOLD_DIR [--rasd PATH] [--pred FILE.jsonl] [--show CLASS]

``--rasd`` runs that rasd (default ``.venv/bin/rasd``; with ``PYTHONPATH`` set, another
tree's code) as ``score_dir.py`` does; ``--pred`` reads its JSON Lines output instead;
``--show`` lists the mentions of one class with some context.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
HEADS = ROOT / "src" / "rasd" / "ner" / "data" / "name_heads.tsv"
TITLES = ROOT / "src" / "rasd" / "arabic" / "data" / "role_titles.tsv"

CLASSES = ("missed ORG with generic head", "nested fragment", "club-as-city", "title-as-person",
           "المملكة missed", "boundary off", "wrong label", "spurious", "other missed")
PROCLITICS = "وفبلك"
Span = tuple[int, int]


def load_scorer() -> ModuleType:
    """``score.py`` as a module, so the matching is exactly the scorer's."""
    spec = importlib.util.spec_from_file_location("shared_eval_score", SCORER)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {SCORER}")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _forms(path: Path, keep: set[str] | None = None) -> set[str]:
    out: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if keep is None or (len(cols) > 1 and cols[-1].strip() in keep):
            out.add(cols[0].strip())
    return out


class Classifier:
    """The word lists behind the classes, normalised with the scorer's ``norm``."""

    def __init__(self, sc: ModuleType) -> None:
        self.norm = sc.norm
        heads = {line.split("\t")[0] for line in HEADS.read_text(encoding="utf-8").splitlines()
                 if line.strip() and not line.startswith("#") and not line.rstrip().endswith("admin")}
        self.heads = {self.norm(h) for h in heads} | {"ال" + self.norm(h) for h in heads}
        self.titles = {self.norm(t) for t in _forms(TITLES, {"fixed", "def"})}

    def bare(self, word: str) -> str:
        """A word without one leading proclitic when the rest is a head (والوزارة)."""
        w = self.norm(word)
        if w not in self.heads and w[:1] in PROCLITICS and w[1:] in self.heads:
            return w[1:]
        if w.startswith("لل") and "ا" + w[1:] in self.heads:
            return "ا" + w[1:]
        return w

    def headed(self, text: str) -> bool:
        words = text.split()
        return bool(words) and self.bare(words[0]) in self.heads

    def title(self, text: str) -> bool:
        """Whether ``text`` (one proclitic allowed) is a title or a piece of a fixed title
        phrase (خادم الحرمين of خادم الحرمين الشريفين)."""
        n = self.norm(text)
        forms = [n] + ([n[1:]] if n[:1] in PROCLITICS else [])
        return any(f in self.titles or any(f" {f} " in f" {t} " for t in self.titles if " " in t) for f in forms)


def _overlap(a: Span, b: Span) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])


def classify(sc: ModuleType, cl: Classifier, text: str, gold: dict[str, Any],
             pred: dict[str, Any]) -> list[tuple[str, str, Span, str]]:
    """(class, label, span, text) for every error of one article."""
    g = [(tuple(e["span"]), e["label"]) for e in gold.get("entities", [])]
    gstarts = {s for (s, _), _ in g}
    p = [((sc.strip_proclitics(text, s, e, gstarts), e), lab) for (s, e), lab, _ in sc.pred_entity_mentions(pred)]
    exact = set(g) & set(p)
    out: list[tuple[str, str, Span, str]] = []
    for span, lab in g:
        if (span, lab) in exact:
            continue
        words = text[span[0]:span[1]]
        over = [(ps, pl) for ps, pl in p if _overlap(ps, span)]
        inside = [(ps, pl) for ps, pl in over if span[0] <= ps[0] and ps[1] <= span[1] and ps != span]
        if lab == "ORG" and over and all(pl in ("GPE", "LOC") for _, pl in over) and not cl.headed(words):
            cls = "club-as-city"
        elif any(pl != lab for _, pl in inside):
            cls = "nested fragment"
        elif any(pl == lab for _, pl in over):
            cls = "boundary off"
        elif over:
            cls = "wrong label"
        elif cl.norm(words).lstrip("ل") in ("مملكه", "المملكه") or cl.norm(words) == "لمملكه":
            cls = "المملكة missed"
        elif lab in ("ORG", "LOC") and cl.headed(words):
            cls = "missed ORG with generic head"
        else:
            cls = "other missed"
        out.append((cls, lab, span, words))
    for span, lab in p:
        if (span, lab) in exact or any(_overlap(span, gs) for gs, _ in g):
            continue
        words = text[span[0]:span[1]]
        cls = "title-as-person" if lab == "PER" and cl.title(words) else "spurious"
        out.append((cls, lab, span, words))
    return out


def predictions(args: argparse.Namespace, txts: list[Path]) -> dict[Path, dict[str, Any]]:
    """rasd's records by resolved source path, from ``--pred`` or a run of ``--rasd``."""
    if args.pred:
        lines = Path(args.pred).read_text(encoding="utf-8").splitlines()
    else:
        run = subprocess.run([args.rasd, "analyze", *map(str, txts), "--format", "json"],
                             capture_output=True, text=True, check=False)
        lines = run.stdout.splitlines()
    out = {}
    for line in lines:
        if line.strip():
            r = json.loads(line)
            out[Path((r.get("source") or {}).get("path") or "").resolve()] = r
    return out


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold_dir", type=Path)
    ap.add_argument("--rasd", default=str(ROOT / ".venv" / "bin" / "rasd"))
    ap.add_argument("--pred", help="rasd analyze --format json output (JSON Lines) instead of running rasd")
    ap.add_argument("--show", choices=CLASSES, help="list the mentions of this class")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if not SCORER.exists():
        print(f"skipped: {SCORER} not found")
        return 0
    sc = load_scorer()
    cl = Classifier(sc)
    golds = sorted(args.gold_dir.glob("*.gold.json"))
    txts = [g.with_name(g.name[: -len(".gold.json")] + ".txt") for g in golds]
    preds = predictions(args, txts)
    counts: Counter[str] = Counter()
    ngold = 0
    for gpath, tpath in zip(golds, txts, strict=True):
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        ngold += len(gold.get("entities", []))
        pred = preds.get(tpath.resolve()) or {"text": tpath.read_text(encoding="utf-8"), "entities": []}
        text = pred.get("text", "")
        for cls, lab, span, words in classify(sc, cl, text, gold, pred):
            counts[cls] += 1
            if args.show == cls:
                left = text[max(0, span[0] - 25):span[0]].replace("\n", " ")
                right = text[span[1]:span[1] + 25].replace("\n", " ")
                print(f"{tpath.name:22s} {lab:4s} {words}   | {left} [[{words}]] {right}")
    if args.json:
        print(json.dumps({"gold": ngold, **{c: counts[c] for c in CLASSES}}, ensure_ascii=False))
        return 0
    if args.show:
        return 0
    print(f"{len(golds)} articles, {ngold} gold mentions; errors by class:")
    for c in CLASSES:
        print(f"  {c:30s} {counts[c]:5d}")
    print(f"  {'total':30s} {sum(counts.values()):5d}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
