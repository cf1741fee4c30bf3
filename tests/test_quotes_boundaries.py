"""Boundaries: reported words end where the statement ends."""

from __future__ import annotations

from quote_support import by_content, contents, run

T = "عنوان الخبر\n\n"
P = {"e1": "خالد العلي"}


def test_quotes_boundary_sentence_end() -> None:
    a = run(T + "قال خالد العلي إن المشروع اكتمل. ويعمل في المشروع مئة مهندس.\n", P)
    assert contents(a) == ["المشروع اكتمل"]


def test_quotes_boundary_closing_mark() -> None:
    a = run(T + 'وقال خالد العلي: "سنبدأ التشغيل غدا" في مؤتمر صحفي عقده أمس.\n', P)
    assert contents(a) == ["سنبدأ التشغيل غدا"]


def test_quotes_boundary_participle_without_a_comma_starts_a_second_quote() -> None:
    a = run(T + "قال خالد العلي إن الطرق الجديدة آمنة مشددا على أن الصيانة مستمرة طوال العام.\n", P)
    assert contents(a) == ["الطرق الجديدة آمنة", "الصيانة مستمرة طوال العام"]
    assert [q.speaker_name for q in a.quotes] == ["خالد العلي"] * 2


def test_quotes_boundary_joined_verb_of_saying() -> None:
    a = run(T + "قال خالد العلي إن الاتفاق قريب، وأكد أن التوقيع سيكون الأسبوع المقبل.\n", P)
    assert contents(a) == ["الاتفاق قريب", "التوقيع سيكون الأسبوع المقبل"]
    assert a.quotes[1].speaker_name == "خالد العلي" and a.quotes[1].resolution == "continuation"


def test_quotes_boundary_kama_with_a_verb_of_saying() -> None:
    a = run(T + "قال خالد العلي إن الموسم كان ناجحا، كما أوضح أن الفريق سيتعاقد مع مدرب جديد.\n", P)
    assert contents(a) == ["الموسم كان ناجحا", "الفريق سيتعاقد مع مدرب جديد"]


def test_quotes_boundary_writer_clause_after_fi_waqt() -> None:
    a = run(T + "قال خالد العلي إن الأسعار ستنخفض في وقت أشار فيه التجار إلى ارتفاع الطلب.\n", P)
    assert by_content(a, "الأسعار").content.text == "الأسعار ستنخفض"


def test_quotes_boundary_attribution_ends_the_clause() -> None:
    a = run(T + "قال خالد العلي إن المصنع سيغلق، بحسب وكالة الأنباء الرسمية.\n", P)
    assert by_content(a, "المصنع").content.text == "المصنع سيغلق"


def test_quotes_boundary_nested_report_gives_both_records() -> None:
    a = run(T + "وذكر بيان للوزارة أن الفريق قال إن الوضع في المدينة مستقر.\n")
    assert contents(a) == ["الفريق قال إن الوضع في المدينة مستقر", "الوضع في المدينة مستقر"]
    assert [q.speaker_name for q in a.quotes] == ["الوزارة", "الفريق"]


def test_quotes_boundary_colon_account_keeps_what_others_told_the_speaker() -> None:
    a = run(T + "وقال خالد العلي: راجعت الشركة مرارا وأخبروني بأن الطلب مكتمل ولم يحضر أحد منهم.\n", P)
    assert a.quotes[0].content.text == "راجعت الشركة مرارا وأخبروني بأن الطلب مكتمل ولم يحضر أحد منهم"


def test_quotes_boundary_quotation_left_open_ends_before_the_writers_next_sentence() -> None:
    a = run(T + 'وقال خالد العلي: "نعمل على توسعة المصنع منذ عام. إلى ذلك، تراجعت أسعار الحديد في السوق.\n', P)
    assert a.quotes[0].kind == "direct" and a.quotes[0].content.text == "نعمل على توسعة المصنع منذ عام"


def test_quotes_boundary_object_ends_before_a_clause_of_time() -> None:
    a = run(T + "وأعلن خالد العلي انسحابه من السباق بعدما خسر الجولة الأولى.\n", P)
    assert contents(a) == ["انسحابه من السباق"]


def test_quotes_boundary_small_report_inside_an_account_ends_with_its_clause() -> None:
    a = run(T + "وقال خالد العلي: راجعت المكتب مرات كثيرة خلال الشهرين الماضيين للحصول على الموافقة "
            "المطلوبة للمشروع، وأفادني بأن الملف ناقص، ولم يتغير شيء منذ ذلك الوقت حتى الآن.\n", P)
    assert "الملف ناقص" in contents(a)


def test_quotes_boundary_source_at_a_sentence_start_needs_its_clause_after() -> None:
    a = run(T + "وأعلنت الشرطة القبض على المتهمين.بحسب وكالة الأنباء الرسمية.\n")
    assert all(not q.content.text.startswith("الرسمية") for q in a.quotes)
    assert [q.cue.text for q in a.quotes if q.cue] == ["أعلنت"]
