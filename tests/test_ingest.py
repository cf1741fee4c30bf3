"""Ingest: every input kind, bad records reported with positions, idempotence."""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from pathlib import Path

import pytest

from rasd.article import to_json
from rasd.cli import main
from rasd.ingest.sources import WorkItem, count_items, iter_items
from rasd.pipeline import analyze
from rasd.store import open_store
from rasd.store.loader import ingest_paths

BODY = "قال وزير الخارجية العراقي اليوم إن بغداد ستستضيف اجتماعا إقليميا الشهر المقبل لبحث أمن الحدود."


def body(i: int) -> str:
    return f"{BODY} وأضاف أن الاجتماع رقم {i} سيعقد في العاصمة."


def run_ingest(db: Path, paths: list[Path], **kw):  # type: ignore[no-untyped-def]
    errors: list[str] = []
    with open_store(db) as s:
        rep = ingest_paths(s, [str(p) for p in paths], workers=1, progress=False, on_error=errors.append, **kw)
        return rep, errors, s.count()


def test_ingest_text_and_html_folder_with_a_bad_file(tmp_path: Path) -> None:
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    (d / "a.txt").write_text(f"عنوان الخبر الأول\n\n{body(1)}\n", encoding="utf-8")
    (d / "sub" / "b.html").write_text(
        "<html><head><title>عنوان الصفحة</title></head><body><article><h1>عنوان الصفحة</h1>"
        + "".join(f"<p>{body(i)}</p>" for i in range(2, 6)) + "</article></body></html>", encoding="utf-8")
    (d / "c.txt").write_bytes(b"\x00\x01\x02binary" * 50)
    rep, errors, n = run_ingest(tmp_path / "db", [d])
    assert n == 2 and rep.added == 2
    assert len(errors) == 1 and "c.txt" in errors[0]


def test_ingest_jsonl_reports_bad_records_with_their_line(tmp_path: Path) -> None:
    f = tmp_path / "a.jsonl"
    lines = [json.dumps({"title": "خبر", "text": body(1), "url": "http://x/1", "date": "2021-03-04", "source": "ex"},
                        ensure_ascii=False),
             "{not json",
             json.dumps({"title": "بلا نص"}, ensure_ascii=False),
             json.dumps({"content": body(2)}, ensure_ascii=False)]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _rep, errors, n = run_ingest(tmp_path / "db", [f])
    assert n == 2
    assert [e.split(": ")[0] for e in errors] == [f"{f}:2", f"{f}:3"]
    with open_store(tmp_path / "db") as s:
        hit = s.search("اجتماعا", limit=5)["hits"]
        first = next(h for h in hit if h["url"])
        assert (first["outlet"], first["date"], first["url"]) == ("ex", "2021-03-04", "http://x/1")


def test_ingest_saudinewsnet_zip_and_gzip(tmp_path: Path) -> None:
    recs = [{"source": "sabq", "url": f"http://sabq.org/{i}", "date_extracted": "2015-07-21 02:51:32",
             "title": f"عنوان &quot;{i}&quot;", "author": "واس", "content": body(i)} for i in range(5)]
    recs.append({"source": "sabq", "url": "u", "date_extracted": "2015-07-21", "title": "قصة مصورة", "content": " "})
    z = tmp_path / "2015-07-21.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("2015-07-21.json", json.dumps(recs, ensure_ascii=False, indent=2))
    g = tmp_path / "more.jsonl.gz"
    with gzip.open(g, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"text": body(99)}, ensure_ascii=False) + "\n")
    assert count_items([str(z), str(g)]) == 7
    rep, errors, n = run_ingest(tmp_path / "db", [z, g])
    assert n == 6 and rep.added == 6
    assert errors == [f"{z}:2015-07-21.json#5: no article text (expected a non-empty 'text' or 'content' field)"]
    with open_store(tmp_path / "db") as s:
        row = s.conn.execute("SELECT outlet, date, title, author FROM articles WHERE url = ?",
                             ("http://sabq.org/3",)).fetchone()
        assert tuple(row) == ("sabq", "2015-07-21", 'عنوان "3"', "واس")


def test_ingest_is_idempotent_and_skips_stored_texts_before_analysis(tmp_path: Path) -> None:
    f = tmp_path / "a.jsonl"
    f.write_text("".join(json.dumps({"text": body(i)}, ensure_ascii=False) + "\n" for i in range(6)), encoding="utf-8")
    rep1, _, n1 = run_ingest(tmp_path / "db", [f, f])
    assert (rep1.added, rep1.already_stored, n1) == (6, 6, 6)
    rep2, _, n2 = run_ingest(tmp_path / "db", [f])
    assert (rep2.added, rep2.already_stored, n2) == (0, 6, 6)


def test_ingest_takes_finished_rasd_records(tmp_path: Path) -> None:
    art = analyze(f"عنوان\n\n{body(7)}\n")
    f = tmp_path / "records.jsonl"
    f.write_text(to_json(art) + "\n", encoding="utf-8")
    items = list(iter_items([str(f)]))
    assert isinstance(items[0], WorkItem) and items[0].record is not None
    run_ingest(tmp_path / "db", [f])
    with open_store(tmp_path / "db") as s:
        assert s.get_article(art.id)["text"] == art.text


def test_ingest_warc(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as fh:
        w = WARCWriter(fh, gzip=True)
        page = ("<html><head><title>خبر من الأرشيف</title></head><body><article><h1>خبر من الأرشيف</h1>"
                + "".join(f"<p>{body(i)}</p>" for i in range(4)) + "</article></body></html>").encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("http://news.example/a", "response", payload=io.BytesIO(page),
                                            http_headers=headers))
        img = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record("http://news.example/i.png", "response",
                                            payload=io.BytesIO(b"\x89PNG"), http_headers=img))
    items = [i for i in iter_items([str(path)])]
    assert len(items) == 1 and isinstance(items[0], WorkItem)
    assert items[0].position.startswith(f"{path}@") and items[0].source.url == "http://news.example/a"
    _rep, errors, n = run_ingest(tmp_path / "db", [path])
    assert (n, errors) == (1, [])


def test_ingest_damaged_warc_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "bad.warc"
    path.write_bytes(b"WARC/1.0\r\nnonsense\r\n\r\n" * 3)
    errors = [i for i in iter_items([str(path)]) if not isinstance(i, WorkItem)]
    assert errors and "not a WARC record" in str(errors[0])
    empty = tmp_path / "empty.warc.gz"
    empty.write_bytes(b"")
    assert "no WARC records" in str(next(iter_items([str(empty)])))



@pytest.mark.parametrize("gz", [False, True])
def test_a_warc_cut_inside_a_page_reports_it_and_keeps_the_pages_before(tmp_path: Path, gz: bool) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gz)
    for i in range(2):
        page = (f"<html><body><article><h1>خبر {i}</h1>" + "".join(f"<p>{body(k)}</p>" for k in range(4))
                + "</article></body></html>").encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(f"http://news.example/{i}", "response", payload=io.BytesIO(page),
                                            http_headers=headers))
    path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    path.write_bytes(buf.getvalue()[:-60])  # the download stopped inside the second page
    items = list(iter_items([str(path)]))
    pages = [i for i in items if isinstance(i, WorkItem)]
    errors = [i for i in items if not isinstance(i, WorkItem)]
    assert [p.source.url for p in pages] == ["http://news.example/0"]
    assert len(errors) == 1 and "truncated WARC record" in str(errors[0]) and "news.example/1" in str(errors[0])

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>أخبار المثال</title>
<item><title>الخبر الأول</title><link>http://news.example/1</link><pubDate>Tue, 21 Jul 2015 10:00:00 GMT</pubDate>
<content:encoded><![CDATA[<p>{b1}</p><p>{b2}</p>]]></content:encoded></item>
<item><title>الخبر الثاني</title><link>http://news.example/2</link><description>{b3}</description></item>
<item><title>فارغ</title><link>http://news.example/3</link></item>
</channel></rss>"""


def test_ingest_rss_file(tmp_path: Path) -> None:
    f = tmp_path / "feed.rss"
    f.write_text(RSS.format(b1=body(1), b2=body(2), b3=body(3)), encoding="utf-8")
    _rep, errors, n = run_ingest(tmp_path / "db", [f])
    assert n == 2 and len(errors) == 1 and errors[0].startswith(f"{f}#2")
    with open_store(tmp_path / "db") as s:
        rows = s.conn.execute("SELECT title, outlet, url, date FROM articles ORDER BY url").fetchall()
    assert tuple(rows[0]) == ("الخبر الأول", "أخبار المثال", "http://news.example/1", "2015-07-21")


def test_ingest_feed_url_from_a_loopback_server(tmp_path: Path) -> None:
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    payload = RSS.format(b1=body(4), b2=body(5), b3=body(6)).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/feed.xml"
        _rep, _errors, n = run_ingest(tmp_path / "db", [url])  # type: ignore[list-item]
    finally:
        server.shutdown()
    assert n == 2


def test_ingest_cli_progress_and_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "a.jsonl"
    f.write_text("".join(json.dumps({"text": body(i)}, ensure_ascii=False) + "\n" for i in range(3)), encoding="utf-8")
    db = tmp_path / "c.db"
    assert main(["ingest", str(f), "--db", str(db), "--workers", "1"]) == 0
    cap = capsys.readouterr()
    assert "art/s" in cap.err and "3 added" in cap.out
    assert main(["ingest", str(f), "--db", str(db), "--json", "--no-progress"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["added"] == 0 and summary["already_stored"] == 3 and summary["stored"] == 3
