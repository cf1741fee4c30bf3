"""Quotation marks paired by where they stand, and direct quotes with odd or unbalanced marks."""

from __future__ import annotations

from quote_support import contents, run

from rasd.article import Span, from_json, to_json
from rasd.stages.quotes.marks import find_quoted, walk

T = "عنوان الخبر\n\n"
P = {"e1": "خالد العلي"}


def pairs(text: str) -> list[str]:
    return [text[q.open + 1 : q.close] for q in walk(find_quoted(text, [Span(0, len(text), text)]))]


def test_marks_closing_mark_used_as_an_opening_one() -> None:
    assert pairs("وقال لـ”الوطن” إن العمل مستمر") == ["الوطن"]


def test_marks_straight_quotes_nested_in_straight_quotes() -> None:
    text = 'وأضافت المصادر: "الرجل اتهم "الجار" بإحراق السيارة ليلا".'
    assert pairs(text) == ['الرجل اتهم "الجار" بإحراق السيارة ليلا', "الجار"]


def test_marks_mixed_curly_and_straight_marks_pair() -> None:
    a = run(T + 'وقال خالد العلي: "نحن مستعدون للمباراة المقبلة”.\n', P)
    assert [(q.kind, q.content.text) for q in a.quotes] == [("direct", "نحن مستعدون للمباراة المقبلة")]


def test_marks_opening_mark_at_a_sentence_start_closes_the_open_one() -> None:
    a = run(T + "وقال خالد العلي “أنهينا الجولة الأولى بنجاح. “سنبدأ الجولة الثانية غدا مع الفريق.”\n", P)
    assert contents(a) == ["أنهينا الجولة الأولى بنجاح", "سنبدأ الجولة الثانية غدا مع الفريق"]
    assert [q.speaker_name for q in a.quotes] == ["خالد العلي"] * 2


def test_marks_closing_mark_after_a_full_stop_closes_every_open_level() -> None:
    text = "قال “الهتاف “يسقط الظلم و”يحيا العدل” لا يكفي وحده.” ثم غادر"
    outer = walk(find_quoted(text, [Span(0, len(text), text)]))[0]
    assert text[outer.close + 1 :].startswith(" ثم غادر")


def test_marks_missing_close_runs_to_the_paragraph_end() -> None:
    a = run(T + 'وقال خالد العلي: "العمل مستمر في المشروع حتى نهاية العام\n\nنص آخر هنا.\n', P)
    assert a.quotes[0].kind == "direct" and a.quotes[0].content.text == "العمل مستمر في المشروع حتى نهاية العام"


def test_quotes_record_round_trip_keeps_speaker_type_resolution_and_confidence() -> None:
    a = run(T + "قال خالد العلي إن الموسم انتهى.\n", P)
    back = from_json(to_json(a))
    assert back.quotes == a.quotes
    q = back.quotes[0]
    assert (q.speaker_type, q.resolution) == ("PER", "named") and q.confidence is not None
