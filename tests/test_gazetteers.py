from __future__ import annotations

import gzip
import json
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.arabic.tokenize import words
from rasd.resources.gazetteers import (
    gazetteer_tags,
    is_person_first_name,
    is_person_name_part,
    lookup,
    match_tokens,
    nisba,
)


def _entries() -> list[dict]:
    path = resources.files("rasd.resources").joinpath("data/gazetteer.json.gz")
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        return json.load(fh)["entries"]


def _spans(sentence: str) -> list[tuple[str, str, str | None]]:
    ws = sentence.split()
    return [(" ".join(ws[a:b]), e.label, e.en) for a, b, e in match_tokens(ws)]


def test_lookup_strips_stacked_proclitics() -> None:
    hit = lookup("وبالعراق")
    assert hit is not None and (hit.en, hit.country, hit.label, hit.kind) == ("Iraq", "IRQ", "GPE", "country")


@pytest.mark.parametrize(("a", "b"), [("إيران", "ايران"), ("أميركا", "أمريكا"), ("الولايات المتحدة الأميركية", "الولايات المتحدة")])
def test_spelling_variants_reach_one_entry(a: str, b: str) -> None:
    assert lookup(a) is not None and lookup(a) == lookup(b)


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("العراقي", "IRQ"), ("العراقية", "IRQ"), ("العراقيين", "IRQ"), ("الأميركي", "USA"), ("الأمريكية", "USA"),
        ("الأمريكيين", "USA"), ("السعودي", "SAU"), ("المصري", "EGY"), ("الإيرانية", "IRN"), ("البريطاني", "GBR"),
        ("والسوريين", "SYR"), ("للبنانيين", "LBN"), ("الروسية", "RUS"), ("الأوروبي", "EU"), ("الصينية", "CHN"),
    ],
)
def test_nisba_any_gender_number_with_clitics(word: str, code: str) -> None:
    assert nisba(word) == code


@pytest.mark.parametrize("word", ["العراق", "مالي", "العربية", "الدولية", "وزير", "الكردي"])
def test_nisba_refuses_country_names_and_plain_adjectives(word: str) -> None:
    assert nisba(word) is None


def test_mosul_is_not_matched_through_the_drug_name_row() -> None:
    assert lookup("فاموتيدين") is None
    assert lookup("بالموصل") is not None and lookup("بالموصل").en == "Mosul"  # type: ignore[union-attr]
    forms = {f for e in _entries() for f in [e["ar"], *e.get("variants", [])]}
    assert not forms & {"فاموتيدين", "قلة الصفيحات المحدثة بالهيبارين", "التجمع الوطني الديمقراطي"} - {
        e["ar"] for e in _entries() if e["kind"] != "city"
    }


def test_iraqi_governorates_all_present() -> None:
    names = ["نينوى", "صلاح الدين", "الأنبار", "ديالى", "كركوك", "البصرة", "النجف", "كربلاء", "بابل", "واسط",
             "ميسان", "ذي قار", "المثنى", "القادسية", "أربيل", "السليمانية", "دهوك", "محافظة بغداد"]
    for name in names:
        hit = lookup(name)
        assert hit is not None and hit.country == "IRQ" and hit.label == "GPE", name


def test_gpe_versus_loc() -> None:
    assert lookup("بغداد").kind == "capital" and lookup("بغداد").label == "GPE"  # type: ignore[union-attr]
    for region in ("الشرق الأوسط", "الخليج", "سيناء", "نهر الفرات"):
        assert lookup(region) is not None and lookup(region).label == "LOC", region  # type: ignore[union-attr]


def test_match_tokens_finds_pompeo_as_a_person() -> None:
    spans = _spans("قال وزير الخارجية الأميركي مايك بومبيو")
    assert ("مايك بومبيو", "PER", "Mike Pompeo") in spans
    # the masculine nisba after وزير الخارجية is a title, not the ministry
    assert all(label != "ORG" for _, label, _ in spans)


def test_match_tokens_governorates_with_conjunctions() -> None:
    spans = _spans("في محافظات نينوى وصلاح الدين والأنبار وأجزاء من ديالى وكركوك")
    assert [s for s, _, _ in spans] == ["نينوى", "وصلاح الدين", "والأنبار", "ديالى", "وكركوك"]


def test_match_tokens_institution_nisba_pattern() -> None:
    spans = _spans("وذكر بيان للحكومة العراقية أن")
    assert spans == [("للحكومة العراقية", "ORG", "Government of Iraq")]
    hit = lookup("للحكومة العراقية")
    assert hit is not None and hit.canonical == "الحكومة العراقية" and hit.country == "IRQ"


def test_match_tokens_prefers_longest_name() -> None:
    spans = _spans("أعلن مجلس الأمن الدولي والولايات المتحدة الأمريكية")
    assert spans == [("مجلس الأمن الدولي", "ORG", "United Nations Security Council"),
                     ("والولايات المتحدة الأمريكية", "GPE", "United States")]


@pytest.mark.parametrize("sentence", ["وقال إن فتح المعبر ضروري", "لا أمل في الحل", "ارتفع مستوى البحر", "وهي حركة احتجاج"])
def test_ambiguous_forms_are_not_matched_in_running_text(sentence: str) -> None:
    assert _spans(sentence) == []


def test_ambiguous_forms_are_still_found_by_lookup() -> None:
    assert lookup("فتح") is not None and lookup("فتح").en == "Fatah"  # type: ignore[union-attr]


def test_party_plural_forms() -> None:
    assert lookup("الجمهوريين").en == "Republican Party (US)"  # type: ignore[union-attr]
    assert lookup("الديمقراطيين").country == "USA"  # type: ignore[union-attr]


def test_person_table_match_and_function_word_guard() -> None:
    assert _spans("أكد رئيس الوزراء مصطفى الكاظمي") == [("مصطفى الكاظمي", "PER", "Mustafa Al-Kadhimi")]
    # على "on" folds onto علي "Ali" but never starts a person name
    assert all(label != "PER" for _, label, _ in _spans("وافق على كامل الشروط"))


def test_gazetteer_tags_format() -> None:
    tags = gazetteer_tags(["أكد", "رئيس", "الوزراء", "مصطفى", "الكاظمي", "في", "بغداد"])
    assert tags[3:] == ["B-PER|first", "I-PER|last", "O", "B-GPE"]
    assert all(t.split("|")[0] in {"O"} or t[:2] in {"B-", "I-"} for t in tags)


def test_person_name_parts() -> None:
    assert is_person_first_name("محمد") and is_person_first_name("ومحمد")
    assert is_person_name_part("الكاظمي")
    assert not is_person_first_name("وزير") and not is_person_name_part("الحكومة")


def test_every_entry_has_english_name_label_and_known_kind() -> None:
    entries = _entries()
    assert len(entries) > 5000
    for e in entries:
        assert e["en"] and e["label"] in {"PER", "ORG", "GPE", "LOC", "MISC"}, e
    countries = [e for e in entries if e["kind"] == "country"]
    assert len(countries) >= 240 and all(len(e["country"]) == 3 for e in countries)
    orgs = [e for e in entries if e["label"] == "ORG"]
    assert len(orgs) >= 150


def test_seed_article_places_and_orgs(seed_text: str) -> None:
    found = {(e.canonical, e.label) for line in seed_text.splitlines() for _, _, e in match_tokens(words(line))}
    for name, label in [("العراق", "GPE"), ("بغداد", "GPE"), ("واشنطن", "GPE"), ("طهران", "GPE"), ("إيران", "GPE"),
                        ("داعش", "ORG"), ("التحالف الدولي", "ORG"), ("الحزب الجمهوري", "ORG"), ("نينوى", "GPE"),
                        ("مثلث الموت", "LOC"), ("الولايات المتحدة", "GPE"), ("مصطفى الكاظمي", "PER")]:
        assert (name, label) in found, name


_ARABIC_TEXT = st.text(alphabet=st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهويىةءأإآؤئ ـًٌٍَُِّْ0.،")), max_size=40)


@settings(max_examples=200, deadline=None)
@given(_ARABIC_TEXT)
def test_gazetteer_functions_accept_any_text(text: str) -> None:
    ws = text.split()
    spans = match_tokens(ws)
    assert all(0 <= a < b <= len(ws) for a, b, _ in spans)
    assert all(spans[k][1] <= spans[k + 1][0] for k in range(len(spans) - 1))
    assert len(gazetteer_tags(ws)) == len(ws)
    lookup(text)
    for w in ws:
        nisba(w)
        is_person_name_part(w)
