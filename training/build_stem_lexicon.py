"""Build ``src/rasd/arabic/data/stems.tsv.gz``: normalised word -> count.

Sources (all may ship in derived form):
  * ../shared/data/demo-wikinews/*.txt  (CC BY-SA 4.0; bundled with rasd anyway)
  * ../shared/data/anercorp/train.conll (tokens only; counts of a trained resource)
  * src/rasd/arabic/data/protected_stems.txt (hand-written)
  * the gazetteer name lists in src/rasd/resources/ when they exist

The clitic splitter compares the count of a word with the count of its would-be
stem, so the lexicon holds unsplit surface forms as they occur.

usage: python training/build_stem_lexicon.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rasd.arabic.normalize import normalize_text  # noqa: E402
from rasd.arabic.tokenize import words  # noqa: E402

PROTECTED_COUNT = 100000
OUT = ROOT / "src/rasd/arabic/data/stems.tsv.gz"


def gazetteer_names() -> list[str]:
    """The first word of every Arabic name in the built gazetteers (if they have been built)."""
    names: list[str] = []
    gz = ROOT / "src/rasd/resources/data"
    for path in sorted(gz.glob("*.json*")):
        opener = gzip.open if path.suffix == ".gz" else open
        try:
            with opener(path, "rt", encoding="utf-8") as fh:
                data = json.load(fh)
        except (OSError, ValueError):
            continue
        for entry in data if isinstance(data, list) else data.get("entries", []):
            if not isinstance(entry, dict):
                continue
            # forms the gazetteer marks ambiguous (بحركة = ب + حركة) and pattern names
            # (الحكومة {nisba_f}) must not shield a word from the splitter
            ambiguous = set(entry.get("ambiguous", ()))
            forms = [entry.get("ar"), *entry.get("variants", ())]
            # only a name's first word can carry proclitics, so only it needs shielding; inner
            # words such as للأمم in الجمعية العامة للأمم المتحدة must stay splittable
            names.extend(f.split()[0] for f in forms if isinstance(f, str) and f.strip()
                         and f not in ambiguous and "{" not in f)
    return names


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    args = ap.parse_args()
    data = Path(args.shared) / "data"
    counts: Counter[str] = Counter()
    for path in sorted((data / "demo-wikinews").glob("*.txt")):
        counts.update(normalize_text(w) for w in words(path.read_text(encoding="utf-8")))
    for line in (data / "anercorp/train.conll").read_text(encoding="utf-8").splitlines():
        tok = line.split()[0] if line.strip() else ""
        if tok:
            counts[normalize_text(tok)] += 1
    protected = [
        ln.strip()
        for ln in (ROOT / "src/rasd/arabic/data/protected_stems.txt").read_text(encoding="utf-8").splitlines()
        if ln.strip() and not ln.startswith("#")
    ]
    for name in protected + gazetteer_names():
        for w in words(name):
            counts[normalize_text(w)] = max(counts[normalize_text(w)], PROTECTED_COUNT)
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as fh:
        for w, n in sorted(counts.items()):
            if n >= 1 and not w.isdigit():
                fh.write(f"{w}\t{n}\n")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(counts)} words")


if __name__ == "__main__":
    main()
