#!/usr/bin/env python3
"""Build ``src/rasd/ner/data/zipf.tsv.gz``: how common each Arabic word is.

A name the tagger has never seen is usually a rare word, and a common word is
rarely a name; the NER features read a word's frequency class from this table.
Source: the ``wordfreq`` package's Arabic "large" list (Wikipedia, subtitles, news,
web text, Twitter...; data CC BY-SA 4.0, code Apache-2.0).  Words are normalised
with rasd's ``normalize_text`` (the most frequent spelling wins) and stored with
their Zipf frequency rounded down to half units; words below Zipf 2 are left out
(absent means "rare").

usage: .venv/bin/pip install wordfreq && .venv/bin/python training/build_ner_lexicon.py
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rasd.arabic.normalize import normalize_text  # noqa: E402

OUT = ROOT / "src/rasd/ner/data/zipf.tsv.gz"
MIN_ZIPF = 2.0


def main() -> int:
    import wordfreq

    best: dict[str, float] = {}
    for word in wordfreq.top_n_list("ar", 10**7, wordlist="large"):
        z = wordfreq.zipf_frequency(word, "ar", wordlist="large")
        if z < MIN_ZIPF:
            break
        n = normalize_text(word)
        if not n or not any("\u0621" <= c <= "\u064a" for c in n):
            continue
        if z > best.get(n, 0.0):
            best[n] = z
    lines = [f"{w}\t{int(z * 2) / 2:g}" for w, z in sorted(best.items())]
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("\n".join(lines) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(lines)} words, {OUT.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
