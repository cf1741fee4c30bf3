"""The web app over a PostgreSQL store answers exactly as over a SQLite store.

The same hand-built corpus goes into a SQLite file and into a fresh PostgreSQL
schema, written by one writer in the same order (so both give the same entity
ids); then every read endpoint is asked the same questions of both and must
return the same dicts (search scores aside: BM25 and ``ts_rank`` differ, the hits,
their order here and their snippets do not).  Skips without ``RASD_TEST_PG``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import drop_pg_schema, pg_schema_url
from fastapi.testclient import TestClient
from web_corpus import corpus, form_token

from rasd.store import open_store
from rasd.web.app import WebSettings, create_app

HTML = {"accept": "text/html"}


def _fill(location: str) -> str:
    store = open_store(location)
    try:
        store.add_articles(corpus())
        store.refresh_clusters()
    finally:
        store.close()
    return location


@pytest.fixture(scope="module")
def locations(pg_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """(SQLite path, PostgreSQL URL) of two stores holding the same corpus."""
    lite = _fill(str(Path(tmp_path_factory.mktemp("webpg")) / "web.db"))
    name, url = pg_schema_url(pg_url)
    try:
        yield lite, _fill(url)
    finally:
        drop_pg_schema(pg_url, name)


@pytest.fixture(scope="module")
def clients(locations: tuple[str, str]) -> Iterator[tuple[TestClient, TestClient]]:
    """(SQLite client, PostgreSQL client) over the same corpus."""
    settings = WebSettings(max_body_bytes=1024 * 1024)
    with TestClient(create_app(locations[0], settings), raise_server_exceptions=False) as a, \
            TestClient(create_app(locations[1], settings), raise_server_exceptions=False) as b:
        yield a, b


@pytest.fixture
def pg(clients: tuple[TestClient, TestClient]) -> TestClient:
    return clients[1]


def _same(clients: tuple[TestClient, TestClient], url: str, **params: Any) -> Any:
    """GET ``url`` from both apps; both 200 with equal JSON; the PostgreSQL answer."""
    lite, pg = (c.get(url, params=params) for c in clients)
    assert pg.status_code == 200, pg.text
    assert lite.status_code == 200, lite.text
    assert _untimed(pg.json()) == _untimed(lite.json())
    return pg.json()


def _untimed(d: Any) -> Any:
    """A record without its ``store.added_at`` (the two stores were written a moment apart)."""
    if isinstance(d, dict) and isinstance(d.get("store"), dict):
        return {**d, "store": {k: v for k, v in d["store"].items() if k != "added_at"}}
    return d


def _no_scores(d: dict[str, Any]) -> dict[str, Any]:
    return {**d, "hits": [{k: v for k, v in h.items() if k != "score"} for h in d["hits"]]}


def test_page_reads_return_the_same_dicts_on_both_stores(locations: tuple[str, str]) -> None:
    lite, pg = (open_store(loc) for loc in locations)
    try:
        ids = [a.id for a in corpus()]
        for name, args in (("latest_articles", (12,)), ("latest_articles", (1,)), ("top_entities", (30,)),
                           ("top_speakers", (30,)), ("article_titles", ([*ids, "0123456789abcdef"],)),
                           ("article_entity_ids", (ids[0],)), ("article_entity_ids", ("0123456789abcdef",))):
            assert getattr(pg, name)(*args) == getattr(lite, name)(*args), name
        latest = pg.latest_articles(12)
        assert [a["date"] for a in latest] == sorted((a["date"] for a in latest), reverse=True)
        assert {a["id"] for a in latest} >= set(ids)
        top = pg.top_entities(30)
        assert top[0]["name"] in ("مصطفى الكاظمي", "العراق") and top[0]["articles"] >= 3
        for eid in {e["id"] for e in top}:
            assert pg.entity_by_id(eid) == lite.entity_by_id(eid) is not None
        assert pg.entity_by_id(10**6) is None and pg.entity_by_id(10**30) is None
        assert lite.entity_by_id(10**30) is None
    finally:
        lite.close()
        pg.close()


def test_articles_and_their_entity_links_match(clients: tuple[TestClient, TestClient]) -> None:
    for a in corpus():
        d = _same(clients, f"/api/articles/{a.id}")
        assert d["text"] == a.text
        assert set(d["store"]["entity_ids"]) == {e.id for e in a.entities}


def test_entities_by_id_and_by_name_match(clients: tuple[TestClient, TestClient]) -> None:
    ids = _same(clients, f"/api/articles/{corpus()[0].id}")["store"]["entity_ids"]
    for gid in sorted(set(ids.values())):
        d = _same(clients, f"/api/entities/{gid}")
        assert d["entity"]["id"] == gid
    kadhimi = _same(clients, f"/api/entities/{ids['e1']}")
    assert kadhimi["entity"]["name"] == "مصطفى الكاظمي" and len(kadhimi["quotes_by"]) == 2
    assert {p["date"] for p in kadhimi["per_day"]} == {"2020-07-21", "2020-11-18", "2020-11-19"}
    assert _same(clients, "/api/entities/الكاظمي")["entity"]["id"] == ids["e1"]


def test_search_hits_and_snippets_match(clients: tuple[TestClient, TestClient]) -> None:
    lite, pg = clients
    for params in ({"q": "الكاظمي"}, {"q": "القوات الأميركية"}, {"q": "الكاظمي", "from": "2020-11-01"},
                   {"q": "الكاظمي", "outlet": "وكالة"}, {"q": "الكاظمي", "entity": "طهران"},
                   {"q": "", "label": "PER"}, {"q": "لا_كلمة_كهذه"}):
        a, b = lite.get("/api/search", params=params), pg.get("/api/search", params=params)
        assert a.status_code == b.status_code == 200, (params, b.text)
        assert _no_scores(b.json()) == _no_scores(a.json()), params
    assert pg.get("/api/search", params={"q": "الكاظمي"}).json()["total"] == 3


def test_quotes_and_speakers_match(clients: tuple[TestClient, TestClient]) -> None:
    d = _same(clients, "/api/quotes", speaker="مايك بومبيو")
    assert [q["content"] for q in d["quotes"]] == ["بلاده ستخفض عدد جنودها في العراق"]
    top = _same(clients, "/api/quotes")["speakers"]
    assert [s["name"] for s in top] == ["مصطفى الكاظمي", "مايك بومبيو"] and top[0]["quotes"] == 2
    by_id = _same(clients, "/api/quotes", speaker=str(top[0]["id"]))
    assert by_id["entity"]["name"] == "مصطفى الكاظمي" and len(by_id["quotes"]) == 2


def test_stories_and_their_member_titles_match(clients: tuple[TestClient, TestClient]) -> None:
    s = _same(clients, "/api/stories", min_size=1)
    assert sum(x["size"] for x in s["stories"]) == 3
    titles = {m["id"]: m["title"] for x in s["stories"] for m in x["members"]}
    assert set(titles) == {a.id for a in corpus()} and all(titles.values())


def test_pages_render_over_postgres(pg: TestClient) -> None:
    ids = pg.get(f"/api/articles/{corpus()[0].id}").json()["store"]["entity_ids"]
    page = pg.get(f"/entities/{ids['e1']}")
    assert page.status_code == 200 and "مصطفى الكاظمي" in page.text and "<svg" in page.text
    home = pg.get("/")
    assert home.status_code == 200 and 'dir="rtl"' in home.text
    for a in corpus():  # the latest articles and the most mentioned entities come from the store
        assert f"/articles/{a.id}" in home.text
    assert f"/entities/{ids['e1']}" in home.text
    for url in ("/quotes", "/stories", "/analyze", f"/articles/{corpus()[0].id}"):
        r = pg.get(url)
        assert r.status_code == 200 and 'dir="rtl"' in r.text, url


def test_unknown_ids_are_404_on_postgres(pg: TestClient) -> None:
    for url in ("/api/entities/999999", "/api/entities/" + "9" * 30, "/api/quotes?speaker=99999999999999999999999",
                "/api/articles/0123456789abcdef"):
        r = pg.get(url)
        assert r.status_code == 404 and r.json()["ok"] is False, (url, r.text)
    assert pg.get("/entities/999999", headers=HTML).status_code == 404


def test_analysed_article_is_saved_to_postgres(clients: tuple[TestClient, TestClient], seed_text: str) -> None:
    lite, pg = clients
    r = pg.post("/analyze", data={"text": seed_text, **form_token(pg)}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/articles/")
    # the SQLite twin stores it too, so the two stores stay alike for the other tests
    assert lite.post("/analyze", data={"text": seed_text, **form_token(lite)}, follow_redirects=False).headers["location"] \
        == r.headers["location"]
    d = _same(clients, r.headers["location"].replace("/articles/", "/api/articles/"))
    assert d["store"]["entity_ids"] and d["text"].startswith("الكاظمي")
    assert pg.get("/api/search", params={"q": "الكاظمي"}).json()["total"] == 4


def test_bad_and_unknown_entity_lookups_are_400_and_404_on_both_stores(
        clients: tuple[TestClient, TestClient]) -> None:
    for path, status in (("/api/entities/%00", 400), ("/api/entities/a%00b", 400), ("/api/quotes?speaker=%00", 400),
                         ("/api/search?q=x&outlet=%00", 400), ("/api/entities/%D9%8E", 404),
                         ("/api/entities/%C2%B2", 404), ("/api/entities/99999999999999999999", 404)):
        for c in clients:
            r = c.get(path)
            assert r.status_code == status and r.json()["ok"] is False, (path, r.status_code, r.text)
    for c in clients:  # a name that normalises to nothing is nobody's quotes, on either store
        assert c.get("/api/quotes", params={"speaker": "\u064e\u0640"}).json()["quotes"] == []
