"""The one policy of rasd's per-word caches: a plain dict, emptied when it is full.

The stages look the same words up again and again (normalised forms, clitic splits,
gazetteer starts, CRF attributes), so each of those functions keeps its answers per
word.  They use a module-level dict rather than ``functools.lru_cache``: compiled
(setup.py), a caller reaches a hit with a direct call and one dict look-up, where an
``lru_cache`` hit also built an argument tuple and relinked its recency list.  Emptying
the whole dict when it reaches its limit keeps memory bounded at the cost of refilling
it; the answers are the same either way, only their cost changes.

How big: a long run meets new word types all the time (SaudiNewsNet, after 2,000 articles:
about 16 per article that the NER has never seen, and some 60-110 per article missing from a
cache of 16,384), so a cache much smaller than the vocabulary of a few thousand articles is
emptied every few hundred articles and refilled at full cost.  A cache whose answers are
small ints, booleans, None or mostly empty tuples costs only its dict (the keys are the
interned token strings every cache shares), about 5 MB at 131,072 words, so those keep
131,072; caches of larger answers keep 65,536 or fewer.  The whole stream of 17,641
articles must stay under 500 MB (``benchmarks/bench_memory.py``).

A cached function reads its dict itself (the hit stays one look-up) and calls
:func:`keep` on a miss::

    hit = _FORMS.get(word)
    return hit if hit is not None else keep(_FORMS, FORMS_CACHE, word, _forms_of(word))
"""

from __future__ import annotations

from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


def keep(cache: dict[K, V], limit: int, key: K, value: V) -> V:
    """Store ``value`` under ``key`` in ``cache`` and return it, emptying ``cache`` first
    when it already holds ``limit`` entries."""
    if len(cache) >= limit:
        cache.clear()
    cache[key] = value
    return value
