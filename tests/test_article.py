from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasd import analyze, from_json, to_json
from rasd.article import Article, Entity, Mention, Quote, Span, check_spans
from rasd.errors import RecordError
from rasd.pipeline import stage_names

ARABIC = st.text(
    alphabet=st.sampled_from(list("ابتثجحخدذرسشصضطظعغفقكلمنهوية أإآىءؤئ\u064e\u064f\u0650\u0651\u0640٠١٢0123456789"
                                  ".،؛؟!:-–«»\"“”()\n \u00a0\u200f\u200ex<>/")),
    max_size=400,
)


def test_round_trip_exact_on_seed(seed_text: str) -> None:
    a = analyze(seed_text)
    again = from_json(to_json(a))
    assert again == a
    assert to_json(again) == to_json(a)


def test_round_trip_keeps_nested_records() -> None:
    text = "قال الكاظمي إن القوات ستنسحب"
    a = Article.from_text(text)
    e = Entity("e1", "PER", "مصطفى الكاظمي", (Mention(4, 11, "الكاظمي"),), en="Mustafa al-Kadhimi", country="IRQ")
    q = Quote("indirect", Span(15, 29, text[15:29]))
    from dataclasses import replace

    a = replace(a, entities=(e,), quotes=(q,))
    assert from_json(json.loads(to_json(a))) == a


def test_schema_version_and_id(seed_text: str) -> None:
    d = json.loads(to_json(analyze(seed_text)))
    assert d["schema"] == "rasd.article/1"
    assert len(d["id"]) == 16 and d["text"] == seed_text


def test_from_json_rejects_bad_records() -> None:
    with pytest.raises(RecordError):
        from_json("not json")
    with pytest.raises(RecordError):
        from_json('{"schema": "other/1", "text": ""}')
    with pytest.raises(RecordError):
        from_json('{"text": "x", "paragraphs": {"start": 0}}')


@settings(max_examples=150, deadline=None)
@given(ARABIC)
def test_every_stage_keeps_spans_true(text: str) -> None:
    for stage in stage_names():
        a = analyze(text, until=stage)
        assert check_spans(a) == []
        assert from_json(to_json(a)) == a


def test_spans_true_on_bundled_examples() -> None:
    from rasd.examples import example_paths

    for p in example_paths():
        a = analyze(p.read_text(encoding="utf-8"))
        assert check_spans(a) == [], p.name
