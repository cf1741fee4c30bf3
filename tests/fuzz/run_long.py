"""The long fuzzing pass behind RELIABILITY.md's figures.

    nice .venv/bin/python tests/fuzz/run_long.py [--seconds 120] [--examples 1000]

1. atheris, coverage-guided, each target of tests/fuzz/targets.py in turn for
   ``--seconds`` (skipped, with a note, where atheris does not install);
2. the hypothesis suite (tests/fuzz/test_fuzz.py) with ``RASD_FUZZ_EXAMPLES=--examples``.

Prints one markdown table: runs and distinct crashes per target, and the crashing inputs'
folder.  Exit code 1 when anything crashed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path[:0] = [str(HERE), str(HERE.parent)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=int, default=120, help="atheris time per target")
    ap.add_argument("--examples", type=int, default=1000, help="hypothesis examples per test")
    ap.add_argument("--targets", default="", help="comma-separated atheris targets (default: all of them)")
    args = ap.parse_args()
    from targets import TARGETS

    out = Path(tempfile.mkdtemp(prefix="rasd-fuzz-long-"))
    rows: list[str] = []
    failed = False
    try:
        import atheris  # noqa: F401
        have_atheris = True
    except ImportError:
        have_atheris = False
        rows.append("| atheris | - | - | - | not installed here (pip install 'rasd[fuzz]') |")
    names = [n for n in (args.targets.split(",") if args.targets else sorted(TARGETS)) if n]
    for name in names if have_atheris else []:
        r = subprocess.run([sys.executable, str(HERE / "atheris_fuzz.py"), name, f"-max_total_time={args.seconds}",
                            f"--crashes={out / name}"], capture_output=True, text=True)
        stats = json.loads(r.stdout.strip().splitlines()[-1])
        failed |= bool(stats["crashes"])
        detail = "; ".join(stats["distinct"])[:300] or "-"
        rows.append(f"| atheris `{name}` | {stats['runs']:,} | {stats['seconds']} | {stats['crashes']} | {detail} |")
        print(rows[-1], flush=True)
    t = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(HERE / "test_fuzz.py"),
                        "-k", "not atheris"], capture_output=True, text=True, cwd=ROOT,
                       env={**os.environ, "RASD_FUZZ_EXAMPLES": str(args.examples)})
    took = round(time.perf_counter() - t)
    last = r.stdout.strip().splitlines()[-1] if r.stdout.strip() else r.stderr[-200:]
    tests = sum(1 for ln in (HERE / "test_fuzz.py").read_text().splitlines() if ln.startswith("def test_fuzz"))
    failed |= r.returncode != 0
    rows.append(f"| hypothesis, {tests} tests × up to {args.examples} examples | - | {took} | "
                f"{0 if r.returncode == 0 else 'see log'} | {last} |")
    print("\n| pass | runs | seconds | distinct crashes | notes |\n|---|---:|---:|---:|---|")
    print("\n".join(rows))
    print(f"\n(crashing inputs, if any, in {out}; python {sys.version.split()[0]}, {time.strftime('%Y-%m-%d')})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
