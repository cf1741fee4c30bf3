"""Decompression bombs against the real commands: time to refusal and peak memory.

Makes each bomb on the fly (tests/bombs.py: about 1 MB on disk, 1 GB expanded; nothing
big is ever written), runs ``rasd ingest`` and ``rasd analyze`` on it in a fresh process,
and reports the wall time, the peak resident memory of the command and all its
processes (the kernel's ``ru_maxrss`` over the waited-for children) and the exit code.
The baseline row is the same command on one small good JSONL file, so the cost of the
refusal itself can be read off against the cost of starting rasd.

    .venv/bin/python benchmarks/bench_bombs.py [--expanded-mb 1024]

Acceptance (issue 12): every bomb refused within 10 s and 200 MB.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from bombs import jsonl_gz_bomb, warc_gz_bomb, zip_bomb  # noqa: E402

PROBE = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
         "r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
         "print(r.returncode, round(time.perf_counter() - t, 2), "
         "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.stderr.count('decompression bomb'))")


def measure(cmd: list[str]) -> tuple[int, float, float, int]:
    """(exit code, seconds, peak RSS in MB, bomb refusals reported) of ``cmd`` in a fresh process."""
    out = subprocess.run([sys.executable, "-c", PROBE, *cmd], capture_output=True, text=True, check=True).stdout
    code, took, rss_kb, refused = out.split()
    return int(code), float(took), int(rss_kb) / 1024, int(refused)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--expanded-mb", type=int, default=1024, help="what each bomb expands to (default 1024)")
    args = ap.parse_args()
    rasd = [sys.executable, "-m", "rasd"]
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        good = d / "good.jsonl"
        good.write_text(json.dumps({"text": "قال وزير الخارجية العراقي اليوم إن بغداد ستستضيف اجتماعا."},
                                   ensure_ascii=False) + "\n", encoding="utf-8")
        n = args.expanded_mb
        inputs = {
            "baseline: 1 good record (.jsonl)": good,
            f".jsonl.gz, {n} MB of spaces": jsonl_gz_bomb(d / "b.jsonl.gz", n),
            f".zip, one member of {n} MB": zip_bomb(d / "b.zip", n),
            f".zip, {n} members of 1 MB": zip_bomb(d / "m.zip", n, members=n),
            f".warc.gz, one {n} MB page": warc_gz_bomb(d / "b.warc.gz", n),
        }
        print("| input | size on disk | command | exit | seconds | peak RSS (MB) | refused as bomb |")
        print("|---|---:|---|---:|---:|---:|---:|")
        for label, path in inputs.items():
            for name, cmd in (("ingest", [*rasd, "ingest", str(path), "--db", str(d / "bench.db"), "--no-progress"]),
                              ("analyze", [*rasd, "analyze", str(path)])):
                code, took, rss, refused = measure(cmd)
                size = path.stat().st_size
                print(f"| {label} | {size / 1e6:.2f} MB | rasd {name} | {code} | {took:.2f} | {rss:.0f} | {refused} |",
                      flush=True)
    print(f"\n(python {sys.version.split()[0]}, {time.strftime('%Y-%m-%d')}, "
          f"max RSS of this script {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")


if __name__ == "__main__":
    main()
