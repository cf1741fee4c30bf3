"""Frames: where reported words start, for each way news introduces them."""

from __future__ import annotations

from quote_support import by_content, contents, run

T = "عنوان الخبر\n\n"


def test_quotes_frame_complementizer_with_pronoun_leaves_out_the_pronoun() -> None:
    a = run(T + "وأكد خالد العلي أنه سيزور المصنع الأسبوع المقبل.\n", {"e1": "خالد العلي"})
    assert contents(a) == ["سيزور المصنع الأسبوع المقبل"]


def test_quotes_frame_colon() -> None:
    a = run(T + "وقال خالد العلي: نعمل على توسيع المشروع خلال العام.\n", {"e1": "خالد العلي"})
    assert contents(a) == ["نعمل على توسيع المشروع خلال العام"]


def test_quotes_frame_quotation_that_the_clause_goes_on_after_is_part_of_the_clause() -> None:
    a = run(T + 'ووصف خالد العلي الاتفاق بأنه "خطوة مهمة جدا" تفتح الباب لتعاون أوسع.\n', {"e1": "خالد العلي"})
    assert contents(a) == ['خطوة مهمة جدا" تفتح الباب لتعاون أوسع']


def test_quotes_frame_quotative_participle() -> None:
    a = run(T + "ومضى خالد العلي قائلا إن التجربة كانت صعبة على الجميع.\n", {"e1": "خالد العلي"})
    assert contents(a) == ["التجربة كانت صعبة على الجميع"]
    assert a.quotes[0].speaker_name == "خالد العلي"


def test_quotes_frame_noun_phrase_object() -> None:
    a = run(T + "وأعلنت الشركة مسؤوليتها عن تأخير الرحلات أمس.\n")
    q = by_content(a, "مسؤوليتها")
    assert q.speaker_name == "الشركة" and q.content.text == "مسؤوليتها عن تأخير الرحلات أمس"


def test_quotes_frame_prepositional_objects() -> None:
    a = run(T + "وأعرب خالد العلي عن أمله في نجاح الموسم. وطالب خالد العلي بزيادة عدد المدربين.\n"
            "وشدد خالد العلي على ضرورة الالتزام بالمواعيد.\n", {"e1": "خالد العلي"})
    assert contents(a) == ["أمله في نجاح الموسم", "زيادة عدد المدربين", "ضرورة الالتزام بالمواعيد"]


def test_quotes_frame_preposition_after_an_adverbial() -> None:
    a = run(T + "وأشار خالد العلي في تقريره إلى ارتفاع عدد الزوار هذا العام.\n", {"e1": "خالد العلي"})
    assert contents(a) == ["ارتفاع عدد الزوار هذا العام"]


def test_quotes_frame_light_verb_with_a_noun_of_feeling() -> None:
    a = run(T + "وقدم خالد العلي شكره للعاملين في المستشفى على جهودهم.\n", {"e1": "خالد العلي"})
    assert contents(a) == ["شكره للعاملين في المستشفى على جهودهم"]


def test_quotes_frame_attribution_after_the_clause() -> None:
    a = run(T + "وارتفعت أسعار الأرز بنسبة عشرة في المائة، وفقا لوزارة التجارة.\n", {"o1": "وزارة التجارة"})
    (q,) = a.quotes
    assert q.content.text == "ارتفعت أسعار الأرز بنسبة عشرة في المائة"
    assert q.speaker_name == "وزارة التجارة" and q.speaker_type == "ORG"


def test_quotes_frame_attribution_opening_the_sentence() -> None:
    a = run(T + "وبحسب وزارة التجارة، فإن أسعار الأرز ارتفعت بنسبة عشرة في المائة.\n", {"o1": "وزارة التجارة"})
    assert contents(a) == ["أسعار الأرز ارتفعت بنسبة عشرة في المائة"]


def test_quotes_frame_attribution_with_a_verb_of_saying() -> None:
    a = run(T + "وتراجعت المبيعات في الربع الأول، حسبما ذكرت وكالة الأنباء الرسمية.\n")
    (q,) = a.quotes
    assert q.content.text == "تراجعت المبيعات في الربع الأول" and q.speaker_name.startswith("وكالة")  # type: ignore[union-attr]


def test_quotes_frame_attribution_that_is_not_a_source_is_not_speech() -> None:
    a = run(T + "وتجري الأعمال بحسب الخطة الموضوعة منذ العام الماضي.\n")
    assert a.quotes == ()


def test_quotes_frame_headline_with_an_addressee_before_the_colon() -> None:
    a = run('خالد العلي لـ"الوطن": نعمل على خطة جديدة للموسم\n\nنص الخبر هنا.\n', {"e1": "خالد العلي"})
    assert [(q.kind, q.speaker_name, q.content.text) for q in a.quotes] == [
        ("headline", "خالد العلي", "نعمل على خطة جديدة للموسم")]


def test_quotes_frame_inverted_attribution_points_at_the_paragraph_before() -> None:
    a = run(T + "أنهت الجامعة قبول الطلاب الجدد للعام الدراسي المقبل.\n\n"
            "أوضح ذلك عميد القبول الدكتور خالد العلي.\n", {"e1": "خالد العلي"})
    (q,) = a.quotes
    assert q.content.text == "أنهت الجامعة قبول الطلاب الجدد للعام الدراسي المقبل"
    assert q.speaker_name == "خالد العلي"


def test_quotes_frame_document_speaks_for_its_author() -> None:
    a = run(T + "وقال خالد العلي إن الوفد وصل. وجاء في البيان أن المحادثات ستبدأ غدا.\n", {"e1": "خالد العلي"})
    q = by_content(a, "المحادثات")
    assert q.speaker_name == "خالد العلي" and q.resolution == "continuation"


def test_quotes_frame_speech_noun_with_short_quotations() -> None:
    a = run(T + 'وارتفعت هتافات المحتجين "ارحلوا" و"لا للفساد" أمام المبنى.\n')
    assert [(q.kind, q.content.text, q.speaker_name) for q in a.quotes] == [
        ("direct", "ارحلوا", "المحتجين"), ("direct", "لا للفساد", "المحتجين")]


def test_quotes_frame_scripture_is_not_speech() -> None:
    a = run(T + 'وقال الخطيب إن الصبر مطلوب، مستشهدا بقوله تعالى: "إن الله مع الصابرين في كل حال".\n')
    assert all("الصابرين" not in q.content.text for q in a.quotes if q.kind == "direct")


def test_quotes_frame_speech_noun_inside_an_object_is_the_quotation() -> None:
    a = run(T + 'ولاحق المحتجون الموكب وهم يرددون هتافات "الأرض لنا"، حتى وصل إلى المبنى.\n')
    assert ("direct", "الأرض لنا") in [(q.kind, q.content.text) for q in a.quotes]
