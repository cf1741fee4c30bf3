#!/usr/bin/env python3
"""Build ``src/rasd/ner/data/namelm.tsv.gz``: character models of name words and plain words.

Names: every word of the person table (``persons.tsv.gz``, MIT/CC0: Wikidata and
dzirinames through arabic-name-romanizer) and of the gazetteer's places and
organisations (``gazetteer.json.gz``), article removed.  Words: wordfreq's Arabic
list (CC BY-SA 4.0) down to Zipf 2.5, minus the name words.  Both normalised with
``normalize_text``.  Nothing from ANERcorp enters, so the feature means the same on
training and unseen text.  See :mod:`rasd.ner.namelm`.

usage: .venv/bin/python training/build_name_lm.py
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rasd.arabic.clitics import strip_article  # noqa: E402
from rasd.arabic.normalize import normalize_text  # noqa: E402
from rasd.ner.namelm import count_grams, dumps  # noqa: E402

OUT = ROOT / "src/rasd/ner/data/namelm.tsv.gz"
DATA = ROOT / "src/rasd/resources/data"
MIN_ZIPF = 2.5
#: Name words more common than this are plain words too (عبد، الدولة): left out of both.
MAX_NAME_ZIPF = 4.5


def _arabic(w: str) -> bool:
    return len(w) >= 2 and all("\u0621" <= c <= "\u064a" for c in w)


def name_words() -> set[str]:
    out: set[str] = set()
    with gzip.open(DATA / "persons.tsv.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            out.update(normalize_text(w) for w in line.split("\t")[0].split())
    with gzip.open(DATA / "gazetteer.json.gz", "rt", encoding="utf-8") as fh:
        for e in json.load(fh)["entries"]:
            if e.get("label") in ("GPE", "LOC", "ORG"):
                for form in [e.get("ar", ""), *e.get("variants", ())]:
                    if "{" not in form:
                        out.update(normalize_text(w) for w in form.split())
    return {strip_article(w) for w in out if _arabic(w)}


def main() -> int:
    import wordfreq

    names = name_words()
    plain: set[str] = set()
    common: set[str] = set()
    for word in wordfreq.top_n_list("ar", 10**7, wordlist="large"):
        z = wordfreq.zipf_frequency(word, "ar", wordlist="large")
        if z < MIN_ZIPF:
            break
        n = normalize_text(word)
        if not _arabic(n):
            continue
        if z >= MAX_NAME_ZIPF:
            common.add(strip_article(n))
        plain.add(strip_article(n))
    names -= common
    plain -= names
    data = dumps(count_grams(sorted(names)), count_grams(sorted(plain)))
    OUT.write_bytes(data)
    print(f"wrote {OUT.relative_to(ROOT)}: {len(names)} name words, {len(plain)} plain words, "
          f"{len(data) / 1e3:.0f} kB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
