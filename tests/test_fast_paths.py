"""The speed-ups of the analyze path give the results of the plain definitions.

Each fast path (translate-table folding, cached tokenisation and sentence splitting,
the cue checks that let the date patterns skip a text, the person-name pair filter)
is compared here with what it replaces, on inputs chosen to reach both its fast and
its slow branch.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rasd.arabic import dateparse, relative_dates
from rasd.arabic.normalize import _fold_char, normalize, normalize_text
from rasd.arabic.sentences import split_sentences
from rasd.arabic.tokenize import tokenize
from rasd.resources.english import ROMANIZER_ENV, use_model
from rasd.resources.gazetteers import match_tokens
from rasd.stages.roles import RoleMention, link_roles


def _plain_normalize(text: str) -> tuple[str, list[int], list[int]]:
    """Character by character, the definition the fast paths must reproduce."""
    out: list[str] = []
    to_orig: list[int] = []
    to_norm: list[int] = []
    for j, ch in enumerate(text):
        to_norm.append(len(out))
        for r in _fold_char(ch, True):
            out.append(r)
            to_orig.append(j)
    return "".join(out), [*to_orig, len(text)], [*to_norm, len(out)]


_MIXED = [*"ابةىأإآ ٣۴xً\u0640\u200f\u00a0ﻻﷲ﴾.", "مُحَمَّد", "العـــراق", "\n"]


@given(st.lists(st.sampled_from(_MIXED), max_size=40).map("".join))
def test_normalize_equals_its_definition(src: str) -> None:
    n = normalize(src)
    text, to_orig, to_norm = _plain_normalize(src)
    assert (n.text, list(n.to_original), list(n.to_normalized)) == (text, to_orig, to_norm)
    assert normalize_text(src) == text


def test_cached_results_are_fresh_lists() -> None:
    text = "قال الوزير. وأضاف: «نحن هنا»."
    first = tokenize(text, 10)
    first.clear()
    assert tokenize(text, 10) != []
    spans = split_sentences(text, 3)
    spans.append((0, 0))
    assert split_sentences(text, 3) == [(3, 14), (15, 32)]


#: One text per absolute date pattern (and some for the relative ones), in normalised form.
_DATE_TEXTS = [
    "الاربعاء 25 شوال 1436 ه الموافق 10 اغسطس 2015 م", "3 ربيع الثاني 1442 ه", "18 نوفمبر 2020",
    "1442/3/5 ه", "2020/11/18", "18/11/2020", "ربيع الاول 1442", "منتصف يونيو 2014", "صيف 2014",
    "الربع الاول من عام 2015", "العام الماضي 2014", "من 2014 الي 2016", "عامي 2014 و2015",
    "العام الدراسي 1436-1437 ه", "بدايه عام 1343 ه", "عام 2017", "2014م", "منذ 2014", "التسعينيات",
    "الخميس الماضي", "امس الاثنين", "الشهر الماضي", "يونيو الماضي", "قبل ثلاثه ايام", "غدا", "اليوم",
    "هذا العام", "مطلع الاسبوع", "اول امس", "بعد غد", "الليله الماضيه", "5 من الشهر الماضي",
    "في شهر رمضان", "الخامس من يونيو", "منذ شهر يونيو", "يونيو من العام الماضي",
]


@pytest.mark.parametrize(("module", "needs"), [(dateparse, dateparse._NEEDS), (relative_dates, relative_dates._NEEDS)])
def test_date_patterns_run_whenever_they_could_match(module: object, needs: dict[str, dateparse.Need]) -> None:
    patterns = dict(module._compiled())  # type: ignore[attr-defined]
    assert set(patterns) == set(needs)
    matched = set()
    for raw in _DATE_TEXTS:
        norm = normalize_text(raw)
        for name, pat in patterns.items():
            if pat.search(norm):
                matched.add(name)
                assert dateparse.possible(norm, needs[name], {}), (name, raw)
    assert matched == set(patterns)  # the texts above reach every pattern


def test_date_patterns_are_skipped_without_their_cues() -> None:
    seen: dict[str, bool] = {}
    assert not dateparse.possible("قال الوزير ان المحادثات مستمره", dateparse._NEEDS["month_year"], seen)
    assert seen == {"@greg_month": False}


def test_person_names_found_with_the_pair_filter() -> None:
    words = ["وقال", "مايك", "بومبيو", "إن"]
    found = [(s, e, m.label) for s, e, m in match_tokens(words)]
    assert (1, 3, "PER") in found


def test_romanizer_model_is_opt_in(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ROMANIZER_ENV, raising=False)
    assert not use_model()
    monkeypatch.setenv(ROMANIZER_ENV, "model")
    assert use_model()
    monkeypatch.setenv(ROMANIZER_ENV, "rules")
    assert not use_model()


def test_title_owner_tie_goes_to_the_first_person() -> None:
    """A title joined once to each of two people belongs to the first, whatever the hash seed."""
    roles = [RoleMention(0, 5, "الوزير", "وزير", None, "e2", "apposition"),
             RoleMention(20, 25, "الوزير", "وزير", None, "e1", "apposition"),
             RoleMention(40, 45, "الوزير", "وزير", None)]
    assert link_roles(roles)[-1].entity == "e2"
    assert link_roles(list(reversed(roles[:2])) + roles[2:])[-1].entity == "e1"
