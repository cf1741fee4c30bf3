#!/usr/bin/env python3
"""Check the hand-made gold files against the SaudiNewsNet text they point into.

The gold files keep offsets only relative to the rebuilt article text (``benchmarks/snn.py``),
which lives in ``../shared`` and is not shipped.  A silent off-by-one would make every score
meaningless, so this script re-reads each article and checks every span, the label set and
the span conventions (no proclitic inside a name span, no quotation mark or ``أن`` inside a
quote's content).

usage: python benchmarks/gold/validate.py [GOLD.json ...]   (default: every snn-*.gold.json)
Exit status 1 when a problem is found, 0 otherwise (also when ../shared is absent: skipped).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from snn import SNN_DIR, load_snn, rebuild_text  # noqa: E402

LABELS = {"PER", "ORG", "GPE", "LOC", "MISC"}
KINDS = {"direct", "indirect", "headline"}
QUOTE_MARKS = "\"'«»“”„‘’"
REQUIRED = ("file", "index", "source", "conventions", "entities", "roles", "quotes")


def _is_letter(ch: str) -> bool:
    return ch.isalpha()


def check_file(path: Path) -> list[str]:
    """Every problem found in one gold file, as readable messages."""
    gold: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    probs: list[str] = []
    for key in REQUIRED:
        if key not in gold:
            probs.append(f"missing key {key!r}")
    if probs:
        return probs
    art = load_snn(gold["file"], gold["index"])
    text = rebuild_text(art)
    if art["source"] != gold["source"]:
        probs.append(f"source {gold['source']!r} != article's {art['source']!r}")

    def span_ok(where: str, span: Any, expect: str | None) -> bool:
        if not (isinstance(span, list) and len(span) == 2 and 0 <= span[0] < span[1] <= len(text)):
            probs.append(f"{where}: bad span {span!r}")
            return False
        if expect is not None and text[span[0]:span[1]] != expect:
            probs.append(f"{where}: text[{span[0]}:{span[1]}]={text[span[0]:span[1]]!r} != {expect!r}")
            return False
        return True

    seen: set[tuple[int, int]] = set()
    for i, ent in enumerate(gold["entities"]):
        where = f"entities[{i}] {ent.get('text')!r}"
        if ent.get("label") not in LABELS:
            probs.append(f"{where}: label {ent.get('label')!r}")
        if not ent.get("canonical"):
            probs.append(f"{where}: no canonical")
        if not span_ok(where, ent.get("span"), ent.get("text")):
            continue
        s, e = ent["span"]
        if (s, e) in seen:
            probs.append(f"{where}: duplicate span")
        seen.add((s, e))
        if e < len(text) and _is_letter(text[e]):
            probs.append(f"{where}: ends inside a word")
        # a name starts at a word start, or right after proclitics (و ف ب ل ك, optional tatweel)
        j = s
        while j > 0 and text[j - 1] in "وفبلكـ" and s - j < 3:
            j -= 1
        if s > 0 and _is_letter(text[s - 1]) and not any(k == 0 or not _is_letter(text[k - 1]) for k in range(j, s)):
            probs.append(f"{where}: starts inside a word")
    for i, role in enumerate(gold["roles"]):
        span_ok(f"roles[{i}]", role.get("span"), role.get("text"))
        if not role.get("refers_to"):
            probs.append(f"roles[{i}]: no refers_to")
    for i, q in enumerate(gold["quotes"]):
        where = f"quotes[{i}]"
        if q.get("kind") not in KINDS:
            probs.append(f"{where}: kind {q.get('kind')!r}")
        if not q.get("speaker"):
            probs.append(f"{where}: no speaker")
        if span_ok(where, q.get("content_span"), q.get("content")):
            c = q["content"]
            if c[0] in QUOTE_MARKS or c[-1] in QUOTE_MARKS or c != c.strip():
                probs.append(f"{where}: content has quotation marks or spaces at an edge")
            if c.split()[0] in ("أن", "إن", "ان"):
                probs.append(f"{where}: content starts with the introducing أن/إن")
        mspan = q.get("speaker_mention_span")
        if (mspan is None) != (q.get("speaker_mention") is None):
            probs.append(f"{where}: speaker_mention and its span disagree")
        elif mspan is not None:
            span_ok(f"{where}.speaker_mention", mspan, q.get("speaker_mention"))
    for i, d in enumerate(gold.get("dates", [])):
        span_ok(f"dates[{i}]", d.get("span"), d.get("text"))
        if not str(d.get("value", ""))[:4].isdigit():
            probs.append(f"dates[{i}]: value {d.get('value')!r}")
    return probs


def main(argv: list[str]) -> int:
    if not SNN_DIR.exists():
        print(f"skipped: {SNN_DIR} not found (the SaudiNewsNet text is not shipped with rasd)")
        return 0
    paths = [Path(a) for a in argv] or sorted(HERE.glob("snn-*.gold.json"))
    bad = 0
    for path in paths:
        probs = check_file(path)
        bad += bool(probs)
        print(f"{path.name}: {'ok' if not probs else f'{len(probs)} problem(s)'}")
        for p in probs:
            print(f"  - {p}")
    print(f"{len(paths)} files, {bad} with problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
