"""Warm speed of this checkout against another build, both running at the same time.

On a shared machine the rate of one process moves by 10-20% from minute to minute, so
two codes timed one after the other differ by as much as a change is worth.  Here each
round starts :mod:`bench_warm` twice at once, this checkout on one core and the other
build on the other (``taskset``), and swaps the cores every round: both see the same
load, and the ratio of a pair is the figure.  It prints each side's rates, each pair's
ratio, and their median and geometric mean.  (Two processes at once share the last-level
cache, so both run somewhat slower than alone.)

    python benchmarks/bench_warm_pairs.py --baseline-path <wheel unpacked, or a src folder>
    python benchmarks/bench_warm_pairs.py --baseline-path /work/base-r7/site --rounds 6

``--baseline-path`` goes first on ``PYTHONPATH`` of the other side, so ``import rasd`` finds
that build (a compiled wheel unpacked with ``unzip``, or another checkout's ``src``).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
_RATE = re.compile(r"full analyze ([0-9.]+) articles/s")


def _start(core: int, warm: int, count: int, path: str | None) -> subprocess.Popen[str]:
    env = dict(os.environ)
    if path is not None:
        env["PYTHONPATH"] = os.pathsep.join([path, env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    cmd = ["taskset", "-c", str(core), sys.executable, str(HERE / "bench_warm.py"),
           "--warm", str(warm), "--count", str(count)]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _rate(proc: subprocess.Popen[str]) -> float:
    out, _ = proc.communicate()
    m = _RATE.search(out)
    if proc.returncode != 0 or m is None:
        raise SystemExit(f"bench_warm failed:\n{out}")
    return float(m.group(1))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--baseline-path", required=True, help="put first on PYTHONPATH for the other build")
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("--warm", type=int, default=2000)
    ap.add_argument("--count", type=int, default=1000)
    args = ap.parse_args()
    if len(os.sched_getaffinity(0)) < 2:
        raise SystemExit("needs two cores")
    ours: list[float] = []
    theirs: list[float] = []
    for r in range(args.rounds):
        a, b = (0, 1) if r % 2 == 0 else (1, 0)
        base = _start(a, args.warm, args.count, args.baseline_path)
        this = _start(b, args.warm, args.count, None)
        theirs.append(_rate(base))
        ours.append(_rate(this))
        print(f"round {r + 1}: baseline {theirs[-1]:.1f}, this checkout {ours[-1]:.1f} articles/s CPU "
              f"({ours[-1] / theirs[-1]:.3f}x)", flush=True)
    ratios = [o / t for o, t in zip(ours, theirs, strict=True)]
    print(f"articles {args.warm}-{args.warm + args.count} after {args.warm} warm, {args.rounds} rounds at once")
    print(f"  baseline ({args.baseline_path}): median {statistics.median(theirs):.1f} articles/s CPU")
    print(f"  this checkout: median {statistics.median(ours):.1f} articles/s CPU")
    print(f"  per pair: {', '.join(f'{x:.2f}' for x in ratios)}; median {statistics.median(ratios):.3f}x, "
          f"geometric mean {statistics.geometric_mean(ratios):.3f}x")


if __name__ == "__main__":
    main()
