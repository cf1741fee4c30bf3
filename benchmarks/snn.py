"""Read SaudiNewsNet articles from ``../shared`` and rebuild the text rasd analyses.

The SaudiNewsNet dumps (CC BY-NC-SA 4.0) stay outside rasd: benchmarks refer to an
article by its zip name and its index in that zip's list, and rebuild the text here
at run time.  The rebuild is the "scraped text" every benchmark uses, so offsets in
``benchmarks/gold/*.gold.json`` point into exactly this string.
"""

from __future__ import annotations

import functools
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SNN_DIR = SHARED / "data" / "saudinewsnet"


def rebuild_text(article: dict[str, Any]) -> str:
    """Title, blank line, author (when there is one), blank line, content.

    Nothing else is changed (leading spaces and NBSP in the content are kept) except
    line endings, which become ``\\n`` as rasd's own ``prepare_text`` does.
    """
    title = article.get("title") or ""
    author = article.get("author") or ""
    content = article.get("content") or ""
    text = title + "\n\n" + (author + "\n\n" if author.strip() else "") + content
    return text.replace("\r\n", "\n").replace("\r", "\n")


@functools.lru_cache(maxsize=16)
def _load_zip(path: str) -> tuple[dict[str, Any], ...]:
    """All articles of one daily dump (each zip holds a single JSON list)."""
    with zipfile.ZipFile(path) as zf:
        names = [n for n in zf.namelist() if n.endswith(".json")]
        if len(names) != 1:
            raise ValueError(f"{path}: expected one JSON file, found {names}")
        data = json.loads(zf.read(names[0]).decode("utf-8"))
    return tuple(data)


def load_snn(zip_name: str, index: int, snn_dir: Path | None = None) -> dict[str, Any]:
    """The article at ``index`` in the dump ``zip_name`` (e.g. ``2015-07-21.zip``)."""
    path = (snn_dir or SNN_DIR) / zip_name
    if not path.exists():
        raise FileNotFoundError(f"SaudiNewsNet dump not found: {path}")
    return dict(_load_zip(str(path))[index])


def iter_snn(shared_dir: Path | None = None) -> Iterator[tuple[str, int, dict[str, Any]]]:
    """Every article as ``(zip_name, index, article)``, dumps in name order."""
    snn_dir = (shared_dir / "data" / "saudinewsnet") if shared_dir else SNN_DIR
    for path in sorted(snn_dir.glob("*.zip")):
        for i, art in enumerate(_load_zip(str(path))):
            yield path.name, i, dict(art)
