"""Search queries: parse what a user types, build a full-text expression, make snippets.

Query language (small on purpose, the same for every backend):

* words are ANDed: ``القوات الأمريكية``
* ``"..."`` is a phrase: ``"القوات الأمريكية"``
* a trailing ``*`` is a prefix: ``الأمريك*``
* ``OR`` between two parts: ``بغداد OR البصرة``
* a leading ``-`` excludes: ``العراق -سوريا``

Every word goes through :func:`rasd.store.terms.term`, the same function that
built the index, so ``القوات الأمريكية`` finds ``والقوات الأميركية``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rasd.errors import RasdError
from rasd.store.base import Filters
from rasd.store.rows import entity_key
from rasd.store.terms import find_terms, prefix_term, term, word_spans, words

_PART = re.compile(r'(-?)"([^"]*)"|(-?)(\S+)')


class QueryError(RasdError):
    """The query has nothing to search for or does not parse."""


@dataclass(frozen=True, slots=True)
class Clause:
    """One part of a query: a phrase of one or more terms, maybe a prefix, maybe negated."""

    terms: tuple[str, ...]
    prefix: bool = False
    negated: bool = False


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: groups of clauses; clauses in a group are ANDed, groups ORed."""

    text: str
    groups: tuple[tuple[Clause, ...], ...] = field(default_factory=tuple)

    @property
    def positive_terms(self) -> frozenset[str]:
        """Whole terms to highlight."""
        return frozenset(t for g in self.groups for c in g if not c.negated for t in
                         (c.terms if not c.prefix else c.terms[:-1]))

    @property
    def prefixes(self) -> frozenset[str]:
        """Prefix terms to highlight."""
        return frozenset(c.terms[-1] for g in self.groups for c in g if c.prefix and not c.negated)

    def is_empty(self) -> bool:
        return not any(c for g in self.groups for c in g if not c.negated)


def parse_query(text: str) -> Query:
    """Parse ``text`` (see the module docstring)."""
    groups: list[list[Clause]] = [[]]
    for m in _PART.finditer(text):
        if m.group(2) is not None:
            negated, body, quoted = m.group(1) == "-", m.group(2), True
        else:
            negated, body, quoted = m.group(3) == "-", m.group(4), False
        if not quoted and body == "OR":
            if groups[-1]:
                groups.append([])
            continue
        prefix = body.endswith("*")
        ws = words(body.rstrip("*"))
        if not ws:
            continue
        terms = [term(w) for w in ws]
        if prefix:
            terms[-1] = prefix_term(ws[-1])
        groups[-1].append(Clause(tuple(terms), prefix=prefix, negated=negated))
    groups = [g for g in groups if g]
    q = Query(text, tuple(tuple(g) for g in groups))
    for g in q.groups:
        if all(c.negated for c in g):
            raise QueryError(f"query {text!r}: a part with only excluded words (-word) matches nothing; "
                             "add a word to find")
    return q


def _fts_string(terms: tuple[str, ...]) -> str:
    """A quoted FTS5 string: one term, or a phrase of several (quotes doubled)."""
    return '"' + " ".join(terms).replace('"', '""') + '"'


def fts5_expression(q: Query) -> str:
    """The SQLite FTS5 MATCH expression for ``q`` (every term is quoted: no injection)."""
    out = []
    for g in q.groups:
        pos = [_fts_string(c.terms) + ("*" if c.prefix else "") for c in g if not c.negated]
        part = " AND ".join(pos)
        for c in g:
            if c.negated:
                part = f"({part}) NOT {_fts_string(c.terms)}" + ("*" if c.prefix else "")
        out.append(f"({part})")
    return " OR ".join(out)


# ------------------------------------------------------------------------ snippets


def snippet(text: str, q: Query, width: int = 32) -> dict[str, object]:
    """The best window of about ``width`` words of ``text`` for ``q``.

    Offsets are into ``text`` itself (the stored original): ``text[start:end]`` is
    the snippet and every ``highlights`` pair ``[s, e]`` is a matched word.
    """
    hits = find_terms(text, q.positive_terms, tuple(q.prefixes))
    reach = width * 12  # characters that hold about ``width`` words, generously
    anchor = 0
    if hits:
        # the hit whose following stretch covers the most distinct matched terms (then the earliest)
        best_score = -1
        for k, (s, _e, _t) in enumerate(hits[:200]):
            covered = {t for (s2, _e2, t) in hits[k:k + width] if s2 < s + reach // 2}
            if len(covered) > best_score:
                anchor, best_score = s, len(covered)
    before = word_spans(text, max(0, anchor - reach // 3), anchor)[-(width // 4):] if anchor else []
    after = word_spans(text, anchor, min(len(text), anchor + reach))[: width - len(before)]
    spans = before + after
    if not spans:
        return {"start": 0, "end": 0, "text": "", "highlights": []}
    start, end = spans[0][0], spans[-1][1]
    if end < len(text) and text[end] in ".،؟!؛":  # keep the sentence's closing mark
        end += 1
    marks = [[s, e] for (s, e, _t) in hits if start <= s and e <= end]
    return {"start": start, "end": end, "text": text[start:end], "highlights": marks,
            "prefix_cut": bool(text[:start].strip()), "suffix_cut": bool(text[end:].strip())}


def mark(snip: dict[str, object], left: str = "[", right: str = "]") -> str:
    """The snippet on one line (for terminals), every highlight wrapped in ``left``/``right``."""
    text = str(snip["text"])
    base = int(snip["start"])  # type: ignore[call-overload]
    out, pos = [], 0
    for s, e in snip["highlights"]:  # type: ignore[attr-defined]
        out += [text[pos:s - base], left, text[s - base:e - base], right]
        pos = e - base
    out.append(text[pos:])
    return ("… " if snip.get("prefix_cut") else "") + " ".join("".join(out).split()) + (
        " …" if snip.get("suffix_cut") else "")



def filter_sql(f: Filters | None, ph: str, outlet_eq: str) -> tuple[str, list[Any]]:
    """The ``AND …`` clauses and parameters that apply search filters to ``articles a``.

    Both backends share this; only the placeholder (``?`` or ``%s``) and the
    case-insensitive outlet comparison (``outlet_eq``, with ``{ph}`` for the value) differ.
    """
    if f is None:
        return "", []
    clauses: list[str] = []
    params: list[Any] = []
    if f.date_from:
        clauses.append(f"a.date >= {ph}")
        params.append(f.date_from)
    if f.date_to:
        clauses.append(f"a.date <= {ph}")
        params.append(f.date_to)
    if f.outlet:
        clauses.append(outlet_eq.format(ph=ph))
        params.append(f.outlet)
    if f.after_row is not None:
        clauses.append(f"a.rowid > {ph}")
        params.append(f.after_row)
    if f.upto_row is not None:
        clauses.append(f"a.rowid <= {ph}")
        params.append(f.upto_row)
    if f.entity or f.label:
        sub = "SELECT ae.article FROM article_entities ae JOIN entities e ON e.id = ae.entity WHERE 1 = 1"
        if f.entity:
            sub += f" AND e.norm = {ph}"
            params.append(entity_key(f.entity, "", None)[0])
        if f.label:
            sub += f" AND e.label = {ph}"
            params.append(f.label)
        clauses.append(f"a.rowid IN ({sub})")
    return "".join(f" AND {c}" for c in clauses), params
