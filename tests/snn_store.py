"""A test store of dated SaudiNewsNet articles from ../shared (CC BY-NC-SA 4.0; never shipped).

The first :data:`PER_OUTLET_DAY` articles of each outlet in each daily dump, rebuilt as the benchmarks rebuild
them (``benchmarks/snn.py``), analysed with the fast NER tier and stored with their
outlet and date: ten days of a dozen outlets (about 240 articles), enough for facets, trends over two
weeks' windows and stories, in about ten seconds.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
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
