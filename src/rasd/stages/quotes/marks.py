"""Quotation marks and sentences as reported speech sees them.

News marks speech with «…», “…”, "…" and, in scraped text, with odd mixtures: ”…”, "…”,
a closing mark used to open (لـ”عين اليوم”), a quotation that never closes, straight
quotes nested in straight quotes.  :func:`find_quoted` pairs marks by which side of a
word they stand on (a mark before a word opens, after a word closes), so a nested
"درباوي" inside a quotation opens a level instead of closing the outer one, and:

* a quotation still open at the end of its paragraph ends there (one record per
  paragraph block, GUIDELINES.md); a paragraph that closes a quotation it never opened
  starts it at its first word;
* a new opening mark at a sentence start while a quotation is open closes the open one
  at that sentence end (“…خامنئي. “لم يبذل …”).

:class:`Sentences` splits a block into sentences at . ! ? ؟ … but never inside a
quotation that the position is not itself inside: reported content may quote a whole
sentence of someone else's and still go on.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rasd.arabic.normalize import normalize_text
from rasd.article import Span
from rasd.stages.roles import read_lexicon

MARKS = frozenset("«»“”„‟\"")
ALWAYS_OPEN = frozenset("«„‟")
ALWAYS_CLOSE = frozenset("»")
TERMINATORS = frozenset(".!?؟…")
#: A mark after one of these (or after a space) stands before its word: it opens.
OPEN_AFTER = frozenset(" \t\n\u00a0(:[،,ـ-–—/")
#: A mark before one of these (or before a space) stands after its word: it closes.
CLOSE_BEFORE = frozenset(" \t\n\u00a0).,،:;؛!?؟…]-–—/")
PROCLITIC_LETTERS = frozenset("وفبلك")
_MARK_RE = re.compile("[" + re.escape("".join(sorted(MARKS))) + "]")
_SPECIAL = re.compile("[" + re.escape("".join(sorted(TERMINATORS | MARKS | {"\n"}))) + "]")
ABBREVIATIONS = frozenset({"د", "م", "ص", "ق", "ه", "هـ", "أ", "ا", "ج", "ت", "ش", "س", "ب", "ك", "ع", "ن", "و"})


@dataclass(slots=True)
class Quoted:
    """A quotation: ``open`` is the opening mark's offset; the words run to ``close``.

    ``close`` is the closing mark's offset, or for a quotation that never closes the end
    of its words (``implicit``).  ``claimed`` is set once a quote record uses it.
    """

    open: int
    close: int
    implicit: bool = False
    claimed: bool = False
    nested: list[Quoted] = field(default_factory=list)

    @property
    def inner(self) -> tuple[int, int]:
        return self.open + 1, self.close

    def contains(self, pos: int) -> bool:
        return self.open < pos < self.close


def _side(text: str, i: int, start: int, end: int) -> str:
    """"open", "close" or "" (either) for the mark at ``text[i]`` from the characters around it."""
    ch = text[i]
    if ch in ALWAYS_OPEN:
        return "open"
    if ch in ALWAYS_CLOSE:
        return "close"
    prev = text[i - 1] if i > start else " "
    nxt = text[i + 1] if i + 1 < end else " "
    # "لـ"، "بـ" and a lone proclitic letter after a space ("و"الموت) stand before a word
    proclitic = prev in PROCLITIC_LETTERS and (i - 1 == start or text[i - 2] in OPEN_AFTER)
    can_open = (prev in OPEN_AFTER or proclitic or prev in MARKS) and nxt not in CLOSE_BEFORE
    can_close = prev not in OPEN_AFTER and not proclitic and (nxt in CLOSE_BEFORE or nxt in MARKS)
    if can_open and not can_close:
        return "open"
    if can_close and not can_open:
        return "close"
    if ch == "“":
        return "open"
    if ch == "”":
        return "close"
    return ""


def _sentence_start(text: str, i: int, start: int) -> bool:
    """Does the mark at ``i`` start a sentence (after . ! ? ؟ and space)?"""
    k = i - 1
    while k >= start and text[k] in " \t\u00a0":
        k -= 1
    return k < start or text[k] in TERMINATORS or text[k] == "\n"


def find_quoted(text: str, blocks: Sequence[Span]) -> list[Quoted]:
    """Every quotation in the blocks, outermost first within a block, nested ones linked."""
    out: list[Quoted] = []
    carried = False  # the previous block ended inside a quotation
    for b in blocks:
        stack: list[Quoted] = []
        top: list[Quoted] = []
        for hit in _MARK_RE.finditer(text, b.start, b.end):
            i = hit.start()
            side = _side(text, i, b.start, b.end)
            if side == "":
                side = "close" if stack else "open"
            if side == "open":
                if len(stack) == 1 and _sentence_start(text, i, b.start) and text[i] != "«":
                    # “… خامنئي. “لم يبذل …: the first quotation ends with its sentence
                    q = stack.pop()
                    q.close, q.implicit = _trim_end(text, q.open + 1, i), True
                q = Quoted(i, b.end)
                (stack[-1].nested if stack else top).append(q)
                stack.append(q)
            elif stack:
                q = stack.pop()
                q.close = i
                if i > b.start and text[i - 1] in TERMINATORS:
                    # ".”" ends the sentence and the quotation it opened: close what is still open
                    while stack:
                        outer = stack.pop()
                        outer.close = i
            elif carried and not top:
                # the paragraph closes a quotation opened in an earlier one: it starts here
                first = b.start
                while first < i and text[first].isspace():
                    first += 1
                q = Quoted(first - 1, i, implicit=True)
                top.append(q)
        if stack:
            ends = _writer_sentence_ends(text, b.start, b.end)
            for q in stack:
                k = bisect_left(ends, (q.open + 1, 0))
                end = ends[k][1] if k < len(ends) else b.end
                q.close, q.implicit = _trim_end(text, q.open + 1, end), True
        carried = bool(stack)
        out += top
    return out


#: Sentence openers that are the writer's, never the words of a quotation left open.
TRANSITIONS = frozenset(normalize_text(w) for w in (
    "إلى ذلك", "الى ذلك", "وإلى ذلك", "من جهة أخرى", "ومن جهة أخرى", "من جانب آخر", "ومن جانب آخر",
    "على صعيد", "وعلى صعيد", "في سياق", "وفي سياق", "يذكر أن", "ويذكر أن", "يشار إلى", "ويشار إلى",
    "في غضون ذلك", "وفي غضون ذلك", "في المقابل", "وفي المقابل", "من ناحية أخرى", "ومن ناحية أخرى",
))
_SENTENCE_END = re.compile(r"[.!?؟](?=\s|$)")


_TOKEN = re.compile(r"\S+")


def _writer_sentence_ends(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(sentence-end mark offset, offset after it) for every sentence end in ``text[start:end]``
    followed by a sentence of the writer's ("إلى ذلك، …", "وقال …", "…، وفقا لـ…").  A quotation
    that never closes ends at the first of these after its opening, else at its paragraph end;
    computed once for all the quotations a paragraph leaves open."""
    from rasd.stages.quotes.cues import lookup

    out: list[tuple[int, int]] = []
    for m in _SENTENCE_END.finditer(text, start, end):
        words = []
        for t in _TOKEN.finditer(text, m.end(), end):
            words.append(normalize_text(t.group().strip("،,:")))
            if len(words) == 12:
                break
        if not words:
            break
        two = " ".join(words[:2])
        three = " ".join(words[:3])
        hit = lookup(words[0])
        writer = two in TRANSITIONS or three in TRANSITIONS or words[0] in TRANSITIONS \
            or (hit is not None and hit[1] > 0 and hit[0].form == "perfect" and hit[0].person == 3) \
            or any(w in ("وفقا", "وفق", "بحسب", "حسبما", "نقلا") for w in words)
        if writer:
            out.append((m.start(), m.end()))
    return out


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def walk(quoted: Sequence[Quoted]) -> list[Quoted]:
    """Every quotation, nested ones included, in text order (depth first without recursion:
    a line of ten thousand opening marks nests ten thousand deep)."""
    out: list[Quoted] = []
    todo = list(reversed(quoted))
    while todo:
        q = todo.pop()
        out.append(q)
        todo.extend(reversed(q.nested))
    return sorted(out, key=lambda q: q.open)


# ----------------------------------------------------------------------------- scare quotes, citations


@lru_cache(maxsize=1)
def citation_markers() -> frozenset[str]:
    """Words that introduce scripture or a legal text (``speech_cues.citations.txt``)."""
    return frozenset(normalize_text(r[0].strip()) for r in read_lexicon("speech_cues.citations.txt"))


def is_citation(text: str, q: Quoted) -> bool:
    """A quotation of scripture, a hadith or a legal text: not a speaker's words."""
    line_start = text.rfind("\n", 0, q.open) + 1
    before = [normalize_text(w.strip("،,:()")) for w in text[max(line_start, q.open - 60) : q.open].split()][-5:]
    markers = citation_markers()
    return any(w in markers or (len(w) > 3 and w[0] in "وفبل" and w[1:] in markers) for w in before)


# ----------------------------------------------------------------------------- sentences


def _parents(quoted: Sequence[Quoted]) -> list[int]:
    """For each quotation (in order of opening), the index of the innermost other quotation
    holding its opening mark, or -1: one sweep with a stack of the quotations still open."""
    parent: list[int] = []
    stack: list[int] = []
    for q in quoted:
        while stack and quoted[stack[-1]].close <= q.open:
            stack.pop()
        found = -1
        for j in reversed(stack):  # the top, unless it opened at the same mark
            if quoted[j].contains(q.open):
                found = j
                break
        parent.append(found)
        stack.append(len(parent) - 1)
    return parent


class Sentences:
    """Sentence spans of one block, at every quotation level."""

    def __init__(self, text: str, block: Span, quoted: Sequence[Quoted]) -> None:
        """``quoted``: every quotation of the article, nested ones included (:func:`walk`)."""
        self.text = text
        self.block = block
        self.quoted = [q for q in quoted if block.start <= q.open < block.end or q.contains(block.start)]
        self._cache: dict[tuple[int, int], list[tuple[int, int]]] = {}
        self._opens = [q.open for q in self.quoted]
        self._parent = _parents(self.quoted)
        self._kids: dict[tuple[int, int], list[Quoted]] = {}

    def innermost(self, pos: int) -> Quoted | None:
        """The innermost quotation holding ``pos``: the last one opened before it, or one of
        the quotations around that one (its parents)."""
        k = bisect_left(self._opens, pos) - 1
        while k >= 0 and not self.quoted[k].contains(pos):
            k = self._parent[k]
        return self.quoted[k] if k >= 0 else None

    def _region(self, pos: int) -> tuple[int, int, list[Quoted]]:
        """The innermost quotation holding ``pos`` (or the block), and the quotations inside it.

        The quotations directly inside a region are those whose own parent opened before
        the region; from the parent links, computed once, so a line of many quotations and
        cues stays linear."""
        lo, hi = self.block.start, self.block.end
        inner = self.innermost(pos)
        if inner is not None:
            lo, hi = inner.open + 1, inner.close
        key = (lo, hi)
        kids = self._kids.get(key)
        if kids is None:
            first, last = bisect_left(self._opens, lo), bisect_left(self._opens, hi)
            kids = [self.quoted[j] for j in range(first, last) if self.quoted[j] is not inner
                    and (self._parent[j] < 0 or self.quoted[self._parent[j]].open < lo)]
            self._kids[key] = kids
        return lo, hi, kids

    def split(self, lo: int, hi: int, kids: Sequence[Quoted]) -> list[tuple[int, int]]:
        """Sentences of ``text[lo:hi]`` whose ends are not inside any of ``kids``."""
        key = (lo, hi)
        if key in self._cache:
            return self._cache[key]
        text = self.text
        spans: list[tuple[int, int]] = []
        opens = {k.open: k for k in kids}
        s = lo
        i = lo
        find = _SPECIAL.search
        while i < hi:
            hit = find(text, i, hi)
            if hit is None:
                break
            i = hit.start()
            ch = text[i]
            q = opens.get(i)
            if q is not None:
                i = max(i + 1, q.close + 1)
                continue
            if ch == "\n" or (ch in TERMINATORS and _ends_sentence(text, i, hi)):
                j = i + 1
                while j < hi and text[j] in TERMINATORS:
                    j += 1
                while j < hi and text[j] in "»”\")]" and j not in opens:
                    j += 1
                if text[s:j].strip():
                    spans.append((s, j))
                s = j
                i = j
                continue
            i += 1
        if text[s:hi].strip():
            spans.append((s, hi))
        self._cache[key] = spans
        return spans

    def at(self, pos: int) -> tuple[int, int]:
        """The sentence holding ``pos``, at the quotation level of ``pos``."""
        lo, hi, kids = self._region(pos)
        spans = self.split(lo, hi, kids)
        k = bisect_right([s for s, _e in spans], pos) - 1
        if k < 0:
            return lo, hi
        return spans[k]


def _ends_sentence(text: str, i: int, hi: int) -> bool:
    """Is the terminator at ``i`` a sentence end (not 2.5, not the abbreviation د.)?"""
    ch = text[i]
    nxt = text[i + 1] if i + 1 < hi else " "
    if ch == ".":
        if nxt.isdigit() and i > 0 and text[i - 1].isdigit():
            return False
        k = i
        while k > 0 and text[k - 1].isalpha():
            k -= 1
        word = text[k:i]
        if word in ABBREVIATIONS and (k == 0 or not text[k - 1].isalpha()):
            return False
        # "الجوية.وقال": a full stop glued to the next word still ends the sentence
        return nxt.isspace() or nxt in TERMINATORS or nxt in MARKS or nxt in ")]" or nxt.isalpha()
    return nxt.isspace() or nxt in TERMINATORS or nxt in MARKS or nxt in ")]" or i + 1 >= hi
