"""Boundaries: where reported content ends.

Content ends where the statement ends (GUIDELINES.md):

* a quotation ends at its closing mark;
* other content ends at the end of its sentence (. ! ? ؟ or the paragraph end; a full
  stop inside a quotation that the content contains does not end it);
* or earlier, where a new statement begins:
  - a participle cue with its frame, after a comma or a space ("…، مشيرا إلى أن …",
    "… مشددا على أن …"): a second quote of the same speaker;
  - a verb of saying joined by و/ف ("…، وأضاف أن …", "… ودعوا إلى …"), or after a comma;
  - "كما قال/أكد …";
  - an attribution phrase ("… بحسب ما أعلن …", "…، وفقا لـ…"): the clause before it is the
    source's content;
  - a clause of the writer's after a comma ("، في وقت …", "، يأتي ذلك …").

Content introduced by a colon is the speaker's own account; verbs of saying inside it that
have a first-person addressee ("وأفادني بأن …", "وقال لي الموظف …") report speech within
the account (nested records) and do not end it.  A subject-first verb of saying inside an
أن clause ("ذكر بيان للوزارة أن الفريق قال إن …") is a nested report too: the outer content
runs over it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from rasd.arabic.normalize import normalize_text
from rasd.stages.quotes.cues import lookup
from rasd.stages.quotes.lexicon import CLAUSE_BREAKS_NORM, QUOTATIVES, adverbials, match_phrase, source_phrases
from rasd.stages.quotes.marks import OPEN_AFTER, Quoted
from rasd.stages.roles import Word

COMMAS = frozenset("،,؛;")
_BREAK_FIRSTS = frozenset(p[0] for p in CLAUSE_BREAKS_NORM)
_SOURCE_FIRSTS = frozenset(source_phrases().get("source", {}))
FIRST_PERSON_ADDRESSEES = frozenset(normalize_text(w) for w in ("لي", "لنا", "إلي", "إلينا", "معي"))
KAMA = normalize_text("كما")
#: Clauses of time that end a noun-phrase object: "… بعدما رفع راية الثورة".
TEMPORAL = frozenset(normalize_text(w) for w in ("بعدما", "قبلما", "عندما", "حينما", "لدى", "إثر", "عقب"))
#: Words that join a new clause: a verb of saying after them starts a new statement.
CONJUNCTIONS = frozenset(normalize_text(w) for w in ("ثم", "بينما", "فيما", "حين", "كما", "إذ", "حيث", "وحين"))
#: The words besides cues and attribution openers at which :meth:`Boundaries.new_statement` may
#: hold: a clause of time, an addressee (adverbials), كما, a clause break.
_STARTERS = TEMPORAL | _BREAK_FIRSTS | adverbials() | {KAMA, "بعد", "قبل"}


def trim(text: str, s: int, e: int) -> tuple[int, int]:
    """Drop surrounding space, trailing punctuation, a trailing "و" and a wrapping pair of marks."""
    while s < e and (text[s].isspace() or text[s] in "،,:؛"):
        s += 1
    for _ in range(2):
        while e > s and (text[e - 1].isspace() or text[e - 1] in ".،,؛;:-–"):
            e -= 1
        if e - s > 2 and text[e - 1] == "و" and text[e - 2].isspace():
            e -= 1
    wrapped = e - s > 2 and text[s] in "«“\"" and text[e - 1] in "»”\""
    if wrapped and not any(c in "«»“”\"" for c in text[s + 1 : e - 1]):
        s, e = s + 1, e - 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ".،,؛;:"):
        e -= 1
    return s, e


class Boundaries:
    """Content ends in one block's words."""

    def __init__(self, text: str, words: Sequence[Word], quoted: Sequence[Quoted],
                 source_ok: Callable[[int], bool] | None = None, cues: Collection[int] | None = None) -> None:
        """``cues``: indices of every word whose form is a cue or opens an attribution phrase
        (more are harmless), when the caller knows them: only those and the words of
        :data:`_STARTERS` are then tested by :meth:`new_statement`, which holds at no other word."""
        self.text = text
        self.words = words
        self.quoted = quoted
        self.source_ok = source_ok  # is the attribution phrase at word k a trusted source?
        self.object_content = False  # set while ending a noun phrase or prepositional object
        # memos that keep a line of thousands of cues linear: the next new statement from each
        # word (per kind of content), and the innermost quotation holding each word
        self._next: dict[tuple[bool, bool], list[int]] = {}
        self._inner_open: list[int] | None = None
        self._cues = cues
        self._may_begin: set[int] | None = None

    def _may_begin_at(self) -> set[int] | None:
        """The indices :meth:`new_statement` may hold at (None: every word), made on first use."""
        if self._may_begin is None and self._cues is not None:
            self._may_begin = set(self._cues)
            self._may_begin.update(i for i, w in enumerate(self.words) if w.norm in _STARTERS)
        return self._may_begin

    def _innermost_opens(self) -> list[int]:
        """For each word, the opening offset of the innermost quotation holding it (-1 if none)."""
        if self._inner_open is None:
            out: list[int] = []
            stack: list[Quoted] = []
            qs = sorted(self.quoted, key=lambda q: q.open)
            n = 0
            for w in self.words:
                pos = w.start
                while n < len(qs) and qs[n].open < pos:
                    stack.append(qs[n])
                    n += 1
                while stack and stack[-1].close <= pos:
                    stack.pop()
                out.append(stack[-1].open if stack else -1)
            self._inner_open = out
        return self._inner_open

    def _in_quote_after(self, k: int, start: int) -> bool:
        """Is ``words[k]`` inside a quotation that opened after ``start`` (inside the content)?

        The innermost quotation holding a word is the one that opened last, so one opened
        after ``start`` holds it exactly when the innermost did."""
        return self._innermost_opens()[k] >= start

    def _next_statement(self, k: int, colon: bool) -> int:
        """The first index >= ``k`` where :meth:`new_statement` holds, or ``len(words)``; each word
        is tested once per kind of content, however many contents run over it."""
        n = len(self.words)
        memo = self._next.setdefault((colon, self.object_content), [-1] * (n + 1))
        memo[n] = n
        may = self._may_begin_at()
        path = []
        j = k
        while memo[j] == -1:
            if (may is None or j in may) and self.new_statement(j, colon):
                memo[j] = j
                break
            path.append(j)
            j += 1
        found = memo[j]
        for p in path:
            memo[p] = found
        return found

    def new_statement(self, k: int, colon: bool) -> bool:
        """Does ``words[k]`` begin a new statement (a cue, كما+cue, an attribution, a writer's clause)?"""
        ws = self.words
        w = ws[k]
        if w.kind != "word":
            return False
        prev = ws[k - 1] if k > 0 else None
        after_comma = prev is not None and prev.kind == "punct" and prev.text in COMMAS
        hit = lookup(w.norm)
        if hit is not None:
            cue, _ = hit
            if cue.form == "participle" or w.norm in QUOTATIVES:
                return self._frame_follows(k, cue.preps) or after_comma
            if cue.strict and not self._frame_follows(k, cue.preps, far=True) and not self._frame_follows(k, cue.preps):
                return False  # "وبين إدارة النادي": "between", not a verb of saying
            if cue.form in ("perfect", "imperfect") and cue.person == 3:
                joined = w.bare != w.norm or (prev is not None and prev.norm in CONJUNCTIONS)  # و/ف/ثم + verb
                if not (joined or after_comma):
                    return False
                if colon:
                    # inside a speaker's own account: only a new statement of the writer's
                    return not self._first_person_addressee(k) and (
                        self._frame_follows(k, cue.preps, far=True) or self._frame_follows(k, cue.preps))
                return True
            return False
        if self.object_content and (w.norm in TEMPORAL or (w.norm in ("بعد", "قبل") and k + 1 < len(ws)
                                                           and ws[k + 1].norm in ("ان", "أن"))):
            return True  # "طلب مرافقته إلى الخارج بعد أن خيره …": the writer's narrative goes on
        if self.object_content and w.norm.startswith("ل") and w.norm in adverbials() and k > 0:
            return True  # "أكد الأخبار لوكالة الأنباء": the addressee, not the object
        if w.norm == KAMA and k + 1 < len(ws):
            nxt = lookup(ws[k + 1].norm)
            return nxt is not None and nxt[0].form in ("perfect", "imperfect")
        is_source = w.norm in _SOURCE_FIRSTS or w.bare in _SOURCE_FIRSTS or w.stem in _SOURCE_FIRSTS
        if is_source and match_phrase("source", ws, k) > k and (self.source_ok is None or self.source_ok(k)):
            return True
        if w.norm not in _BREAK_FIRSTS:
            return False
        for phrase in CLAUSE_BREAKS_NORM:
            if not all(k + n < len(ws) and ws[k + n].norm == p for n, p in enumerate(phrase)):
                continue
            # "، في وقت …" after a comma; without one only when a verb of saying follows
            # ("… اقتحموا المسجد في وقت أشارت فيه المتحدثة …")
            if after_comma or any((h := lookup(x.norm)) is not None and h[0].form in ("perfect", "imperfect")
                                  for x in ws[k + len(phrase) : k + len(phrase) + 3]):
                return True
        return False

    def _first_person_addressee(self, k: int) -> bool:
        """"وأفادني", "وقال لي", "وأخبرته": told to or by the speaker, inside their own account."""
        w = self.words[k]
        if w.norm.endswith(("ني", "نا")) and lookup(w.norm) is not None and (
                lookup(w.norm[:-2]) is not None or lookup(w.norm[:-2] + "ا") is not None):
            return True  # "وأفادني", "وأخبروني" (أخبروا + ني)
        if w.bare.endswith(("ته", "تها", "تهم")) and lookup(w.norm) is not None:
            return True  # "وأخبرته": أخبرتُ (I told) + him
        return k + 1 < len(self.words) and self.words[k + 1].norm in FIRST_PERSON_ADDRESSEES

    def _frame_follows(self, k: int, preps: frozenset[str], far: bool = False) -> bool:
        """A complementizer, colon, quotation or the cue's preposition soon after ``words[k]``."""
        from rasd.stages.quotes.lexicon import COMPLEMENTIZER_PRONOUNS, COMPLEMENTIZERS

        ws = self.words
        for j in range(k + 1, min(len(ws), k + (8 if far else 3))):
            x = ws[j]
            if x.text in (":",) or x.text in "«“\"":
                return True
            if x.norm in COMPLEMENTIZERS or x.norm in COMPLEMENTIZER_PRONOUNS:
                return True
            if not far and (x.norm in preps or (x.norm[:1] in ("ب", "ل") and x.norm[:1] in preps and x.stem != x.norm)):
                return True
            if x.text in ".؟?!":
                return False
        return False

    def end(self, first: int, sent_end: int, colon: bool, quote_end: int | None = None) -> int:
        """Where content starting at ``words[first]`` ends (``sent_end`` at most)."""
        ws = self.words
        limit = sent_end if quote_end is None else min(sent_end, quote_end)
        start = ws[first].start if first < len(ws) else limit
        k = first + 1
        while k < len(ws):
            k = self._next_statement(k, colon)
            if k >= len(ws) or ws[k].start >= limit:
                break
            if not self._in_quote_after(k, start):
                return self._cut(ws[k].start, start)
            k += 1
        return limit

    def _cut(self, pos: int, start: int) -> int:
        """The content end before a new statement at ``pos``: before its comma and و."""
        text = self.text
        e = pos
        while e > start and (text[e - 1].isspace() or text[e - 1] in "،,؛;" or text[e - 1] in OPEN_AFTER):
            e -= 1
        return e
