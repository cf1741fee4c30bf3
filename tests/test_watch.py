"""``rasd watch`` against a local news site (tests/feed_server.py): nothing leaves 127.0.0.1.

The site's feeds and pages change between polls, and some of its paths fail or
stall; a clock the test moves stands in for time, so backoff is checked without
waiting for it.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from feed_server import FeedSite, serving
from scale_corpus import articles

from rasd.cli import main
from rasd.ingest.feedlist import FeedSpec, parse_feed_list, starter_feeds
from rasd.store import open_store
from rasd.store.sqlite import SQLiteStore
from rasd.watch import Store, Watcher, WatchOptions, backoff_delay, parse_duration

ARTICLES = articles(12)


class Clock:
    """Time as the test says it is."""

    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def site() -> Iterator[FeedSite]:
    with serving() as s:
        for i, a in enumerate(ARTICLES):
            lines = [ln for ln in a["text"].splitlines() if ln.strip()]
            s.put_article(f"/a/{i}", lines[0], lines[1:])
        yield s


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    s = open_store(tmp_path / "watch.db")
    assert isinstance(s, SQLiteStore)
    yield s
    s.close()


@pytest.fixture
def any_store(store_location: str) -> Iterator[Store]:
    """A fresh store per backend (PostgreSQL skips without RASD_TEST_PG)."""
    s = open_store(store_location)
    yield s
    s.close()


def items(*ns: int) -> list[tuple[str, str]]:
    return [(f"عنوان {n}", f"/a/{n}") for n in ns]


def watcher(store: Store, feeds: list[FeedSpec], clock: Clock, every: float = 60.0,
            timeout: float = 2.0, **kw: object) -> Watcher:
    opts = WatchOptions(every=every, timeout=timeout, **kw)  # type: ignore[arg-type]
    return Watcher(store, feeds, opts, clock=clock, rng=random.Random(7), say=lambda _m: None)


def page_requests(site: FeedSite) -> list[str]:
    return site.requests_for("/a/")


# ------------------------------------------------------------------ the acceptance checks


def test_watch_picks_up_new_items_on_next_poll_with_the_feed_outlet(site: FeedSite, any_store: Store) -> None:
    store = any_store
    url = site.put_feed("/news.xml", items(0, 1))
    clock = Clock()
    w = watcher(store, [FeedSpec(url, "موقع الاختبار", "SAU")], clock)
    first = w.poll()
    assert (first.added, first.failed) == (2, 0)
    site.put_feed("/news.xml", items(2, 0, 1))  # a new item on top
    site.clear_log()
    clock.now += 60
    second = w.poll()
    assert second.added == 1
    assert page_requests(site) == ["/a/2"]  # the two it had were not fetched again
    assert store.count() == 3
    outlets = {a["outlet"] for a in store.latest_articles(10)}
    assert outlets == {"موقع الاختبار"}
    health = {r["url"]: r for r in store.feed_health()}[url]
    assert (health["new_total"], health["last_new"], health["failures"]) == (3, 1, 0)


def test_watch_unchanged_feed_answers_304_and_fetches_nothing(site: FeedSite, any_store: Store) -> None:
    store = any_store
    url = site.put_feed("/news.xml", items(0, 1, 2))
    clock = Clock()
    w = watcher(store, [FeedSpec(url, "موقع")], clock)
    w.poll()
    site.clear_log()
    clock.now += 60
    again = w.poll()
    assert (again.not_modified, again.added, again.links) == (1, 0, 0)
    assert [p for p, _h in site.log] == ["/news.xml"]  # the feed only (robots.txt is cached), no page
    assert site.log[0][1].get("if-none-match")
    assert store.feed_health()[0]["not_modified"] == 1


def test_watch_failing_feed_backs_off_while_others_go_on(site: FeedSite, store: SQLiteStore) -> None:
    good = site.put_feed("/good.xml", items(0))
    bad = site.put("/bad.xml", "", status=500)
    slow = site.put_feed("/slow.xml", items(5))
    site.routes["/slow.xml"].delay = 3.0  # past the watcher's timeout (with room for a loaded machine)
    clock = Clock()
    w = watcher(store, [FeedSpec(good, "أ"), FeedSpec(bad, "ب"), FeedSpec(slow, "ج")], clock, every=60,
                timeout=1.0)
    first = w.poll()
    assert (first.added, first.failed) == (1, 2)
    health = {r["url"]: r for r in store.feed_health()}
    assert health[bad]["failures"] == 1 and "500" in health[bad]["last_error"]
    assert "timed out" in health[slow]["last_error"]
    waits = {u: _next(health[u]) - clock.now for u in (good, bad, slow)}
    assert waits[good] == pytest.approx(60, abs=0.01)
    assert waits[bad] >= 60 and waits[slow] >= 60
    site.routes["/slow.xml"].delay = 0  # it recovers; only /bad.xml goes on failing

    site.put_feed("/good.xml", items(1, 0))
    site.clear_log()
    clock.now += 60  # the good feed is due; the failing ones wait longer (the seeded jitter drew more than 60 s)
    assert min(waits[bad], waits[slow]) > 60
    second = w.poll()
    assert second.added == 1 and "/good.xml" in site.requests_for("/")
    assert not {"/bad.xml", "/slow.xml"} & set(site.requests_for("/"))

    for _ in range(2, 6):  # failing on: the wait grows
        clock.now = _next({r["url"]: r for r in store.feed_health()}[bad])
        w.poll()
    after = {r["url"]: r for r in store.feed_health()}[bad]
    assert after["failures"] >= 4
    assert _next(after) - clock.now >= 60 * 2 ** (after["failures"] - 1)
    recovered = {r["url"]: r for r in store.feed_health()}[slow]
    assert recovered["failures"] == 0 and recovered["new_total"] == 1  # its backoff ends with its first success
    assert store.count() == 3


def test_watch_once_polls_healthy_feeds_at_once_but_not_those_backing_off(site: FeedSite,
                                                                        store: SQLiteStore) -> None:
    good = site.put_feed("/news.xml", items(0))
    bad = site.put("/bad.xml", "", status=500)
    clock = Clock()
    w = watcher(store, [FeedSpec(good), FeedSpec(bad)], clock, every=600)
    w.run(once=True)
    site.clear_log()
    clock.now += 5  # long before either is due: cron came early
    assert w.run(once=True) == 1
    assert site.requests_for("/") == ["/news.xml"]


def test_watch_feed_that_is_not_a_feed_keeps_failing(site: FeedSite, store: SQLiteStore) -> None:
    url = site.put("/junk.xml", "<!doctype html><html><body><p>صفحة لا خلاصة</p></body></html>")
    clock = Clock()
    w = watcher(store, [FeedSpec(url)], clock)
    for n in (1, 2):
        assert w.poll().failed == 1
        row = store.feed_health()[0]
        assert row["failures"] == n and "not an RSS or Atom feed" in row["last_error"] and not row["last_success"]
        clock.now = _next(row)


def test_watch_killed_mid_poll_resumes_without_refetching_or_duplicates(site: FeedSite, tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """A real process, killed (SIGKILL) right after its second batch committed and before it
    recorded those links as taken: the restart refetches that batch only and stores nothing twice."""
    url = site.put_feed("/news.xml", items(*range(6)))
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# test feeds\n{url}\tموقع\tSAU\n", encoding="utf-8")
    db = tmp_path / "w.db"
    cmd = [sys.executable, "-m", "rasd", "watch", str(feeds), "--once", "--db", str(db), "--batch-size", "2",
           "--threads", "1", "--no-progress", "--no-cluster"]
    env = dict(os.environ, RASD_CRASH_AT="watch.stored:2")
    killed = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    with open_store(db) as s:
        assert s.count() == 4  # two batches committed
        assert len(s.seen_urls([f"{site.base}/a/{i}" for i in range(6)])) == 2  # the first batch's links
    site.clear_log()
    capsys.readouterr()
    assert main(cmd[3:]) == 0  # the restart, in this process (its models are loaded already)
    assert sorted(page_requests(site)) == ["/a/2", "/a/3", "/a/4", "/a/5"]
    assert "2 new articles stored, 2 already stored" in capsys.readouterr().err
    with open_store(db) as s:
        assert s.count() == 6
        ids = [a["id"] for a in s.latest_articles(20)]
        assert len(ids) == len(set(ids)) == 6


def test_watch_stops_on_sigterm_between_articles(site: FeedSite, tmp_path: Path) -> None:
    url = site.put_feed("/news.xml", items(*range(8)))
    for i in range(8):
        site.routes[f"/a/{i}"].delay = 0.3  # a slow site: the signal lands mid-poll
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(url + "\n", encoding="utf-8")
    db = tmp_path / "w.db"
    proc = subprocess.Popen([sys.executable, "-m", "rasd", "watch", str(feeds), "--every", "10m", "--db", str(db),
                             "--threads", "1", "--batch-size", "1", "--no-progress"],
                            stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while time.time() < deadline and len(page_requests(site)) < 3:
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "stopped" in err
    with open_store(db) as s:
        stored = s.count()
        assert 1 <= stored < 8
        seen = s.seen_urls([f"{site.base}/a/{i}" for i in range(8)])
        assert len(seen) == stored
        assert s.feed_health()[0]["etag"] is None  # its items were not all taken: the feed is read whole again
    for i in range(8):
        site.routes[f"/a/{i}"].delay = 0
    site.clear_log()
    assert main(["watch", str(feeds), "--once", "--db", str(db), "--no-progress"]) == 0
    assert len(page_requests(site)) == 8 - stored
    with open_store(db) as s:
        assert s.count() == 8


def test_watch_obeys_robots_txt(site: FeedSite, store: SQLiteStore) -> None:
    site.put("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain")
    site.put_article("/private/9", "مقال محجوب", ["نص لا يؤخذ لأن الموقع منعه في ملف الروبوتات."])
    url = site.put_feed("/news.xml", [("مقال محجوب", "/private/9"), *items(0)])
    report = watcher(store, [FeedSpec(url)], Clock()).poll()
    assert (report.added, report.robots_blocked) == (1, 1)
    assert site.requests_for("/private/") == []
    assert all(h["user-agent"].startswith("rasd/") for _p, h in site.log)


def test_watch_keeps_to_the_per_host_cap(site: FeedSite, store: SQLiteStore) -> None:
    url = site.put_feed("/news.xml", items(*range(8)))
    for i in range(8):
        site.routes[f"/a/{i}"].delay = 0.1
    report = watcher(store, [FeedSpec(url)], Clock(), threads=8, per_host=2).poll()
    assert report.added == 8
    assert site.max_in_flight == 2


def test_watch_takes_the_feed_text_when_the_page_has_no_article(site: FeedSite, store: SQLiteStore) -> None:
    site.put("/a/js", "<!doctype html><html><body><div id='app'></div><script src='/app.js'></script></body></html>")
    body = "".join(f"<p>{p}</p>" for p in ARTICLES[7]["text"].split("\n\n"))
    url = site.put_feed("/news.xml", [("خبر من الخلاصة", "/a/js"), ("خبر بلا نص", "/a/js2")],
                        content={"/a/js": body})
    site.put("/a/js2", "<!doctype html><html><body><script></script></body></html>")
    report = watcher(store, [FeedSpec(url, "موقع")], Clock()).poll()
    assert report.added == 1
    assert len(report.errors) == 1 and "/a/js2" in report.errors[0]
    stored = store.get_article(store.latest_articles(1)[0]["id"])
    assert stored is not None
    assert stored["source"]["url"] == f"{site.base}/a/js" and stored["source"]["outlet"] == "موقع"
    assert stored["text"].startswith("خبر من الخلاصة\n\n")
    assert store.seen_urls([f"{site.base}/a/js2"])  # a page with no article is not fetched again


def test_watch_takes_at_most_max_new_links_a_poll_and_the_rest_next_time(site: FeedSite,
                                                                         store: SQLiteStore) -> None:
    url = site.put_feed("/news.xml", items(*range(5)))
    clock = Clock()
    w = watcher(store, [FeedSpec(url)], clock, max_new=2)
    added = []
    for _ in range(3):
        added.append(w.poll().added)
        clock.now += 60
    assert added == [2, 2, 1]
    assert store.feed_health()[0]["etag"]  # all taken: now the feed may answer 304


def test_watch_reads_sitemaps(site: FeedSite, store: SQLiteStore) -> None:
    urls = "".join(f"<url><loc>{site.base}/a/{i}</loc><lastmod>2020-11-18</lastmod></url>" for i in (3, 4))
    sitemap = site.put("/sitemap.xml", '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/'
                       f'sitemap/0.9">{urls}</urlset>', "application/xml")
    index = site.put("/index.xml", f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap>'
                     f"<loc>{sitemap}</loc></sitemap></sitemapindex>", "application/xml")
    report = watcher(store, [FeedSpec(index, "خريطة")], Clock()).poll()
    assert (report.added, report.failed) == (2, 0)


def test_watch_pages_that_fail_for_now_are_retried_and_the_feed_read_whole(site: FeedSite,
                                                                           store: SQLiteStore) -> None:
    url = site.put_feed("/news.xml", items(0, 1))
    site.routes["/a/1"].status = 503
    clock = Clock()
    w = watcher(store, [FeedSpec(url)], clock)
    assert w.poll().added == 1
    assert store.feed_health()[0]["etag"] is None
    site.routes["/a/1"].status = 200
    site.clear_log()
    clock.now += 60
    assert w.poll().added == 1
    assert page_requests(site) == ["/a/1"]
    assert store.feed_health()[0]["etag"]


# ------------------------------------------------------------------ status, files, pieces


def test_watch_status_lists_feed_health(site: FeedSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = site.put_feed("/news.xml", items(0))
    db = str(tmp_path / "w.db")
    with open_store(db) as s:
        watcher(s, [FeedSpec(url, "موقع", "SAU")], Clock()).poll()
    capsys.readouterr()
    assert main(["watch", "--status", "--json", "--db", db]) == 0
    rows = json.loads(capsys.readouterr().out)["feeds"]
    assert [(r["url"], r["outlet"], r["country"], r["new_total"]) for r in rows] == [(url, "موقع", "SAU", 1)]
    assert main(["watch", "--status", "--db", db]) == 0
    assert "موقع" in capsys.readouterr().out


def test_watch_health_on_api_feeds_and_the_arabic_page(site: FeedSite, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from rasd.web.app import create_app

    good = site.put_feed("/news.xml", items(0, 1))
    bad = site.put("/bad.xml", "", status=500)
    db = str(tmp_path / "w.db")
    with open_store(db) as s:
        watcher(s, [FeedSpec(good, "موقع الاختبار", "SAU"), FeedSpec(bad, "موقع معطل", "EGY")], Clock()).poll()
    with TestClient(create_app(db)) as client:
        api = client.get("/api/feeds").json()
        page = client.get("/feeds")
    assert (api["total"], api["failing"], api["new_total"]) == (2, 1, 2)
    by_url = {f["url"]: f for f in api["feeds"]}
    assert by_url[good]["last_success"] and by_url[good]["new_total"] == 2
    assert by_url[bad]["failures"] == 1 and "500" in by_url[bad]["last_error"]
    assert page.status_code == 200
    html = page.text
    assert 'dir="rtl"' in html and 'href="/feeds" aria-current="page"' in html
    assert "موقع الاختبار" in html and "السعودية" in html and "متعثرة" in html
    assert "2\u00a0خلاصتان" in html
    assert '<p class="meta feed-error" dir="ltr">' in html  # English error text on its own left-to-right line


def test_unreachable_host_error_names_the_reason_not_the_urllib_wrapper() -> None:
    import socket

    from rasd.ingest.polite import FetchError, get

    with socket.socket() as sock:  # a port that was just free and nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(FetchError) as err:
        get(f"http://127.0.0.1:{port}/feed.xml", timeout=2, what="feed")
    message = str(err.value)
    assert message.startswith(f"http://127.0.0.1:{port}/feed.xml: cannot fetch the feed (")
    assert "refused" in message.lower() and "urlopen" not in message


@pytest.mark.parametrize(("content", "message"), [
    ("ftp://example.org/feed\n", "feeds.txt:1: expected a feed URL"),
    ("# only a comment\n", "lists no feeds"),
    ("https://example.org/feed\tموقع\tSaudi\n", "feeds.txt:1: country 'Saudi' is not"),
])
def test_watch_bad_feeds_file_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                     content: str, message: str) -> None:
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(content, encoding="utf-8")
    assert main(["watch", str(feeds), "--once", "--db", str(tmp_path / "w.db")]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1
    assert not (tmp_path / "w.db").exists()


def test_feed_list_accepts_tabs_pipes_and_bare_urls() -> None:
    feeds = parse_feed_list("https://a.example/rss\nhttps://b.example/rss | بي | gbr\n"
                            "https://a.example/rss\tمكرر\n", "f")
    assert feeds == [FeedSpec("https://a.example/rss"), FeedSpec("https://b.example/rss", "بي", "GBR")]


def test_starter_list_covers_the_region_with_outlet_and_country() -> None:
    feeds = starter_feeds()
    assert len(feeds) >= 12
    assert all(f.outlet and f.country and f.url.startswith("https://") for f in feeds)
    assert {"QAT", "SAU", "EGY", "MAR", "ARE", "GBR"} <= {f.country for f in feeds}


def test_backoff_grows_with_failures_never_below_the_interval_and_honours_retry_after() -> None:
    rng = random.Random(1)
    waits = [backoff_delay(60, n, rng) for n in range(1, 8)]
    assert all(w >= 60 for w in waits)
    assert waits[-1] > 8 * waits[0] / 2
    assert len({round(backoff_delay(60, 3, rng), 3) for _ in range(5)}) > 1  # jitter
    assert backoff_delay(60, 1, rng, retry_after=900) >= 900
    assert backoff_delay(60, 50, rng) <= 6 * 3600


def test_parse_duration_reads_units() -> None:
    assert [parse_duration(t) for t in ("10m", "30s", "1.5h", "250ms", "12")] == [600, 30, 5400, 0.25, 12]


def _next(row: dict[str, object]) -> float:
    from rasd.watch import from_iso

    value = from_iso(str(row["next_poll"]))
    assert value is not None
    return value
