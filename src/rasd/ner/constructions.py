"""Organisation and facility names built on a generic head, read as Arabic constructions.

Most organisation names in news are in no list: "إدارة سجون منطقة تبوك", "الإدارة العامة
للعلاقات العامة والإعلام", "جمعية الثقافة والفنون", "شرطة العاصمة المقدسة".  What they
share is their grammar: a generic head (وزارة، هيئة، مستشفى …, ``data/name_heads.tsv``)
and then

* for an indefinite head, a genitive: a proper name (جامعة القاهرة), a definite noun
  (وزارة الداخلية), another head (إدارة شرطة لوس أنجليس) or a chain of nouns ending in
  one (هيئة حقوق الإنسان), with coordinated definite nouns (مستشفى الولادة والأطفال);
* adjectives agreeing with it: nisba-shaped (الجنائية، الإسرائيلية) or from a short list
  (العامة، العليا, ``data/name_words.tsv``);
* after an adjective or a person's name, one complement with ل (الاتحاد السعودي لكرة
  القدم، مركز الملك سلمان لرعاية الأطفال المعاقين).

A definite head (النيابة، الشرطة) opens a name only with an adjective after it
(النيابة العامة، الشرطة الإسرائيلية); alone it is a common noun ("قالت الشرطة").  Heads
that are also everyday nouns (طريق، فريق، قاعدة) take a proper name only.

The name ends at a stop word (time words, ranks, prepositions), at punctuation, and
before a preposition other than the one ل complement (بالباحة stays out).  Its label is
the head's (ORG for institutions, LOC for facilities people go to, GUIDELINES.md);
a centre (مركز) of health or care is a facility.  A descriptor head (شركة، صحيفة) stays
out before a name the gazetteer knows on its own ("شركة أرامكو" -> "أرامكو").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Final, cast

from rasd.arabic.clitics import segment
from rasd.arabic.normalize import normalize_text
from rasd.caches import UNSET, facts
from rasd.ner.features import zipf_table
from rasd.resources import gazetteers as gaz

#: Words a genitive chain of indefinite nouns may run through before its definite end.
MAX_CHAIN = 2
#: Adjectives after a head or a genitive that a name may take.
MAX_ADJECTIVES = 3
#: Zipf class below which an unknown word after a name-only head is read as a name.
RARE_ZIPF = 3.5


@dataclass(frozen=True, slots=True)
class Head:
    """A generic head: its label, what must follow it, and whether it stays in the span."""

    label: str  # "ORG" | "LOC" | "-" (place head)
    follows: str  # "gen" | "name"
    definite: str  # "any" | "alone" | "country" | "list" | "no": adjectives that open a name after the definite head
    span: str  # "in" | "desc" | "admin"


def _read(name: str) -> list[list[str]]:
    text = resources.files("rasd.ner").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def heads() -> dict[str, Head]:
    """Normalised indefinite head -> :class:`Head` (``data/name_heads.tsv``)."""
    return {normalize_text(f.strip()): Head(lab.strip(), fol.strip(), d.strip(), sp.strip())
            for f, lab, fol, d, sp in _read("name_heads.tsv")}


@lru_cache(maxsize=1)
def word_classes() -> dict[str, frozenset[str]]:
    """Normalised word -> its classes (adj, notadj, stop, title, sport, club, care) from
    ``data/name_words.tsv``; a word may be in several (المدرب: a title and a sports word)."""
    out: dict[str, set[str]] = {}
    for cls, w in _read("name_words.tsv"):
        out.setdefault(normalize_text(w.strip()), set()).add(cls.strip())
    return {w: frozenset(c) for w, c in out.items()}


_NONE: frozenset[str] = frozenset()
_ENDS: Final = frozenset({"stop", "notadj"})


@dataclass(frozen=True, slots=True)
class Word:
    """What the construction rules need to know of one token."""

    norm: str  # normalised stem, proclitics off, the article's alef restored (للجمعية -> الجمعية)
    proclitics: str
    definite: bool
    alpha: bool

    @property
    def bare(self) -> str:
        """The stem without its article."""
        return self.norm[2:] if self.definite and self.norm.startswith("ال") else self.norm


def word(token: str) -> Word:
    """A token read for the construction rules (kept in its record, :func:`rasd.caches.facts`:
    every sentence reads it per token)."""
    known = facts(token)
    hit = known.construction
    if hit is UNSET:
        hit = known.construction = _word(token)
    return cast(Word, hit)


def _word(token: str) -> Word:
    seg = segment(token)
    stem = seg.stem
    if seg.article and not stem.startswith("ال"):
        stem = "ا" + stem
    norm = normalize_text(stem)
    return Word(norm, seg.proclitics, seg.article and norm.startswith("ال"), token[:1].isalpha())


def head_of(token: str) -> tuple[Head, bool] | None:
    """The head a token is (with whether it is definite), or None.  The clitic splitter
    knows common words only, so a head behind proclitics it left on (بفندق) is found by
    peeling them here.  Kept in the token's record (:func:`rasd.caches.facts`)."""
    known = facts(token)
    hit = known.head
    if hit is UNSET:
        hit = known.head = _head_of(token)
    return cast("tuple[Head, bool] | None", hit)


def _head_of(token: str) -> tuple[Head, bool] | None:
    w = word(token)
    table = heads()
    h = table.get(w.bare if w.definite else w.norm)
    if h is not None:
        return h, w.definite
    n = w.norm
    for k in (1, 2):
        if len(n) > k + 2 and all(c in "وفبلك" for c in n[:k]) and n[k:] in table:
            return table[n[k:]], False
    return None


def peeled(token: str) -> int:
    """How many proclitic letters :func:`head_of` peeled off a head the clitic splitter
    kept whole (بفندق -> 1), so a mention can start after them."""
    w = word(token)
    if w.proclitics or heads().get(w.bare if w.definite else w.norm) is not None:
        return 0
    n = w.norm
    for k in (1, 2):
        if len(n) > k + 2 and all(ch in "وفبلك" for ch in n[:k]) and n[k:] in heads():
            return k
    return 0


#: Titles of the people places and institutions are named after (مستشفى الملك فهد: read by
#: :mod:`rasd.ner.combine`), normalised; a token is one as a whole, proclitics and all.
HONOURED_TITLES: Final = frozenset(normalize_text(w) for w in ("الملك", "الأمير", "الأميرة", "الشيخ", "السلطان",
                                                        "الإمام", "الرئيس", "الملكة"))

#: Bits of :func:`kind`: what a token may start, or is.
HEAD: Final = 1
BODY: Final = 2
TITLE: Final = 4  # one of HONOURED_TITLES


def kind(token: str) -> int:
    """What a token may start, as bits (:data:`HEAD`, :data:`BODY`, :data:`TITLE`), computed
    once per distinct token (kept in its record, :func:`rasd.caches.facts`): the sentence
    passes skip every other token at the cost of a lookup."""
    known = facts(token)
    hit = known.construction_kind
    if hit is UNSET:
        hit = known.construction_kind = _kind(token)
    return cast(int, hit)


def _kind(token: str) -> int:
    title = TITLE if normalize_text(token) in HONOURED_TITLES else 0
    if not token[:1].isalpha():
        return title
    return (HEAD if head_of(token) is not None else 0) | (BODY if word(token).norm in bodies() else 0) | title


def kinds(words: Sequence[str]) -> list[int]:
    """:func:`kind` of every token of a sentence."""
    return [kind(w) for w in words]


def _cls(w: Word) -> frozenset[str]:
    return word_classes().get(w.norm, _NONE)


def is_adjective(token: str) -> bool:
    """A definite adjective that may continue a name: nisba-shaped (الجنائية، الإسرائيلي) or
    listed (العامة، العليا), not a time or order word (الماضي، الثاني)."""
    w = word(token)
    if w.proclitics not in ("", "و") or not w.definite or len(w.norm) < 5:
        return False
    cls = _cls(w)
    if "adj" in cls:
        return True
    if cls & _ENDS:
        return False
    n = w.norm
    return n.endswith(("ي", "يه", "يين", "يون", "يات"))


def _common_definite(token: str) -> bool:
    """A definite noun that may be a genitive in a name (الداخلية، الولادة): not a stop
    word, not a head-less pronoun or relative."""
    w = word(token)
    return w.alpha and w.definite and len(w.norm) >= 4 and not _cls(w) & _ENDS


def _bare_noun(token: str) -> bool:
    """An indefinite word that may stand inside a construct chain (حقوق، سجون، كرة)."""
    w = word(token)
    return (w.alpha and not w.definite and not w.proclitics and len(w.norm) >= 3
            and not _cls(w) & _ENDS and token[:1].isalpha())


#: Pronoun suffixes: a word that is a common word with one of them is no name (سفرهم).
_PRONOUNS = ("هما", "هم", "هن", "كم", "ها", "نا")


def _rare(token: str) -> bool:
    """A word too rare in Arabic at large to be a common noun: a name (نارسيس، العند).
    Without the article a name stands out more, so the bar is lower (:data:`RARE_ZIPF`
    for الزعتري, half a class less for متطرف)."""
    w = word(token)
    if not w.alpha or w.proclitics:
        return False
    table = zipf_table()
    z = table.get(w.norm)
    if z is not None and float(z) >= (RARE_ZIPF if w.definite else RARE_ZIPF - 0.5):
        return False
    return not any(w.norm.endswith(p) and float(table.get(w.norm[: -len(p)], "0")) >= RARE_ZIPF for p in _PRONOUNS)


def _known_name(token: str) -> bool:
    """A word the gazetteer knows as a name, also where it is too ambiguous to be matched
    in running text on its own (الطائف): after a head it is the name."""
    hit = gaz.lookup(token)
    return hit is not None and hit.label != "MISC"


NameAt = Callable[[int], tuple[int, str] | None]


@dataclass(frozen=True, slots=True)
class Construction:
    """A name over tokens ``start:end`` with its label."""

    start: int
    end: int
    label: str


def _genitive(words: Sequence[str], j: int, follows: str, name_at: NameAt,
              depth: int = 0) -> tuple[int, str | None] | None:
    """Where the genitive of a head starting at ``j`` ends, and the label of the name it is
    (None for a common noun or another construction)."""
    if j >= len(words) or word(words[j]).proclitics or not words[j][:1].isalpha():
        return None
    hit = name_at(j)
    if hit is not None:
        return hit
    inner = head_of(words[j])
    if inner is not None and inner[0].span != "desc":
        if inner[1] and inner[0].definite == "alone":  # a body named by its head: مصلحة الجمارك
            return j + 1, None
        if not inner[1] and depth < 2:  # another construction: إدارة شرطة لوس أنجليس، شرطة منطقة مكة المكرمة
            sub = _genitive(words, j + 1, inner[0].follows, name_at, depth + 1)
            if sub is not None:
                return sub[0], None
    w = word(words[j])
    if w.definite:
        if not _common_definite(words[j]):
            return None
        if follows == "gen" or "care" in _cls(w) or _rare(words[j]) or _known_name(words[j]):
            return j + 1, None
        return None
    if _rare(words[j]):
        return j + 1, None
    # a chain of indefinite nouns ending in a name, or in a definite noun: هيئة حقوق الإنسان
    k = j
    while k < len(words) and k - j < MAX_CHAIN and _bare_noun(words[k]):
        k += 1
        if k < len(words) and words[k][:1].isalpha() and not word(words[k]).proclitics:
            hit = name_at(k)
            if hit is not None:
                return hit[0], None
            if follows == "gen" and _common_definite(words[k]):
                return k + 1, None
    return None


def _gender(token: str) -> str:
    n = word(token).norm
    return "f" if n.endswith(("يه", "يات")) else "m" if n.endswith(("ي", "يين", "يون")) else ""


def _adjectives(words: Sequence[str], j: int) -> int:
    """Where a run of adjectives from ``j`` ends; it stops where a nisba's gender turns
    (اللجنة الأولمبية الدولية | الألماني: that one describes the next noun)."""
    k = j
    last = ""
    while k < len(words) and k - j < MAX_ADJECTIVES and is_adjective(words[k]):
        if word(words[k]).proclitics == "و" and k == j:
            break
        g = _gender(words[k])
        if last and g and g != last:
            break
        last = g or last
        k += 1
    return k


def _opens(mode: str, token: str) -> bool:
    """Whether an adjective lets a definite head of this mode open a name."""
    if mode == "no" or not is_adjective(token) or word(token).proclitics:
        return False
    if mode in ("any", "alone"):
        return True
    listed = "adj" in _cls(word(token))
    return listed or (mode == "country" and gaz.nisba(token) is not None)


def _coordinated(words: Sequence[str], j: int) -> int:
    """After a definite genitive, one و + definite noun (+ adjectives): الثقافة والفنون."""
    if j < len(words):
        w = word(words[j])
        if w.proclitics == "و" and w.definite and not _cls(w) & _ENDS and head_of(words[j]) is None:
            return _adjectives(words, j + 1)
    return j


def _complement(words: Sequence[str], j: int, name_at: NameAt) -> int:
    """One complement with ل (لكرة القدم، للعلاقات العامة والإعلام، لمجلس الشيوخ)."""
    if j >= len(words):
        return j
    tok = words[j]
    n = normalize_text(tok)
    if not tok[:1].isalpha() or not n.startswith("ل") or len(n) < 4 or "stop" in _cls(word(tok)):
        return j
    rest = "ا" + n[1:] if n.startswith("لل") else n[1:]
    bare = rest[2:] if rest.startswith("ال") else rest
    if "field" not in word_classes().get(bare, _NONE):
        return j  # not what an institution is for: الشرطة الإسرائيلية للعشرات، للرد
    if rest.startswith("ال"):
        end = j + 1
    else:
        sub = _genitive(words, j + 1, "gen", name_at) if j + 1 < len(words) else None
        if sub is None:
            return j
        end = sub[0]
    end = _adjectives(words, end)
    end = _coordinated(words, end)
    return end


def extent(words: Sequence[str], i: int, name_at: NameAt, known_end: int = 0) -> Construction | None:
    """The name a head at ``i`` opens, or None (see the module docstring).

    ``known_end``: where a name that the model or the gazetteer found from the head on
    ends (مستشفى الملك فهد); the construction goes on from there (التخصصي، للأورام).
    """
    found = head_of(words[i])
    if found is None:
        return None
    h, definite = found
    if h.span == "admin" or h.label == "-":
        return None
    j = i + 1
    if known_end > i + 1:
        j = _adjectives(words, known_end)
        complement = j > known_end or gaz.is_person_name_part(words[known_end - 1])
    elif definite:
        if j >= len(words) or not _opens(h.definite, words[j]):
            return None
        j = _adjectives(words, j)
        complement = True
    else:
        gen = _genitive(words, j, h.follows, name_at)
        if gen is None:
            return None
        j = _coordinated(words, gen[0])
        k = _adjectives(words, j)
        complement = k > j or gen[1] == "PER"  # not after the genitive alone: وزارة الداخلية للصحفيين
        j = k
    if complement:
        j = _complement(words, j, name_at)
    label = h.label
    if h is heads().get(normalize_text("مركز")) and any("care" in _cls(word(t)) for t in words[i + 1 : j]):
        label = "LOC"
    return Construction(i, j, label)


def desc_span(words: Sequence[str], c: Construction) -> tuple[int, int]:
    """The name's tokens: after a descriptor head (شركة، صحيفة، تنظيم) whose rest is a name
    the gazetteer knows as an organisation on its own, that name alone ("تنظيم داعش
    الإرهابي" -> "داعش"); else the whole construction."""
    found = head_of(words[c.start])
    if found is None or found[0].span != "desc":
        return c.start, c.end
    for end in range(c.end, c.start + 1, -1):
        known = gaz.lookup(" ".join(words[c.start + 1 : end]))
        if known is not None and known.label == "ORG":
            return c.start + 1, end
    return c.start, c.end


Spans = list[tuple[int, int, str]]


def apply(words: Sequence[str], spans: Sequence[tuple[int, int, str]], marks: Sequence[int] | None = None) -> Spans:
    """The sentence's name spans with the head constructions added: longest name wins, so
    a name inside a construction is dropped (القاهرة in جامعة القاهرة) and one that
    runs on past its end is cut there.  ``marks``: the sentence's :func:`kinds`."""
    marks = kinds(words) if marks is None else marks
    if not any(map(HEAD.__and__, marks)):  # (most sentences have no head: checked in C)
        return list(spans)
    longest: dict[int, tuple[int, str]] = {}
    for s, e, lab in spans:
        if s not in longest or e > longest[s][0]:
            longest[s] = (e, lab)

    def name_at(j: int) -> tuple[int, str] | None:
        return None if word(words[j]).proclitics else longest.get(j)

    out = list(spans)
    i = 0
    while i < len(words):
        found = head_of(words[i]) if marks[i] & HEAD else None
        if found is None:
            i += 1
            continue
        if found[0].span == "admin":
            if not found[1]:
                out = _places_after(words, i, found[0], out)
            elif (i + 1 < len(words) and "side" in _cls(word(words[i + 1])) and not word(words[i + 1]).proclitics
                  and not any(s <= k < e for s, e, _ in out for k in (i, i + 1))):
                known = gaz.lookup(" ".join(words[i : i + 2]))  # المنطقة الشرقية, a region
                out.append((i, i + 2, known.label if known is not None and known.label in ("GPE", "LOC") else "LOC"))
            i += 1
            continue
        c = extent(words, i, name_at, longest.get(i, (0, ""))[0])
        if c is None or c.end - c.start < 2 or any(s < i < e and lab != "PER" for s, e, lab in out):
            i += 1
            continue
        out = _insert(words, out, c)
        i = c.end
    return sorted(out)


def _insert(words: Sequence[str], spans: Spans, c: Construction) -> Spans:
    (start, end), label = desc_span(words, c), c.label
    for s, e, lab in spans:
        if s == c.start and e >= end and lab in ("ORG", "LOC"):
            # the model or the gazetteer has it already, as long or longer
            return [(s2, e2, label if (s2, e2) == (s, e) and e == end else lab2) for s2, e2, lab2 in spans]
    out: Spans = []
    for s, e, lab in spans:
        if e <= c.start or s >= end:
            out.append((s, e, lab))
        elif s < c.start:  # a person name running into the head: cut it there
            out.append((s, c.start, lab))
        elif e > end:  # a name running on past the construction: cut it at its end
            out.append((end, e, lab))
    out.append((start, end, label))
    return out


def strip_place_heads(words: Sequence[str], spans: Sequence[tuple[int, int, str]]) -> Spans:
    """A place takes no administrative head (GUIDELINES.md): "منطقة القصيم" is "القصيم",
    "محافظة البصرة" is "البصرة".  The head stays when what follows is not a place name
    on its own: a known place, or a word without the article (منطقة اليورو stays whole)."""
    out: Spans = []
    for s, e, lab in spans:
        found = head_of(words[s]) if lab in ("GPE", "LOC") and e - s > 1 else None
        if found is not None and found[0].span == "admin" and not found[1]:
            known = gaz.lookup(" ".join(words[s + 1 : e]))
            if known is not None and known.label in ("GPE", "LOC"):
                out.append((s + 1, e, known.label))
                continue
            if known is None and not word(words[s + 1]).definite:
                out.append((s + 1, e, lab))
                continue
        out.append((s, e, lab))
    return out


def _place_at(words: Sequence[str], j: int, label: str) -> tuple[int, str] | None:
    """A place name at ``words[j]`` after a place head: one the gazetteer knows (also an
    ambiguous one: محافظة الطائف), else a word too rare to be a common noun (بلدة الوهط)."""
    if j >= len(words) or not words[j][:1].isalpha():
        return None
    for n in (2, 1):
        if j + n <= len(words) and all(w[:1].isalpha() for w in words[j : j + n]):
            known = gaz.lookup(" ".join(words[j : j + n]))
            if known is not None and known.label in ("GPE", "LOC"):
                return j + n, known.label
    return (j + 1, label) if _rare(words[j]) or _rare(word(words[j]).bare) else None


def _places_after(words: Sequence[str], i: int, head: Head, spans: Spans) -> Spans:
    """``spans`` with the place(s) an administrative head names: "بمحافظة الطائف", both
    of a dual ("بلدتي الوهط وصبر"); a place found already takes the label the head
    gives it when the gazetteer does not know it, and a neighbourhood (حي) is a LOC."""
    j = i + 1
    if j >= len(words) or word(words[j]).proclitics:
        return spans
    at_j = [(s, e, lab) for s, e, lab in spans if s == j]
    if at_j:
        if any(lab not in ("GPE", "LOC") for _, _, lab in at_j):
            return spans
        s, e, _ = max(at_j, key=lambda x: x[1])
        known = gaz.lookup(" ".join(words[s:e]))
        new = head.label if known is None or known.label not in ("GPE", "LOC") or head.label == "LOC" else known.label
        return [(s2, e2, new if (s2, e2) == (s, e) else lab2) for s2, e2, lab2 in spans]
    if any(s <= j < e for s, e, _ in spans):
        return spans
    hit = _place_at(words, j, head.label)
    if hit is None:
        return spans
    label = "LOC" if head.label == "LOC" else hit[1]
    out: Spans = [*spans, (j, hit[0], label)]
    k = hit[0]
    if (normalize_text(words[i]).endswith("تي") and k < len(words) and word(words[k]).proclitics == "و"
            and not any(s <= k < e for s, e, _ in spans)):
        hit2 = _place_at([words[k][1:]], 0, head.label)
        if hit2 is not None:
            out.append((k, k + 1, label if head.label == "LOC" else hit2[1]))
    return out


@lru_cache(maxsize=1)
def bodies() -> dict[str, tuple[tuple[str, ...], ...]]:
    """First word -> the rest of each public body's name (class ``body``), longest first."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for w, cls in word_classes().items():
        if "body" in cls:
            parts = w.split()
            out.setdefault(parts[0], []).append(tuple(parts[1:]))
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in out.items()}


def body_spans(words: Sequence[str], marks: Sequence[int] | None = None) -> Spans:
    """Public bodies named by a common noun and its adjective (الدفاع المدني) in a
    sentence, as ORG spans (the first word may carry proclitics: بالدفاع المدني).
    ``marks``: the sentence's :func:`kinds`, when the caller has them."""
    marks = kinds(words) if marks is None else marks
    if not any(map(BODY.__and__, marks)):
        return []
    table = bodies()
    out: Spans = []
    i = 0
    while i < len(words):
        rests = table.get(word(words[i]).norm) if marks[i] & BODY else None
        hit = 0
        for rest in rests or ():
            end = i + 1 + len(rest)
            if end <= len(words) and all(normalize_text(words[i + 1 + k]) == r for k, r in enumerate(rest)):
                out.append((i, end, "ORG"))
                hit = end - i
                break
        i += hit or 1
    return out


def in_event_name(words: Sequence[str], s: int) -> bool:
    """Whether a place at ``words[s]`` is part of an event's name: right after an event
    head (كأس آسيا، اتفاق فيينا) or after one word more (كأس أمم أوروبا، بطولة غرب آسيا)."""
    for k in (1, 2):
        if s - k < 0 or not words[s - k][:1].isalpha():
            return False
        if "event" in _cls(word(words[s - k])):
            return k == 1 or _bare_noun(words[s - 1])
    return False
