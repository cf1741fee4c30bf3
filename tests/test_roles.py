"""Roles: title phrases, their countries, and the people they are joined to."""

from __future__ import annotations

import re

from rasd.article import Article, Entity, Mention, check_spans
from rasd.pipeline import analyze
from rasd.stages.roles import analyze_roles, find_roles, link_roles, merge_surnames


def with_people(text: str, people: dict[str, str], label: str = "PER") -> Article:
    """The structure of ``text`` plus hand-made entities: id -> name, every occurrence a mention."""
    a = analyze(text, until="structure")
    ents = []
    for eid, name in people.items():
        ms = tuple(Mention(m.start(), m.end(), name) for m in re.finditer(re.escape(name), text))
        ents.append(Entity(eid, label if not eid.startswith("g") else "GPE", name, ms))
    return Article(**{**{f: getattr(a, f) for f in a.__slots__}, "entities": tuple(ents)})  # type: ignore[attr-defined]


def roles_of(a: Article) -> list[tuple[str, str | None, str | None]]:
    return [(r.text, r.entity, r.country) for r in link_roles(find_roles(a))]


def test_roles_title_with_nisba_country_and_apposition() -> None:
    a = with_people("عنوان\n\nوقال وزير الخارجية الأميركي مايك بومبيو إن المحادثات مستمرة.\n", {"e1": "مايك بومبيو"})
    assert roles_of(a) == [("وزير الخارجية الأميركي", "e1", "USA")]


def test_roles_acting_title_keeps_its_modifier() -> None:
    a = with_people("عنوان\n\nوأعلن وزير الدفاع الأميركي بالوكالة كريس ميلر الثلاثاء سحب القوات.\n", {"e1": "كريس ميلر"})
    assert roles_of(a) == [("وزير الدفاع الأميركي بالوكالة", "e1", "USA")]


def test_roles_spokesman_and_secretary_general() -> None:
    a = with_people("عنوان\n\nقال المتحدث باسم وزارة الداخلية إن الوضع هادئ، ودعا الأمين العام للأمم المتحدة إلى التهدئة.\n", {})
    texts = [t for t, _e, _c in roles_of(a)]
    assert texts == ["المتحدث باسم وزارة الداخلية", "الأمين العام للأمم المتحدة"]


def test_roles_ambassador_to_a_country() -> None:
    a = with_people("عنوان\n\nوأكد السفير السعودي لدى واشنطن أن العلاقات متينة.\n", {})
    assert roles_of(a) == [("السفير السعودي لدى واشنطن", None, "SAU")]


def test_roles_same_title_later_joins_the_same_person() -> None:
    text = "عنوان\n\nأكد رئيس الوزراء العراقي مصطفى الكاظمي التزامه.\n\nوقال رئيس الوزراء العراقي إن الحوار مستمر.\n"
    a = with_people(text, {"e1": "مصطفى الكاظمي"})
    assert [(t, e) for t, e, _c in roles_of(a)] == [("رئيس الوزراء العراقي", "e1"), ("رئيس الوزراء العراقي", "e1")]


def test_roles_name_before_title_is_apposition() -> None:
    a = with_people("عنوان\n\nأكد فايز الأحمدي، نائب رئيس الاتحاد السعودي لكرة السلة، أن الفريق جاهز.\n", {"e1": "فايز الأحمدي"})
    (text, eid, _country), = roles_of(a)
    assert eid == "e1" and text.startswith("نائب رئيس الاتحاد السعودي")


def test_roles_short_title_refers_to_the_last_matching_person() -> None:
    text = "عنوان\n\nالتقى وزير الخارجية الأميركي جون كيري نظيره.\n\nوقال الوزير إن اللقاء كان مثمرا.\n"
    a = with_people(text, {"e1": "جون كيري"})
    assert [(t, e) for t, e, _c in roles_of(a)] == [("وزير الخارجية الأميركي", "e1"), ("الوزير", "e1")]


def test_roles_title_without_name_becomes_its_own_person() -> None:
    text = "عنوان\n\nوقال المتحدث باسم وزارة الداخلية إن الوضع هادئ.\n\nوأضاف المتحدث باسم وزارة الداخلية أن التحقيق مستمر.\n"
    out = analyze_roles(with_people(text, {}))
    (e,) = out.entities
    assert e.label == "PER" and e.canonical == "المتحدث باسم وزارة الداخلية"
    assert [m.kind for m in e.mentions] == ["role", "role"]
    assert check_spans(out) == []


def test_roles_bare_definite_title_inside_a_place_name_is_dropped() -> None:
    out = analyze_roles(with_people("عنوان\n\nعقد المؤتمر في شرم الشيخ أمس.\n", {}))
    assert out.entities == ()


def test_roles_mentions_join_the_person_with_kind_role() -> None:
    text = "عنوان\n\nأكد رئيس الوزراء العراقي مصطفى الكاظمي التزامه.\n"
    out = analyze_roles(with_people(text, {"e1": "مصطفى الكاظمي"}))
    (e,) = out.entities
    assert [(m.text, m.kind) for m in e.mentions] == [("رئيس الوزراء العراقي", "role"), ("مصطفى الكاظمي", "name")]
    assert e.country == "IRQ"


def test_roles_surname_joins_the_full_name() -> None:
    ents = [Entity("e1", "PER", "مصطفى الكاظمي", (Mention(0, 13, "مصطفى الكاظمي"),)),
            Entity("e2", "PER", "الكاظمي", (Mention(20, 27, "الكاظمي"),)),
            Entity("e3", "GPE", "العراق", (Mention(30, 36, "العراق"),))]
    out, merged = merge_surnames(ents)
    assert merged == {"e2": "e1"}
    assert [e.id for e in out] == ["e1", "e3"]
    assert [m.text for m in out[0].mentions] == ["مصطفى الكاظمي", "الكاظمي"]


def test_roles_surname_shared_by_two_people_is_left_alone() -> None:
    ents = [Entity("e1", "PER", "علي الحربي", ()), Entity("e2", "PER", "تركي الحربي", ()),
            Entity("e3", "PER", "الحربي", ())]
    _out, merged = merge_surnames(ents)
    assert merged == {}


def test_head_title_at_end_of_sentence_does_not_crash() -> None:
    # regression (SaudiNewsNet): a head title whose complement ends the sentence made
    # match_role look one word past the end
    from rasd import analyze

    a = analyze("عنوان الخبر\n\nحضر رئيس اتحاد القدم اجتماع عبدالله بن مساعد\n")
    assert a.text.endswith("بن مساعد\n")


def test_roles_honorific_after_a_title_ending_in_an_indefinite_noun_is_its_genitive() -> None:
    a = with_people("عنوان\n\nوقال مدير مكتب الأمير سلمان الفهد إن الزيارة ناجحة.\n", {"e1": "سلمان الفهد"})
    assert all(e is None for _t, e, _c in roles_of(a) if _t.startswith("مدير"))
    b = with_people("عنوان\n\nوقال المدير العام الدكتور سلمان الفهد إن الخطة جاهزة.\n", {"e1": "سلمان الفهد"})
    assert any(e == "e1" for _t, e, _c in roles_of(b))
