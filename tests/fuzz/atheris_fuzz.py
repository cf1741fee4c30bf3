"""Coverage-guided fuzzing of rasd's parsers with atheris (libFuzzer for Python).

    .venv/bin/python tests/fuzz/atheris_fuzz.py TARGET [libFuzzer flags] [--crashes=DIR] [--corpus=DIR]

TARGET is one of tests/fuzz/targets.py's (decode, json, gzip, zip, warc, feed, html,
analyze) or ``all`` (the first byte of each input picks the target, so one process
covers every parser).  Flags go to libFuzzer: ``-runs=N``, ``-max_total_time=SECONDS``.
rasd's own modules are instrumented for coverage; the libraries under them are not.

A failing input does not stop the run: it is saved under ``--crashes`` (one file per
distinct failure: exception type and the rasd line it came from) and fuzzing goes on, so
one run counts every distinct crash.  The last line printed is a JSON summary:
``{"target": ..., "runs": ..., "seconds": ..., "crashes": ..., "distinct": [...]}``.
An input that hangs (libFuzzer's ``-timeout``, 30 s here) ends the run and is counted.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]


def _signature(exc: BaseException) -> str:
    """Exception type and the innermost frame in rasd (or the innermost at all)."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/rasd/" in f.filename] or frames
    where = f"{Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else "?"
    return f"{type(exc).__name__} at {where}"


def child(target_name: str, crashes: Path, stats: Path, argv: list[str]) -> None:
    import atheris

    with atheris.instrument_imports(include=["rasd"]):
        import rasd.ingest.crawl
        import rasd.ingest.decode
        import rasd.ingest.feeds
        import rasd.ingest.html
        import rasd.ingest.jsonl
        import rasd.ingest.sources
        import rasd.ingest.warc
        import rasd.pipeline
        import rasd.work

        for stage in rasd.pipeline.STAGES:
            stage.load()
    import targets

    target = targets.fuzz_all if target_name == "all" else targets.TARGETS[target_name]
    seen: dict[str, str] = {}

    def one(data: bytes) -> None:
        try:
            target(data)
        except Exception as exc:  # a finding: keep it, keep fuzzing
            sig = _signature(exc)
            if sig not in seen:
                name = "crash-" + hashlib.sha1(data).hexdigest()[:12]
                (crashes / name).write_bytes(data)
                seen[sig] = f"{sig}: {str(exc)[:200]} ({name})"
                stats.write_text(json.dumps(sorted(seen.values()), ensure_ascii=False))

    atheris.Setup([sys.argv[0], *argv], one)
    atheris.Fuzz()


def main() -> int:
    args = sys.argv[1:]
    if args and args[0] == "--child":
        child(args[1], Path(args[2]), Path(args[3]), args[4:])
        return 0
    if not args or args[0].startswith("-"):
        print(__doc__, file=sys.stderr)
        return 2
    name, rest = args[0], args[1:]
    crashes = Path(next((a.split("=", 1)[1] for a in rest if a.startswith("--crashes=")), "") or
                   tempfile.mkdtemp(prefix="rasd-crashes-"))
    corpus = Path(next((a.split("=", 1)[1] for a in rest if a.startswith("--corpus=")), "") or
                  tempfile.mkdtemp(prefix="rasd-corpus-"))
    flags = [a for a in rest if not a.startswith("--")]
    if not any(f.startswith("-timeout=") for f in flags):
        flags.append("-timeout=30")
    flags.append(f"-artifact_prefix={crashes}/")  # libFuzzer's own files (slow units) go there too
    crashes.mkdir(parents=True, exist_ok=True)
    corpus.mkdir(parents=True, exist_ok=True)
    import targets

    names = sorted(targets.TARGETS)
    for kind, seeds in targets.seed_corpus().items():
        if name not in ("all", kind):
            continue
        for i, seed in enumerate(seeds):
            prefix = bytes([names.index(kind)]) if name == "all" else b""
            (corpus / f"seed-{kind}-{i}").write_bytes(prefix + seed)
    stats = crashes / "distinct.json"
    stats.unlink(missing_ok=True)
    r = subprocess.run([sys.executable, __file__, "--child", name, str(crashes), str(stats), *flags, str(corpus)],
                       capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"}, cwd=crashes)
    done = re.search(r"Done (\d+) runs in (\d+) second", r.stderr)
    distinct = json.loads(stats.read_text()) if stats.exists() else []
    if done is None:  # libFuzzer stopped early: a hang, a memory blow-up or a crash of the interpreter
        reason = next((ln for ln in r.stderr.splitlines() if "ERROR" in ln or "ALARM" in ln or "Timeout" in ln),
                      f"exit code {r.returncode}")
        distinct.append(f"libFuzzer stopped: {reason.strip()[:200]}")
        runs = max((int(m) for m in re.findall(r"^#(\d+)", r.stderr, re.MULTILINE)), default=0)
        seconds = None
    else:
        runs, seconds = int(done.group(1)), int(done.group(2))
    print(json.dumps({"target": name, "runs": runs, "seconds": seconds, "crashes": len(distinct),
                      "distinct": distinct, "saved_in": str(crashes)}, ensure_ascii=False))
    return 0 if done is not None else 1


if __name__ == "__main__":
    sys.exit(main())
