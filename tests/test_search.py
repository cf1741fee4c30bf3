"""Search: Arabic-aware matching, phrases, prefixes, filters, snippets, --json."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from test_store_corpus import sample_articles

from rasd.cli import main
from rasd.store import Filters, open_store
from rasd.store.query import QueryError, fts5_expression, parse_query
from rasd.store.terms import term


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    s = open_store(tmp_path / "s.db")
    s.add_articles(sample_articles())
    yield s
    s.close()


def titles(result: dict) -> list[str]:  # type: ignore[type-arg]
    return [h["title"] for h in result["hits"]]


def test_search_terms_fold_clitics_hamza_and_spelling() -> None:
    assert term("والقوات") == term("القوات") == term("قوات")
    assert term("الأميركية") == term("الأمريكية") == term("امريكيه")
    assert term("بغداد") == "بغداد"  # a name that starts like a clitic stays whole
    assert term("وبالعراق") == term("العراق")


def test_search_finds_clitic_and_spelling_variants(store) -> None:  # type: ignore[no-untyped-def]
    res = store.search("القوات الأمريكية")
    assert set(titles(res)) == {"الكاظمي يبحث انسحاب القوات الأميركية", "واشنطن تخفض عدد جنودها في العراق"}
    # the article written والقوات الأميركية is found by the other spelling
    hit = next(h for h in res["hits"] if h["outlet"] == "alarab")
    text = store.get_article(hit["id"])["text"]
    marked = {text[s:e] for s, e in hit["snippet"]["highlights"]}
    assert "والقوات" in marked and "الأميركية" in marked


def test_search_phrase_needs_adjacent_words(store) -> None:  # type: ignore[no-untyped-def]
    assert store.search('"الدفاع المدني"')["total"] == 1
    assert store.search("الدفاع")["total"] == 2
    assert store.search('"المدني الدفاع"')["total"] == 0


def test_search_prefix_or_and_not(store) -> None:  # type: ignore[no-untyped-def]
    assert store.search("الياب*")["total"] == 1
    assert store.search("جدة OR اليابان")["total"] == 2
    assert titles(store.search("العراق -جنودها")) == ["الكاظمي يبحث انسحاب القوات الأميركية"]
    assert store.search("العراق -واشنطن")["total"] == 0
    with pytest.raises(QueryError):
        store.search("-العراق")
    with pytest.raises(QueryError):
        store.search("   ")


def test_search_query_is_quoted_not_injected() -> None:
    expr = fts5_expression(parse_query('NEAR( "a" OR b* ) ^col:x'))
    assert "NEAR(" not in expr.replace('"near"', "")
    assert all(part.strip('()" *') for part in expr.split(" AND "))


def test_search_filters(store) -> None:  # type: ignore[no-untyped-def]
    q = "العراق"
    assert store.search(q)["total"] == 2
    assert titles(store.search(q, Filters(date_from="2020-11-19"))) == ["واشنطن تخفض عدد جنودها في العراق"]
    assert titles(store.search(q, Filters(date_to="2020-11-18"))) == ["الكاظمي يبحث انسحاب القوات الأميركية"]
    assert store.search(q, Filters(outlet="AAWSAT"))["total"] == 1
    assert store.search(q, Filters(entity="مصطفى الكاظمي"))["total"] == 2
    assert store.search(q, Filters(entity="مصطفي الكاظمى"))["total"] == 2  # matched by normalised name
    assert store.search("جدة", Filters(label="PER"))["total"] == 0
    assert store.search("جدة")["total"] == 1
    assert store.search(q, Filters(entity="واشنطن", outlet="alarab"))["total"] == 1
    assert store.search(q, Filters(entity="واشنطن", label="PER"))["total"] == 0
    assert store.search("", Filters(outlet="sabq"))["total"] == 1


def test_search_snippets_map_back_to_the_original_text(store) -> None:  # type: ignore[no-untyped-def]
    for q in ("القوات الأمريكية", "الكاظمي", '"درجة الاستعداد"', "امطار"):
        for hit in store.search(q)["hits"]:
            text = store.get_article(hit["id"])["text"]
            snip = hit["snippet"]
            assert text[snip["start"]:snip["end"]] == snip["text"]
            assert snip["highlights"], q
            for s, e in snip["highlights"]:
                assert snip["start"] <= s < e <= snip["end"]


def test_search_cli_json(store, capsys) -> None:  # type: ignore[no-untyped-def]
    path = store.path
    store.close()
    assert main(["search", "القوات الأمريكية", "--db", path, "--json", "--outlet", "alarab"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["total"] == 1 and out["filters"] == {"outlet": "alarab"}
    assert out["hits"][0]["snippet"]["text"]
    assert main(["search", "القوات", "--db", path]) == 0
    assert "articles match" in capsys.readouterr().out


def test_search_find_terms_agrees_with_a_full_scan(seed_text: str) -> None:
    """The regex prefilter of find_terms never loses a word that term() would match."""
    import random

    from rasd.store.terms import find_terms, term_spans

    folder = Path(__file__).resolve().parents[1] / "src/rasd/examples/articles"
    texts = [seed_text] + [p.read_text(encoding="utf-8") for p in sorted(folder.glob("ar_wikinews_0[0-2]*.txt"))]
    rng = random.Random(3)
    for text in texts:
        spans = term_spans(text)
        vocab = sorted({t for _s, _e, t in spans})
        for _ in range(5):
            wanted = frozenset(rng.sample(vocab, min(6, len(vocab))))
            expected = [s for s in spans if s[2] in wanted]
            assert find_terms(text, wanted) == expected
        prefix = next(t for t in vocab if len(t) > 4)[:3]
        assert find_terms(text, frozenset(), (prefix,)) == [s for s in spans if s[2].startswith(prefix)]


def test_words_keep_marks_inside_and_split_digits_from_letters() -> None:
    from rasd.store.terms import words

    text = "وقالَ الـمـتحدث عام 2020م: ٣٥ قتيلاً، و\u0651x\u0651y «بغداد»"
    assert words(text) == re.findall(r"(?:[^\W\d_]|[\u0610-\u061a\u064b-\u065f\u0670\u0640])+|[0-9٠-٩۰-۹]+", text)
    assert words(text)[:3] == ["وقالَ", "الـمـتحدث", "عام"]
    assert "2020" in words(text) and "٣٥" in words(text)


def test_words_with_a_limit_are_the_first_words() -> None:
    from rasd.store.terms import words

    text = "قال الرئيس 3 مرات إن بغداد، وبيروت " * 5
    assert words(text, 4) == words(text)[:4]
    assert words(text, 1000) == words(text)
