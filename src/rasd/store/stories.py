"""Story clustering: articles about the same event, across outlets and days.

Single-pass clustering in date order (the classic topic-detection-and-tracking
recipe): each article is a TF-IDF vector of the index terms of its title and lead;
it joins the live story whose centroid is closest (cosine at least
:data:`THRESHOLD`) among those that began at most :data:`WINDOW_DAYS` days
earlier, or starts a new one.  Near-duplicates always share a story.  The cap is
on a story's whole span, not on the gap to its last article: with a gap rule,
daily routine items (market closes, weather bulletins) chained into week-long
"stories" on SaudiNewsNet.  Candidate stories come from an
inverted index of the article's rarest terms, so the cost stays near-linear.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

THRESHOLD = 0.45  # chosen on SNN (benchmarks/dedup_precision.py): pure top clusters, shared leads kept together
#: Longest span of one story, in days.
WINDOW_DAYS = 3
#: Terms in more than this share of articles carry no story signal.
MAX_DF = 0.05
TOP_TERMS = 12


@dataclass(frozen=True, slots=True)
class StoryInput:
    key: int
    day: str | None
    terms: list[str]
    dup_group: int | None = None


@dataclass(slots=True)
class _Story:
    id: int
    weights: Counter[str] = field(default_factory=Counter)
    first: int = 0
    last: int = 0
    size: int = 0
    norm: float = 0.0

    def add(self, vec: dict[str, float], day: int) -> None:
        self.weights.update(vec)
        self.norm = math.sqrt(sum(v * v for v in self.weights.values()))
        self.size += 1
        self.first = min(self.first, day) if self.first else day
        self.last = max(self.last, day)

    def cosine(self, vec: dict[str, float]) -> float:
        if not vec or not self.norm:
            return 0.0
        w = self.weights
        return sum(v * w.get(t, 0.0) for t, v in vec.items()) / self.norm


def _ordinal(day: str | None) -> int | None:
    if not day:
        return None
    try:
        return date.fromisoformat(day[:10]).toordinal()
    except ValueError:
        return None


def _unit(vec: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


def cluster_stories(items: Iterable[StoryInput], threshold: float = THRESHOLD,
                    span_days: int = WINDOW_DAYS) -> dict[int, tuple[int, float]]:
    """Map each article key to (story id, closeness to that story's final centroid).

    ``items`` should come in date order.  A story's id is its first article's key;
    the member closest to the centroid is the story's representative.
    """
    docs = list(items)
    df: Counter[str] = Counter()
    for d in docs:
        df.update(set(d.terms))
    n = max(len(docs), 1)
    max_df = max(50, int(MAX_DF * n))  # a small corpus has no stopword statistics to trust
    idf = {t: math.log(n / c) for t, c in df.items() if c <= max_df}

    stories: dict[int, _Story] = {}
    by_term: dict[str, set[int]] = {}
    by_dup: dict[int, int] = {}
    assigned: list[tuple[int, int, dict[str, float]]] = []
    for d in docs:
        tf = Counter(t for t in d.terms if t in idf and len(t) > 1)
        vec = _unit({t: (1 + math.log(c)) * idf[t] for t, c in tf.items()})
        day = _ordinal(d.day) or 0
        best, best_sim = None, 0.0
        if d.dup_group is not None and d.dup_group in by_dup:
            best = stories[by_dup[d.dup_group]]
        elif vec:
            top = sorted(vec, key=vec.__getitem__, reverse=True)[:TOP_TERMS]
            cands = set().union(*(by_term.get(t, set()) for t in top))
            for sid in cands:
                s = stories[sid]
                if day and s.first and day - s.first > span_days:
                    continue
                sim = s.cosine(vec)
                if sim > best_sim:
                    best, best_sim = s, sim
            if best_sim < threshold:
                best = None
        if best is None:
            best = stories[d.key] = _Story(d.key)
        best.add(vec, day)
        for t in sorted(vec, key=vec.__getitem__, reverse=True)[:TOP_TERMS]:
            by_term.setdefault(t, set()).add(best.id)
        if d.dup_group is not None:
            by_dup.setdefault(d.dup_group, best.id)
        assigned.append((d.key, best.id, vec))
    return {key: (sid, round(stories[sid].cosine(vec), 4)) for key, sid, vec in assigned}
