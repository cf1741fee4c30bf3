"""The analysis record: one article, its unchanged text, and spans into it.

Every annotation is a frozen dataclass holding ``start``/``end`` code-point offsets
into ``Article.text``; ``text[start:end] == span.text`` always holds.  Stages never
mutate a record: they return a new one built with :func:`dataclasses.replace`.

``to_json``/``from_json`` follow ``SCHEMA.md`` (``rasd.article/1``) and round-trip
exactly: ``from_json(to_json(a)) == a``.  Serialisation is generic over the
dataclass fields so that adding a field to a class is the whole change needed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import types
import typing
from dataclasses import dataclass, field
from typing import Any, TypeVar, Union

from rasd.errors import InputError, RecordError

SCHEMA_VERSION = "rasd.article/1"

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the article text."""

    start: int
    end: int
    text: str


#: origins of a page's own metadata (:class:`Source`): these win over a date read from the text
PAGE_ORIGINS = ("json-ld", "meta", "markup", "url")


@dataclass(frozen=True, slots=True)
class Published:
    """The publication date line and the article's ISO publication date.

    ``date_source`` says where ``date`` came from: ``text`` (read from this line) or,
    when the page's own metadata states a date, that metadata's origin (``json-ld``,
    ``meta``, ``markup``, ``url``; see :class:`Source`): a page's machine-written date
    is more reliable than a date line read from its prose, so it wins."""

    start: int
    end: int
    text: str
    date: str | None = None
    date_source: str | None = None


@dataclass(frozen=True, slots=True)
class Noise:
    """A line left out of the article body, with the reason it was dropped."""

    start: int
    end: int
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence of an entity: its name, a role (title) or a resolved pronoun."""

    start: int
    end: int
    text: str
    kind: str = "name"


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organisation or place, with all its mentions in this article."""

    id: str
    label: str
    canonical: str
    mentions: tuple[Mention, ...] = ()
    en: str | None = None
    en_source: str | None = None
    country: str | None = None


@dataclass(frozen=True, slots=True)
class SpeakerRef:
    """Who speaks: the entity id (when known) and the mention that names them."""

    start: int
    end: int
    text: str
    entity: str | None = None


@dataclass(frozen=True, slots=True)
class Cue:
    """The word that introduces speech (قال، أكد …) and its lemma."""

    start: int
    end: int
    text: str
    lemma: str


@dataclass(frozen=True, slots=True)
class Quote:
    """Direct, indirect or headline speech, with its speaker when one is found."""

    kind: str
    content: Span
    speaker: SpeakerRef | None = None
    speaker_name: str | None = None
    cue: Cue | None = None
    #: PER, ORG, GPE, or GROUP for an unnamed speaker ("مصادر أمنية")
    speaker_type: str | None = None
    #: how the speaker was found: named (at the cue), role (a title joined to a person),
    #: continuation (carried from the last speaker), group (an unnamed noun phrase), unresolved
    resolution: str | None = None
    #: 0-1, from the cue and its frame: how sure it is that these are someone's words
    confidence: float | None = None


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression with its resolved ISO value and granularity."""

    start: int
    end: int
    text: str
    value: str
    granularity: str
    role: str = "mention"
    calendar: str = "gregorian"
    modifier: str | None = None


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its value, the unit or counted noun, and what it counts."""

    start: int
    end: int
    text: str
    value: float
    unit: str | None = None
    counts: str | None = None
    category: str | None = None


@dataclass(frozen=True, slots=True)
class EventArg:
    """An event participant (actor, target) or place."""

    text: str | None = None
    entity: str | None = None
    country: str | None = None
    start: int | None = None
    end: int | None = None
    sector: str | None = None


@dataclass(frozen=True, slots=True)
class EventEvidence:
    """One sentence that reports a happening (its span) and the word that names it there."""

    start: int
    end: int
    text: str
    trigger: Span | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """A PLOVER-coded event tied to its evidence sentence."""

    type: str
    evidence: Span
    mode: str | None = None
    actor: EventArg | None = None
    target: EventArg | None = None
    location: EventArg | None = None
    date: str | None = None
    negated: bool = False
    future: bool = False
    hypothetical: bool = False
    quote: int | None = None
    quantity: float | None = None
    trigger: Span | None = None
    date_source: str | None = None
    location_source: str | None = None
    #: ``reported`` (the text says it happened or will happen), else how it is only
    #: mentioned: ``condemned``, ``denied``, ``planned``, ``purpose``, ``historical``,
    #: ``judicial``, ``hypothetical`` (imagined, feared, warned of, asked about),
    #: ``accused`` (someone is said to be behind it), ``background`` (pointed at),
    #: ``generic`` (a kind: "عمليات خطف"), ``habitual`` (an imperfect verb: what goes on),
    #: ``unspecified`` (an attack named with no time, place, casualty, target or armed actor),
    #: ``evaluative`` (the predicate of a judgement: "يشكل اعتداء على حرية التعبير"),
    #: ``quoted`` (a protest told in someone's words, or any event told in words a verb of
    #: opinion, accusation or demand introduces: the speaker's account),
    #: ``victims`` (its victims are the subject), ``mentioned`` (a title, a plot, a
    #: happening referred back to).  Only reported events go in
    #: ``Article.events``; the others are kept in ``Article.event_mentions``.
    factuality: str = "reported"
    #: Every sentence of the article that reports this same happening (same type, mode
    #: and actor, compatible target and place), in reading order; ``evidence`` (the words
    #: of the first report) and ``trigger`` lie in the first.  Empty in older records.
    evidences: tuple[EventEvidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Source:
    """Where the article came from, and what its page said about it.

    Each ``*_source`` field says where the value beside it was read, as ``en_source``
    does for entity names: ``json-ld`` (schema.org structured data), ``meta`` (meta
    tags: OpenGraph, Dublin Core …), ``markup`` (the rest of the page's HTML: RDFa or
    microdata dates, ``<link rel=canonical>``, ``<html lang>``, and what trafilatura and
    htmldate read: ``<title>``, ``<h1>``, ``<time>``), ``url`` (the page's address),
    ``page-text`` (a date htmldate found in the page's free text or link paths: the
    weakest, the article's own date line wins over it), ``given`` (by the caller: a
    feed, a JSONL dump, an option).  ``None`` where the origin is not known (older
    records)."""

    path: str | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    date: str | None = None
    author: str | None = None
    #: the day the page says it was last changed (ISO)
    modified: str | None = None
    #: the language the page declares (primary subtag: ``ar``, ``en``)
    language: str | None = None
    url_source: str | None = None
    outlet_source: str | None = None
    title_source: str | None = None
    date_source: str | None = None
    modified_source: str | None = None
    author_source: str | None = None
    language_source: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """One analysed article.  ``text`` is never rewritten; everything else is spans."""

    text: str
    id: str = ""
    schema: str = SCHEMA_VERSION
    source: Source = field(default_factory=Source)
    language: str = "ar"
    title: Span | None = None
    subtitle: Span | None = None
    published: Published | None = None
    dateline: Span | None = None
    byline: Span | None = None
    highlights: tuple[Span, ...] = ()
    paragraphs: tuple[Span, ...] = ()
    noise: tuple[Noise, ...] = ()
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    dates: tuple[DateMention, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    events: tuple[Event, ...] = ()
    #: Events the text only mentions (condemned, denied, planned, a purpose, background,
    #: a court case, a title): kept so that nothing is lost, out of ``events``.
    event_mentions: tuple[Event, ...] = ()
    #: What went wrong without losing the article: a failed optional stage (whose output is
    #: then left out), input decoded with a fallback.  One line each; empty for a clean run.
    warnings: tuple[str, ...] = ()

    @classmethod
    def from_text(cls, text: str, source: Source | None = None) -> Article:
        """Make an empty record for ``text`` with its content id."""
        return cls(text=text, id=text_id(text), source=source or Source())

    def span(self, start: int, end: int) -> Span:
        """A :class:`Span` over ``text[start:end]``."""
        return Span(start, end, self.text[start:end])


def text_id(text: str) -> str:
    """The record id: the first 16 hex digits of the SHA-256 of the text.

    Text that UTF-8 cannot encode (a lone surrogate) has no id: :class:`InputError`,
    which callers report with the input's position (:mod:`rasd.textcheck`)."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        from rasd.textcheck import describe

        raise InputError(f"text {describe(text, exc.start)}; record refused") from exc
    return hashlib.sha256(data).hexdigest()[:16]


# --------------------------------------------------------------------------- JSON


def to_dict(obj: Any) -> Any:
    """Turn a record (or any part of it) into plain JSON-ready values."""
    names = _field_names(type(obj))
    if names is not None:
        return {name: to_dict(getattr(obj, name)) for name in names}
    if isinstance(obj, tuple | list):
        return [to_dict(x) for x in obj]
    return obj


_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}


def _field_names(cls: type) -> tuple[str, ...] | None:
    """The field names of dataclass ``cls`` in declaration order (None for any other type).

    Cached per class: a record holds hundreds of spans, and asking ``dataclasses`` for
    each one's fields took a third of the time of storing an article.  A dataclass
    *class* passed as a value is a ``type`` instance, not a dataclass, so it stays as is.
    """
    try:
        return _FIELD_NAMES[cls]
    except KeyError:
        names = _FIELD_NAMES[cls] = (tuple(f.name for f in dataclasses.fields(cls))
                                     if dataclasses.is_dataclass(cls) else None)
        return names


def to_json(article: Article, indent: int | None = None) -> str:
    """Serialise ``article`` as SCHEMA.md JSON (Arabic kept as is, not escaped)."""
    return json.dumps(to_dict(article), ensure_ascii=False, indent=indent)


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def _build(tp: Any, value: Any, where: str) -> Any:
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        if value is None:
            return None
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return _build(args[0], value, where)
        for a in args:  # float | int style unions
            if isinstance(value, a) and not isinstance(value, bool):
                return _build(a, value, where)
        raise RecordError(f"{where}: expected {' or '.join(a.__name__ for a in args)}, got {type(value).__name__}")
    if origin is tuple:
        (inner, _ellipsis) = typing.get_args(tp)
        if not isinstance(value, list | tuple):
            raise RecordError(f"{where}: expected a list, got {type(value).__name__}")
        return tuple(_build(inner, v, f"{where}[{i}]") for i, v in enumerate(value))
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        if not isinstance(value, dict):
            raise RecordError(f"{where}: expected an object, got {type(value).__name__}")
        return from_dict(tp, value, where)
    return _leaf(tp, value, where)


def _leaf(tp: Any, value: Any, where: str) -> Any:
    """A str, int, float or bool field, checked: a record from outside rasd may say anything,
    and a wrong type must fail here, with its path, not in a store or a page later."""
    if tp is bool:
        ok = isinstance(value, bool)
    elif tp is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif tp is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    elif tp is str:
        ok = isinstance(value, str)
    else:
        return value
    if not ok:
        raise RecordError(f"{where}: expected {tp.__name__}, got {type(value).__name__} {str(value)[:40]!r}")
    return value


def from_dict(cls: type[T], data: dict[str, Any], where: str = "") -> T:
    """Build dataclass ``cls`` from a dict made by :func:`to_dict`.

    Unknown keys are ignored so that newer records (fields may be added) still load.
    """
    hints = _hints(cls)
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if f.name in data:
            kwargs[f.name] = _build(hints[f.name], data[f.name], f"{where}.{f.name}" if where else f.name)
    try:
        return cls(**kwargs)
    except TypeError as exc:
        raise RecordError(f"{where or cls.__name__}: {exc}") from exc


def from_json(data: str | bytes | dict[str, Any]) -> Article:
    """Parse SCHEMA.md JSON back into an :class:`Article`."""
    if isinstance(data, str | bytes):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as exc:
            raise RecordError(f"not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise RecordError("an article record must be a JSON object")
    schema = data.get("schema", SCHEMA_VERSION)
    if not str(schema).startswith("rasd.article/"):
        raise RecordError(f"unknown schema {schema!r}; expected {SCHEMA_VERSION}")
    return from_dict(Article, data)


def iter_spans(article: Article) -> typing.Iterator[tuple[str, Any]]:
    """Every object in the record that claims ``start``/``end``/``text`` offsets.

    Used by the invariant check and tests: ``text[start:end] == span.text``.
    """

    def walk(obj: Any, path: str) -> typing.Iterator[tuple[str, Any]]:
        if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            names = {f.name for f in dataclasses.fields(obj)}
            if {"start", "end", "text"} <= names and getattr(obj, "start", None) is not None:
                yield path, obj
            for f in dataclasses.fields(obj):
                if f.name != "text":
                    yield from walk(getattr(obj, f.name), f"{path}.{f.name}")
        elif isinstance(obj, tuple):
            for i, x in enumerate(obj):
                yield from walk(x, f"{path}[{i}]")

    yield from walk(article, "article")


def check_spans(article: Article) -> list[str]:
    """Return a description of every span whose text disagrees with the article text."""
    bad = []
    for path, s in iter_spans(article):
        whole = isinstance(s.start, int) and isinstance(s.end, int)  # an outside record may leave one out
        if not whole or not (0 <= s.start <= s.end <= len(article.text)) or article.text[s.start : s.end] != s.text:
            bad.append(f"{path} [{s.start}:{s.end}] {s.text!r}")
    return bad
