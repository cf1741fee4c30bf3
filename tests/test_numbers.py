from __future__ import annotations

import pytest

from rasd.arabic.numbers import find_numbers, ordinal_value, parse_digits, unit_of, words_to_number


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("خمسمئة", 500),
        ("خمسمائة", 500),
        ("ألفين", 2000),
        ("ثلاثة آلاف", 3000),
        ("ثلاثة آلاف وخمسمئة", 3500),
        ("ألفين وخمسمائة", 2500),
        ("خمسة وعشرون", 25),
        ("أحد عشر", 11),
        ("اثنا عشر", 12),
        ("ثلاثة عشر", 13),
        ("مئة ألف", 100_000),
        ("سبعة ملايين وخمسمئة ألف", 7_500_000),
        ("مليون", 1_000_000),
        ("مليونين", 2_000_000),
        ("عشر", 10),
        ("تسعين", 90),
    ],
)
def test_numbers_written_in_words(phrase: str, value: float) -> None:
    assert words_to_number(phrase) == value


@pytest.mark.parametrize(
    ("phrase", "value"),
    [("ثلث", 1 / 3), ("نصف", 0.5), ("ربع", 0.25), ("ثلثي", 2 / 3), ("ثلاثة أرباع", 0.75)],
)
def test_fractions(phrase: str, value: float) -> None:
    (m,) = find_numbers(phrase)
    assert m.kind == "fraction" and m.value == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "value"),
    [("2500", 2500), ("٢٥٠٠", 2500), ("2,500", 2500), ("2.5", 2.5), ("٢٫٥", 2.5), ("1,500,000", 1_500_000),
     ("1.500.000", 1_500_000)],
)
def test_digit_forms(text: str, value: float) -> None:
    assert parse_digits(text) == value


def test_scale_words_after_digits() -> None:
    assert [(m.value, m.kind) for m in find_numbers("3 ملايين")] == [(3_000_000, "digits")]
    assert [m.value for m in find_numbers("2.5 مليار دولار")] == [2_500_000_000]
    assert [m.value for m in find_numbers("٥٠٠ ألف")] == [500_000]


def test_percentages() -> None:
    for text in ("40%", "40 في المئة", "40 في المائة", "40 بالمئة", "أربعين في المئة", "٤٠٪"):
        (m,) = find_numbers(text)
        assert (m.value, m.percent) == (40, True), text
        assert text[m.start : m.end] == text


def test_proclitics_are_left_out_of_the_span() -> None:
    text = "وبخمسة وعشرين"
    (m,) = find_numbers(text)
    assert text[m.start : m.end] == "خمسة وعشرين" and m.value == 25
    text = "بـ500 دولار"
    (m,) = find_numbers(text)
    assert text[m.start : m.end] == "500"


@pytest.mark.parametrize("text", ["أحد الجنود", "آلاف المتظاهرين", "الساعة 10:30", "اف16", "2020/11/18", "واحد"])
def test_not_numbers(text: str) -> None:
    assert find_numbers(text) == []


def test_ordinals_for_days() -> None:
    assert ordinal_value(["الخامس"]) == (5, 1)
    assert ordinal_value(["الحادي", "والعشرين"]) == (21, 2)
    assert ordinal_value(["الثالث", "عشر"]) == (13, 2)
    assert ordinal_value(["القوات"]) is None


def test_units_fold_plurals_and_proclitics() -> None:
    unit = unit_of("وجنود")
    assert unit is not None and (unit.singular, unit.category) == ("جندي", "soldier")
    unit = unit_of("دولارا")
    assert unit is not None and unit.category == "money"
    assert unit_of("الحكومة") is None
