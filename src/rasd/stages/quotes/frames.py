"""Frames: where a cue's content starts, and what kind of content it is.

After a verb of saying and its speaker (and any addressee, time word or channel: "في
بيان"، "لـ«عكاظ»"، "أمس"), the reported words come in one of these frames:

* ``comp``: an أن/إن clause ("قال إن …", "أكد أنه سيتشرف …"): content after أن/إن, or after
  its pronoun (the pronoun is the clause's subject, not reported words); also after a
  preposition the verb takes ("أشار إلى أن", "شدد على أن", "حذر من أن");
* ``colon``: "وقال: …";
* ``quote``: a quotation right after the verb, the colon or أن ('وقال "…"'); when the
  clause goes on after the closing mark, the reported words are the whole clause
  ("معتبرا أنه «اتفاق جيد للعالم» يستحق إقرار الكونغرس");
* ``quotative``: "مضى قائلا: …"، "بقوله …"، "ما نصه";
* ``prep``: the object after the preposition the verb takes ("أعرب عن …", "طالب بـ…",
  "شدد على …", "أشار إلى …", "دعا [اليونانيين] إلى …");
* ``obj``: a noun phrase object ("أعلن مسؤوليته عن …", "أكد حرص المملكة على …").

Each frame has a confidence weight: an أن clause or a quotation after a verb of saying is
almost surely speech, a bare noun phrase object much less so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rasd.arabic.normalize import normalize_text
from rasd.stages.quotes.cues import CueForm, lookup
from rasd.stages.quotes.lexicon import (
    COMPLEMENTIZER_PRONOUNS,
    COMPLEMENTIZERS,
    NEGATIONS,
    NOT_BEFORE_COMP,
    QUOTATIVES,
    TIME_WORDS,
    adverbials,
)
from rasd.stages.quotes.marks import TERMINATORS, Quoted
from rasd.stages.roles import Word

#: How sure a frame makes us that the words are reported speech (before the cue's own weight).
FRAME_CONFIDENCE = {"quote": 0.95, "comp": 0.9, "colon": 0.9, "quotative": 0.9, "prep": 0.75, "obj": 0.65,
                    "inverted": 0.7,
                    "source": 0.8, "headline": 0.8, "orphan": 0.6}
PREP_WORDS = {normalize_text(p): normalize_text(p) for p in ("إلى", "على", "عن", "من", "في", "مع")}
MA_NASSUHU = (normalize_text("ما"), normalize_text("نصه"))


@dataclass(slots=True)
class Frame:
    """The content's start and kind; ``direct`` is the quotation when the content is one."""

    kind: str
    start: int  # offset of the first content character
    word: int  # index of the first content word
    direct: Quoted | None = None
    mixed: bool = False  # a quotation that the clause goes on after: content is the clause


class FrameFinder:
    """Finds frames in one block's words."""

    def __init__(self, text: str, words: Sequence[Word], quotes_at: dict[int, Quoted]) -> None:
        self.text = text
        self.words = words
        self.quotes_at = quotes_at  # opening mark offset -> quotation (speech, not scare quotes)

    def _quote(self, k: int) -> Quoted | None:
        if k < len(self.words) and self.words[k].kind == "punct":
            return self.quotes_at.get(self.words[k].start)
        return None

    def _direct(self, q: Quoted, kind: str, k: int, clause: bool = False) -> Frame:
        """A quotation as content: direct, or (after أن) the whole clause when it goes on after the mark."""
        return Frame(kind, q.open + 1, k + 1, q, mixed=clause and self._clause_goes_on(q))

    def _clause_goes_on(self, q: Quoted) -> bool:
        if q.implicit:
            return False
        i = q.close + 1
        text = self.text
        while i < len(text) and text[i] in " \t\u00a0":
            i += 1
        if i >= len(text) or text[i] in TERMINATORS or text[i] in "\n،,:؛;»”\")":
            return False
        k = next((x for x, w in enumerate(self.words) if w.start >= i), None)
        if k is None:
            return False
        w = self.words[k]
        hit = lookup(w.norm)
        if hit is not None or w.norm in QUOTATIVES:
            return False  # '… "…" مضيفا أن': a new cue, not the same clause
        return w.kind == "word"

    def at(self, k: int, limit: int, cue: CueForm, allow_obj: bool, immediate: bool) -> Frame | None:
        """The frame starting at ``words[k]`` (after speaker and addressee), or None.

        ``immediate``: look at ``words[k]`` only; else the introducer (أن، colon, quotation,
        قائلا) may come after a few adverbial words ("قال في كلمته خلال الافتتاح إن …").
        """
        ws = self.words
        if k >= limit:
            return None
        f = self._introducer(k, limit, cue)
        if f is not None:
            return f
        x = ws[k]
        # a preposition the verb takes: "أعرب عن …"، "طالب بـ…"، "أشار إلى …"
        preps = cue.preps
        if x.kind == "word":
            p = x.norm if x.norm in PREP_WORDS else None
            if p and p in preps and k + 1 < limit and ws[k + 1].kind == "word":
                f = self._introducer(k + 1, limit, cue)
                if f is not None:
                    return f
                if cue.form == "masdar":
                    return None  # "وإفادتها بما اتخذ": a masdar reports speech only with أن, a colon or quotes
                return Frame("prep", ws[k + 1].start, k + 1)
            if ("ب" in preps or "ل" in preps) and x.norm[:1] in preps and len(x.norm) >= 3 and cue.form != "masdar" \
                    and x.stem != x.norm and x.norm not in COMPLEMENTIZERS:
                return Frame("prep", x.start + 1, k)
            if x.norm in ("بـ", "ب", "لـ") and x.norm[:1] in preps and k + 1 < limit:
                return Frame("prep", ws[k + 1].start, k + 1)
        window = 4 if cue.form in ("participle", "masdar") else 0 if immediate else 18
        if window:
            # the introducer a few words on, past adverbial phrases ("متمنيا من الله أن …")
            j = k + 1
            seen = 0
            while j < limit and seen < window:
                y = ws[j]
                seen += y.kind == "word"
                if y.kind == "word" and y.norm in preps and y.norm in PREP_WORDS and j + 1 < limit \
                        and ws[j + 1].kind == "word" and not ws[j - 1].stem.startswith("ال") \
                        and ("obj" not in cue.frames or x.norm in adverbials() or x.norm in PREP_WORDS):
                    # "وأشار في تقريره إلى احتمال …": the verb's own preposition after an adverbial
                    f = self._introducer(j + 1, limit, cue)
                    return f if f is not None else Frame("prep", ws[j + 1].start, j + 1)
                if y.kind == "punct" and y.text in TERMINATORS:
                    break
                if y.kind == "word" and (h := lookup(y.norm)) is not None and h[0].form in ("perfect", "imperfect") \
                        and ws[j - 1].norm not in NEGATIONS:
                    break
                f = self._introducer(j, limit, cue)
                if f is not None and f.kind == "comp" and cue.cls == "feel" and cue.preps:
                    f = None  # "عبّر …، وسبق أن عمل …، عن سعادته": feelings take their preposition
                if f is not None:
                    before = ws[j - 1]
                    if f.kind == "comp" and allow_obj and before.norm in PREP_WORDS and j - 1 > k:
                        break  # "أكد حرص المملكة على أن …": the noun phrase is the object
                    if f.kind in ("comp", "colon", "quote", "quotative"):
                        return f
                    break
                j += 1
        if allow_obj and "obj" in cue.frames and x.kind == "word" and x.norm not in adverbials() \
                and x.norm not in TIME_WORDS and lookup(x.norm) is None:
            return Frame("obj", x.start, k)
        if allow_obj and "obj" in cue.frames and x.kind == "punct" and x.text in "«“\"" and k + 1 < limit:
            return Frame("obj", x.start, k + 1)  # 'يؤكد «الدعم القوي» من حكومته': a quoted term opens the object
        return None

    def _introducer(self, k: int, limit: int, cue: CueForm) -> Frame | None:
        """أن/إن, a colon, a quotation or قائلا at ``words[k]``."""
        ws = self.words
        x = ws[k]
        q = self._quote(k)
        if q is not None:
            return self._direct(q, "quote", k)
        if x.kind == "punct" and x.text == ":":
            q = self._quote(k + 1)
            if q is not None:
                return self._direct(q, "quote", k + 1)
            j = k + 1
            if j + 1 < limit and (ws[j].norm in COMPLEMENTIZERS or ws[j].norm in COMPLEMENTIZER_PRONOUNS):
                j += 1  # "وقال المصدر: إن …", "فيقول: إنه يقضي …"
            if j < limit:
                return Frame("colon", ws[j].start, j)
            return None
        if x.kind != "word":
            return None
        if x.norm in QUOTATIVES or (x.norm == MA_NASSUHU[0] and k + 1 < limit and ws[k + 1].norm == MA_NASSUHU[1]):
            j = k + (2 if x.norm == MA_NASSUHU[0] else 1)
            if j < limit and ws[j].text == ":":
                j += 1
            q = self._quote(j)
            if q is not None:
                return self._direct(q, "quote", j)
            if j + 1 < limit and (ws[j].norm in COMPLEMENTIZERS or ws[j].norm in COMPLEMENTIZER_PRONOUNS):
                j += 1  # "وأردف قائلا إنني واجهت …"
            if j < limit:
                return Frame("quotative", ws[j].start, j)
            return None
        prev = ws[k - 1].bare if k > 0 else ""
        if (x.norm in COMPLEMENTIZERS or x.norm in COMPLEMENTIZER_PRONOUNS) and prev not in NOT_BEFORE_COMP:
            if k + 1 >= limit:
                return None
            q = self._quote(k + 1)
            if q is not None:
                return self._direct(q, "quote", k + 1, clause=True)
            return Frame("comp", ws[k + 1].start, k + 1)
        return None
