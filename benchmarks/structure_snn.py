"""Structure on real scraped news: title recovery and byline separation on SaudiNewsNet.

Each SaudiNewsNet article (title, author, content) is rebuilt as scraped text
(title, blank line, byline when there is one, blank line, content; see
``snn.rebuild_text``) and run through ``analyze(..., until="structure")``.  We know
where the title and byline are, so two things can be measured:

- title recovered: ``article.title.text`` equals the dump's title after white-space
  normalisation (articles with an empty title are not counted);
- byline kept out: for articles with an author, no paragraph is the byline line on
  its own (the stage put it in ``byline``, ``noise`` or anywhere but the body).

Also reported: how often the byline line became ``article.byline`` exactly, and how
often a paragraph is the title again.  The sample is random with a fixed seed; the
stage was tuned on a seed-1 sample drawn from outside the reported seed-2 sample
(``--tuning``); results are reported on seed 2 (and on everything).

    python benchmarks/structure_snn.py --seed 2 --n 300
    python benchmarks/structure_snn.py --all
    python benchmarks/structure_snn.py --tuning --seed 1 --n 3000 --show 50   # tune: print failures
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from snn import iter_snn, rebuild_text

from rasd import analyze
from rasd.article import check_spans

_WS = re.compile(r"[\s\u200e\u200f\ufeff]+")


def squash(s: str) -> str:
    """White space (incl. NBSP and direction marks) collapsed, ends trimmed."""
    return _WS.sub(" ", s).strip()


def score(articles: list[dict[str, Any]], show: int = 0) -> dict[str, Any]:
    """Run the structure stage over ``articles`` and count the two outcomes."""
    n_title = ok_title = n_by = ok_by = exact_by = span_errors = datelines = 0
    failures: list[str] = []
    t0 = time.perf_counter()
    for art in articles:
        text = rebuild_text(art)
        a = analyze(text, until="structure")
        span_errors += bool(check_spans(a))
        datelines += a.dateline is not None
        paras = {squash(p.text) for p in a.paragraphs}
        title = squash(art["title"])
        if title:
            n_title += 1
            got = squash(a.title.text) if a.title else None
            if got == title:
                ok_title += 1
            elif len(failures) < show:
                failures.append(f"TITLE want {title!r}\n      got  {got!r}\n      text {text[:200]!r}")
        author = squash(art["author"])
        if author:
            n_by += 1
            if author not in paras:
                ok_by += 1
            elif len(failures) < show:
                failures.append(f"BYLINE {author!r} is a paragraph; byline={a.byline and a.byline.text!r}\n"
                                f"      text {text[:200]!r}")
            exact_by += bool(a.byline and squash(a.byline.text) == author)
    secs = time.perf_counter() - t0
    return {
        "articles": len(articles), "with_title": n_title, "title_ok": ok_title,
        "with_byline": n_by, "byline_out": ok_by, "byline_exact": exact_by,
        "span_errors": span_errors, "datelines": datelines, "seconds": secs, "failures": failures,
    }


REPORT_SEED, REPORT_N = 2, 300


def report_indices(size: int) -> list[int]:
    """Corpus positions of the reported sample (kept out of tuning)."""
    return random.Random(REPORT_SEED).sample(range(size), REPORT_N)


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:.2f}%" if b else "n/a"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=2, help="random seed of the sample (tuning used 1)")
    ap.add_argument("--n", type=int, default=300, help="sample size")
    ap.add_argument("--all", action="store_true", help="score every article instead of a sample")
    ap.add_argument("--show", type=int, default=0, help="print up to this many failures")
    ap.add_argument("--tuning", action="store_true",
                    help=f"sample from the articles outside the reported sample (seed {REPORT_SEED}, n {REPORT_N})")
    args = ap.parse_args(argv)

    corpus = [art for _zip, _i, art in iter_snn()]
    if args.all:
        sample, label = corpus, f"all {len(corpus)}"
    elif args.tuning:
        held = set(report_indices(len(corpus)))
        pool = [a for k, a in enumerate(corpus) if k not in held]
        sample = random.Random(args.seed).sample(pool, args.n)
        label = f"{args.n} tuning articles sampled with seed {args.seed} outside the reported sample"
    else:
        idx = random.Random(args.seed).sample(range(len(corpus)), args.n)
        sample, label = [corpus[k] for k in idx], f"{args.n} sampled with seed {args.seed}"
    r = score(sample, show=args.show)
    print(f"SaudiNewsNet structure, {label} ({r['seconds']:.1f}s)")
    print(f"  title recovered     {r['title_ok']}/{r['with_title']} = {pct(r['title_ok'], r['with_title'])}")
    print(f"  byline kept out     {r['byline_out']}/{r['with_byline']} = {pct(r['byline_out'], r['with_byline'])}")
    print(f"  byline found exact  {r['byline_exact']}/{r['with_byline']} = {pct(r['byline_exact'], r['with_byline'])}")
    print(f"  dateline found      {r['datelines']}/{r['articles']} = {pct(r['datelines'], r['articles'])}"
          " (not scored: no gold)")
    print(f"  records with span errors: {r['span_errors']}")
    for f in r["failures"]:
        print("  -", f)
    return 1 if r["span_errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
