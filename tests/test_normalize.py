from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rasd.arabic.normalize import (
    dediacritize,
    normalize,
    normalize_alef,
    normalize_digits,
    normalize_text,
    normalize_ya,
)


def test_folds_alef_hamza_ya_ta_marbuta() -> None:
    assert normalize_text("أإآٱ") == "اااا"
    assert normalize_text("مستشفى") == "مستشفي"
    assert normalize_text("الحكومة") == "الحكومه"
    assert normalize_text("الأميركية") == normalize_text("الاميركيه")


def test_drops_tatweel_diacritics_superscript_alef() -> None:
    assert normalize_text("العـــراق") == "العراق"
    assert normalize_text("شُكِّلَ") == "شكل"
    assert normalize_text("هٰذا") == "هذا"
    assert dediacritize("مُحَمَّد") == "محمد"


def test_digits_spaces_invisibles_presentation_forms() -> None:
    assert normalize_text("٢٠٢٠ ۱۴") == "2020 14"
    assert normalize_digits("٣") == "3"
    assert normalize_text("a\u00a0b") == "a b"
    assert normalize_text("\u200fبغداد\u200e\u061c\u200b") == "بغداد"
    assert normalize_text("ﻻ") == "لا"
    assert normalize_text("ﺑﻐﺪاد") == "بغداد"


def test_single_purpose_helpers() -> None:
    assert normalize_alef("إيران") == "ايران"
    assert normalize_ya("على") == "علي"


def test_offsets_map_back_to_original() -> None:
    src = "قال: «العـــراقُ» ٢٠٢٠"
    n = normalize(src)
    i = n.text.index("العراق")
    s, e = n.original_span(i, i + len("العراق"))
    assert src[s:e] == "العـــراقُ"
    j = n.text.index("2020")
    assert src[slice(*n.original_span(j, j + 4))] == "٢٠٢٠"
    assert n.normalized_offset(src.index("٢")) == j


@given(st.text(alphabet=st.sampled_from(list("ابةىأ\u064e\u0640\u200f ﻻ٣x")), max_size=60))
def test_offset_maps_are_monotonic_and_complete(src: str) -> None:
    n = normalize(src)
    assert len(n.to_original) == len(n.text) + 1
    assert len(n.to_normalized) == len(src) + 1
    assert list(n.to_original) == sorted(n.to_original)
    assert list(n.to_normalized) == sorted(n.to_normalized)
    for i in range(len(n.text)):
        s, e = n.original_span(i, i + 1)
        assert normalize_text(src[s:e]) == n.text[i] or len(normalize_text(src[s:e])) > 1
