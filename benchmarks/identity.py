"""Saved records, compared byte for byte: a speed-up must not change any output.

Two reference sets, made once by the code before a change and compared with the
records the current code makes:

- the bundled example articles (``src/rasd/examples/articles``, CC BY-SA 4.0, so the
  whole records are committed): ``tests/data/identity/examples.jsonl.gz``;
- 500 SaudiNewsNet articles, spread evenly over the dumps in ``../shared`` and given
  their outlet, URL and date as a feed would (so relative dates resolve).  Their text is
  CC BY-NC-SA and never ships, so only a digest per article and per stage is committed
  (``tests/data/identity/snn500.tsv``); the whole records go to
  ``out/identity/snn500.jsonl`` on the machine that saved them, where ``check`` uses
  them to show what changed.

Each record is split into stages (structure, entities, quotes, dates, quantities,
events, warnings) so a difference names the stage that made it.  An intended
difference (a fix that changes output) is saved with ``save --reason``; the reason, the
commit and the number of articles that changed per stage are appended to
``tests/data/identity/INTENDED.md``: the list of every intended difference since the
references were first saved.

    python benchmarks/identity.py check                  # what differs, per stage
    python benchmarks/identity.py save --reason "why"    # new references
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from snn import SNN_DIR, iter_snn, rebuild_text

from rasd import analyze
from rasd.article import Source, to_dict

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "identity"
EXAMPLES = ROOT / "src" / "rasd" / "examples" / "articles"
EXAMPLES_SAVED = DATA / "examples.jsonl.gz"
SNN_FULL = ROOT / "out" / "identity" / "snn500.jsonl"
SNN_COUNT = 500

#: record fields per stage, in pipeline order; every field of the record is in one
STAGE_FIELDS: dict[str, tuple[str, ...]] = {
    "input": ("text", "id", "schema", "source", "language"),
    "structure": ("title", "subtitle", "published", "dateline", "byline", "highlights",
                  "paragraphs", "noise"),
    "entities": ("entities",),
    "quotes": ("quotes",),
    "dates": ("dates",),
    "quantities": ("quantities",),
    "events": ("events", "event_mentions"),
    "warnings": ("warnings",),
}


def record_line(record: dict[str, Any]) -> str:
    """One record as the canonical line both sides are compared on (sorted keys)."""
    return json.dumps(record, ensure_ascii=False, sort_keys=True)


def stage_parts(record: dict[str, Any]) -> dict[str, str]:
    """The record's fields per stage, each as canonical JSON; a field no stage claims
    goes to ``other`` so a new field can never slip past the comparison."""
    claimed = {f for fs in STAGE_FIELDS.values() for f in fs}
    parts = {stage: json.dumps({f: record.get(f) for f in fs}, ensure_ascii=False, sort_keys=True)
             for stage, fs in STAGE_FIELDS.items()}
    extra = {k: v for k, v in record.items() if k not in claimed}
    parts["other"] = json.dumps(extra, ensure_ascii=False, sort_keys=True)
    return parts


def digest(part: str) -> str:
    """A short digest of one stage's output (64 bits: a collision is not a worry here)."""
    return hashlib.sha256(part.encode("utf-8")).hexdigest()[:16]


def example_records() -> Iterator[tuple[str, dict[str, Any]]]:
    """Each bundled example article's name and record."""
    for path in sorted(EXAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        yield path.name, to_dict(analyze(text, source=Source(path=path.name)))


def snn_selection(count: int = SNN_COUNT) -> list[tuple[str, int, dict[str, Any]]]:
    """``count`` SaudiNewsNet articles spread evenly over every dump (a fixed stride,
    so the same articles every time)."""
    every = list(iter_snn())
    stride = max(1, len(every) // count)
    return every[::stride][:count]


def snn_records(count: int = SNN_COUNT) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each selected SaudiNewsNet article's key (``zip:index``) and record."""
    for zip_name, index, art in snn_selection(count):
        date = (art.get("date_extracted") or "")[:10] or None
        source = Source(url=art.get("url"), outlet=art.get("source"), date=date)
        yield f"{zip_name}:{index}", to_dict(analyze(rebuild_text(art), source=source))


def snn_available() -> bool:
    """Whether the SaudiNewsNet dumps are on this machine."""
    return SNN_DIR.is_dir() and any(SNN_DIR.glob("*.zip"))


def read_digests(path: Path) -> dict[str, dict[str, str]]:
    """The committed digests: key → stage → digest."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    return {cols[0]: dict(zip(header[1:], cols[1:], strict=True))
            for cols in (line.split("\t") for line in lines[1:] if line)}


def differing_stages(old: dict[str, str], new: dict[str, str]) -> list[str]:
    """The stages whose digests (or parts) differ between two records."""
    return [s for s in sorted(set(old) | set(new)) if old.get(s) != new.get(s)]


def compare_examples() -> Counter[str]:
    """Articles per stage whose example record differs from the saved one."""
    saved = {}
    for line in gzip.decompress(EXAMPLES_SAVED.read_bytes()).decode("utf-8").splitlines():
        row = json.loads(line)
        saved[row["name"]] = row["record"]
    changed: Counter[str] = Counter()
    names = set()
    for name, rec in example_records():
        names.add(name)
        if name not in saved:
            changed["(new article)"] += 1
            continue
        if record_line(saved[name]) != record_line(rec):
            for stage in differing_stages(stage_parts(saved[name]), stage_parts(rec)):
                changed[stage] += 1
    changed["(article gone)"] += len(set(saved) - names)
    return +changed


def compare_snn(show: int = 0) -> Counter[str]:
    """Articles per stage whose SaudiNewsNet digests differ from the committed ones;
    with ``show``, print that many stage differences from the saved whole records."""
    saved = read_digests(DATA / "snn500.tsv")
    full: dict[str, dict[str, Any]] = {}
    if show and SNN_FULL.exists():
        for line in SNN_FULL.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            full[row["key"]] = row["record"]
    changed: Counter[str] = Counter()
    shown = 0
    for key, rec in snn_records(len(saved)):
        parts = stage_parts(rec)
        now = {s: digest(p) for s, p in parts.items()}
        for stage in differing_stages(saved.get(key, {}), now):
            changed[stage] += 1
            if shown < show and key in full:
                shown += 1
                print(f"--- {key} {stage}\nsaved: {stage_parts(full[key])[stage][:1500]}\n"
                      f"now:   {parts[stage][:1500]}\n")
    return changed


def head_commit() -> str:
    """The current commit (with ``+`` when the tree has changes), for the record."""
    try:
        sha = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, text=True,
                             capture_output=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "src"], cwd=ROOT, text=True,
                               capture_output=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return sha + ("+" if dirty else "")


def save(reason: str) -> None:
    """Write the references (and note an intended difference in INTENDED.md)."""
    DATA.mkdir(parents=True, exist_ok=True)
    first = not EXAMPLES_SAVED.exists()
    before_examples = None if first else compare_examples()
    have_snn = snn_available()
    before_snn = compare_snn() if have_snn and (DATA / "snn500.tsv").exists() else None
    lines = [json.dumps({"name": name, "record": rec}, ensure_ascii=False, sort_keys=True)
             for name, rec in example_records()]
    # mtime=0: the same records make the same bytes, so git sees no change
    EXAMPLES_SAVED.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), mtime=0))
    if have_snn:
        SNN_FULL.parent.mkdir(parents=True, exist_ok=True)
        stages = [*STAGE_FIELDS, "other"]
        with (DATA / "snn500.tsv").open("w", encoding="utf-8") as tsv, \
                SNN_FULL.open("w", encoding="utf-8") as full:
            tsv.write("\t".join(["key", *stages]) + "\n")
            for key, rec in snn_records():
                parts = stage_parts(rec)
                tsv.write("\t".join([key, *(digest(parts[s]) for s in stages)]) + "\n")
                full.write(json.dumps({"key": key, "record": rec}, ensure_ascii=False,
                                      sort_keys=True) + "\n")
    else:
        print("SaudiNewsNet is not on this machine: only the example records were saved",
              file=sys.stderr)
    when = datetime.now(UTC).strftime("%Y-%m-%d")
    counts = {"examples": dict(before_examples or {}), "snn500": dict(before_snn or {})}
    entry = (f"\n## {when}, {head_commit()}: {reason}\n\n" + (
             "First references.\n" if first else
             f"Articles changed per stage: examples {counts['examples'] or 'none'}; "
             f"SaudiNewsNet {counts['snn500'] or ('not compared' if before_snn is None else 'none')}.\n"))
    intended = DATA / "INTENDED.md"
    if not intended.exists():
        intended.write_text(
            "# Intended differences in the saved records\n\n"
            "Every time the references in this folder were saved again, why, and how many\n"
            "articles changed per stage (`python benchmarks/identity.py save --reason ...`).\n"
            "A difference that is not listed here is a bug: tests/test_output_identity.py\n"
            "fails on it.\n", encoding="utf-8")
    with intended.open("a", encoding="utf-8") as f:
        f.write(entry)
    print(entry.strip())


def main(argv: list[str] | None = None) -> int:
    """``check`` prints differences per stage (exit 1 if any); ``save`` writes references."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="compare the current records with the saved ones")
    check.add_argument("--show", type=int, default=3, help="stage differences to print")
    saver = sub.add_parser("save", help="save the current records as the references")
    saver.add_argument("--reason", required=True, help="why the output changes (for INTENDED.md)")
    args = parser.parse_args(argv)
    if args.command == "save":
        save(args.reason)
        return 0
    examples = compare_examples()
    print(f"examples: {dict(examples) or 'identical'}")
    bad = bool(examples)
    if snn_available():
        snn = compare_snn(show=args.show)
        print(f"snn500: {dict(snn) or 'identical'}")
        bad = bad or bool(snn)
    else:
        print("snn500: SaudiNewsNet is not on this machine, not compared")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
