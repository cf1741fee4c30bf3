"""Quote attribution: who said what, in which words, introduced by which cue.

Three kinds of speech (SCHEMA.md): ``direct`` (words in quotation marks, also when the
marks are odd or unbalanced), ``indirect`` (reported speech after a cue, an attribution
phrase or a colon), ``headline`` ("Speaker: words").  The stage is a package, one module
per job:

* :mod:`.cues`: the verbs of saying, every form generated from stems (``speech_cues.tsv``);
* :mod:`.marks`: quotation marks paired by position, sentences that respect them, scare
  quotes and citations of scripture or law (not speech);
* :mod:`.speakers`: the speaker phrase at a cue (name, title, group, document, state);
* :mod:`.frames`: where the content starts (أن/إن، colon, quotation, قائلا, a prepositional
  or noun phrase object);
* :mod:`.boundaries`: where it ends (closing mark, sentence end, a new cue);
* :mod:`.sources`: attribution phrases (بحسب، وفقا لـ، نقلا عن) and headlines;
* :mod:`.extract`: the drafts of one block.

This module puts the article together: it resolves a speaker left implicit (a participle
or masdar takes its sentence's subject; "وأضاف" the last speaker, across paragraphs; a
quotation with no cue the speaker of its sentence or the last speaker), marks nested
reports (they do not change who "the last speaker" is), and writes :class:`Quote` records
with their speaker type, how the speaker was resolved, and a confidence.
"""

from __future__ import annotations

import heapq
import math
import re
from dataclasses import replace

from rasd.arabic.normalize import normalize_text
from rasd.article import Article, Quote, Span, SpeakerRef
from rasd.stages.quotes.agreement import REACH, agrees, antecedent_before, cue_agreement, gender_of
from rasd.stages.quotes.boundaries import trim
from rasd.stages.quotes.cues import lookup
from rasd.stages.quotes.extract import (
    BlockQuotes,
    Draft,
    candidates,
    confidence,
    may_quote,
)
from rasd.stages.quotes.lexicon import NAMING_NOUNS, person_nouns
from rasd.stages.quotes.marks import Quoted, find_quoted, is_citation, walk
from rasd.stages.quotes.speakers import People, Speaker, people_index, sentence_subject
from rasd.stages.roles import article_blocks, make_words

__all__ = ["analyze_quotes", "extract_quotes", "find_quoted", "is_scare", "people_index"]


_NON_SPACE = re.compile(r"\S+")


def _count_words(text: str, start: int, end: int, most: int) -> int:
    """How many words ``text[start:end]`` holds, counting no further than ``most`` words
    nor past its first 400 characters (a quotation may run to the end of a long paragraph,
    or be one run of marks; only short ones matter here, and news words are short)."""
    n = 0
    for _ in _NON_SPACE.finditer(text, start, min(end, start + 400)):
        n += 1
        if n >= most:
            break
    return n


def is_scare(text: str, q: Quoted) -> bool:
    """Quotation marks around a name or a term, not around speech."""
    s, e = q.inner
    n_words = _count_words(text, s, e, 6)
    if n_words < 3:
        return True
    line_start = text.rfind("\n", 0, q.open) + 1
    before = text[max(line_start, q.open - 40) : q.open].split()
    if before:
        last = normalize_text(before[-1].strip("،,"))
        if last in NAMING_NOUNS or last in ("لـ", "ل", "بـ") or last.endswith("ـ"):
            return True
        if last[:1] in ("و", "ب", "ل") and last[1:] in NAMING_NOUNS:
            return True
        if len(before) > 1 and normalize_text(before[-2]) in NAMING_NOUNS and n_words < 6:
            return True
    return False


def _stands_alone(text: str, q: Quoted) -> bool:
    """A quotation that opens its paragraph or follows a sentence end or a colon."""
    k = q.open
    while k > 0 and text[k - 1] in " \u00a0\t":
        k -= 1
    return k == 0 or text[k - 1] in "\n.:؛!؟?"


def _resolve(text: str, people: People, drafts: list[Draft]) -> list[tuple[Draft, Speaker | None, str]]:
    """Each draft with its speaker and how it was resolved (see the module docstring)."""
    drafts.sort(key=lambda d: (d.pos, d.start))
    _mark_nested(drafts)
    shortest = _shortest_outer(drafts)
    # a report inside another's words with no speaker of its own is part of those words, unless it is
    # a small report of its own ("… وأفادني بأن الملف موجود، …" inside a long account)
    drafts[:] = [d for d, out_len in zip(drafts, shortest, strict=True)
                 if not (d.nested and d.speaker is None and d.mode not in ("orphan", "pronoun")
                         and not (d.mode == "pro" and out_len < math.inf and 2 * (d.end - d.start) < out_len))]
    for d in drafts:
        if d.nested and d.speaker is None and d.kind == "indirect":
            # a report inside someone's account ends with its clause: "وأفادني بأن X، وتم …"
            comma = min((text.find(c, d.start, d.end) for c in "،," if text.find(c, d.start, d.end) > 0), default=-1)
            if comma > d.start:
                d.start, d.end = trim(text, d.start, comma)
    # "أوضح ذلك X" points back at a sentence: only when no other quote already holds it
    drafts[:] = [d for d in drafts if d.frame != "inverted" or not any(
        o is not d and o.frame != "inverted" and o.start < d.end and d.start < o.end for o in drafts)]
    out: list[tuple[Draft, Speaker | None, str]] = []
    last: Speaker | None = None
    history: list[Speaker] = []
    spoken: list[Speaker] = []  # speakers of the article's own (not nested) reports, in order
    known: dict[str, str] = {}  # a person's gender, from the verbs that introduced them
    in_sentence: dict[tuple[int, int], Speaker] = {}  # the last speaker of each sentence's own reports
    for n, d in enumerate(drafts):
        if d.speaker is not None:
            sp0 = _short_form(d.speaker, history, text)
            out.append((d, sp0, sp0.how))
            if not d.nested:
                in_sentence[d.sentence] = sp0
            history.append(sp0)
            g = cue_agreement(d.cue.text if d.cue else None)
            if sp0.type == "PER" and g in ("m", "f") and sp0.how != "continuation":
                known.setdefault(sp0.entity or sp0.name, g)
            if not d.nested:
                last = sp0
                spoken.append(sp0)
            continue
        sp: Speaker | None = None
        if d.mode in ("clause", "pro", "orphan") and d.sentence in in_sentence:
            sp = in_sentence[d.sentence]
        elif d.mode in ("clause", "pro") and d.pos > d.sentence[0] + 1 and not _sentence_initial(text, d):
            sp = sentence_subject(text, people, d.sentence[0], d.pos)
        if sp is None and d.mode == "pro" and last is not None and _sentence_initial(text, d) \
                and not (out and out[-1][0].pos >= _previous_sentence_start(text, d.sentence[0])):
            sp = _new_topic(text, people, d, last)  # "بدوره، يسعى الرئيس حسن روحاني إلى … . وقال …"
        if sp is None:
            sp = last
        verb = cue_agreement(d.cue.text if d.cue else None)
        if d.mode == "pronoun" and verb == "pl":
            # "وهم يقولون": the pronoun points at the plural written just before, in its sentence
            sp = antecedent_before(text, people, d.sentence[0], d.pos, verb) or sp
        if sp is not None and not agrees(sp, verb, people, known):
            sp = _agreeing(text, people, d, verb, spoken, known) or sp
        del n
        out.append((d, sp, "continuation" if sp is not None else "unresolved"))
        if sp is not None and not d.nested:
            last = sp
            spoken.append(sp)
            in_sentence[d.sentence] = sp
    return out


def _agreeing(text: str, people: People, d: Draft, verb: str, spoken: list[Speaker],
              known: dict[str, str]) -> Speaker | None:
    """For a continuation whose verb does not agree with the last speaker: an earlier speaker
    known to agree, else the feminine person or plural noun written just before the cue."""
    if verb in ("m", "f"):
        for s in reversed(spoken):
            if d.pos - s.end >= 4 * REACH:
                break
            if s.type == "PER" and gender_of(s, people, known) == verb:
                return s
        return antecedent_before(text, people, d.sentence[0], d.pos, verb)
    if verb == "pl":
        return antecedent_before(text, people, 0, d.pos, verb) \
            or next((s for s in reversed(spoken) if s.type == "GROUP"), None)
    return None


def _mark_nested(drafts: list[Draft]) -> None:
    """Mark each draft (sorted by position) whose cue lies inside the content of an earlier one.

    One sweep: earlier drafts wait by content start until the sweep reaches it, then only the
    furthest content end matters (a line of thousands of cues stays linear)."""
    pending: list[tuple[int, int]] = []  # (content start, content end) of earlier drafts
    furthest = -1
    k = 0
    for d in drafts:
        while k < len(drafts) and drafts[k].pos < d.pos:
            if drafts[k].kind != "headline":
                heapq.heappush(pending, (drafts[k].start, drafts[k].end))
            k += 1
        while pending and pending[0][0] <= d.pos:
            furthest = max(furthest, heapq.heappop(pending)[1])
        d.nested = d.nested or furthest > d.pos


def _shortest_outer(drafts: list[Draft]) -> list[float]:
    """For each draft, the length of the shortest other content (not a headline) holding its cue,
    or infinity: a report by a verb inside a much longer content (less than half of it) is a
    small report of its own ("… وأفادني بأن الملف موجود، …")."""
    order = sorted(range(len(drafts)), key=lambda n: drafts[n].start)
    heap: list[tuple[int, int, int]] = []  # (content length, content end, draft index)
    out: list[float] = [math.inf] * len(drafts)
    k = 0
    for n in sorted(range(len(drafts)), key=lambda n: drafts[n].pos):
        pos = drafts[n].pos
        while k < len(order) and drafts[order[k]].start <= pos:
            o = drafts[order[k]]
            if o.kind != "headline":
                heapq.heappush(heap, (o.end - o.start, o.end, order[k]))
            k += 1
        while heap and heap[0][1] <= pos:
            heapq.heappop(heap)
        if heap and heap[0][2] == n:  # its own content holds its cue: the next shortest
            own = heapq.heappop(heap)
            while heap and heap[0][1] <= pos:
                heapq.heappop(heap)
            if heap:
                out[n] = heap[0][0]
            heapq.heappush(heap, own)
        elif heap:
            out[n] = heap[0][0]
    return out


def _short_form(sp: Speaker, history: list[Speaker], text: str) -> Speaker:
    """"المصدر" after "مصدر عسكري", "الشركة" after "شركة اتصالات المغرب": the fuller earlier speaker;
    "اللاعب"، "المهاجم السوري" (a person noun) with no one so described: the last person who spoke."""
    if sp.entity is not None or sp.how != "group":
        return sp
    words = normalize_text(sp.name).split()
    if not words or not words[0].startswith("ال") or len(words) > 2:
        return sp
    nisba = len(words) == 2 and words[1].startswith("ال") and words[1].endswith(("ي", "يه"))
    if len(words) == 2 and words[1] not in SAME and not nisba:
        return sp
    head = words[0][2:]
    if head in person_nouns() and not any(normalize_text(o.name).split()[:1] == [head] for o in history):
        last_person = next((o for o in reversed(history) if o.type == "PER" and o.entity is not None), None)
        if last_person is not None:
            return replace(last_person, start=sp.start, end=sp.end, how="continuation")
        return sp
    for old in reversed(history):
        ow = normalize_text(old.name).split()
        if old is not sp and len(ow) > 1 and ow[0] == head:
            return replace(old, start=sp.start, end=sp.end)
        if old.entity is not None and normalize_text(old.name).startswith(head + " "):
            return replace(old, start=sp.start, end=sp.end)
    return sp


#: "المصدر نفسه": the same source as before.
SAME = frozenset(normalize_text(w) for w in ("نفسه", "نفسها", "ذاته", "ذاتها", "نفسهم", "ذاتهم"))


def _previous_sentence_start(text: str, start: int) -> int:
    """Where the sentence before the one starting at ``start`` starts (looked for within reach)."""
    lo = max(0, start - PREVIOUS_REACH)
    k = start - 1
    while k > lo and (text[k - 1].isspace() or text[k - 1] in SENTENCE_ENDS):
        k -= 1
    return max((text.rfind(c, lo, k) for c in SENTENCE_ENDS), default=-1) + 1 or lo


def _new_topic(text: str, people: People, d: Draft, last: Speaker) -> Speaker | None:
    """A subjectless "وقال"، "وأكد" opening the sentence after one whose subject is a person
    who has not spoken ("بدوره، يسعى الرئيس الإيراني حسن روحاني إلى … . وقال عقب اتصال …"):
    that person speaks.  A cue that continues (وأضاف، وتابع) keeps the last speaker."""
    hit = lookup(normalize_text(d.cue.text)) if d.cue else None
    if hit is None or hit[0].cls == "cont" or hit[0].form not in ("perfect", "imperfect"):
        return None
    prev = _previous_sentence_start(text, d.sentence[0])
    sp = sentence_subject(text, people, prev, d.sentence[0])
    if sp is None or sp.type != "PER" or sp.entity == last.entity or sp.entity in people.role_only:
        return None
    if len(text[prev : sp.start].split()) > TOPIC_REACH:
        return None  # a person named late in the sentence is an object or a genitive, not its topic
    return replace(sp, how="continuation")


#: How many words may open a sentence before its subject ("بدوره، يسعى الرئيس …").
TOPIC_REACH = 4
#: Characters that end a sentence, and how far back the previous sentence is looked for.
SENTENCE_ENDS = ".!?؟\n"
PREVIOUS_REACH = 600


def _sentence_initial(text: str, d: Draft) -> bool:
    head = text[d.sentence[0] : d.pos].strip()
    return head in ("", "و", "ف") or len(head.split()) <= 1


def extract_quotes(article: Article) -> list[Quote]:
    """All quotes of the article in text order, implicit speakers resolved."""
    text = article.text
    blocks = article_blocks(article)
    quoted = find_quoted(text, [b for _k, b in blocks])
    people = people_index(article)
    speech = {q.open: q for q in walk(quoted) if not is_scare(text, q) and not is_citation(text, q)}
    all_quoted = walk(quoted)
    drafts: list[Draft] = []
    for n, (kind, block) in enumerate(blocks):
        words = make_words(text, block.start, block.end)
        found = candidates(words)
        if may_quote(kind, words, *found):
            drafts += BlockQuotes(article, n, kind, block, people, all_quoted, speech, words, found).drafts()
    # quotations no cue claimed: the speaker of their sentence, or the last speaker
    for q in quoted:
        if q.claimed or q.open not in speech or (q.implicit and q.close - q.open < 20):
            continue
        s, e = trim(text, *q.inner)
        if len(text[s:e].split()) < 4:
            continue
        same = [d for d in drafts if d.sentence[0] <= q.open < d.sentence[1]]
        if not same and not _stands_alone(text, q):
            continue
        sent = same[0].sentence if same else (q.open, q.close)
        drafts.append(Draft(q.open, "direct", s, e, None, None, "orphan", sent, mode="orphan",
                            confidence=confidence("orphan", None, False)))
    out: list[Quote] = []
    for d, sp, how in _resolve(text, people, drafts):
        if d.mode == "orphan" and sp is None:
            continue  # a quotation no one in the article can have said: a text cited, a title
        ref = SpeakerRef(sp.start, sp.end, text[sp.start : sp.end], sp.entity) if sp else None
        conf = d.confidence if how != "unresolved" else round(d.confidence * 0.8, 2)
        out.append(Quote(d.kind, Span(d.start, d.end, text[d.start : d.end]), ref, sp.name if sp else None, d.cue,
                         sp.type if sp else None, how, conf))
    return out


def analyze_quotes(article: Article) -> Article:
    """The quotes stage: fill ``article.quotes``."""
    return replace(article, quotes=tuple(extract_quotes(article)))
