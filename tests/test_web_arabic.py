"""The Arabic pages speak Arabic: errors, event types, countries, counts and dates; the API keeps English."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_corpus import corpus, make_store

from rasd.web.app import WebSettings, create_app
from rasd.web.arabic import EVENT_MODES_AR, EVENT_TYPES_AR, bucket_label_ar, count_ar, count_noun, country_ar
from rasd.web.chart import timeline_svg

HTML = {"accept": "text/html"}
SCHEMA = Path(__file__).resolve().parents[1] / "docs" / "SCHEMA.md"
ARABIC = re.compile("[\u0600-\u06ff]")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = make_store(tmp_path_factory.mktemp("arabic") / "arabic.db")
    with TestClient(create_app(db, WebSettings(max_body_bytes=1024 * 1024)), raise_server_exceptions=False) as c:
        yield c


@pytest.mark.parametrize(("n", "expected"), [
    (0, "0 مقالات"), (1, "1 مقال"), (2, "2 مقالان"), (3, "3 مقالات"), (10, "10 مقالات"), (11, "11 مقالًا"),
    (99, "99 مقالًا"), (100, "100 مقال"), (101, "101 مقال"), (103, "103 مقالات"), (111, "111 مقالًا"),
])
def test_article_counts_agree_with_the_number(n: int, expected: str) -> None:
    assert count_noun(n, "article") == expected.replace(" ", "\u00a0")


def test_count_uses_the_forms_it_is_given() -> None:
    assert count_ar(2, "a", "b", "c", "d") == "2\u00a0b" and count_ar(12, "a", "b", "c", "d") == "12\u00a0d"


def test_every_plover_type_the_schema_names_has_an_arabic_name() -> None:
    listed = re.search(r"PLOVER types \(([^)]*)\)", SCHEMA.read_text(encoding="utf-8").replace("\n", " "))
    assert listed is not None
    codes = {c.strip() for c in listed.group(1).split(",")}
    assert len(codes) >= 16 and codes <= set(EVENT_TYPES_AR)
    assert all(ARABIC.search(EVENT_TYPES_AR[c]) for c in codes)


def test_every_event_mode_of_the_lexicon_has_an_arabic_name() -> None:
    lexicon = resources.files("rasd.arabic").joinpath("data/plover_lexicon.json").read_text(encoding="utf-8")
    modes = set(re.findall(r'"mode": "([^"]+)"', lexicon))
    modes |= {m for table in re.findall(r'"modes_after": (\{[^}]*\})', lexicon) for m in json.loads(table).values()}
    assert modes and modes <= set(EVENT_MODES_AR), modes - set(EVENT_MODES_AR)


def test_country_codes_read_as_the_gazetteer_names_them() -> None:
    assert country_ar("IRQ") == "العراق" and country_ar("USA") == "الولايات المتحدة"
    assert country_ar("UN") == "الأمم المتحدة" and country_ar("ISIS") == "داعش"  # group codes too
    assert country_ar("ZZZ") == "ZZZ"  # an unknown code is shown, not hidden


def test_timeline_labels_are_arabic_dates() -> None:
    assert bucket_label_ar("2020-11-18") == "18 نوفمبر" and bucket_label_ar("2020-11") == "نوفمبر 2020"
    svg = str(timeline_svg([{"date": "2020-11-17", "mentions": 1}, {"date": "2020-11-19", "mentions": 2}]))
    assert "17 نوفمبر" in svg and "2020-11-17" not in svg


def test_search_error_is_arabic_on_the_page_and_english_in_the_api(client: TestClient) -> None:
    page = client.get("/search", params={"q": "العراق", "from": "2020-02-31"}, headers=HTML)
    alert = page.text.split('role="alert"')[1].split("</div>")[0]
    shown = alert.split("<details")[0]
    assert page.status_code == 400 and "غير موجود في التقويم" in shown and "not a real date" not in shown
    api = client.get("/api/search", params={"q": "العراق", "from": "2020-02-31"})
    assert api.status_code == 400 and "not a real date" in api.json()["error"]
    assert not ARABIC.search(api.json()["error"].replace("العراق", ""))


@pytest.mark.parametrize("url", ["/no/such/page", "/articles/0123456789abcdef", "/entities/999999",
                                 "/search?page=0"])
def test_error_pages_speak_arabic(client: TestClient, url: str) -> None:
    r = client.get(url, headers=HTML)
    shown = r.text.split('role="alert"')[1].split("<details")[0]
    assert r.status_code in (400, 404)
    body = re.sub(r"<[^>]+>", " ", shown)
    assert ARABIC.search(body) and not re.search(r"\b(no|not|the|is|bad)\b", body), body


def test_events_show_arabic_types_and_countries_with_the_codes_as_tooltips(client: TestClient) -> None:
    a = corpus()[0]
    events = client.get(f"/articles/{a.id}").text.split('id="events"')[1].split("</section>")[0]
    assert '<abbr class="type code" title="CONSULT">تشاور</abbr>' in events
    assert 'title="USA">(الولايات المتحدة)' in events and 'title="IRQ">(العراق)' in events


def test_home_and_stories_counts_agree_with_the_numbers(client: TestClient) -> None:
    home = client.get("/").text
    assert "3\u00a0مقالات" in home
    wrong = re.compile(r"(?<!\d)(?:[12]\sمقالات|(?:[1-9]|10)\sمقالًا|1\sمقالان)")
    for url in ("/", "/stories", f"/entities/{entity_of(client, 'العراق')}"):
        assert not wrong.search(client.get(url).text), url


def test_entity_page_separates_the_english_name_from_the_country(client: TestClient) -> None:
    text = "الكاظمي يلتقي وفدا\n\nبغداد - استقبل رئيس الوزراء العراقي مصطفى الكاظمي وفدا أمريكيا في بغداد.\n"
    record = client.post("/api/analyze?save=true", json={"text": text}).json()
    person = next(e for e in record["entities"] if e["canonical"] == "مصطفى الكاظمي")
    entity_id = record_store_id(client, record["id"], person["id"])
    page = client.get(f"/entities/{entity_id}").text
    meta = page.split('<p class="meta">')[1].split("</p>")[0]
    assert '<abbr class="code" title="IRQ">العراق</abbr>' in meta
    # each value sits in its own span, so the stylesheet's separator falls between them
    assert re.search(r'<span><bdi dir="ltr" lang="en">Mustafa[^<]*</bdi></span>\s*<span><abbr', meta)
    assert "IRQMustafa" not in re.sub(r"<[^>]+>", "", meta)


def record_store_id(client: TestClient, article_id: str, local_id: str) -> int:
    """The store entity id of a record's entity (from the article's store metadata)."""
    ids = client.get(f"/api/articles/{article_id}").json()["store"]["entity_ids"]
    return int(ids[local_id])


def entity_of(client: TestClient, name: str) -> int:
    """The store id of the entity the page for ``name`` shows."""
    return int(client.get(f"/api/entities/{name}").json()["entity"]["id"])


def test_an_event_reported_in_several_sentences_shows_once_with_its_sentences(client: TestClient) -> None:
    text = ("انسحاب القوات الأميركية\n\nوقال المتحدث إن القوات الأميركية ستنسحب من العراق قريبا.\n"
            "وأضاف أن القوات الأميركية ستنسحب من قواعدها على مراحل.\n")
    record = client.post("/api/analyze?save=true", json={"text": text}).json()
    page = client.get(f"/articles/{record['id']}").text
    events = page.split('id="events"')[1].split("</section>")[0]
    assert events.count('title="RETREAT">انسحاب</abbr>') == 1
    assert "<details" in events and "قواعدها على مراحل" in events
