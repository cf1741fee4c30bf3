"""The server-rendered pages: highlighting, escaping, hostile input, every page renders."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from web_corpus import corpus, form_token, make_store

from rasd.web.app import WebSettings, create_app
from rasd.web.chart import bucket_counts, timeline_svg
from rasd.web.highlight import Mark, display_text, highlight, snippet_html

HTML = {"accept": "text/html"}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = make_store(tmp_path_factory.mktemp("pages") / "pages.db")
    with TestClient(create_app(db, WebSettings(max_body_bytes=1024 * 1024)), raise_server_exceptions=False) as c:
        yield c


def test_article_page_highlights_entities_by_type_and_links_them(client: TestClient) -> None:
    a = corpus()[0]
    page = client.get(f"/articles/{a.id}").text
    assert '<html lang="ar" dir="rtl">' in page and 'name="viewport"' in page
    links = re.findall(r'<a href="/entities/(\d+)" class="m-ent m-(\w+)"[^>]*>([^<]+)</a>', page)
    found = {(label, text) for _, label, text in links}
    assert ("PER", "مصطفى الكاظمي") in found and ("PER", "بومبيو") in found and ("GPE", "بغداد") in found
    # every link goes to an entity page that exists
    for eid in {e for e, _, _ in links}:
        assert client.get(f"/entities/{eid}").status_code == 200
    quotes = page.split('id="quotes"')[1].split("</section>")[0]
    assert "لسنا بحاجة إلى القوات الأجنبية على أرض العراق" in quotes and "مصطفى الكاظمي" in quotes
    assert 'class="m-date' in page and "17 نوفمبر 2020" in page  # the resolved date, in Arabic
    assert "CONSULT" in page.split('id="events"')[1]


def test_search_page_marks_the_matched_words(client: TestClient) -> None:
    page = client.get("/search", params={"q": "القوات الأمريكية", "from": "2020-01-01"}).text
    hits = re.findall(r'<mark class="hit">([^<]+)</mark>', page)
    assert "القوات" in hits and "الأمريكية" in hits
    assert 'value="2020-01-01"' in page


def test_entity_page_has_an_svg_timeline_quotes_and_neighbours(client: TestClient) -> None:
    ids = client.get(f"/api/articles/{corpus()[0].id}").json()["store"]["entity_ids"]
    page = client.get(f"/entities/{ids['e1']}").text
    svg = page.split('id="timeline"')[1].split("</svg>")[0]
    assert "<svg" in svg and svg.count('class="bar"') == 2  # July and November 2020, by month
    assert "لسنا بحاجة" in page.split('id="quotes-by"')[1]
    assert "مايك بومبيو" in page.split('id="cooccurring"')[1]


@pytest.mark.parametrize("url", ["/", "/search", "/search?q=العراق", "/stories", "/quotes",
                                 "/quotes?speaker=الكاظمي", "/analyze"])
def test_every_page_renders_rtl(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 200 and 'dir="rtl"' in r.text and "cdn" not in r.text.lower()


def test_analyse_form_stores_the_article_and_redirects_to_it(client: TestClient, seed_text: str) -> None:
    r = client.post("/analyze", data={"text": seed_text, **form_token(client)}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/articles/")
    page = client.get(r.headers["location"]).text
    assert "الكاظمي: ملتزمون بإعادة جدولة انسحاب القوات الأميركية من العراق" in page
    up = client.post("/analyze", files={"file": ("a.txt", seed_text.encode("utf-16"), "text/plain")},
                     data=form_token(client), follow_redirects=False)
    assert up.headers["location"] == r.headers["location"]  # same text, same record


HOSTILE = ('عنوان <script>alert("x")</script> <img src=x onerror=alert(1)>\n\n'
           "فقرة فيها \u202eمقلوب\u202c و\u2067معزول\u2069 و\u200fعلامة.\n")


def test_script_tags_and_bidi_controls_are_neutralised_in_pages(client: TestClient) -> None:
    r = client.post("/analyze", data={"text": HOSTILE, **form_token(client)}, follow_redirects=False)
    assert r.status_code == 303
    aid = r.headers["location"].rsplit("/", 1)[1]
    page = client.get(r.headers["location"]).text
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert not re.search("[\u202a-\u202e\u2066-\u2069]", page)
    assert "\u200f" in page  # RLM is ordinary Arabic punctuation and stays
    # the stored text is the text as given, controls and all
    assert client.get(f"/api/articles/{aid}").json()["text"] == HOSTILE
    # and searching for it shows it escaped too
    s = client.get("/search", params={"q": "script"}).text
    assert "<script>" not in s and "&lt;script&gt;" in s


@pytest.mark.parametrize("params", [{"q": "<script>alert(1)</script>"}, {"q": '"><svg onload=alert(1)>'},
                                    {"q": "x", "outlet": "<b>o</b>"}, {"q": "x", "entity": "\u202eكاظمي"}])
def test_search_parameters_are_escaped(client: TestClient, params: dict[str, str]) -> None:
    r = client.get("/search", params=params)
    assert r.status_code < 500
    assert "<script>alert" not in r.text and "<svg onload" not in r.text and "<b>o</b>" not in r.text
    assert "\u202e" not in r.text


def test_bad_search_dates_give_a_page_with_the_error(client: TestClient) -> None:
    r = client.get("/search", params={"q": "العراق", "from": "2020-02-31"}, headers=HTML)
    assert r.status_code == 400 and 'role="alert"' in r.text and "dir=\"rtl\"" in r.text


def test_unknown_pages_and_ids_are_404_pages_for_browsers(client: TestClient) -> None:
    for url in ("/articles/0123456789abcdef", "/entities/999999", "/entities/<script>", "/no/such/page"):
        r = client.get(url, headers=HTML)
        assert r.status_code == 404 and 'role="alert"' in r.text and "<script>" not in r.text


def test_five_megabyte_form_post_is_a_413_page(client: TestClient) -> None:
    r = client.post("/analyze", data={"text": "خبر " * (700 * 1024), **form_token(client)}, headers=HTML)
    assert r.status_code == 413 and 'dir="rtl"' in r.text


def test_empty_and_binary_uploads_are_explained_on_the_form(client: TestClient) -> None:
    r = client.post("/analyze", data={"text": "   ", **form_token(client)})
    assert r.status_code == 400 and 'role="alert"' in r.text and "<textarea" in r.text
    r = client.post("/analyze", files={"file": ("x.txt", bytes(range(256)) * 8, "text/plain")},
                    data=form_token(client))
    assert r.status_code == 422 and "x.txt" in r.text


# ---------------------------------------------------------------- pure helpers


def test_overlapping_marks_keep_html_well_nested() -> None:
    text = "قال مصطفى الكاظمي الثلاثاء"
    assert text[4:17] == "مصطفى الكاظمي" and text[18:26] == "الثلاثاء"
    marks = [Mark(4, 17, "ent", "PER", "/entities/1"), Mark(10, 17, "ent", "PER"), Mark(18, 26, "date", "day"),
             Mark(15, 20, "date")]
    html = str(highlight(text, 0, len(text), marks))
    assert html.count("<a ") == 1 and html.count("<mark") == 1
    assert re.sub(r"<[^>]+>", "", html) == text


def test_display_text_drops_bidi_overrides_only() -> None:
    assert display_text("a\u202eb\u2066c\u200fd\x07") == "abc\u200fd"


def test_snippet_html_marks_offsets_and_escapes() -> None:
    snip = {"start": 10, "end": 25, "text": "<b> القوات هنا", "highlights": [[14, 20]], "prefix_cut": True}
    assert str(snippet_html(snip)) == '… &lt;b&gt; <mark class="hit">القوات</mark> هنا'


def test_timeline_buckets_by_day_month_or_year() -> None:
    assert bucket_counts([{"date": "2020-11-18", "mentions": 2}, {"date": "2020-11-20", "mentions": 1}]) == (
        "day", [("2020-11-18", 2), ("2020-11-19", 0), ("2020-11-20", 1)])
    grain, series = bucket_counts([{"date": "2020-01-05", "mentions": 1}, {"date": "2020-12-05", "mentions": 4}])
    assert grain == "month" and len(series) == 12 and series[-1] == ("2020-12", 4)
    grain, series = bucket_counts([{"date": "2005-01-05", "mentions": 1}, {"date": "2020-12-05", "mentions": 4}])
    assert grain == "year" and len(series) == 16
    assert "<svg" not in str(timeline_svg([]))
    assert str(timeline_svg([{"date": "bad", "mentions": 3}])).count("<rect") == 0
