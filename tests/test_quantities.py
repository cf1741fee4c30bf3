from __future__ import annotations

import pytest

from rasd.article import check_spans
from rasd.pipeline import analyze
from rasd.stages.quantities import find_quantities


def _q(text: str) -> list[tuple[str, float, str | None, str | None]]:
    return [(q.text, q.value, q.unit, q.counts) for q in find_quantities(text)]


def test_counted_noun_after_min_and_direct() -> None:
    got = _q("إعادة 500 من جنود بلاده وبقاء 2500 جندي أميركي في العراق")
    assert got == [("500 من جنود", 500, "جندي", "جنود بلاده"), ("2500 جندي", 2500, "جندي", "جندي أميركي")]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("نشر خمسمئة جندي", 500, "جندي"),
        ("قتل ألفين وخمسمائة شخص", 2500, "شخص"),
        ("ثلاثة آلاف مقاتل", 3000, "مقاتل"),
        ("يسكنها 3 ملايين نسمة", 3_000_000, "نسمة"),
        ("بقيمة 2.5 مليار دولار", 2_500_000_000, "دولار"),
        ("قطع ١٢ كيلومترا", 12, "كيلومتر"),
        ("أنتج 200 ألف برميل يوميا", 200_000, "برميل"),
    ],
)
def test_values_and_units(text: str, value: float, unit: str) -> None:
    (q,) = find_quantities(text)
    assert (q.value, q.unit) == (value, unit)
    assert text[q.start : q.end] == q.text


def test_money_has_a_category() -> None:
    (q,) = find_quantities("مساعدات بقيمة 2.5 مليار دولار أميركي")
    assert q.category == "money" and q.counts == "دولار أميركي"


def test_percent_and_what_it_counts() -> None:
    (q,) = find_quantities("حصل على 40 في المئة من الأصوات")
    assert (q.value, q.unit, q.counts) == (40, "%", "الأصوات")
    (q,) = find_quantities("بنسبة 40%")
    assert (q.value, q.unit) == (40, "%")


def test_fraction_counts_its_noun() -> None:
    (q,) = find_quantities("سيطر على ثلث مساحة العراق")
    assert q.value == pytest.approx(1 / 3) and q.category == "fraction" and q.counts == "مساحة العراق"
    assert find_quantities("بلغ نصف نهائي البطولة") == []


def test_identifiers_are_not_quantities() -> None:
    assert find_quantities("بموجب المادة 5 من القرار 2254") == []
    assert find_quantities("سجل في الدقيقة 68 عندما") == []
    assert find_quantities("المحاور:\n1- مشروع مجمع\n2. مشروع آخر") == []
    assert find_quantities("مذكرات فاتن حمامة (5): الجاسوس") == []


def test_a_preposition_phrase_is_not_the_counted_noun() -> None:
    assert [(q.value, q.unit) for q in find_quantities("ونالت بكين 44 صوتا مقابل 40 لالماتي")] == [
        (44, "صوت"), (40, None)]
    assert find_quantities("انخفضت مساحات العقارات للنصف الأول من العام") == []


def test_counts_keep_qualifiers_but_not_the_next_clause() -> None:
    (q,) = find_quantities("تجاوز 19.3 مليون بطاقة بزيادة كبيرة")
    assert (q.value, q.unit, q.counts) == (19_300_000, "بطاقة", "بطاقة")


def test_seed_quantities_leave_dates_alone(seed_text: str) -> None:
    a = analyze(seed_text, until="quantities")
    assert check_spans(a) == []
    got = [(q.text, round(q.value, 3), q.unit) for q in a.quantities]
    assert ("500 من جنود", 500, "جندي") in got and ("2500 جندي", 2500, "جندي") in got
    assert ("ثلث مساحة", 0.333, "مساحة") in got
    assert not any(q.value in (2014, 2017, 2020) for q in a.quantities)
