"""Speed and memory of the entity stage on one core, against the structure-only pipeline.

Over SaudiNewsNet articles (rebuilt as scraped text by ``snn.rebuild_text``), in one
process pinned to one CPU, in the same run:

1. ``analyze(text, until="structure")``: the baseline;
2. ``analyze(text, until="entities")``: structure + entities;
3. the entity stage alone on the structured records: articles/s and tokens/s
   (tokens = word, number and punctuation tokens of the tagged sentences);
4. ``analyze(text)``: the whole pipeline as users call it;
5. RSS after the warm-up (every resource loaded) and the peak RSS of the run
   (which also holds all the records it made).

Models load during one warm-up article, timed apart.

    python benchmarks/bench_entities.py              # all 17,641 articles
    python benchmarks/bench_entities.py --limit 2000 # a quicker look
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import contextlib  # noqa: E402
import gc  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))

from snn import iter_snn, rebuild_text  # noqa: E402

from rasd.errors import RasdError  # noqa: E402
from rasd.pipeline import analyze  # noqa: E402
from rasd.stages.entities import analyze_entities, sentences_of  # noqa: E402


def pin_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "single process (affinity not available)"


def timed(fn, items):  # type: ignore[no-untyped-def]
    gc.collect()
    t = time.perf_counter()
    out = [fn(x) for x in items]
    return time.perf_counter() - t, out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=0, help="first N articles only (0: all)")
    ap.add_argument("--json", type=Path, help="also write the numbers here")
    ap.add_argument("--romanizer-model", action="store_true",
                    help="romanise unknown person names with arabic-name-romanizer's ONNX model "
                         "(RASD_ROMANIZER=model) instead of its dictionary and rules, to show what it costs")
    args = ap.parse_args(argv)
    where = pin_one_core()
    if args.romanizer_model:
        from rasd.resources.english import ROMANIZER_ENV

        os.environ[ROMANIZER_ENV] = "model"

    texts = []
    for _zip, _i, art in iter_snn():
        texts.append(rebuild_text(art))
        if args.limit and len(texts) >= args.limit:
            break
    chars = sum(map(len, texts))

    t = time.perf_counter()
    analyze(texts[0], until="entities")  # warm-up: the entity resources load here
    with contextlib.suppress(RasdError):
        analyze(texts[0])  # and the later stages'

    warm = time.perf_counter() - t
    rss_warm = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    t_struct, structured = timed(lambda x: analyze(x, until="structure"), texts)
    t_ent_pipe, _ = timed(lambda x: analyze(x, until="entities"), texts)
    tokens = sum(sum(len(s) for s in sentences_of(a)) for a in structured)
    t_stage, tagged = timed(analyze_entities, structured)
    failed: list[str] = []

    def full(text: str) -> None:
        try:
            analyze(text)
        except RasdError as exc:  # a later stage's bug must not hide the entity numbers
            failed.append(str(exc)[:200])

    t_full, _ = timed(full, texts)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    mentions = sum(len(e.mentions) for a in tagged for e in a.entities)

    n = len(texts)
    res = {
        "articles": n, "characters": chars, "tokens": tokens, "where": where,
        "romanizer": "dictionary + ONNX model" if args.romanizer_model else "dictionary + rules (default)",
        "warm_up_s": round(warm, 2),
        "structure_only": {"s": round(t_struct, 2), "articles_per_s": round(n / t_struct, 1)},
        "structure+entities": {"s": round(t_ent_pipe, 2), "articles_per_s": round(n / t_ent_pipe, 1)},
        "entity_stage_alone": {"s": round(t_stage, 2), "articles_per_s": round(n / t_stage, 1),
                               "tokens_per_s": round(tokens / t_stage)},
        "full_analyze": {"s": round(t_full, 2), "articles_per_s": round(n / t_full, 1)},
        "name_mentions": mentions,
        "full_analyze_failures": len(failed),
        "rss_after_warm_up_mb": round(rss_warm, 1),
        "peak_rss_mb": round(rss_mb, 1),
    }
    print(f"{n} articles, {chars:,} characters, {tokens:,} tokens ({where}); warm-up {warm:.2f}s; "
          f"romanizer: {res['romanizer']}")
    print("| | seconds | articles/s | tokens/s |")
    print("|---|---|---|---|")
    for key in ("structure_only", "structure+entities", "entity_stage_alone", "full_analyze"):
        r = res[key]
        assert isinstance(r, dict)
        tps = f"{r['tokens_per_s']:,}" if "tokens_per_s" in r else ""
        print(f"| {key} | {r['s']} | {r['articles_per_s']} | {tps} |")
    print(f"RSS after warm-up {rss_warm:.0f} MB; peak RSS {rss_mb:.0f} MB (the process holds every record "
          f"of the run); {mentions:,} name mentions")
    if failed:
        print(f"full analyze failed on {len(failed)} articles (a later stage), e.g. {failed[0]}")
    if args.json:
        args.json.write_text(json.dumps(res, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
