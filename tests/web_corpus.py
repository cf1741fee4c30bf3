"""A small hand-built corpus for the web tests: records with entities, quotes, dates
and events made by hand (offsets found in the text), so the pages can be tested
whatever stages the pipeline has today."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

from rasd.article import (
    Article,
    Cue,
    DateMention,
    Entity,
    Event,
    EventArg,
    Mention,
    Quote,
    Source,
    Span,
    SpeakerRef,
    check_spans,
)
from rasd.pipeline import analyze

# (text, date, outlet, entities[(local, label, canonical, surfaces)], quotes[(speaker local, speaker surface,
#  content)], dates[(surface, value)], events[(type, actor surface, target surface, evidence surface)])
DOCS = [
    (
        "الكاظمي يبحث مع بومبيو انسحاب القوات الأمريكية\n\n"
        "بغداد - بحث رئيس الوزراء العراقي مصطفى الكاظمي مع وزير الخارجية الأميركي مايك بومبيو الثلاثاء "
        "جدولة انسحاب القوات الأمريكية من العراق.\n\n"
        'وقال الكاظمي "لسنا بحاجة إلى القوات الأجنبية على أرض العراق".\n',
        "2020-11-18", "العرب",
        [("e1", "PER", "مصطفى الكاظمي", ["مصطفى الكاظمي", "الكاظمي"]),
         ("e2", "PER", "مايك بومبيو", ["مايك بومبيو", "بومبيو"]),
         ("e3", "GPE", "العراق", ["العراق"]), ("e4", "GPE", "بغداد", ["بغداد"])],
        [("e1", "الكاظمي", "لسنا بحاجة إلى القوات الأجنبية على أرض العراق")],
        [("الثلاثاء", "2020-11-17")],
        [("CONSULT", "مايك بومبيو", "مصطفى الكاظمي", "بحث رئيس الوزراء العراقي")],
    ),
    (
        "الكاظمي يزور طهران\n\n"
        "طهران - وصل رئيس الوزراء مصطفى الكاظمي إلى طهران في زيارة رسمية يبحث خلالها ملف العراق الاقتصادي.\n\n"
        'وأكد الكاظمي أن "العراق لن يكون ساحة لتصفية الحسابات".\n',
        "2020-07-21", "العرب",
        [("e1", "PER", "مصطفى الكاظمي", ["مصطفى الكاظمي", "الكاظمي"]),
         ("e2", "GPE", "طهران", ["طهران"]), ("e3", "GPE", "العراق", ["العراق"])],
        [("e1", "الكاظمي", "العراق لن يكون ساحة لتصفية الحسابات")],
        [],
        [],
    ),
    (
        "بومبيو: واشنطن ستخفض عدد جنودها في العراق\n\n"
        "واشنطن - قال وزير الخارجية الأمريكي مايك بومبيو إن بلاده ستخفض عدد جنودها في العراق، "
        "مشيدا بحكومة مصطفى الكاظمي.\n",
        "2020-11-19", "وكالة",
        [("e1", "PER", "مايك بومبيو", ["مايك بومبيو", "بومبيو"]), ("e2", "GPE", "واشنطن", ["واشنطن"]),
         ("e3", "GPE", "العراق", ["العراق"]), ("e4", "PER", "مصطفى الكاظمي", ["مصطفى الكاظمي"])],
        [("e1", "مايك بومبيو", "بلاده ستخفض عدد جنودها في العراق")],
        [],
        [],
    ),
]


def _find_all(text: str, surface: str, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for m in re.finditer(re.escape(surface), text):
        s, e = m.span()
        if all(e <= a or s >= b for a, b in taken):
            out.append((s, e))
            taken.append((s, e))
    return out


def build(doc: tuple) -> Article:  # type: ignore[type-arg]
    text, date, outlet, ents, quotes, dates, events = doc
    a = analyze(text, Source(date=date, outlet=outlet), until="structure")
    taken: list[tuple[int, int]] = []
    entities = []
    for local, label, canonical, surfaces in ents:
        spans = [se for surface in surfaces for se in _find_all(text, surface, taken)]
        entities.append(Entity(local, label, canonical,
                               tuple(Mention(s, e, text[s:e]) for s, e in sorted(spans))))
    qs = []
    for speaker_local, speaker_surface, content in quotes:
        cs = text.index(content)
        ss = text.index(speaker_surface)
        qs.append(Quote("direct", Span(cs, cs + len(content), content),
                        SpeakerRef(ss, ss + len(speaker_surface), speaker_surface, speaker_local),
                        next(e.canonical for e in entities if e.id == speaker_local),
                        Cue(ss - 4, ss - 1, text[ss - 4 : ss - 1], "قال") if text[ss - 4 : ss - 1] == "قال" else None))
    ds = [DateMention(text.index(s), text.index(s) + len(s), s, v, "day") for s, v in dates]
    evs = []
    for typ, actor, target, evidence in events:
        ev_s = text.index(evidence)
        evs.append(Event(typ, Span(ev_s, ev_s + len(evidence), evidence), mode="meeting",
                         actor=EventArg(text=actor, country="USA"), target=EventArg(text=target, country="IRQ"),
                         date="2020-11-17"))
    a = dataclasses.replace(a, entities=tuple(entities), quotes=tuple(qs), dates=tuple(ds), events=tuple(evs))
    assert not check_spans(a), check_spans(a)
    return a


def corpus() -> list[Article]:
    return [build(d) for d in DOCS]


def make_store(path: Path, extra: list[Article] | None = None) -> Path:
    """A store file holding the hand-built corpus (and ``extra`` records)."""
    from rasd.store import open_store

    store = open_store(path)
    try:
        store.add_articles([*corpus(), *(extra or [])])
        store.refresh_clusters()
    finally:
        store.close()
    return path


def form_token(client: Any) -> dict[str, str]:
    """The CSRF field of the Analyse form, as a browser gets it: open the form (which sets
    the cookie the test client keeps) and read the hidden field."""
    page = client.get("/analyze").text
    m = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert m, "the Analyse form has no CSRF field"
    return {"csrf_token": m.group(1)}
