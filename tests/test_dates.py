from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from rasd.arabic.dateparse import find_absolute_dates
from rasd.article import Article, Published, Source, check_spans
from rasd.pipeline import analyze
from rasd.stages.dates import analyze_dates, find_dates, publication_date

WED = dt.date(2020, 11, 18)  # a Wednesday

MSA = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]
LEVANTINE = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول",
             "تشرين الثاني", "كانون الأول"]
MAGHREBI = ["جانفي", "فيفري", "مارس", "أفريل", "ماي", "جوان", "جويلية", "أوت", "سبتمبر", "أكتوبر", "نوفمبر",
            "ديسمبر"]


def _one(text: str, anchor: dt.date | None = WED) -> tuple[str, str, str]:
    found = find_dates(text, anchor)
    assert len(found) == 1, [(text[d.start : d.end], d.value) for d in found]
    d = found[0]
    return text[d.start : d.end], d.value, d.granularity


@pytest.mark.parametrize("series", [MSA, LEVANTINE, MAGHREBI], ids=["msa", "levantine", "maghrebi"])
def test_every_month_of_every_series(series: list[str]) -> None:
    for number, name in enumerate(series, start=1):
        text = f"وقع ذلك في 7 {name} 2015 بحسب المصدر"
        assert _one(text)[1:] == (f"2015-{number:02d}-07", "day"), name
        assert _one(f"خلال {name} 2016 الماضي")[1] == f"2016-{number:02d}", name


def test_month_spelling_variants_and_double_names() -> None:
    assert _one("في 10 اغسطس 2015")[1] == "2015-08-10"
    assert _one("في 3 إبريل 2019")[1] == "2019-04-03"
    assert _one("في حزيران/يونيو 2014 سيطر")[0:2] == ("حزيران/يونيو 2014", "2014-06")
    assert _one("في تشرين الثاني (نوفمبر) 2020")[1] == "2020-11"


def test_numeric_formats_and_arabic_indic_digits() -> None:
    assert _one("2020/11/18")[1] == "2020-11-18"
    assert _one("18-11-2020")[1] == "2020-11-18"
    assert _one("١٨/١١/٢٠٢٠")[1] == "2020-11-18"
    assert _one("الثلاثاء ١٧ نوفمبر ٢٠٢٠")[0:2] == ("الثلاثاء ١٧ نوفمبر ٢٠٢٠", "2020-11-17")
    assert find_absolute_dates("31/02/2020") == []


def test_old_years_with_a_month_name() -> None:
    assert _one("ولد في 6 يونيو 1799، من")[1] == "1799-06-06"


def test_ordinal_days() -> None:
    assert _one("في الخامس من يونيو 2015")[1] == "2015-06-05"
    assert _one("في الحادي والعشرين من مارس 2011")[1] == "2011-03-21"


def test_hijri_dates_convert_with_hijridate() -> None:
    assert _one("3 ربيع الثاني 1442 هـ") == ("3 ربيع الثاني 1442 هـ", "2020-11-18", "day")
    text = "25 شوال 1436 هـ الموافق 10 اغسطس 2015 م"
    assert _one(text) == (text, "2015-08-10", "day")
    assert _one("في 1 رمضان 1436هـ")[1] == "2015-06-18"
    (d,) = find_absolute_dates("في 1 رمضان 1436هـ")
    assert d.calendar == "hijri"
    assert _one("خلال عام 1436 هـ")[1:] == ("2015", "year")
    assert _one("مع بداية عام 1343هـ")[1] == "1924"  # a Hijri year straddles two Gregorian ones


def test_years_need_a_cue() -> None:
    assert _one("منتصف عام 2014 على") == ("منتصف عام 2014", "2014", "year")
    assert _one("اجتاحها التنظيم صيف 2014، إلا") == ("صيف 2014", "2014", "season")
    assert _one("منذ 2011 والبلاد")[1] == "2011"
    assert _one("تأسست 1932م")[1] == "1932"
    assert [d.value for d in find_dates("بين عامي 2014 و2015", WED)] == ["2014", "2015"]
    assert _one("في التسعينيات من القرن الماضي")[1:] == ("199", "decade")
    assert _one("حتى 2014 كان")[1] == "2014"
    assert [d.value for d in find_dates("من 2018 إلى 2024", WED)] == ["2018", "2024"]
    assert [d.value for d in find_dates("في 2014 و2015", WED)] == ["2014", "2015"]
    assert _one("العام الماضي 2014م")[1] == "2014"
    assert _one("في الربع الأول من 2015")[1:] == ("2015", "quarter")


def test_hijri_year_pairs() -> None:
    assert [d.value for d in find_dates("للعام الجامعي 1435 / 1436هـ", WED)] == ["2014", "2015"]


def test_hijri_numeric_dates() -> None:
    assert _one("بتاريخ 3/2/1385هـ")[1:] == ("1965-06-02", "day")
    assert _one("في 1436/10/25هـ")[1] == "2015-08-10"


@pytest.mark.parametrize("text", ["نشر 2500 جندي", "في 2000 جندي أميركي", "بلغ العدد 2014 شخصا",
                                  "حتى 2020 دولار", "نحو 1999 قتيلا", "رقم 2015", "بنسبة 2014%"])
def test_numbers_that_are_not_dates(text: str) -> None:
    assert find_dates(text, WED) == []


@pytest.mark.parametrize(
    ("text", "value", "granularity"),
    [
        ("قال أمس إن", "2020-11-17", "day"),
        ("أول أمس", "2020-11-16", "day"),
        ("وصل اليوم إلى بغداد", "2020-11-18", "day"),
        ("يصل غدا إلى", "2020-11-19", "day"),
        ("الأسبوع المقبل", "2020-W48", "week"),
        ("الأسبوع الماضي", "2020-W46", "week"),
        ("الشهر الماضي", "2020-10", "month"),
        ("العام المقبل", "2021", "year"),
        ("السنة الماضية", "2019", "year"),
        ("مطلع العام", "2020", "year"),
        ("نهاية العام الجاري", "2020", "year"),
        ("صيف العام الماضي", "2019", "season"),
        ("في يونيو الماضي", "2020-06", "month"),
        ("ديسمبر المقبل", "2020-12", "month"),
        ("قبل ثلاثة أيام", "2020-11-15", "day"),
        ("منذ عامين", "2018", "year"),
        ("في 5 يناير", "2021-01-05", "day"),
        ("في 20 أكتوبر", "2020-10-20", "day"),
        ("في فبراير من العام الماضي", "2019-02", "month"),
        ("يوم 13 من الشهر المقبل", "2020-12-13", "day"),
        ("أواخر العام الميلادي 2014", "2014", "year"),
    ],
)
def test_relative_dates_resolve_against_publication(text: str, value: str, granularity: str) -> None:
    assert _one(text)[1:] == (value, granularity)


def test_weekdays_resolve_to_the_most_recent_previous_or_next() -> None:
    assert _one("أعلن الثلاثاء")[1] == "2020-11-17"
    assert _one("أعلن الأربعاء")[1] == "2020-11-18"  # publication day itself
    assert _one("أعلن الخميس")[1] == "2020-11-12"
    assert _one("الثلاثاء الماضي")[1] == "2020-11-17"
    assert _one("الأربعاء الماضي")[1] == "2020-11-11"
    assert _one("الخميس المقبل")[1] == "2020-11-19"
    assert _one("الأربعاء المقبل")[1] == "2020-11-25"
    assert _one("الجمعة الماضية")[1] == "2020-11-13"
    assert _one("وسيزور الرئيس القاهرة الخميس")[1] == "2020-11-19"  # future tense: the next one
    assert _one("يوم السبت")[1] == "2020-11-14"


def test_a_weekday_beside_yesterday_or_today_wins() -> None:
    # the anchor may be a scrape date a day late; the writer's weekday is the better witness
    fri = dt.date(2015, 7, 31)
    assert [(d.value) for d in find_dates("جلسة يوم أمس (الأربعاء)، حيث", fri)] == ["2015-07-29"]
    assert [(d.value) for d in find_dates("فجر اليوم الجمعة", fri)] == ["2015-07-31"]


def test_the_newspaper_alyaum_is_not_today() -> None:
    assert find_dates("عنوان\n\nاليوم - الدمام\n\nدعا المرجع", WED) == []


def test_vague_and_named_days_are_not_dates() -> None:
    for text in ("خلال الأشهر الماضية", "منذ سنوات", "قبل أيام", "اليوم الوطني", "اليوم التالي", "بين الاثنين",
                 "في مارس الحكم", "منذ عام 201. وقالت", "لقضاء باقي اليوم فيها", "عمر إبراهيم – عين اليوم"):
        assert find_dates(text, WED) == [], text


def test_relative_dates_need_a_publication_date() -> None:
    assert find_dates("قال أمس", None) == []
    assert [d.value for d in find_dates("قال أمس في 3 مايو 2015", None)] == ["2015-05-03"]


def test_publication_date_falls_back_to_source_metadata() -> None:
    a = Article.from_text("وقال الثلاثاء إن", Source(date="2015-07-21T10:00:00"))
    assert publication_date(a) == dt.date(2015, 7, 21)
    out = analyze_dates(a)
    assert [(d.text, d.value) for d in out.dates] == [("الثلاثاء", "2015-07-21")]
    assert check_spans(out) == []


def test_the_date_line_is_a_published_date() -> None:
    text = "عنوان\nالأربعاء 2020/11/18\nوقال الوزير أمس إن"
    a = replace(Article.from_text(text), published=Published(6, 25, text[6:25], "2020-11-18"))
    a = analyze_dates(a)
    roles = [(d.text, d.role, d.value) for d in a.dates]
    assert roles == [("الأربعاء 2020/11/18", "published", "2020-11-18"), ("أمس", "mention", "2020-11-17")]


def test_seed_dates(seed_text: str) -> None:
    a = analyze(seed_text, until="dates")
    assert check_spans(a) == []
    got = [(d.text, d.value, d.role) for d in a.dates]
    assert got == [
        ("الأربعاء 2020/11/18", "2020-11-18", "published"),
        ("الثلاثاء", "2020-11-17", "mention"),
        ("الثلاثاء", "2020-11-17", "mention"),
        ("منتصف عام 2014", "2014", "mention"),
        ("عام 2017", "2017", "mention"),
        ("صيف 2014", "2014", "mention"),
    ]
