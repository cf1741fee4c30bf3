from __future__ import annotations

import json
import random
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasd import analyze
from rasd.article import check_spans
from rasd.errors import InputError
from rasd.ingest.decode import decode_bytes
from rasd.stages.structure import byline_strength, looks_like_byline, noise_reason


def test_seed_structure(seed_text: str) -> None:
    a = analyze(seed_text, until="structure")
    assert a.title and a.title.text.startswith("الكاظمي: ملتزمون")
    assert a.subtitle and a.subtitle.text.startswith("الكاظمي يؤكد")
    assert a.published and a.published.date == "2020-11-18" and a.published.text == "الأربعاء 2020/11/18"
    assert [h.text for h in a.highlights] == ["الكاظمي: انسحاب القوات الأميركية مطلب الجميع"]
    assert a.dateline and a.dateline.text == "بغداد"
    assert len(a.paragraphs) == 13
    assert [n.text for n in a.noise] == ["اااا"]
    assert a.byline is None


def test_noise_reasons() -> None:
    assert noise_reason("اااا") == "repeated-letter line"
    assert noise_reason("اقرأ أيضا") == "share/subscribe/read-more line"
    assert noise_reason("المزيد") == "share/subscribe/read-more line"
    assert noise_reason("شارك") is not None
    assert noise_reason("12345") == "stray number or code"
    assert noise_reason("وقال الوزير إن المزيد من القوات سيصل") is None


def test_bylines() -> None:
    for b in ["كتب: محمد علي", "لندن: رنيم حنوش", "الرياض - واس", "عبد الرحيم بن حسن (جدة)", "عامر الشهراني"]:
        assert looks_like_byline(b), b
    assert not looks_like_byline("الكاظمي: انسحاب القوات الأميركية مطلب الجميع")
    assert not looks_like_byline("وقال الوزير إن الحكومة ستواصل عملها.")


def test_byline_kept_out_of_paragraphs() -> None:
    text = "عنوان الخبر هنا\n\nلندن: رنيم حنوش\n\nحدد رئيس الوزراء البريطاني ملامح استراتيجية جديدة للتصدي للتطرف.\n"
    a = analyze(text, until="structure")
    assert a.byline and a.byline.text == "لندن: رنيم حنوش"
    assert a.title and a.title.text == "عنوان الخبر هنا"
    assert [p.text[:3] for p in a.paragraphs] == ["حدد"]


def test_datelines() -> None:
    cases = {
        "القاهرة – (وكالات) - أعلنت الحكومة المصرية اليوم عن خطة جديدة للإصلاح.": "القاهرة",
        "الرياض: أعلنت وزارة الصحة السعودية تسجيل حالات جديدة في المملكة.": "الرياض",
        "دمشق، سوريا (CNN) -- قالت مصادر إن الاشتباكات استمرت طوال الليل في المدينة.": "دمشق، سوريا",
    }
    for body, place in cases.items():
        a = analyze("عنوان\n\n" + body, until="structure")
        assert a.dateline and a.dateline.text == place, body


def test_no_dateline_in_ordinary_first_sentence() -> None:
    a = analyze("عنوان\n\nوقال الوزير: إن الحكومة ستواصل العمل على الملف.", until="structure")
    assert a.dateline is None


# --------------------------------------------------------------------------- tuned on real scraped news


def test_noise_phrase_alone_is_noise_but_opens_real_headlines() -> None:
    assert noise_reason("...المزيد") == "share/subscribe/read-more line"
    assert noise_reason("إعلان") == "share/subscribe/read-more line"
    assert noise_reason("اقرأ أيضا: الحكومة تعلن خطة جديدة") == "share/subscribe/read-more line"
    assert noise_reason("تابعونا على تويتر") == "share/subscribe/read-more line"
    assert noise_reason("إعلان القاهرة.. إعلان للأمن العربي") is None
    assert noise_reason("المزيد من القتلى في قصف على المدينة") is None


def test_codes_are_noise_but_latin_words_and_first_line_codes_are_not() -> None:
    assert noise_reason("88591 - Stc") == "stray number or code"
    assert noise_reason("3601100204") == "stray number or code"
    assert noise_reason("Next Previous") == "share/subscribe/read-more line"
    assert noise_reason("Danny Collins") is None
    assert noise_reason("Frontera") is None
    assert noise_reason("431", first=True) is None  # a headline that is a number
    a = analyze("DVD\n\nفيلمان من بعيد\n\nالجانب الديني يهيمن مرة ثانية على جهد هذا المخرج النشط.", until="structure")
    assert a.title and a.title.text == "DVD"


def test_site_disclaimer_is_noise_but_news_about_views_is_not() -> None:
    assert noise_reason("الآراء الواردة أدناه لا تعبر عن رأي موقع CNN بالعربية، بل تعكس وجهات نظر أصحابها فقط.") \
        == "site disclaimer or comment policy"
    assert noise_reason("ننصحك بمراجعة إرشادات الاستخدام قبل نشر التعليقات.") == "site disclaimer or comment policy"
    assert noise_reason("وقال إن تصريحات المالكي لا تعبر عن وجهة نظر الحكومة العراقية ولا عن سياستها.") is None


def test_byline_strength_on_real_shapes() -> None:
    strong = ["نيويورك - أ. ف. ب.", "لوس انجلوس - (د ب أ):", "الوئام - يو بي اي:", "الرياض - واس",
              "ثادق - محمد الحميضي / تصوير - عبدالرحمن العيسى:", "حوار: آسيا العتروس", "بقلم محمد علي"]
    for line in strong:
        assert byline_strength(line) == 2, line
    names = ["علي الجحلي", "القاهرة - علي فراج:", "د. سلمان بن محمد بن سعيد*", "اليوم - الدمام",
             "علي الرباعي (الباحة)", "سامي الحميدي ، علي ضباح - الباحة - جازان"]
    for line in names:
        assert byline_strength(line) == 1, line
    not_bylines = ["كتب وبؤر فكرية تدفع بالشباب إلى دوائر الغلو", "تقرير حكومي مغربي: التهديدات تقلص عائدات السياحة",
                   "قناة السويس الجديدة تفتتح في موعدها.", "أسهل طريقة للكنافة بالقشطة", "مناسبات",
                   "منظمة التجارة العالمية تقبل كازاخستان عضواً جديداً في المنظمة"]
    for line in not_bylines:
        assert byline_strength(line) == 0, line


def test_agency_names_match_whole_words_only() -> None:
    # قنا, وام, سبق are agencies; قناة, دوام, سبقت are words
    assert byline_strength("قناة الدوام سبقت") < 2


def test_repeated_byline_in_body_is_noise() -> None:
    text = ("فيفا يحرم الهلال من 2800 دولار يومياً\n\nعبدالكريم الحمد - الرياض\n\n"
            "كواك بمفرده يمثل الملاعب السعودية في المونديال\nعبدالكريم الحمد - الرياض\n\n"
            "تأكد رسمياً استبعاد لاعب منتخب الإكوادور وفريق الهلال السعودي من المباراة.")
    a = analyze(text, until="structure")
    assert a.byline and a.byline.text == "عبدالكريم الحمد - الرياض"
    assert [n.reason for n in a.noise] == ["repeated byline"]
    assert all(p.text != "عبدالكريم الحمد - الرياض" for p in a.paragraphs)
    assert check_spans(a) == []


def test_title_and_byline_without_body() -> None:
    a = analyze("الكاريكاتير\n\nعبدالله صايل\n\n ", until="structure")
    assert a.title and a.title.text == "الكاريكاتير"
    assert a.byline and a.byline.text == "عبدالله صايل"
    assert a.paragraphs == ()


def test_headline_alone_is_a_title_but_a_sentence_alone_is_a_paragraph() -> None:
    a = analyze("«العثيم» تقيم حفل معايدة لمنسوبيها\n\n", until="structure")
    assert a.title and a.title.text == "«العثيم» تقيم حفل معايدة لمنسوبيها" and a.paragraphs == ()
    b = analyze("أعلنت الحكومة اليوم عن خطة جديدة للإصلاح الاقتصادي.", until="structure")
    assert b.title is None and len(b.paragraphs) == 1


def test_empty_title_slot_then_agency_byline() -> None:
    a = analyze("\n\nواس - الباحة\n\nدشن أمير منطقة الباحة اليوم مشروعات تنموية جديدة في المنطقة.", until="structure")
    assert a.title is None
    assert a.byline and a.byline.text == "واس - الباحة"
    assert len(a.paragraphs) == 1


def test_dateline_after_byline_repeated_at_body_start() -> None:
    text = ("إصابة 22 شخصاً إثر حريق بعمارة سكنية بالرياض\n\nعبير الرجباني- سبق- الرياض:\n\n"
            " عبير الرجباني- سبق- الرياض:أصيب 22 شخصاً من بينهم طفل إثر حريق بعمارة سكنية.")
    a = analyze(text, until="structure")
    assert a.byline and a.byline.text == "عبير الرجباني- سبق- الرياض:"
    assert a.dateline is None or a.dateline.text != "عبير الرجباني"
    text2 = "عنوان الخبر\n\nمحمد علي - سبق\n\nمحمد علي - سبق الرياض - أعلنت وزارة الصحة تسجيل حالات جديدة في المملكة."
    b = analyze(text2, until="structure")
    assert b.dateline and b.dateline.text == "الرياض"


# --------------------------------------------------------------------------- hostile inputs

HOSTILE = [
    "",
    "   \n\n\t \u00a0\n",
    "اااا\n\n***\n\n...المزيد\n\n12345\n",
    "كلمة " * 20000,
    "\u202bعنوان الخبر\u202c\n\n\u200f\u200e\u2066بغداد - أكد الوزير\u2069 التزامه بالاتفاق.\u202e\n",
    "عنوان\x00\n\nنص\x00 فيه NUL\n",
    "\ufeff\r\nعنوان\r\n\r\n﴿ آية ﴾ ﷺ\r\n",
    "\n" * 500 + "-",
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_inputs_never_raise_and_keep_spans_true(text: str) -> None:
    if "\x00" in text:  # no store keeps a NUL: refused with a clear error (RELIABILITY.md)
        with pytest.raises(InputError, match="NUL character"):
            analyze(text, until="structure")
        return
    a = analyze(text, until="structure")
    assert check_spans(a) == []
    assert a.text == text.replace("\r\n", "\n").replace("\r", "\n")


@pytest.mark.parametrize("data", [b"\x00\x00\x00\x00", "عنوان\x00نص".encode(), b"\xff\xfe" + "عنوان".encode("utf-16-le"),
                                  bytes(range(256)), b"  \n "])
def test_decode_then_analyze_raises_only_input_error(data: bytes) -> None:
    try:
        text = decode_bytes(data, "x.txt")
    except InputError:
        return
    try:
        article = analyze(text, until="structure")
    except InputError:  # a UTF-16 file may hold a NUL: refused in analysis
        return
    assert check_spans(article) == []


_ALPHABET = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإةى ً ٌ ٍ َ ُ ِ ّ ْ ـ" + " \n\n\n\u00a0\t.:،-–()«»\"٠١٢3*" + "\u200f\u200e\u202b\u202c\ufeff"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=400))
def test_any_text_gets_true_spans_and_disjoint_blocks(text: str) -> None:
    a = analyze(text, until="structure")
    assert check_spans(a) == []
    starts = [p.start for p in a.paragraphs] + [n.start for n in a.noise]
    starts += [s.start for s in (a.title, a.byline, a.subtitle) if s is not None]
    assert len(starts) == len(set(starts))  # no line is both body and noise, or title and body


# --------------------------------------------------------------------------- real data (skips without ../shared)


def _snn_sample(shared: Path, n: int, seed: int) -> list[dict[str, str]]:
    arts: list[dict[str, str]] = []
    for z in sorted((shared / "data" / "saudinewsnet").glob("*.zip")):
        with zipfile.ZipFile(z) as zf:
            for name in zf.namelist():
                arts.extend(json.loads(zf.read(name)))
    return random.Random(seed).sample(arts, n)


def test_snn_titles_and_bylines_hold_on_a_sample(shared: Path) -> None:
    """The floors of BENCHMARKS.md on a small sample (seed 3, neither tuning nor report)."""
    sample = _snn_sample(shared, 400, seed=3)
    titles = bylines = title_ok = byline_out = 0
    for art in sample:
        author = art["author"].strip()
        text = art["title"] + "\n\n" + (art["author"] + "\n\n" if author else "") + art["content"]
        a = analyze(text, until="structure")
        assert check_spans(a) == []
        if art["title"].strip():
            titles += 1
            title_ok += bool(a.title) and " ".join(a.title.text.split()) == " ".join(art["title"].split())
        if author:
            bylines += 1
            byline_out += " ".join(author.split()) not in {" ".join(p.text.split()) for p in a.paragraphs}
    assert title_ok / titles >= 0.98
    assert byline_out / bylines >= 0.95


def test_byline_alone_after_empty_title_slot() -> None:
    a = analyze("\n\nبواسطة : عمرو عاطف\n\n", until="structure")
    assert a.title is None and a.byline and a.byline.text == "بواسطة : عمرو عاطف"


def test_dateline_from_credits_only_when_the_place_is_known() -> None:
    a = analyze("عنوان الخبر\n\nسبق- الرياض: أعلنت وزارة الصحة تسجيل حالات جديدة في المملكة اليوم.", until="structure")
    assert a.dateline and a.dateline.text == "الرياض"
    b = analyze("عنوان الخبر\n\nلندن: رنيم حنوش\n\nحدد رئيس الوزراء البريطاني ملامح استراتيجية جديدة للتصدي للتطرف.",
                until="structure")
    assert b.dateline and b.dateline.text == "لندن" and b.byline and b.byline.start < b.dateline.end
    c = analyze("عنوان الخبر\n\nبيروت: «الشرق الأوسط»\n\nقال مسؤول لبناني إن الحكومة ستجتمع غدا لبحث الأزمة.",
                until="structure")
    assert c.dateline and c.dateline.text == "بيروت"  # the outlet in quotes is no place


def test_writer_or_outlet_opening_the_body_is_no_dateline() -> None:
    for body in ["خالد خليل - الطائف أكدت إدارة التعليم أن الدراسة ستبدأ في موعدها المحدد.",
                 "عين اليوم – متابعات\u00a0أكدت وزارة العمل أنه يحق للمقيمين تصحيح أوضاعهم.",
                 "أشارت لـ\"سبق\" مصادر مطلعة إلى أن القرار سيصدر خلال أيام قليلة."]:
        a = analyze("عنوان الخبر\n\n" + body, until="structure")
        assert a.dateline is None or a.dateline.text not in ("خالد خليل", "عين اليوم", "أشارت ل"), body
