"""Names built on generic heads, titles as roles, places' heads, clubs, and "المملكة".

Each test pins one rule on a short phrase written for it (no evaluation text).  The
rules run in :func:`rasd.ner.combine.combine`; with every model tag "O" what comes out
is the rules' and the gazetteer's work alone, so these tests do not move when the
model is retrained.
"""

from __future__ import annotations

from rasd.article import Source, check_spans
from rasd.ner import homeland, persons, sports
from rasd.ner.combine import combine
from rasd.pipeline import analyze


def _names(text: str, sport: bool = False) -> set[tuple[str, str]]:
    words = text.split()
    return {(c.label, " ".join(words[c.start:c.end])) for c in combine(words, ["O"] * len(words), sport=sport)}


def _article_names(text: str, outlet: str | None = None) -> set[tuple[str, str, str | None]]:
    art = analyze(text, Source(outlet=outlet), until="entities")
    assert not check_spans(art)
    return {(e.label, m.text, e.country) for e in art.entities for m in e.mentions}


def test_constructions_ministry_takes_its_genitive_and_nisba():
    assert ("ORG", "وزارة الصحة الأردنية") in _names("أعلنت وزارة الصحة الأردنية أمس عن حالات جديدة")


def test_constructions_definite_head_needs_an_adjective():
    assert not any(lab == "ORG" for lab, _ in _names("قالت الشرطة إن التحقيق مستمر"))
    assert ("ORG", "الشرطة الفرنسية") in _names("قالت الشرطة الفرنسية إن التحقيق مستمر")


def test_constructions_chain_through_another_head_and_a_coordinated_noun():
    assert ("ORG", "إدارة شرطة منطقة الجوف") in _names("أفاد مدير إدارة شرطة منطقة الجوف بأن")
    assert ("LOC", "مستشفى النساء والولادة") in _names("نقلت إلى مستشفى النساء والولادة مساء")


def test_constructions_stop_before_a_prepositional_place():
    names = _names("نظمت جمعية الفنون الشعبية بتبوك حفلا")
    assert ("ORG", "جمعية الفنون الشعبية") in names
    assert ("GPE", "بتبوك") in names


def test_constructions_take_one_lam_complement_after_an_adjective():
    assert ("ORG", "الهيئة العامة للطيران المدني") in _names("أصدرت الهيئة العامة للطيران المدني قرارا")
    assert ("ORG", "وزارة الداخلية") in _names("قالت وزارة الداخلية للصحفيين إن")


def test_constructions_longest_name_wins_over_the_place_inside():
    names = _names("درس الطب في جامعة دمشق ثم عاد")
    assert ("ORG", "جامعة دمشق") in names
    assert not any(t == "دمشق" for _, t in names)


def test_constructions_facilities_people_go_to_are_loc():
    assert ("LOC", "مطار بغداد الدولي") in _names("وصل الوفد إلى مطار بغداد الدولي صباحا")


def test_constructions_everyday_heads_need_a_name():
    assert _names("تواصل معه عن طريق الهاتف") == set()
    assert _names("أعلنت الشركة الإيطالية أرباحها") == set()


def test_constructions_a_centre_of_care_is_a_facility():
    assert ("LOC", "مركز الأورام") in _names("زار الوفد مركز الأورام في المدينة")


def test_place_heads_stay_out_of_the_place():
    assert ("GPE", "البصرة") in _names("وقع الحادث في محافظة البصرة مساء")
    assert ("GPE", "كفرنبودة") in _names("سقطت قذيفة على بلدة كفرنبودة فجرا")


def test_place_heads_a_neighbourhood_is_loc():
    assert ("LOC", "الملز") in _names("وقع الحادث في حي الملز بالعاصمة")


def test_titles_are_roles_not_people():
    words = ["استقبل", "خادم", "الحرمين", "الشريفين", "الأمير", "محمد", "بن", "سلمان", "ولي", "العهد"]
    assert persons.trim(words, 1, 4) is None  # خادم الحرمين الشريفين
    assert persons.trim(words, 1, 3) is None  # a piece of it: خادم الحرمين
    assert persons.trim(words, 8, 10) is None  # ولي العهد
    assert persons.trim(words, 4, 10) == (5, 8)  # الأمير … ولي العهد -> محمد بن سلمان


def test_titles_a_leading_nisba_is_no_part_of_the_name():
    words = ["وقال", "المدرب", "البرتغالي", "جوزيه", "مورينيو"]
    assert persons.trim(words, 2, 5) == (3, 5)


def test_sports_news_is_told_by_its_words():
    assert sports.is_sports([["فاز", "الفريق", "في", "المباراة", "وسجل", "اللاعب", "هدفا", "وقال", "المدرب"]])
    assert not sports.is_sports([["ظهر", "الهلال", "في", "السماء", "مساء", "أمس"]])


def test_sports_club_short_names_only_in_sports_news():
    text = "تغلب الهلال على النصر في الدوري"
    assert {("ORG", "الهلال"), ("ORG", "النصر")} <= _names(text, sport=True)
    assert not any(t == "الهلال" for _, t in _names(text, sport=False))


def test_sports_a_club_name_read_as_its_common_word_is_no_club():
    def clubs(text: str) -> list[str]:
        words = text.split()
        return [" ".join(words[s:e]) for s, e, _ in sports.club_matches(words)]

    assert clubs("فاز التعاون على الهلال") == ["التعاون", "الهلال"]
    assert clubs("وزيرة التعاون الدولي") == []  # an adjective that is no country's nisba follows
    assert clubs("في 31 تشرين الأول") == []
    assert clubs("في العالم العربي") == clubs("والعالم العربي") == []  # an adjective after a definite noun
    assert clubs("فاز الأهلي المصري") == ["الأهلي"]
    assert clubs("جمهور الهلال الذي حضر") == ["الهلال"]
    assert clubs("مدرب العربي قال") == ["العربي"]


def test_sports_a_city_after_a_word_of_the_game_is_its_club():
    text = "انتقل اللاعب إلى صفوف روما في الصيف"
    assert ("ORG", "روما") in _names(text, sport=True)
    assert ("GPE", "روما") in _names(text, sport=False)


def test_sports_a_nisba_after_a_club_stays_out():
    assert ("ORG", "روما") in _names("تعاقد روما الإيطالي مع المهاجم", sport=True)


def test_country_named_like_a_nisba_after_a_definite_noun_is_an_adjective():
    assert not any(lab == "GPE" for lab, _ in _names("تنافست الأندية السعودية على اللقب"))
    assert ("GPE", "السعودية") in _names("وصل الوفد إلى السعودية أمس")


def test_homeland_kingdom_is_the_outlets_country():
    names = _article_names("أكد الوزير أن المملكة تدعم الحل السياسي.", outlet="okaz")
    assert ("GPE", "المملكة", "SAU") in names


def test_homeland_kingdom_is_the_kingdom_the_article_names_most():
    text = "زار الوفد عمان والزرقاء في الأردن.\n\nوأكد أن المملكة ترحب بالمستثمرين."
    assert ("GPE", "المملكة", "JOR") in _article_names(text)


def test_homeland_a_kingdom_with_its_adjective_is_no_short_form():
    assert homeland.short_form(["زار", "المملكة", "المتحدة"], 1) is None
    assert homeland.short_form(["زار", "المملكة", "أمس"], 1) is not None


def test_public_bodies_named_by_a_noun_and_its_adjective():
    assert ("ORG", "الدفاع المدني") in _names("وباشرت فرق الدفاع المدني إطفاء الحريق")


def test_no_place_inside_an_event_name():
    assert not any(t == "آسيا" for _, t in _names("استعدادا لبطولة كأس آسيا المقبلة"))
    assert ("LOC", "آسيا") in _names("جال الوفد في آسيا الشهر الماضي")


def test_a_side_after_a_definite_place_head_is_a_region():
    assert ("LOC", "المنطقة الوسطى") in _names("هطلت الأمطار على المنطقة الوسطى أمس")


def test_outlets_credited_or_quoted_by_name_are_organisations():
    text = "حريق في مستودع\n\nفهد كاملي- سبق- جازان: اندلع حريق في مستودع.\n\nوقال مصدر لـ«سبق» إن الحريق أخمد."
    names = {(lab, t) for lab, t, _ in _article_names(text)}
    assert ("ORG", "سبق") in names
    assert not any(t == "سبق" for _, t in _names("سبق أن أعلن الوزير ذلك"))


def test_kind_marks_a_title_places_are_named_after_only_as_a_whole_token():
    from rasd.ner.constructions import TITLE, kind

    assert kind("الملك") & TITLE and kind("الأميرة") & TITLE
    assert not kind("بالملك") & TITLE  # (a name after it is no institution's: "ذهب بالملك")
    assert not kind("ملك") & TITLE and not kind("مستشفى") & TITLE
