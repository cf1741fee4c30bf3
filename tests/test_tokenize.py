from __future__ import annotations

import importlib
import random
import sys
from functools import partial

import pytest

from rasd.arabic.sentences import split_sentences
from rasd.arabic.tokenize import scan, token_pattern, tokenize


def texts(s: str) -> list[str]:
    return [t.text for t in tokenize(s)]


def test_numbers_keep_separators() -> None:
    assert texts("قتل 1,500 شخص و2.5 مليون عام ٢٠٢٠") == ["قتل", "1,500", "شخص", "و", "2.5", "مليون", "عام", "٢٠٢٠"]


def test_arabic_and_latin_punctuation() -> None:
    assert texts("قال، «نعم»؛ لماذا؟ “حسنا”…") == ["قال", "،", "«", "نعم", "»", "؛", "لماذا", "؟", "“", "حسنا", "”", "…"]


def test_urls_and_offsets() -> None:
    s = "انظر https://example.com/a?b=1، ثم"
    toks = tokenize(s)
    assert toks[1].kind == "url" and toks[1].text == "https://example.com/a?b=1"
    assert all(s[t.start : t.end] == t.text for t in toks)


def test_email_address_is_one_token_up_to_a_64_character_local_part() -> None:
    s = "راسلونا على news.desk@alarab.co.uk اليوم"
    toks = tokenize(s)
    assert [(t.kind, t.text) for t in toks[2:3]] == [("email", "news.desk@alarab.co.uk")]
    too_long = "a" * 65 + "@example.com"
    assert "email" not in {t.kind for t in tokenize(too_long)}
    assert [t.kind for t in tokenize("a" * 64 + "@example.com")] == ["email"]


def test_sentences_split_on_arabic_marks() -> None:
    s = "هل انتهى؟ نعم! ثم قال؛ الأمر انتهى."
    assert [s[a:b] for a, b in split_sentences(s)] == ["هل انتهى؟", "نعم!", "ثم قال؛", "الأمر انتهى."]


def test_sentences_respect_numbers_abbreviations_and_quotes() -> None:
    s = "بلغ النمو 2.5 في المئة. وقال د. أحمد «انتهى. بدأنا» أمس. ثم غادر."
    got = [s[a:b] for a, b in split_sentences(s)]
    assert got == ["بلغ النمو 2.5 في المئة.", "وقال د. أحمد «انتهى. بدأنا» أمس.", "ثم غادر."]


def _pattern_tokens(text: str, start: int, end: int) -> list[tuple[int, int, str, str]]:
    return [(m.start(), m.end(), m.group(), m.lastgroup or "punct")
            for m in token_pattern(text, start, end).finditer(text, start, end)]


def test_scan_finds_exactly_the_patterns_tokens_in_mixed_text() -> None:
    # letters, diacritics, tatweel, joiners, digits of three scripts, other Unicode digits and
    # numerals, punctuation, every kind of white space, URLs and e-mail addresses, at random
    pieces = ["قال", "وبالعراق", "مُحمّد", "الـرئيس", "\u200c", "ab", "Zoë", "1,500", "٢٠٢٠", "۱۲", "٣.٥%",
              "१२", "½", "Ⅻ", "_", "-", "'", "’", "...", "…", "--", "،", "«", "»", "؟", ".", "@", "x@y.co",
              "https://a.b/c?d=1", "www.x.org", " ", "  ", "\n", "\t", "\u00a0", "\u2003", "\x1c", "\u200b",
              "\u06e9", "\u0670", "ـ", "(", ")", "!", "ـ،"]
    rng = random.Random(17)
    for _ in range(6000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        assert [tuple(t) for t in scan(text, start, end)] == _pattern_tokens(text, start, end), (text, start, end)
    assert [tuple(t) for t in scan("قال زيد", 0, 7, 100)] == [(100, 103, "قال", "word"), (104, 107, "زيد", "word")]


def test_c_scan_makes_the_tokens_of_the_python_loop_for_every_character() -> None:
    # each code point of the Basic Multilingual Plane alone, beside a word, between words
    # and doubled: letters, marks, digits, spaces and punctuation all take their own path
    c_scan = pytest.importorskip("rasd.arabic._scan", reason="the C loop is not built").scan
    tokenize_module = importlib.import_module("rasd.arabic.tokenize")
    spans, matched, marks = tokenize_module._spans, tokenize_module._matched, tokenize_module._MARK_CHARS
    Token = tokenize_module.Token
    chars = [chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF]
    for k in range(0, len(chars), 512):
        block = chars[k : k + 512]
        text = " ".join(f"{c} قال{c} {c}زيد ع{c}ن {c}{c} x{c}" for c in block)
        for start, end, shift in ((0, len(text), 0), (3, len(text) - 2, 7)):
            want = spans(text, start, end, shift)
            pattern = token_pattern(text, start, end)
            fallback = partial(matched, pattern, text, shift)
            plain = pattern is tokenize_module.PLAIN_RE
            got = c_scan(text, start, end, shift, plain, tuple, marks, fallback)
            assert got == want, block[0]
            as_tokens = c_scan(text, start, end, shift, plain, Token, marks, fallback)
            assert all(type(t) is Token for t in as_tokens) and [tuple(t) for t in as_tokens] == want
            assert all(t[2] is sys.intern(t[2]) for t in got)


def test_c_scan_refuses_a_fallback_that_does_not_give_tuples() -> None:
    c_scan = pytest.importorskip("rasd.arabic._scan", reason="the C loop is not built").scan
    with pytest.raises(TypeError):
        c_scan("1,500", 0, 5, 0, True, tuple, "", lambda a, b: [[a, b, "x", "number"]])
    with pytest.raises(TypeError):
        c_scan("قال", 0, 3, 0, True, list, "", lambda a, b: [])
