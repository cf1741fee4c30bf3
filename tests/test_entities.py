"""The entity stage: mention spans, gazetteer labels, grouping per article."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.article import Article, check_spans
from rasd.pipeline import analyze, stage_names


def _entities(text: str) -> Article:
    return analyze(text, until="entities")


def _by_canonical(article: Article) -> dict[str, object]:
    return {e.canonical: e for e in article.entities}


def test_entities_stage_follows_structure():
    names = stage_names()
    assert names.index("entities") == names.index("structure") + 1


def test_mention_spans_leave_out_proclitics_and_keep_the_article():
    a = _entities("وصل الوفد وبالعراق أمس.\n\nوأكد مسؤولون في العراق أن الوفد سيزور بغداد وواشنطن.")
    assert not check_spans(a)
    texts = [m.text for e in a.entities for m in e.mentions]
    assert "العراق" in texts and "وبالعراق" not in texts
    assert "واشنطن" in texts and "وواشنطن" not in texts
    iraq = _by_canonical(a)["العراق"]
    assert iraq.label == "GPE" and iraq.en == "Iraq" and iraq.country == "IRQ"
    assert len(iraq.mentions) == 2


def test_surname_joins_the_full_name():
    a = _entities("أكد رئيس الوزراء العراقي مصطفى الكاظمي التزامه بالاتفاق.\n\n"
                  "وأعلن الكاظمي أن حكومته تتباحث مع الجانب الأميركي.")
    people = [e for e in a.entities if e.label == "PER"]
    assert len(people) == 1
    assert people[0].canonical == "مصطفى الكاظمي"
    assert [m.text for m in people[0].mentions] == ["مصطفى الكاظمي", "الكاظمي"]


def test_nisba_alone_is_not_an_entity():
    a = _entities("قال المسؤول العراقي إن القوات الأميركية ستبقى.")
    texts = {m.text for e in a.entities for m in e.mentions}
    assert "العراقي" not in texts and "الأميركية" not in texts


def test_gazetteer_gives_the_canonical_name_of_a_country_variant():
    a = _entities("لا تتأثر الحكومة بمن يحكم الولايات المتحدة الأميركية.\n\nوزار الوفد الولايات المتحدة.")
    us = [e for e in a.entities if e.canonical == "الولايات المتحدة"]
    assert len(us) == 1 and us[0].label == "GPE" and us[0].country == "USA"
    assert {m.text for m in us[0].mentions} >= {"الولايات المتحدة"}


def test_ids_follow_first_mention_and_spans_hold(seed_text: str):
    a = _entities(seed_text)
    assert not check_spans(a)
    assert [e.id for e in a.entities] == [f"e{i}" for i in range(1, len(a.entities) + 1)]
    firsts = [min(m.start for m in e.mentions) for e in a.entities]
    assert firsts == sorted(firsts)
    for e in a.entities:
        assert e.label in {"PER", "ORG", "GPE", "LOC", "MISC"}
        for m in e.mentions:
            assert m.kind == "name" and m.text == a.text[m.start:m.end]
            assert not m.text.startswith(("وال", "بال", "وبال", "فال", "كال", "لل", "ولل"))


def test_empty_and_punctuation_only_articles():
    assert _entities("").entities == ()
    assert _entities("!!! ...").entities == ()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["وبالعراق", "الكاظمي", "مصطفى", "«", "»", "ولجان", "للحكومة", "العراقية",
                                 "بغداد", "-", ".", "\n", " ", "تنظيم", "داعش", "2020", "x", "ـ", "\u064e", "ال"]),
                max_size=40))
def test_spans_hold_on_hostile_text(parts: list[str]):
    a = _entities(" ".join(parts))
    assert not check_spans(a)
    for e in a.entities:
        assert e.mentions and all(m.start < m.end for m in e.mentions)


def test_a_name_the_gazetteer_knows_as_written_keeps_its_first_letter():
    # لولا could be ل + ولا; the person table knows "لولا دا سيلفا" whole
    text = "وحضر المباراة الرئيس البرازيلي لولا دا سيلفا."
    art = analyze(text, None)
    (lula,) = [e for e in art.entities if e.label == "PER"]
    assert lula.canonical == "لولا دا سيلفا" and lula.country == "BRA"
    names = [m for m in lula.mentions if m.kind == "name"]
    assert [text[m.start:m.end] for m in names] == ["لولا دا سيلفا"]
    assert any(m.kind == "role" for m in lula.mentions)  # الرئيس البرازيلي joins him


def test_byline_place_and_reporter_are_entities_too():
    text = ("وزير يحدد مهلة للرد على الاستفسارات\n\nالرياض: يوسف الحمادي\n\n"
            "أصدر وزير التجارة قرارا جديدا اليوم يلزم الشركات بالرد على الاستفسارات خلال خمسة أيام.\n")
    art = analyze(text, None)
    assert art.byline is not None
    inside = {(e.label, m.text) for e in art.entities for m in e.mentions
              if art.byline.start <= m.start and m.end <= art.byline.end}
    assert ("GPE", "الرياض") in inside


def test_an_institution_named_after_a_king_is_one_name_with_its_head():
    text = "نقل المصاب إلى مستشفى الملك فهد التخصصي، ثم إلى مطار الملك خالد الدولي."
    art = analyze(text, None)
    names = {(e.label, m.text) for e in art.entities for m in e.mentions if m.kind == "name"}
    assert ("LOC", "مستشفى الملك فهد التخصصي") in names  # a hospital is a facility (GUIDELINES.md)
    assert ("LOC", "مطار الملك خالد الدولي") in names
    assert not any(label == "PER" for label, _ in names)
