"""Fuzz targets: one per parser, bytes in, and the rules every parser must keep.

Each ``fuzz_*`` function feeds its input to one way into rasd and checks the promises of
RELIABILITY.md: only rasd's own errors (:class:`rasd.errors.RasdError`) may escape, what
comes out is storable Unicode, and every span of an analysed record is true
(``text[start:end] == span.text``).  Anything else escapes as an exception: hypothesis
(tests/fuzz/test_fuzz.py) shrinks it to a minimal example, atheris
(tests/fuzz/atheris_fuzz.py) saves the input.

The same functions serve both; :data:`TARGETS` names them.  ``arabic_text`` turns
bytes into Arabic-biased text, so a byte-level fuzzer also explores the analysis stages.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from rasd.article import Article, check_spans, from_json, to_json
from rasd.errors import RasdError
from rasd.textcheck import first_invalid

_WORKDIR: Path | None = None


def workdir() -> Path:
    """A private folder for the readers that take a path (one per process)."""
    global _WORKDIR
    if _WORKDIR is None:
        _WORKDIR = Path(tempfile.mkdtemp(prefix=f"rasd-fuzz-{os.getpid()}-"))
    return _WORKDIR


def as_file(data: bytes, suffix: str) -> str:
    path = workdir() / f"input{suffix}"
    path.write_bytes(data)
    return str(path)


def _storable(text: str, what: str) -> None:
    assert first_invalid(text) is None, f"{what} is not storable: {text[:80]!r}"


def check_record(article: Article) -> None:
    """The promises about a record: spans true, storable, a faithful JSON round trip."""
    assert check_spans(article) == [], check_spans(article)[:3]
    _storable(article.text, "record text")
    js = to_json(article)
    js.encode("utf-8")
    assert from_json(js) == article


# ------------------------------------------------------------------ byte-level targets


def fuzz_decode(data: bytes) -> None:
    from rasd.ingest.decode import declared_charset, decode_text

    try:
        decoded = decode_text(data, "fuzz", declared=declared_charset(data))
    except RasdError:
        return
    assert decoded.text.strip()
    assert first_invalid(decoded.text.replace("\x00", "")) is None  # a decoder never makes a surrogate


def _json_items(path: str) -> None:
    from rasd.ingest.jsonl import JsonArticle, iter_json_articles

    for item in iter_json_articles(path):
        if isinstance(item, RasdError):
            continue
        assert isinstance(item, JsonArticle)
        assert item.text.strip()
        _storable(item.text, "JSON article text")
        if item.record is not None:  # a finished record is taken only when it could be rasd's
            from rasd.work import checked_record

            try:
                article = checked_record(item.record)
            except RasdError:
                continue
            check_record(article)


def fuzz_json(data: bytes) -> None:
    _json_items(as_file(data, ".jsonl" if data[:1] != b"[" else ".json"))


def fuzz_gzip(data: bytes) -> None:
    _json_items(as_file(data, ".jsonl.gz"))


def fuzz_zip(data: bytes) -> None:
    _json_items(as_file(data, ".zip"))


def _work_items(path: str) -> list[object]:
    from rasd.ingest.sources import WorkItem, iter_items

    items = list(iter_items([path]))
    for item in items:
        assert isinstance(item, WorkItem | RasdError), type(item)
        if isinstance(item, WorkItem):
            if item.text is not None:
                _storable(item.text, "work item text")
            assert item.text is not None or item.html is not None or item.record is not None
    return items


def fuzz_warc(data: bytes) -> None:
    _work_items(as_file(data, ".warc.gz" if data[:2] == b"\x1f\x8b" else ".warc"))


def fuzz_feed(data: bytes) -> None:
    _work_items(as_file(data, ".xml"))


def fuzz_html(data: bytes) -> None:
    """Decoding and extraction of a page, then the structure stage on what came out."""
    from rasd.ingest.decode import declared_charset, decode_text
    from rasd.ingest.html import extract_html, looks_like_html
    from rasd.pipeline import analyze

    looks_like_html(data)
    try:
        text, source = extract_html(decode_text(data, "fuzz.html", declared_charset(data)).text, name="fuzz.html")
        article = analyze(text, source, until="structure")
    except RasdError:
        return
    check_record(article)


def fuzz_analyze_text(text: str, until: str | None = None) -> None:
    """The whole pipeline on ``text``: spans true, no stage failing (a failed optional stage is
    contained as a warning in production; here it is a finding)."""
    from rasd.pipeline import analyze

    try:
        article = analyze(text, until=until)
    except RasdError:
        assert first_invalid(text) is not None, "analyze refused valid text"
        return
    assert not article.warnings, article.warnings
    check_record(article)


def fuzz_analyze(data: bytes) -> None:
    fuzz_analyze_text(arabic_text(data))


# ------------------------------------------------------------------ bytes -> Arabic-biased text

#: What Arabic news is made of, and what breaks parsers: each input byte picks one.
VOCAB: tuple[str, ...] = (
    "قال", "وقال", "أكد", "وأضاف", "أن", "إن", "الرئيس", "رئيس الوزراء", "العراقي", "الأميركي", "وزير الخارجية",
    "محمد", "بن", "سلمان", "الكاظمي", "بغداد", "القاهرة", "الرياض", "دمشق", "العراق", "مصر", "الأمم المتحدة",
    "مجلس الأمن", "حزب الله", "داعش", "القوات", "الجيش", "هجوم", "اتفاق", "انسحاب", "اجتماع", "زيارة", "عقوبات",
    "الثلاثاء", "أمس", "اليوم", "غدا", "الأسبوع الماضي", "يناير", "كانون الثاني", "شباط", "رمضان", "1436", "هـ",
    "2014", "٢٠١٤", "۲۰۱۴", "15", "١٥", "5²", "³", "½", "٫", "٬", "10:30", "1/2/2015", "2,500", "3.5", "%", "٪",
    "مليون", "مليار", "ألف", "خمسمئة", "ثلاثة", "عشرين", "دولار", "جندي", "كيلومتر", "في المئة", "نحو", "أكثر من",
    "في", "من", "على", "إلى", "عن", "مع", "و", "ف", "ب", "ل", "ال", "لم", "لن", "سوف", "قد", "لا",
    "«", "»", '"', "“", "”", "'", "(", ")", "[", "]", "-", "–", ":", "،", "؛", "؟", ".", "!", "…", "/", "\\",
    "\n", "\n\n", "\r\n", "\r", "\t", " ", "  ", "\u00a0", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f",
    "\u202b", "\u202e", "\u2066", "\u2069", "\ufeff", "\u0640", "ـــ", "\u064b", "\u064e", "\u0650", "\u0651",
    "\u0652", "\u0670", "ٱ", "ى", "ة", "ئ", "ؤ", "ء", "آ", "أ", "إ", "ی", "ک", "ه", "ۀ", "ﻻ", "ﷲ", "ﷺ",
    "http://example.com/a?b=1", "www.example.com", "user@example.com", "#وسم", "@حساب", "<p>", "</p>", "&amp;",
    "A", "the", "Reuters", "AFP", "U.S.", "Ω", "😀", "👍🏽", "🇮🇶", "\U0001d7d8", "٠", "١", "٢", "٣", "٤", "٥",
    "٦", "٧", "٨", "٩", "०", "१", "５", "\u0660\u0661", "بتاريخ", "الموافق", "منذ", "خلال", "حتى", "بعد",
    "قبل", "الساعة", "المادة", "رقم", "القرار", "صرح", "أعلن", "نفى", "هدد", "طالب", "ندد", "دعا", "وأشار",
    "مصادر", "مسؤول", "المتحدث باسم", "وكالة", "رويترز", "(رويترز)", "بغداد -", "القاهرة (أ ف ب) -",
    "كتب:", "حوار:", "تحرير", "اقرأ أيضا", "شارك", "تويتر", "فيسبوك", "انقر هنا", "تابعونا", "اااااا",
    "؟؟؟", "!!!", "...", "---", "***", "===", "|", "•", "▪", "■", "●", "→", "✓", "\x0b", "\x0c", "\x1c", "\x85",
    "\u2028", "\u2029", "\x00", "\ud800", "\udfff",
)


def arabic_text(data: bytes) -> str:
    """Text made of :data:`VOCAB` tokens, one per input byte, joined by spaces mostly."""
    out: list[str] = []
    for i, b in enumerate(data):
        out.append(VOCAB[b % len(VOCAB)])
        if i % 3 != 2:
            out.append(" ")
    return "".join(out)


#: name -> target, for the atheris driver.
TARGETS: dict[str, Callable[[bytes], None]] = {
    "decode": fuzz_decode,
    "json": fuzz_json,
    "gzip": fuzz_gzip,
    "zip": fuzz_zip,
    "warc": fuzz_warc,
    "feed": fuzz_feed,
    "html": fuzz_html,
    "analyze": fuzz_analyze,
}


def fuzz_all(data: bytes) -> None:
    """Every target behind one entry point: the first byte picks it (one process fuzzes all)."""
    if not data:
        return
    names = sorted(TARGETS)
    TARGETS[names[data[0] % len(names)]](data[1:])


def seed_corpus() -> dict[str, list[bytes]]:
    """Valid inputs of every kind to start mutating from."""
    import gzip
    import json
    import zipfile

    from bombs import warc_gz_record

    body = "قال وزير الخارجية العراقي اليوم إن بغداد ستستضيف اجتماعا إقليميا الشهر المقبل لبحث أمن الحدود."
    rec = {"title": "خبر عاجل", "text": body, "url": "http://news.example/1", "date": "2021-03-04"}
    jsonl = (json.dumps(rec, ensure_ascii=False) + "\n").encode() * 2
    zbuf = io.BytesIO()
    with zipfile.ZipFile(zbuf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("day.json", json.dumps([rec, rec], ensure_ascii=False))
    page = (f"<html><head><title>خبر</title><meta charset='utf-8'></head><body><article><h1>خبر</h1>"
            f"<p>{body}</p><p>{body}</p></article></body></html>")
    rss = (f"<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'><channel><title>أخبار</title><item>"
           f"<title>خبر</title><link>http://news.example/1</link><description>{body}</description></item>"
           f"</channel></rss>")
    return {
        "decode": [body.encode(), body.encode("cp1256"), body.encode("utf-16"), body.encode("utf-16-le")],
        "json": [jsonl, json.dumps([rec], ensure_ascii=False).encode()],
        "gzip": [gzip.compress(jsonl)],
        "zip": [zbuf.getvalue()],
        "warc": [warc_gz_record("http://news.example/1", page)],
        "feed": [rss.encode()],
        "html": [page.encode()],
        "analyze": [bytes(range(256))],
    }
