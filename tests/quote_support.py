"""Helpers for the quote tests: analyse a short text with hand-made entities, read the quotes."""

from __future__ import annotations

import re

from rasd.article import Article, Entity, Mention, Quote, check_spans
from rasd.pipeline import analyze
from rasd.stages.quotes import analyze_quotes
from rasd.stages.roles import analyze_roles

LABELS = {"g": "GPE", "o": "ORG"}


def run(text: str, people: dict[str, str] | None = None) -> Article:
    """Structure, hand-made entities (id -> name; ids starting g are GPE, o ORG, else PER), roles, quotes.

    Every occurrence of a name becomes a mention, so tests do not depend on the NER model.
    """
    a = analyze(text, until="structure")
    ents = []
    for eid, name in (people or {}).items():
        ms = tuple(Mention(m.start(), m.end(), name) for m in re.finditer(re.escape(name), text))
        ents.append(Entity(eid, LABELS.get(eid[0], "PER"), name, ms))
    a = Article(**{**{f: getattr(a, f) for f in a.__slots__}, "entities": tuple(ents)})  # type: ignore[attr-defined]
    out = analyze_quotes(analyze_roles(a))
    assert check_spans(out) == []
    return out


def contents(a: Article) -> list[str]:
    return [q.content.text for q in a.quotes]


def by_content(a: Article, start: str) -> Quote:
    """The quote whose content starts with ``start``."""
    hits = [q for q in a.quotes if q.content.text.startswith(start)]
    assert hits, f"no quote starts with {start!r}: {contents(a)}"
    return hits[0]
