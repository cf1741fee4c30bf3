"""The per-word caches that replaced ``lru_cache`` on the NER's hot paths stay bounded
and give, after being emptied, the same answers as before."""

from __future__ import annotations

import importlib

from rasd.arabic import clitics
from rasd.ner import features
from rasd.resources import gazetteers

normalize = importlib.import_module("rasd.arabic.normalize")  # (the package's normalize is the function)


def test_normalize_text_cache_is_emptied_when_full_and_answers_stay_the_same() -> None:
    first = normalize.normalize_text("أحمد")
    for i in range(normalize.SHORT_CACHE + 5):
        normalize.normalize_text(f"إلى{i}")
    assert len(normalize._SHORT_FORMS) <= normalize.SHORT_CACHE
    assert normalize.normalize_text("أحمد") == first == "احمد"


def test_segment_cache_is_bounded_and_segments_alike_after_a_clear() -> None:
    before = clitics.segment("وبالعراق")
    clitics._SEGMENTS.clear()
    after = clitics.segment("وبالعراق")
    assert after == before and after.stem == "العراق"
    for i in range(clitics.SEGMENT_CACHE + 5):
        clitics.segment(f"وال{i}")
    assert len(clitics._SEGMENTS) <= clitics.SEGMENT_CACHE


def test_gazetteer_and_feature_caches_answer_alike_after_a_clear() -> None:
    words = ["وبالعراق", "الرئيس", "العراقي", "مصطفى", "الكاظمي"]
    matches = gazetteers.match_tokens(words)
    attrs = [features.word_attributes(w) for w in words]
    for cache in (gazetteers._STARTS, gazetteers._FIRST_FORMS, normalize._SHORT_FORMS, gazetteers._NISBAS,
                  gazetteers._LOOKUPS, gazetteers._CONJUNCTION_NAMES, features._ATTRIBUTES):
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
