"""Blessings, fixed phrases and edge function words are never names (rasd.ner.formulas)."""

from __future__ import annotations

import rasd
from rasd.ner import formulas


def test_a_blessing_is_written_once_and_covers_every_pronoun() -> None:
    assert formulas.expand("رحم{P} الله") == [f"رحم{s} الله" for s in formulas.PRONOUN_SUFFIXES]
    spans = formulas.phrase_spans(["وقالت", "إن", "والدتها", "رحمها", "الله", "كانت", "معلمة"])
    assert spans == [(3, 5)]


def test_a_chunk_inside_a_blessing_is_dropped() -> None:
    assert formulas.clean(["سنعود", "إن", "شاء", "الله"], [(3, 4, "PER")]) == []
    assert formulas.clean(["سنعود", "إن", "شاء", "الله"], [(3, 4, "MISC")]) == [(3, 4, "MISC")]
    assert formulas.clean(["ورحمه", "الله"], [(0, 2, "PER")]) == []


def test_a_name_that_runs_into_a_blessing_loses_it() -> None:
    words = ["زار", "الشيخ", "خالد", "حفظه", "الله", "المدينة"]
    assert formulas.clean(words, [(2, 5, "PER")]) == [(2, 3, "PER")]
    words = ["حفظ", "الله", "خادم", "الحرمين", "في", "سفره"]
    assert formulas.clean(words, [(1, 4, "PER")]) == [(2, 4, "PER")]


def test_edge_function_words_leave_the_name() -> None:
    assert formulas.clean(["قال", "له", "سامي"], [(1, 3, "PER")]) == [(2, 3, "PER")]
    assert formulas.clean(["رأى", "سامي", "الذي"], [(1, 3, "PER")]) == [(1, 2, "PER")]
    assert formulas.clean(["قال", "لهم"], [(1, 2, "PER")]) == []


def test_names_built_on_allah_are_kept() -> None:
    for words in (["عبد", "الله", "الشمري"], ["حزب", "الله"], ["رام", "الله"]):
        assert formulas.clean(words, [(0, len(words), "PER")]) == [(0, len(words), "PER")]
    # علي alone is a given name, not the preposition على with a pronoun
    assert formulas.clean(["علي", "حسن"], [(0, 2, "PER")]) == [(0, 2, "PER")]


def test_analyze_keeps_blessings_out_of_entities() -> None:
    art = rasd.analyze("افتتح الملك فهد رحمه الله المستشفى عام 1990، وقال الأمير سلطان حفظه الله إنه يوم سعيد.")
    texts = [m.text for e in art.entities if e.label != "MISC" for m in e.mentions if m.kind == "name"]
    assert not any("الله" in t for t in texts), texts
    assert "فهد" in texts
