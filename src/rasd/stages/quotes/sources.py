"""Speech without a verb of saying: attribution phrases and "Speaker: words" headlines.

Attribution (``speech_cues.sources.tsv``, kind ``source``): "… بحسب X"، "وفقا لـ X"،
"نقلا عن X"، "حسبما ذكرت X"، "بحسب ما قالت X".  X is the speaker; the content is the clause
before the phrase, or for a sentence-initial phrase ("وبحسب X، فإن …") the clause after it.
A source is trusted when it is a person or organisation, an unnamed group or document
(مصادر، تقرير، بيان), a quotation-marked name ("حسب «رويترز»"), or introduced by a verb of
saying ("حسبما ذكرت"): "بحسب الخطة" is not speech.

Headlines: "الكاظمي: ملتزمون …" in a title, subtitle or short block; the left side is one
to five words naming a speaker (a label such as "عاجل" or a dateline is not), optionally
with an addressee ("الحسين لـ"عين اليوم": …").
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from rasd.arabic.normalize import normalize_text
from rasd.article import Cue
from rasd.stages.quotes.boundaries import trim
from rasd.stages.quotes.cues import lookup
from rasd.stages.quotes.extract import Draft, confidence
from rasd.stages.quotes.lexicon import HEADLINE_LABELS, TIME_WORDS, match_phrase
from rasd.stages.quotes.marks import MARKS
from rasd.stages.quotes.speakers import Speaker, SpeakerParser, is_group, stopper

if TYPE_CHECKING:
    from rasd.stages.quotes.extract import BlockQuotes

MEDIA_NOUNS = frozenset(normalize_text(w) for w in (
    "وكالة", "صحيفة", "جريدة", "قناة", "موقع", "تلفزيون", "إذاعة", "مجلة", "مصادر", "مصدر", "بيان", "تقرير",
    "تقارير", "وسائل", "دراسة", "استطلاع", "إحصائية", "إحصاءات", "بيانات", "أرقام", "تقديرات", "شهود",
    "مسؤولين", "مسؤولون", "خبراء", "محللين", "منظمي", "منظمو",
))
#: After "حسب"/"بحسب" these words still belong to the phrase: "حسب ما"، "حسب وصف"، "حسب قول".
SOURCE_TAIL = frozenset(normalize_text(w) for w in (
    "ما", "لما", "وصف", "قول", "تعبير", "رواية", "تصريحات", "تصريح", "كلام", "إفادة", "تأكيد", "رأي",
))
#: How many words after an attribution phrase its source is looked for in.
SOURCE_REACH = 64
#: A preposition with the pronoun that points back at "ما": "وفق ما أفاد به", "حسبما صرح به".
RESUMPTIVE_PPS = frozenset(normalize_text(w) for w in ("به", "بها", "عنه", "عنها", "فيه", "فيها"))
#: Object pronouns that point back at "ما" on the verb of a relative clause: "لما ذكرته".
RESUMPTIVE_SUFFIXES = ("ها", "ه")


def _relative_verb(norm: str) -> bool:
    """A verb of saying in the perfect or imperfect, maybe with the pronoun that points back at
    "ما" ("ذكرت"، "ذكرته"، "أوردتها"، "يقوله")."""
    forms = [norm] + [norm[: -len(s)] for s in RESUMPTIVE_SUFFIXES if norm.endswith(s) and len(norm) > len(s) + 2]
    for f in forms:
        h = lookup(f)
        if h is not None and h[0].form in ("perfect", "imperfect"):
            return True
    return False


FA_INNA = frozenset(normalize_text(w) for w in ("فإن", "فان", "إن", "أن", "فقد", "فإنه", "فإنها"))


def source_at(sp: SpeakerParser, i: int) -> tuple[Speaker, int, int] | None:
    """A trusted attribution at ``words[i]`` of the block ``sp`` parses: (speaker, index after the
    speaker, index after the phrase).  It needs only the block's speaker parser, so the
    boundaries of a block can hold this test without holding the block (no reference cycle)."""
    ws = sp.words
    end = match_phrase("source", ws, i)
    if end == i:
        return None
    hi = min(len(ws), end + SOURCE_REACH)  # the speaker is near: a long line stays linear
    for k in range(end, hi):
        if ws[k].kind == "punct" and ws[k].text in ".؟?!\n":
            hi = k
            break
    j = end
    via_verb = False
    if j < hi and ws[j].norm in ("ل", "لـ") and j + 1 < hi and ws[j + 1].text in MARKS:
        j += 1  # 'وفقاً لـ "رويترز"'
    while j < hi and ws[j].norm in SOURCE_TAIL:
        j += 1
    transmit = False
    if j < hi and _relative_verb(ws[j].norm):
        j += 1  # "حسبما ذكرت X"، "بحسب ما قالت X"، "وفقا لما ذكرته X"، "وفق ما أفاد به X"
        via_verb = True
        if j < hi and ws[j].norm in RESUMPTIVE_PPS:
            j += 1
    elif j < hi and match_phrase("transmit", ws, j) > j:
        j = match_phrase("transmit", ws, j)  # "حسبما نقلت صحيفة X عن مصدر": the inner source speaks
        via_verb = transmit = True
    elif j > end and ws[j - 1].norm in ("ما", "لما") and j < hi:
        via_verb = True
    speaker: Speaker | None = None
    quoted_name = False
    if j < hi and ws[j].text in MARKS:  # حسب «رويترز»
        k = j + 1
        while k < hi and k - j < 6 and ws[k].text not in MARKS:
            k += 1
        if k < hi and k > j + 1:
            speaker, j = sp._make(j + 1, k, None, "named", "ORG"), k + 1
            quoted_name = True
    if speaker is None:
        glued = j == end and j < hi and ws[j].norm[:1] == "ل" and ws[end - 1].norm != "ل"
        got = sp.after(j, hi, skip=not glued) if j < hi else None  # "وفقا لوزارة التجارة"
        if got is None:
            return None
        speaker, j = got
        if glued and sp.text[speaker.start] == "ل" and speaker.entity is None:
            name = speaker.name[1:] if speaker.name.startswith("ل") else speaker.name
            if name.startswith("ل"):
                name = "ا" + name  # "للجمعية" -> "الجمعية"
            speaker = replace(speaker, start=speaker.start + 1, name=name)
    if transmit and j + 1 < hi and ws[j].norm == "عن" and (inner := sp.after(j + 1, hi, skip=False)) is not None:
        speaker, j = inner
    h0 = sp.word_after(speaker.start)
    head = ws[h0] if h0 < len(ws) else ws[j - 1]
    trusted = via_verb or speaker.entity is not None or is_group(head) or head.stem in MEDIA_NOUNS \
        or head.norm in MEDIA_NOUNS or quoted_name
    if speaker.entity is not None and sp.people.labels.get(speaker.entity) in ("GPE", "LOC") and not via_verb:
        trusted = False
    return (speaker, j, end) if trusted else None


def attribution_drafts(bq: BlockQuotes, found: list[Draft]) -> list[Draft]:
    """Drafts for "… بحسب X" / "وبحسب X، فإن …" in one block."""
    out: list[Draft] = []
    ws = bq.words
    for i in bq.source_words:  # a word that opens a "source" phrase
        w = ws[i]
        if bq.inside_quote(w.start) or any(d.start <= w.start < d.end and d.kind != "headline" for d in found):
            continue  # the phrase is inside a quote already: the speaker's own source
        got = source_at(bq.sp, i)
        if got is None:
            continue
        speaker, j, end = got
        s, e = bq.sents.at(w.start)
        lo, hi = bq._index_range(s, e)
        cue = Cue(w.start, ws[end - 1].end, bq.text[w.start : ws[end - 1].end], bq.text[w.start : ws[end - 1].end])
        after_fa = j < hi and (ws[j].norm in FA_INNA or (ws[j].text in ("،", ",") and j + 1 < hi
                                                          and ws[j + 1].norm in FA_INNA))
        if i == lo or (i == lo + 1 and ws[lo].norm in ("و", "ف")) or (after_fa and ws[j].norm not in ("ان", "أن")):
            # sentence-initial: content after the comma, or after فإن/فقد past a time word
            k = j
            while k < hi and ws[k].kind in ("word", "number") and ws[k].norm not in FA_INNA and k - j < 4:
                k += 1
            if k < hi and ws[k].text in ("،", ","):
                k += 1
                f = k
                while f < hi and f - k < 4 and ws[f].norm not in FA_INNA and (ws[f].norm in TIME_WORDS
                                                                               or ws[f].kind == "number"):
                    f += 1
                if f < hi and ws[f].norm in FA_INNA:
                    k = f  # "ووفق بيان للوزارة، اليوم السبت فقد …"
            elif k >= hi or ws[k].norm not in FA_INNA:
                continue  # ".بحسب موقع 24 الإماراتي.": a source for the sentence before, already reported
            if k < hi and ws[k].norm in FA_INNA:
                k += 1
            if k >= hi:
                continue
            cend = bq.bounds.end(k, e, False)
            cs, ce = trim(bq.text, ws[k].start, cend)
        else:
            # the clause before: from the sentence start, or from the end of a quote before it
            start = s
            for d in found:
                if s <= d.end <= w.start and d.end > start:
                    start = d.end
            first = bq.sp.word_after(start)
            if first >= len(ws):
                continue
            cs, ce = trim(bq.text, ws[first].start if ws[first].bare == ws[first].norm else ws[first].start + 1,
                          w.start)
        if ce - cs > 10:
            out.append(Draft(w.start, "indirect", cs, ce, speaker, cue, "source", (s, e),
                             confidence=confidence("source", None, True), block=bq.index))
    return out


def headline_drafts(bq: BlockQuotes, found: list[Draft]) -> list[Draft]:
    """"الكاظمي: ملتزمون …" — a short speaker, a colon, their words (titles and short blocks)."""
    if bq.kind == "paragraph" and len(bq.words) > 30:
        return []
    text = bq.text
    out: list[Draft] = []
    ws = bq.words
    left_from = 0
    for c, colon in enumerate(ws):
        if colon.text != ":":
            continue
        left = list(range(left_from, c))
        left_from = c + 1
        if any(d.pos < colon.start and d.kind != "headline" for d in found):
            break
        # an addressee before the colon: "الحسين لـ"عين اليوم":"
        k = len(left)
        for x in range(len(left)):
            wx = ws[left[x]]
            if x > 0 and (wx.norm in ("ل", "لـ") or (wx.norm.startswith("ل") and x + 1 < len(left)
                                                       and ws[left[x + 1]].text in MARKS)):
                k = x
                break
        left = left[:k]
        if not 1 <= len(left) <= 5 or any(ws[x].kind != "word" for x in left):
            continue
        lw = [ws[x] for x in left]
        if bq.dateline and bq.dateline.start <= lw[0].start < bq.dateline.end:
            continue
        if any(w.norm in HEADLINE_LABELS or w.stem in HEADLINE_LABELS or stopper(w) for w in lw):
            continue
        if "-" in text[lw[0].start : colon.start] or "–" in text[lw[0].start : colon.start]:
            continue  # "فهد كاملي- سبق- جازان:": a byline and dateline
        s = colon.end
        # the headline's words run to the next colon-headline or the block end
        e = bq.block.end
        s, e = trim(text, s, e)
        if len(text[s:e].split()) < 2 or e - s < 8:
            continue
        m = bq.sp.mention_at(left[0])
        if m and m[0] >= lw[-1].end - 1:
            sp = bq.sp._make(left[0], left[-1] + 1, m[1], "named")
            if bq.people.labels.get(m[1]) in ("GPE", "LOC") and bq.kind == "paragraph":
                continue  # "جدة:" opening a paragraph is a dateline
        elif bq.kind == "paragraph" and (m is None or bq.people.labels.get(m[1]) in ("GPE", "LOC")):
            continue
        else:
            sp = bq.sp._make(left[0], left[-1] + 1, m[1] if m else None, "named" if m else "group",
                             None if m else "PER")
        for q in bq.quoted:
            if s - 1 <= q.open <= s and q.close >= e:
                q.claimed = True
        out.append(Draft(colon.start, "headline", s, e, sp, Cue(colon.start, colon.end, ":", ":"), "headline",
                         (bq.block.start, bq.block.end), confidence=confidence("headline", None, True),
                         block=bq.index))
        break
    return out
