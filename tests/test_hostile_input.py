"""Issue 12: hostile inputs get a one-line error naming the input, never a traceback, and
one bad record never costs the others (reproductions first, then the class of each)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from rasd.article import Article, check_spans, text_id
from rasd.cli import main
from rasd.errors import InputError, StageError
from rasd.ingest.decode import decode_bytes, decode_text
from rasd.ingest.jsonl import iter_json_articles
from rasd.ingest.sources import WorkItem, iter_items
from rasd.pipeline import analyze
from rasd.store import open_store

RASD = [sys.executable, "-m", "rasd"]
BODY = "قال وزير الخارجية العراقي اليوم إن بغداد ستستضيف اجتماعا إقليميا الشهر المقبل لبحث أمن الحدود."


def good(i: int) -> str:
    return json.dumps({"text": f"{BODY} وأضاف أن الاجتماع رقم {i} سيعقد في العاصمة."}, ensure_ascii=False)


def positions(items: list[object]) -> list[str]:
    return [str(x).split(": ")[0] if isinstance(x, InputError) else x.position for x in items]  # type: ignore[attr-defined]


# ------------------------------------------------------------------ lone surrogates


def test_lone_surrogate_in_jsonl_refuses_that_record_and_ingest_stores_the_rest(tmp_path: Path) -> None:
    f = tmp_path / "s.jsonl"
    f.write_text(good(1) + "\n" + '{"text": "\\ud800 نص"}\n' + good(2) + "\n", encoding="utf-8")
    r = subprocess.run([*RASD, "ingest", str(f), "--db", str(tmp_path / "db"), "--no-progress", "--workers", "1"],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    err = [ln for ln in r.stderr.splitlines() if ln.startswith("rasd: ")]
    assert err[0] == (f"rasd: {f}:2: text is not valid Unicode text: a lone surrogate (U+D800) at character 0; "
                      "record refused")
    assert err[-1] == "rasd: ingest: 2 done, 1 failed, 0 with warnings"
    with open_store(tmp_path / "db") as s:
        assert s.count() == 2


def test_lone_surrogate_in_analyze_text_or_metadata_is_an_input_error() -> None:
    with pytest.raises(InputError, match="lone surrogate"):
        analyze("نص \udc80 آخر")
    from rasd.article import Source

    with pytest.raises(InputError, match="author is not valid Unicode"):
        analyze("نص سليم", Source(author="\ud83d"))
    with pytest.raises(InputError, match="NUL"):
        analyze("نص\x00سليم")


def test_text_id_of_unencodable_text_is_an_input_error_not_unicode_encode_error() -> None:
    with pytest.raises(InputError, match="U\\+DFFF"):
        text_id("a\udfff")


def test_surrogates_in_json_array_metadata_and_rasd_records_are_refused_alone(tmp_path: Path) -> None:
    record = json.loads(json.dumps({"schema": "rasd.article/1", "text": "نص", "id": "x",
                                    "entities": [{"id": "e1", "label": "PER", "canonical": "\ud800"}]}))
    f = tmp_path / "a.json"
    f.write_text(json.dumps([json.loads(good(1)), {"text": "نص", "url": "http://x/\udbff"}, record,
                             json.loads(good(2))]), encoding="utf-8")
    items = list(iter_json_articles(str(f)))
    assert positions(items) == [f"{f}#0", f"{f}#1", f"{f}#2", f"{f}#3"]
    assert [isinstance(x, InputError) for x in items] == [False, True, True, False]
    assert "url is not valid Unicode" in str(items[1]) and "record is not valid Unicode" in str(items[2])


def test_file_name_that_is_not_utf8_is_shown_escaped_not_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                                                   ) -> None:
    name = os.fsdecode(os.fsencode(str(tmp_path)) + b"/\xff.txt")
    try:
        Path(name).write_text("عنوان\n\n" + BODY + "\n", encoding="utf-8")
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system refuses names that are not UTF-8")
    assert main(["analyze", name]) == 0
    assert json.loads(capsys.readouterr().out)["source"]["path"].endswith("/\\xff.txt")


# ------------------------------------------------------------------ deep nesting, odd JSON


def test_deeply_nested_json_costs_one_record_in_jsonl_arrays_and_single_files(tmp_path: Path) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    lines = tmp_path / "d.jsonl"
    lines.write_text(good(1) + "\n" + "[" * 100_000 + "\n" + good(2) + "\n", encoding="utf-8")
    array = tmp_path / "d.json"
    array.write_text(f"[{good(1)}, {deep}, {good(2)}]", encoding="utf-8")
    single = tmp_path / "s.json"
    single.write_text('{"a":' * 50_000 + "1" + "}" * 50_000, encoding="utf-8")
    for f, bad in ((lines, f"{lines}:2"), (array, f"{array}#1"), (single, f"{single}")):
        items = list(iter_json_articles(str(f)))
        errors = [str(x) for x in items if isinstance(x, InputError)]
        assert errors == [f"{bad}: JSON nested too deeply to read, record refused"], f
        assert len(items) - len(errors) == (0 if f is single else 2)


def test_a_bad_array_element_costs_that_element_and_the_rest_is_read(tmp_path: Path) -> None:
    f = tmp_path / "a.json"
    f.write_text(f'[{good(1)}, {{"text": NaN}}, 1{"0" * 5000}, {{"text": "x]" "y"}}, {good(2)}]', encoding="utf-8")
    items = list(iter_json_articles(str(f)))
    assert [isinstance(x, InputError) for x in items] == [False, True, True, True, False]
    assert "NaN" in str(items[1]) and "digits" in str(items[2])


def test_a_broken_pretty_printed_json_file_is_one_error_and_broken_json_lines_one_per_line(tmp_path: Path) -> None:
    # a pretty-printed object with a NaN (as ../shared's htmldate gold.json): one error, not one per line
    pretty = tmp_path / "p.json"
    pretty.write_text(json.dumps({f"{i}.html": {"url": f"https://e.com/{i}", "date": float("nan")} for i in range(40)},
                                 indent=1), encoding="utf-8")
    items = list(iter_json_articles(str(pretty)))
    assert [str(x) for x in items] == [f"{pretty}: not valid JSON (NaN is not a JSON number)"]
    # JSON Lines whose first line is broken: that line refused, the others read
    lines = tmp_path / "l.jsonl"
    lines.write_text('{"text": "cut\n' + good(1) + "\n" + good(2) + "\n", encoding="utf-8")
    items = list(iter_json_articles(str(lines)))
    assert positions(items) == [f"{lines}:1", f"{lines}:2", f"{lines}:3"]
    assert isinstance(items[0], InputError) and not any(isinstance(x, InputError) for x in items[1:])


def test_json_lines_are_streamed_not_read_whole(tmp_path: Path) -> None:
    f = tmp_path / "big.jsonl"
    f.write_text("".join(good(i) + "\n" for i in range(200)), encoding="utf-8")
    os.environ["RASD_MAX_INPUT_MB"] = "0.01"  # 10 KB: the file is 60 KB, each line 300 bytes
    try:
        items = list(iter_json_articles(str(f)))
    finally:
        del os.environ["RASD_MAX_INPUT_MB"]
    assert len(items) == 200 and not any(isinstance(x, InputError) for x in items)


def test_a_line_over_the_input_limit_is_refused_alone(tmp_path: Path) -> None:
    f = tmp_path / "long.jsonl"
    f.write_text(good(1) + "\n" + json.dumps({"text": "ا" * 20_000}) + "\n" + good(2) + "\n", encoding="utf-8")
    os.environ["RASD_MAX_INPUT_MB"] = "0.01"
    try:
        items = list(iter_json_articles(str(f)))
    finally:
        del os.environ["RASD_MAX_INPUT_MB"]
    assert [isinstance(x, InputError) for x in items] == [False, True, False]
    assert str(items[1]).startswith(f"{f}:2: line larger than 10485 bytes, refused (RASD_MAX_INPUT_MB")


# ------------------------------------------------------------------ decoding


def test_utf16_bom_with_an_odd_number_of_bytes_is_a_one_line_error(tmp_path: Path) -> None:
    f = tmp_path / "odd.txt"
    f.write_bytes(b"\xff\xfe\x41\x00\x42\x00\x43")
    ok = tmp_path / "ok.txt"
    ok.write_text("عنوان\n\n" + BODY + "\n", encoding="utf-8")
    r = subprocess.run([*RASD, "analyze", str(f), str(ok)], capture_output=True, text=True)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.splitlines()[0] == (f"rasd: {f}: UTF-16 (by its byte-order mark) with an odd number of bytes: "
                                        "cut short or not text")
    assert len(r.stdout.splitlines()) == 1


@pytest.mark.parametrize("data", [b"\xfe\xff\xd8\x00", b"\xff\xfe\x00\xd8\x41\x00", b"\x00\xdc" * 3 + b"\x00",
                                  b"\xef\xbb\xbf\xff"])
def test_bytes_no_decoder_accepts_are_input_errors(data: bytes) -> None:
    with pytest.raises(InputError):
        decode_bytes(data, "x")


@pytest.mark.parametrize("enc", ["utf-16-le", "utf-16-be"])
def test_arabic_utf16_without_bom_is_read_not_called_binary(enc: str) -> None:
    text = "عنوان الخبر\n\nبغداد - أكد رئيس الوزراء العراقي التزامه بالاتفاق.\n"
    assert decode_bytes(text.encode(enc)) == text
    assert decode_bytes("بغدادالعراق".encode(enc)) == "بغدادالعراق"  # not one ASCII byte, so no NUL


def test_binary_with_nul_bytes_is_still_refused() -> None:
    with pytest.raises(InputError, match="binary"):
        decode_bytes(bytes(range(256)) * 8)


def test_half_utf8_half_cp1256_is_decoded_per_line_with_a_warning(tmp_path: Path) -> None:
    head = "الكاظمي يلتقي وزير الخارجية\n\n"
    tail = "بغداد - أكد رئيس الوزراء العراقي التزامه بالاتفاق مع الولايات المتحدة.\n"
    d = decode_text(head.encode() + tail.encode("cp1256"), "m.txt")
    assert d.text == head + tail
    assert d.warnings == ("mixed encodings, decoded line by line: 1 line UTF-8, 1 line Windows-1256",)
    f = tmp_path / "m.txt"
    f.write_bytes(head.encode() + tail.encode("cp1256"))
    r = subprocess.run([*RASD, "analyze", str(f)], capture_output=True, text=True)
    assert r.returncode == 0
    assert json.loads(r.stdout)["warnings"] == list(d.warnings)
    assert r.stderr.splitlines() == [f"rasd: {f}: warning: {d.warnings[0]}",
                                     "rasd: analyze: 1 done, 0 failed, 1 with warnings"]


def test_utf8_with_a_broken_byte_stays_utf8_with_a_warning() -> None:
    line = "خبر عاجل من بغداد اليوم عن الاجتماع\n".encode()
    d = decode_text(line[:20] + b"\xff" + line[20:] + line, "d.txt")
    assert d.text.count("خبر عاجل") == 2 and "\ufffd" in d.text
    assert d.warnings == ("1 byte that are not UTF-8 on 1 line replaced by U+FFFD",)


def test_plain_cp1256_is_read_without_a_warning() -> None:
    text = "خبر بالترميز القديم\nسطر ثان\n"
    assert decode_text(text.encode("cp1256")) .warnings == ()
    assert decode_text(text.encode("cp1256")).text == text


# ------------------------------------------------------------------ stage failures


def test_superscript_digits_do_not_lose_the_article() -> None:
    a = analyze("بلغ 5² مليون دولار في العام الماضي، وارتفع إلى ٣¹ مليونا.\n")
    assert a.warnings == () and check_spans(a) == []
    assert any(q.unit == "دولار" for q in a.quantities)


def _broken(article: Article) -> Article:
    raise ValueError("could not convert string to float: '²'")


def test_a_failing_optional_stage_costs_its_output_only_with_a_warning(monkeypatch: pytest.MonkeyPatch,
                                                                       seed_text: str) -> None:
    import rasd.pipeline as pipeline

    whole = analyze(seed_text)
    pipeline.run_stages(Article.from_text("x"))  # every stage loaded
    monkeypatch.setitem(pipeline._LOADED, "quantities", _broken)
    a = analyze(seed_text)
    assert a.quantities == () and a.warnings == (
        "stage 'quantities' failed (ValueError: could not convert string to float: '²'); "
        "its output is left out of this record",)
    assert a.entities == whole.entities and a.quotes == whole.quotes and a.dates == whole.dates
    assert a.events  # the stage after it still ran
    assert check_spans(a) == []


def test_a_failing_essential_stage_fails_the_article(monkeypatch: pytest.MonkeyPatch) -> None:
    import rasd.pipeline as pipeline

    pipeline.run_stages(Article.from_text("x"))
    monkeypatch.setitem(pipeline._LOADED, "structure", _broken)
    with pytest.raises(StageError, match="stage 'structure' failed"):
        analyze("نص")


def test_a_stage_failure_is_a_warning_on_every_command(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str], seed_text: str) -> None:
    import rasd.pipeline as pipeline

    pipeline.run_stages(Article.from_text("x"))
    monkeypatch.setitem(pipeline._LOADED, "roles", _broken)  # before quotes, which `rasd quotes` stops at
    f = tmp_path / "a.txt"
    f.write_text(seed_text, encoding="utf-8")
    for cmd in (["analyze"], ["quotes"], ["events"], ["ingest", "--db", str(tmp_path / "db"), "--workers", "1",
                                                      "--no-progress"]):
        assert main([*cmd, str(f)]) == 0
        err = capsys.readouterr().err.splitlines()
        assert err and err[0].startswith(f"rasd: {f}: warning: stage 'roles' failed (ValueError"), cmd
        assert err[-1] == f"rasd: {cmd[0]}: 1 done, 0 failed, 1 with warnings"
    with open_store(tmp_path / "db") as s:
        (rec,) = list(s.iter_records())
        assert json.loads(rec)["warnings"][0].startswith("stage 'roles' failed")


# ------------------------------------------------------------------ every command, one shape


def test_every_command_reports_failures_alike_and_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                          seed_text: str) -> None:
    ok = tmp_path / "ok.txt"
    ok.write_text(seed_text, encoding="utf-8")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "\\ud800"}\n' + "[" * 5000 + "\n", encoding="utf-8")
    for cmd in (["analyze"], ["quotes"], ["events"], ["ingest", "--db", str(tmp_path / "db"), "--workers", "1",
                                                      "--no-progress"]):
        assert main([*cmd, str(bad), str(ok)]) == 2, cmd
        err = capsys.readouterr().err.splitlines()
        assert err == [f"rasd: {bad}:1: text is not valid Unicode text: a lone surrogate (U+D800) at character 0; "
                       "record refused",
                       f"rasd: {bad}:2: JSON nested too deeply to read, record refused",
                       f"rasd: {cmd[0]}: 1 done, 2 failed, 0 with warnings"], cmd
    with open_store(tmp_path / "db") as s:
        assert s.count() == 1


def test_ner_reports_an_unreadable_input_with_the_same_summary(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "x.conll"
    f.write_bytes(b"\xff\xfe\x41")
    assert main(["ner", "--conll", str(f)]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == "rasd: ner: 0 done, 1 failed, 0 with warnings"


# ------------------------------------------------------------------ WARC cut anywhere


def _warc(gz: bool) -> tuple[bytes, list[tuple[int, int]], list[bytes]]:
    """A 3-page WARC, the (start, end) of each record, and each page."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gz)
    pages = [f"<html><body><article><h1>خبر {i}</h1><p>{BODY}</p></article></body></html>".encode()
             for i in range(3)]
    for i, page in enumerate(pages):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(f"http://news.example/{i}", "response", payload=io.BytesIO(page),
                                            http_headers=headers))
    data = buf.getvalue()
    it = ArchiveIterator(io.BytesIO(data))
    spans = []
    for rec in it:
        rec.content_stream().read()
        spans.append((it.get_record_offset(), it.get_record_offset() + it.get_record_length()))
    return data, spans, pages


@pytest.mark.parametrize("gz", [False, True])
def test_a_warc_cut_at_any_byte_never_drops_a_record_silently(tmp_path: Path, gz: bool) -> None:
    data, spans, pages = _warc(gz)
    path = tmp_path / ("c.warc.gz" if gz else "c.warc")
    step = 3 if gz else 11
    for cut in range(1, len(data) + 1, step):
        path.write_bytes(data[:cut])
        items = list(iter_items([str(path)]))
        got = [x for x in items if isinstance(x, WorkItem)]
        errors = [x for x in items if isinstance(x, InputError)]
        started = sum(1 for start, _ in spans if start < cut)
        assert [x.html for x in got] == pages[: len(got)], cut  # never a partial page
        assert len(got) >= sum(1 for _, end in spans if end <= cut), cut
        assert len(got) == started or errors, f"cut at {cut}: {started - len(got)} records dropped silently"


# ------------------------------------------------------------------ finished records from outside


def test_finished_records_are_taken_only_when_they_could_be_rasds(tmp_path: Path, seed_text: str) -> None:
    """Found by the fuzzer: a rasd record with empty text was taken; and a record's types,
    spans and id were never checked, so one hostile line could store false spans, a
    string where PostgreSQL wants an integer, or claim another article's id."""
    from rasd.article import to_json
    from rasd.work import checked_record

    real = json.loads(to_json(analyze(seed_text)))
    wrong_type = json.loads(json.dumps(real))
    wrong_type["entities"][0]["mentions"][0]["start"] = "0"
    false_span = json.loads(json.dumps(real))
    false_span["quotes"][0]["content"]["text"] = "كلام لم يقله أحد"
    half_arg = json.loads(json.dumps(real))
    half_arg["events"][0]["actor"] = {"text": "x", "start": 3}
    other_id = dict(real, id="0123456789abcdef")
    empty = dict(real, text=" ")
    f = tmp_path / "records.jsonl"
    f.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n"
                         for r in (wrong_type, false_span, half_arg, other_id, empty)), encoding="utf-8")
    items = list(iter_items([str(f)]))
    assert "no article text" in str(items[4])
    outcomes = []
    for item in items[:4]:
        assert isinstance(item, WorkItem) and item.record is not None
        try:
            outcomes.append(checked_record(item.record).id)
        except Exception as exc:
            outcomes.append(type(exc).__name__ + ": " + str(exc)[:60])
    assert outcomes[0] == "RecordError: entities[0].mentions[0].start: expected int, got str '0'"
    assert outcomes[1].startswith("RecordError: 1 spans disagree with the record's text")
    assert outcomes[2].startswith("RecordError: 1 spans disagree")
    assert outcomes[3] == real["id"]


# ------------------------------------------------------------------ time: no quadratic line


def _linear_cpu(text_of: Callable[[int], str], n: int) -> tuple[float, float]:
    """CPU seconds of ``analyze`` on ``text_of(n // 4)`` and on ``text_of(n)``, each record
    checked (no stage failed, every span true)."""
    import time

    analyze("x")
    spent = []
    for size in (n // 4, n):
        t = time.process_time()
        a = analyze(text_of(size))
        spent.append(time.process_time() - t)
        assert a.warnings == () and check_spans(a) == []
    return spent[0], spent[1]


@pytest.mark.parametrize("unit,times", [(".", 60_000), ("-", 60_000), ("ا.", 15_000), ("5 ", 15_000), ("@", 20_000),
                                        ("x@", 10_000), ("a.", 15_000)], ids=lambda v: repr(v))
def test_one_long_line_of_the_same_thing_is_analysed_in_linear_time(unit: str, times: int) -> None:
    """Found probing for hangs: each of these took 10 s to minutes (a regex or a scan
    going back to the start of the line for every dot, number or @).

    No clock limit (the machine may be busy): the line is analysed at a quarter of its
    length and whole, in CPU time, and four times the text may cost at most eight times
    the time (linear gives 4, quadratic 16), plus half a second of slack for tiny times."""
    quarter, whole = _linear_cpu(lambda k: unit * k + ("@" if unit == "a." else ""), times)
    assert whole < 8 * quarter + 0.5, (quarter, whole)


@pytest.mark.parametrize("unit,chars", [("قال: ", 40_000), ("قال إن ", 40_000), ("«", 40_000),
                                        ("بحسب ما ذكرته ", 40_000), ("وهم يقولون إن ", 40_000),
                                        ("\u201cنص\u201d قال ", 8_000)], ids=lambda v: repr(v))
def test_one_long_line_of_quote_cues_or_marks_is_analysed_in_linear_time(unit: str, chars: int) -> None:
    """Found probing the quotes stage: 40,000 characters of one cue, mark or attribution took
    8 s to over a minute (every content's end, every unclosed quotation's end and every source
    scanned to the end of the line, and every quote was compared with every other); a
    quotation then a cue, repeated, was cubic (3,600 characters took 10 s: each cue compared
    every quotation with every other).  Measured as the test above: the whole line against
    its quarter, in CPU time."""
    quarter, whole = _linear_cpu(lambda k: unit * k, chars // len(unit))
    assert whole < 8 * quarter + 0.5, (quarter, whole)


def test_an_article_longer_than_the_limit_is_refused_before_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    from rasd.errors import LimitError

    monkeypatch.setenv("RASD_MAX_ARTICLE_CHARS", "1000")
    with pytest.raises(LimitError, match="text of 1,001 characters is longer than the longest article"):
        analyze("ا" * 1001)
    assert analyze("ا" * 1000).text == "ا" * 1000


def test_a_zip_member_without_a_name_is_skipped_not_a_crash(tmp_path: Path) -> None:
    """Found by atheris: zipfile's is_dir() raises IndexError on an empty member name."""
    import zipfile

    f = tmp_path / "e.zip"
    with zipfile.ZipFile(f, "w") as zf:
        zf.writestr(zipfile.ZipInfo(""), b"{}")
        zf.writestr("a.json", "[" + good(1) + "]")
    items = list(iter_json_articles(str(f)))
    assert positions(items) == [f"{f}:a.json#0"]
