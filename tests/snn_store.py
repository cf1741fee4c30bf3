"""A test store of dated SaudiNewsNet articles from ../shared (CC BY-NC-SA 4.0; never shipped).

The first :data:`PER_OUTLET_DAY` articles of each outlet in each daily dump, rebuilt as the benchmarks rebuild
them (``benchmarks/snn.py``), analysed with the fast NER tier and stored with their
outlet and date: ten days of a dozen outlets (about 240 articles), enough for facets, trends over two
weeks' windows and stories, in about ten seconds.  :func:`snn_store` keeps the built
store under ``out/cache`` keyed by a hash of rasd's source and resources and of the dumps,
so a rerun with the same code reuses it and any change to the code builds it again.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "out" / "cache"
#: Articles kept per outlet and day (a dump lists its outlets one after another: the first
#: articles of a day would all come from one or two of them).
PER_OUTLET_DAY = 2


def build_snn_store(path: Path, shared: Path, per_outlet_day: int = PER_OUTLET_DAY) -> Path:
    """Analyse and store ``per_outlet_day`` articles of each outlet of every SaudiNewsNet dump in ``shared``."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from snn import iter_snn, rebuild_text
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    from rasd import settings
    from rasd.article import Source
    from rasd.pipeline import analyze
    from rasd.store import open_store

    taken: Counter[tuple[str, str]] = Counter()
    records = []
    with settings.using(ner="fast"):
        for zip_name, _i, art in iter_snn(shared):
            key = (zip_name, str(art.get("source")))
            if taken[key] >= per_outlet_day or not (art.get("content") or "").strip():
                continue
            taken[key] += 1
            records.append(analyze(rebuild_text(art), Source(outlet=art.get("source"), url=art.get("url"),
                                                             date=str(art.get("date_extracted") or "")[:10],
                                                             title=art.get("title"))))
    store = open_store(path)
    try:
        store.add_articles(records)
        store.refresh_clusters()
    finally:
        store.close()
    return path


def source_key(shared: Path, per_outlet_day: int = PER_OUTLET_DAY) -> str:
    """A hash of everything the built store depends on: rasd's analysis and store code and resources
    (not the web pages or the CLI, which only read it), the dumps, this module."""
    h = hashlib.sha256(f"{per_outlet_day}".encode())
    for path in sorted((ROOT / "src" / "rasd").rglob("*")):
        if path.is_file() and not {"__pycache__", "web", "cli"} & set(path.relative_to(ROOT / "src" / "rasd").parts):
            h.update(str(path.relative_to(ROOT)).encode())
            h.update(path.read_bytes())
    h.update(Path(__file__).read_bytes())
    for z in sorted((shared / "data" / "saudinewsnet").glob("*.zip")):
        h.update(f"{z.name}:{z.stat().st_size}".encode())
    return h.hexdigest()[:16]


def snn_store(dest: Path, shared: Path) -> Path:
    """A fresh copy at ``dest`` of the SaudiNewsNet test store, built once per code version."""
    cached = CACHE / f"snn-desk-{source_key(shared)}.db"
    if not cached.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        for old in CACHE.glob("snn-desk-*.db*"):  # stores of earlier code
            old.unlink(missing_ok=True)
        tmp = CACHE / f".{cached.name}.{os.getpid()}"
        build_snn_store(tmp, shared)
        os.replace(tmp, cached)  # atomic: a parallel worker sees the whole store or none
    shutil.copyfile(cached, dest)
    return dest
