"""The store contract, run against every backend: SQLite and PostgreSQL must agree.

Each test gets a fresh store per backend (``store_location``; PostgreSQL tests skip
without ``RASD_TEST_PG``, and .ci/run starts a throwaway server).  The tests use
only the backend-neutral methods, so one test pins the same behaviour for both.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
from dataclasses import replace
from typing import Any

import pytest
from test_store_corpus import TEXTS, build_article, sample_articles

from rasd.article import Published, Source, from_json, to_json
from rasd.cli import main
from rasd.errors import StoreError
from rasd.store import Filters, open_store
from rasd.store.migrate import discover
from rasd.store.postgres import redact, tsquery_literal, tsvector_literal
from rasd.store.query import QueryError, parse_query


@pytest.fixture
def store(store_location: str):  # type: ignore[no-untyped-def]
    s = open_store(store_location)
    s.add_articles(sample_articles())
    yield s
    s.close()


def titles(result: dict[str, Any]) -> list[str]:
    return [h["title"] for h in result["hits"]]


# ------------------------------------------------------------------ schema and writes


def test_backend_migrations_are_numbered_alike_and_recorded(store_location: str) -> None:
    assert [(m.version, m.name) for m in discover("postgres")] == [(m.version, m.name) for m in discover("sqlite")]
    s = open_store(store_location)
    assert s.schema_version() == discover("sqlite")[-1].version
    assert s.migrate() == []
    s.close()
    s2 = open_store(store_location)  # reopening applies nothing twice
    assert s2.migrate() == [] and s2.stats()["articles"] == 0
    s2.close()


def test_backend_add_is_idempotent_by_content_hash(store_location: str) -> None:
    s = open_store(store_location)
    arts = sample_articles()
    assert s.add_articles(arts).added == len(arts)
    again = s.add_articles([*arts, arts[0]])
    assert (again.added, again.skipped) == (0, len(arts) + 1)
    assert s.count() == len(arts)
    st = s.stats()
    assert st["mentions"] == sum(len(e.mentions) for a in arts for e in a.entities)
    assert st["quotes"] == 1 and st["events"] == 1 and st["entities"] == 3
    s.close()


def test_backend_batch_with_a_repeated_article_stores_it_once(store_location: str) -> None:
    s = open_store(store_location)
    a = sample_articles()[0]
    res = s.add_articles([a, a, a])
    assert (res.added, res.skipped) == (1, 2)
    assert s.stats()["mentions"] == sum(len(e.mentions) for e in a.entities)
    s.close()


def test_backend_keeps_the_record_whole(store) -> None:  # type: ignore[no-untyped-def]
    for art in sample_articles():
        got = store.get_article(art.id)
        assert got is not None
        assert got.pop("store")["added_at"]
        assert from_json(got) == art
        assert json.loads(to_json(art)) == got
    assert store.get_article("0" * 16) is None


def test_backend_keeps_page_metadata_and_where_it_came_from(store_location: str) -> None:
    art = sample_articles()[0]
    src = Source(path="p.html", url="https://example.com/a", outlet="اليوم السابع", title="عنوان", date="2021-03-04",
                 author="أحمد علي", modified="2021-03-05", language="ar", url_source="markup", outlet_source="json-ld",
                 title_source="meta", date_source="json-ld", modified_source="json-ld", author_source="meta",
                 language_source="markup")
    pub = Published(0, 3, art.text[:3], "2021-03-04", "json-ld")
    art = replace(art, source=src, published=pub)
    s = open_store(store_location)
    s.add_articles([art])
    got = s.get_article(art.id)
    s.close()
    assert got is not None and from_json(got) == art


def test_backend_integrity_after_writes(store) -> None:  # type: ignore[no-untyped-def]
    assert store.integrity_check() == "ok"


# ------------------------------------------------------------------ search


def test_backend_search_folds_clitics_hamza_and_spelling(store) -> None:  # type: ignore[no-untyped-def]
    res = store.search("القوات الأمريكية")
    assert set(titles(res)) == {"الكاظمي يبحث انسحاب القوات الأميركية", "واشنطن تخفض عدد جنودها في العراق"}
    hit = next(h for h in res["hits"] if h["outlet"] == "alarab")
    text = store.get_article(hit["id"])["text"]
    marked = {text[s:e] for s, e in hit["snippet"]["highlights"]}
    assert "والقوات" in marked and "الأميركية" in marked


def test_backend_search_phrase_prefix_or_not(store) -> None:  # type: ignore[no-untyped-def]
    assert store.search('"الدفاع المدني"')["total"] == 1
    assert store.search("الدفاع")["total"] == 2
    assert store.search('"المدني الدفاع"')["total"] == 0
    assert store.search("الياب*")["total"] == 1
    assert store.search("جدة OR اليابان")["total"] == 2
    assert titles(store.search("العراق -جنودها")) == ["الكاظمي يبحث انسحاب القوات الأميركية"]
    assert store.search("العراق -واشنطن")["total"] == 0
    with pytest.raises(QueryError):
        store.search("-العراق")
    with pytest.raises(QueryError):
        store.search("   ")


def test_backend_search_ranks_title_matches_first(store_location: str) -> None:
    s = open_store(store_location)
    s.add_articles(sample_articles())  # other documents, so that the word is rare enough to score
    s.add_articles([build_article("2020-01-01", "a", "خبر عن الطقس", "تحدث التقرير عن الأمطار والزلزال في المنطقة."),
                    build_article("2020-01-02", "b", "الزلزال يضرب المنطقة", "ضرب زلزال قوي المنطقة فجر اليوم.")])
    res = s.search("الزلزال")
    assert titles(res)[0] == "الزلزال يضرب المنطقة"
    assert res["hits"][0]["score"] > res["hits"][1]["score"]
    s.close()


def test_backend_search_filters(store) -> None:  # type: ignore[no-untyped-def]
    q = "العراق"
    assert store.search(q)["total"] == 2
    assert titles(store.search(q, Filters(date_from="2020-11-19"))) == ["واشنطن تخفض عدد جنودها في العراق"]
    assert titles(store.search(q, Filters(date_to="2020-11-18"))) == ["الكاظمي يبحث انسحاب القوات الأميركية"]
    assert store.search(q, Filters(outlet="AAWSAT"))["total"] == 1
    assert store.search(q, Filters(entity="مصطفي الكاظمى"))["total"] == 2
    assert store.search("جدة", Filters(label="PER"))["total"] == 0
    assert store.search(q, Filters(entity="واشنطن", outlet="alarab"))["total"] == 1
    assert store.search("", Filters(outlet="sabq"))["total"] == 1
    page = store.search(q, limit=1, offset=1)
    assert page["total"] == 2 and len(page["hits"]) == 1


def test_backend_snippets_map_back_to_the_original_text(store) -> None:  # type: ignore[no-untyped-def]
    for q in ("القوات الأمريكية", "الكاظمي", '"درجة الاستعداد"', "امطار"):
        hits = store.search(q)["hits"]
        assert hits, q
        for hit in hits:
            text = store.get_article(hit["id"])["text"]
            snip = hit["snippet"]
            assert text[snip["start"]:snip["end"]] == snip["text"]
            assert snip["highlights"], q
            for s, e in snip["highlights"]:
                assert snip["start"] <= s < e <= snip["end"]


def test_backends_return_the_same_search_results(tmp_path, pg_url) -> None:  # type: ignore[no-untyped-def]
    from conftest import drop_pg_schema, pg_schema_url

    name, url = pg_schema_url(pg_url)
    try:
        stores = [open_store(tmp_path / "a.db"), open_store(url)]
        for s in stores:
            s.add_articles(sample_articles())
        for q in ("القوات الأمريكية", "العراق", '"الدفاع المدني"', "الياب*", "جدة OR اليابان", "العراق -جنودها",
                  "واشنطن الكاظمي", "امريك*"):
            a, b = (s.search(q) for s in stores)
            assert a["total"] == b["total"], q
            assert {h["id"] for h in a["hits"]} == {h["id"] for h in b["hits"]}, q
            assert sorted(h["snippet"]["text"] for h in a["hits"]) == sorted(h["snippet"]["text"] for h in b["hits"])
        for s in stores:
            s.close()
    finally:
        drop_pg_schema(pg_url, name)


# ------------------------------------------------------------------ entities, stories, export


def test_backend_entity_view(store) -> None:  # type: ignore[no-untyped-def]
    view = store.entity_view("مصطفى الكاظمي")
    assert view["entity"]["label"] == "PER" and view["entity"]["articles"] == 2
    assert [d["date"] for d in view["per_day"]] == ["2020-11-18", "2020-11-19"]
    assert view["per_day"][0]["mentions"] == 3
    assert [q["content"] for q in view["quotes_by"]] == ["إن الحوار مع واشنطن مستمر"]
    assert {c["name"] for c in view["cooccurring"]} == {"العراق", "واشنطن"}
    assert [q["content"] for q in store.entity_view("واشنطن")["quotes_about"]] == ["إن الحوار مع واشنطن مستمر"]
    assert store.quotes("مصطفى الكاظمي")[0]["speaker_name"] == "مصطفى الكاظمي"
    assert store.entity_view("الكاظمي")["entity"]["name"] == "مصطفى الكاظمي"  # substring fallback
    with pytest.raises(StoreError, match="no entity named"):
        store.entity_view("لا أحد")


def test_backend_clusters_group_a_wire_copy(store_location: str) -> None:
    s = open_store(store_location)
    arts = sample_articles()
    t = TEXTS[1]
    copy = build_article("2020-11-19", "okaz", t[2], t[3] + " نقلا عن الوكالة.")
    s.add_articles([*arts, copy])
    c = s.refresh_clusters()
    assert c["duplicate_groups"] == 1 and c["articles_in_duplicate_groups"] == 2
    story = next(st for st in s.stories(min_size=2))
    assert set(story["articles"]) == {arts[1].id, copy.id}
    assert s.get_article(copy.id)["store"]["duplicate_group"] is not None
    s.close()


def test_backends_export_the_same_tables(tmp_path, pg_url) -> None:  # type: ignore[no-untyped-def]
    from conftest import drop_pg_schema, pg_schema_url

    from rasd.store.base import EXPORT_TABLES

    name, url = pg_schema_url(pg_url)
    try:
        a, b = open_store(tmp_path / "a.db"), open_store(url)
        for s in (a, b):
            s.add_articles(sample_articles())
        for table in EXPORT_TABLES:
            assert a.table_columns(table) == b.table_columns(table)
            assert list(a.iter_table(table)) == list(b.iter_table(table)), table
        assert list(a.iter_records()) == list(b.iter_records())
        a.close()
        b.close()
    finally:
        drop_pg_schema(pg_url, name)


# ------------------------------------------------------------------ PostgreSQL specifics


def test_postgres_concurrent_writers_store_each_article_once(pg_url) -> None:  # type: ignore[no-untyped-def]
    from conftest import drop_pg_schema, pg_schema_url

    name, url = pg_schema_url(pg_url)
    try:
        arts = [build_article(f"2021-01-{i % 28 + 1:02d}", "w", f"الكاظمي في خبر {i}", f"{TEXTS[0][3]} رقم {i}")
                for i in range(40)]
        errors: list[BaseException] = []

        def writer(k: int) -> None:
            try:
                s = open_store(url)
                order = arts if k % 2 else list(reversed(arts))
                for i in range(0, len(order), 5):
                    s.add_articles(order[i:i + 5])
                s.close()
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=writer, args=(k,)) for k in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors
        s = open_store(url)
        st = s.stats()
        assert st["articles"] == 40
        assert st["mentions"] == sum(len(e.mentions) for a in arts for e in a.entities)
        assert st["entities"] == 3  # the same three people and places, merged
        s.close()
    finally:
        drop_pg_schema(pg_url, name)


def test_postgres_cli_ingest_search_and_redacted_url(pg_url, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from conftest import drop_pg_schema, pg_schema_url

    name, url = pg_schema_url(pg_url)
    try:
        folder = tmp_path / "in"
        folder.mkdir()
        for i, (_day, _outlet, title, body) in enumerate(TEXTS):
            (folder / f"{i}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")
        assert main(["ingest", str(folder), "--db", url, "--no-progress", "--json", "--workers", "1"]) == 0
        out = json.loads(capsys.readouterr().out)
        assert out["added"] == 4 and out["stored"] == 4
        assert main(["search", "القوات الأمريكية", "--db", url, "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["total"] == 2
    finally:
        drop_pg_schema(pg_url, name)
    assert redact("postgresql://u:secret@h:5432/db") == "postgresql://u:***@h:5432/db"


def test_postgres_unreachable_server_is_a_store_error() -> None:
    with pytest.raises(StoreError, match="cannot connect"):
        open_store("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")


def test_tsvector_and_tsquery_literals_quote_every_term() -> None:
    vec = tsvector_literal("a'b c", "c d\\e")
    assert vec == "'a''b':1A 'c':2A,4 'd\\\\e':5"
    q = tsquery_literal(parse_query('"x y" z* -w OR v'))
    assert q == "(('x' <-> 'y') & 'z':* & !'w') | ('v')"
    # what a user types ends up inside quoted lexemes; the operators are rasd's own
    hostile = tsquery_literal(parse_query("a&b|c !d <-> e:* x'y"))
    assert set(re.sub(r"'(?:[^']|'')*'", "", hostile)) <= set("()&|!<-> :*")


def test_backend_search_hostile_queries_run(store) -> None:  # type: ignore[no-untyped-def]
    assert store.search("العراق'")["total"] == store.search("العراق")["total"] == 2
    for q in ("a&b|c !d <-> e:*", "'", "\\", "NEAR(x y)", '"'):
        with contextlib.suppress(QueryError):  # "no words to search for" is fine; a database error is not
            assert store.search(q)["total"] == 0


def test_backend_a_name_that_normalises_to_nothing_matches_no_entity(store) -> None:  # type: ignore[no-untyped-def]
    assert store.quotes("الكاظمي")  # there are quotes to leak
    for junk in ("\x00", "a\x00", "\u064e", "\u0640", " "):
        with pytest.raises(StoreError):
            store.entity_view(junk)
        assert store.quotes(junk) == []
