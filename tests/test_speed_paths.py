"""The fast paths of issue 17 give what the plain ones give (identity is also checked
whole by tests/test_output_identity.py; these pin each shortcut on its own)."""

from __future__ import annotations

from importlib import resources

import pytest

from rasd.arabic import dateparse
from rasd.arabic.normalize import _FOLD, SHORT, normalize, normalize_text
from rasd.arabic.numbers import _may_start_number, _starts_number, find_numbers
from rasd.article import Source, to_json
from rasd.pipeline import analyze
from rasd.stages.roles import make_words
from rasd.store.rows import pack_record, prepare, unpack_record


def _examples() -> list[str]:
    folder = resources.files("rasd.examples").joinpath("articles")
    return [p.read_text(encoding="utf-8") for p in sorted(folder.iterdir(), key=lambda p: p.name)
            if p.name.endswith(".txt")]


DATE_LINES = [
    "الأربعاء 2020/11/18", "18/11/2020", "2020-11-18", "18 نوفمبر 2020", "الأربعاء 18 - 11 - 2020",
    "3 ربيع الثاني 1442 هـ", "25 شوال 1436 هـ الموافق 10 اغسطس 2015 م", "الثلاثاء ١٧ نوفمبر ٢٠٢٠",
    "منتصف عام 2014", "صيف 2014", "عامي 2014 و2015", "من 2010 إلى 2015", "في التسعينيات", "2014م",
    "1436 هـ", "الربع الأول من عام 2019", "العام الماضي 2019", "1435/1436هـ", "12/5/1436", "حزيران/يونيو 2014",
]


def test_dates_core_is_in_every_match_of_its_pattern() -> None:
    """A pattern is skipped on a text without its core: sound only if every match holds it."""
    cores = dateparse._cores()
    texts = [normalize(t).text for t in [*_examples(), *DATE_LINES]]
    matched = set()
    for name, pat in dateparse._compiled():
        for text in texts:
            for m in pat.finditer(text):
                matched.add(name)
                assert cores[name].search(m.group()), (name, m.group())
    assert len(matched) >= 15  # the check saw most patterns match


@pytest.mark.parametrize("line", DATE_LINES)
def test_dates_found_with_and_without_the_core_filter(line: str) -> None:
    assert dateparse.find_absolute_dates(line) == dateparse.find_absolute_dates(line, prefilter=False)


def test_normalize_text_short_strings_from_the_cache_fold_as_long_ones() -> None:
    words = ["أحمد", "إلى", "مدرسةٌ", "٢٠٢٠", "ـالـ", "abc", "ﻻ", "a" * SHORT + "ى"]
    for w in words:
        assert normalize_text(w) == normalize_text(w) == w.translate(_FOLD[True])
        long = " ".join([w] * (SHORT + 1))
        assert normalize_text(long) == " ".join([normalize_text(w)] * (SHORT + 1))


def test_numbers_the_candidate_scan_finds_glued_and_worded_numbers() -> None:
    text = "قتل خمسة وعشرون جنديا و2500 مدني في G20 الساعة 10:30 و40% من السكان وثلاثة آلاف وخمسمئة"
    got = [(text[n.start:n.end], n.value) for n in find_numbers(text)]
    assert got == [("خمسة وعشرون", 25.0), ("2500", 2500.0), ("40%", 40.0), ("ثلاثة آلاف وخمسمئة", 3500.0)]


def test_roles_words_keep_offsets_and_forms() -> None:
    text = "وقال وزير الخارجية، للأمم المتحدة: «نعم»."
    ws = make_words(text, 0, len(text))
    assert all(text[w.start:w.end] == w.text for w in ws)
    assert [w.kind for w in ws][:3] == ["word", "word", "word"]
    first = ws[0]
    assert (first.norm, first.bare) == ("وقال", "قال") and first.forms() == (first.norm, first.bare, first.stem)
    assert ws[0] == make_words(text, 0, len(text))[0] and len({ws[0], ws[0]}) == 1


def test_store_prepared_record_is_packed_in_the_worker_and_reads_back_whole() -> None:
    art = analyze(_examples()[0], Source(outlet="example"))
    p = prepare(art)
    assert p.record == to_json(art)
    assert p.packed == pack_record(to_json(art)) and unpack_record(p.packed) == to_json(art)


def test_numbers_starter_set_agrees_with_the_rule_on_every_word() -> None:
    words = {w for t in _examples() for w in normalize(t).text.split()}
    words |= {c + w for w in ("خمسة", "الف", "مليون", "ثلث", "عشرين") for c in ("", "و", "وب", "لل", "ال", "فك")}
    for w in words:
        assert _may_start_number(w) == _starts_number(w), w
