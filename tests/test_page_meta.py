"""A page's own metadata (JSON-LD, meta tags, URL) with where each value came from.

Small pages written here, one behaviour each: which statement wins, how a site's name
leaves a title, how a UTC timestamp becomes the publisher's day, and that the page's
date wins over a date line in its text.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from rasd import analyze
from rasd.article import Article, Source, from_json, to_json
from rasd.ingest.html import extract_html, merged_source
from rasd.ingest.page_meta import page_region, publisher_day, read_page_meta, strip_site_name, url_day
from rasd.ingest.sources import WorkItem, iter_items
from rasd.work import article_of

BODY = "<p>" + "أكدت الحكومة العراقية التزامها بالاتفاق مع الجانب الأميركي في بغداد اليوم. " * 5 + "</p>"


def page(head: str, body: str = BODY, lang: str = "ar", h1: str = "<h1>عنوان الخبر</h1>") -> str:
    return f'<html lang="{lang}"><head>{head}</head><body><article>{h1}{body}</article></body></html>'


def ld(obj: dict[str, object]) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj, ensure_ascii=False)}</script>'


NEWS_LD = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "الحكومة تلتزم بالاتفاق",
           "datePublished": "2021-03-04T09:00:00+03:00", "dateModified": "2021-03-05T10:00:00+03:00",
           "author": [{"@type": "Person", "name": "أحمد علي"}], "publisher": {"@type": "Organization",
           "name": "اليوم السابع"}, "mainEntityOfPage": "https://www.youm7.com/story/2021/3/4/123", "inLanguage": "ar"}


def test_page_meta_json_ld_wins_over_meta_tags_and_says_so() -> None:
    head = ld(NEWS_LD) + ('<meta property="article:published_time" content="2021-03-01T08:00:00+03:00">'
                          '<meta property="og:site_name" content="Youm7">')
    _text, src = extract_html(page(head), name="p.html")
    assert (src.date, src.date_source) == ("2021-03-04", "json-ld")
    assert (src.modified, src.modified_source) == ("2021-03-05", "json-ld")
    assert (src.author, src.author_source) == ("أحمد علي", "json-ld")
    assert (src.outlet, src.outlet_source) == ("اليوم السابع", "json-ld")
    assert (src.url, src.url_source) == ("https://www.youm7.com/story/2021/3/4/123", "json-ld")
    assert (src.language, src.language_source) == ("ar", "json-ld")


def test_page_meta_meta_tags_where_there_is_no_json_ld() -> None:
    head = ('<meta property="article:published_time" content="2021-03-01T08:00:00+03:00">'
            '<meta name="author" content="سارة محمد"><meta property="og:locale" content="ar_AR">'
            '<link rel="canonical" href="https://example.com/news/1">')
    _text, src = extract_html(page(head), name="p.html")
    assert (src.date, src.date_source) == ("2021-03-01", "meta")
    assert (src.author, src.author_source) == ("سارة محمد", "meta")
    assert (src.language, src.language_source) == ("ar", "meta")
    assert (src.url, src.url_source) == ("https://example.com/news/1", "markup")


def test_page_meta_date_from_url_only_when_the_page_states_none() -> None:
    _text, src = extract_html(page("<title>عنوان الخبر</title>"), name="p.html",
                              url="https://example.com/2019/07/21/story.html")
    assert (src.date, src.date_source) == ("2019-07-21", "url")
    assert url_day("http://arabic.cnn.com/2013/middle_east/8/3/syria.clashes/index.html") is None
    assert url_day("https://example.com/2020/02/30/x") is None  # no such day


def test_page_meta_url_day_wins_over_a_utc_stamp_across_midnight() -> None:
    head = ld({"@type": "NewsArticle", "headline": "x", "datePublished": "2020-02-18T02:18:11Z"})
    url = "https://laprensafl.com/2020/02/17/story/"
    _text, src = extract_html(page(head), name="p.html", url=url)
    assert (src.date, src.date_source) == ("2020-02-17", "url")
    head = ld({"@type": "NewsArticle", "headline": "x", "datePublished": "2020-07-09T10:04:04Z"})
    _text, src = extract_html(page(head), name="p.html", url="https://example.com/politics/2020/07/08/story.html")
    assert (src.date, src.date_source) == ("2020-07-09", "json-ld")  # 10:04 UTC is the 9th from California to Tokyo


def test_page_meta_utc_stamp_becomes_the_publishers_day_when_the_country_fixes_it() -> None:
    assert publisher_day("2020-05-02T02:54:29.000Z", "US") == "2020-05-01"
    assert publisher_day("2020-05-02T12:54:29.000Z", "US") == "2020-05-02"
    assert publisher_day("2020-05-01T22:30:00Z", "SA") == "2020-05-02"
    assert publisher_day("2020-05-01T22:30:00+03:00", "US") == "2020-05-01"  # a local time is the publisher's own
    assert publisher_day("2020-05-02T02:54:29Z", None) == "2020-05-02"
    assert page_region("en_US", None) == "US"
    assert page_region("ar_AR", "https://www.alarabiya.net/x") is None  # Facebook's generic Arabic, not Argentina
    assert page_region("ar", "https://www.youm7.com.eg/x") == "EG"


def test_page_meta_title_loses_the_site_name_not_its_own_dash() -> None:
    assert strip_site_name("الحكومة تلتزم بالاتفاق - اليوم السابع", "اليوم السابع", None) == "الحكومة تلتزم بالاتفاق"
    assert strip_site_name("معارضون يسيطرون على مخازن | CNN Arabic", None,
                           "http://arabic.cnn.com/2013/x") == "معارضون يسيطرون على مخازن"
    assert strip_site_name("Youm7 | خبر عاجل", None, "https://www.youm7.com/x") == "خبر عاجل"
    headline = "مقاتلون من لواء الاسلام - جبهة النصرة يسيطرون"
    assert strip_site_name(headline, "اليوم السابع", "https://www.youm7.com/x") == headline
    assert strip_site_name("اليوم السابع", "اليوم السابع", None) == "اليوم السابع"


def test_page_meta_title_of_the_record_has_no_site_suffix() -> None:
    head = "<title>الحكومة تلتزم بالاتفاق - اليوم السابع</title>" + '<meta property="og:site_name" content="اليوم السابع">'
    text, src = extract_html(page(head, h1=""), name="p.html")
    assert (src.title, src.title_source) == ("الحكومة تلتزم بالاتفاق", "markup")
    assert text.startswith("الحكومة تلتزم بالاتفاق\n\n")


def test_page_meta_rdfa_date_in_the_body_counts_as_markup() -> None:
    body = '<span property="dc:date" content="2019-02-08T00:00:00+01:00">الجمعة 8 فيفري 2019</span>' + BODY
    meta = read_page_meta(page("", body=body))
    assert meta.date is not None and (meta.date.value, meta.date.origin) == ("2019-02-08", "markup")


def test_page_meta_broken_json_ld_and_entities_are_handled() -> None:
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "x",}</script>'
            '<meta property="og:title" content="Australian &#039;megablaze&#039; under control">')
    meta = read_page_meta(page(head))
    assert meta.title is not None and (meta.title.value, meta.title.origin) == (
        "Australian 'megablaze' under control", "meta")


def test_page_meta_date_wins_over_the_text_date_line() -> None:
    dated_body = "<p>الأربعاء 18 نوفمبر 2020</p>" + BODY
    head = '<meta property="article:published_time" content="2020-11-19T08:00:00+03:00">'
    text, src = extract_html(page(head, body=dated_body), name="p.html")
    art = analyze(text, src, until="dates")
    assert art.published is not None and art.published.text == "الأربعاء 18 نوفمبر 2020"
    assert (art.published.date, art.published.date_source) == ("2020-11-19", "meta")
    text, src = extract_html(page("", body=dated_body), name="p.html")
    art = analyze(text, src, until="dates")
    assert art.published is not None and (art.published.date, art.published.date_source) == ("2020-11-18", "text")
    assert art.source.date_source == "page-text"  # htmldate's search of the free text is weaker than the date line
    assert [d.value for d in art.dates if d.role == "published"] == ["2020-11-18"]


def test_page_meta_given_values_override_the_page_and_say_so() -> None:
    found = Source(path="p.html", outlet="Youm7", outlet_source="meta", date="2021-03-04", date_source="json-ld")
    got = merged_source(Source(path="feed/1", outlet="اليوم السابع"), found)
    assert (got.outlet, got.outlet_source) == ("اليوم السابع", "given")
    assert (got.date, got.date_source) == ("2021-03-04", "json-ld")
    assert got.path == "feed/1"


def test_page_meta_date_wins_over_a_warc_capture_date(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc"
    with path.open("wb") as fh:
        w = WARCWriter(fh, gzip=False)
        for url, head in (("http://news.example/a", '<meta property="article:published_time" content="2021-03-04">'),
                          ("http://news.example/b", "")):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = w.create_warc_record(url, "response", payload=io.BytesIO(page(head).encode()),
                                          http_headers=headers, warc_headers_dict={"WARC-Date": "2024-01-01T00:00:00Z"})
            w.write_record(record)
    dated, undated = (article_of(i) for i in iter_items([str(path)]) if isinstance(i, WorkItem))
    assert (dated.source.date, dated.source.date_source) == ("2021-03-04", "meta")  # not the capture day
    assert (undated.source.date, undated.source.date_source) == ("2024-01-01T00:00:00Z", "given")


def test_page_meta_record_round_trips_and_old_records_still_load() -> None:
    _text, src = extract_html(page(ld(NEWS_LD)), name="p.html")
    art = Article.from_text("نص\n", src)
    assert from_json(to_json(art)) == art
    old = {"schema": "rasd.article/1", "id": art.id, "text": "نص\n",
           "source": {"path": "p.html", "url": None, "outlet": "x", "title": None, "date": "2020-01-02"},
           "published": {"start": 0, "end": 2, "text": "نص", "date": "2020-01-02"}}
    back = from_json(old)
    assert back.source.date == "2020-01-02" and back.source.date_source is None
    assert back.published is not None and back.published.date_source is None
