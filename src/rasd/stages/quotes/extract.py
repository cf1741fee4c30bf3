"""Quote drafts of one block: cues, their speakers, frames and boundaries put together.

For every cue word of a block (:mod:`.cues`) the speaker is read after it or before it
(:mod:`.speakers`), the content's start from the frame (:mod:`.frames`) and its end from
the boundary rules (:mod:`.boundaries`).  Attribution phrases (:mod:`.sources`) and
"Speaker: words" headlines add their own drafts.  A draft with no speaker of its own is
resolved later, over the whole article, by :func:`rasd.stages.quotes.resolve_chain`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache, partial

from rasd.arabic.normalize import normalize_text
from rasd.article import Article, Cue, Span
from rasd.stages.quotes.boundaries import Boundaries, trim
from rasd.stages.quotes.cues import CueForm, lookup
from rasd.stages.quotes.frames import FRAME_CONFIDENCE, Frame, FrameFinder
from rasd.stages.quotes.lexicon import (
    COMPLEMENTIZERS,
    DEMONSTRATIVES,
    NEGATIONS,
    PREPOSITION_WORDS,
    PRONOUNS,
    RELATIVES,
    TIME_WORDS,
    light_verbs,
    match_phrase,
    source_phrases,
    speech_nouns,
)
from rasd.stages.quotes.marks import Quoted, Sentences
from rasd.stages.quotes.speakers import (
    CLAUSE_OPENERS,
    People,
    Speaker,
    SpeakerParser,
    conj_split,
    is_group,
    preposition_split,
    sentence_subject,
)
from rasd.stages.roles import Word, make_words

#: Words that open a fronted topic before a verb: "وبخصوص النصف الثاني عبرت الشركة عن …".
FRONTING = frozenset(normalize_text(w) for w in (
    "بخصوص", "بشأن", "حول", "بالنسبة", "تعليقا", "تعليقاً", "ردا", "رداً", "فيما", "وعن", "عن", "إلى",
))
#: Words after which a verb form is a verbal noun: "تم طلب", "جرى إعلان".
PASSIVE_AUX = frozenset(normalize_text(w) for w in ("تم", "يتم", "جرى", "يجري", "سيتم", "تمت"))
#: "أوضح ذلك X", "أكد هذا X": the cue points back at the sentence before.
INVERTING = frozenset(normalize_text(w) for w in ("ذلك", "هذا"))
AMMA = normalize_text("أما")
FIRST_PERSON_COMPS = frozenset(normalize_text(c + p) for c in ("أن", "إن", "بأن") for p in ("ني", "نا", "نني", "ننا"))
#: The cue a document's words take: "جاء في البيان أن …" (frames: أن، colon, quotation).
_SAID = CueForm("جاء", "perfect", frozenset(), "say", True)
#: Cue classes that weaken the claim that the words are speech (opinion, feeling).
SOFT_CLASSES = frozenset({"think", "feel"})


@dataclass(slots=True)
class Draft:
    """A quote under construction.

    ``speaker`` None means "resolve from context": ``mode`` says how (``clause``: the
    subject of the sentence, for a participle or masdar; ``pro``: a verb whose subject is
    dropped; ``orphan``: a quotation with no cue).
    """

    pos: int
    kind: str
    start: int
    end: int
    speaker: Speaker | None
    cue: Cue | None
    frame: str
    sentence: tuple[int, int]
    mode: str = ""
    nested: bool = False
    confidence: float = 0.5
    block: int = 0


def _passive(written: str) -> bool:
    """"قُدِّرت": a damma on the first letter of a perfect verb marks the passive: no speaker."""
    k = 1 if written[:1] in "وف" and len(written) > 3 else 0
    return len(written) > k + 1 and written[k + 1] == "\u064f"


def confidence(frame: str, cue: CueForm | None, explicit: bool) -> float:
    """0-1 from the frame, the cue's ambiguity and class, and whether the speaker is explicit."""
    c = FRAME_CONFIDENCE.get(frame, 0.6)
    if cue is not None:
        if cue.strict:
            c *= 0.9
        if cue.cls in SOFT_CLASSES:
            c *= 0.95
        if cue.form == "participle" and frame == "obj":
            c *= 0.9
    if not explicit:
        c *= 0.9
    return round(c, 2)


@lru_cache(maxsize=1)
def _bare_triggers() -> frozenset[str]:
    """Words (as written, or without و/ف) that make the drafts loop look closer when they are
    no cue: the first words of "جاء في", the speech nouns and the light verbs."""
    verbs, _nouns = light_verbs()
    return frozenset(source_phrases().get("said_in", {})) | speech_nouns() | verbs


def candidates(words: Sequence[Word]) -> tuple[list[int], list[int]]:
    """Indices of the words :meth:`BlockQuotes.drafts` acts on (a cue form, or a trigger of
    :func:`_bare_triggers`), and of those that may open an attribution phrase ("بحسب",
    "وفقا لـ": a first word of a ``source`` phrase in any of its forms).

    Why: the drafts loop and :func:`rasd.stages.quotes.sources.attribution_drafts` passed
    over every word of the block, and about 2% are either; one pass finds both."""
    triggers, firsts = _bare_triggers(), _source_firsts()
    cues: list[int] = []
    sources: list[int] = []
    for i, w in enumerate(words):
        if w.kind == "word":
            norm, bare = w.norm, w.bare
            if lookup(norm) is not None or norm in triggers or bare in triggers:
                cues.append(i)
            if norm in firsts or bare in firsts or w.stem in firsts:
                sources.append(i)
    return cues, sources


@lru_cache(maxsize=1)
def _source_firsts() -> frozenset[str]:
    return frozenset(source_phrases().get("source", {}))


def may_quote(kind: str, words: Sequence[Word], cues: list[int], sources: list[int]) -> bool:
    """Can the block hold a draft at all: a cue or trigger, an attribution phrase, or a
    headline colon (:func:`rasd.stages.quotes.sources.headline_drafts` reads only titles and
    short blocks)?  A block that cannot is skipped whole (a fifth of the blocks): building its
    parsers changes nothing."""
    if cues or sources:
        return True
    if kind == "paragraph" and len(words) > 30:
        return False
    return any(w.text == ":" for w in words)


def _trusted_source(sp: SpeakerParser, k: int) -> bool:
    """Does a trusted attribution phrase ("بحسب وزارة الصحة") start at word ``k`` of ``sp``'s block?"""
    from rasd.stages.quotes.sources import source_at

    return source_at(sp, k) is not None


class BlockQuotes:
    """Quote drafts of one block (title, subtitle, highlight or paragraph)."""

    def __init__(self, article: Article, index: int, kind: str, block: Span, people: People,
                 quoted: Sequence[Quoted], speech_quotes: dict[int, Quoted],
                 words: list[Word] | None = None, found: tuple[list[int], list[int]] | None = None) -> None:
        """``words`` and ``found`` (:func:`candidates`): when the caller has them already."""
        self.text = article.text
        self.index = index
        self.kind = kind
        self.block = block
        self.words = make_words(self.text, block.start, block.end) if words is None else words
        # the words the drafts loop and the attribution phrases act on
        self.cue_words, self.source_words = candidates(self.words) if found is None else found
        self.sp = SpeakerParser(self.text, self.words, people)
        self.people = people
        self.quoted = [q for q in quoted if block.start <= q.open < block.end or q.contains(block.start)]
        self.frames = FrameFinder(self.text, self.words, speech_quotes)
        # the source test holds the speaker parser, not this object: a bound method of self
        # kept by self.bounds would make every block a reference cycle, freed only by the
        # garbage collector, with all its words and tokens
        self.bounds = Boundaries(self.text, self.words, self.quoted, partial(_trusted_source, self.sp),
                                 (*self.cue_words, *self.source_words))
        self.sents = Sentences(self.text, block, self.quoted)
        self.dateline = article.dateline

    # ------------------------------------------------------------------ helpers

    def inside_quote(self, pos: int) -> Quoted | None:
        """The innermost quotation holding ``pos``, or None."""
        return self.sents.innermost(pos)

    def _index_range(self, s: int, e: int) -> tuple[int, int]:
        ws = self.words
        lo = self.sp.word_after(s)
        hi = self.sp.word_after(e)
        while hi > lo and ws[hi - 1].end > e:
            hi -= 1
        return lo, hi

    def _clause_initial(self, i: int, lo: int) -> bool:
        """A cue that opens a clause may drop its subject: "وأضاف", "، أكد", "كما أكد", and after
        a fronted adverbial or topic ("من جانبه أوضح", "وفي هذا السياق أكد", "وعن المشروع قال")."""
        ws = self.words
        w = ws[i]
        if w.bare != w.norm or i == lo:
            return True
        prev = ws[i - 1]
        if prev.kind == "punct" or prev.norm in CLAUSE_OPENERS or prev.norm in ("قد", "لقد"):
            return True
        # the clause starts after the last comma ("…، ومع ذلك ترى المملكة"); a fronted clause is at
        # most six words, so the comma is looked for no further back (a long line stays linear)
        for k in range(i - 1, max(lo, i - 8), -1):
            if ws[k].kind == "punct" and ws[k].text in ("،", ",", "؛", ":"):
                lo = k + 1
                break
        head = ws[lo] if ws[lo].norm not in ("و", "ف") or lo + 1 >= i else ws[lo + 1]
        fronted = head.norm in PREPOSITION_WORDS or head.bare in PREPOSITION_WORDS or head.stem != head.bare \
            or head.norm in TIME_WORDS or head.bare in TIME_WORDS or head.bare in FRONTING
        return fronted and i - lo <= 6 and not any(lookup(x.norm) for x in ws[lo:i] if x.kind == "word")

    def _blocked(self, i: int, lo: int) -> bool:
        """A cue form in a place where it is not a verb of saying reporting speech."""
        if i == lo:
            return False
        prev = self.words[i - 1]
        if prev.kind != "word":
            return False
        if prev.norm in NEGATIONS or prev.norm in PREPOSITION_WORDS or prev.bare in PASSIVE_AUX:
            return True  # "لم يقل", "على أمل", "تم طلب الملف": not a verb of saying here
        w = self.words[i]
        if prev.norm in COMPLEMENTIZERS and lookup(w.norm) is not None and lookup(w.norm)[0].form == "imperfect":  # type: ignore[index]
            return True  # "أن يقول": subjunctive, not a report
        return prev.stem.startswith("ال") and w.norm == w.bare and prev.norm in DEMONSTRATIVES

    # ------------------------------------------------------------------ drafts

    def drafts(self) -> list[Draft]:
        from rasd.stages.quotes.sources import attribution_drafts, headline_drafts

        out: list[Draft] = []
        ws = self.words
        verbs, _nouns = light_verbs()
        nouns_s = speech_nouns()
        said_first = source_phrases().get("said_in", {}).keys()
        after = 0  # the first index the loop may look at (a draft skips past its words)
        for i in self.cue_words:  # every other word has no draft and moves on by one
            if i < after:
                continue
            w = ws[i]
            hit = lookup(w.norm)
            if hit is None and w.bare in said_first and match_phrase("said_in", ws, i) > i:
                d, nxt = self._said_in(i)
            elif hit is None and (w.norm in nouns_s or w.bare in nouns_s):
                found = self._speech_noun(i)
                out += found
                d, nxt = None, i + 1
            elif hit is None and (w.norm in verbs or w.bare in verbs):
                d, nxt = self._light(i)
            elif hit is not None:
                d, nxt = self._cue(i, hit[0], hit[1])
                if d is None and (w.norm in verbs or w.bare in verbs):
                    d, nxt = self._light(i)  # "وجّه الدكتور شكره": thanks, not an instruction
            else:
                d, nxt = None, i + 1
            if d is not None:
                out.append(d)
            after = max(i + 1, nxt)
        out += attribution_drafts(self, out)
        out += headline_drafts(self, out)
        return [d for d in out if d.end - d.start > 1]

    def _cue_span(self, w: Word, skip: int) -> Cue:
        s = w.start + skip
        lemma = lookup(w.norm)
        return Cue(s, w.end, self.text[s : w.end], lemma[0].lemma if lemma else self.text[s : w.end])

    def _cue(self, i: int, cue: CueForm, skip: int) -> tuple[Draft | None, int]:
        ws = self.words
        w = ws[i]
        s, e = self.sents.at(w.start)
        lo, hi = self._index_range(s, e)
        if cue.person != 3 or self._blocked(i, lo) or (cue.form == "perfect" and _passive(w.text)):
            return None, i + 1
        if cue.form == "imperfect" and skip > 0 and w.norm[skip - 1] == "ل":
            # "ليؤكد": a purpose clause unless an أن clause, colon or quotation follows
            cue = CueForm(cue.lemma, cue.form, frozenset(), cue.cls, True, cue.person)
        nested = self.inside_quote(w.start) is not None
        speaker: Speaker | None = None
        j = i + 1
        pronoun = False
        if cue.form in ("perfect", "imperfect"):
            nx = lookup(ws[j].norm) if j < hi else None
            if nx is not None and nx[0].form == "participle" and nx[0].lemma == "قال":
                return None, i + 1  # "وتابع قائلا": the participle carries the words
            initial = self._clause_initial(i, lo)
            relative = i > lo and ws[i - 1].norm in RELATIVES
            if i > lo and ws[i - 1].norm == "كما" and j < hi and ws[j].text in ("،", ","):
                return None, i + 1  # "كما أعلن، …": "as was announced", a parenthesis
            if j < hi and ws[j].norm in INVERTING and not (j + 1 < hi and ws[j + 1].text in ("،", ",")):
                return self._inverted(i, skip, cue, (s, e), lo, hi)  # "أوضح ذلك المشرف …"
            if w.norm[:1] == "ف" and w.bare != w.norm and ws[lo].bare == AMMA:
                speaker = self.sp.topic(lo + 1, i)  # "أما وحيد البراق فيقول"
            if w.bare == w.norm:
                speaker = self.sp.before_mention(i, s)  # subject first: "الكاظمي يؤكد أن"
                if speaker is not None and speaker.type in ("ORG", "GPE", "GROUP", "MISC"):
                    got0 = self.sp.after(j, hi, generic=False)
                    if got0 is not None and got0[0].type == "PER" and got0[0].entity is not None:
                        speaker = None  # "العواقب الأوروبية قال رئيس وزراء مالطا …": the name after the verb
                if speaker is None and i > lo and ws[i - 1].norm in ("قد", "لقد"):
                    speaker = self.sp.before(i, s)  # "وكانت وزارة البترول، قد أعلنت"
            k0 = self.sp.skip_addressee(j, hi)
            if k0 < hi and ws[k0].norm[:1] in ("ب", "ل") and ws[k0].norm[:1] in cue.preps and len(ws[k0].norm) > 3 \
                    and not ws[k0].norm.startswith(("لل", "بال")) and not self.sp.mention_at(k0):
                j = k0  # "ورحبوا بمصادقة البرلمان": the verb's own preposition, no speaker in between
                speaker_blocked = True
            else:
                speaker_blocked = False
            pronoun = i > lo and ws[i - 1].norm in PRONOUNS and w.bare == w.norm  # "وهم يقولون إنهم …"
            initial = initial or pronoun
            if speaker is None and cue.strict and not (initial or relative):
                return None, i + 1  # "معارك بين الحوثيين …", "يقدم اللاعب طلب …": a noun or preposition here
            if speaker is None and not speaker_blocked:
                got = self.sp.after(j, hi, generic=False, verb=w)
                if got is None and initial and not relative:
                    got = self.sp.after(j, hi, verb=w)
                    if got is not None and "obj" in cue.frames and got[0].entity is None and got[1] == j + 1 \
                            and not ws[j].stem.startswith("ال") and not is_group(ws[j]) and got[1] < hi \
                            and (ws[got[1]].text in "«“\"" or preposition_split(ws[got[1]].norm)):
                        got = None  # 'وأكد سعي "الشركة" لإنتاج …': a verbal noun and its complement: the object
                    if got is not None and cue.cls == "cont" and cue.strict:
                        got = None  # "وزاد:" — never "زادت وتيرة الهجمات"
                    if got is not None and cue.strict and not self._introducer_at(got[1], hi, cue) \
                            and not self._introducer_at(self._past_channel(got[1], hi), hi, cue):
                        got = None  # "وبين المهاجم السوري، أنه": a plain noun phrase only right before أن
                if got is not None:
                    speaker, j = got
            if speaker is None and relative:
                speaker = self.sp.antecedent(i - 1, s)  # "اللاعبين الذين أعلنوا …"
                if speaker is None:
                    return None, i + 1
            hal = False
            if speaker is None and w.bare == w.norm:  # "وأكد": the word before belongs to the clause before
                speaker = self.sp.before(i, s)
                if speaker is None and not initial:
                    if cue.form != "imperfect" or w.bare != w.norm:
                        return None, i + 1  # "في مداهمات قالت إنها …": a relative clause
                    # "ظهر الرئيس في شريط فيديو يؤكد …": a clause of state, its sentence's subject speaks
                    speaker = sentence_subject(self.text, self.people, s, w.start)
                    if speaker is None or speaker.type != "PER" or cue.cls != "say":
                        return None, i + 1
                    hal = True
            if speaker is None and cue.form == "imperfect" and cue.cls != "cont" and not self._conjoined(i, lo) \
                    and not hal and not pronoun:
                return None, i + 1  # "يذكر أن": the writer's voice
            if nested and speaker is None and not pronoun:
                return None, i + 1
        elif cue.form == "masdar":
            speaker = self._masdar_speaker(i, lo)
        else:
            hal = False
        if cue.form == "participle" and self._coordinated_adjective(i, lo):
            return None, i + 1  # "واضحة ومعلنة": an adjective, not a participle of saying
        k = self.sp.skip_addressee(j, hi)
        explicit = speaker is not None
        allow_obj = explicit or not cue.strict
        if cue.form == "participle":
            prev = ws[i - 1] if i > lo else None
            allow_obj = prev is None or prev.kind == "punct" or w.bare != w.norm or prev.norm == "و"
        if cue.form == "masdar":
            allow_obj = False
        immediate = (cue.strict and not explicit and not (w.bare != w.norm and conj_split(w.norm))) \
            or cue.form in ("participle", "masdar") or hal
        frame = self.frames.at(k, hi, cue, allow_obj, immediate)
        if frame is None and speaker is not None and cue.form in ("perfect", "imperfect"):
            frame = self._quote_before(w.start)  # '"…"، قال الوزير'
        if frame is None:
            return None, i + 1
        d = self._draft(i, w, skip, cue, speaker, frame, (s, e), hi)
        if d is None:
            return None, i + 1
        d.nested = nested
        if cue.form in ("participle", "masdar"):
            d.mode = "clause"
        elif speaker is None:
            d.mode = "pronoun" if cue.form in ("perfect", "imperfect") and pronoun else "pro"
        return d, frame.word

    def _first_person(self, frame: Frame) -> bool:
        """"قال إنني …", "أوضح أننا …": the speaker's own account, like a colon."""
        k = frame.word - 1
        return k >= 0 and self.words[k].norm in FIRST_PERSON_COMPS

    def _coordinated_adjective(self, i: int, lo: int) -> bool:
        """"كانت القراءة واضحة ومعلنة": a participle joined by و to an indefinite adjective."""
        w = self.words[i]
        if w.bare == w.norm or i == lo:
            return False
        prev = self.words[i - 1]
        return prev.kind == "word" and not prev.stem.startswith("ال") and prev.norm.endswith(("ه", "ا")) \
            and lookup(prev.norm) is None and prev.norm not in PREPOSITION_WORDS

    def _inverted(self, i: int, skip: int, cue: CueForm, sent: tuple[int, int], lo: int,
                  hi: int) -> tuple[Draft | None, int]:
        """"أوضح ذلك المشرف على العمادة د. أحمد الرميح": the sentence before is what was said."""
        ws = self.words
        got = self.sp.after(i + 2, hi, generic=False)
        if got is None:
            return None, i + 1
        speaker, j = got
        text = self.text
        if lo > 0 and self.sents.at(ws[lo - 1].start)[0] >= self.block.start:
            ps, pe = self.sents.at(ws[lo - 1].start)
        else:
            # the cue opens its paragraph: the paragraph before
            pe = self.block.start
            while pe > 0 and text[pe - 1].isspace():
                pe -= 1
            ps = text.rfind("\n", 0, pe) + 1
        cs, ce = trim(text, ps, pe)
        if ce - cs < 10 or ce <= 0:
            return None, i + 1
        w = ws[i]
        d = Draft(w.start, "indirect", cs, ce, speaker, self._cue_span(w, skip), "inverted", sent,
                  confidence=confidence("comp", cue, True), block=self.index)
        return d, j

    def _past_channel(self, k: int, hi: int) -> int:
        """Past the time words, addressee and channel after a speaker ("أمس في بيان نشرته «تداول»"):
        "وذكرت الشركة أمس في بيان أن …" has its أن there.  0 words skipped gives ``k``."""
        ws = self.words
        j = self.sp.skip_addressee(k, hi)
        if j == k:
            return k
        if j + 1 < hi and ws[j].kind == "word" and ws[j].norm.endswith(("ته", "تها")):
            # "في بيان نشرته «تداول»": a relative clause saying where the statement was published
            if ws[j + 1].text in "«“\"" and (close := self.sp._short_quote(j + 1, hi)) > j + 1:
                return close
            if (m := self.sp.mention_at(j + 1)) is not None:
                return self.sp.word_after(m[0])
        return j

    def _introducer_at(self, k: int, hi: int, cue: CueForm | None = None) -> bool:
        """أن/إن, a colon, a quotation or the cue's own preposition at ``words[k]`` (past a comma)."""
        ws = self.words
        while k < hi and ws[k].text in ("،", ","):
            k += 1
        if k < hi and cue is not None and (ws[k].norm in cue.preps or (
                ws[k].norm[:1] in ("ب", "ل") and ws[k].norm[:1] in cue.preps and len(ws[k].norm) > 3)):
            return True
        return k < hi and self.frames._introducer(k, hi, _SAID) is not None

    def _conjoined(self, i: int, lo: int) -> bool:
        """"…، ويقول: …": an imperfect joined to a clause before it, not the writer's "يذكر أن"."""
        w = self.words[i]
        return w.bare != w.norm and i > lo + 1

    def _quote_before(self, pos: int) -> Frame | None:
        """A quotation that closes right before the cue ('"…"، قال الوزير'): the cue's words."""
        for q in self.quoted:
            if not q.claimed and not q.implicit and q.open in self.frames.quotes_at \
                    and 0 <= pos - q.close <= 3 and not self.text[q.close + 1 : pos].strip("،, "):
                return Frame("quote", q.open + 1, self.sp.word_after(pos), q)
        return None

    def _masdar_speaker(self, i: int, lo: int) -> Speaker | None:
        """"نقلت الوكالة عن الوزير قوله": the person after عن owns the masdar."""
        ws = self.words
        for k in range(i - 1, max(lo, i - 9) - 1, -1):
            if ws[k].norm == "عن":
                got = self.sp.after(k + 1, i)
                if got is not None and got[1] == i:
                    return got[0]
                return None
            if ws[k].kind != "word":
                return None
        return None

    def _draft(self, i: int, w: Word, skip: int, cue: CueForm | None, speaker: Speaker | None, frame: Frame,
               sent: tuple[int, int], hi: int) -> Draft | None:
        cue_span = self._cue_span(w, skip)
        q = frame.direct
        if q is not None and not frame.mixed:
            q.claimed = True
            s, e = trim(self.text, *q.inner)
            kind = "direct"
        else:
            colon = frame.kind in ("colon", "quotative") or self._first_person(frame)
            enclosing = self.inside_quote(w.start)
            self.bounds.object_content = frame.kind in ("obj", "prep")
            end = self.bounds.end(frame.word, sent[1], colon, enclosing.close if enclosing else None)
            self.bounds.object_content = False
            s, e = trim(self.text, frame.start, end)
            kind = "indirect"
            if q is not None:
                q.claimed = True
            if frame.kind in ("prep", "obj"):
                # "وتحدث عن الاتفاق … «في الحقيقة، …»": a long quotation that ends the content is the words
                for qq in self.quoted:
                    before = self.text[max(s, qq.open - 30) : qq.open].split()
                    # 'يرددون صيحات التكبير "الله أكبر"': a speech noun names the quotation as words
                    named_speech = any(normalize_text(b) in speech_nouns() for b in before[-2:])
                    long_quote = len(self.text[qq.open : qq.close].split()) >= 5 and qq.open in self.frames.quotes_at
                    after = self.text[qq.close + 1 : qq.close + 3].strip()
                    ends = e <= qq.close + 2 or (named_speech and (after[:1] in ("،", ",", ".", "") or qq.close >= e))
                    if s <= qq.open < e and ends and not qq.claimed and (long_quote or named_speech) \
                            and (s < qq.open or named_speech):
                        qq.claimed = True
                        s, e = trim(self.text, *qq.inner)
                        kind = "direct"
                        break
            # quotations wholly inside the content belong to it
            for qq in self.quoted:
                if s <= qq.open and qq.close <= e:
                    qq.claimed = True
        if e - s < 2:
            return None
        return Draft(w.start, kind, s, e, speaker, cue_span, frame.kind, sent,
                     confidence=confidence(frame.kind, cue, speaker is not None), block=self.index)

    def _said_in(self, i: int) -> tuple[Draft | None, int]:
        """"وجاء في البيان أن …"، "وورد في التقرير: …": the document's words; its author speaks."""
        ws = self.words
        w = ws[i]
        s, e = self.sents.at(w.start)
        _lo, hi = self._index_range(s, e)
        j = match_phrase("said_in", ws, i)
        if j >= hi or not (ws[j].stem in source_phrases().get("statement", {}) or ws[j].norm == "نص"):
            return None, i + 1
        speaker = None
        got = self.sp.after(j, hi, generic=False)
        if got is not None:
            speaker, k = got
            if speaker.entity is None and self.sp.word_after(speaker.start) == j:
                # "البيان" alone: the author is whoever issued it, the last speaker
                speaker = None
        else:
            k = j + 1
        while k < hi and ws[k].kind == "word" and ws[k].norm not in COMPLEMENTIZERS and k - j < 5 \
                and not self.frames.at(k, min(hi, k + 1), _SAID, False, True):
            k += 1
        frame = self.frames.at(self.sp.skip_addressee(k, hi), hi, _SAID, False, True)
        if frame is None:
            return None, i + 1
        d = self._draft(i, w, 1 if w.bare != w.norm else 0, _SAID, speaker, frame, (s, e), hi)
        if d is not None and speaker is None:
            d.mode = "pro"
        return d, frame.word

    def _speech_noun(self, i: int) -> list[Draft]:
        """"هتافات المصلين «الموت لـ…» و«…»": each quotation after the noun and its speaker."""
        ws = self.words
        w = ws[i]
        s, e = self.sents.at(w.start)
        _lo, hi = self._index_range(s, e)
        speaker = None
        j = i + 1
        got = self.sp.after(j, hi)
        if got is not None:
            speaker, j = got
        out: list[Draft] = []
        while j < hi:
            if ws[j].norm in ("و", ":") or ws[j].text in (":", "،"):
                j += 1
                continue
            q = next((q for q in self.quoted if q.open == ws[j].start and not q.claimed), None)
            if q is None:
                break
            q.claimed = True
            cs, ce = trim(self.text, *q.inner)
            if ce - cs > 1:
                c0 = w.stem_start
                cue = Cue(c0, w.end, self.text[c0 : w.end], w.stem)
                conf = confidence("quote", None, speaker is not None)
                out.append(Draft(w.start + len(out), "direct", cs, ce, speaker, cue, "quote", (s, e),
                                 mode="" if speaker else "pro", confidence=conf, block=self.index))
            j = self.sp.word_after(q.close + 1)
        return out

    def _light(self, i: int) -> tuple[Draft | None, int]:
        """"وقدم X شكره لـ…"، "ووجه تحياته إلى …": the noun of feeling starts the content."""
        ws = self.words
        w = ws[i]
        s, e = self.sents.at(w.start)
        lo, hi = self._index_range(s, e)
        if self._blocked(i, lo):
            return None, i + 1
        _verbs, nouns = light_verbs()
        speaker = None
        j = i + 1
        got = self.sp.after(j, hi, generic=False)
        if got is not None:
            speaker, j = got
        j = self.sp.skip_addressee(j, hi)
        if j >= hi or ws[j].norm not in nouns:
            return None, i + 1
        frame = Frame("obj", ws[j].start, j)
        cue = CueForm(self.text[w.start + (1 if w.bare != w.norm else 0) : w.end], "perfect", frozenset({"obj"}),
                      "feel", False)
        d = self._draft(i, w, 1 if w.bare != w.norm else 0, cue, speaker, frame, (s, e), hi)
        if d is not None and speaker is None:
            d.mode = "pro"
        return d, j
