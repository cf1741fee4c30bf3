"""End to end in a real headless browser (Debian's chromium + chromium-driver, Selenium).

Starts ``rasd serve`` on a free loopback port over a store holding the hand-built
corpus, then, as a reader would: analyses the sample article on the Analyse page,
looks at its highlighted entities and quotes panel, runs a search, and opens an
entity page with its timeline; and checks that the Content-Security-Policy blocks
nothing the pages need (no violation in the console, Swagger UI draws /docs).
Screenshots of every page (desktop and phone width) go to ``out/screenshots/``.  Skips when chromium or its driver is absent.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from web_corpus import corpus, make_store

from rasd.pipeline import stage_names

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "out" / "screenshots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")

pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER), reason="chromium and chromium-driver are not installed")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, proc: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}: {proc.stderr.read().decode() if proc.stderr else ''}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {seconds}s")


@contextmanager
def serving(db: Path) -> Iterator[str]:
    """``rasd serve`` over ``db`` on a free loopback port, as a base URL, stopped on exit."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "rasd", "serve", "--db", str(db), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/api/stats", proc)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(make_store(tmp_path_factory.mktemp("browser") / "browser.db")) as base:
        yield base


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--lang=ar", "--window-size=1280,1000",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})  # console: CSP violations show there
    driver = webdriver.Chrome(service=Service(executable_path=str(DRIVER)), options=opts)
    driver.set_page_load_timeout(60)
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        yield driver
    finally:
        driver.quit()


def shoot(driver: Any, name: str, full: bool = True) -> Path:
    """Save a screenshot of the whole page (its full height) as ``out/screenshots/<name>.png``."""
    path = SHOTS / f"{name}.png"
    width = driver.get_window_size()["width"]
    if full:
        driver.set_window_size(width, 800)
        height = driver.execute_script("return Math.min(document.documentElement.scrollHeight, 6000)")
        driver.set_window_size(width, max(700, int(height) + 120))
    driver.save_screenshot(str(path))
    assert path.stat().st_size > 5000
    return path


def csp_violations(driver: Any) -> list[str]:
    """Console messages since the last call that say the Content-Security-Policy blocked something."""
    return [e["message"] for e in driver.get_log("browser") if "Content Security Policy" in e["message"]
            or "Content-Security-Policy" in e["message"]]


def wait_css(driver: Any, css: str, seconds: float = 30) -> list[Any]:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    return list(WebDriverWait(driver, seconds).until(lambda d: d.find_elements(By.CSS_SELECTOR, css) or False))


def test_reader_analyses_searches_and_follows_an_entity(server: str, browser: Any, seed_text: str) -> None:
    from selenium.webdriver.common.by import By

    d = browser
    d.set_window_size(1280, 1000)

    # 1. the Analyse page: paste the sample article and submit
    d.get(server + "/analyze")
    box = d.find_element(By.ID, "text")
    d.execute_script("arguments[0].value = arguments[1];", box, seed_text)
    assert d.execute_script("return getComputedStyle(document.body).direction") == "rtl"
    shoot(d, "01-analyze-form")
    d.find_element(By.ID, "analyze-submit").click()
    wait_css(d, "article.story h1")
    assert "/articles/" in d.current_url
    title = d.find_element(By.CSS_SELECTOR, "article.story h1").text
    assert title.startswith("الكاظمي")

    # 2. the article: highlighted entities and the quotes panel
    panel = d.find_element(By.ID, "quotes")
    assert panel.is_displayed() and "الأقوال" in panel.text
    if "entities" in stage_names():
        marks = d.find_elements(By.CSS_SELECTOR, "article.story .m-ent")
        assert len(marks) >= 5 and any(m.text.endswith("الكاظمي") for m in marks)
        assert marks[0].value_of_css_property("background-color") not in ("rgba(0, 0, 0, 0)", "transparent")
    if "quotes" in stage_names():
        assert d.find_elements(By.CSS_SELECTOR, "#quotes li.quote")
    shoot(d, "02-article-sample")

    # a record with entities and quotes made by hand shows them whatever the pipeline's stages
    d.get(f"{server}/articles/{corpus()[0].id}")
    marks = wait_css(d, "article.story a.m-ent")
    assert {m.text for m in marks} >= {"مصطفى الكاظمي", "مايك بومبيو", "بغداد"}
    assert "لسنا بحاجة إلى القوات الأجنبية" in d.find_element(By.ID, "quotes").text
    shoot(d, "03-article-entities")

    # 3. search, through the form
    d.set_window_size(1280, 1000)
    d.get(server + "/search")
    q = d.find_element(By.ID, "q")
    q.send_keys("القوات الأمريكية")
    d.find_element(By.ID, "search-submit").click()
    results = wait_css(d, "#results li.result")
    assert len(results) >= 2
    assert d.find_elements(By.CSS_SELECTOR, "#results mark.hit")
    shoot(d, "04-search")

    # 4. an entity page, reached by clicking a highlighted name
    d.get(f"{server}/articles/{corpus()[0].id}")
    link = next(m for m in wait_css(d, "article.story a.m-ent") if m.text == "مصطفى الكاظمي")
    link.click()
    bars = wait_css(d, "#timeline svg.timeline rect.bar")
    assert len(bars) >= 2 and all(b.size["height"] > 0 for b in bars)
    assert "مصطفى الكاظمي" in d.find_element(By.TAG_NAME, "h1").text
    assert d.find_elements(By.CSS_SELECTOR, "#quotes-by li.quote")
    shoot(d, "05-entity")
    entity_path = d.current_url.split(server, 1)[1]

    # 5. the other pages, and the main pages at phone width
    d.get(server + "/stories")
    wait_css(d, "h1")
    shoot(d, "06-stories")
    d.get(server + "/")
    wait_css(d, "h1")
    shoot(d, "07-home")
    d.get(server + "/quotes")
    wait_css(d, "h1")
    shoot(d, "07b-quotes")
    d.get(server + "/search?from=2020-02-31&q=x")
    wait_css(d, "h1")
    assert "غير موجود في التقويم" in d.find_element(By.CSS_SELECTOR, '[role="alert"]').text
    shoot(d, "07c-search-error")
    d.get(server + "/no/such/page")
    wait_css(d, "h1")
    shoot(d, "07d-error-404")
    d.set_window_size(390, 844)
    for url, name in ((f"/articles/{corpus()[0].id}", "08-phone-article"), ("/search?q=الكاظمي", "09-phone-search"),
                      ("/analyze", "10-phone-analyze"), (entity_path, "10b-phone-entity"),
                      ("/stories", "10c-phone-stories"), ("/", "10d-phone-home"), ("/quotes", "10e-phone-quotes"),
                      ("/no/such/page", "10f-phone-error-404")):
        d.set_window_size(390, 844)
        d.get(server + url)
        wait_css(d, "h1")
        overflow = d.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{url} scrolls sideways by {overflow}px at phone width"
        shoot(d, name)
    # the pages keep their styles under the Content-Security-Policy (no inline style is blocked)
    assert csp_violations(d) == []
    assert d.execute_script("return getComputedStyle(document.querySelector('header.top')).backgroundColor") \
        == "rgb(29, 35, 43)"

    # 6. the API docs: Swagger UI's scripts run under the policy and draw the endpoints
    d.set_window_size(1280, 1000)
    d.get(server + "/docs")
    ops = wait_css(d, ".swagger-ui .opblock")
    assert len(ops) >= 6 and any("/api/analyze" in o.text for o in ops)
    shoot(d, "11-docs", full=False)
    assert csp_violations(d) == []


def test_demo_pages_say_why_their_date_views_are_empty(tmp_path_factory: pytest.TempPathFactory,
                                                       browser: Any) -> None:
    """The demo store (mostly undated): the stories page, an undated entity's timeline and the
    search filters explain themselves, readable at desktop and phone width."""
    from selenium.webdriver.common.by import By

    from rasd.cli import main

    db = tmp_path_factory.mktemp("browser-demo") / "demo.db"
    assert main(["demo", "--limit", "4", "--no-serve", "--db", str(db)]) == 0
    d = browser
    with serving(db) as base:
        with urllib.request.urlopen(base + "/api/search?outlet=%D9%88%D9%8A%D9%83%D9%8A%20%D8%A7%D9%84%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1",
                                    timeout=10) as r:
            hit = json.loads(r.read())["hits"][0]["id"]
        with urllib.request.urlopen(f"{base}/api/articles/{hit}", timeout=10) as r:
            entity = next(iter(json.loads(r.read())["store"]["entity_ids"].values()))
        pages = (("/stories", "#no-stories", "12-demo-stories"), (f"/entities/{entity}", "#timeline", "13-demo-entity"),
                 ("/search?q=%D8%A7%D9%84%D8%B9%D8%B1%D8%A7%D9%82", "#coverage", "14-demo-search"))
        for width, height, prefix in ((1280, 1000, ""), (390, 844, "phone-")):
            for url, css, name in pages:
                d.set_window_size(width, height)
                d.get(base + url)
                box = wait_css(d, css)[0]
                assert "rasd ingest" in box.text and box.is_displayed()
                overflow = d.execute_script(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
                assert overflow <= 1, f"{url} scrolls sideways by {overflow}px at width {width}"
                shoot(d, name.replace("-demo-", f"-demo-{prefix}"))
        assert d.find_element(By.TAG_NAME, "html").get_attribute("dir") == "rtl"
        # a person with an English name and a country: both shown, apart, the country in Arabic
        for width, height, name in ((1280, 1000, "15-demo-entity-dated"), (390, 844, "15-demo-phone-entity-dated")):
            d.set_window_size(width, height)
            d.get(base + "/entities/%D9%85%D8%B5%D8%B7%D9%81%D9%89%20%D8%A7%D9%84%D9%83%D8%A7%D8%B8%D9%85%D9%8A")
            meta = wait_css(d, "section.card p.meta")[0].text
            assert "العراق" in meta and "Mustafa" in meta and "IRQMustafa" not in meta and "IRQ" not in meta
            shoot(d, name)
