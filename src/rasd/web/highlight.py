"""Article text -> safe HTML with entity, date and quote marks.

The page works over the record *dict* (the same one ``GET /api/articles/{id}``
returns), so this module reads plain dicts, never dataclasses.  Every piece of
text goes through :func:`display_text` and :func:`markupsafe.escape`; the only
HTML produced here is the ``<mark>``/``<a>`` wrappers built from fixed strings.

Marks may overlap (a name inside a quote, a date inside a name).  A paragraph is
rendered as a flat sequence of non-overlapping marks: the first mark of higher
priority wins and any mark that crosses it is dropped.  That keeps the HTML
well-nested without a tree builder, and a reader still sees every entity that
does not collide with another.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

#: Bidi embedding/override/isolate controls.  Kept in the stored text (the text is
#: never rewritten) but removed from what the page shows, so a hostile ``U+202E``
#: cannot reverse the rest of a line or spoof what a reader sees.  LRM/RLM/ALM stay:
#: they are ordinary marks in Arabic text and cannot reorder more than one character.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")

#: Other invisible characters that have no business in a page (C0/C1 controls but
#: tab and newline).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

LABELS_AR = {
    "PER": "شخص",
    "ORG": "منظمة",
    "GPE": "دولة أو مدينة",
    "LOC": "مكان",
    "MISC": "أخرى",
}


def display_text(s: str | None) -> str:
    """``s`` with bidi overrides and control characters removed, for display only."""
    if not s:
        return ""
    return _CONTROL.sub("", BIDI_CONTROLS.sub("", s))


def safe(s: str | None) -> Markup:
    """Escaped display text (the one way user text enters HTML in this package)."""
    return escape(display_text(s))


@dataclass(frozen=True, slots=True)
class Mark:
    """One stretch of text to wrap: ``kind`` picks the CSS class, ``href`` a link."""

    start: int
    end: int
    kind: str  # "ent", "date", "quote"
    label: str = ""
    href: str | None = None
    title: str | None = None
    priority: int = 0  # lower wins


def entity_marks(record: Mapping[str, Any], entity_href: Mapping[str, str] | None = None) -> list[Mark]:
    """A mark for every entity mention; ``entity_href`` maps the record's entity id to a link."""
    marks = []
    for ent in record.get("entities") or ():
        href = (entity_href or {}).get(ent.get("id", ""))
        title = ent.get("canonical") or ""
        if ent.get("en"):
            title = f"{title} — {ent['en']}"
        for m in ent.get("mentions") or ():
            marks.append(Mark(int(m["start"]), int(m["end"]), "ent", str(ent.get("label") or "MISC"), href, title,
                              priority=0 if m.get("kind", "name") == "name" else 1))
    return marks


def date_marks(record: Mapping[str, Any]) -> list[Mark]:
    """A mark for every resolved date expression, titled with its ISO value."""
    return [Mark(int(d["start"]), int(d["end"]), "date", str(d.get("granularity") or ""), None,
                 str(d.get("value") or ""), priority=2)
            for d in record.get("dates") or ()]


def _choose(marks: Iterable[Mark], start: int, end: int) -> list[Mark]:
    """Non-overlapping marks inside ``[start, end)``, by priority then position then length."""
    inside = [m for m in marks if start <= m.start < m.end <= end]
    inside.sort(key=lambda m: (m.priority, m.start, -(m.end - m.start)))
    taken: list[Mark] = []
    for m in inside:
        if all(m.end <= t.start or m.start >= t.end for t in taken):
            taken.append(m)
    taken.sort(key=lambda m: m.start)
    return taken


def _wrap(text: str, m: Mark) -> str:
    body = str(safe(text))
    attrs = f' class="m-{escape(m.kind)} m-{escape(m.label)}"'
    if m.title:
        attrs += f' title="{safe(m.title)}"'
    if m.kind == "ent":
        attrs += f' data-label="{escape(m.label)}"'
    if m.href:
        return f'<a href="{escape(m.href)}"{attrs}>{body}</a>'
    return f"<mark{attrs}>{body}</mark>"


def highlight(text: str, start: int, end: int, marks: Sequence[Mark]) -> Markup:
    """HTML for ``text[start:end]`` with ``marks`` wrapped (all text escaped)."""
    out: list[str] = []
    pos = start
    for m in _choose(marks, start, end):
        out.append(str(safe(text[pos : m.start])))
        out.append(_wrap(text[m.start : m.end], m))
        pos = m.end
    out.append(str(safe(text[pos:end])))
    return Markup("".join(out))


def snippet_html(snip: Mapping[str, Any] | None) -> Markup:
    """A store search snippet as HTML: matched words in ``<mark class="hit">``, rest escaped.

    The store's snippet is ``{"start", "end", "text", "highlights": [[s, e], …]}``
    with offsets into the article text, so the page marks exactly what the store
    matched (JSON clients get the same offsets).
    """
    if not snip:
        return Markup("")
    text = str(snip.get("text") or "")
    base = int(snip.get("start") or 0)
    marks = [Mark(int(s) - base, int(e) - base, "hit") for s, e in snip.get("highlights") or ()]
    out = []
    pos = 0
    for m in _choose(marks, 0, len(text)):
        out.append(str(safe(text[pos : m.start])))
        out.append(f'<mark class="hit">{safe(text[m.start : m.end])}</mark>')
        pos = m.end
    out.append(str(safe(text[pos:])))
    html = "".join(out)
    if snip.get("prefix_cut"):
        html = "… " + html
    if snip.get("suffix_cut"):
        html += " …"
    return Markup(html)


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """A quote to mark in the text: its content span, its index in the record, its speaker."""

    start: int
    end: int
    idx: int
    speaker: str = ""


def quote_spans(record: Mapping[str, Any]) -> list[QuoteSpan]:
    """The record's quotes as non-overlapping spans in text order (of two that overlap, the one
    that starts first, then the longer, is marked; the other is listed in the panel unlinked)."""
    spans = []
    for i, q in enumerate(record.get("quotes") or ()):
        content = q.get("content") or {}
        s, e = content.get("start"), content.get("end")
        if isinstance(s, int) and isinstance(e, int) and s < e:
            who = q.get("speaker_name") or (q.get("speaker") or {}).get("text") or ""
            spans.append(QuoteSpan(s, e, i, str(who)))
    spans.sort(key=lambda q: (q.start, -(q.end - q.start)))
    taken: list[QuoteSpan] = []
    for q in spans:
        if not taken or q.start >= taken[-1].end:
            taken.append(q)
    return taken


def highlight_quoted(text: str, start: int, end: int, marks: Sequence[Mark],
                     quotes: Sequence[QuoteSpan]) -> Markup:
    """:func:`highlight` with each quote inside ``text[start:end]`` wrapped in
    ``<mark class="m-quote">``; the piece where a quote begins carries ``id="q<index>"``,
    so ``#q<index>`` (the side panel's link) scrolls to it without any script."""
    out: list[str] = []
    pos = start
    for q in quotes:
        s, e = max(q.start, pos), min(q.end, end)
        if s >= e:
            continue
        out.append(str(highlight(text, pos, s, marks)))
        anchor = f' id="q{q.idx}"' if s == q.start else ""
        title = f' title="{safe(q.speaker)}"' if q.speaker else ""
        out.append(f'<mark class="m-quote"{anchor}{title}>{highlight(text, s, e, marks)}</mark>')
        pos = e
    out.append(str(highlight(text, pos, end, marks)))
    return Markup("".join(out))
