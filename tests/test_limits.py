"""Issue 12, resource bombs: what one input may expand to is bounded, streamed, and a refusal
names the input and the limit.  The bombs are made on the fly (tests/bombs.py), a megabyte
each, expanding to a gigabyte."""

from __future__ import annotations

import gzip
import http.server
import io
import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from bombs import MB, jsonl_gz_bomb, warc_gz_bomb, warc_gz_record, zip_bomb

from rasd.errors import InputError, LimitError
from rasd.ingest.files import read_bytes
from rasd.ingest.sources import WorkItem, iter_items
from rasd.limits import CountingReader, ExpansionGuard, GuardedReader, current, read_at_most

BODY = "قال وزير الخارجية العراقي اليوم إن بغداد ستستضيف اجتماعا إقليميا الشهر المقبل لبحث أمن الحدود."
GOOD = (json.dumps({"text": BODY}, ensure_ascii=False) + "\n").encode()
PAGE = f"<html><body><article><h1>خبر</h1><p>{BODY}</p><p>{BODY}</p></article></body></html>"


def read_all(path: Path) -> tuple[list[WorkItem], list[InputError], float]:
    t = time.perf_counter()
    items = list(iter_items([str(path)]))
    took = time.perf_counter() - t
    return ([x for x in items if isinstance(x, WorkItem)], [x for x in items if isinstance(x, InputError)], took)


@pytest.mark.parametrize("make", ["jsonl.gz", "zip", "zip-members", "warc.gz"])
def test_a_gigabyte_bomb_is_refused_fast_and_what_came_before_is_kept(tmp_path: Path, make: str) -> None:
    if make == "jsonl.gz":
        path = jsonl_gz_bomb(tmp_path / "b.jsonl.gz", 1024, good_first=GOOD)
    elif make == "zip":
        path = zip_bomb(tmp_path / "b.zip", 1024, good_first=GOOD)
    elif make == "zip-members":
        path = zip_bomb(tmp_path / "b.zip", 1024, members=1024, good_first=GOOD)
    else:
        path = warc_gz_bomb(tmp_path / "b.warc.gz", 1024, good_first=warc_gz_record("http://x/1", PAGE))
    assert path.stat().st_size < 2 * MB
    items, errors, took = read_all(path)
    assert took < 5, f"{make}: {took:.1f} s"
    assert len(items) == 1
    assert len(errors) == 1 and isinstance(errors[0], LimitError)
    assert str(errors[0]).startswith(f"{path}") and "decompression bomb" in str(errors[0])
    assert "RASD_MAX_RATIO" in str(errors[0])


def test_gigabyte_bombs_are_refused_within_10_s_and_200_mb_by_rasd_ingest(tmp_path: Path) -> None:
    """The acceptance test: the real command, its peak memory measured by the kernel."""
    bombs = [jsonl_gz_bomb(tmp_path / "b.jsonl.gz", 1024), zip_bomb(tmp_path / "b.zip", 1024)]
    probe = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
             "r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
             "print(r.returncode, time.perf_counter() - t, "
             "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.stderr.count('decompression bomb'))")
    for bomb in bombs:
        out = subprocess.run([sys.executable, "-c", probe, sys.executable, "-m", "rasd", "ingest", str(bomb),
                              "--db", str(tmp_path / "db"), "--no-progress", "--workers", "1"],
                             capture_output=True, text=True, check=True).stdout.split()
        code, took, rss_kb, refused = int(out[0]), float(out[1]), int(out[2]), int(out[3])
        assert (code, refused) == (2, 1), bomb
        assert took < 10 and rss_kb < 200 * 1024, f"{bomb.name}: {took:.1f} s, {rss_kb / 1024:.0f} MB"


def test_a_file_over_the_input_limit_is_refused_before_it_is_read(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "big.txt"
    f.write_bytes(b" " * (2 * MB))
    monkeypatch.setenv("RASD_MAX_INPUT_MB", "1")
    with pytest.raises(LimitError, match=r"big.txt: input larger than 1.0 MB, refused \(RASD_MAX_INPUT_MB"):
        read_bytes(str(f))
    monkeypatch.setenv("RASD_MAX_INPUT_MB", "3")
    assert len(read_bytes(str(f))) == 2 * MB


def test_a_json_array_over_the_input_limit_is_refused_and_the_next_input_read(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "a.json"
    big.write_text(json.dumps([{"text": BODY}] * 20_000, ensure_ascii=False), encoding="utf-8")
    small = tmp_path / "b.jsonl"
    small.write_bytes(GOOD)
    monkeypatch.setenv("RASD_MAX_INPUT_MB", "1")
    items = list(iter_items([str(big), str(small)]))
    assert [type(x).__name__ for x in items] == ["LimitError", "WorkItem"]
    assert str(items[0]) == f"{big}: JSON document larger than 1.0 MB, refused (RASD_MAX_INPUT_MB raises the limit)"


def test_an_oversized_warc_page_is_skipped_and_the_next_is_read(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.warc.gz"
    path.write_bytes(warc_gz_record("http://x/big", PAGE * 2000) + warc_gz_record("http://x/ok", PAGE))
    monkeypatch.setenv("RASD_MAX_INPUT_MB", "0.5")
    items, errors, _ = read_all(path)
    assert [i.source.url for i in items] == ["http://x/ok"]
    assert len(errors) == 1 and "WARC response (http://x/big) larger than" in str(errors[0])
    assert str(errors[0]).endswith("; skipped")


def test_the_guard_counts_every_member_of_an_archive_together() -> None:
    raw = CountingReader(io.BytesIO(b"x" * 1000))
    raw.read(1000)
    guard = ExpansionGuard("arch.zip", lambda: raw.count)
    for _ in range(4):
        guard.add(MB)  # 4 MB: free
    with pytest.raises(LimitError, match=r"arch.zip: compressed input expands more than 100 times"):
        guard.add(MB)


def test_a_ratio_under_the_limit_is_read_whole(tmp_path: Path) -> None:
    """Real text compresses a few times: a 20 MB gzip of varied lines is no bomb."""
    lines = b"".join(json.dumps({"text": f"{BODY} {i} {i * 7919 % 104729}"}, ensure_ascii=False).encode() + b"\n"
                     for i in range(60_000))
    data = gzip.compress(lines, 1)
    assert len(lines) / len(data) < 100
    stream = GuardedReader(gzip.GzipFile(fileobj=io.BytesIO(data)), ExpansionGuard("ok.gz", lambda: len(data)))
    assert read_at_most(stream, 100 * MB, "ok.gz") == lines


def test_limits_from_the_environment_are_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASD_MAX_RATIO", "many")
    with pytest.raises(InputError, match="RASD_MAX_RATIO='many' is not a number"):
        current()
    monkeypatch.setenv("RASD_MAX_RATIO", "1000")
    monkeypatch.setenv("RASD_MAX_INPUT_MB", "2.5")
    assert (current().max_ratio, current().max_input_bytes) == (1000, int(2.5 * MB))


class _GzipBombHandler(http.server.BaseHTTPRequestHandler):
    payload = b""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(self.payload)))
        self.end_headers()
        self.wfile.write(self.payload)

    def log_message(self, *args: object) -> None:
        pass


def test_a_gzipped_feed_url_that_expands_to_a_gigabyte_is_refused(tmp_path: Path) -> None:
    _GzipBombHandler.payload = jsonl_gz_bomb(tmp_path / "feed.gz", 1024).read_bytes()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _GzipBombHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/feed.xml"
        t = time.perf_counter()
        items = list(iter_items([url]))
        took = time.perf_counter() - t
    finally:
        server.shutdown()
    assert took < 5 and len(items) == 1 and isinstance(items[0], LimitError)
    assert str(items[0]).startswith(f"{url}: compressed input expands more than 100 times")
