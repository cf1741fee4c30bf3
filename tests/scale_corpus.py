"""A deterministic corpus of distinct articles built from the bundled Wikinews texts.

The scale tests need hundreds of different articles that the whole pipeline can
analyse quickly.  Article ``i`` is the title of bundled article ``i mod 69`` with two
paragraphs drawn from the bundled paragraphs in a fixed order, so every text is
real Arabic news prose, every article's text is distinct (its own content hash),
and the same ``n`` always gives the same corpus.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from rasd.examples import examples_dir

OUTLETS = ("wikinews", "alarab", "aawsat", "sabq", "okaz")


@lru_cache(maxsize=1)
def _bundled() -> tuple[tuple[str, tuple[str, ...]], ...]:
    out = []
    for path in sorted(examples_dir().glob("ar_wikinews_*.txt")):
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
        out.append((lines[0], tuple(lines[1:])))
    return tuple(out)


def articles(n: int = 500, max_chars: int = 600) -> list[dict[str, str]]:
    """``n`` distinct JSON records (title, text, date, source)."""
    bundled = _bundled()
    paragraphs = [p[:max_chars] for _t, ps in bundled for p in ps]
    out, seen = [], set()
    i = 0
    while len(out) < n:
        title = bundled[i % len(bundled)][0]
        k = len(paragraphs)
        a = paragraphs[i % k]
        b = paragraphs[(i + 1 + 7 * (i // k)) % k]
        text = f"{a}\n\n{b}"
        i += 1
        if text in seen or a == b:
            continue
        seen.add(text)
        out.append({"title": title, "text": text, "date": f"2014-0{1 + len(out) % 9}-{1 + len(out) % 28:02d}",
                    "source": OUTLETS[len(out) % len(OUTLETS)]})
    return out


def write_jsonl(path: Path, n: int = 500) -> Path:
    """The corpus of :func:`articles` as a JSON Lines file."""
    with path.open("w", encoding="utf-8") as fh:
        for rec in articles(n):
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path
