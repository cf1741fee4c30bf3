"""The shared word table and the per-word caches on the NER's hot paths stay bounded and
give, after being emptied, the same answers as before."""

from __future__ import annotations

import importlib

from rasd import caches
from rasd.arabic import clitics
from rasd.ner import features
from rasd.resources import gazetteers

normalize = importlib.import_module("rasd.arabic.normalize")  # (the package's normalize is the function)


def test_word_table_is_emptied_when_full_and_answers_stay_the_same() -> None:
    first = normalize.normalize_text("أحمد")
    for i in range(caches.FACTS_CACHE + 5):
        normalize.normalize_text(f"إلى{i}")
    assert len(caches._FACTS) <= caches.FACTS_CACHE
    assert normalize.normalize_text("أحمد") == first == "احمد"


def test_a_word_record_holds_each_answer_once_asked() -> None:
    caches._FACTS.clear()
    seg = clitics.segment("وبالعراق")
    known = caches.facts("وبالعراق")
    assert known.segment is seg and known.nisba is caches.UNSET
    assert gazetteers.nisba("وبالعراق") is None and known.nisba is None  # None is an answer too
    assert caches.facts("وبالعراق") is known


def test_segment_answers_alike_after_the_table_is_emptied() -> None:
    before = clitics.segment("وبالعراق")
    caches._FACTS.clear()
    after = clitics.segment("وبالعراق")
    assert after == before and after is not before and after.stem == "العراق"


def test_gazetteer_and_feature_caches_answer_alike_after_a_clear() -> None:
    words = ["وبالعراق", "الرئيس", "العراقي", "مصطفى", "الكاظمي"]
    matches = gazetteers.match_tokens(words)
    attrs = [features.word_attributes(w) for w in words]
    for cache in (caches._FACTS, gazetteers._LOOKUPS, features._ATTRIBUTES):
        cache.clear()
    assert gazetteers.match_tokens(words) == matches
    assert [features.word_attributes(w) for w in words] == attrs
    assert gazetteers.nisba("العراقي") == "IRQ"


def test_keep_stores_and_returns_the_value_and_empties_a_full_cache() -> None:
    from rasd.caches import keep

    cache: dict[str, int | None] = {}
    assert keep(cache, 3, "a", 1) == 1 and cache == {"a": 1}
    assert keep(cache, 3, "b", None) is None and cache == {"a": 1, "b": None}
    keep(cache, 3, "c", 3)
    assert keep(cache, 3, "d", 4) == 4 and cache == {"d": 4}  # full at 3: emptied, then stored
