"""What a desk works from: search facets and export, trends, alerts, one story, quotes marked
in the text.  Store-level tests run on every backend (``store_location``); the pages and the
API run over a small hand-built corpus, so CI exercises them without ../shared."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from test_store_corpus import KADHIMI, TEXTS, build_article, sample_articles
from web_corpus import corpus, make_store

from rasd.cli import main
from rasd.store import Filters, open_store
from rasd.web.app import create_app
from rasd.web.highlight import highlight_quoted, quote_spans

HTML = {"accept": "text/html"}
NAMES = {"kadhimi": KADHIMI, "iraq": "العراق", "washington": "واشنطن"}
CANONICAL = {"kadhimi": "مصطفى الكاظمي", "iraq": "العراق", "washington": "واشنطن"}
#: (day, outlet, who is named): the trend corpus; the window below is 2020-11-08..14 against 11-01..07
PLAN = [
    ("2020-10-01", "alarab", ("iraq",)),
    ("2020-11-02", "alarab", ("iraq",)), ("2020-11-03", "aawsat", ("kadhimi",)), ("2020-11-03", "okaz", ("iraq",)),
    ("2020-11-05", "alarab", ("iraq",)),
    ("2020-11-08", "aawsat", ("kadhimi",)), ("2020-11-09", "alarab", ("kadhimi", "iraq")),
    ("2020-11-10", "okaz", ("kadhimi",)), ("2020-11-11", "aawsat", ("washington",)),
    ("2020-11-12", "alarab", ("kadhimi", "iraq")), ("2020-11-13", "okaz", ("washington", "iraq")),
    ("2020-11-14", "sabq", ()),
]
CURRENT, PREVIOUS = ("2020-11-08", "2020-11-14"), ("2020-11-01", "2020-11-07")


def trend_articles() -> list[Any]:
    out = []
    for i, (day, outlet, who) in enumerate(PLAN):
        body = " ".join(f"ذكر الخبر {NAMES[w]} في سياقه." for w in who) or "خبر محلي عن الطقس."
        out.append(build_article(day, outlet, f"خبر رقم {i}", f"{body} وهذا الخبر رقم {i}."))
    return out


def expected_counts(key: str, first: str, last: str) -> int:
    return sum(1 for day, _o, who in PLAN if key in who and first <= day <= last)


@pytest.fixture
def store(store_location: str) -> Iterator[Any]:
    s = open_store(store_location)
    s.add_articles([*sample_articles(), *trend_articles()])
    s.refresh_clusters()
    yield s
    s.close()


# ------------------------------------------------------------------ store, every backend


def test_facets_count_every_match_not_only_the_page(store: Any) -> None:
    every = store.search("خبر", limit=1000)
    facets = store.search_facets("خبر")
    assert every["total"] > 5 and len(store.search("خبر", limit=3)["hits"]) == 3
    assert {f["value"]: f["count"] for f in facets["outlet"]} == Counter(h["outlet"] for h in every["hits"])
    assert {f["value"]: f["count"] for f in facets["day"]} == Counter(h["date"] for h in every["hits"])
    assert [f["value"] for f in facets["day"]] == sorted(f["value"] for f in facets["day"])
    named = Counter(CANONICAL[w] for _d, _o, who in PLAN for w in who)
    assert {f["value"]: f["count"] for f in facets["entity"]} == named
    assert {f["value"]: f["count"] for f in facets["label"]} == {
        "PER": named["مصطفى الكاظمي"], "GPE": sum(1 for _d, _o, who in PLAN if {"iraq", "washington"} & set(who))}


def test_facets_follow_the_filters(store: Any) -> None:
    facets = store.search_facets("خبر", Filters(outlet="okaz"))
    assert [f["value"] for f in facets["outlet"]] == ["okaz"]
    assert facets["outlet"][0]["count"] == sum(1 for _d, o, _w in PLAN if o == "okaz")
    by_entity = store.search_facets("", Filters(entity="واشنطن"))
    assert {f["value"] for f in by_entity["day"]} == {d for d, _o, who in PLAN if "washington" in who} | {
        a.source.date for a in sample_articles() if "واشنطن" in a.text}


def test_search_sorted_by_date_puts_the_newest_first(store: Any) -> None:
    dates = [h["date"] for h in store.search("خبر", limit=50, sort="date")["hits"]]
    assert dates == sorted(dates, reverse=True) and len(dates) == len(PLAN)


def test_trends_rank_rising_entities_with_both_windows_and_new_ones(store: Any) -> None:
    t = store.trends(days=7, min_count=2)
    assert t["until"] == "2020-11-20"  # the newest stored article (sample_articles reach the 20th)
    t = store.trends(days=7, until="2020-11-14", min_count=2)
    assert (t["current"]["from"], t["current"]["to"]) == CURRENT
    assert (t["previous"]["from"], t["previous"]["to"]) == PREVIOUS
    got = {e["name"]: e for e in t["entities"]}
    for key in ("kadhimi", "washington", "iraq"):
        cur, prev = expected_counts(key, *CURRENT), expected_counts(key, *PREVIOUS)
        if cur > prev:
            e = got[CANONICAL[key]]
            assert (e["current"], e["previous"], e["change"]) == (cur, prev, cur - prev)
            assert sum(e["series"]) == cur + prev and len(e["series"]) == 14
        else:
            assert CANONICAL[key] not in got
    changes = [e["change"] for e in t["entities"]]
    assert changes == sorted(changes, reverse=True)
    assert [e["name"] for e in t["new"]] == ["واشنطن"] and t["new"][0]["first_seen"] == "2020-11-11"


def test_alerts_list_only_what_arrived_since_the_last_look(store: Any) -> None:
    watch = store.add_alert("entity", "مصطفى الكاظمي")
    query = store.add_alert("search", "الطقس", from_start=True)
    first = {a["id"]: a for a in store.check_alerts(mark=True)}
    assert first[watch["id"]]["total"] == 0  # nothing stored since it was added
    assert first[query["id"]]["total"] == sum(1 for _d, _o, who in PLAN if not who)
    store.add_articles([build_article("2020-11-21", "okaz", "خبر جديد", f"قال {KADHIMI} اليوم كلامًا جديدًا.")])
    peek = {a["id"]: a for a in store.check_alerts(mark=False)}
    assert peek[watch["id"]]["total"] == 1 and peek[watch["id"]]["matches"][0]["title"] == "خبر جديد"
    assert peek[query["id"]]["total"] == 0
    assert {a["id"]: a["total"] for a in store.check_alerts(mark=True)}[watch["id"]] == 1
    assert all(a["total"] == 0 for a in store.check_alerts())
    assert store.remove_alert(watch["id"]) and [a["id"] for a in store.alerts()] == [query["id"]]


def test_story_gives_outlets_dates_entities_and_quotes_by_speaker(store: Any) -> None:
    listed = store.stories(min_size=1, limit=100)
    with_quote = next(s for s in listed if any(store.get_article(a)["quotes"] for a in s["articles"]))
    s = store.story(with_quote["story"])
    assert [a["id"] for a in s["articles"]] == with_quote["articles"]
    assert s["first_date"] == with_quote["first_date"] and s["last_date"] == with_quote["last_date"]
    assert [o["outlet"] for o in s["outlets"]] == with_quote["outlets"]
    group = s["quotes_by_speaker"][0]
    assert group["speaker"] == "مصطفى الكاظمي" and group["quotes"][0]["content"] == "إن الحوار مع واشنطن مستمر"
    assert "مصطفى الكاظمي" in [e["name"] for e in s["entities"]]
    assert store.story(10**9) is None


def test_story_joins_an_unlinked_speaker_to_the_entity_of_that_name(store_location: str) -> None:
    day, _outlet, title, body = TEXTS[0]
    linked = build_article(day, "alarab", title, body)
    copy = build_article(day, "okaz", title, body + " وأضاف المصدر تفاصيل أخرى.")
    assert copy.quotes[0].speaker_name == "مصطفى الكاظمي"
    unlinked = replace(copy, quotes=(replace(copy.quotes[0], speaker=None),))
    with open_store(store_location) as s:
        s.add_articles([linked, unlinked])
        s.refresh_clusters()
        (story,) = s.stories(min_size=2)
        groups = s.story(story["story"])["quotes_by_speaker"]
    assert [(g["speaker"], len(g["quotes"])) for g in groups] == [("مصطفى الكاظمي", 2)]
    assert groups[0]["speaker_id"] is not None


# ------------------------------------------------------------------ API and pages


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = make_store(tmp_path_factory.mktemp("desk") / "desk.db", extra=[*sample_articles(), *trend_articles()])
    with TestClient(create_app(db)) as c:
        yield c


def test_api_search_returns_facets_and_exports_every_hit(client: TestClient) -> None:
    data = client.get("/api/search", params={"q": "خبر", "limit": 5}).json()
    assert set(data["facets"]) >= {"outlet", "entity", "label", "day"} and len(data["hits"]) == 5
    assert sum(f["count"] for f in data["facets"]["outlet"]) == data["total"]
    r = client.get("/api/search", params={"q": "خبر", "format": "csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == data["total"] and {row["outlet"] for row in rows} == {f["value"] for f in
                                                                                data["facets"]["outlet"]}
    js = client.get("/api/search", params={"q": "خبر", "format": "json", "sort": "date"})
    assert len(js.json()["hits"]) == data["total"] and "attachment" in js.headers["content-disposition"]
    assert client.get("/api/search", params={"q": "خبر", "limit": 500}).status_code == 400
    assert client.get("/api/search", params={"q": "خبر", "sort": "best"}).status_code == 400


def test_search_page_facet_links_filter_to_their_count(client: TestClient) -> None:
    page = client.get("/search", params={"q": "خبر"}, headers=HTML).text
    facet = page[page.index('id="facets"'):]
    links = re.findall(r'<li><a href="([^"]+)"[^>]*>.*?</a><span class="count">(\d+)</span>', facet)
    assert len(links) >= 8
    for href, count in links:
        got = client.get(href.replace("&amp;", "&").replace("/search", "/api/search", 1)).json()
        assert got["total"] == int(count), href
    assert 'id="histogram"' in page and page.count('<rect class="bar"') >= 5
    assert "format=csv" in page and "format=json" in page and 'class="outlet"' in page


def test_home_page_shows_rising_entities_with_sparklines(client: TestClient) -> None:
    trends = client.get("/api/trends", params={"days": 7}).json()
    assert trends["entities"] and all({"current", "previous"} <= set(e) for e in trends["entities"])
    page = client.get("/", headers=HTML).text
    rising = page[page.index('id="rising"'):page.index('id="new-entities"')]
    for e in trends["entities"][:10]:
        assert e["name"] in rising
    assert rising.count('<svg class="spark"') == len(trends["entities"][:10])
    assert client.get("/api/trends", params={"days": 0}).status_code == 400
    assert client.get("/api/trends", params={"until": "2020-13-01"}).status_code == 400


def test_story_page_and_article_quote_anchor(client: TestClient) -> None:
    stories = client.get("/api/stories", params={"min_size": 1, "limit": 100}).json()["stories"]
    sid = next(s["story"] for s in stories if s["representative"] == corpus()[0].id)
    page = client.get(f"/stories/{sid}", headers=HTML).text
    assert 'id="story-quotes"' in page and "مصطفى الكاظمي" in page
    href = re.search(r'href="(/articles/[0-9a-f]{16}#q\d+)"', page)
    assert href, "the story's quotes link to their place in the article"
    path, anchor = href.group(1).split("#")
    article = client.get(path, headers=HTML).text
    mark = re.search(rf'<mark class="m-quote" id="{anchor}"[^>]*>(.*?)</mark>', article, re.S)
    assert mark and "لسنا بحاجة إلى القوات الأجنبية" in re.sub("<[^>]+>", "", mark.group(1))
    assert f'href="#{anchor}"' in article  # the side panel links to it
    assert client.get("/stories/999999", headers=HTML).status_code == 404


def test_api_alerts_lists_matches_without_marking_them_seen(tmp_path: Path) -> None:
    db = make_store(tmp_path / "alerts.db")
    naming = {a.id for a in corpus() if any(e.canonical == "مصطفى الكاظمي" for e in a.entities)}
    assert main(["alerts", "--db", str(db), "add", "--entity", "مصطفى الكاظمي", "--from-start"]) == 0
    with TestClient(create_app(db)) as c:
        for _ in range(2):
            got = c.get("/api/alerts").json()["alerts"]
            assert got[0]["total"] == len(naming) and {m["id"] for m in got[0]["matches"]} == naming
        assert "مصطفى الكاظمي" in c.get("/alerts", headers=HTML).text
    assert main(["alerts", "--db", str(db), "check"]) == 0
    with TestClient(create_app(db)) as c:
        assert c.get("/api/alerts").json()["alerts"][0]["total"] == 0


def test_cli_trends_prints_both_windows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = make_store(tmp_path / "t.db", extra=trend_articles())
    assert main(["trends", "--db", str(db), "--days", "7", "--until", "2020-11-14"]) == 0
    out = capsys.readouterr().out
    cur, prev = expected_counts("kadhimi", *CURRENT), expected_counts("kadhimi", *PREVIOUS)
    assert re.search(rf"\b{cur}\s+{prev}\s+\S+\s+مصطفى الكاظمي", out), out


def test_quote_marks_keep_the_text_and_entities_inside() -> None:
    a = corpus()[0]
    from rasd.article import to_dict
    from rasd.web.highlight import entity_marks

    record = to_dict(a)
    html = str(highlight_quoted(a.text, 0, len(a.text), entity_marks(record), quote_spans(record)))
    plain = re.sub("<[^>]+>", "", html).replace("&#34;", '"').replace("&quot;", '"')
    assert plain == a.text
    assert html.count('class="m-quote"') == len(a.quotes) and 'id="q0"' in html
