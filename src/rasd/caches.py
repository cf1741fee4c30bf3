"""Where rasd keeps per-word answers: one shared table of word records, and plain dicts
emptied when full for the few answers that do not belong there.

The stages ask the same questions of the same words again and again (normalised forms,
clitic splits, gazetteer starts, construction kinds...).  Each question is a field of the
word's :class:`WordFacts` record, found with one look-up in one table (:func:`facts`);
a dozen separate per-word dicts each missed the processor's caches on an article's
words.  The owning function reads and fills its own field::

    known = facts(word)
    hit = known.segment
    if hit is UNSET:
        hit = known.segment = _segment(word)
    return cast(Segmented, hit)

(written out in each owner rather than behind a helper taking the field's name: compiled,
a named field is a direct read, a field looked up by name would be ``getattr``).

Answers too big to keep for every word (a new word's ~30 CRF attribute strings), or keyed
by something other than a word (whole names), keep a plain module-level dict instead and
call :func:`keep` on a miss: compiled, a hit is a direct call and one dict look-up, where an
``lru_cache`` hit also built an argument tuple and relinked its recency list.

Emptying a table when it is full keeps memory bounded at the cost of refilling it; the
answers are the same either way, only their cost changes.  How big: a long run meets new
word types all the time (SaudiNewsNet, after 2,000 articles: about 16 per article the NER has
never seen, ~50 new records an article), so a table much smaller than the vocabulary of a few
thousand articles is emptied every few hundred articles and refilled at full cost.  The word
table keeps :data:`FACTS_CACHE` records; the whole stream of 17,641 articles must stay under
500 MB (``benchmarks/bench_memory.py``; 433 MB with this table), and
``benchmarks/cache_misses.py`` counts the misses.
"""

from __future__ import annotations

from typing import Final, TypeVar

K = TypeVar("K")
V = TypeVar("V")

#: A :class:`WordFacts` field not worked out yet (``None`` is an answer for some).
UNSET: Final = object()
#: Strings whose :class:`WordFacts` are kept; the table is emptied when it is full.
FACTS_CACHE: Final = 131072


class WordFacts:
    """What the stages have worked out about one string (nearly always a token), one
    field per per-word question, :data:`UNSET` until asked.

    Why one record and not a dict per question: an article's few hundred word types were
    looked up in a dozen caches of 65,536-131,072 entries each, and the first look-up of
    a word in each of them missed the processor's caches (some 5 MB a dict, far more than
    they hold).  Here the first question about a word finds its record, and the others
    read fields of the same few cache lines.  Each owning function reads and fills its own
    field; the values are exactly those of the functions, only where they are kept
    changed.  Fields are typed ``object`` so that this module imports nothing: each owner
    casts back to its own type."""

    __slots__ = (
        "conjunction",
        "construction",
        "construction_kind",
        "cue",
        "first_forms",
        "formulas",
        "head",
        "homeland",
        "nisba",
        "norm",
        "segment",
        "sport",
        "starts",
        "stem_key",
        "trigger_start",
        "word_forms",
    )

    def __init__(self) -> None:
        self.norm: object = UNSET  # rasd.arabic.normalize.normalize_text
        self.segment: object = UNSET  # rasd.arabic.clitics.segment
        self.stem_key: object = UNSET  # rasd.ner.features.stem_key
        self.first_forms: object = UNSET  # rasd.resources.gazetteers._first_forms
        self.starts: object = UNSET  # rasd.resources.gazetteers._starts
        self.nisba: object = UNSET  # rasd.resources.gazetteers.nisba
        self.conjunction: object = UNSET  # rasd.resources.gazetteers.conjunction_name
        self.homeland: object = UNSET  # rasd.ner.homeland.kind
        self.sport: object = UNSET  # rasd.ner.sports._sport_word
        self.construction: object = UNSET  # rasd.ner.constructions.word
        self.construction_kind: object = UNSET  # rasd.ner.constructions.kind
        self.head: object = UNSET  # rasd.ner.constructions.head_of
        self.formulas: object = UNSET  # rasd.ner.formulas._starting
        self.word_forms: object = UNSET  # rasd.stages.roles._word_forms
        self.trigger_start: object = UNSET  # rasd.stages.events._may_start
        self.cue: object = UNSET  # rasd.stages.quotes.cues.lookup


_FACTS: Final[dict[str, WordFacts]] = {}


def facts(word: str) -> WordFacts:
    """The record of ``word`` (a new, empty one the first time, or after the table was
    emptied: every field is then worked out again, to the same value)."""
    hit = _FACTS.get(word)
    if hit is None:
        hit = keep(_FACTS, FACTS_CACHE, word, WordFacts())
    return hit


def keep(cache: dict[K, V], limit: int, key: K, value: V) -> V:
    """Store ``value`` under ``key`` in ``cache`` and return it, emptying ``cache`` first
    when it already holds ``limit`` entries."""
    if len(cache) >= limit:
        cache.clear()
    cache[key] = value
    return value
