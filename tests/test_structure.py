from __future__ import annotations

from rasd import analyze
from rasd.stages.structure import looks_like_byline, noise_reason


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
