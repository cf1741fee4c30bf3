"""One work item to one record: the step every command shares.

``rasd analyze``, ``quotes``, ``events`` and ``ingest`` (in its workers) turn a
:class:`rasd.ingest.sources.WorkItem` into an :class:`Article` here, so an input
is read, decoded, extracted and analysed the same way whichever command reads it,
and fails the same way: an :class:`InputError` or :class:`RecordError` that the
caller reports with the item's position.  Warnings from reading the input (a
mixed-encoding file) join the record's own (a failed optional stage).
"""

from __future__ import annotations

from dataclasses import replace

from rasd import limits
from rasd.article import Article, check_spans, from_json, text_id
from rasd.errors import RasdError, RecordError
from rasd.ingest.decode import declared_charset, decode_text
from rasd.ingest.html import extract_html, merged_source
from rasd.ingest.sources import WorkItem
from rasd.pipeline import analyze


def error_line(position: str, exc: BaseException) -> str:
    """``POSITION: why`` for a failure on the item at ``position`` (once, whether or not
    the error already names it), with the exception's class when it is not rasd's own."""
    msg = str(exc) if isinstance(exc, RasdError) else f"internal error, please report ({type(exc).__name__}: {exc})"
    return at(position, msg)


def at(position: str, message: str) -> str:
    """``message`` prefixed with ``position`` unless it already starts with it."""
    return message if message.startswith(f"{position}:") else f"{position}: {message}"


def checked_record(record: str) -> Article:
    """A finished rasd record from outside (a JSONL of records), taken as it is only when
    it could have come from rasd: fields of the right types (:func:`from_json`), every
    span true to the text, and its id the hash of its text (recomputed: the id is the
    store's key, and a record must not claim another article's place)."""
    article = from_json(record)
    lim = limits.current()
    if len(article.text) > lim.max_article_chars:
        raise lim.too_long(len(article.text))
    bad = check_spans(article)
    if bad:
        raise RecordError(f"{len(bad)} spans disagree with the record's text (first: {bad[0][:120]}); "
                          "record refused")
    real = text_id(article.text)
    return article if article.id == real else replace(article, id=real)


def article_of(item: WorkItem, until: str | None = None) -> Article:
    """The record of ``item``: a finished rasd record as it is, HTML through the
    extractor, text through the pipeline (up to stage ``until``)."""
    warnings = item.warnings
    if item.record is not None:
        article = checked_record(item.record)
    elif item.html is not None:
        given = item.source
        decoded = decode_text(item.html, item.position, declared=declared_charset(item.html))
        warnings += decoded.warnings
        text, found = extract_html(decoded.text, name=item.position, url=given.url)
        source = merged_source(given, found)
        article = analyze(text, source, until=until)
    else:
        article = analyze(item.text or "", item.source, until=until)
    if warnings:
        article = replace(article, warnings=(*warnings, *article.warnings))
    return article
