"""Acceptance on a few hundred dated SaudiNewsNet articles (../shared; skips without it):
search facets, trends, a story and an entity timeline, through the API and in a real
browser at desktop and phone width (screenshots in ``out/screenshots/desk-*.png``).

The store (about 210 articles, fast NER tier) takes ~10 s to build; it is built once per
version of the code and kept under ``out/cache`` (tests/snn_store.py)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from snn_store import snn_store
from test_browser import browser  # noqa: F401  (test_browser's headless chromium, as a fixture here)

from rasd.web.app import create_app


@pytest.fixture(scope="module")
def snn_db(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (shared / "data" / "saudinewsnet").is_dir():
        pytest.skip("../shared/data/saudinewsnet is not present")
    return snn_store(tmp_path_factory.mktemp("snn") / "snn.db", shared)


@pytest.fixture(scope="module")
def client(snn_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(snn_db)) as c:
        yield c


def newest_dump(shared: Path) -> str:
    return max(p.stem for p in (shared / "data" / "saudinewsnet").glob("*.zip"))


def test_snn_search_returns_facets_per_outlet_entity_and_day(client: TestClient) -> None:
    data = client.get("/api/search", params={"q": "السعودية"}).json()
    facets = data["facets"]
    assert data["total"] >= 20
    # every SaudiNewsNet article has an outlet and a date: the facets account for every hit
    assert len(facets["outlet"]) >= 3
    assert sum(f["count"] for f in facets["day"]) == data["total"] and len(facets["day"]) >= 5
    ents = facets["entity"]
    assert len(ents) == 10 and [e["count"] for e in ents] == sorted((e["count"] for e in ents), reverse=True)
    for f in (facets["outlet"][0], facets["day"][-1]):
        params = {"q": "السعودية", "outlet": f["value"]} if f in facets["outlet"] else \
            {"q": "السعودية", "from": f["value"], "to": f["value"]}
        assert client.get("/api/search", params=params).json()["total"] == f["count"]
    top = client.get("/api/search", params={"q": "السعودية", "entity": ents[0]["value"]}).json()
    assert top["total"] >= ents[0]["count"]  # the entity filter is by name, whatever the label


def test_snn_trends_returns_rising_entities_with_counts_for_both_windows(client: TestClient, shared: Path) -> None:
    t = client.get("/api/trends", params={"days": 7}).json()
    assert t["until"] == newest_dump(shared)
    assert len(t["entities"]) >= 5 and t["new"]
    for e in t["entities"]:
        assert e["current"] > e["previous"] and e["current"] >= 2
        assert sum(e["series"][7:]) == e["current"] and sum(e["series"][:7]) == e["previous"]
    e = t["entities"][0]
    window = client.get("/api/search", params={"entity": e["name"], "label": e["label"], "from": t["current"]["from"],
                                               "to": t["current"]["to"]}).json()
    assert window["total"] >= e["current"]
    earlier = client.get("/api/trends", params={"days": 3, "until": t["previous"]["to"]}).json()
    assert earlier["until"] == t["previous"]["to"] and earlier["current"]["to"] == t["previous"]["to"]


# ------------------------------------------------------------------ in a browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")


@pytest.fixture(scope="module")
def pages(client: TestClient) -> dict[str, str]:
    """The pages to look at: home, a search, the richest story, an entity seen on many days."""
    stories = client.get("/api/stories", params={"limit": 20}).json()["stories"]
    assert stories
    full = [client.get(f"/api/stories/{s['story']}").json() for s in stories]
    story = max(full, key=lambda s: (len(s["outlets"]) > 1, bool(s["quotes_by_speaker"]), s["size"]))
    facets = client.get("/api/search", params={"q": "السعودية"}).json()["facets"]
    spread = []
    for f in facets["entity"]:
        days = client.get(f"/api/entities/{f['id']}").json()["per_day"]
        spread.append((len(days), f["id"]))
    days, entity = max(spread)
    assert days >= 5, "an entity timeline spanning several days"
    with_quote = next((q["article"] for g in story["quotes_by_speaker"] for q in g["quotes"]), None)
    out = {"home": "/", "search": "/search?q=" + quote("السعودية"), "story": f"/stories/{story['story']}",
           "entity": f"/entities/{entity}"}
    if with_quote:
        out["article"] = f"/articles/{with_quote}"
    return out


@pytest.mark.skipif(not (CHROMIUM and DRIVER), reason="chromium and chromium-driver are not installed")
def test_snn_desk_pages_in_a_browser(snn_db: Path, pages: dict[str, str], browser: Any) -> None:  # noqa: F811
    from selenium.webdriver.common.by import By
    from test_browser import csp_violations, serving, shoot, wait_css

    from rasd.cli import main

    d = browser
    assert main(["alerts", "--db", str(snn_db), "add", "--search", "خادم الحرمين", "--from-start"]) == 0
    checks = {"home": "#rising table.trends svg.spark", "search": "#facets #facet-outlet a",
              "story": "#story-articles li", "entity": "#timeline svg.timeline rect.bar", "article": "mark.m-quote",
              "alerts": "section.alert li"}
    with serving(snn_db) as base:
        for width, height, prefix in ((1280, 1000, "desk"), (390, 844, "desk-phone")):
            for name, url in [*pages.items(), ("alerts", "/alerts")]:
                d.set_window_size(width, height)
                d.get(base + url)
                assert wait_css(d, checks[name]), name
                overflow = d.execute_script(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
                assert overflow <= 1, f"{url} scrolls sideways by {overflow}px at width {width}"
                shoot(d, f"{prefix}-{name}")
        # the search histogram draws a bar per day with hits, each a link narrowing to its days
        d.set_window_size(1280, 1000)
        d.get(base + pages["search"])
        bars = d.find_elements(By.CSS_SELECTOR, "#histogram svg a rect.bar")
        assert len(bars) >= 5 and all(b.size["height"] > 0 for b in bars)
        # clicking a quote in the article's side panel scrolls the text to it
        if "article" in pages:
            d.get(base + pages["article"])
            link = wait_css(d, "#quotes a.quote-link")[0]
            target = link.get_attribute("href").split("#", 1)[1]
            d.execute_script("window.scrollTo(0, 0)")
            link.click()
            assert d.execute_script("return location.hash") == "#" + target
            top = d.execute_script(f"return document.getElementById('{target}').getBoundingClientRect().top")
            assert 0 <= top < d.execute_script("return window.innerHeight"), top
            shoot(d, "desk-article-quote-target", full=False)
        assert csp_violations(d) == []

