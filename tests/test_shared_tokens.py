"""Issue 17, shared tokenisation: the faster token and word scans and the compact offset
maps of :func:`normalize` give the plain results.

Each fast path is compared with the definition it replaces, on inputs chosen to reach
its edges (diacritics inside words, hyphens and apostrophes, URLs, digits glued to
letters, percent signs).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rasd.arabic import numbers
from rasd.arabic.normalize import normalize
from rasd.arabic.tokenize import _DIGIT, _LETTER, _MARK, PLAIN_RE, TOKEN_RE, token_pattern, tokenize
from rasd.stages.events import Tok, _tokens

#: The tokenizer as first written: one letter or mark per step, URL and e-mail alternatives
#: always tried.
_PLAIN_DEFINITION = re.compile(
    rf"""
    (?P<url>(?:https?://|www\.)[^\s<>"«»]+[^\s<>"«».,،؛:!?؟)\]])
  | (?P<email>(?=[\w.+-]{{1,64}}@)[\w.+-]+@[\w-]+\.[\w.-]+)
  | (?P<number>{_DIGIT}+(?:[.,٫٬]{_DIGIT}+)*%?)
  | (?P<word>(?:{_LETTER}|{_MARK})+(?:['’-](?:{_LETTER}|{_MARK})+)*)
  | (?P<punct>\.\.\.|…|--|[^\s\w]|_)
    """,
    re.VERBOSE,
)

_PIECES = [*"اب ً\u0670\u0640\u200c-'’.,٫/:%٪_…", "1", "٢", "http://x.y/z", "www.a.b", "a@b.c", "مُحَمَّد",
           "x", "وال", "\n"]


@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_tokens_are_those_of_the_plain_pattern(text: str) -> None:
    want = [(m.start(), m.end(), m.group(), m.lastgroup) for m in _PLAIN_DEFINITION.finditer(text)]
    for pattern in (TOKEN_RE, token_pattern(text)):
        assert [(m.start(), m.end(), m.group(), m.lastgroup) for m in pattern.finditer(text)] == want
    assert [(t.start, t.end, t.text, t.kind) for t in tokenize(text, 3)] == [(s + 3, e + 3, g, k)
                                                                             for s, e, g, k in want]


def test_url_free_text_is_scanned_without_the_url_alternative() -> None:
    assert token_pattern("قال الوزير") is PLAIN_RE
    assert token_pattern("راسلوا news@spa.gov.sa") is TOKEN_RE
    assert token_pattern("انظر https://spa.gov.sa") is TOKEN_RE
    assert token_pattern("انظر www.spa.gov.sa") is TOKEN_RE
    assert [t.kind for t in tokenize("انظر www.spa.gov.sa")] == ["word", "url"]


def test_events_tokens_carry_offsets_and_normalised_forms() -> None:
    text = "قال وزير الخارجية إن 1,500 شخص"
    toks = _tokens(text, 4, len(text))
    assert all(isinstance(t, Tok) and text[t.start:t.end] == t.text for t in toks)
    assert [t.norm for t in toks][:2] == ["وزير", "الخارجيه"]
    assert toks[3] == Tok(21, 26, "1,500", "1,500", "number")


@given(st.lists(st.sampled_from([*"اب ثلاثة ألف 12 3.5 ,%٪_-", "مليون", "و", "\n", "x"]), max_size=30).map("".join))
def test_number_scan_words_are_the_matches_of_the_word_pattern(norm: str) -> None:
    want = [(m.start(), m.end(), m.group()) for m in numbers._WORD_RE.finditer(norm)]
    ws = numbers._Words(norm)
    assert len(ws) == len(want)
    assert [tuple(w) for w in ws] == want
    if want:
        assert ws[-1] == want[-1] and ws[0].text == want[0][2]
        assert [tuple(w) for w in ws[1:3]] == want[1:3]


@given(st.lists(st.sampled_from([*"اأب ً\u0640\u200f١", "ﻻ", "ﷲ", "مُحَمَّد"]), max_size=25).map("".join))
def test_offset_maps_index_as_the_tuples_they_replace(src: str) -> None:
    n = normalize(src)
    for got in (n.to_original, n.to_normalized):
        whole = tuple(got)
        assert len(got) == len(whole) and list(got) == list(whole)
        assert [got[i] for i in range(-len(whole), len(whole))] == [whole[i] for i in range(-len(whole), len(whole))]
        assert list(got[1:-1:2]) == list(whole[1:-1:2])
        with pytest.raises(IndexError):
            got[len(whole)]
