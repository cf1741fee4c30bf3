from __future__ import annotations

import pytest

from rasd.arabic.clitics import match_forms, segment


@pytest.mark.parametrize(
    ("word", "proclitics", "stem"),
    [
        ("وبالعراق", "وب", "العراق"),
        ("والعراق", "و", "العراق"),
        ("بالعراق", "ب", "العراق"),
        ("وكالعادة", "وك", "العادة"),
        ("للحكومة", "ل", "لحكومة"),
        ("فللحكومة", "فل", "لحكومة"),
        ("وبغداد", "و", "بغداد"),
        ("ولبنان", "و", "لبنان"),
        ("وواشنطن", "و", "واشنطن"),
    ],
)
def test_splits_stacked_proclitics(word: str, proclitics: str, stem: str) -> None:
    s = segment(word)
    assert (s.proclitics, s.stem) == (proclitics, stem)
    assert word[s.stem_offset :] == s.stem


@pytest.mark.parametrize("name", ["بغداد", "لبنان", "فلسطين", "كركوك", "واشنطن", "بريطانيا", "وزير", "بيان"])
def test_never_breaks_names_that_start_with_clitic_letters(name: str) -> None:
    assert segment(name).stem == name


def test_match_forms_include_stem_without_article() -> None:
    assert "العراق" in match_forms("وبالعراق")
    assert "عراق" in match_forms("وبالعراق")
    assert "الحكومه" in match_forms("للحكومة")


@pytest.mark.parametrize(("word", "stem"), [("ولجان", "لجان"), ("وبحث", "بحث"), ("وبالعراق", "العراق"),
                                           ("وللحكومة", "لحكومة")])
def test_prefers_fewest_proclitics_when_that_stem_is_a_known_word(word: str, stem: str) -> None:
    """و + لجان (committees), not و + ل + جان (a town): a deeper split must land on the
    article to beat a shallower one whose stem is a frequent word."""
    assert segment(word).stem == stem
