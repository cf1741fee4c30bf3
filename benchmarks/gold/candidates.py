#!/usr/bin/env python3
"""List SaudiNewsNet candidates for the gold set in the fixed random order used to pick them.

Shows the automatic filter of README.md ("Selection"): 150-600 words of content and at
least two speech-verb matches. The editorial step that follows (news, not opinion;
at most two per outlet) was done by reading, and its decisions are in the README table.

usage: python benchmarks/gold/candidates.py [N]   (default 25)
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from snn import SNN_DIR, iter_snn

SEED = 20150721
CUE = re.compile(r"(?:^|\s)[وف]?(?:قال|أكد|أوضح|أشار|أضاف|ذكر|صرح|بين|أعلن)")


def candidates(limit: int) -> list[tuple[str, int, str, int, str]]:
    """(zip, index, outlet, words, title) for the first ``limit`` articles passing the filter."""
    arts = list(iter_snn())
    order = list(range(len(arts)))
    random.Random(SEED).shuffle(order)
    out = []
    for k in order:
        zip_name, index, art = arts[k]
        words = len(art["content"].split())
        if 150 <= words <= 600 and len(CUE.findall(art["content"])) >= 2:
            out.append((zip_name, index, art["source"], words, art["title"]))
            if len(out) >= limit:
                break
    return out


def main(argv: list[str]) -> int:
    if not SNN_DIR.exists():
        print(f"skipped: {SNN_DIR} not found")
        return 0
    for n, (zip_name, index, outlet, words, title) in enumerate(candidates(int(argv[0]) if argv else 25), 1):
        print(f"{n:3d} {zip_name}#{index:<5d} {outlet:13s} {words:4d}w  {title[:60]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
