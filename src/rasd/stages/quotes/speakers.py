"""Who speaks: the speaker phrase at a cue, and how a speaker left implicit is recovered.

At a cue (Arabic is mostly verb-first) the speaker is read after the verb, past any
addressee, time word or channel ("وقال لـ«عكاظ» أمس مدير …"):

* an entity mention: a name, or a title the roles stage joined to a person (a title and the
  name after it are one span: "رئيس الوزراء العراقي مصطفى الكاظمي");
* a title followed by an honorific and a name the entity stage missed ("المتحدث باسم
  الدفاع المدني العقيد سعيد سرحان"): the name is read from the words after the honorific;
* a document that speaks for its author ("بيان للحكومة العراقية" -> الحكومة العراقية);
* an unnamed group kept as its noun phrase ("مصادر أمنية", "عشرات المواطنين"), type GROUP;
* a state ("وأعلنت السعودية"), never another place;
* otherwise a short noun phrase (a construct chain and its adjectives, up to a preposition).

Before the verb (subject first: "الكاظمي يؤكد أن", "وكان الوزير قد أكد"), the mention or
noun phrase that ends right at the cue.  A demonstrative, a pronoun, scripture or a law
(``speech_cues.not_speakers.txt``) is never a speaker.

:class:`People` indexes the article's mentions once: names, roles joined to names, and for
each person the descriptor nouns written before their name ("الشاعر إبراهيم الحسين"), so a
later "وقال الشاعر" or "وقال اللاعب" resolves to the person, and a short form ("المصدر")
to the fuller phrase of an earlier speaker ("مصدر عسكري").
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from rasd.arabic.clitics import stem_counts
from rasd.arabic.normalize import normalize_text
from rasd.article import Article
from rasd.resources.gazetteers import lookup as gazetteer_lookup
from rasd.stages.quotes.cues import lookup
from rasd.stages.quotes.lexicon import (
    COMPLEMENTIZER_PRONOUNS,
    COMPLEMENTIZERS,
    DEMONSTRATIVES,
    HONORIFIC_PRONOUNS,
    OCCASION_PREPS,
    PREPOSITION_WORDS,
    PRONOUNS,
    RELATIVES,
    TIME_WORDS,
    adverbials,
    group_heads,
    match_phrase,
    not_speakers,
    person_nouns,
    source_phrases,
    speech_nouns,
)
from rasd.stages.quotes.marks import MARKS
from rasd.stages.roles import Word, titles

#: Words after which a subject opens a clause ("وكان الوزير قد أكد", "فيما المصادر تؤكد").
CLAUSE_OPENERS = frozenset(normalize_text(w) for w in (
    "كان", "وكان", "كانت", "وكانت", "فيما", "بينما", "حيث", "إذ", "و", "ف", "ثم", "كما", "لكن", "ولكن",
    "أن", "إن", "بأن", "وأن", "فإن", "لأن", "يذكر", "ويذكر",
))
#: Prepositions with a pronoun between a cue and its speaker ("أشارت فيه المتحدثة").
PRONOUN_PPS = frozenset(normalize_text(p + s) for p in ("ل", "في", "عن", "من", "علي", "إلي", "به")
                        for s in ("ه", "ها", "هم", "هما", "نا", "ي", "")
                        if len(p + s) > 1 and p + s not in ("في", "عن", "من", "علي", "إلي"))
#: Group heads that take a partitive "من": "عدد من …", "عشرات من …".
PARTITIVES = frozenset(normalize_text(w) for w in ("عدد", "عشرات", "مئات", "آلاف", "بعض", "جمع", "مجموعة",
                                                   "العديد", "الكثير", "كثير", "غالبية", "معظم", "أغلب"))
#: Words between a subject and its verb: "وكان الوزير قد أكد", "الوزارة كانت قد أعلنت".
AUXILIARIES = frozenset(normalize_text(w) for w in ("قد", "لقد", "كان", "كانت", "كانوا", "كانا", "قد"))
PREPOSITION_WORDS_ = frozenset(normalize_text(w) for w in ("في", "على", "من", "إلى", "عن", "مع", "لدى", "عند", "بين"))
#: Masculine nouns heading an institution: a feminine verb ("دعت") never has them as subject.
MASCULINE_HEADS = frozenset(normalize_text(w) for w in (
    "المجتمع", "المجلس", "الاتحاد", "البنك", "الصندوق", "المركز", "الحزب", "الجيش", "النظام", "البرلمان",
    "الكونغرس", "الديوان", "المكتب", "المعهد", "النادي", "المنتخب", "الفريق", "التحالف", "الائتلاف",
))
#: Media nouns whose name may follow in quotation marks: 'صحيفة "النهار"'.
MEDIA_HEADS = frozenset(normalize_text(w) for w in ("صحيفة", "جريدة", "مجلة", "وكالة", "قناة", "موقع", "إذاعة",
                                                    "تلفزيون", "شبكة", "الصحيفة", "القناة", "الوكالة", "الموقع"))
#: Time words that are also adjectives of an indefinite source: "مصدر مطلع" (informed), "مطلع العام".
TIME_ADJECTIVES = frozenset(normalize_text(w) for w in ("مطلع",))
#: How many words of a title's complement are read for the name in apposition after it.
APPOSITION_REACH = 24
#: Prepositions that open a cue's content ("أشار إلى", "شدد على", "أعرب عن"), never a title's complement.
CONTENT_PREPS = frozenset(normalize_text(w) for w in ("إلى", "على", "عن", "حول", "بشأن", "تجاه"))
#: "المصدر نفسه": the same one again, never a name.
SAME_WORDS = frozenset(normalize_text(w) for w in ("نفسه", "نفسها", "ذاته", "ذاتها", "نفسهم", "ذاتهم", "عينه"))
#: Adverbs that may stand between a subject and أن: "وأكد الرئيس هنا أن".
ADVERBS = frozenset(normalize_text(w) for w in ("هنا", "هناك", "ثم", "إذن", "وحده", "وحدها", "عندئذ", "حينئذ", "الآن"))
#: Words after which a name is a companion or host, never the title's holder: "… مع الإعلامي X".
COMPANY_PREPS = frozenset(normalize_text(w) for w in ("مع", "ومع", "برفقة", "بحضور", "بمشاركة", "بصحبة", "وبحضور"))
#: Indefinite words inside a title that are adjectives, not construct heads: "مدير عام الشركة".
GENERAL_WORDS = frozenset(normalize_text(w) for w in ("عام", "أول", "مساعد", "تنفيذي", "إقليمي"))
#: Types a speaker may have (SCHEMA.md): an entity label, or GROUP for an unnamed one.
SPEAKER_TYPES = ("PER", "ORG", "GPE", "GROUP")
NAME_JOINERS = frozenset(normalize_text(w) for w in ("بن", "بنت", "آل", "أبو", "ابن", "أبا", "عبد", "أم", "ال"))
#: Nouns heading an organisation: an unnamed "الشركة" or "الوزارة" speaks as an ORG.
ORG_HEADS = frozenset(normalize_text(w) for w in (
    "الشركة", "الوزارة", "الهيئة", "اللجنة", "الجمعية", "الإدارة", "المديرية", "الرئاسة", "الأمانة",
    "البلدية", "الجامعة", "النادي", "الاتحاد", "المجلس", "الحكومة", "المنظمة", "المؤسسة", "الصندوق",
    "البنك", "المصرف", "الشرطة", "الجيش", "القيادة", "السلطات", "السفارة", "القنصلية", "المحكمة",
    "النيابة", "الحزب", "الحركة", "الجماعة", "الوكالة", "الصحيفة", "القناة", "المركز", "المستشفى",
))


@dataclass(frozen=True, slots=True)
class Speaker:
    """A speaker found in the text: the span naming them, their entity, a display name and type.

    ``how`` says how the name was reached: ``named`` (a name, state or document at the cue),
    ``role`` (a title joined to a person), ``group`` (an unnamed noun phrase).
    """

    start: int
    end: int
    entity: str | None
    name: str
    type: str
    how: str


@dataclass(frozen=True, slots=True)
class People:
    """The article's mentions indexed for speaker lookup (see the module docstring)."""

    by_start: dict[int, tuple[int, str]]  # start -> (end, entity id), titles joined to names
    by_end: dict[int, tuple[int, str]]
    canonical: dict[str, str]
    labels: dict[str, str]
    role_only: frozenset[str]  # entities known only by a title
    role_starts: frozenset[int]  # mention starts that are titles
    descriptors: dict[str, list[tuple[int, str]]]  # descriptor noun ("الشاعر") -> (offset, entity id), in order
    surnames: dict[str, str]  # normalised last name word of one person -> entity id ("الغامدي")
    gender: dict[str, str] = field(default_factory=dict)  # "m"/"f" from the titles before a name
    starts: tuple[int, ...] = ()  # the keys of by_start, sorted

    def described(self, noun: str, pos: int) -> str | None:
        """The person last described by ``noun`` before ``pos``: "وأوضح الدكتور" after "الدكتور
        خالد …" then "الدكتور سعيد …" is سعيد."""
        best = None
        for at, eid in self.descriptors.get(noun, ()):
            if at < pos:
                best = eid
        return best

    def learn(self, noun: str, pos: int, eid: str) -> None:
        """Record that the title headed by ``noun`` at ``pos`` names ``eid`` ("منتج مسلسل … الفنان
        سامر العلي" makes a later "وقال المنتج" سامر العلي).  Blocks are parsed in text order."""
        if noun.startswith("ال") and len(noun) > 4:
            rows = self.descriptors.setdefault(noun, [])
            rows.append((pos, eid))
            rows.sort()


def _is_title_word(norm: str) -> bool:
    lex = titles()
    return norm in lex.firsts or any(norm in lex.words.get(k, frozenset()) for k in ("honorific", "def"))


def people_index(article: Article) -> People:
    """Index every mention; a title right before a name of the same person becomes one span."""
    by_start: dict[int, tuple[int, str]] = {}
    canonical = {e.id: e.canonical for e in article.entities}
    labels = {e.id: e.label for e in article.entities}
    role_only = frozenset(e.id for e in article.entities if e.mentions and all(m.kind == "role" for m in e.mentions))
    role_starts: set[int] = set()
    for e in article.entities:
        for m in e.mentions:
            cur = by_start.get(m.start)
            if cur is None or cur[0] < m.end:
                by_start[m.start] = (m.end, e.id)
            if m.kind == "role":
                role_starts.add(m.start)
    text = article.text
    honorifics = titles().words.get("honorific", frozenset())
    for s in sorted(by_start):
        end, eid = by_start[s]
        for _ in range(3):
            k = end
            while k < len(text) and text[k] in " ،,":
                k += 1
            nxt = by_start.get(k)
            if nxt and nxt[1] == eid and k - end <= 3:
                end = nxt[0]
                continue
            h = k  # an honorific between title and name ("رئيس اللجنة الدكتور عبدالعزيز الحربي")
            for word in text[k : k + 40].split()[:2]:
                if normalize_text(word) not in honorifics:
                    break
                h = text.index(word, h) + len(word)
                while h < len(text) and text[h] == " ":
                    h += 1
            if h > k and by_start.get(h, (0, ""))[1] == eid:
                end = by_start[h][0]
                continue
            break
        by_start[s] = (end, eid)
    by_end: dict[int, tuple[int, str]] = {}
    for s, (e_end, eid) in by_start.items():
        if e_end not in by_end or by_end[e_end][0] > s:
            by_end[e_end] = (s, eid)
    # descriptor nouns written before a person's name: "الشاعر إبراهيم الحسين", "اللاعب عمر السومه"
    descriptors: dict[str, list[tuple[int, str]]] = {}
    for e in article.entities:
        if e.label != "PER":
            continue
        for m in e.mentions:
            if m.kind != "name":
                continue
            before = text[max(0, m.start - 40) : m.start].split()
            if len(before) > 1 and normalize_text(before[-1]).endswith(("ي", "يه")) and before[-1].startswith("ال"):
                before = before[:-1]  # "اللاعب السوري عمر السومه"
            if before:
                d = normalize_text(before[-1].strip("،,"))
                if d.startswith(("وال", "فال")):
                    d = d[1:]
                if d.startswith("ال") and len(d) > 4:
                    descriptors.setdefault(d, []).append((m.start, e.id))
            head = _title_before(text, m.start)
            if head is not None and head != (d if before else ""):
                descriptors.setdefault(head, []).append((m.start, e.id))
    for rows in descriptors.values():
        rows.sort()
    # a surname alone ("وطالب الغامدي") is a short form of the one person whose name ends with it
    last: dict[str, list[str]] = {}
    for e in article.entities:
        ws = normalize_text(e.canonical).split()
        if e.label == "PER" and len(ws) >= 2 and len(ws[-1]) > 2:
            last.setdefault(ws[-1], []).append(e.id)
            if not ws[-1].startswith("ال"):
                last.setdefault("ال" + ws[-1], []).append(e.id)
    surnames = {k: v[0] for k, v in last.items() if len(set(v)) == 1}
    return People(by_start, by_end, canonical, labels, role_only, frozenset(role_starts), descriptors, surnames,
                  _genders(article), tuple(sorted(by_start)))


#: Feminine forms of a title that name a place or body instead: "المحافظة" is a province.
PLACE_FEMININES = frozenset(normalize_text(w) for w in ("محافظ",))


#: How many words before a name the title it holds is looked for ("وزير الخارجية، الأمير فيصل …").
TITLE_REACH = 8


def _title_before(text: str, pos: int) -> str | None:
    """The head of the title written before the name at ``pos``, in its definite form:
    "وزير الخارجية، الأمير فيصل بن فرحان" -> "الوزير", "المتحدث الرسمي لشرطة منطقة مكة المكرمة
    العقيد عاطي القرشي" -> "المتحدث", so a later bare "وقال الوزير" or "وأضاف المتحدث الأمني" is
    that person.  An honorific right before the name (الأمير، العقيد) is passed over to the title
    before it; the search stops at a sentence mark, a verb of saying or أن."""
    lex = titles()
    honorifics = lex.words.get("honorific", frozenset())
    defs = lex.words.get("def", frozenset())
    words = text[max(0, pos - 120) : pos].split()[-TITLE_REACH:]
    for word in reversed(words):
        if any(c in word for c in ".:؛!?؟«»\"“”"):
            return None
        w = normalize_text(word.strip("،,"))
        if w.startswith(("وال", "فال")) or (w[:1] in "وف" and w[1:] in lex.firsts):
            w = w[1:]
        if w in COMPLEMENTIZERS or lookup(w) is not None:
            return None
        if w in honorifics:
            continue  # "الأمير فيصل": the honorific is a descriptor of its own; the title is before it
        if w in lex.firsts and not w.startswith("ال"):
            return "ال" + w  # "وزير الخارجية" -> "الوزير"
        if w in defs:
            return w
    return None


def _genders(article: Article) -> dict[str, str]:
    """Each person's gender ("m"/"f") as the titles written before their name show it
    ("المديرة المناوبة ريم الملحم", "رئيسة الجمعية نورة …", "السيدة …" are "f"; "الدكتور …",
    "وكيل المحافظة …" are "m").  Only a word whose masculine is a person's title or noun counts:
    "الجمعية" says nothing.  A person with both kinds of evidence is left unknown."""
    lex = titles()
    known = set(lex.firsts) | lex.words.get("honorific", frozenset()) | lex.words.get("def", frozenset())
    nouns = person_nouns()

    def gender(word: str) -> str | None:
        """"m"/"f" for a title word, "" for another definite word (the title may be further
        back), None where the words of a title end."""
        w = normalize_text(word)
        if w.startswith(("وال", "فال", "بال", "كال")):
            w = w[1:]
        elif w.startswith("لل"):
            w = "ا" + w[1:]  # "للمديرة" -> "المديرة"
        fem = w.endswith("ه") and len(w) >= 4
        base = w[:-1] if fem else w
        bare = base[2:] if base.startswith("ال") else base
        # an indefinite title must be a person noun: "مديرة" is, "محافظة" (a province) is not
        title = (base.startswith("ال") and (base in known or bare in known)) or bare in nouns \
            or (not fem and w in known)
        if title and bare not in PLACE_FEMININES:
            return "f" if fem else "m"
        return "" if w.startswith("ال") and not word.endswith(("،", ",")) else None

    seen: dict[str, set[str]] = {}
    for e in article.entities:
        if e.label != "PER":
            continue
        for m in e.mentions:
            if m.kind == "role":
                words = m.text.split()
                g = gender(words[0]) if words else None
                if g:
                    seen.setdefault(e.id, set()).add(g)
                continue
            for word in reversed(article.text[max(0, m.start - 50) : m.start].split()[-3:]):
                g = gender(word)
                if g:
                    seen.setdefault(e.id, set()).add(g)
                if g != "":
                    break  # a title found, or the title words end here ("… سارة ومحمد")
    return {eid: next(iter(gs)) for eid, gs in seen.items() if len(gs) == 1}


def speaks_as_state(canonical: str) -> bool:
    """A place that speaks for its state ("وأعلنت السعودية", "قالت واشنطن"); a city never does."""
    if normalize_text(canonical) in STATE_WORDS:
        return True
    entry = gazetteer_lookup(canonical)
    return entry is not None and entry.kind in ("country", "capital")


#: Words that stand for a state without being its name.
STATE_WORDS = frozenset(normalize_text(w) for w in ("المملكة", "الدولة", "المملكة العربية السعودية"))


def conj_split(norm: str) -> bool:
    """Is the leading و/ف of ``norm`` a conjunction ("والمصادر") rather than a letter ("وتيرة")?"""
    counts = stem_counts()
    rest = norm[1:]
    return rest.startswith("ال") or counts.get(rest, 0) >= counts.get(norm, 0)


def preposition_split(norm: str) -> bool:
    """Does ``norm`` start with the preposition ب/ل/ك ("بمصادقة") rather than a letter ("بيان")?"""
    if len(norm) < 4 or norm[0] not in "بلك" or norm.startswith(("بال", "لل", "كال")):
        return norm.startswith(("بال", "لل", "كال")) and len(norm) > 4
    counts = stem_counts()
    return counts.get(norm[1:], 0) > 2 * counts.get(norm, 0) + 2


def is_group(w: Word) -> bool:
    """Does ``w`` head an unnamed-speaker phrase (مصادر، المسؤولون، الأهالي …)?"""
    heads = group_heads()
    return any(f in heads or (f.startswith("ال") and f[2:] in heads) for f in (w.norm, w.bare, w.stem))


def stopper(w: Word) -> bool:
    """A word that ends a speaker noun phrase."""
    if w.kind != "word":
        return True
    n = w.norm
    if n in COMPLEMENTIZERS or n in COMPLEMENTIZER_PRONOUNS or n in TIME_WORDS or n in RELATIVES:
        return True
    if n in adverbials() or w.stem in adverbials() or w.bare in adverbials():
        return True
    return lookup(n) is not None


class SpeakerParser:
    """Finds speakers in one block's words, using the article's :class:`People`."""

    def __init__(self, text: str, words: Sequence[Word], people: People) -> None:
        self.text = text
        self.words = words
        self.people = people
        self._starts = [w.start for w in words]

    # ------------------------------------------------------------------ helpers

    def _may_speak(self, eid: str) -> bool:
        label = self.people.labels.get(eid)
        if label == "GPE":
            return speaks_as_state(self.people.canonical.get(eid, ""))
        return label in ("PER", "ORG", "MISC")

    def mention_at(self, i: int) -> tuple[int, str] | None:
        w = self.words[i]
        hit = self.people.by_start.get(w.start) or self.people.by_start.get(w.stem_start)
        if hit is None and w.kind == "word" and w.stem in self.people.surnames:
            return w.end, self.people.surnames[w.stem]  # a surname alone: the person's short form
        return hit

    def word_after(self, offset: int) -> int:
        """Index of the first word starting at or after ``offset``."""
        from bisect import bisect_left

        return bisect_left(self._starts, offset)

    def _make(self, i: int, j: int, entity: str | None, how: str, typ: str | None = None,
              name_from: int | None = None, name: str | None = None) -> Speaker:
        ws = self.words
        start = ws[i].stem_start if (entity or name_from is not None) else ws[i].start
        if ws[i].bare != ws[i].norm and ws[i].stem_start == ws[i].start and conj_split(ws[i].norm):
            start = ws[i].start + 1  # "والمصادر" -> "المصادر" (but "وتيرة" keeps its و)
        end = ws[j - 1].end
        if name is None:
            if entity:
                name = self.people.canonical.get(entity, self.text[start:end])
            else:
                k = name_from if name_from is not None else i
                s = ws[k].stem_start if k != i else start
                name = self.text[s:end]
                if ws[k].stem.startswith("ال") and not normalize_text(name).startswith("ال"):
                    name = "ا" + name  # "للحكومة" -> "الحكومة"
        if typ is None:
            typ = self.people.labels.get(entity, "PER") if entity else "GROUP"
            if typ not in SPEAKER_TYPES:
                typ = "ORG" if typ == "MISC" else "GPE"
        return Speaker(start, end, entity, name, typ, how)

    def skip_addressee(self, i: int, limit: int) -> int:
        """Skip "لـ"الوطن""، "لـ«عكاظ»"، "للصحفيين"، "له"، time words and channels ("في بيان")."""
        ws = self.words
        first = i
        while i < limit:
            w = ws[i]
            if w.text in ("-", "–", "(") and (close := self._parenthetical(i, limit)) > i:
                i = close  # "- حفظه الله -", "(أيده الله)"
            elif w.norm in TIME_WORDS or w.kind == "number" or w.text in ("(", ")", "-", "/"):
                i += 1
            elif w.text in "«“\"" and i > first and ws[i - 1].kind == "word" \
                    and (close := self._short_quote(i, limit)) > i:
                i = close  # 'عبر شركة السوق المالية "تداول"': a quoted name closing an adverbial
            elif w.norm in ("ل", "لـ") and i + 1 < limit:
                i += 1
                if ws[i].text in MARKS:
                    k = i + 1
                    while k < limit and k - i < 8 and ws[k].text not in MARKS:
                        k += 1
                    i = k + 1 if k < limit else i
                else:
                    m = self.mention_at(i)
                    i = self.word_after(m[0]) if m else i + 1
            elif w.norm in PRONOUN_PPS or (w.norm.startswith("لل") and w.norm in adverbials()) or w.text in ("،", ","):
                i += 1
            elif w.norm in HONORIFIC_PRONOUNS or w.bare in HONORIFIC_PRONOUNS:
                i += 1  # "ونقل معاليه …": the person named before speaks
            elif w.norm in OCCASION_PREPS and i + 1 < limit and ws[i + 1].kind == "word":
                k = i + 1
                m = self.mention_at(k)
                k = self.word_after(m[0]) if m else k + 1
                while k < limit and k - i < 4 and (ws[k].kind == "number" or ws[k].norm in TIME_WORDS or (
                        ws[k].kind == "word" and ws[k].stem.startswith("ال") and not self.mention_at(k)
                        and not stopper(ws[k]))):
                    k += 1
                i = k  # "خلال الاستقبال", "لدى وصوله"
            elif w.stem_start != w.start and w.norm[:1] == "ل" and (m := self.mention_at(i)) is not None:
                i = self.word_after(m[0])  # "لخادم الحرمين الشريفين": the addressee
            elif w.norm.startswith("ل") and len(w.norm) > 2 and i + 1 < limit and ws[i + 1].text in MARKS:
                i += 1  # 'لـ"سبق"' split as ل+word
            elif w.norm.startswith("ل") and (m := self.mention_at(i)) is not None \
                    and self.people.labels.get(m[1]) == "ORG":
                i = self.word_after(m[0])  # "لعكاظ"
            else:
                c = match_phrase("channel", ws, i)
                if c > i:
                    i = c
                    while i < limit and (ws[i].norm in ("له", "لها", "صحفي", "صحافي", "رسمي", "صحفية", "صحافية")
                                         or (ws[i].norm in adverbials() and ws[i].norm.startswith("لل"))):
                        i += 1
                    if i < limit and (ws[i].norm in ("ل", "لـ") or ws[i].norm.startswith("ل")):
                        continue
                    continue
                break
        return i

    def _short_quote(self, i: int, limit: int) -> int:
        """The index after a quoted name of one to three words at ``words[i]``, or ``i``."""
        ws = self.words
        closer = {"«": "»", "“": "”"}.get(ws[i].text, ws[i].text)
        for k in range(i + 2, min(limit, i + 5)):
            if ws[k].text == closer:
                return k + 1
            if ws[k].kind != "word":
                break
        return i

    def _parenthetical(self, i: int, limit: int) -> int:
        """The index after a short aside between dashes or brackets at ``words[i]``, or ``i``."""
        ws = self.words
        close = ")" if ws[i].text == "(" else ws[i].text
        for k in range(i + 1, min(limit, i + 7)):
            if ws[k].text == close or (close in "-–" and ws[k].text in "-–"):
                return k + 1 if k > i + 1 else i
        return i

    def noun_phrase(self, i: int, limit: int, max_words: int = 6) -> int:
        """End of the noun phrase at ``words[i]``: a construct chain, its adjectives, and mentions in it.

        An indefinite word after a definite one starts a new phrase ("المصدر الانتهاء" is
        not one phrase, "وتوقع المصدر الانتهاء من …"), and so does a word that carries a
        preposition ("مصدر عسكري بقاعدة العند").
        """
        ws = self.words
        j = i
        definite_seen = False
        while j < limit and j - i < max_words:
            w = ws[j]
            adjective = w.norm in TIME_ADJECTIVES and j > i and not definite_seen and not (
                j + 1 < limit and (ws[j + 1].norm in TIME_WORDS or ws[j + 1].kind == "number"
                                   or ws[j + 1].stem.startswith("ال")))
            if (stopper(w) and not adjective) or w.norm in DEMONSTRATIVES:
                break  # "مصدر مطلع" is an informed source; "مطلع العام" a time
            m = self.mention_at(j)
            if m and j > i:
                if self.people.labels.get(m[1]) in ("GPE", "LOC") and definite_seen:
                    break
                j = self.word_after(m[0])
                definite_seen = True
                continue
            if j > i and w.norm[:2] == "لل" and not definite_seen and j == i + 1:
                j += 1  # "استطلاع للرأي", "مصدر للوكالة": ل marks the genitive of an indefinite head
                definite_seen = True
                continue
            if (j > i and w.stem != w.bare and not w.stem.startswith("ال")) or (j > i and w.norm[:2] in ("بال", "لل")):
                break  # a prepositional phrase
            definite = w.stem.startswith("ال") or w.norm.startswith("ال")
            if definite_seen and not definite:
                break
            if definite and j > i and definite_seen and (_masdar_like(w.stem) or not _adjective_like(w)):
                break  # "توقع المصدر الانتهاء", "أعلنت الشرطة القبض": the object, not an adjective
            definite_seen = definite_seen or definite
            j += 1
        return j

    # ------------------------------------------------------------------ after the cue

    def after(self, i: int, limit: int, generic: bool = True, skip: bool = True,
              verb: Word | None = None) -> tuple[Speaker, int] | None:
        """The speaker right after a cue at ``words[i-1]``, and the index after it.

        ``generic=False`` accepts only mentions, groups, documents and honorific names.
        """
        ws = self.words
        i0 = i
        if skip:
            i = self.skip_addressee(i, limit)
        if i < limit and ws[i].text in MARKS and (quoted := self._quoted_person(i, limit)) is not None:
            return quoted  # 'وقال «الخالدي» إن …': a person's short form in quotation marks
        if i >= limit or ws[i].kind != "word":
            return None
        skipped_occasion = any(ws[x].norm in OCCASION_PREPS for x in range(i0, i))
        w = ws[i]
        if w.norm in not_speakers() or w.bare in not_speakers() or w.norm in PRONOUNS or w.stem in speech_nouns():
            return None  # "تعالى", "هو", "صيحات التكبير": not who speaks
        if verb is not None and _disagrees(w, verb):
            return None  # "دعت المجتمع الدولي", "ودعا المقبولات": the object, not the subject
        m = self.mention_at(i)
        if m:
            j = self.word_after(m[0])
            eid = m[1]
            label = self.people.labels.get(eid)
            if label == "LOC" or (label == "GPE" and not speaks_as_state(self.people.canonical.get(eid, ""))):
                return None
            how = "role" if (w.start in self.people.role_starts or w.stem_start in self.people.role_starts) \
                and eid not in self.people.role_only else "named"
            if how == "role":
                j = self._past_own_name(j, limit, eid)  # "مدير الدفاع المدني بالمنطقة اللواء مستور الحارثي"
                span = normalize_text(self.text[ws[i].start : ws[j - 1].end])
                if normalize_text(self.people.canonical.get(eid, "-")) in span:
                    how = "named"  # "رئيس الوزراء العراقي مصطفى الكاظمي": the name is at the cue
            if eid in self.people.role_only:
                # a title whose name the entity stage missed: "… العقيد سعيد سرحان"
                named = self._honorific_name(j, limit) if self._apposition_at(j) else None
                if named is not None:  # not "مدير مكتب الأمير X": the genitive of an indefinite title
                    _k, e, nm = named
                    return self._make(i, e, eid, "named", "PER", name=nm), e
                ap = self.apposed_name(j, limit)
                if ap is not None:  # "رئيس قسم الجراحة في مستشفى الملك خالد الدكتور نبيل الزهراني"
                    e, ent, nm = ap
                    if ent is not None:
                        self.people.learn(_definite_form(w.stem), w.start, ent)
                    return self._make(i, e, ent, "named", "PER", name=nm), e
                d = self.people.described(_definite_form(w.stem), w.start)
                if d:
                    return self._make(i, j, d, "role"), j
                return self._make(i, j, eid, "role", "PER"), j
            if label == "ORG":
                while j < limit and ws[j].stem.startswith("ال") and ws[j].stem.endswith(("ي", "يه")) \
                        and not self.mention_at(j):
                    j += 1  # "البنك العربي [الوطني]": an adjective the name left out
            return self._make(i, j, eid, how), j
        if w.stem in source_phrases().get("statement", {}) and i + 1 < limit:
            # "بيان للحكومة العراقية", "بيان صادر عن الوزارة", "بيان لها"
            k = i + 1
            if ws[k].norm in ("صادر", "الصادر") and k + 1 < limit:
                k += 1
            if ws[k].norm in ("عن", "من") and k + 1 < limit:
                k += 1
            if k < limit and ws[k].kind == "word" and (ws[k].norm.startswith("ل") or k > i + 1) \
                    and ws[k].norm not in ("له", "لها", "لهم"):
                mk = self.mention_at(k)
                j = self.word_after(mk[0]) if mk else self.noun_phrase(k, limit, 4)
                if j > k:
                    typ = self.people.labels.get(mk[1], "ORG") if mk else "ORG"
                    return self._make(i, j, mk[1] if mk else None, "named", typ if typ in SPEAKER_TYPES else "ORG",
                                      name_from=k), j
            return None
        named = self._honorific_name(i, limit)
        if named is not None:
            _k, e, nm = named
            return self._make(i, e, None, "named", "PER", name=nm), e
        if is_group(w):
            j = self.noun_phrase(i, limit, 4)
            j = max(j, i + 1)
            if w.bare not in PARTITIVES and (named_group := self._named_in_group(i, j, limit)) is not None:
                return named_group  # "الخبير في شؤون الطاقة الدكتور سعد الحربي": a person, not a group
            if w.bare in PARTITIVES and j < limit and ws[j].norm == "من" and j + 1 < limit:
                # "عدد من شباب الطائف", "عشرات من المواطنين": the group is the whole partitive
                m = self.mention_at(j + 1)
                j = self.word_after(m[0]) if m else max(self.noun_phrase(j + 1, limit, 3), j + 2)
            j = self._group_place(self._quoted_name(j, limit), limit)
            return self._make(i, j, None, "group", "GROUP"), j
        if not generic and not stopper(w) and _title_head(w) and (j0 := self.noun_phrase(i, limit)) > i \
                and (ap := self.apposed_name(self._quoted_name(j0, limit), limit)) is not None and ap[1] is not None:
            e, known_ent, nm = ap  # "وقدم مدير عام الشؤون الصحية بمنطقة الجوف حسين الراوي شكره": a named person
            if known_ent is not None:
                self.people.learn(_definite_form(w.stem), w.start, known_ent)
            return self._make(i, e, known_ent, "named", "PER", name=nm), e
        if not generic or stopper(w) or w.norm in DEMONSTRATIVES or match_phrase("channel", ws, i) > i:
            return None
        if skip and ((w.stem_start != w.start and w.norm[:1] in "بلك") or preposition_split(w.norm)):
            return None  # "أخبرته بحالتي", "رحبوا بمصادقة البرلمان": a prepositional phrase, not a subject
        if skipped_occasion and not (w.stem.startswith("ال") or w.norm.startswith("ال")):
            return None  # "كما أعلن، بعد وقت قصير …": "قصير" is the end of an adverbial, not a speaker
        j = self._quoted_name(self.noun_phrase(i, limit), limit)
        if j == i:
            return None
        head = _definite_form(w.stem)
        if j == i + 1 and w.stem.startswith("ال") and head not in ORG_HEADS and head not in MEDIA_HEADS \
                and (bare_name := self._bare_name(j, limit)) is not None:
            return self._make(i, bare_name, None, "named", "PER", name_from=j), bare_name  # "الشيف لازارين أن"
        if head not in ORG_HEADS and not is_group(w) and (ap := self.apposed_name(j, limit)) is not None:
            e, ent0, nm = ap  # "منتج مسلسل «ليالي الصيف» الفنان سامر علي"
            if ent0 is not None:
                self.people.learn(head, w.start, ent0)
            return self._make(i, e, ent0, "named", "PER", name=nm), e
        d = self.people.described(head, w.start)
        if d and (j == i + 1 or all(_adjective_like(x) for x in ws[i + 1 : j])):  # "وأضاف المدير العام"
            return self._make(i, j, d, "role"), j
        ent = None
        for k in range(i, j):
            mk = self.mention_at(k)
            if mk and self.people.labels.get(mk[1]) == "PER":
                ent = mk[1]
                break
        typ = "ORG" if head in ORG_HEADS else ("PER" if ent or _is_title_word(head) else "GROUP")
        return self._make(i, j, ent, "named" if ent else "group", typ), j

    def _quoted_name(self, j: int, limit: int) -> int:
        """'صحيفة "gsp" الرومانية': a media noun's quoted name (and its nisba) belong to the speaker."""
        ws = self.words
        if j >= limit or ws[j].text not in "«“\"" or (close := self._short_quote(j, limit)) == j:
            return j
        nxt = ws[close] if close < limit else None
        framed = nxt is not None and (nxt.text in (":", "«", "“", '"') or nxt.norm in COMPLEMENTIZERS)
        if ws[j - 1].stem not in MEDIA_HEADS and not framed:
            return j  # 'وقال ممثل "يورو سبورت": …': a quoted name before the words belongs to the speaker
        while close < limit and ws[close].stem.startswith("ال") and ws[close].stem.endswith(("ي", "يه")):
            close += 1
        return close

    def _group_place(self, j: int, limit: int) -> int:
        """"متخصصون [في القطاع]", "تقارير صحفية [في غانا]": where an unnamed group is from."""
        ws = self.words
        if j + 1 >= limit or ws[j].norm not in ("في", "من", "لدى", "داخل"):
            return j
        m = self.mention_at(j + 1)
        if m:
            k = self.word_after(m[0])
        elif ws[j + 1].stem.startswith("ال") and not stopper(ws[j + 1]):
            k = self.noun_phrase(j + 1, limit, 3)
        else:
            return j
        return k

    def _past_own_name(self, j: int, limit: int, eid: str) -> int:
        """After a title, the index past the same person's name written a few words on, or ``j``."""
        ws = self.words
        for k in range(j, min(limit, j + 14)):
            w = ws[k]
            m = self.mention_at(k)
            if m and m[1] == eid:
                return self.word_after(m[0])
            if w.kind == "punct" and w.text not in ("،", ","):
                break
            if w.norm in COMPLEMENTIZERS or w.norm in COMPLEMENTIZER_PRONOUNS:
                break
        return j

    def apposed_name(self, j: int, limit: int) -> tuple[int, str | None, str] | None:
        """The person a title phrase ending at ``words[j]`` names after its complement, however long:
        "منتج مسلسل «ليالي الصيف» الفنان سامر علي", "القيادي في حزب الأمة في عدن محمد سالم",
        "مدير عام الشؤون الصحية بمنطقة تبوك الدكتور فهد الخالدي".  Returns (end index, entity, name).

        The complement is read word by word (names, quoted titles, prepositional phrases) up to
        the words that open the content (أن/إن, a colon, a cue, a long quotation) or a sentence end.
        A name in it is the title's holder only in apposition: after an honorific, a name, a
        quoted title or a definite word.  After an indefinite noun or a preposition it is a
        genitive ("مدير مكتب الأمير محمد", "حملة المرشح جو بايدن", "باسم الرئيس …"): the
        complement, not the speaker.
        """
        ws = self.words
        lex = titles()
        k = j
        while k < limit and k - j < APPOSITION_REACH:
            w = ws[k]
            if w.text in MARKS:
                close = self._short_quote(k, limit)
                if close == k:
                    return None  # a quotation that is not a short title: the content
                k = close
                continue
            if w.kind != "word":
                if w.text in ("،", ",") and k + 1 < limit and (lex.is_("honorific", ws[k + 1])
                                                             or self._person_at(k + 1)):
                    k += 1  # "مدير الشركة، المهندس محمد سالم، إن"
                    continue
                if w.text in ("(", ")", "-", "/"):
                    k += 1
                    continue
                return None
            if w.norm in COMPLEMENTIZERS or w.norm in COMPLEMENTIZER_PRONOUNS or w.norm in RELATIVES \
                    or w.norm in TIME_WORDS or w.norm in CONTENT_PREPS or w.norm in COMPANY_PREPS \
                    or lookup(w.norm) is not None or match_phrase("channel", ws, k) > k:
                return None  # the content, or a companion or channel: "مع الإعلامي X"، "في لقاء مع X"
            m = self.mention_at(k)
            unit = k
            if lex.is_("honorific", w) or _abbreviated_title(ws, k) \
                    or (m is None and w.stem.startswith("ال") and w.stem_start == w.start
                        and k + 1 < limit and self._person_at(k + 1)):
                named = self._honorific_name(k, limit)
                if named is None and not lex.is_("honorific", w) and k + 1 < limit:
                    named = self._honorific_name_from(k + 1, limit)  # "الشيف لازارين": a descriptor
                if named is not None and (self._apposition_at(unit) or (
                        named[0] == k + 1 and not lex.is_("honorific", w) and self._apposition_at(k + 1))):
                    nk, e, nm = named
                    mk = self.mention_at(nk)
                    return e, mk[1] if mk and self.people.labels.get(mk[1]) == "PER" else None, nm
                k = named[1] if named is not None else k + 1
                continue
            if m is not None:
                e = self.word_after(m[0])
                if self._person_at(k) and m[1] not in self.people.role_only and self._apposition_at(unit):
                    return e, m[1], self.people.canonical.get(m[1], self.text[w.start : ws[e - 1].end])
                k = max(e, k + 1)
                continue
            k += 1
        return None

    def _quoted_person(self, i: int, limit: int) -> tuple[Speaker, int] | None:
        """A known person's name or surname in quotation marks at ``words[i]`` that speaks: the
        words after it open the content (أن/إن, a colon, a quotation), so it is not the content."""
        ws = self.words
        close = self._short_quote(i, limit)
        if close == i or close >= limit:
            return None
        nxt = ws[close]
        if not (nxt.norm in COMPLEMENTIZERS or nxt.norm in COMPLEMENTIZER_PRONOUNS or nxt.text in (":", "«", "“", '"')
                or self.skip_addressee(close, limit) > close):
            return None
        m = self.mention_at(i + 1)
        if m is None or self.word_after(m[0]) != close - 1 or not self._person_at(i + 1):
            return None
        return self._make(i + 1, close - 1, m[1], "named"), close

    def _named_in_group(self, i: int, j: int, limit: int) -> tuple[Speaker, int] | None:
        """A known person named in apposition inside or after an unnamed-speaker phrase
        ``words[i:j]`` ("الخبير الاقتصادي محمد سالم", "الناشطة الحقوقية سارة العلي", "الخبير في
        شؤون الطاقة الدكتور سعد الحربي"): the phrase describes that person."""
        for k in range(i + 1, j):
            if self._person_at(k) and self._apposition_at(k):
                m = self.mention_at(k)
                assert m is not None
                e = self.word_after(m[0])
                return self._make(i, e, m[1], "named", "PER"), e
        ap = self.apposed_name(j, limit)
        if ap is None:
            return None
        e, ent, nm = ap
        if ent is None:
            return None
        self.people.learn(_definite_form(self.words[i].stem), self.words[i].start, ent)
        return self._make(i, e, ent, "named", "PER", name=nm), e

    def _bare_name(self, j: int, limit: int) -> int | None:
        """After a descriptor ("الشيف", "المواطن"), one to three words that can only be a name the
        entity stage missed, because the content opens right after them: "وشرح لنا الشيف لازارين
        أن …".  Returns the index after the name."""
        ws = self.words
        k = j
        while k < limit and k - j < 3:
            x = ws[k]
            if x.kind != "word" or stopper(x) or x.stem.startswith("ال") or x.stem != x.bare \
                    or x.norm in DEMONSTRATIVES or x.norm in PRONOUNS or x.norm in SAME_WORDS \
                    or x.norm in PREPOSITION_WORDS or x.norm in not_speakers() or len(x.norm) < 3 or x.norm in ADVERBS \
                    or (x.norm.endswith("ا") and len(x.norm) >= 5):
                break  # "شخصيا", "رسميا", "تحديدا": an adverb in the accusative, not a name
            k += 1
        if k == j or k >= limit:
            return None
        nxt = ws[k]
        return k if nxt.norm in COMPLEMENTIZERS or nxt.norm in COMPLEMENTIZER_PRONOUNS or nxt.text == ":" else None

    def _inside_mention(self, offset: int) -> bool:
        """Is ``offset`` inside a name mention ("خالد" in "جامعة الملك خالد"; a title is not a name)?"""
        starts = self.people.starts
        n = bisect_right(starts, offset) - 1
        # the last few mentions starting before it (one may hold another: "جامعة الملك خالد")
        return any(self.people.by_start[starts[m]][0] > offset and starts[m] not in self.people.role_starts
                   for m in range(n, max(-1, n - 4), -1))

    def _person_at(self, k: int) -> bool:
        m = self.mention_at(k)
        return m is not None and self.people.labels.get(m[1]) == "PER" and m[1] not in self.people.role_only

    def _honorific_name_from(self, k: int, limit: int) -> tuple[int, int, str] | None:
        """A known person's name at ``words[k]`` (for a descriptor not in the honorific list)."""
        m = self.mention_at(k)
        if m is None or not self._person_at(k):
            return None
        e = self.word_after(m[0])
        return k, e, self.people.canonical.get(m[1], self.text[self.words[k].start : self.words[e - 1].end])

    def _apposition_at(self, u: int) -> bool:
        """Does a name (or honorific) at ``words[u]`` stand in apposition to the phrase before it?

        Yes after a closing mark, a comma, a name, or a definite word whose own head is not an
        indefinite noun of the complement ("حملة المرشح جو بايدن" is a genitive); no after an
        indefinite noun ("مكتب الأمير") or a preposition, or when the name carries one (ب/ل/ك).
        """
        ws = self.words
        if not 0 <= u < len(ws):
            return False  # the block ended before a name could follow (found by atheris)
        w = ws[u]
        if w.stem_start != w.start and w.norm[:1] in "بلك":
            return False  # "لمحمد سالم", "بالأمير": a prepositional object
        if u == 0:
            return False
        p = ws[u - 1]
        if p.kind != "word":
            return p.text in MARKS or p.text in ("،", ",", ")")
        before = self.people.by_end.get(p.end)
        if (before is not None and before[0] not in self.people.role_starts) or self._inside_mention(p.start):
            return True  # "في عدن محمد سالم", "بمنطقة تبوك الدكتور …" (a name, even one drawn too long)
        if p.norm in PREPOSITION_WORDS or p.norm in PREPOSITION_WORDS_:
            return False
        if not (p.stem.startswith("ال") or p.norm.startswith("ال")):
            return False  # "مكتب الأمير محمد": the name is the genitive of an indefinite noun
        if p.stem_start != p.start and p.norm[:1] in "بلك" and not p.norm.startswith(("بال", "لل", "كال")):
            return False
        q = ws[u - 2] if u >= 2 else None
        lex = titles()
        # "حملة المرشح جو بايدن": the person noun المرشح is حملة's genitive and the name apposes it,
        # not the title; "أستاذ الاقتصاد الدكتور فهد": الاقتصاد is no person, the name apposes the title
        construct = q is not None and q.kind == "word" and not (q.stem.startswith("ال") or q.norm.startswith("ال")) \
            and self.people.by_end.get(q.end) is None and q.norm not in GENERAL_WORDS \
            and not any(f in lex.firsts for f in q.forms()) and not lex.is_("inst", q) and _title_head(p)
        return not construct

    def _honorific_name(self, i: int, limit: int) -> tuple[int, int, str] | None:
        """[honorifics] NAME at ``words[i]``: (first name word, end index, name), for a name the
        entity stage may have missed.

        Only after an honorific or rank (الدكتور، العقيد، المهندس): two to four words that
        are not function words, cues or time words, with بن/آل/أبو inside.
        """
        ws = self.words
        lex = titles()
        k = i
        while k < limit and (lex.is_("honorific", ws[k]) or _abbreviated_title(ws, k)):
            k += 2 if _abbreviated_title(ws, k) else 1
        if k == i or k >= limit:
            return None
        if ws[k].text in MARKS and (close := self._short_quote(k, limit)) > k:
            # 'وأكد العقيد "القرشي"': a quoted surname, the person named in full elsewhere
            inner = ws[k + 1 : close - 1]
            eid = self.people.surnames.get(inner[-1].stem) if inner else None
            name = self.people.canonical[eid] if eid else self.text[inner[0].start : inner[-1].end]
            return k + 1, close, name
        m = self.mention_at(k)
        if m and self.people.labels.get(m[1]) == "PER":
            j = self.word_after(m[0])
            return k, j, self.people.canonical.get(m[1], self.text[ws[k].start : ws[j - 1].end])
        j = k
        while j < limit and j - k < 4:
            x = ws[j]
            if x.kind != "word" or stopper(x) or x.norm in DEMONSTRATIVES or lex.is_("honorific", x):
                break
            if x.text.startswith(("ال", "وال")) and j == k:
                break  # a name does not start with the article
            if x.stem != x.bare and j > k and x.norm not in NAME_JOINERS and not x.norm.startswith("ال"):
                break
            j += 1
        if j - k < 2 and not (j - k == 1 and j < limit and ws[j].text in MARKS):
            return None
        return k, j, self.text[ws[k].start : ws[j - 1].end]

    # ------------------------------------------------------------------ before the cue

    def topic(self, a: int, b: int) -> Speaker | None:
        """The topic between أما and its ف (``words[a:b]``): the speaker of "أما X فيقول"."""
        if not 0 < b - a <= 6:
            return None
        ws = self.words
        m = self.mention_at(a)
        if m and self.word_after(m[0]) == b and self._may_speak(m[1]):
            return self._make(a, b, m[1], "named")
        if any(stopper(w) for w in ws[a:b]):
            return None
        typ = "GROUP" if is_group(ws[a]) else "PER"
        return self._make(a, b, None, "group" if typ == "GROUP" else "named", typ)

    def before_mention(self, i: int, sent_start: int) -> Speaker | None:
        """A name or title ending right before the cue at ``words[i]`` (past "قد"، "كان"): the subject."""
        ws = self.words
        p = i - 1
        while p >= 0 and ws[p].start >= sent_start and (ws[p].norm in AUXILIARIES or ws[p].text in ("،", ",")):
            p -= 1
        if p < 0 or ws[p].start < sent_start or ws[p].kind != "word":
            return None
        hit = self.people.by_end.get(ws[p].end)
        if hit and _disagrees(ws[p], ws[i]) and self.people.labels.get(hit[1]) != "PER":
            return None
        if hit and self.people.labels.get(hit[1]) != "PER" and i - p > 1:
            # "البيج، رئيس حكومة ولاية شلزفيغ، كان قد شكك": the subject is before the apposition
            c = p
            while c > 0 and ws[c].start >= sent_start and p - c < 12 and ws[c].text not in ("،", ","):
                c -= 1
            if c > 0 and ws[c].text in ("،", ",") and (h2 := self.people.by_end.get(ws[c - 1].end)) \
                    and self.people.labels.get(h2[1]) == "PER":
                hit, p = h2, c - 1
        if not hit or not self._may_speak(hit[1]):
            return None
        k = next((x for x, w in enumerate(ws) if hit[0] in (w.start, w.stem_start)), None)
        if k is None or ws[k].start < sent_start:
            return None
        after_prep = k > 0 and ws[k - 1].kind == "word" and ws[k - 1].norm in PREPOSITION_WORDS_
        if after_prep or (ws[k].stem_start != ws[k].start and ws[k].norm[:1] in "بلك"):
            return None  # "مع الوزير قال", "للوزير قال": not the subject
        how = "role" if hit[0] in self.people.role_starts and hit[1] not in self.people.role_only else "named"
        return self._make(k, p + 1, hit[1], how)

    def antecedent(self, r: int, sent_start: int) -> Speaker | None:
        """The person, organisation or group a relative pronoun at ``words[r]`` refers to."""
        ws = self.words
        if r <= 0 or ws[r - 1].start < sent_start:
            return None
        p = r - 1
        if ws[p].text in ("،", ",") and p > 0:
            p -= 1
        hit = self.people.by_end.get(ws[p].end)
        if hit and self.people.labels.get(hit[1]) in ("PER", "ORG"):
            k = next((x for x, w in enumerate(ws) if hit[0] in (w.start, w.stem_start)), None)
            if k is not None:
                how = "role" if hit[0] in self.people.role_starts and hit[1] not in self.people.role_only else "named"
                return self._make(k, p + 1, hit[1], how)
        # "اللاعبين الذين", "المواطنين الذين": a group noun right before
        k = p
        while k > 0 and p - k < 2 and ws[k - 1].kind == "word" and not stopper(ws[k - 1]) \
                and ws[k].stem.startswith("ال"):
            if is_group(ws[k]):
                break
            k -= 1
        if is_group(ws[k]) or (ws[k].stem.startswith("ال") and ws[k].stem.endswith(("ين", "ون"))):
            return self._make(k, p + 1, None, "group", "GROUP")
        return None

    def before(self, i: int, sent_start: int) -> Speaker | None:
        """A subject right before the cue at ``words[i]`` ("الكاظمي يؤكد أن", "وكان الوزير قد أكد")."""
        ws = self.words
        if i == 0 or ws[i - 1].start < sent_start:
            return None
        p = i - 1
        while p > 0 and (ws[p].norm in AUXILIARIES or ws[p].text in ("،", ",")) and ws[p - 1].start >= sent_start:
            p -= 1
        if ws[p].kind != "word":
            return None
        hit = self.people.by_end.get(ws[p].end)
        if hit:
            k = next((x for x, w in enumerate(ws) if hit[0] in (w.start, w.stem_start)), None)
            if k is not None and self._may_speak(hit[1]):
                how = "role" if hit[0] in self.people.role_starts and hit[1] not in self.people.role_only else "named"
                return self._make(k, p + 1, hit[1], how)
        # a group or noun phrase that opens the clause: "مصادر أمنية تؤكد", "وكان المسؤولون قد أكدوا"
        first = p
        while first > 0 and ws[first - 1].start >= sent_start and ws[first - 1].kind == "word" \
                and p - first < 3 and not stopper(ws[first - 1]) and ws[first - 1].norm not in CLAUSE_OPENERS:
            first -= 1
        opener = ws[first - 1] if first > 0 and ws[first - 1].start >= sent_start else None
        if opener is not None and opener.kind == "word" and opener.norm not in CLAUSE_OPENERS:
            return None
        head = ws[first]
        if head.norm in not_speakers() or head.norm in DEMONSTRATIVES or head.norm in PRONOUNS:
            return None
        if _disagrees(head, ws[i]):
            return None  # "المجموعة يرجح أن": a passive verb after a topic, not its subject
        if self.noun_phrase(first, i) < p + 1:
            return None
        if is_group(head):
            return self._make(first, p + 1, None, "group", "GROUP")
        m = self.mention_at(first)
        if m:
            return self._make(first, p + 1, m[1], "named")
        if head.stem.startswith("ال") or head.norm.startswith("ال"):
            hd = _definite_form(head.stem)
            d = self.people.described(hd, head.start)
            if d and p == first:
                return self._make(first, p + 1, d, "role")
            typ = "ORG" if hd in ORG_HEADS else "PER" if _is_title_word(hd) else "GROUP"
            return self._make(first, p + 1, None, "group", typ)
        if titles().is_("inst", head) and p > first:
            return self._make(first, p + 1, None, "group", "ORG")  # "وكانت وزارة البترول قد أعلنت"
        if opener is not None and opener.norm in COMPLEMENTIZERS and p > first and head.stem == head.norm:
            return self._make(first, p + 1, None, "group", "GROUP")  # "أن منظمات يهودية متشددة دعت"
        return None


def _disagrees(subject: Word, verb: Word) -> bool:
    """A feminine singular noun before a masculine imperfect ("المجموعة يرجح"), or a masculine
    institution after a feminine perfect ("دعت المجتمع الدولي"): not the verb's subject."""
    v = verb.bare
    hit = lookup(verb.norm)
    if hit is None:
        return False
    if v[:1] == "ي" and subject.stem.endswith("ه") and not subject.stem.endswith(("يه", "اه")) \
            and subject.stem.startswith("ال"):
        return True
    if hit[0].form == "perfect" and v == normalize_text(hit[0].lemma) and subject.stem.startswith("ال") \
            and subject.stem.endswith(("ات", "ه")) and not subject.stem.endswith(("يه", "اه")):
        return True  # "ودعا المقبولات إلى …": a masculine verb never has a feminine noun as subject
    return hit[0].form == "perfect" and v.endswith("ت") and subject.stem in MASCULINE_HEADS


def sentence_subject(text: str, people: People, start: int, pos: int) -> Speaker | None:
    """The first person or organisation named in ``text[start:pos]`` not after a preposition."""
    starts = people.starts or tuple(sorted(people.by_start))
    for n in range(bisect_left(starts, start), bisect_left(starts, pos)):
        s = starts[n]
        end, eid = people.by_start[s]
        if people.labels.get(eid) not in ("PER", "ORG"):
            continue
        before = text[max(start, s - 12) : s].split()
        if s > 0 and not text[s - 1].isspace() and text[s - 1] in "بلك":
            continue  # "بالوزير", "للشركة"
        if before and normalize_text(before[-1]) in PREPOSITION_WORDS:
            continue
        how = "role" if s in people.role_starts and eid not in people.role_only else "named"
        return Speaker(s, end, eid, people.canonical.get(eid, text[s:end]), people.labels.get(eid, "PER"), how)
    return None


def _title_head(w: Word) -> bool:
    """Does ``w`` head a title or a description of a person (مدير، رئيس، المتحدث، الفنان، لاعب)?"""
    lex = titles()
    bare = w.stem[2:] if w.stem.startswith("ال") else w.stem
    return any(f in lex.firsts for f in w.forms()) or _is_title_word(_definite_form(w.stem)) \
        or bare in person_nouns()


def _abbreviated_title(ws: Sequence[Word], k: int) -> bool:
    """"د." (doctor), "م." (engineer), "أ." before a name."""
    return ws[k].norm in ("د", "م", "ا") and k + 1 < len(ws) and ws[k + 1].text == "."


def _definite_form(stem: str) -> str:
    return stem if stem.startswith("ال") else "ال" + stem


def _adjective_like(w: Word) -> bool:
    """A definite word that may qualify the noun before it: a nisba (الأمريكي), a participle
    (المطلعة، المسؤول), or a common adjective or title modifier (العامة، السابق، الكبرى)."""
    s = w.stem if w.stem.startswith("ال") else "ال" + w.stem
    if s.endswith(("ي", "يه", "يون", "يين", "يان", "يات")) and len(s) > 4:
        return True
    if s.startswith("الم") and len(s) >= 6:
        return True
    return s in titles().words.get("mod", frozenset()) or s in COMMON_ADJECTIVES


#: Adjectives that follow institutions and sources: "الأمانة العامة", "المصادر نفسها" aside.
COMMON_ADJECTIVES = frozenset(normalize_text(w) for w in (
    "الكبير", "الكبيرة", "الكبرى", "الصغير", "الصغرى", "العليا", "الأعلى", "العام", "العامة", "الخاص", "الخاصة",
    "الأول", "الأولى", "الثاني", "الثانية", "الآخر", "الأخرى", "الجديد", "الجديدة", "القديم", "الدائم", "الدائمة",
    "الحر", "الحرة", "الموحد", "الرسمي", "الرسمية", "الأسبق", "السابق", "السابقة", "الحالي", "المقبل",
))


def _masdar_like(stem: str) -> bool:
    """A definite verbal noun of a derived form (الانتهاء، الاستمرار، التوقيع …), not an adjective."""
    s = stem[2:] if stem.startswith("ال") else stem
    return (s.startswith(("ان", "است", "افت", "ات", "اخ")) and len(s) >= 5 and not s.endswith(("ي", "يه"))) \
        or (s.startswith("ت") and len(s) >= 5 and "ي" in s[2:-1] and not s.endswith(("ي", "يه")))
