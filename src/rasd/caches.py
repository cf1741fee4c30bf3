"""The one policy of rasd's per-word caches: a plain dict, emptied when it is full.

The stages look the same words up again and again (normalised forms, clitic splits,
gazetteer starts, CRF attributes), so each of those functions keeps its answers per
word.  They use a module-level dict rather than ``functools.lru_cache``: compiled
(setup.py), a caller reaches a hit with a direct call and one dict look-up, where an
``lru_cache`` hit also built an argument tuple and relinked its recency list.  Emptying
the whole dict when it reaches its limit keeps memory bounded at the cost of refilling
it; the answers are the same either way, only their cost changes.

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
