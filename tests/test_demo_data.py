"""The demo is honest about its data: outlets from the provenance, dates only from the text, and the
pages that need dates or outlets say why they are empty and how to fill them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_corpus import make_store

from rasd.cli import main
from rasd.examples import SAMPLE_OUTLET, WIKINEWS_OUTLET, example_outlets, example_paths, provenance_file
from rasd.store import open_store
from rasd.web.app import create_app

HTML = {"accept": "text/html"}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    assert main(["demo", "--limit", "4", "--no-serve", "--db", str(db)]) == 0
    return db


@pytest.fixture(scope="module")
def client(demo_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(demo_db), raise_server_exceptions=False) as c:
        yield c


def test_every_bundled_article_has_the_outlet_its_provenance_names() -> None:
    outlets = example_outlets()
    listed = {a["file"] for a in json.loads(provenance_file().read_text(encoding="utf-8"))["articles"]}
    assert set(outlets) == {p.name for p in example_paths()}
    assert {outlets[f] for f in listed} == {WIKINEWS_OUTLET}
    assert [outlets[f] for f in set(outlets) - listed] == [SAMPLE_OUTLET]


def test_demo_dates_come_only_from_the_articles_own_date_lines(demo_db: Path) -> None:
    with open_store(demo_db) as store:
        cov = store.coverage()
        records = [json.loads(r) for r in store.iter_records()]
    assert cov["articles"] == 4 and cov["with_outlet"] == 4
    assert {o["outlet"] for o in cov["outlets"]} == {SAMPLE_OUTLET, WIKINEWS_OUTLET}
    dated = [r for r in records if (r.get("published") or {}).get("date")]
    # the Al Arab sample states its date in a line under the title; the Wikinews texts state none
    assert cov["dated"] == 1 and [r["published"]["date"] for r in dated] == ["2020-11-18"]
    assert dated[0]["published"]["date_source"] == "text" and dated[0]["source"]["outlet"] == SAMPLE_OUTLET
    assert all(r["source"]["outlet_source"] == "given" and not r["source"].get("date") for r in records)


def test_stories_page_says_why_it_is_empty_and_how_to_fill_it(client: TestClient) -> None:
    page = client.get("/stories", headers=HTML).text
    empty = page.split('id="no-stories"')[1].split("</div>")[0]
    assert "مقال واحد منها فقط بتاريخ نشر" in empty and "rasd ingest" in empty
    assert WIKINEWS_OUTLET in empty and "(3)" in empty


def test_search_page_says_the_date_and_outlet_filters_see_few_articles(client: TestClient) -> None:
    page = client.get("/search", params={"q": "العراق", "from": "2020-01-01"}, headers=HTML).text
    note = page.split('id="coverage"')[1].split("</div>")[0]
    assert "مرشّح التاريخ لا يرى إلا المقالات المؤرخة" in note and "في المخزن 4\u00a0مقالات" in note
    assert f'<option value="{WIKINEWS_OUTLET}">' in page  # the outlets the filter knows


def test_a_fully_dated_store_shows_no_coverage_note(tmp_path: Path) -> None:
    with TestClient(create_app(make_store(tmp_path / "dated.db"))) as c:
        page = c.get("/search", params={"q": "العراق"}).text
    assert 'id="coverage"' not in page and '<option value="العرب">' in page


def test_an_undated_entity_says_why_it_has_no_timeline(client: TestClient) -> None:
    wikinews = client.get("/api/search", params={"outlet": WIKINEWS_OUTLET}).json()["hits"][0]
    record = client.get(f"/api/articles/{wikinews['id']}").json()
    entity = next(iter(record["store"]["entity_ids"].values()))
    page = client.get(f"/entities/{entity}").text
    timeline = page.split('id="timeline"')[1].split("</div>")[0]
    assert "لا خط زمني" in timeline and "rasd ingest" in timeline and "<svg" not in timeline
