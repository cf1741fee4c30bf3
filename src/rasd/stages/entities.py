"""The entity stage: name mentions of people, organisations and places, grouped per article.

Cascade, each step a plain function:

1. *Regions*: the title, subtitle, highlights and body paragraphs (not noise, not
   the date line) are split into sentences and tokens.
2. *Names* (:func:`rasd.ner.tagger.name_chunks`): the CRF labels every token, the
   whole article being the document of its document-level steps; the gazetteer
   widens, trims and completes the model's chunks and tells GPE from LOC
   (:mod:`rasd.ner.combine`); a name found once is spread to its other
   occurrences, a person's surname included (:func:`rasd.ner.document.propagate`).
   The gazetteer rules include the names built on generic heads
   (:mod:`rasd.ner.constructions`), titles kept out of people
   (:mod:`rasd.ner.persons`) and clubs in sports news (:mod:`rasd.ner.sports`).
3. *Short forms and outlets* (:mod:`rasd.ner.homeland`): "المملكة" is the GPE of the
   outlet's country (or of the kingdom the article names most), and an outlet credited
   or quoted by name ("فهد كاملي- سبق- جازان") is an ORG.
4. *Spans*: a chunk of tokens becomes a mention that starts at the stem of its
   first token, so proclitics stay out and the article stays in
   ("وبالعراق" -> "العراق").
5. *Grouping*: mentions with the same normalised name, or with the gazetteer's
   same canonical name, are one entity whose label is their majority label; a
   shorter person name joins the fuller one that ends with it or contains it
   ("الكاظمي" joins "مصطفى الكاظمي").  The canonical name is the gazetteer's for
   places and organisations, else the fullest name; ``en``/``en_source`` come from
   :mod:`rasd.resources.english`, ``country`` from the gazetteers.

Ids are ``e1``, ``e2``... in order of first mention.  Only name mentions are made
here; the roles stage adds titles ("رئيس الوزراء العراقي") as role mentions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import compress

from rasd.arabic.clitics import segment
from rasd.arabic.normalize import normalize_text
from rasd.arabic.sentences import split_sentences
from rasd.arabic.tokenize import Token, tokenize
from rasd.article import Article, Entity, Mention, Span
from rasd.ner import constructions, homeland
from rasd.ner.tiers import name_chunks
from rasd.resources import gazetteers as gaz
from rasd.resources.english import english_name

#: Labels that take the gazetteer's canonical name when it knows the mention.
GAZ_CANONICAL = frozenset({"GPE", "LOC", "ORG"})


@dataclass
class _Mention:
    start: int
    end: int
    text: str
    label: str
    entry: gaz.GazEntry | None
    key: str  # normalised words, proclitics of the first word removed


@dataclass
class _Group:
    label: str
    mentions: list[_Mention] = field(default_factory=list)
    entry: gaz.GazEntry | None = None



def _norm_first(name: str) -> str:
    """The normalised first word of a name."""
    return normalize_text(name.split(" ", 1)[0])


def regions(article: Article) -> list[Span]:
    """The parts of the article that carry names, in text order: the running text, and
    the byline and dateline, whose place, reporter and agency are the article's too
    ("الرياض: يوسف الحمادي", "واس - الرياض")."""
    spans = [s for s in (article.title, article.subtitle) if s is not None]
    spans += list(article.highlights) + list(article.paragraphs)
    if not spans and article.text.strip():
        spans = [article.span(0, len(article.text))]
    for extra in (article.byline, article.dateline):
        if extra is not None and not any(r.start <= extra.start and extra.end <= r.end for r in spans):
            spans.append(extra)
    return sorted(spans, key=lambda s: s.start)


def sentences_of(article: Article) -> list[list[Token]]:
    """Word, number and punctuation tokens of every sentence of the running text."""
    out: list[list[Token]] = []
    for region in regions(article):
        for s, e in split_sentences(region.text, region.start):
            toks = [t for t in tokenize(article.text[s:e], s) if t.kind != "url" and t.kind != "email"]
            if toks:
                out.append(toks)
    return out


def _key(words: Sequence[str], article: bool) -> str:
    """Normalised name; a stem that lost its article's alef (للحكومة -> لحكومة) gets it back."""
    first = normalize_text(words[0])
    if article and not first.startswith("ال") and first.startswith("ل"):
        first = "ا" + first
    return " ".join([first, *(normalize_text(w) for w in words[1:])])


def find_mentions(article: Article, sents: Sequence[Sequence[Token]],
                  words: Sequence[Sequence[str]] | None = None) -> list[_Mention]:
    """Names of the article (model, gazetteer, document spreading) as mentions in text order.

    A mention starts at the stem of its first token: proclitics out, article in.
    ``words``: the tokens' texts, when the caller has them.
    """
    words = _texts(sents) if words is None else words
    out: list[_Mention] = []
    for toks, found in zip(sents, name_chunks(words), strict=True):
        for c in found:
            first = toks[c.start]
            seg = segment(first.text)
            off = gaz.name_offset(first.text) or constructions.peeled(first.text)
            if off and c.entry is not None and _norm_first(c.entry.canonical) == normalize_text(first.text):
                off = 0  # the table knows the name as written (لولا دا سيلفا is not ل + ولا)
            while off < len(first.text) - 1 and first.text[off] == "\u0640":
                off += 1  # the tatweel of لـ (لـرابطة) is no part of the name
            start, end = first.start + off, toks[c.end - 1].end
            if end <= start:
                continue
            text = article.text[start:end]
            key = _key([first.text[off:], *(t.text for t in toks[c.start + 1 : c.end])], seg.article)
            out.append(_Mention(start, end, text, c.label, c.entry, key))
    out.sort(key=lambda m: m.start)
    return out


def homeland_kinds(words: Sequence[Sequence[str]]) -> list[list[int]]:
    """:func:`rasd.ner.homeland.kind` of every token (its text), per sentence: computed once
    for both the short forms and the outlets (most sentences have neither)."""
    return [[homeland.kind(w) for w in ws] for ws in words]


def _texts(sents: Sequence[Sequence[Token]]) -> list[list[str]]:
    return [[t.text for t in s] for s in sents]


def homeland_mentions(article: Article, sents: Sequence[Sequence[Token]], found: Sequence[_Mention],
                      kinds: Sequence[Sequence[int]] | None = None) -> list[_Mention]:
    """"المملكة" (and the like) for a state, where no other name covers it
    (:mod:`rasd.ner.homeland`): the outlet's country, else the one the article names most.
    ``kinds``: :func:`homeland_kinds`, when the caller has them."""
    taken = [(m.start, m.end) for m in found]
    out: list[_Mention] = []
    code: str | None = None
    resolved = False
    for toks, ks in zip(sents, homeland_kinds(_texts(sents)) if kinds is None else kinds, strict=True):
        words: list[str] = []
        for i in compress(range(len(toks)), map(homeland.SHORT.__and__, ks)):  # the tokens that may be one
            tok = toks[i]
            words = words or [t.text for t in toks]
            codes = homeland.short_form(words, i)
            if codes is None:
                continue
            seg = segment(tok.text)
            start = tok.start + seg.stem_offset
            if any(s < tok.end and start < e for s, e in taken):
                continue
            if not resolved:
                named = [m.entry.country for m in found if m.label in ("GPE", "LOC") and m.entry is not None
                         and m.entry.country]
                code, resolved = homeland.resolve(codes, article.source.outlet, named), True
            entry = gaz.country(code) if code is not None else None
            key = _key([tok.text[seg.stem_offset:]], seg.article)
            out.append(_Mention(start, tok.end, article.text[start:tok.end], "GPE", entry, key))
    return out


def outlet_mentions(article: Article, sents: Sequence[Sequence[Token]], found: Sequence[_Mention],
                    kinds: Sequence[Sequence[int]] | None = None) -> list[_Mention]:
    """News outlets credited or quoted by name ("فهد كاملي- سبق- جازان", "قال لـ«الوئام»"):
    their names are everyday words (سبق، اليوم، المدينة), names only in those marks.
    ``kinds``: :func:`homeland_kinds`, when the caller has them."""
    taken = [(m.start, m.end) for m in found]
    out: list[_Mention] = []
    for toks, ks in zip(sents, homeland_kinds(_texts(sents)) if kinds is None else kinds, strict=True):
        spans: list[tuple[int, int, str]] = []
        for i in compress(range(len(toks)), map(homeland.OUTLET.__and__, ks)):  # the tokens that may open one
            tok = toks[i]
            spans = spans or [(t.start, t.end, t.text) for t in toks]
            end = homeland.outlet_at(article.text, spans, i)
            if end == i:
                continue
            seg = segment(tok.text)
            start, stop = tok.start + seg.stem_offset, toks[end - 1].end
            if any(s < stop and start < e for s, e in taken):
                continue
            entry = gaz.lookup(article.text[start:stop])
            key = _key([tok.text[seg.stem_offset:], *(t.text for t in toks[i + 1 : end])], seg.article)
            out.append(_Mention(start, stop, article.text[start:stop], "ORG",
                                entry if entry is not None and entry.label == "ORG" else None, key))
    return out


def _label_vote(ms: Sequence[_Mention]) -> str:
    if len(ms) == 1:  # most entities are mentioned once
        return ms[0].label
    counts = Counter(m.label for m in ms)
    best = max(counts.values())
    return next(m.label for m in ms if counts[m.label] == best)


def group_mentions(mentions: Sequence[_Mention]) -> list[_Group]:
    """Mentions of one entity together (see the module docstring)."""
    by_key: dict[str, _Group] = {}
    order: list[_Group] = []
    for m in mentions:
        entry = m.entry if m.entry is not None and m.entry.label != "PER" else None
        key = _key(entry.canonical.split(), False) if entry is not None else m.key
        g = by_key.get(key)
        if g is None:
            g = by_key[key] = _Group(m.label, entry=entry)
            order.append(g)
        g.mentions.append(m)
        g.entry = g.entry or entry
    for g in order:
        g.label = _label_vote(g.mentions)
        if g.entry is not None and not _compatible(g.entry.label, g.label):
            g.entry = None
    return _merge_person_parts(order)


def _compatible(entry_label: str, label: str) -> bool:
    places = ("GPE", "LOC")
    return entry_label == label or (entry_label in places and label in places)


def _contains(longer: Sequence[str], shorter: Sequence[str]) -> bool:
    n = len(shorter)
    return any(tuple(longer[i : i + n]) == tuple(shorter) for i in range(len(longer) - n + 1))


def _merge_person_parts(groups: list[_Group]) -> list[_Group]:
    """Join a person group whose names all sit inside a fuller person name's group."""
    people = [g for g in groups if g.label == "PER"]
    longest = {id(g): max((m.key.split() for m in g.mentions), key=len) for g in people}
    merged: set[int] = set()
    for g in sorted(people, key=lambda g: len(longest[id(g)])):
        words = longest[id(g)]
        hosts = [h for h in people if h is not g and id(h) not in merged
                 and len(longest[id(h)]) > len(words) and _contains(longest[id(h)], words)]
        if not hosts:
            continue
        # prefer the host whose name ends with these words (surname), then the most mentioned
        hosts.sort(key=lambda h: (longest[id(h)][-len(words):] != words, -len(h.mentions)))
        hosts[0].mentions.extend(g.mentions)
        merged.add(id(g))
    out = [g for g in groups if id(g) not in merged]
    for g in out:
        g.mentions.sort(key=lambda m: m.start)
    return out


def _canonical(g: _Group) -> str:
    if g.entry is not None and g.label in GAZ_CANONICAL:
        return g.entry.canonical
    if len(g.mentions) == 1:
        return g.mentions[0].text
    counts = Counter(m.key for m in g.mentions)
    best = max(g.mentions, key=lambda m: (len(m.key.split()), counts[m.key], -m.start))
    return best.text


def build_entities(groups: Sequence[_Group]) -> tuple[Entity, ...]:
    """Entities with ids in order of first mention, canonical names, en and country."""
    ordered = sorted(groups, key=lambda g: min(m.start for m in g.mentions))
    out = []
    for i, g in enumerate(ordered, 1):
        canonical = _canonical(g)
        en, en_source = english_name(canonical, g.label)
        country = g.entry.country if g.entry is not None else None
        if country is None and g.label == "PER":
            hit = gaz.person(canonical)
            country = hit.country if hit is not None else None
        mentions = tuple(Mention(m.start, m.end, m.text, "name") for m in g.mentions)
        out.append(Entity(f"e{i}", g.label, canonical, mentions, en, en_source, country))
    return tuple(out)


def analyze_entities(article: Article) -> Article:
    """Add the article's named entities (name mentions only)."""
    sents = sentences_of(article)
    if not sents:
        return replace(article, entities=())
    words = _texts(sents)
    mentions = find_mentions(article, sents, words)
    kinds = homeland_kinds(words)
    mentions = [*mentions, *outlet_mentions(article, sents, mentions, kinds)]
    mentions = sorted([*mentions, *homeland_mentions(article, sents, mentions, kinds)], key=lambda m: m.start)
    return replace(article, entities=build_entities(group_mentions(mentions)))
