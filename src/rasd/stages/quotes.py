"""Quote attribution: who said what, in which words, introduced by which cue.

Three kinds of speech (SCHEMA.md):

* ``direct``: words inside quotation marks (", «», “”), also across paragraphs;
  scare quotes (one or two words, names of papers, campaigns, places) are not speech;
* ``indirect``: reported speech after a cue from ``speech_cues.tsv`` in any form news
  uses: perfect, imperfect, participle (مشيرا إلى أن) and masdar, with و/ف; content
  starts after the complementizer (أن، إن، بأن، إلى أن، على أن …), a colon, or for cues
  that take one, after a direct object ("أكد التزامه …") or a preposition ("دعا إلى …");
* ``headline``: "Speaker: words" lines (titles, subtitles, highlights, short sub-heads).

How a speaker is found, in order:

1. right after the cue (Arabic is verb-first): an entity mention (name, or title joined
   to a person by the roles stage), a document that speaks for its author ("بيان
   للحكومة العراقية" -> الحكومة العراقية), an unnamed group (مسؤولون، مصادر مطلعة), a
   state (وأعلن العراق), or the noun phrase before the first adverbial;
2. right before the cue (subject first: "الكاظمي يؤكد أن");
3. otherwise the cue continues the last speaker: "وأضاف أن"، "مشيرا إلى أن", and a long
   quotation with no cue of its own.  An imperfect cue with no subject ("يذكر أن") is
   the writer's voice, not speech, and gives no quote.

Quotes followed by their cue ('"…"، قال الوزير') and attribution phrases ("بحسب X",
"نقلا عن X", "نقلت وكالة … عن X قوله") are handled too.  All lexicons are data files
in ``rasd/arabic/data`` (``speech_cues*``).
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from rasd.arabic.normalize import normalize_text
from rasd.arabic.sentences import split_sentences
from rasd.article import Article, Cue, Quote, Span, SpeakerRef
from rasd.stages.roles import Word, article_blocks, make_words, read_lexicon, titles

# ----------------------------------------------------------------------------- lexicons

OPENERS = {"«": "»", "“": "”", '"': '"', "„": "“"}
_OPENER_RE = re.compile("[" + "".join(OPENERS) + "]")
COMPLEMENTIZERS = frozenset(normalize_text(w) for w in (
    "أن", "إن", "بأن", "أنه", "إنه", "أنها", "إنها", "أنهم", "إنهم", "أنهما", "إنهما", "أننا", "إننا",
    "أنني", "إنني", "بأنه", "بأنها", "بأنهم", "بأنهما", "بأننا", "وأن", "وإن",
))
#: A complementizer after these is part of another construction ("بعد أن", "يجب أن").
NOT_BEFORE_COMP = frozenset(normalize_text(w) for w in (
    "بعد", "قبل", "منذ", "دون", "بدون", "يجب", "ينبغي", "يمكن", "حتى", "لو", "مجرد", "بمجرد", "ما", "يمكنه",
    "أراد", "يريد", "تريد", "من",
))
#: Nouns that name what a following quotation names (scare quotes, not speech).
NAMING_NOUNS = frozenset(normalize_text(w) for w in (
    "صحيفة", "جريدة", "مجلة", "قناة", "وكالة", "تنظيم", "حركة", "عملية", "مبادرة", "شعار", "برنامج", "مسلسل",
    "كتاب", "فيلم", "حملة", "اسم", "باسم", "هاشتاق", "هاشتاغ", "وسم", "مشروع", "مؤتمر", "تطبيق", "موقع", "حساب",
    "شركة", "مجموعة", "جماعة", "لقب", "مصطلح", "عنوان", "عنوانه", "بعنوان", "مسمى", "تسمية", "يسمى", "تسمى",
    "المسمى", "المسماة", "المعروف", "المعروفة", "ب", "فندق", "مطعم", "منتدى", "ملتقى", "مهرجان", "معرض",
    "مسابقة", "جائزة", "صفحة", "برنامجه", "رواية", "ديوان", "قصيدة", "أغنية", "لعبة", "ماركة", "نادي", "فريق",
))
HEADLINE_LABELS = frozenset(normalize_text(w) for w in (
    "عاجل", "بالصور", "صور", "بالفيديو", "فيديو", "شاهد", "خاص", "حصري", "حصريا", "تقرير", "حوار", "تحليل", "رأي",
    "مقال", "تحقيق", "ملف", "المصدر", "المزيد", "اقرأ", "إنفوجرافيك", "انفوجراف", "بالأرقام", "رسميا", "مصدر",
    "الصورة", "صورة", "تصوير", "تحديث", "متابعة", "ملاحظة", "تنويه", "تعرف", "بالتفاصيل", "التفاصيل", "تفاصيل",
    "الرياض", "جدة", "مكة", "القاهرة", "دبي", "واس", "أ", "ف", "ب", "رويترز", "سبق", "الجزيرة", "المدينة",
    "مراسل", "كتب", "كتبت", "رابط", "الرابط", "لمزيد", "للمزيد", "تابع", "تابعونا", "إعداد", "ترجمة",
    "سؤال", "جواب", "س", "ج", "الأولى", "الثانية", "أولا", "ثانيا",
))
TIME_WORDS = frozenset(normalize_text(w) for w in (
    "اليوم", "أمس", "الأمس", "غدا", "الليلة", "صباح", "مساء", "صباحا", "ظهر", "الأحد", "الاثنين", "الإثنين",
    "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "يوم", "عام", "أيضا", "كذلك", "بدوره", "بدورها",
))
#: Words after a channel phrase that still belong to it ("في بيان [له] [صحفي]").
CHANNEL_TAIL = frozenset(normalize_text(w) for w in (
    "له", "لها", "لهم", "لنا", "صحفي", "صحافي", "صحفية", "صحافية", "رسمي", "رسمية", "مكتوب", "مشترك", "صادر",
    "خاص", "خاصة", "متلفز", "متلفزة", "عقده", "عقدته", "أصدره", "أصدرته", "اليوم", "أمس", "تلفزيوني",
    "تلفزيونية", "إذاعي", "إذاعية", "الخاص",
))
#: Sentence-initial prepositions of a fronted topic, after which the verb still opens the clause.
FRONTING = frozenset(normalize_text(w) for w in ("عن", "حول", "بشأن", "وبشأن", "فيما", "بخصوص", "وبخصوص"))
RELATIVES = frozenset(normalize_text(w) for w in ("الذي", "التي", "الذين", "اللذان", "اللتان", "اللواتي"))
#: After a comma these start the writer's own clause, which ends the reported content.
CLAUSE_BREAKS = frozenset(normalize_text(w) for w in (
    "في وقت", "فيما", "بينما", "في حين", "وسط", "يأتي ذلك", "ويأتي ذلك", "وجاء ذلك", "جاء ذلك", "في الوقت",
    "وفي وقت", "وفي الوقت",
))
PREPOSITION_OBJECTS = {"إلى": normalize_text("إلى"), "على": normalize_text("على"), "من": "من", "عن": "عن"}
MEDIA_NOUNS = frozenset(normalize_text(w) for w in (
    "وكالة", "صحيفة", "جريدة", "قناة", "موقع", "تلفزيون", "إذاعة", "مجلة", "مصادر", "مصدر", "بيان", "تقرير",
    "تقارير", "وسائل",
))


@dataclass(frozen=True, slots=True)
class CueForm:
    """One written form of a speech cue."""

    lemma: str
    form: str  # perfect | imperfect | participle | masdar
    obj: str  # "-" | "obj" | a preposition
    strict: bool


@lru_cache(maxsize=1)
def cue_forms() -> dict[str, CueForm]:
    """Normalised form -> cue, from ``speech_cues.tsv``."""
    out: dict[str, CueForm] = {}
    for row in read_lexicon("speech_cues.tsv"):
        lemma, perfect, imperfect, participle, masdar, obj, strict = (c.strip() for c in row[:7])
        for form, cell in (("perfect", perfect), ("imperfect", imperfect), ("participle", participle),
                           ("masdar", masdar)):
            for f in cell.split():
                if f != "-":
                    out.setdefault(normalize_text(f), CueForm(lemma, form, obj, strict == "1"))
    return out


@lru_cache(maxsize=1)
def source_phrases() -> dict[str, dict[str, tuple[tuple[str, ...], ...]]]:
    """kind -> first word -> normalised phrases, longest first, from ``speech_cues.sources.tsv``."""
    out: dict[str, dict[str, list[tuple[str, ...]]]] = {}
    for row in read_lexicon("speech_cues.sources.tsv"):
        phrase, kind = row[0].strip(), row[1].strip()
        words = tuple(normalize_text(w) for w in phrase.split())
        out.setdefault(kind, {}).setdefault(words[0], []).append(words)
    return {k: {f: tuple(sorted(set(v), key=len, reverse=True)) for f, v in d.items()} for k, d in out.items()}


@lru_cache(maxsize=1)
def group_words() -> frozenset[str]:
    """First words of unnamed-speaker phrases (مسؤولون، مصادر …)."""
    return frozenset(normalize_text(r[0].split()[0]) for r in read_lexicon("speech_cues.groups.txt"))


@lru_cache(maxsize=1)
def adverbials() -> frozenset[str]:
    """Words that end a speaker noun phrase."""
    return frozenset(normalize_text(r[0].strip()) for r in read_lexicon("speech_cues.adverbials.txt"))


def _match_phrase(kind: str, words: Sequence[Word], i: int) -> int:
    """End index of the longest ``kind`` phrase from ``speech_cues.sources.tsv`` at ``words[i]``."""
    if i >= len(words):
        return i
    table = source_phrases().get(kind, {})
    first = words[i]
    if first.norm not in table and first.bare not in table and first.stem not in table:
        return i
    cands = [p for f in {first.norm, first.bare, first.stem} for p in table.get(f, ())]
    for phrase in sorted(cands, key=len, reverse=True):
        if i + len(phrase) > len(words):
            continue
        ok = True
        for k, p in enumerate(phrase):
            w = words[i + k]
            if k == len(phrase) - 1 and p == "ل":  # "وفقا لـ": ل glued to the next word
                if not (w.norm.startswith("ل") or w.norm == "لـ"):
                    ok = False
                break
            if p not in (w.forms() if k == 0 else (w.norm, w.stem)):
                ok = False
                break
        if ok:
            last = phrase[-1]
            return i + len(phrase) - (1 if last == "ل" else 0)
    return i


# ----------------------------------------------------------------------------- quotation marks


@dataclass(slots=True)
class Quoted:
    """Text between quotation marks: ``[open, close]`` are the marks' offsets."""

    open: int
    close: int
    claimed: bool = False

    @property
    def inner(self) -> tuple[int, int]:
        return self.open + 1, self.close


def find_quoted(text: str, blocks: Sequence[Span], max_paragraphs: int = 6) -> list[Quoted]:
    """Pairs of quotation marks, a quotation allowed to run over several paragraphs.

    A paragraph that opens a quotation and does not close it continues into the next
    ones; a continuation paragraph may open with a mark of its own (the English habit)
    which is then not a new quotation.
    """
    out: list[Quoted] = []
    k = 0
    while k < len(blocks):
        b = blocks[k]
        i = b.start
        nxt = k + 1
        while i < b.end:
            hit = _OPENER_RE.search(text, i, b.end)
            if hit is None:
                break
            i = hit.start()
            ch = text[i]
            closer = OPENERS[ch]
            j = text.find(closer, i + 1, b.end)
            if j >= 0:
                out.append(Quoted(i, j))
                i = j + 1
                continue
            # unclosed: look for the closer in the following paragraphs
            found = None
            for m in range(k + 1, min(len(blocks), k + 1 + max_paragraphs)):
                nb = blocks[m]
                s = nb.start + 1 if text[nb.start] == ch and closer != ch else nb.start
                if closer == ch and text[nb.start] == ch and text.count(ch, nb.start, nb.end) % 2 == 1:
                    s = nb.start + 1  # a straight-quote continuation mark opening the paragraph
                jj = text.find(closer, s, nb.end)
                if jj >= 0:
                    found = (m, jj)
                    break
            if found:
                out.append(Quoted(i, found[1]))
                nxt = found[0] + 1
                i = b.end
            else:
                i += 1
        k = max(k + 1, nxt)
    return out


def is_scare(text: str, q: Quoted) -> bool:
    """Quotation marks around a name or a term, not around speech."""
    s, e = q.inner
    inner_words = text[s:e].split()
    if len(inner_words) < 3:
        return True
    line_start = text.rfind("\n", 0, q.open) + 1
    before = text[max(line_start, q.open - 40) : q.open].split()
    if before:
        last = normalize_text(before[-1].strip("،,"))
        if last in NAMING_NOUNS or last in ("لـ", "ل", "بـ") or last.endswith("ـ"):
            return True
        if last.startswith(("و", "ب", "ل")) and last[1:] in NAMING_NOUNS:
            return True
        if len(before) > 1 and normalize_text(before[-2]) in NAMING_NOUNS and len(inner_words) < 6:
            return True
    return False


# ----------------------------------------------------------------------------- speakers


@dataclass(frozen=True, slots=True)
class Speaker:
    """A resolved speaker: the span naming them, their entity, and a display name."""

    start: int
    end: int
    entity: str | None
    name: str


@dataclass(frozen=True, slots=True)
class MentionIndex:
    """Entity mentions by their start and end offsets (names and roles)."""

    by_start: dict[int, tuple[int, str]]  # start -> (end, entity id)
    by_end: dict[int, tuple[int, str]]  # end -> (start, entity id)
    canonical: dict[str, str]
    labels: dict[str, str]


def mention_index(article: Article) -> MentionIndex:
    """Index every mention; a title right before a name of the same person becomes one span."""
    by_start: dict[int, tuple[int, str]] = {}
    canonical = {e.id: e.canonical for e in article.entities}
    labels = {e.id: e.label for e in article.entities}
    for e in article.entities:
        for m in e.mentions:
            cur = by_start.get(m.start)
            if cur is None or cur[0] < m.end:
                by_start[m.start] = (m.end, e.id)
    # join "TITLE [honorific] NAME" of one entity into one speaker span
    text = article.text
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
            # honorific between title and name ("رئيس اللجنة الدكتور عبدالعزيز الحربي")
            h = k
            for word in text[k : k + 40].split()[:2]:
                if normalize_text(word) not in titles().words.get("honorific", frozenset()):
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
    return MentionIndex(by_start, by_end, canonical, labels)


def _stopper(w: Word) -> bool:
    """A word that ends a speaker noun phrase."""
    if w.kind != "word":
        return True
    if w.norm in COMPLEMENTIZERS or w.norm in adverbials() or w.stem in adverbials() or w.norm in TIME_WORDS:
        return True
    return w.bare in cue_forms() or w.norm in cue_forms()


class SpeakerParser:
    """Finds speakers in one block's words, using the article's mention index."""

    def __init__(self, text: str, words: Sequence[Word], mentions: MentionIndex) -> None:
        self.text = text
        self.words = words
        self.mentions = mentions

    def _mention_at(self, i: int) -> tuple[int, str] | None:
        w = self.words[i]
        return self.mentions.by_start.get(w.start) or self.mentions.by_start.get(w.stem_start)

    def _word_after(self, offset: int) -> int:
        """Index of the first word starting at or after ``offset``."""
        for i, w in enumerate(self.words):
            if w.start >= offset:
                return i
        return len(self.words)

    def noun_phrase(self, i: int, limit: int, max_words: int = 5) -> int:
        """End index of the noun phrase starting at ``words[i]``."""
        j = i
        while j < limit and j - i < max_words and not _stopper(self.words[j]):
            m = self._mention_at(j)
            if m and j > i:
                j = self._word_after(m[0])
                continue
            j += 1
        return j

    def _make(self, i: int, j: int, entity: str | None, name_from: int | None = None) -> Speaker:
        ws = self.words
        start = ws[i].stem_start if (entity or name_from is not None) else ws[i].start
        end = ws[j - 1].end
        if entity:
            name = self.mentions.canonical.get(entity, self.text[start:end])
        else:
            k = name_from if name_from is not None else i
            name = self.text[ws[k].stem_start : end]
            if ws[k].stem.startswith("ال") and not normalize_text(name).startswith("ال"):
                name = "ا" + name  # "للحكومة" -> "الحكومة"
        return Speaker(start, end, entity, name)

    def _skip_addressee(self, i: int, limit: int) -> int:
        """Skip "لـ"الوطن"", "للصحفيين", "له" and time words between a cue and its subject."""
        ws = self.words
        while i < limit:
            w = ws[i]
            if w.norm in TIME_WORDS or w.kind == "number":
                i += 1
            elif w.norm in ("ل", "لـ") and i + 1 < limit:
                i += 1
                if ws[i].text in OPENERS:
                    close = OPENERS[ws[i].text]
                    k = i + 1
                    while k < limit and k - i < 6 and ws[k].text != close:
                        k += 1
                    i = k + 1 if k < limit and ws[k].text == close else i
                else:
                    i += 1
            elif w.norm in ("له", "لها", "لهم") or (w.norm.startswith("لل") and w.norm in adverbials()):
                i += 1
            else:
                break
        return i

    def after(self, i: int, limit: int, generic: bool = True) -> tuple[Speaker, int] | None:
        """The speaker right after a cue at ``words[i-1]``, and the index after it.

        ``generic=False`` accepts only mentions, groups and documents, not any noun phrase.
        """
        ws = self.words
        i = self._skip_addressee(i, limit)
        if i >= limit or ws[i].kind != "word":
            return None
        m = self._mention_at(i)
        if m:
            j = self._word_after(m[0])
            return self._make(i, j, m[1]), j
        w = ws[i]
        if w.stem in source_phrases().get("statement", {}) and i + 1 < limit:
            # "بيان للحكومة العراقية", "بيان صادر عن الوزارة", "بيان لها"
            k = i + 1
            if ws[k].norm in ("صادر", "الصادر") and k + 1 < limit:
                k += 1
            if ws[k].norm in ("عن", "من") and k + 1 < limit:
                k += 1
            if k < limit and ws[k].kind == "word" and (ws[k].norm.startswith("ل") or k > i + 1) \
                    and ws[k].norm not in ("له", "لها", "لهم"):
                m = self._mention_at(k)
                j = self._word_after(m[0]) if m else self.noun_phrase(k, limit, 4)
                if j > k:
                    return self._make(i, j, m[1] if m else None, name_from=k), j
            return None
        if w.stem in group_words() or w.norm in group_words():
            j = i + 1
            while j < limit and j - i < 3 and not _stopper(ws[j]) and not self._mention_at(j):
                j += 1
            return self._make(i, j, None), j
        if not generic or _stopper(w) or _match_phrase("channel", ws, i) > i:
            return None
        j = self.noun_phrase(i, limit)
        if j == i:
            return None
        ent = None
        for k in range(i, j):
            m = self._mention_at(k)
            if m and self.mentions.labels.get(m[1]) == "PER":
                ent = m[1]
                break
        return self._make(i, j, ent), j

    def before(self, i: int, sent_start: int, headline: bool) -> Speaker | None:
        """A subject right before the cue at ``words[i]`` ("الكاظمي يؤكد أن")."""
        ws = self.words
        if i == 0 or ws[i - 1].start < sent_start:
            return None
        p = i - 1
        if ws[p].norm in ("قد", "لقد") and p > 0 and ws[p - 1].start >= sent_start:
            p -= 1  # "وكان الوزير قد أكد"
        hit = self.mentions.by_end.get(ws[p].end)
        if hit:
            k = next((x for x, w in enumerate(ws) if hit[0] in (w.start, w.stem_start)), None)
            if k is not None:
                return self._make(k, p + 1, hit[1])
        first = next((x for x, w in enumerate(ws) if w.start >= sent_start), i)
        if headline and 0 < i - first <= 4 and all(not _stopper(w) for w in ws[first:i]):
            return self._make(first, i, None)
        if ws[i - 1].stem in group_words() and ws[i - 1].start >= sent_start:
            return self._make(i - 1, i, None)
        if ws[i].bare == ws[i].norm:
            # "شادي عوض الذي يعيش في مبنى مجاور قال إنه": the subject before a relative clause
            for k in range(i - 1, max(first, i - 14) - 1, -1):
                if ws[k].norm in RELATIVES and k > first:
                    hit = self.mentions.by_end.get(ws[k - 1].end)
                    if hit and self.mentions.labels.get(hit[1]) in ("PER", "ORG"):
                        start = next((x for x, w in enumerate(ws) if hit[0] in (w.start, w.stem_start)), None)
                        if start is not None:
                            return self._make(start, k, hit[1])
                    break
        return None


# ----------------------------------------------------------------------------- extraction


@dataclass(slots=True)
class Draft:
    """A quote under construction; ``speaker`` None means "the last speaker"."""

    pos: int
    kind: str
    start: int
    end: int
    speaker: Speaker | None
    cue: Cue | None
    continuation: bool = False


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """Drop surrounding space, trailing punctuation and a wrapping pair of quotation marks."""
    while s < e and (text[s].isspace() or text[s] in "،,:"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ".،,؛;:"):
        e -= 1
    if e - s > 2 and text[s] in OPENERS and text[e - 1] == OPENERS[text[s]] \
            and text.count(OPENERS[text[s]], s + 1, e - 1) == 0:
        s, e = s + 1, e - 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ".،,؛;:"):
        e -= 1
    return s, e


class BlockQuotes:
    """Quote drafts of one block (title, subtitle, highlight or paragraph)."""

    def __init__(self, article: Article, kind: str, block: Span, mentions: MentionIndex,
                 quoted: list[Quoted]) -> None:
        self.text = article.text
        self.kind = kind
        self.block = block
        self.words = make_words(self.text, block.start, block.end)
        self.sp = SpeakerParser(self.text, self.words, mentions)
        self.quoted = quoted
        self.dateline = article.dateline

    def _inside_quote(self, pos: int) -> bool:
        return any(q.open < pos < q.close for q in self.quoted)

    def _quote_opening_at(self, pos: int, slack: int = 2) -> Quoted | None:
        for q in self.quoted:
            if not q.claimed and pos <= q.open <= pos + slack and not is_scare(self.text, q):
                return q
        return None

    def _cue(self, w: Word) -> CueForm | None:
        forms = cue_forms()
        return forms.get(w.norm) or forms.get(w.bare)

    def drafts(self) -> list[Draft]:
        out: list[Draft] = []
        ws = self.words
        starts = [w.start for w in ws]
        transmit_first = source_phrases().get("transmit", {})
        for s, e in split_sentences(self.text[self.block.start : self.block.end], self.block.start):
            lo = bisect_left(starts, s)
            hi = bisect_left(starts, e)
            while hi > lo and ws[hi - 1].end > e:
                hi -= 1
            if hi <= lo:
                continue
            found: list[Draft] = []
            i = lo
            while i < hi:
                w = ws[i]
                cue = self._cue(w) if w.kind == "word" else None
                transmit = cue is None and w.bare in transmit_first and _match_phrase("transmit", ws, i) > i
                if (cue is None and not transmit) or self._inside_quote(w.start):
                    i += 1
                    continue
                d, nxt = self._resolve(i, lo, hi, e, cue)
                if d is not None:
                    found.append(d)
                i = max(i + 1, nxt)
            self._sources(lo, hi, s, e, found)
            # an indirect content ends where the next quote of the sentence begins
            found.sort(key=lambda d: d.pos)
            for a, b in itertools.pairwise(found):
                if a.kind == "indirect" and a.end > b.pos and self._starts_clause(b.pos):
                    a.end = max(a.start, b.pos)
                    while a.end > a.start and (self.text[a.end - 1].isspace() or self.text[a.end - 1] in "،,"):
                        a.end -= 1
                    if self.text[a.end - 1 : a.end] == "و" and self.text[a.end - 2 : a.end - 1].isspace():
                        a.end -= 1
            for d in found:
                if d.kind == "indirect":
                    d.end = self._clause_end(d.start, d.end)
                    d.start, d.end = _trim(self.text, d.start, d.end)
            out += [d for d in found if d.end - d.start > 1]
        if self.kind != "paragraph" or len(ws) <= 25:
            out += self._headline(out)
        return out

    def _starts_clause(self, pos: int) -> bool:
        """Does the quote cued at ``pos`` start a clause of its own (not a relative clause)?"""
        i = self._word_after(pos)
        if i >= len(self.words) or i == 0:
            return True
        w = self.words[i]
        cue = self._cue(w)
        if w.kind != "word" or w.bare != w.norm or (cue is not None and cue.form == "participle"):
            return True
        prev = self.words[i - 1]
        return prev.kind == "punct" or prev.norm in adverbials()

    def _clause_end(self, start: int, end: int) -> int:
        """Reported content stops where the writer takes over: "، في وقت …", "، فيما …"."""
        ws = self.words
        for k, w in enumerate(ws):
            if not start < w.start < end or w.text not in ("،", ","):
                continue
            nxt = ws[k + 1 : k + 3]
            if not nxt or self._inside_quote(w.start):
                continue
            one = nxt[0].norm
            two = " ".join(x.norm for x in nxt)
            if one in CLAUSE_BREAKS or two in CLAUSE_BREAKS:
                return w.start
        return end

    def _resolve(self, i: int, lo: int, hi: int, sent_end: int, cue: CueForm | None) -> tuple[Draft | None, int]:
        """Speaker and content of the cue at ``words[i]``."""
        ws = self.words
        w = ws[i]
        lemma = cue.lemma if cue else "نقل"
        cs = w.start + 1 if w.bare != w.norm else w.start  # "وقال" -> cue "قال"
        cue_span = Cue(cs, w.end, self.text[cs : w.end], lemma)
        speaker: Speaker | None = None
        j = i + 1
        if cue is None:  # "نقلت وكالة … عن X قوله إن"
            k = j
            while k < hi and k - j < 8 and ws[k].norm != "عن":
                k += 1
            if k >= hi or ws[k].norm != "عن":
                return None, i + 1
            got = self.sp.after(k + 1, hi)
            if got is None:
                return None, i + 1
            speaker, j = got
            said = self._cue(ws[j]) if j < hi else None
            if said is None or said.form != "masdar":
                return None, i + 1  # "نقل" is speech only as "نقل … عن X قوله"
            j += 1
            cue = CueForm("نقل", "perfect", "-", False)
        elif cue.form == "masdar":
            return None, i + 1
        elif cue.form != "participle":
            if j < hi and self._cue(ws[j]) and self._cue(ws[j]).form == "participle":  # type: ignore[union-attr]
                return None, i + 1  # "وتابع قائلا": the participle carries it
            if self._clause_initial(i, lo):
                got = self.sp.after(j, hi, generic=not cue.strict)
                if got is not None:
                    speaker, j = got
            if speaker is None:
                speaker = self.sp.before(i, ws[lo].start, self.kind != "paragraph")
                if speaker is None and not self._clause_initial(i, lo):
                    return None, i + 1  # "في مداهمات قالت إنها …": a relative clause, no speaker to follow
        # skip channels and adverbials up to the content
        k = j
        limit = min(hi, j + (6 if cue.strict else 14))
        content_start: int | None = None
        direct: Quoted | None = None
        while k < limit:
            x = ws[k]
            if x.kind == "punct" and x.text in OPENERS:
                direct = self._quote_opening_at(x.start)
                if direct is not None:
                    break
            if x.kind == "punct" and x.text == ":":
                direct = self._quote_opening_at(x.end, 3)
                if direct is None:
                    content_start = x.end
                break
            if x.norm in COMPLEMENTIZERS and not (k > 0 and ws[k - 1].norm in NOT_BEFORE_COMP):
                content_start = x.end
                direct = self._quote_opening_at(x.end, 3)
                break
            if x.kind == "punct" and x.text in ".؟?!":
                break
            if k > j and x.kind == "word" and self._cue(x) and self._cue(x).form != "masdar":  # type: ignore[union-attr]
                break
            k += 1
        if direct is None and content_start is None and speaker is not None and cue.obj != "-" and not cue.strict:
            content_start = self._object_start(j, hi, cue.obj)
        if direct is None and content_start is None:
            # '"…"، قال الوزير': the quotation just before the cue
            q = self._quote_closing_before(w.start)
            if q is not None and speaker is not None:
                direct = q
        if direct is None and content_start is None:
            return None, i + 1
        if speaker is None and cue.form == "imperfect":
            return None, i + 1  # "يذكر أن": the writer's voice
        if direct is not None:
            direct.claimed = True
            s, e = direct.inner
            s, e = _trim(self.text, s, e)
            return Draft(w.start, "direct", s, e, speaker, cue_span, speaker is None), self._word_after(direct.close)
        assert content_start is not None
        end = sent_end
        # quotations fully inside the indirect content belong to it
        for q in self.quoted:
            if content_start <= q.open and q.close < end:
                q.claimed = True
        return Draft(w.start, "indirect", content_start, end, speaker, cue_span, speaker is None), k + 1

    def _word_after(self, offset: int) -> int:
        return self.sp._word_after(offset)

    def _clause_initial(self, i: int, lo: int) -> bool:
        """A cue that opens a clause ("وأضاف", "، أكد", "كما أكد") may drop its subject."""
        w = self.words[i]
        if w.bare != w.norm or i == lo:
            return True
        prev = self.words[i - 1]
        if prev.kind == "punct" or prev.norm in adverbials() or prev.stem in adverbials():
            return True
        # a fronted topic: "وعن مجلس اللجنة قال التميمي", "وحول ذلك أكد"
        return self.words[lo].bare in FRONTING and i - lo <= 6

    def _quote_closing_before(self, pos: int) -> Quoted | None:
        for q in self.quoted:
            if not q.claimed and 0 <= pos - q.close <= 3 and not is_scare(self.text, q):
                return q
        return None

    def _object_start(self, j: int, hi: int, obj: str) -> int | None:
        """Where a direct or prepositional object starts ("أكد [التزامه]", "دعا إلى [وقف]")."""
        ws = self.words
        k = j
        for _ in range(3):
            if k < hi and (ws[k].norm in TIME_WORDS or ws[k].kind == "number"):
                k += 1
                continue
            c = _match_phrase("channel", ws, k)
            if c > k:
                k = c + 1 if c < hi and ws[c].kind == "word" else c
                while k < hi and ws[k].norm in CHANNEL_TAIL:
                    k += 1
                continue
            break
        if k >= hi or ws[k].kind != "word":
            return None
        x = ws[k]
        if obj == "obj":
            if x.norm in adverbials() and x.norm not in ("عن",):
                return None
            return x.start
        if obj == "ب":
            return x.start + 1 if x.norm.startswith("ب") and len(x.norm) > 3 else None
        prep = PREPOSITION_OBJECTS.get(obj, normalize_text(obj))
        if x.norm == prep and k + 1 < hi and ws[k + 1].kind == "word":
            return ws[k + 1].start
        return None

    def _sources(self, lo: int, hi: int, s: int, e: int, found: list[Draft]) -> None:
        """"… بحسب X" / "وبحسب X، فإن …": the clause is reported, X is its source."""
        ws = self.words
        firsts = source_phrases().get("source", {})
        for i in range(lo, hi):
            w = ws[i]
            if w.norm not in firsts and w.bare not in firsts and w.stem not in firsts:
                continue
            end = _match_phrase("source", ws, i)
            if end == i or self._inside_quote(ws[i].start):
                continue
            if any(d.start <= ws[i].start < d.end for d in found):
                continue
            got = self.sp.after(end, hi) if end < hi else None
            if got is None:
                continue
            speaker, j = got
            head = ws[end]
            trusted = speaker.entity is not None or head.stem in group_words() or head.stem in MEDIA_NOUNS \
                or head.norm in MEDIA_NOUNS
            if not trusted:
                continue
            cue = Cue(ws[i].start, ws[end - 1].end, self.text[ws[i].start : ws[end - 1].end],
                      normalize_text(ws[i].bare))
            if i == lo or (i == lo + 1 and ws[lo].norm in ("و", "ف")):
                # sentence-initial: content after the comma (and فإن)
                k = j
                while k < hi and ws[k].kind == "word" and ws[k].norm not in ("فان", "ان") and k - j < 4:
                    k += 1
                if k < hi and ws[k].text in ("،", ","):
                    k += 1
                if k < hi and ws[k].norm in ("فان", "ان", "فقد"):
                    k += 1
                if k >= hi:
                    continue
                cs, ce = _trim(self.text, ws[k].start, e)
            else:
                first = ws[lo]
                cs, ce = _trim(self.text, first.start if first.bare == first.norm else first.start + 1,
                               ws[i].start)
            if ce - cs > 10:
                found.append(Draft(ws[i].start, "indirect", cs, ce, speaker, cue))

    def _headline(self, drafts: list[Draft]) -> list[Draft]:
        """"الكاظمي: ملتزمون …" — a short speaker, a colon, their words."""
        text = self.text
        b = self.block
        colon = text.find(":", b.start, b.end)
        if colon < 0 or any(d.pos < colon for d in drafts):
            return []
        left = self.words[: self.sp._word_after(colon)]
        if not 1 <= len(left) <= 5 or any(w.kind != "word" for w in left):
            return []
        if self.dateline and self.dateline.start <= left[0].start < self.dateline.end:
            return []
        if any(w.norm in HEADLINE_LABELS or w.stem in HEADLINE_LABELS or _stopper(w) for w in left):
            return []
        s, e = _trim(text, colon + 1, b.end)
        if len(text[s:e].split()) < 2 or e - s < 8:
            return []
        sp = self.sp
        m = sp._mention_at(0)
        if m and m[0] == left[-1].end:
            speaker = sp._make(0, len(left), m[1])
        elif self.kind == "paragraph" and m and sp.mentions.labels.get(m[1]) in ("GPE", "LOC"):
            return []  # "جدة:" opening a paragraph is a dateline
        else:
            ent = m[1] if m and m[0] >= left[-1].end - 1 else None
            speaker = sp._make(0, len(left), ent)
        cue = Cue(colon, colon + 1, ":", ":")
        for q in self.quoted:
            if s - 1 <= q.open <= s and q.close >= e:
                q.claimed = True
        return [Draft(colon, "headline", s, e, speaker, cue)]


def _stands_alone(text: str, q: Quoted, blocks: Sequence[tuple[str, Span]]) -> bool:
    """A quotation that opens its paragraph or follows a sentence end or a colon."""
    k = q.open
    while k > 0 and text[k - 1] in " \u00a0\t":
        k -= 1
    return k == 0 or text[k - 1] in "\n.:؛!؟?" or any(b.start == q.open for _kind, b in blocks)


def extract_quotes(article: Article) -> list[Quote]:
    """All quotes of the article in text order, continuations resolved to the last speaker."""
    text = article.text
    blocks = article_blocks(article)
    quoted = find_quoted(text, [b for _k, b in blocks])
    mentions = mention_index(article)
    drafts: list[Draft] = []
    for kind, block in blocks:
        drafts += BlockQuotes(article, kind, block, mentions, quoted).drafts()
    # long quotations no cue claimed continue the last speaker
    for q in quoted:
        if not q.claimed and not is_scare(text, q) and _stands_alone(text, q, blocks):
            s, e = _trim(text, *q.inner)
            if len(text[s:e].split()) >= 6:
                drafts.append(Draft(q.open, "direct", s, e, None, None, True))
    drafts.sort(key=lambda d: d.pos)
    out: list[Quote] = []
    last: Speaker | None = None
    for d in drafts:
        sp = d.speaker if d.speaker is not None else last
        if d.speaker is not None:
            last = d.speaker
        ref = SpeakerRef(sp.start, sp.end, text[sp.start : sp.end], sp.entity) if sp else None
        out.append(Quote(d.kind, Span(d.start, d.end, text[d.start : d.end]), ref, sp.name if sp else None, d.cue))
    return out


def analyze_quotes(article: Article) -> Article:
    """The quotes stage: fill ``article.quotes``."""
    return replace(article, quotes=tuple(extract_quotes(article)))
