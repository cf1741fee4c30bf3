"""An analysed record, flattened into the rows every store backend writes.

:func:`prepare` is pure and runs in the ingest workers, so the process that owns
the database only inserts.  Nothing here knows SQL; SQLite and PostgreSQL take the
same :class:`PreparedArticle`.  Entities are keyed by :func:`entity_key`
(normalised name, label, country) so that one person or place mentioned in many
articles becomes one canonical entity in the store.
"""

from __future__ import annotations

import re
import zlib
from array import array
from dataclasses import dataclass

from rasd.arabic.normalize import normalize_text
from rasd.article import Article, to_json
from rasd.store.terms import index_text, term, words

#: MinHash permutations and word-shingle size for near-duplicate detection.
NUM_PERM = 128
SHINGLE = 5
MINHASH_SEED = 42
#: Words of the lead (title + start of the body) kept for story clustering.
LEAD_WORDS = 60

_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True, slots=True)
class EntityRow:
    """An entity of one article, with the key that merges it across articles."""

    local_id: str
    key: tuple[str, str, str]  # (normalised name, label, country or "")
    canonical: str
    en: str | None
    mentions: tuple[tuple[int, int, str, str], ...]  # (start, end, text, kind)


@dataclass(frozen=True, slots=True)
class QuoteRow:
    idx: int
    kind: str
    start: int
    end: int
    content: str
    speaker_local: str | None
    speaker_name: str | None
    cue: str | None
    about_local: tuple[str, ...]  # local ids of entities mentioned inside the quote


@dataclass(frozen=True, slots=True)
class EventRow:
    idx: int
    type: str
    mode: str | None
    actor_local: str | None
    actor_text: str | None
    actor_country: str | None
    target_local: str | None
    target_text: str | None
    target_country: str | None
    location_text: str | None
    location_country: str | None
    date: str | None
    start: int
    end: int
    evidence: str
    negated: bool
    future: bool
    hypothetical: bool
    quantity: float | None


@dataclass(frozen=True, slots=True)
class PreparedArticle:
    """Everything a backend writes for one article."""

    id: str
    title: str | None
    outlet: str | None
    url: str | None
    path: str | None
    author: str | None
    date: str | None  # YYYY-MM-DD when known
    text: str
    packed: bytes  # rasd.to_json(article), whole, compressed as the SQLite store keeps it (pack_record)
    index_title: str
    index_body: str
    lead_terms: str  # space-separated terms of the title and lead, for stories
    minhash: bytes  # NUM_PERM uint32 values
    entities: tuple[EntityRow, ...]
    quotes: tuple[QuoteRow, ...]
    events: tuple[EventRow, ...]
    dates: tuple[tuple[int, int, str, str, str, str], ...]  # start, end, text, value, granularity, role

    @property
    def record(self) -> str:
        """The record's JSON (for a backend that stores it uncompressed)."""
        return unpack_record(self.packed)


def pack_record(record: str) -> bytes:
    """The stored form of a record's JSON (zlib, level 6)."""
    return zlib.compress(record.encode("utf-8"), 6)


def unpack_record(value: str | bytes) -> str:
    """A record's JSON from its stored form (compressed BLOB, or TEXT in older stores)."""
    return zlib.decompress(value).decode("utf-8") if isinstance(value, bytes) else value


def entity_key(name: str, label: str, country: str | None) -> tuple[str, str, str]:
    """How entities are merged across articles: normalised name, label and country."""
    norm = " ".join(normalize_text(name).split())
    return norm, label, country or ""


def day_of(value: str | None) -> str | None:
    """``YYYY-MM-DD`` from an ISO date or datetime string, else None."""
    if not value:
        return None
    m = _ISO_DAY.match(value.strip())
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None


def article_title(article: Article) -> str | None:
    """The headline: the source's (a feed or dump names it exactly), else the structure
    stage's title, else the first line."""
    if article.source.title:
        return article.source.title
    if article.title is not None:
        return article.title.text
    first = article.text.strip().split("\n", 1)[0].strip()
    return first[:200] or None


def article_day(article: Article) -> str | None:
    """The article's date: the published line's, else the source's."""
    if article.published is not None and article.published.date:
        day = day_of(article.published.date)
        if day:
            return day
    return day_of(article.source.date)


def shingles(text: str, size: int = SHINGLE) -> list[str]:
    """Overlapping word n-grams of the normalised text (the MinHash set)."""
    ws = [normalize_text(w) for w in words(text)]
    if len(ws) <= size:
        return [" ".join(ws)] if ws else []
    return [" ".join(ws[i:i + size]) for i in range(len(ws) - size + 1)]


def minhash(text: str) -> bytes:
    """The MinHash signature of ``text`` as packed uint32 (rensa, :data:`NUM_PERM` permutations)."""
    from rensa import RMinHash

    m = RMinHash(num_perm=NUM_PERM, seed=MINHASH_SEED)
    m.update(shingles(text) or [""])
    return array("I", m.digest()).tobytes()


def _body_text(article: Article) -> str:
    if article.paragraphs:
        return "\n".join(p.text for p in article.paragraphs)
    return article.text


def _entity_rows(article: Article) -> tuple[EntityRow, ...]:
    return tuple(
        EntityRow(
            local_id=e.id,
            key=entity_key(e.canonical, e.label, e.country),
            canonical=e.canonical,
            en=e.en,
            mentions=tuple((m.start, m.end, m.text, m.kind) for m in e.mentions),
        )
        for e in article.entities
    )


def _quote_rows(article: Article) -> tuple[QuoteRow, ...]:
    rows = []
    for i, q in enumerate(article.quotes):
        s, e = q.content.start, q.content.end
        about = tuple(sorted({ent.id for ent in article.entities for m in ent.mentions
                              if s <= m.start and m.end <= e and (q.speaker is None or ent.id != q.speaker.entity)}))
        rows.append(QuoteRow(i, q.kind, s, e, q.content.text, q.speaker.entity if q.speaker else None,
                             q.speaker_name or (q.speaker.text if q.speaker else None),
                             q.cue.lemma if q.cue else None, about))
    return tuple(rows)


def _event_rows(article: Article) -> tuple[EventRow, ...]:
    rows = []
    for i, ev in enumerate(article.events):
        a, t, loc = ev.actor, ev.target, ev.location
        rows.append(EventRow(
            i, ev.type, ev.mode,
            a.entity if a else None, a.text if a else None, a.country if a else None,
            t.entity if t else None, t.text if t else None, t.country if t else None,
            loc.text if loc else None, loc.country if loc else None,
            ev.date, ev.evidence.start, ev.evidence.end, ev.evidence.text,
            ev.negated, ev.future, ev.hypothetical, ev.quantity,
        ))
    return tuple(rows)


def prepare(article: Article) -> PreparedArticle:
    """Flatten ``article`` into rows and index terms (pure; runs in workers)."""
    title = article_title(article)
    body = _body_text(article)
    lead_words = words((title or "") + " " + body, LEAD_WORDS)
    return PreparedArticle(
        id=article.id,
        title=title,
        outlet=article.source.outlet,
        url=article.source.url,
        path=article.source.path,
        author=article.source.author,
        date=article_day(article),
        text=article.text,
        packed=pack_record(to_json(article)),  # compressed here, in the worker, not by the one writer
        index_title=index_text(title or ""),
        index_body=index_text(article.text),
        lead_terms=" ".join(term(w) for w in lead_words),
        minhash=minhash(body),
        entities=_entity_rows(article),
        quotes=_quote_rows(article),
        events=_event_rows(article),
        dates=tuple((d.start, d.end, d.text, d.value, d.granularity, d.role) for d in article.dates),
    )
