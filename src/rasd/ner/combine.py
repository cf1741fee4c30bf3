"""Model chunks and gazetteer matches joined into one list of name chunks per sentence.

Used by the entity stage and by ``rasd ner``, so the CoNLL scores measure what
``analyze`` does.  Rules, in order:

1. A gazetteer name that contains a model chunk and reaches further widens it
   ("الولايات المتحدة" + "الأميركية"; in ``rasd ner`` too for a person's full name
   around the model's person chunk: "بان" + "كي مون"); a chunk that is exactly a known place takes
   the place's label unless the model called it an organisation (clubs and papers
   named after cities: برشلونة، الشرق الأوسط).
2. A generic head before a name the gazetteer knows on its own is left out
   ("تنظيم داعش" -> "داعش"): a mention is the name proper.
3. Gazetteer names the model missed fill the gap: places and organisations of
   any length, person names of two words or more (a lone given name is too
   ambiguous), but no one-word name of three letters or fewer behind proclitics.
   The gazetteer only matches forms it does not mark ambiguous.
4. The gazetteer tells GPE from LOC (the model has one place label).
5. A lone nisba adjective (العراقي، الأميركية) is never a name, nor a country named
   like one (السعودية) where it follows a definite word as an adjective does.
6. A person chunk is cut before an inner word opening with the conjunction و, and
   does not end in the indefinite accusative of a common noun
   ("عزت أبو عوف برنامجا": برنامج + tanwin alif), a word no name ends in; nor does
   it end in a word that links to the next name part (بن، آل، أبو، عبد): it takes
   that part ("محمد بن راشد آل" + "مكتوم").
7. A person chunk loses its titles (:mod:`rasd.ner.persons`): a title is a role.
8. In ``analyze`` (gazetteer on), names built on generic heads
   (:mod:`rasd.ner.constructions`: longest name wins, places lose their
   administrative head), clubs in sports news (:mod:`rasd.ner.sports`), and no place
   inside an event's name.
9. Blessings and fixed phrases (رحمه الله، إن شاء الله) are never names, nor the
   function words a chunk starts or ends with ("قال له ناصر": :mod:`rasd.ner.formulas`).

After the names are spread through the document, :func:`join_person_runs` joins a
person chunk to the one right before it ("عبدالرحيم" + "محمد حسين").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress

from rasd.arabic.clitics import segment
from rasd.arabic.normalize import normalize_text
from rasd.ner import constructions, formulas, persons, sports
from rasd.ner.bio import chunks
from rasd.ner.features import Match, triggers, zipf_table
from rasd.resources import gazetteers as gaz

#: Longest chunk, in tokens, kept as a name (longer ones are tagging errors).
MAX_CHUNK = 8
_PLACES = ("GPE", "LOC")


@dataclass(frozen=True, slots=True)
class Chunk:
    """A name over tokens ``start:end`` of a sentence, with its label and gazetteer entry."""

    start: int
    end: int
    label: str
    entry: gaz.GazEntry | None = None


def _is_org_head(word: str) -> bool:
    stem = normalize_text(segment(word).stem)
    return triggers().get(stem) == "ORG"


def _short_after_clitics(word: str) -> bool:
    seg = segment(word)
    return bool(seg.proclitics) and len(seg.stem) <= 3


#: Zipf frequency from which a word without its final alef counts as a common noun.
COMMON_NOUN_ZIPF = 4.0


def accusative_noun(word: str) -> bool:
    """Whether ``word`` is a common noun with the indefinite accusative alef (برنامجا،
    بيانا): the bare noun is frequent and the alef-final form is not a name part."""
    norm = normalize_text(word)
    if len(norm) < 4 or not norm.endswith("ا") or gaz.is_person_name_part(word):
        return False
    z = zipf_table().get(norm[:-1])
    return z is not None and float(z) >= COMMON_NOUN_ZIPF


def name_text(words: Sequence[str], start: int, end: int) -> str:
    """The name over ``words[start:end]`` with the first word's proclitics removed
    (and the article's alef restored where لل swallowed it: للحكومة -> الحكومة)."""
    seg = segment(words[start])
    stem = seg.stem
    if seg.article and not stem.startswith("ال"):
        stem = "ا" + stem
    return " ".join([stem, *words[start + 1 : end]])


def _label(label: str, entry: gaz.GazEntry | None) -> str:
    if label in _PLACES:
        return entry.label if entry is not None and entry.label in _PLACES else label
    return label


def combine(words: Sequence[str], tags: Sequence[str], gazetteer: bool = True,
            matches: Sequence[Match] | None = None, sport: bool = False) -> list[Chunk]:
    """Name chunks of one sentence from the model's BIO tags and the gazetteer.

    ``gazetteer=False`` keeps the model's spans as they are (rules 1-3 off, but a person
    chunk still widens to the known full name around it): that is
    how ``rasd ner`` scores against ANERcorp, whose conventions differ from rasd's
    (it tags "مكة" in "مكة المكرمة" and no "الحكومة السودانية").  ``sport``: the
    document is sports news (:mod:`rasd.ner.sports`: clubs' short names, cities as clubs).
    """
    if matches is None:
        matches = gaz.match_tokens(words)
    people = [(gs, ge) for gs, ge, entry in matches if entry.label == "PER"]
    if not gazetteer:
        matches = []
    taken = [False] * len(words)
    spans: list[tuple[int, int, str]] = []
    found = chunks(tags)
    for s, e, lab in found:
        if e - s > MAX_CHUNK or not words[s][:1].isalpha():
            continue
        if lab == "PER":  # 1. a person's known full name widens the part the model found (كي مون)
            s, e = next(((gs, ge) for gs, ge in people if gs <= s and ge >= e and ge - gs <= MAX_CHUNK
                         and not any(gs < oe and os_ < ge and (os_, oe) != (s, e) for os_, oe, _ in found)), (s, e))
        if gazetteer and lab == "LOC":
            lab = "GPE"  # 4. the model's one place label; a place no table knows is most often a town
        for gs, ge, entry in matches:  # 1. widen to a longer gazetteer name
            if gs <= s and ge >= e and ge - gs > e - s and entry.label != "PER":
                s, e = gs, ge
                lab = entry.label
            elif (gs, ge) == (s, e) and entry.label in _PLACES and lab != "ORG":
                # a known place is a place (صلاح الدين the province), but an organisation
                # named after one stays one (برشلونة the club, الشرق الأوسط the newspaper)
                lab = entry.label
        if gazetteer and e - s > 1 and _is_org_head(words[s]):  # 2. drop a generic head
            inner = gaz.lookup(" ".join(words[s + 1 : e]))
            whole = gaz.lookup(name_text(words, s, e))
            if inner is not None and whole is not None and inner.canonical == whole.canonical:
                s += 1
        spans.append((s, e, lab))
        for i in range(s, e):
            taken[i] = True
    if sport:
        matches = [*matches, *sports.club_matches(words)]
    for gs, ge, entry in matches:  # 3. fill the gaps
        if any(taken[gs:ge]) or entry.label == "MISC" or (entry.label == "PER" and ge - gs < 2):
            continue
        if ge - gs > 1 and _is_org_head(words[gs]) and gaz.lookup(" ".join(words[gs + 1 : ge])) is not None:
            gs += 1
        if ge - gs == 1 and _short_after_clitics(words[gs]):
            continue  # ولجان is not و + ل + the town جان
        spans.append((gs, ge, entry.label))
    marks = constructions.kinds(words) if gazetteer else []
    if gazetteer:  # 3b. public bodies named by a common noun and an adjective (الدفاع المدني)
        spans += [b for b in constructions.body_spans(words, marks) if not any(taken[b[0]:b[1]])]
    out: list[Chunk] = []
    if gazetteer:
        spans = _named_after(words, sorted(spans), marks)
    if sport:
        spans = sports.clubs_for_cities(words, spans)
    if gazetteer:
        spans = constructions.strip_place_heads(words, constructions.apply(words, spans, marks))
        spans = sports.trim_nisba(words, spans)
        # 8. a place inside an event's name is not a name of its own (كأس آسيا، اتفاق فيينا)
        spans = [(s, e, lab) for s, e, lab in spans if lab not in _PLACES or not constructions.in_event_name(words, s)]
    spans = formulas.clean(words, spans)  # 9. blessings and edge function words are no names
    spans = _split_persons(words, sorted(spans))
    starts = {s for s, _, _ in spans}
    for s, e, lab in spans:
        if lab == "PER" and e - s > 1 and accusative_noun(words[e - 1]):
            e -= 1  # 6.
        if lab == "PER":
            e = linked_end(words, s, e, starts)  # 6.
        if lab == "PER" and gazetteer:
            kept = persons.trim(words, s, e)  # 7. titles are roles
            if kept is None:
                continue
            s, e = kept
            n = persons.leading_place(words, s, e)
            if n:  # a place before the name: "حكومة بافاريا هورست زيهوفر"
                place = gaz.lookup(" ".join(words[s : s + n]))
                out.append(Chunk(s, s + n, place.label if place is not None else "GPE", place))
                s += n
        # lookup tries the first word as written (لولا دا سيلفا), then without proclitics
        known = gaz.lookup(" ".join(words[s:e]))
        if e - s == 1 and gaz.nisba(words[s]) and (known is None or known.label not in _PLACES
                                                   or (gazetteer and _after_definite(words, s))):
            continue  # 5. nisba adjectives are not names (but سورية is Syria, unless it follows a definite noun)
        out.append(Chunk(s, e, _label(lab, known), known))  # 4.
    return out


#: Words inside a person's name that always take the next word with them (بن راشد، آل مكتوم،
#: أبو مازن، عبد المنعم): a name never ends on one.
_LINKS = frozenset(normalize_text(w) for w in ("بن", "ابن", "بنت", "آل", "أبو", "أبي", "أبا", "عبد", "ولد"))


def linked_end(words: Sequence[str], start: int, end: int, starts: set[int] | frozenset[int] = frozenset()) -> int:
    """Where a person name over ``start:end`` ends once a last word that links to the next
    name part (بن، آل، أبو، عبد) has taken it, unless that part is a word of its own
    kind (a number, punctuation) or opens another name (``starts``)."""
    while (end < len(words) and end - start < MAX_CHUNK and normalize_text(words[end - 1]) in _LINKS
           and end not in starts and words[end][:1].isalpha()):
        end += 1
    return end


def _after_definite(words: Sequence[str], i: int) -> bool:
    """Whether ``words[i]`` follows a definite word, as an adjective does ("الأندية
    السعودية", "بالعملة السعودية", "العلاقات المصرية السعودية"): then a country's name
    that is also a nisba (السعودية) is the adjective."""
    if i == 0 or not words[i - 1][:1].isalpha() or constructions.word(words[i]).proclitics:
        return False
    prev = constructions.word(words[i - 1])
    return prev.definite and "stop" not in constructions.word_classes().get(prev.norm, frozenset())


#: Heads of the institutions (ORG) and facilities (LOC) that are named after people.
_NAMED_HEADS = {**{normalize_text(w): "ORG" for w in ("جامعة", "مركز", "معهد", "كلية", "مجمع",
                                                      "مدرسة", "مؤسسة", "جائزة", "مكتبة", "أكاديمية")},
                **{normalize_text(w): "LOC" for w in ("مستشفى", "مطار", "شارع", "ميناء", "جسر", "طريق", "مسجد", "جامع",
                                                      "قاعدة", "مدينة", "حي", "ملعب", "استاد", "قصر")}}


def _named_after(words: Sequence[str], spans: Sequence[tuple[int, int, str]],
                 marks: Sequence[int] | None = None) -> list[tuple[int, int, str]]:
    """An institution or facility named after a person is one name with its head
    ("مستشفى الملك فهد التخصصي", "مطار الملك خالد الدولي"): a person chunk (or one that
    starts with الملك، الأمير…) right after an institution head (مستشفى، جامعة) or a
    facility head (مطار، شارع) becomes an ORG or LOC over the head, the title, the name
    and the adjectives that follow (التخصصي، الدولي).  ``marks``: the sentence's
    :func:`rasd.ner.constructions.kinds`, whose ``TITLE`` bit marks the titles
    (:data:`rasd.ner.constructions.HONOURED_TITLES`)."""
    marks = constructions.kinds(words) if marks is None else marks
    honoured_at = list(compress(range(len(words)), map(constructions.TITLE.__and__, marks)))
    if not spans and not honoured_at:
        return []
    honours = set(honoured_at)
    taken = {i for s, e, _ in spans for i in range(s, e)}
    out: list[tuple[int, int, str]] = []
    for s, e, lab in spans:
        j = s
        if j > 0 and j - 1 in honours and j - 1 not in taken:
            j -= 1
        honoured = (lab == "PER" or j in honours) and lab in ("PER", "ORG")
        head = (_NAMED_HEADS.get(normalize_text(segment(words[j - 1]).stem))
                if honoured and j > 0 and j - 1 not in taken else None)  # (the head read only when it counts)
        if head is None:
            out.append((s, e, lab))
            continue
        out.append((j - 1, _adjectives_end(words, e), head))
    # the same pattern where the model found no name: head + title + a given name
    taken = {i for s, e, _ in out for i in range(s, e)}
    for i in (h - 1 for h in honoured_at if 1 <= h < len(words) - 1):
        if taken & {i, i + 1, i + 2}:
            continue
        head = _NAMED_HEADS.get(normalize_text(segment(words[i]).stem))
        if head is not None and gaz.is_person_first_name(words[i + 2]):
            end = _adjectives_end(words, i + 3)
            out.append((i, end, head))
            taken.update(range(i, end))
    return sorted(out)


def _adjectives_end(words: Sequence[str], end: int) -> int:
    """Where up to two adjectives after a name (التخصصي، الدولي) end."""
    start = end
    while end < len(words) and end - start < 2 and _adjective(words[end]):
        end += 1
    return end


def _adjective(word: str) -> bool:
    """A definite adjective of the nisba shape (التخصصي، الدولية) that is not a country's."""
    n = normalize_text(word)
    return n.startswith("ال") and (n.endswith("ي") or n.endswith("يه")) and len(n) > 4 and not gaz.nisba(word)


def _split_persons(words: Sequence[str], spans: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Person spans cut before an inner word that opens with the conjunction و
    ("غادة عادل | وياسمين عبد العزيز"): no name has one inside."""
    out: list[tuple[int, int, str]] = []
    for s, e, lab in spans:
        if lab == "PER":
            for i in range(s + 1, e):
                if words[i][:1] == "و" and gaz.name_offset(words[i]):
                    out.append((s, i, lab))
                    s = i
        out.append((s, e, lab))
    return out


def to_bio(n: int, found: Sequence[Chunk]) -> list[str]:
    """BIO tags of ``n`` tokens from chunks."""
    tags = ["O"] * n
    for c in found:
        tags[c.start] = f"B-{c.label}"
        for i in range(c.start + 1, c.end):
            tags[i] = f"I-{c.label}"
    return tags


def join_person_runs(words: Sequence[str], found: Sequence[Chunk]) -> list[Chunk]:
    """Person chunks that touch joined into one, unless the second starts with a proclitic.

    The model often opens a new name at a common given name inside a longer one
    ("عبدالرحيم | محمد حسين") and spreading can add a surname beside its given name
    ("فايزة" + "أبوالنجا").  Two different people next to each other are written
    with a conjunction or preposition ("بوش وبلير", "ماتيراتزي لزيدان"): in ANERcorp
    train, nearly every pair of adjacent person names has one, so a bare join is
    the safer reading.
    """
    out: list[Chunk] = []
    for c in sorted(found, key=lambda c: c.start):
        prev = out[-1] if out else None
        if (prev is not None and prev.label == "PER" and c.label == "PER" and c.start == prev.end
                and not gaz.name_offset(words[c.start]) and c.end - prev.start <= MAX_CHUNK):
            out[-1] = Chunk(prev.start, c.end, "PER", gaz.lookup(name_text(words, prev.start, c.end)))
            continue
        out.append(c)
    return out
