"""The JSON API: the records and views it returns, and its one error shape."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_corpus import corpus, make_store

from rasd.web.app import WebSettings, create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = make_store(tmp_path_factory.mktemp("web") / "web.db")
    with TestClient(create_app(db, WebSettings(max_body_bytes=1024 * 1024)), raise_server_exceptions=False) as c:
        yield c


def _is_error(r: object, status: int) -> dict:  # type: ignore[type-arg]
    assert r.status_code == status, r.text  # type: ignore[attr-defined]
    body = r.json()  # type: ignore[attr-defined]
    assert body["ok"] is False and body["status"] == status and isinstance(body["error"], str) and body["error"]
    return body  # type: ignore[no-any-return]


def test_article_record_links_local_entities_to_store_ids(client: TestClient) -> None:
    a = corpus()[0]
    r = client.get(f"/api/articles/{a.id}")
    assert r.status_code == 200
    d = r.json()
    assert d["text"] == a.text and d["id"] == a.id
    assert [e["canonical"] for e in d["entities"]] == [e.canonical for e in a.entities]
    ids = d["store"]["entity_ids"]
    assert set(ids) == {e.id for e in a.entities}
    kadhimi = client.get(f"/api/entities/{ids['e1']}").json()
    assert kadhimi["entity"]["name"] == "مصطفى الكاظمي"


def test_search_returns_hits_with_snippet_offsets(client: TestClient) -> None:
    d = client.get("/api/search", params={"q": "القوات الأميركية"}).json()
    assert d["total"] >= 1
    hit = d["hits"][0]
    text = client.get(f"/api/articles/{hit['id']}").json()["text"]
    for s, e in hit["snippet"]["highlights"]:
        assert text[s:e] in ("القوات", "الأمريكية", "الأميركية", "والقوات")


def test_search_filters_by_date_outlet_and_entity(client: TestClient) -> None:
    def total(**params: str) -> int:
        r = client.get("/api/search", params={"q": "الكاظمي", **params})
        assert r.status_code == 200, r.text
        return int(r.json()["total"])

    assert total() == 3
    assert total(**{"from": "2020-11-01"}) == 2
    assert total(**{"from": "2020-11-01", "to": "2020-11-18"}) == 1
    assert total(outlet="وكالة") == 1
    assert total(entity="طهران") == 1


def test_entity_view_has_timeline_quotes_and_cooccurring(client: TestClient) -> None:
    ids = client.get(f"/api/articles/{corpus()[0].id}").json()["store"]["entity_ids"]
    d = client.get(f"/api/entities/{ids['e1']}").json()
    assert {p["date"] for p in d["per_day"]} == {"2020-07-21", "2020-11-18", "2020-11-19"}
    assert len(d["quotes_by"]) == 2
    assert "مايك بومبيو" in {c["name"] for c in d["cooccurring"]}
    by_name = client.get("/api/entities/الكاظمي").json()
    assert by_name["entity"]["id"] == d["entity"]["id"]


def test_quotes_by_speaker_and_stories(client: TestClient) -> None:
    d = client.get("/api/quotes", params={"speaker": "مايك بومبيو"}).json()
    assert [q["content"] for q in d["quotes"]] == ["بلاده ستخفض عدد جنودها في العراق"]
    s = client.get("/api/stories", params={"min_size": 1}).json()
    assert sum(x["size"] for x in s["stories"]) == 3


def test_analyze_text_json_and_raw_bodies_give_the_record(client: TestClient, seed_text: str) -> None:
    r = client.post("/api/analyze", json={"text": seed_text})
    assert r.status_code == 200
    d = r.json()
    assert d["schema"].startswith("rasd.article/") and d["text"] == seed_text
    assert d["title"]["text"].startswith("الكاظمي")
    raw = client.post("/api/analyze", content=seed_text.encode("utf-8"), headers={"content-type": "text/plain"})
    assert raw.json() == d
    cp = client.post("/api/analyze", content=seed_text.encode("cp1256"), headers={"content-type": "text/plain"})
    assert cp.json()["text"] == seed_text


def test_analyze_html_and_save(client: TestClient) -> None:
    html = ("<html><head><title>عنوان الخبر</title></head><body><article><h1>عنوان الخبر</h1>"
            + "<p>بغداد - أكد رئيس الوزراء العراقي التزامه بالاتفاق مع الجانب الأمريكي في الاجتماع الأخير.</p>" * 5
            + "</article></body></html>")
    r = client.post("/api/analyze?save=true", json={"html": html})
    assert r.status_code == 200, r.text
    d = r.json()
    assert "<p>" not in d["text"] and "التزامه بالاتفاق" in d["text"]
    assert client.get(f"/api/articles/{d['id']}").status_code == 200


@pytest.mark.parametrize(("method", "url", "kwargs", "status"), [
    ("get", "/api/articles/0123456789abcdef", {}, 404),
    ("get", "/api/articles/not-an-id", {}, 404),
    ("get", "/api/entities/999999", {}, 404),
    ("get", "/api/entities/لا يوجد أحد بهذا الاسم", {}, 404),
    ("get", "/api/nothing-here", {}, 404),
    ("get", "/api/search?q=x&from=2020-13-45", {}, 400),
    ("get", "/api/search?q=x&from=yesterday", {}, 400),
    ("get", "/api/search?q=x&from=2021-01-01&to=2020-01-01", {}, 400),
    ("get", "/api/search?q=x&limit=0", {}, 400),
    ("get", "/api/search?q=x&limit=abc", {}, 400),
    ("get", "/api/search?q=-فقط", {}, 400),
    ("get", "/api/search?q=x&label=CAT", {}, 400),
    ("get", "/api/stories?min_size=-1", {}, 400),
    ("post", "/api/analyze", {"content": b"{not json", "headers": {"content-type": "application/json"}}, 400),
    ("post", "/api/analyze", {"json": ["a", "list"]}, 400),
    ("post", "/api/analyze", {"json": {"text": 5}}, 400),
    ("post", "/api/analyze", {"json": {"text": "   "}}, 400),
    ("post", "/api/analyze", {"json": {}}, 400),
    ("post", "/api/analyze", {"content": b"\x00\x01\x02" * 100, "headers": {"content-type": "text/plain"}}, 422),
    ("post", "/api/analyze", {"content": b"abc", "headers": {"content-type": "image/png"}}, 415),
    ("delete", "/api/stories", {}, 405),
])
def test_bad_requests_get_the_json_error_shape(client: TestClient, method: str, url: str, kwargs: dict,  # type: ignore[type-arg]
                                               status: int) -> None:
    _is_error(getattr(client, method)(url, **kwargs), status)


def test_oversized_body_is_413_before_analysis(client: TestClient) -> None:
    big = "كلمة " * (1024 * 1024)  # ~5 MiB of UTF-8
    assert len(big.encode("utf-8")) > 5 * 1024 * 1024
    body = _is_error(client.post("/api/analyze", json={"text": big}), 413)
    assert "KiB" in body["error"]
    # a chunked body with no Content-Length is cut off at the limit too
    chunks = (b"x" * 65536 for _ in range(40))
    _is_error(client.post("/api/analyze", content=chunks, headers={"content-type": "text/plain"}), 413)


def test_text_over_the_character_limit_is_413(tmp_path: Path) -> None:
    db = make_store(tmp_path / "small.db")
    with TestClient(create_app(db, WebSettings(max_article_chars=1000)), raise_server_exceptions=False) as c:
        _is_error(c.post("/api/analyze", json={"text": "خبر " * 600}), 413)


def test_openapi_documents_every_endpoint(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.0.")  # what the bundled Swagger UI 4 can draw
    for path in ("/api/analyze", "/api/articles/{article_id}", "/api/search", "/api/entities/{entity}",
                 "/api/quotes", "/api/stories"):
        assert path in spec["paths"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/docs-static/swagger-ui-bundle.js" in docs.text and "cdn" not in docs.text
    assert client.get("/docs-static/swagger-ui-bundle.js").status_code == 200


def test_hostile_text_round_trips_unchanged_in_json(client: TestClient) -> None:
    text = 'عنوان <script>alert("x")</script>\n\nنص \u202eمعكوس\u202c فيه "اقتباس" و\x01\x7f؟\n'
    r = client.post("/api/analyze", content=json.dumps({"text": text}), headers={"content-type": "application/json"})
    assert r.status_code == 200, r.text
    assert r.json()["text"] == text
    # NUL is not text (and no PostgreSQL text column can hold it): a 400 that says so
    r = client.post("/api/analyze", json={"text": text + "\x00"})
    assert r.status_code == 400 and "NUL" in r.json()["error"]
