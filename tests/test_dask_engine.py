"""The Dask engine: same function on a cluster, per-record failures reported, a killed
worker loses and duplicates nothing, WARC files (and Common Crawl path lists) are
read by the workers."""

from __future__ import annotations

import gzip
import io
import json
import os
import signal
import threading
import time
from pathlib import Path

import pytest
from scale_corpus import articles, write_jsonl

from rasd.article import Source, from_json
from rasd.batch import analyze_item, run_many
from rasd.cli import main
from rasd.ingest.crawl import expand_lists, index_warc, iter_partitions, read_path_list, read_warc_slice, resolve
from rasd.ingest.sources import WorkItem
from rasd.store import open_store
from rasd.store.loader import ingest_paths

pytest.importorskip("distributed")
pytest.importorskip("warcio")


def quiet(msg: str) -> None:
    pass


# ------------------------------------------------------------------ the engine


def test_dask_engine_reports_a_bad_record_and_analyses_the_rest(dask_scheduler: str) -> None:
    good = [WorkItem(f"t{i}", Source(outlet="x"), text=a["title"] + "\n\n" + a["text"])
            for i, a in enumerate(articles(12))]
    bad = WorkItem("bad", Source(), record='{"not": "a rasd record"}')
    items = [*good[:5], bad, *good[5:]]
    outcomes = list(run_many(analyze_item, items, engine="dask", scheduler=dask_scheduler, chunk_size=3))
    assert len(outcomes) == len(items)
    errors = [o for o in outcomes if o.error]
    assert [o.item.position for o in errors] == ["bad"]  # type: ignore[attr-defined]
    ids = {o.value.prepared.id for o in outcomes if o.value is not None}  # type: ignore[attr-defined]
    local = {o.value.prepared.id for o in run_many(analyze_item, good, engine="local")}  # type: ignore[union-attr]
    assert ids == local and len(ids) == 12
    # outcomes come back without the input's payload: the client never holds the corpus twice
    assert all(o.item.text is None and o.item.html is None for o in outcomes)  # type: ignore[attr-defined]


def test_dask_worker_killed_mid_run_stores_every_article_once(
        store_location: str, tmp_path: Path, dask_scheduler: str) -> None:
    from distributed import Client

    n = 300
    corpus = write_jsonl(tmp_path / "c.jsonl", n)
    expected = articles(n)
    with Client(dask_scheduler) as client:
        before = client.run(os.getpid)
    victim = sorted(before.values())[0]
    store = open_store(store_location)  # created and migrated before the watcher opens it
    watcher = open_store(store_location)
    stored_at_kill: list[int] = []

    def kill_when_under_way() -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            done = watcher.count()
            if done >= 40:
                stored_at_kill.append(done)
                os.kill(victim, signal.SIGKILL)
                return
            time.sleep(0.01)

    killer = threading.Thread(target=kill_when_under_way)
    killer.start()
    report = ingest_paths(store, [str(corpus)], batch_size=20, chunk_size=4, progress=False, cluster=False,
                          engine="dask", scheduler=dask_scheduler, on_error=quiet)
    killer.join()
    assert stored_at_kill and stored_at_kill[0] < n, "the worker was not killed mid-run"
    assert (report.added, report.errors) == (n, [])
    stats = store.stats()
    assert stats["articles"] == n
    records = [from_json(r) for r in store.iter_records()]
    assert len({r.id for r in records}) == n
    assert sorted(r.source.title or "" for r in records) == sorted(a["title"] for a in expected)
    assert stats["mentions"] == sum(len(e.mentions) for r in records for e in r.entities)  # no child row twice
    assert stats["quotes"] == sum(len(r.quotes) for r in records)
    store.close()
    watcher.close()
    with Client(dask_scheduler) as client:  # the nanny replaced the killed worker
        client.wait_for_workers(2, timeout=60)
        after = client.run(os.getpid)
    assert victim not in after.values() and len(after) == 2


# ------------------------------------------------------------------ WARC input at crawl scale


def _page(title: str, text: str) -> bytes:
    paras = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
    return (f'<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{title}</title></head>'
            f"<body><nav>الرئيسية | أخبار</nav><article><h1>{title}</h1>{paras}</article>"
            "<footer>جميع الحقوق محفوظة</footer></body></html>").encode()


def write_warc(path: Path, pages: list[dict[str, str]], site: str) -> None:
    """A gzipped WARC (one gzip member per record, as Common Crawl's) with HTML
    responses, a request, an image and a redirect between them."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for i, page in enumerate(pages):
            url = f"https://{site}/news/{i}"
            req = w.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
            w.write_record(req)
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(_page(page["title"], page["text"])),
                                                http_headers=headers))
            if i % 3 == 0:
                img = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
                w.write_record(w.create_warc_record(url + ".png", "response", payload=io.BytesIO(b"\x89PNG...."),
                                                    http_headers=img))
                moved = StatusAndHeaders("301 Moved", [("Location", "/x")], protocol="HTTP/1.1")
                w.write_record(w.create_warc_record(url + "/old", "response", payload=io.BytesIO(b""),
                                                    http_headers=moved))


@pytest.fixture
def crawl(tmp_path: Path) -> tuple[Path, Path, list[dict[str, str]]]:
    """Two WARCs laid out as Common Crawl does, and a gzipped warc.paths list of them."""
    pages = articles(24)
    root = tmp_path / "mirror"
    rel = []
    for k in range(2):
        r = f"crawl-data/CC-MAIN-2024-10/segments/1707947473{k}.15/warc/CC-MAIN-20240220-{k:05d}.warc.gz"
        (root / r).parent.mkdir(parents=True, exist_ok=True)
        write_warc(root / r, pages[k * 12:(k + 1) * 12], f"site{k}.example")
        rel.append(r)
    listing = tmp_path / "warc.paths.gz"
    listing.write_bytes(gzip.compress(("\n".join(rel) + "\n").encode()))
    return root, listing, pages


def test_warc_index_and_slices_read_every_html_page(crawl) -> None:  # type: ignore[no-untyped-def]
    root, listing, pages = crawl
    paths = read_path_list(str(listing), str(root))
    assert all(Path(p).is_file() for p in paths)
    offsets, error = index_warc(paths[0])
    assert error is None and len(offsets) == 12  # requests, the image and the redirect are not pages
    items = list(read_warc_slice(paths[0], offsets[5:8]))
    assert [i.position for i in items] == [f"{paths[0]}@{o}" for o in offsets[5:8]]  # type: ignore[union-attr]
    assert all(pages[5]["title"].encode() in items[0].html for _ in [0])  # type: ignore[union-attr, operator]
    assert items[0].source.url == "https://site0.example/news/5"  # type: ignore[union-attr]


def test_common_crawl_paths_resolve_under_a_prefix(tmp_path: Path) -> None:
    rel = "crawl-data/CC-MAIN-2024-10/segments/1/warc/x.warc.gz"
    assert resolve(rel, "s3://commoncrawl/") == "s3://commoncrawl/" + rel
    assert resolve(rel, "/mnt/cc") == "/mnt/cc/" + rel
    assert resolve("/abs/x.warc.gz", "/mnt/cc") == "/abs/x.warc.gz"
    listing = tmp_path / "warc.paths"
    listing.write_text(f"# a comment\n{rel}\n\n", encoding="utf-8")
    assert expand_lists([str(listing)]) == [str(tmp_path / rel)]  # no prefix: next to the list
    assert expand_lists([str(listing), "a.jsonl"], "https://data.example/") == ["https://data.example/" + rel,
                                                                               "a.jsonl"]
    assert [type(p).__name__ for p in iter_partitions([str(tmp_path / rel)])] == ["WarcFile"]


def test_dask_ingests_a_common_crawl_list_like_the_pool(crawl, tmp_path: Path, dask_scheduler: str) -> None:  # type: ignore[no-untyped-def]
    root, listing, _pages = crawl
    got = {}
    for engine in ("process", "dask"):
        with open_store(tmp_path / f"{engine}.db") as store:
            report = ingest_paths(store, [str(listing)], warc_prefix=str(root), engine=engine, workers=2,
                                  scheduler=dask_scheduler if engine == "dask" else None, progress=False,
                                  cluster=False, on_error=quiet)
            assert (report.added, report.errors) == (24, [])
            got[engine] = {(json.loads(r)["id"], json.loads(r)["source"]["url"]) for r in store.iter_records()}
    assert got["process"] == got["dask"]
    assert {u for _i, u in got["dask"]} == {f"https://site{k}.example/news/{i}" for k in range(2) for i in range(12)}


def test_dask_reports_a_damaged_warc_and_keeps_its_pages_before_the_damage(
        crawl, tmp_path: Path, dask_scheduler: str) -> None:  # type: ignore[no-untyped-def]
    root, listing, _pages = crawl
    whole = read_path_list(str(listing), str(root))[0]
    offsets, _ = index_warc(whole)
    cut = tmp_path / "cut.warc.gz"
    data = Path(whole).read_bytes()
    cut.write_bytes(data[:offsets[6]] + b"not a WARC record\n" * 20 + data[offsets[7]:])  # the 7th page is junk
    errors: list[str] = []
    with open_store(tmp_path / "d.db") as store:
        report = ingest_paths(store, [str(cut)], engine="dask", scheduler=dask_scheduler, progress=False,
                              cluster=False, on_error=errors.append)
        assert report.added == 6
    assert len(errors) == 1 and errors[0].startswith(f"{cut}: damaged WARC after 6 pages")


def test_cli_ingest_engine_dask_on_a_local_cluster(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    corpus = write_jsonl(tmp_path / "c.jsonl", 10)
    db = tmp_path / "cli.db"
    assert main(["ingest", str(corpus), "--db", str(db), "--engine", "dask", "--workers", "1", "--no-progress",
                 "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["added"] == 10 and out["stored"] == 10


def test_cli_ingest_unreachable_scheduler_says_so(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    corpus = write_jsonl(tmp_path / "c.jsonl", 2)
    code = main(["ingest", str(corpus), "--db", str(tmp_path / "x.db"), "--engine", "dask",
                 "--scheduler", "tcp://127.0.0.1:1", "--no-progress"])
    assert code == 2
    assert "Dask scheduler" in capsys.readouterr().err
