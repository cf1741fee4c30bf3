"""Roles and in-document coreference: who "رئيس الوزراء العراقي" and "الكاظمي" are.

Analysts ask "what did X say"; news names X by title as often as by name.  This
stage finds title phrases that denote one person (``role_titles.tsv``: "وزير الدفاع
الأميركي بالوكالة", "المتحدث باسم وزارة الداخلية", "الأمين العام للأمم المتحدة",
"سفير … لدى …"), gives each the country of its nisba, and joins it to a person:

1. apposition: a PER name right after the title ("رئيس الوزراء العراقي مصطفى
   الكاظمي", honorifics such as الدكتور in between allowed) or right before it
   ("فايز الأحمدي، نائب رئيس الاتحاد");
2. the same title elsewhere in the document ("وقال رئيس الوزراء العراقي");
3. a shorter form of a linked title ("الوزير" after "وزير الخارجية الأميركي جون
   كيري"), to the most recent such person.

Surnames are joined to full names ("الكاظمي" -> "مصطفى الكاظمي") when exactly one
full name ends with them.

A title that never meets a name still denotes one person, so it becomes a PER entity
of its own (canonical = the title, mentions of kind ``role`` only).  That keeps the
speaker of "وقال المتحدث باسم الوزارة" groupable and lets later stages treat titles
and names alike; entity scoring counts only ``name`` mentions, so nothing is invented
in the NER sense.

The module also holds the small word view (:class:`Word`) that the quotes stage uses.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import cast

from rasd.arabic.clitics import segment
from rasd.arabic.normalize import normalize_text
from rasd.arabic.tokenize import TokenView, token_spans
from rasd.article import Article, Entity, Mention, Span
from rasd.caches import UNSET, facts
from rasd.resources.gazetteers import nisba

# ----------------------------------------------------------------------------- words


class Word(TokenView):
    """A token with the forms lexicons are matched against (one per token of every block).

    ``bare`` drops a leading conjunction (و/ف) only; ``stem`` drops every proclitic
    the clitic splitter trusts (و ف ب ل ك), keeping ال.  ``stem_start`` is the offset
    of the stem in the article text.
    """

    __slots__ = ("bare", "end", "kind", "norm", "start", "stem", "stem_start", "text")

    def __init__(self, start: int, end: int, text: str, kind: str, norm: str, bare: str, stem: str,
                 stem_start: int) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.kind = kind
        self.norm = norm
        self.bare = bare
        self.stem = stem
        self.stem_start = stem_start

    def _fields(self) -> tuple[int, int, str, str, str, str, str, int]:
        return (self.start, self.end, self.text, self.kind, self.norm, self.bare, self.stem, self.stem_start)

    def forms(self) -> tuple[str, str, str]:
        return (self.norm, self.bare, self.stem)


def _strip_conj(norm: str) -> str:
    return norm[1:] if len(norm) > 3 and norm[0] in "وف" else norm


def make_words(text: str, start: int, end: int) -> list[Word]:
    """Words, numbers and punctuation of ``text[start:end]`` with their match forms.

    Cached: the roles and quotes stages read the same blocks.
    """
    return list(_make_words(text, start, end))


@lru_cache(maxsize=128)
def _make_words(text: str, start: int, end: int) -> tuple[Word, ...]:
    # the tokenizer's own scan, not its cache: a block is tokenised only here
    out: list[Word] = []
    for s, e, tok, kind in token_spans(text, start, end):
        if kind == "word":
            norm, bare, stem, offset = _word_forms(tok)
            out.append(Word(s, e, tok, kind, norm, bare, stem, s + offset))
        else:
            n = normalize_text(tok)
            out.append(Word(s, e, tok, kind, n, n, n, s))
    return tuple(out)


def _word_forms(word: str) -> tuple[str, str, str, int]:
    """(norm, bare, stem, stem offset) of one word; words repeat, so this is kept in the
    word's record of the shared table (:func:`rasd.caches.facts`)."""
    known = facts(word)
    hit = known.word_forms
    if hit is UNSET:
        hit = known.word_forms = _forms_of(word)
    return cast("tuple[str, str, str, int]", hit)


def _forms_of(word: str) -> tuple[str, str, str, int]:
    seg = segment(word)
    norm = normalize_text(word)
    stem = normalize_text(seg.stem)
    offset = seg.stem_offset
    if seg.stem.startswith("ل") and seg.proclitics.endswith("ل") and seg.article:  # لل -> ال
        stem = "ا" + stem
    elif stem.startswith("لل") and len(stem) > 4:  # "للأمم": ل + (ا)ل, unknown to the stem lexicon
        stem = "ا" + stem[1:]
        offset += 1
    return norm, _strip_conj(norm), stem, offset


def article_blocks(article: Article) -> list[tuple[str, Span]]:
    """The article's text blocks in text order: title, subtitle, highlights, paragraphs.

    Falls back to the whole text when the structure stage found nothing.
    """
    blocks: list[tuple[str, Span]] = []
    if article.title:
        blocks.append(("title", article.title))
    if article.subtitle:
        blocks.append(("subtitle", article.subtitle))
    blocks += [("highlight", h) for h in article.highlights]
    blocks += [("paragraph", p) for p in article.paragraphs]
    if not blocks and article.text.strip():
        blocks.append(("paragraph", article.span(0, len(article.text))))
    blocks.sort(key=lambda b: b[1].start)
    return blocks


# ----------------------------------------------------------------------------- lexicon


@dataclass(frozen=True, slots=True)
class TitleLexicon:
    """``role_titles.tsv`` as lookup tables of normalised word tuples by kind."""

    phrases: dict[str, dict[str, tuple[tuple[str, ...], ...]]]  # kind -> first word -> phrases, longest first
    words: dict[str, frozenset[str]]  # kind -> single normalised words
    firsts: frozenset[str]  # first words of every title (fixed, via, head, def): a quick filter

    def match(self, kind: str, words: Sequence[Word], i: int) -> int:
        """End index (exclusive) of the longest ``kind`` phrase starting at ``words[i]``, or ``i``."""
        table = self.phrases.get(kind)
        if not table:
            return i
        best = i
        for form in set(words[i].forms()):
            for phrase in table.get(form, ()):
                if i + len(phrase) > len(words) or i + len(phrase) <= best:
                    continue
                if all(words[i + k].norm == p or words[i + k].stem == p for k, p in enumerate(phrase[1:], 1)):
                    best = i + len(phrase)
                    break
        return best

    def is_(self, kind: str, w: Word) -> bool:
        return any(f in self.words.get(kind, frozenset()) for f in w.forms())


def read_lexicon(name: str) -> Iterator[list[str]]:
    """Rows of a TAB-separated data file in ``rasd/arabic/data``, comments skipped."""
    path = resources.files("rasd.arabic").joinpath(f"data/{name}")
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


@lru_cache(maxsize=1)
def titles() -> TitleLexicon:
    """The title lexicon, loaded once."""
    by_kind: dict[str, list[tuple[str, ...]]] = {}
    for row in read_lexicon("role_titles.tsv"):
        form, kind = row[0].strip(), row[1].strip()
        by_kind.setdefault(kind, []).append(tuple(normalize_text(w) for w in form.split()))
    phrases: dict[str, dict[str, tuple[tuple[str, ...], ...]]] = {}
    for k, v in by_kind.items():
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for p in set(v):
            by_first.setdefault(p[0], []).append(p)
        phrases[k] = {f: tuple(sorted(ps, key=len, reverse=True)) for f, ps in by_first.items()}
    single = {k: frozenset(p[0] for p in v if len(p) == 1) for k, v in by_kind.items()}
    firsts = frozenset(f for k in ("fixed", "via", "head", "def") for f in phrases.get(k, {}))
    return TitleLexicon(phrases, single, firsts)


def country_of(word: Word) -> str | None:
    """The country a nisba adjective names (العراقي -> IRQ), from the gazetteer."""
    for form in (word.text, word.stem):
        code = nisba(form)
        if code:
            return code
    return None


# ----------------------------------------------------------------------------- role phrases


@dataclass(frozen=True, slots=True)
class RoleMatch:
    """A title phrase: word indices ``[i, j)`` of a block, and its country."""

    i: int
    j: int
    country: str | None
    bare: bool = False  # a definite title alone ("الرئيس", "الشيخ"): a person only if linked


def _definite(w: Word) -> bool:
    return w.kind == "word" and w.stem.startswith("ال") and len(w.stem) > 3


def _complement(words: Sequence[Word], i: int, name_starts: set[int], gpe_starts: set[int]) -> int:
    """End of the institution a construct title is completed by, or ``i`` when there is none.

    ``رئيس [مجلس إدارة الشركة]``, ``وزير [الخارجية]``, ``أمير [قطر]``,
    ``المتحدث باسم [وزارة الداخلية]``, ``الأمين العام [للأمم المتحدة]``.
    """
    lex = titles()
    n = len(words)
    j = i
    while j < n and j - i < 3 and lex.is_("inst", words[j]) and not _definite(words[j]):
        j += 1
    if j < n and words[j].start in gpe_starts:
        return j + 1
    if j < n and _definite(words[j]) and not lex.is_("stop", words[j]) and not lex.is_("honorific", words[j]) \
            and words[j].start not in name_starts:
        j += 1
        # "الأمم المتحدة", "الاتحاد الأوروبي": adjectives that belong to the institution
        while j < n and _definite(words[j]) and (lex.is_("mod", words[j]) or _adjective(words[j])) \
                and words[j].start not in name_starts and country_of(words[j]) is None:
            j += 1
        return j
    return i if j == i else (j if j > i and not _definite(words[j - 1]) else i)


def _adjective(w: Word) -> bool:
    """A definite relational adjective that is not a surname: المتحدة، الدولي، الوطنية …"""
    return w.stem in _INSTITUTION_ADJECTIVES


_INSTITUTION_ADJECTIVES = frozenset(normalize_text(w) for w in (
    "المتحدة", "الدولي", "الدولية", "الوطني", "الوطنية", "الأوروبي", "الأوروبية", "العربي", "العربية",
    "الإسلامي", "الإسلامية", "الخليجي", "الخليجية", "الأفريقي", "الأفريقية", "الإفريقي", "الشعبي",
    "الشعبية", "الاتحادي", "الاتحادية", "الأمني", "الأمنية", "العسكري", "العسكرية", "الاقتصادي",
    "الاقتصادية", "الخارجية", "الداخلية", "الإقليمي", "الإقليمية", "المركزي", "المركزية", "القومي",
    "الوطني", "العليا", "العالمي", "العالمية", "الثوري", "الإيراني", "الدفاع", "التنفيذية", "الشورى",
    "النواب", "الوزراء", "الأمن",
))


def _nisba_shape(w: Word) -> bool:
    """Definite and ending like a nisba adjective (-ي / -ية)."""
    return w.stem.endswith(("ي", "يه")) and len(w.stem) > 5


def match_role(words: Sequence[Word], i: int, name_starts: set[int], gpe_starts: set[int]) -> RoleMatch | None:
    """The title phrase starting at ``words[i]``, if one does."""
    lex = titles()
    n = len(words)
    if i >= n:  # a head title at the very end of a sentence ("... نائب")
        return None
    w = words[i]
    if w.kind != "word" or not (w.norm in lex.firsts or w.bare in lex.firsts or w.stem in lex.firsts):
        return None
    j = lex.match("fixed", words, i)
    if j == i:
        j = lex.match("via", words, i)
        if j > i:
            k = j
            if k < n and words[k].norm in ("باسم", "لدي", "في"):
                k += 1
            c = _complement(words, k, name_starts, gpe_starts)
            j = c if c > k else j
        else:
            j = lex.match("head", words, i)
            if j > i:
                inner = match_role(words, j, name_starts, gpe_starts)  # نائب [رئيس الوزراء]
                c = inner.j if inner else _complement(words, j, name_starts, gpe_starts)
                if c == j:
                    return None
                j = c
            else:
                j = lex.match("def", words, i)
                if j == i or words[i].start in name_starts:
                    return None
    core_end = j
    country = None
    # modifiers: nisbas, "السابق", "بالوكالة", "لدى واشنطن", "لشؤون الخليج"
    while j < n:
        x = words[j]
        if x.start in name_starts:
            break
        code = country_of(x) if _definite(x) else None
        if code:
            country = country or code
            j += 1
        elif _definite(x) and name_starts and _nisba_shape(x) and not lex.is_("stop", x):
            j += 1  # a nisba the gazetteer lacks (الأممي); trusted only when names are known
        elif lex.is_("mod", x):
            j += 1
        elif x.norm in ("لدي", "لشوون") and j + 1 < n and words[j + 1].kind == "word":
            j += 2
            while j < n and _definite(words[j]) and (_adjective(words[j]) or country_of(words[j])):
                j += 1
        elif x.norm.startswith("لل") and _adjective(words[j - 1]) is False and x.stem in _INSTITUTION_ADJECTIVES:
            j += 1
        else:
            break
    bare = j == core_end and lex.match("def", words, i) == j
    return RoleMatch(i, j, country, bare)


# ----------------------------------------------------------------------------- mentions


@dataclass(frozen=True, slots=True)
class RoleMention:
    """A title found in the text, with the entity it was joined to (if any)."""

    start: int
    end: int
    text: str
    key: str  # normalised title without proclitics: the coreference key
    country: str | None
    entity: str | None = None
    how: str = ""  # apposition | same-title | short-title | own
    bare: bool = False


def _name_index(entities: Sequence[Entity]) -> tuple[dict[int, tuple[str, int]], dict[int, str], set[int]]:
    """PER name mentions by start and by end; starts of every GPE name."""
    by_start: dict[int, tuple[str, int]] = {}
    by_end: dict[int, str] = {}
    gpe: set[int] = set()
    for e in entities:
        for m in e.mentions:
            if m.kind != "name":
                continue
            if e.label == "PER":
                by_start[m.start] = (e.id, m.end)
                by_end[m.end] = e.id
            elif e.label == "GPE":
                gpe.add(m.start)
    return by_start, by_end, gpe


def find_roles(article: Article) -> list[RoleMention]:
    """Every title phrase in the article, joined by apposition where a name stands beside it."""
    lex = titles()
    by_start, by_end, gpe = _name_index(article.entities)
    name_starts = set(by_start)
    text = article.text
    out: list[RoleMention] = []
    firsts = lex.firsts
    for _kind, block in article_blocks(article):
        words = make_words(text, block.start, block.end)
        # the words a title may start at; most blocks have none, and then nothing else is built
        heads = [i for i, w in enumerate(words) if w.norm in firsts or w.bare in firsts or w.stem in firsts]
        if not heads:
            continue
        # map the name-mention starts that fall inside a word (proclitic + name: "والكاظمي")
        starts = name_starts | {w.start for w in words if w.stem_start in name_starts}
        after = 0  # a title found skips past its words
        for i in heads:
            if i < after:
                continue
            m = match_role(words, i, starts, gpe)
            if m is None:
                continue
            first, last = words[m.i], words[m.j - 1]
            s = first.stem_start
            span_text = text[s:last.end]
            key = " ".join([first.stem, *(w.norm for w in words[m.i + 1 : m.j])])
            ent = None
            # apposition after: [complement] [،] [honorifics] NAME; but an honorific right after a
            # title ending in an indefinite noun is its genitive: "مدير مكتب الأمير X" (X's office),
            # "مستشار الأمير X" (an advisor to X), while "مدير عام الأمير …" is not (عام qualifies)
            if m.j < len(words) and lex.is_("honorific", words[m.j]) and words[m.j].stem_start == words[m.j].start \
                    and _construct_end(last, starts):
                out.append(RoleMention(s, last.end, span_text, key, m.country, None, "", m.bare))
                after = m.j
                continue
            k = _past_complement(words, m.j, starts)
            while k < len(words) and lex.is_("honorific", words[k]):
                k += 1
                if k < len(words) and words[k].text == "." and words[k - 1].norm == "د":
                    k += 1  # "د. أحمد الرميح"
            # a name starts after the word's proclitics, or at the word itself when the
            # gazetteer knows it as written (لولا دا سيلفا)
            name_at = (words[k].stem_start, words[k].start) if k < len(words) else ()
            at = next((x for x in name_at if x in by_start), None)
            if at is not None:
                ent = by_start[at][0]
            elif m.i > 0:
                # apposition before: NAME [،] TITLE
                b = m.i - 1
                if words[b].text in ("،", ",") and b > 0:
                    b -= 1
                if words[b].end in by_end:
                    ent = by_end[words[b].end]
            out.append(RoleMention(s, last.end, span_text, key, m.country, ent, "apposition" if ent else "", m.bare))
            after = m.j
    return out


#: Indefinite words that end a title as adjectives, not as a construct waiting for its genitive.
_TITLE_ADJECTIVES = frozenset(normalize_text(w) for w in ("عام", "أول", "تنفيذي", "إقليمي", "فخري", "مساعد"))


def _construct_end(last: Word, name_starts: set[int]) -> bool:
    """Does a title end in an indefinite noun (a construct state: "مدير مكتب", "مستشار") that
    takes the next word as its genitive?"""
    return last.kind == "word" and not last.stem.startswith("ال") and last.start not in name_starts \
        and last.stem_start not in name_starts and last.norm not in _TITLE_ADJECTIVES


#: Words a title's complement never contains: it would be a new clause.
_CLAUSE_WORDS = frozenset(normalize_text(w) for w in (
    "أن", "إن", "بأن", "أنه", "إنه", "الذي", "التي", "الذين", "قد", "كان", "كانت", "حيث", "بعد", "قبل", "خلال",
    "أمس", "اليوم", "مع", "عن", "على", "إلى", "من",
))


def _past_complement(words: Sequence[Word], k: int, name_starts: set[int]) -> int:
    """Past the place or body a title is held in, up to the honorific or name after it.

    "مدير الدفاع المدني [بالمنطقة] اللواء مستور الحارثي", "الناطق الإعلامي [بشرطة منطقة مكة
    المكرمة]، العقيد عاطي القرشي", "مدير إدارة المشاريع [في الرئاسة العامة لشؤون المسجد الحرام]
    المهندس سلطان القرشي".  Returns ``k`` unchanged unless an honorific or a person's name ends
    the complement within a few words, with no other title, clause word or punctuation (but
    one comma before the name) in between.
    """
    lex = titles()
    n = len(words)
    if k >= n or words[k].kind != "word":
        return k
    # a place or body after a preposition ("بالمنطقة", "في الرئاسة") may end at a name or an
    # honorific; a construct going on ("سجون منطقة تبوك") only at an honorific
    prepositional = words[k].norm in ("في", "لدي") or (words[k].stem_start > words[k].start
                                                        and words[k].norm[:1] in "بل")
    j = k
    while j < n and j - k < 10:
        w = words[j]
        if w.kind == "punct":
            nxt = words[j + 1] if j + 1 < n else None
            if w.text in ("،", ",") and j > k and nxt is not None and (
                    lex.is_("honorific", nxt) or (prepositional and nxt.start in name_starts)):
                return j + 1
            return k
        if lex.is_("honorific", w) and (w.norm != "د" or (j + 1 < n and words[j + 1].text == ".")):
            return j if j > k else k
        if w.start in name_starts:
            return j if j > k and prepositional else k
        if w.stem_start > w.start and w.norm[:1] in "بل" and w.stem.startswith("ال"):
            prepositional = True  # "مدير قسم هندسة الاتصال بالشركة يائيل ماجوير"
        if w.stem_start in name_starts or w.norm in _CLAUSE_WORDS or (j > k and (w.stem in lex.firsts
                                                                                 or w.bare in lex.firsts)):
            return k  # "لخادم الحرمين": a name after a preposition is an object, not the title's holder
        j += 1
    return k


def _key_words(key: str) -> list[str]:
    ws = key.split()
    if ws and ws[0].startswith("ال") and len(ws[0]) > 4:
        ws[0] = ws[0][2:]
    return ws


def link_roles(roles: list[RoleMention]) -> list[RoleMention]:
    """Join unlinked titles to people: same title, then shorter form of a linked title.

    Forward apposition ("TITLE NAME") is trusted over backward ("NAME TITLE"), which
    is also how an object reads ("التقى الكاظمي وزير الخارجية"): when one title is
    linked to different people, the people met through forward apposition win.
    """
    key_people: dict[str, list[str]] = {}
    for r in roles:
        if r.entity:
            key_people.setdefault(r.key, []).append(r.entity)
    # the person a title is most often joined to; a tie goes to the first in text order
    # (dict.fromkeys keeps that order, where a set's order would follow the hash seed)
    key_owner = {k: max(dict.fromkeys(v), key=v.count) for k, v in key_people.items()}
    out: list[RoleMention] = []
    recent: list[tuple[list[str], str]] = []  # (title words, entity) in text order
    for r in roles:
        if r.entity:
            recent.append((_key_words(r.key), r.entity))
            out.append(r)
            continue
        if r.key in key_owner:
            out.append(replace(r, entity=key_owner[r.key], how="same-title"))
            recent.append((_key_words(r.key), key_owner[r.key]))
            continue
        kw = _key_words(r.key)
        ent = None
        for words, e in reversed(recent):
            if len(kw) < len(words) and words[: len(kw)] == kw:
                ent = e
                break
        if ent is None:  # a later apposition may introduce the person: look ahead too
            for k, e in key_owner.items():
                words = _key_words(k)
                if len(kw) < len(words) and words[: len(kw)] == kw:
                    ent = e
                    break
        out.append(replace(r, entity=ent, how="short-title") if ent else r)
    return out


# ----------------------------------------------------------------------------- surnames


def merge_surnames(entities: Sequence[Entity]) -> tuple[list[Entity], dict[str, str]]:
    """Join a PER entity named by a surname (or any word tail) to the one full name it ends.

    Returns the new entity list and the map of merged ids -> surviving ids.
    """
    people = [e for e in entities if e.label == "PER"]
    words = {e.id: normalize_text(e.canonical).split() for e in people}
    merged: dict[str, str] = {}
    for short in people:
        sw = words[short.id]
        if not sw:
            continue
        fulls = [
            e for e in people
            if e.id != short.id and len(words[e.id]) > len(sw) and words[e.id][-len(sw):] == sw
        ]
        if len(fulls) == 1:
            merged[short.id] = fulls[0].id
    if not merged:
        return list(entities), {}
    extra: dict[str, list[Mention]] = {}
    for sid, fid in merged.items():
        while fid in merged:
            fid = merged[fid]
        merged[sid] = fid
        extra.setdefault(fid, []).extend(next(e for e in entities if e.id == sid).mentions)
    out = []
    for e in entities:
        if e.id in merged:
            continue
        if e.id in extra:
            mentions = tuple(sorted((*e.mentions, *extra[e.id]), key=lambda m: (m.start, m.end)))
            e = replace(e, mentions=mentions)
        out.append(e)
    return out, merged


# ----------------------------------------------------------------------------- stage


def _next_id(entities: Sequence[Entity]) -> Iterator[str]:
    used = {e.id for e in entities}
    n = 1
    while True:
        if f"e{n}" not in used:
            yield f"e{n}"
        n += 1


def analyze_roles(article: Article) -> Article:
    """Add role mentions to people (creating a person for a title with no name); join surnames."""
    entities, _merged = merge_surnames(article.entities)
    roles = link_roles(find_roles(replace(article, entities=tuple(entities))))
    added: dict[str, list[RoleMention]] = {}
    own: dict[str, str] = {}  # title key -> id of a title-only person
    ids = _next_id(entities)
    new: list[Entity] = []
    for r in roles:
        eid = r.entity
        if eid is None and r.bare:
            continue  # "الشيخ" in "شرم الشيخ", "الرئيس" with no president in sight
        if eid is None:
            eid = own.get(r.key)
            if eid is None:
                eid = own[r.key] = next(ids)
                new.append(Entity(eid, "PER", r.text, (), country=r.country))
        added.setdefault(eid, []).append(r)
    out = []
    for e in [*entities, *new]:
        rs = added.get(e.id)
        if rs:
            mentions = tuple(sorted((*e.mentions, *(Mention(r.start, r.end, r.text, "role") for r in rs)),
                                    key=lambda m: (m.start, m.end)))
            country = e.country or next((r.country for r in rs if r.country), None)
            e = replace(e, mentions=mentions, country=country)
        out.append(e)
    return replace(article, entities=tuple(out))
