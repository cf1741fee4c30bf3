"""The in-suite fuzzing pass: hypothesis drives every parser with hostile and random input.

Budget: ``RASD_FUZZ_EXAMPLES`` examples per byte-level test (default 60; the analysis tests
take a fifth of it, an article costs more than a parse).  The default keeps the pass
well under a minute; the long pass of RELIABILITY.md is

    RASD_FUZZ_EXAMPLES=3000 .venv/bin/python -m pytest tests/fuzz -q -p no:randomly

and tests/fuzz/atheris_fuzz.py runs coverage-guided fuzzing of the same targets.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from targets import (
    VOCAB,
    fuzz_analyze_text,
    fuzz_decode,
    fuzz_feed,
    fuzz_gzip,
    fuzz_html,
    fuzz_json,
    fuzz_warc,
    fuzz_zip,
)

EXAMPLES = int(os.environ.get("RASD_FUZZ_EXAMPLES", "60"))
fast = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
slow = settings(max_examples=max(5, EXAMPLES // 5), deadline=None, suppress_health_check=list(HealthCheck))

# ------------------------------------------------------------------ strategies

#: Arabic-biased text: news vocabulary and hostile characters, with some free text.
arabic = st.lists(st.sampled_from(VOCAB) | st.text(max_size=6), max_size=60).map(" ".join)
#: Any text a JSON string may hold, lone surrogates included.
any_text = st.text(st.characters(codec=None), max_size=40) | arabic


def mutate(data: bytes, edits: list[tuple[int, int, int]]) -> bytes:
    """``data`` with bytes overwritten, dropped or cut (edits: kind, where, value)."""
    buf = bytearray(data)
    for kind, where, value in edits:
        if not buf:
            break
        i = where % len(buf)
        if kind == 0:
            buf[i] = value
        elif kind == 1:
            del buf[i]
        else:
            del buf[i:]
    return bytes(buf)


edits = st.lists(st.tuples(st.integers(0, 2), st.integers(0, 1 << 20), st.integers(0, 255)), max_size=4)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | any_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(any_text, inner, max_size=4), max_leaves=12)
records = st.fixed_dictionaries(
    {}, optional={"text": any_text, "content": any_text, "title": any_text, "url": any_text, "author": any_text,
                  "date": any_text, "source": any_text, "date_extracted": any_text, "schema": st.just("rasd.article/1"),
                  "entities": json_values})


@st.composite
def json_documents(draw: st.DrawFn) -> bytes:
    recs = draw(st.lists(records | json_values, max_size=5))
    shape = draw(st.sampled_from(["lines", "array", "object"]))
    if shape == "lines":
        text = "\n".join(json.dumps(r, ensure_ascii=draw(st.booleans())) for r in recs)
    elif shape == "array":
        text = json.dumps(recs, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from([None, 2])))
    else:
        text = json.dumps(recs[0] if recs else {}, indent=2)
    depth = draw(st.integers(0, 3))
    if depth:  # deep nesting somewhere
        text = text + "\n" + "[" * (10 ** (depth + 2)) + "]" * draw(st.integers(0, 10 ** (depth + 2)))
    return mutate(text.encode("utf-8", "surrogatepass"), draw(edits))


# ------------------------------------------------------------------ byte decoding


@fast
@given(st.binary(max_size=300) | arabic.flatmap(
    lambda t: st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1256", "iso-8859-6"]).map(
        lambda enc: t.encode(enc, "replace"))), edits)
def test_fuzz_decode_gives_text_or_an_input_error(data: bytes, changes: list[tuple[int, int, int]]) -> None:
    fuzz_decode(mutate(data, changes))


@fast
@given(arabic, arabic)
def test_fuzz_decode_of_utf8_and_cp1256_pasted_together(a: str, b: str) -> None:
    fuzz_decode(a.encode("utf-8", "replace") + b"\n" + b.encode("cp1256", "replace"))


# ------------------------------------------------------------------ JSON, gzip, zip


@fast
@given(json_documents())
def test_fuzz_json_and_jsonl(data: bytes) -> None:
    fuzz_json(data)


@fast
@given(json_documents(), st.booleans(), edits)
def test_fuzz_gzip(data: bytes, multi: bool, changes: list[tuple[int, int, int]]) -> None:
    packed = gzip.compress(data) * (2 if multi else 1)
    fuzz_gzip(mutate(packed, changes))


@fast
@given(st.lists(st.tuples(st.sampled_from(["a.json", "b.jsonl", "c.json.gz", ".hidden.json", "d/", "e.txt"]),
                          json_documents()), max_size=3, unique_by=lambda m: m[0]),
       st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA]), edits)
def test_fuzz_zip(members: list[tuple[str, bytes]], method: int, changes: list[tuple[int, int, int]]) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in members:
            zf.writestr(name, gzip.compress(data) if name.endswith(".gz") else data)
    fuzz_zip(mutate(buf.getvalue(), changes))


@fast
@given(st.binary(max_size=400))
def test_fuzz_json_readers_on_raw_bytes(data: bytes) -> None:
    fuzz_json(data)
    fuzz_gzip(data)
    fuzz_zip(data)


# ------------------------------------------------------------------ HTML, WARC, feeds

html_fragments = st.lists(
    st.sampled_from(["<p>", "</p>", "<div>", "</div>", "<article>", "</article>", "<h1>", "</h1>", "<br>",
                     "<script>", "</script>", "<!--", "-->", "<![CDATA[", "]]>", "&#55296;", "&#0;", "&#x110000;",
                     "&amp;", "&nbsp;", "<meta charset='iso-8859-6'>", "<meta charset='x-unknown'>", "<title>",
                     "</title>", "<table><tr><td>", "<a href='javascript:alert(1)'>", "</a>", "<"]) | arabic,
    max_size=40).map("".join)


@st.composite
def html_pages(draw: st.DrawFn) -> bytes:
    nest = draw(st.integers(0, 3))
    body = draw(html_fragments)
    deep = "<div>" * (10 ** nest) + body + "</div>" * (10 ** nest) if nest else body
    page = f"<html><head><title>{draw(arabic)}</title></head><body><article>{deep}<p>{draw(arabic)}</p>" \
           f"</article></body></html>"
    enc = draw(st.sampled_from(["utf-8", "cp1256", "utf-16"]))
    return mutate(page.encode(enc, "replace"), draw(edits))


@slow
@given(html_pages())
def test_fuzz_html_extraction(data: bytes) -> None:
    fuzz_html(data)


@st.composite
def warcs(draw: st.DrawFn) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=draw(st.booleans()))
    for i in range(draw(st.integers(0, 3))):
        ctype = draw(st.sampled_from(["text/html; charset=utf-8", "image/png", "", "text/html; charset=cp1256"]))
        status = draw(st.sampled_from(["200 OK", "404 Not Found", "301 Moved"]))
        headers = StatusAndHeaders(status, [("Content-Type", ctype)] if ctype else [], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(f"http://news.example/{i}", "response",
                                            payload=io.BytesIO(draw(html_pages())), http_headers=headers))
    return mutate(buf.getvalue(), draw(edits))


@fast
@given(warcs())
def test_fuzz_warc(data: bytes) -> None:
    fuzz_warc(data)


@st.composite
def feeds(draw: st.DrawFn) -> bytes:
    items = "".join(
        f"<item><title>{draw(html_fragments)}</title><link>{draw(any_text)}</link>"
        f"<description><![CDATA[{draw(html_fragments)}]]></description><pubDate>{draw(arabic)}</pubDate>"
        f"<author>{draw(arabic)}</author></item>" for _ in range(draw(st.integers(0, 3))))
    kind = draw(st.sampled_from(["rss", "atom", "json"]))
    if kind == "rss":
        doc = f"<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'><channel><title>{draw(arabic)}</title>" \
              f"{items}</channel></rss>"
    elif kind == "atom":
        doc = f"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>x</title><entry><title>" \
              f"{draw(arabic)}</title><content type='html'>{draw(html_fragments)}</content></entry></feed>"
    else:
        doc = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": draw(any_text),
                          "items": [{"id": "1", "content_html": draw(html_fragments)}]})
        doc = doc[:-1] + ', "x": ' + "[" * draw(st.sampled_from([1, 100_000])) + "}"
    return mutate(doc.encode("utf-8", "surrogatepass"), draw(edits))


@fast
@given(feeds())
def test_fuzz_feeds(data: bytes) -> None:
    fuzz_feed(data)


# ------------------------------------------------------------------ the analysis


@slow
@given(arabic)
def test_fuzz_analyze_keeps_every_span_true(text: str) -> None:
    fuzz_analyze_text(text)


@slow
@given(st.text(st.characters(codec=None), max_size=200))
def test_fuzz_analyze_on_any_unicode(text: str) -> None:
    fuzz_analyze_text(text)


# ------------------------------------------------------------------ atheris, where it installs


def test_atheris_short_pass_finds_no_crash(tmp_path: Path) -> None:
    """Coverage-guided fuzzing of every target from one process (the first byte picks the
    target), for a bounded number of runs; skipped where atheris does not install."""
    pytest.importorskip("atheris")
    driver = Path(__file__).with_name("atheris_fuzz.py")
    runs = int(os.environ.get("RASD_ATHERIS_RUNS", "2000"))
    r = subprocess.run([sys.executable, str(driver), "all", f"-runs={runs}", "-max_total_time=40",
                        f"--crashes={tmp_path}"], capture_output=True, text=True, timeout=300)
    summary = r.stdout.strip().splitlines()[-1] if r.stdout.strip() else ""
    assert r.returncode == 0, f"{summary}\n{r.stderr[-3000:]}"
    stats = json.loads(summary)
    assert stats["crashes"] == 0, stats
    assert stats["runs"] >= min(runs, 500), stats
