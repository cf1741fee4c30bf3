from __future__ import annotations

import pytest

from rasd.arabic.dateparse import find_absolute_dates, parse_date_line


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("الأربعاء 2020/11/18", "2020-11-18"),
        ("18/11/2020", "2020-11-18"),
        ("2020-11-18", "2020-11-18"),
        ("18 نوفمبر 2020", "2020-11-18"),
        ("18 تشرين الثاني 2020", "2020-11-18"),
        ("الأربعاء 18 - 11 - 2020", "2020-11-18"),
        ("3 ربيع الثاني 1442 هـ", "2020-11-18"),
        ("25 شوال 1436 هـ الموافق 10 اغسطس 2015 م", "2015-08-10"),
        ("الثلاثاء ١٧ نوفمبر ٢٠٢٠", "2020-11-17"),
        ("18 جوان 2019", "2019-06-18"),
        ("الأحد 5 شباط 2017 - 10:30", "2017-02-05"),
    ],
)
def test_date_lines_in_many_formats(line: str, iso: str) -> None:
    assert parse_date_line(line) == iso


def test_a_sentence_with_a_date_is_not_a_date_line() -> None:
    line = "وقال الوزير في 18 نوفمبر 2020 إن الحكومة ستواصل العمل على الملف حتى نهايته"
    assert parse_date_line(line) is None
    (d,) = find_absolute_dates(line)
    assert line[d.start : d.end] == "18 نوفمبر 2020" and d.value == "2020-11-18"


def test_impossible_dates_are_rejected() -> None:
    assert find_absolute_dates("31/02/2020") == []
