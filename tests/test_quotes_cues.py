"""Speech cues: every form of a verb of saying is generated from its stems."""

from __future__ import annotations

from rasd.arabic.normalize import normalize_text
from rasd.stages.quotes.cues import (
    agreement,
    cue_table,
    lookup,
    masdar_forms,
    participle_forms,
    past_forms,
    present_forms,
)


def cue(word: str) -> str | None:
    hit = lookup(normalize_text(word))
    return hit[0].lemma if hit else None


def test_cues_perfect_every_person_of_a_hollow_root() -> None:
    forms = past_forms("قال")
    assert {"قال", "قالت", "قالوا", "قالا", "قالتا", "قلت", "قلنا"} <= set(forms)
    assert forms["قلنا"] == 1 and forms["قالوا"] == 3


def test_cues_perfect_of_defective_roots() -> None:
    assert {"نفت", "نفوا", "نفيا"} <= set(past_forms("نفى"))
    assert {"دعت", "دعوا", "دعونا"} <= set(past_forms("دعا"))


def test_cues_imperfect_with_future_and_purpose_lam() -> None:
    assert {"يقولون", "تقولان", "سيقول", "نقول"} <= set(present_forms("يقول"))
    assert {"يدعون", "يدعوان"} <= set(present_forms("يدعو"))
    assert cue("ستؤكد") == "أكد" and cue("ليؤكد") == "أكد" and cue("سيعلنون") == "أعلن"


def test_cues_participles_in_every_gender_and_number_with_or_without_tanwin() -> None:
    assert {"مؤكدا", "مؤكده", "مؤكدين", "مؤكدتين", "مؤكدات"} <= participle_forms("مؤكد")
    assert "داعين" in participle_forms("داعي")
    for w in ("مؤكداً", "مؤكدةً", "مشيرًا", "لافتةً", "داعيا"):
        assert cue(w) is not None, w


def test_cues_masdar_only_with_a_possessive() -> None:
    assert {"تاكيده", "تاكيدها", "دعوتهم"} <= masdar_forms("تأكيد") | masdar_forms("دعوة")
    assert cue("تأكيده") == "أكد" and cue("بقوله") == "قال"
    assert cue("تأكيد") is None


def test_cues_conjunctions_are_stripped() -> None:
    assert cue("وقال") == "قال" and cue("فأكد") == "أكد" and cue("وأضافت") == "أضاف"


def test_cues_forms_that_are_other_words_are_not_cues() -> None:
    assert cue("تبين") is None  # "it turned out"
    assert cue("هنا") is None  # "here", not هنأ
    assert cue("وردت") is None  # "came", not ردّت
    assert cue("عبر") is None and cue("وعبر") == "عبر"  # bare "via"; "وعبّر عن" is speech


def test_cues_cover_the_reporting_verb_family() -> None:
    lemmas = {c.lemma for c in cue_table().values()}
    for verb in ("قال", "أعلن", "صرح", "نفى", "حذر", "طالب", "وعد", "أوضح", "أكد", "كشف", "اعتبر", "أشاد", "اتهم"):
        assert verb in lemmas, verb


def test_quotes_cue_agreement_read_from_the_inflection() -> None:
    got = {w: agreement(normalize_text(w)) for w in (
        "وأضاف", "وأضافت", "أضافوا", "يقولون", "تؤكد", "سيؤكد", "مشيرة", "مشيرين", "أخبروني", "أفادني",
        "تأكيدها", "دعت", "نفى", "الكتاب")}
    assert got == {"وأضاف": "m", "وأضافت": "f", "أضافوا": "pl", "يقولون": "pl", "تؤكد": "f", "سيؤكد": "m",
                   "مشيرة": "f", "مشيرين": "pl", "أخبروني": "pl", "أفادني": "m", "تأكيدها": "f", "دعت": "f",
                   "نفى": "m", "الكتاب": ""}
