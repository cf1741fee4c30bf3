"""Speed and memory of the two NER tiers (``--ner fast`` and ``--ner accurate``) on one core.

Over the first N SaudiNewsNet articles (rebuilt as scraped text by ``snn.rebuild_text``),
in one process pinned to one CPU, in the same run:

1. ``analyze(text, until="structure")``: the baseline every speed is a ratio to;
2. the entity stage alone on the structured records, fast tier then accurate tier:
   articles/s and tokens/s (tokens = word, number and punctuation tokens of the tagged
   sentences, as ``bench_entities.py`` counts them);
3. the whole ``analyze`` with each tier.

Each tier's models load during one warm-up article, timed apart.  Then, for each tier,
a fresh process (``bench_memory.py`` with ``RASD_NER``) streams the same articles and
reports its peak RSS: what ``analyze`` holds with that tier's models and caches.

    python benchmarks/bench_ner_tiers.py              # first 300 articles
    python benchmarks/bench_ner_tiers.py --limit 1000 --json /tmp/tiers.json
"""

from __future__ import annotations

import os

# one core: no BLAS/OpenMP thread pools behind our back (set before any import uses them)
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import gc  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_analyze import pin_one_core  # noqa: E402
from snn import iter_snn, rebuild_text  # noqa: E402

from rasd import settings  # noqa: E402
from rasd.pipeline import analyze  # noqa: E402
from rasd.stages.entities import analyze_entities, sentences_of  # noqa: E402


def timed(fn: Callable[[Any], object], items: Sequence[Any]) -> float:
    """CPU seconds of ``fn`` over every item (the fair one-core figure on a shared machine)."""
    gc.collect()
    c = time.process_time()
    for x in items:
        fn(x)
    return time.process_time() - c


def peak_rss(tier: str, limit: int) -> float | None:
    """Peak RSS (MB) of a fresh process analysing the first ``limit`` articles with ``tier``."""
    env = {**os.environ, settings.NER_ENV: tier}
    out = subprocess.run([sys.executable, str(HERE / "bench_memory.py"), "--limit", str(limit)], env=env,
                         capture_output=True, text=True, check=False).stdout
    found = re.search(r"peak RSS (\d+) MB", out)
    return float(found.group(1)) if found else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=300, help="first N articles (dump order)")
    ap.add_argument("--no-memory", action="store_true", help="skip the peak-RSS processes")
    ap.add_argument("--json", type=Path, help="also write the numbers here")
    args = ap.parse_args(argv)
    where = pin_one_core()
    texts = []
    for _zip, _i, art in iter_snn():
        texts.append(rebuild_text(art))
        if len(texts) >= args.limit:
            break
    n = len(texts)
    structured = [analyze(t, until="structure") for t in texts]
    tokens = sum(sum(len(s) for s in sentences_of(a)) for a in structured)
    print(f"{n} SaudiNewsNet articles, {tokens:,} tokens in tagged sentences ({where})")
    res: dict[str, object] = {"articles": n, "tokens": tokens, "where": where}
    cpu = timed(lambda t: analyze(t, until="structure"), texts)
    res["structure_only"] = {"cpu_s": round(cpu, 2), "articles_per_s": round(n / cpu, 1)}
    print("| pass | CPU s | articles/s | tokens/s | ratio to structure-only |")
    print("|---|---|---|---|---|")
    print(f"| structure only | {cpu:.2f} | {n / cpu:,.1f} | | 1 |")
    base = cpu
    for tier in ("fast", "accurate"):
        with settings.using(ner=tier):
            t0 = time.perf_counter()
            analyze(texts[0])  # warm-up: this tier's models load here
            warm = time.perf_counter() - t0
            stage = timed(analyze_entities, structured)
            full = timed(analyze, texts)
        res[tier] = {"warm_up_s": round(warm, 2), "entity_stage_cpu_s": round(stage, 2),
                     "entity_stage_articles_per_s": round(n / stage, 2), "entity_stage_tokens_per_s": round(tokens / stage),
                     "analyze_cpu_s": round(full, 2), "analyze_articles_per_s": round(n / full, 2),
                     "analyze_ratio_to_structure": round(full / base, 1)}
        print(f"| {tier}: entity stage alone | {stage:.2f} | {n / stage:,.2f} | {tokens / stage:,.0f} | "
              f"{stage / base:,.1f} |")
        print(f"| {tier}: full analyze | {full:.2f} | {n / full:,.2f} | | {full / base:,.1f} |")
    fast, acc = res["fast"], res["accurate"]
    assert isinstance(fast, dict) and isinstance(acc, dict)
    slower = acc["analyze_cpu_s"] / fast["analyze_cpu_s"]
    res["accurate_over_fast_analyze"] = round(slower, 1)
    print(f"accurate / fast, full analyze: {slower:.1f}x the CPU time; warm-up fast {fast['warm_up_s']} s, "
          f"accurate {acc['warm_up_s']} s")
    if not args.no_memory:
        for tier in ("fast", "accurate"):
            rss = peak_rss(tier, n)
            res[f"{tier}_peak_rss_mb"] = rss
            print(f"peak RSS, {tier}, fresh process streaming the {n} articles: {rss} MB")
    if args.json:
        args.json.write_text(json.dumps(res, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
