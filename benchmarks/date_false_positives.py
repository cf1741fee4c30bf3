"""How often does the dates stage turn a bare number into a date?  (SaudiNewsNet)

usage: .venv/bin/python benchmarks/date_false_positives.py [--n 500] [--seed 5] [--sample 50]
                                                            [--write-sample benchmarks/date_sample.tsv]

Draws ``--n`` SaudiNewsNet articles (rebuilt as scraped text, ``benchmarks/snn.py``;
publication date = the dump's ``date_extracted``), runs the structure and dates
stages, and counts:

* every number token written in digits (not part of a numeric date such as 2015/07/21
  or a time such as 10:30): the "bare numbers";
* how many of them ended up inside a date mention, and by which pattern; the patterns
  that read a year with no word such as عام or a month name around it
  (``year_prep``: "في 2014", ``year_suffix``: "2014م", ``year_pair``) are the only way a
  bare number becomes a date, so every one of those is printed for checking;
* four-digit numbers in 1900-2099 left outside dates (possible misses, not errors).

``--write-sample`` writes a random sample of extracted dates (all patterns) with their
context, for checking by hand; the checked copy with verdicts is
``benchmarks/date_sample_checked.tsv`` (see BENCHMARKS.md).
"""

from __future__ import annotations

import argparse
import collections
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from snn import SNN_DIR, iter_snn, rebuild_text

from rasd.article import Article, Source
from rasd.pipeline import run_stages
from rasd.stages.dates import analyze_dates

NUMBER = re.compile(r"(?<![\d/:.\-٫])[0-9٠-٩]+(?:[.,٫٬][0-9٠-٩]+)*(?![\d/:\-])")
BARE_KINDS = {"year_prep", "year_suffix", "year_pair", "year_range", "year_coord"}


def _context(text: str, s: int, e: int, width: int = 45) -> str:
    left = text[max(0, s - width) : s].replace("\n", " ⏎ ").replace("\t", " ")
    right = text[e : e + width].replace("\n", " ⏎ ").replace("\t", " ")
    return f"{left}[[{text[s:e]}]]{right}"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--sample", type=int, default=50)
    ap.add_argument("--sample-seed", type=int, default=7, help="seed of the hand-check sample")
    ap.add_argument("--write-sample", metavar="TSV")
    ap.add_argument("--show-misses", action="store_true", help="print year-like numbers left outside dates")
    args = ap.parse_args()
    if not SNN_DIR.exists():
        print(f"SaudiNewsNet not found at {SNN_DIR}; nothing to measure")
        return 0
    from rasd.arabic.dateparse import find_absolute_dates  # noqa: F401  (warm the patterns)
    from rasd.arabic.relative_dates import find_relative_dates  # noqa: F401
    from rasd.stages.dates import find_dates

    everything = list(iter_snn())
    rng = random.Random(args.seed)
    picked = rng.sample(everything, args.n)
    numbers = in_dates = 0
    by_kind: collections.Counter[str] = collections.Counter()
    kinds_all: collections.Counter[str] = collections.Counter()
    bare_dates: list[tuple[str, str, str, str]] = []
    year_like_outside = 0
    all_dates: list[tuple[str, str, str, str, str, str]] = []
    for zip_name, idx, art in picked:
        text = rebuild_text(art)
        pub = str(art.get("date_extracted") or "")[:10]
        a = run_stages(Article.from_text(text, Source(date=pub)), until="structure")
        a = analyze_dates(a)
        # the pattern of each mention (the stage keeps value/granularity; re-run the finder for the kind)
        kinds = {(d.start, d.end): d.kind for d in find_dates(text, _anchor(a))}
        spans = [(d.start, d.end) for d in a.dates]
        for d in a.dates:
            k = kinds.get((d.start, d.end), "published-line")
            kinds_all[k] += 1
            all_dates.append((f"{zip_name}#{idx}", d.text, d.value, d.granularity, k, _context(text, d.start, d.end)))
        for m in NUMBER.finditer(text):
            numbers += 1
            hit = next(((s, e) for s, e in spans if s <= m.start() and m.end() <= e), None)
            if hit is None:
                if len(m.group()) == 4 and m.group()[:2] in ("19", "20", "١٩", "٢٠"):
                    year_like_outside += 1
                    if args.show_misses:
                        print(f"  miss? {zip_name}#{idx}\t{_context(text, m.start(), m.end())}")
                continue
            in_dates += 1
            kind = kinds.get(hit, "published-line")
            by_kind[kind] += 1
            if kind in BARE_KINDS:
                bare_dates.append((f"{zip_name}#{idx}", m.group(), kind, _context(text, hit[0], hit[1])))
    print(f"articles: {args.n} (seed {args.seed}); date mentions: {sum(kinds_all.values())}")
    print("date mentions by pattern: " + ", ".join(f"{k} {v}" for k, v in kinds_all.most_common()))
    print(f"bare digit numbers: {numbers}; inside a date: {in_dates}")
    print("numbers inside dates by pattern: " + ", ".join(f"{k} {v}" for k, v in by_kind.most_common()))
    print(f"numbers read as a year with no year word or month (year_prep, year_suffix, year_pair, year_range, year_coord): {len(bare_dates)}")
    for ref, num, kind, ctx in bare_dates:
        print(f"  {ref}\t{num}\t{kind}\t{ctx}")
    print(f"four-digit 1900-2099 numbers left outside dates: {year_like_outside}")
    if args.write_sample:
        sample = random.Random(args.sample_seed).sample(all_dates, min(args.sample, len(all_dates)))
        with open(args.write_sample, "w", encoding="utf-8") as fh:
            fh.write("ref\ttext\tvalue\tgranularity\tpattern\tcontext\n")
            for row in sample:
                fh.write("\t".join(row) + "\n")
        print(f"wrote {len(sample)} sampled dates to {args.write_sample}")
    return 0


def _anchor(a: Article):  # type: ignore[no-untyped-def]
    from rasd.stages.dates import publication_date

    return publication_date(a)


if __name__ == "__main__":
    raise SystemExit(main())
