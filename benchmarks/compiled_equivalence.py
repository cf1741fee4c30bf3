"""The compiled build and its own sources make the same records, over every SaudiNewsNet article.

``tests/test_output_identity.py`` compares the compiled build with saved records on 570
articles, and ``tests/test_compiled.py`` the sources on the bundled examples.  This script
is the wide check, run before a change to what is compiled lands: it analyses every
article of ``../shared``'s SaudiNewsNet dumps (17,641; each with its outlet, URL and date,
as ingest gives them) once compiled and once with ``RASD_PURE_PYTHON=1``, in two
processes, and compares a digest of each whole record.  mypyc checks types at run time,
so an annotation that is not true shows up here as a stage that failed in one run only.

    python benchmarks/compiled_equivalence.py [--limit N]

The records are made as ``identity.py`` makes its SaudiNewsNet references (:func:`identity.snn_records`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def digests(limit: int, out: Path) -> None:
    """Write ``zip:index <tab> sha1 of the record <tab> warnings`` per article (child process)."""
    from identity import snn_records  # imports rasd: only here, in the child that was told how

    from rasd.compiled import STATUS

    print(f"  {'compiled' if STATUS.compiled else 'source'}: {STATUS.reason}", flush=True)
    with out.open("w", encoding="utf-8") as fh:
        for key, record in snn_records(limit or sys.maxsize):
            blob = json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8")
            warnings = " | ".join(record.get("warnings") or [])
            fh.write(f"{key}\t{hashlib.sha1(blob).hexdigest()}\t{warnings}\n")


def run(pure: bool, limit: int, out: Path) -> dict[str, tuple[str, str]]:
    """Digests of one run (compiled or from source), by article key."""
    env = {k: v for k, v in os.environ.items() if k != "RASD_PURE_PYTHON"}
    if pure:
        env["RASD_PURE_PYTHON"] = "1"
    t0 = time.perf_counter()
    cmd = [sys.executable, __file__, "--child", str(out), "--limit", str(limit)]
    subprocess.run(cmd, env=env, check=True)
    print(f"  {'source' if pure else 'compiled'} run done ({time.perf_counter() - t0:.0f} s wall)", flush=True)
    rows = (line.rstrip("\n").split("\t") for line in out.read_text(encoding="utf-8").splitlines())
    return {key: (digest, warnings) for key, digest, warnings in rows}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=0,
                    help="only N articles, spread over the dumps as identity.py picks them (0: all)")
    ap.add_argument("--out", type=Path, default=Path("out/compiled_equivalence"), help="where the digests go")
    ap.add_argument("--child", type=Path, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child is not None:
        digests(args.limit, args.child)
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    compiled = run(False, args.limit, args.out / "compiled.tsv")
    source = run(True, args.limit, args.out / "source.tsv")
    differ = sorted(k for k in compiled.keys() | source.keys() if compiled.get(k) != source.get(k))
    print(f"{len(compiled)} articles compiled, {len(source)} from source: {len(differ)} differ")
    for key in differ[:20]:
        print(f"  {key}: compiled {compiled.get(key)} / source {source.get(key)}")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
