"""Issue 17, events: the quick tests that let most words and sentences skip the trigger
scan and the sector look-up say yes whenever the full look-up would.

Sentences are drawn from pieces that reach the edges: trigger words with proclitics,
the article and the future سـ, diacritics and tatweel inside words, marks that
normalisation drops between words, a ligature that folds to several words (ﷺ), digits
and punctuation.
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from rasd.arabic.normalize import normalize_text
from rasd.arabic.tokenize import tokenize
from rasd.stages.events import (
    _joined_norm,
    _may_have_article,
    _sector_endings,
    _sector_of_norm,
    _tokens,
    _trigger_starts,
    find_triggers,
    lexicon,
    word_forms,
)

_PIECES = ["قتل", "وقتلوا", "سيقتلون", "الهجوم", "للهجمات", "هجوما", "سحب", "قوات", "جنود", "بحث", "مع", "فر",
           "حث", "يحث", "تظاهر", "بأنه", "اغتيال", "رئيس", "الوزراء", "القوات", "الأمن", "حكومته", "قواتها",
           "قُتل", "اِعتقال", "هجـوم", "\u200f", "\u200b", "\u00ad", "ﷺ", "ﻻ", "12", "٣", "،", ".", "-", "«", "»",
           "\u0640", "\u064b", "x", "مُحَمَّد"]

_SENTENCES = st.lists(st.sampled_from(_PIECES), max_size=14).flatmap(
    lambda ws: st.lists(st.sampled_from([" ", "", " ", "\n"]), min_size=len(ws), max_size=len(ws)).map(
        lambda gaps: "".join(g + w for g, w in zip(gaps, ws, strict=True))))


@settings(max_examples=300)
@given(_SENTENCES)
def test_joined_norm_is_the_tokens_norms_joined(text: str) -> None:
    tokens = tokenize(text)
    assert _joined_norm(tokens) == " ".join(normalize_text(t.text) for t in tokens)
    assert [t.norm for t in _tokens(text, 0, len(text))] == [normalize_text(t.text) for t in tokens]


@settings(max_examples=300)
@given(_SENTENCES)
def test_trigger_starts_hold_every_trigger_start(text: str) -> None:
    tokens = tokenize(text)
    toks = _tokens(text, 0, len(text))
    starts = _trigger_starts(_joined_norm(tokens), len(tokens))
    assert starts == sorted(set(starts))
    every = find_triggers(toks)
    assert {h.i for h in every} <= set(starts)
    assert find_triggers(toks, starts) == every


def test_trigger_starts_name_the_tokens_that_end_with_a_trigger_form() -> None:
    text = "قال الرئيس إن القوات انسحبت من المدينة"
    tokens = tokenize(text)
    assert _trigger_starts(_joined_norm(tokens), len(tokens)) == [4]
    plain = "قال الرئيس إن الجو جميل"
    assert _trigger_starts(_joined_norm(tokenize(plain)), 5) == []


def test_a_ligature_that_folds_to_words_makes_every_token_a_start() -> None:
    text = "النبي ﷺ انسحبت"
    tokens = tokenize(text)
    assert _trigger_starts(_joined_norm(tokens), len(tokens)) == list(range(len(tokens)))


@given(st.sampled_from(sorted(lexicon().sectors)), st.sampled_from(["", "و", "ب", "ال", "وال", "س"]),
       st.sampled_from(["", "ه", "ها", "هم", "هما", "ي", "ات", "ا"]))
def test_sector_endings_never_rule_out_a_sector_word(word: str, prefix: str, suffix: str) -> None:
    norm = normalize_text(prefix + word + suffix)
    if _sector_of_norm(norm) is not None:
        assert _sector_endings().may_end(norm)


@given(st.lists(st.sampled_from(["و", "ف", "ب", "ل", "ك", "ال", "لل", "س", "ي", "ت", "ا", "ن", "قتل", "هجوم", "ه"]),
                max_size=6).map("".join))
@example("وبالقتل")
@example("وللقتال")
@example("فبالهجوم")
def test_a_word_without_al_near_its_start_has_no_article_form(norm: str) -> None:
    if any(f.startswith("ال") for f in word_forms(norm)):
        assert _may_have_article(norm)
