"""Speed of ``rasd.analyze`` on one core, against a bare regex tokenisation baseline.

Over the SaudiNewsNet dev articles (17,641, rebuilt as scraped text by
``snn.rebuild_text``), in one process pinned to one CPU, in the same run:

1. baseline: ``re.findall(r"\\w+", text)`` over every text, the least any analysis
   must do (touch every character once);
2. ``analyze(text, until="structure")``, the structure-only pipeline (the baseline the
   issues compare the full pipeline with);
3. ``analyze(text)``, the whole pipeline as users call it;
4. each stage on its own: the stages run in pipeline order on the same articles
   and every stage function is timed separately, so a slow stage shows by name.

Stage models load lazily; one warm-up article runs first and its time is reported
apart.  Numbers are articles per second (higher is better) and the ratios to the
baselines.  Each pass reports wall time and this process's CPU time: on a machine
shared with other jobs the wall clock also counts time spent waiting for a core, so
CPU time is the fairer "one core" figure (the two agree on an idle machine).  The
peak RSS of the process is printed at the end (it holds every model and table, not
the records, which are dropped as they are made).

    python benchmarks/bench_analyze.py             # all 17,641 articles
    python benchmarks/bench_analyze.py --limit 500 # a quick look
    python benchmarks/bench_analyze.py --until structure

The previous code, measured in the same run: ``--baseline-src DIR`` (the ``src`` folder
of another checkout, e.g. main before a speed-up) runs this benchmark in subprocesses,
one on ``DIR`` and one on this checkout, alternating for ``--rounds`` rounds so that
both see the same machine load, and reports the median CPU rate of each pass and the
ratios: current / previous code, and full analyze / structure-only for each.

    python benchmarks/bench_analyze.py --limit 600 --baseline-src /work/base-6feb/src
"""

from __future__ import annotations

import os

# one core: no BLAS/OpenMP thread pools behind our back (set before any import uses them)
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import gc  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import re  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))

from snn import iter_snn, rebuild_text  # noqa: E402

from rasd import analyze  # noqa: E402
from rasd.article import Article  # noqa: E402
from rasd.errors import RasdError  # noqa: E402
from rasd.pipeline import STAGES, prepare_text  # noqa: E402

_WORD = re.compile(r"\w+")

try:  # code before the compiled build has no rasd.compiled
    from rasd.compiled import STATUS

    BUILD = STATUS.reason
except ImportError:
    BUILD = "plain Python, before the compiled build"


def pin_one_core() -> str:
    """Pin this process to a single CPU where the OS allows it; say which."""
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "single process (affinity not available)"


def time_baseline(texts: list[str]) -> tuple[float, int]:
    """Seconds for a bare regex word pass, and the number of words it found."""
    t0 = time.perf_counter()
    n = 0
    for t in texts:
        n += len(_WORD.findall(t))
    return time.perf_counter() - t0, n


def time_analyze(texts: list[str], until: str | None) -> tuple[float, float, list[str]]:
    """Wall and CPU seconds for ``analyze`` (all stages, or up to ``until``) over every
    text, and the errors of articles that failed (a stage bug must not hide the speed of
    the rest)."""
    errors: list[str] = []
    t0, c0 = time.perf_counter(), time.process_time()
    for t in texts:
        try:
            analyze(t, until=until)
        except RasdError as exc:
            errors.append(str(exc))
    return time.perf_counter() - t0, time.process_time() - c0, errors


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def stages_up_to(until: str | None) -> list[str]:
    """Stage names in pipeline order, up to and including ``until``."""
    names = [s.name for s in STAGES]
    return names[: names.index(until) + 1] if until else names


def time_stages(texts: list[str], names: list[str]) -> tuple[dict[str, float], float, Counter[str]]:
    """CPU seconds spent in each stage function (pipeline order), in making the records,
    and how many articles each stage failed on (the later stages then skip that article)."""
    fns = [(s.name, s.load()) for s in STAGES if s.name in names]
    per = dict.fromkeys((name for name, _ in fns), 0.0)
    failed: Counter[str] = Counter()
    setup = 0.0
    clock = time.process_time
    for t in texts:
        t0 = clock()
        art = Article.from_text(prepare_text(t))
        setup += clock() - t0
        for name, fn in fns:
            t0 = clock()
            try:
                art = fn(art)
            except Exception:  # a stage bug is counted here, not fatal
                per[name] += clock() - t0
                failed[name] += 1
                break
            per[name] += clock() - t0
    return per, setup, failed


def run_child(src: Path, args: argparse.Namespace, out: Path, pure: bool = False) -> dict[str, Any]:
    """One run of this benchmark on the code in ``src`` (a subprocess); its JSON numbers.
    ``pure``: with ``RASD_PURE_PYTHON=1``, so a compiled build runs from its sources."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--json", str(out)]
    if args.limit:
        cmd += ["--limit", str(args.limit)]
    if args.no_stages:
        cmd.append("--no-stages")
    env = dict(os.environ, PYTHONPATH=str(src))
    env.pop("RASD_PURE_PYTHON", None)
    if pure:
        env["RASD_PURE_PYTHON"] = "1"
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"benchmark on {src} failed:\n{done.stdout}\n{done.stderr}")
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    result["pure"] = pure
    if Path(str(result.get("rasd_from", ""))).resolve() != (src / "rasd").resolve():
        raise SystemExit(f"the run meant for {src} imported rasd from {result.get('rasd_from')}")
    return result


def compare(args: argparse.Namespace) -> int:
    """Alternate runs of the previous code (``--baseline-src``) and this checkout; report ratios."""
    cur_src = Path(str(sys.modules["rasd"].__file__)).resolve().parent.parent
    base_src = args.baseline_src.resolve() if args.baseline_src is not None else cur_src
    runs: dict[str, list[dict[str, Any]]] = {"previous": [], "current": []}
    with tempfile.TemporaryDirectory(prefix="rasd-bench-") as tmp:
        for r in range(args.rounds):
            order = [("previous", base_src), ("current", cur_src)]
            for label, src in order if r % 2 == 0 else order[::-1]:  # alternate who goes first
                res = run_child(src, args, Path(tmp) / f"{label}-{r}.json",
                                pure=args.pure_baseline and label == "previous")
                runs[label].append(res)
                print(f"  round {r + 1} {label:<9} analyze {res['analyze_cpu_articles_per_s']:7.1f} art/s CPU, "
                      f"structure {res['structure_cpu_articles_per_s']:7.1f} art/s CPU "
                      f"(wall {res['analyze_articles_per_s']:.1f} art/s; peak RSS {res['peak_rss_mb']:.0f} MB)",
                      flush=True)
    n = runs["current"][0]["articles"]
    base = f"{base_src}, from source (RASD_PURE_PYTHON=1)" if args.pure_baseline else str(base_src)
    print(f"rasd analyze, previous code ({base}) against this checkout ({cur_src}, {BUILD}): {n} SaudiNewsNet "
          f"articles, {args.rounds} alternating rounds, median CPU time of each pass (one core)")
    med = {label: {k: statistics.median(float(x[k]) for x in rs)
                   for k in ("analyze_cpu_s", "structure_cpu_s", "peak_rss_mb")} for label, rs in runs.items()}
    print(f"  {'':<12}{'analyze art/s':>15}{'structure art/s':>17}{'analyze / structure':>21}{'peak RSS MB':>13}")
    for label in ("previous", "current"):
        m = med[label]
        print(f"  {label:<12}{n / m['analyze_cpu_s']:15.1f}{n / m['structure_cpu_s']:17.1f}"
              f"{m['analyze_cpu_s'] / m['structure_cpu_s']:20.1f}x{m['peak_rss_mb']:13.0f}")
    speedup = med["previous"]["analyze_cpu_s"] / med["current"]["analyze_cpu_s"]
    pairs = [p["analyze_cpu_s"] / c["analyze_cpu_s"] for p, c in zip(runs["previous"], runs["current"], strict=True)]
    print(f"  speed-up of the full analyze, current / previous code: {speedup:.2f}x "
          f"(per round: {', '.join(f'{x:.2f}' for x in pairs)})")
    if not args.no_stages:
        print(f"  per stage (CPU s, median):  {'previous':>10} {'current':>10} {'speed-up':>9}")
        for name in runs["current"][0]["per_stage_s"]:
            prev = statistics.median(float(x["per_stage_s"].get(name, 0.0)) for x in runs["previous"])
            cur = statistics.median(float(x["per_stage_s"][name]) for x in runs["current"])
            print(f"    {name:<24}{prev:10.2f} {cur:10.2f} {prev / cur if cur else float('inf'):8.2f}x")
    if args.json:
        args.json.write_text(json.dumps({"runs": runs, "speedup": speedup, "baseline_src": str(base_src)}, indent=2),
                             encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles (dump order)")
    ap.add_argument("--until", default=None, help="time the pipeline only up to this stage (e.g. structure)")
    ap.add_argument("--no-stages", action="store_true", help="skip the per-stage pass")
    ap.add_argument("--json", type=Path, default=None, help="also write the numbers to this JSON file")
    ap.add_argument("--baseline-src", type=Path, default=None,
                    help="src folder of the previous code: run both, alternating, and report the ratios")
    ap.add_argument("--pure-baseline", action="store_true",
                    help="the previous code runs from source (RASD_PURE_PYTHON=1): with no --baseline-src, "
                         "this checkout's compiled build against its own sources")
    ap.add_argument("--rounds", type=int, default=2, help="alternating rounds with --baseline-src (default 2)")
    args = ap.parse_args(argv)
    if args.baseline_src is not None or args.pure_baseline:
        if args.until:
            ap.error("--baseline-src compares the full analyze; leave out --until")
        return compare(args)

    where = pin_one_core()
    texts = [rebuild_text(a) for _z, _i, a in iter_snn()]
    if args.limit:
        texts = texts[: args.limit]
    n = len(texts)
    chars = sum(len(t) for t in texts)
    if args.until and args.until not in [s.name for s in STAGES]:
        ap.error(f"unknown stage {args.until!r}; stages are: {', '.join(s.name for s in STAGES)}")
    stages = stages_up_to(args.until)
    print(f"rasd analyze speed: {n} SaudiNewsNet articles, {chars / 1e6:.1f}M characters; one process, {where}")
    print(f"python {platform.python_version()} on {platform.machine()}; stages measured: {', '.join(stages)}")
    print(f"rasd from {Path(sys.modules['rasd'].__file__ or '?').parent} ({BUILD})")

    t0 = time.perf_counter()
    analyze(texts[0], until=args.until)  # loads every stage's models once
    warm = time.perf_counter() - t0
    warm_rss = peak_rss_mb()
    print(f"  warm-up (first article, loads models)   {warm:8.2f} s   (peak RSS so far {warm_rss:.0f} MB, "
          f"with every text of the run in memory)")

    gc.collect()
    base_s, words = time_baseline(texts)
    print(f"  baseline re.findall(r'\\w+')             {base_s:8.2f} s  {n / base_s:10.0f} articles/s  ({words} words)")
    result: dict[str, object] = {
        "rasd_from": str(Path(sys.modules["rasd"].__file__ or "?").parent),
        "articles": n, "characters": chars, "stages": stages, "until": args.until, "warmup_s": warm,
        "baseline_s": base_s, "baseline_articles_per_s": n / base_s,
    }
    print(f"  {'':<40}{'wall':>10}  {'wall rate':>12}   {'CPU':>8}  {'CPU rate':>12}")
    passes = [("structure", "structure")] if args.until != "structure" else []
    passes.append(("analyze", args.until))
    for key, until in passes:
        gc.collect()
        wall, cpu, errors = time_analyze(texts, until)
        label = "analyze (all stages)" if until is None else f"analyze (until={until})"
        print(f"  {label:<40}{wall:8.2f} s  {n / wall:8.1f} art/s   {cpu:6.2f} s  {n / cpu:8.1f} art/s")
        if errors:
            print(f"  !! {len(errors)} articles raised (counted in the time); first: {errors[0]}")
        result.update({f"{key}_s": wall, f"{key}_articles_per_s": n / wall, f"{key}_cpu_s": cpu,
                       f"{key}_cpu_articles_per_s": n / cpu, f"{key}_errors": len(errors)})
    ana_s, ana_cpu = float(result["analyze_s"]), float(result["analyze_cpu_s"])  # type: ignore[arg-type]
    ratio = ana_s / base_s
    result["ratio"] = ratio
    print(f"  ratio analyze / regex baseline (wall)   {ratio:8.1f} x")
    if "structure_s" in result:
        sratio = ana_cpu / float(result["structure_cpu_s"])  # type: ignore[arg-type]
        result["ratio_to_structure_cpu"] = sratio
        print(f"  ratio analyze / structure-only (CPU)    {sratio:8.1f} x")
    if not args.no_stages:
        gc.collect()
        per, setup, failed = time_stages(texts, stages)
        total = setup + sum(per.values())
        print(f"  per stage (separate pass, CPU time, total {total:.2f} s):")
        print(f"    {'record (from_text)':<20} {setup:8.2f} s  {100 * setup / total:5.1f}%")
        for name, secs in per.items():
            note = f"  ({failed[name]} articles failed here)" if failed[name] else ""
            print(f"    {name:<20} {secs:8.2f} s  {100 * secs / total:5.1f}%  "
                  f"{n / secs if secs else float('inf'):10.0f} articles/s{note}")
        result["per_stage_s"] = per
        result["per_stage_failures"] = dict(failed)
        result["record_s"] = setup
    result["warm_rss_mb"] = warm_rss
    result["peak_rss_mb"] = peak_rss_mb()
    print(f"  peak RSS                                {result['peak_rss_mb']:8.0f} MB")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
