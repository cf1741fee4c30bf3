"""Sentence splitter that knows Arabic punctuation, quotations, numbers and abbreviations.

A sentence ends at . ! ? ؟ ؛ (and …) followed by space or a line end, unless
  * the full stop sits inside a number (2.5) or after a known abbreviation (د. م. ص.),
  * we are inside a quotation that has not closed yet («...» "...").
Closing quotes and brackets right after the terminator stay with the sentence.
Line breaks always end a sentence (paragraphs are handled by the structure stage).
"""

from __future__ import annotations

import re
from functools import lru_cache

from rasd.arabic.tokenize import Token

#: Abbreviations that end in a full stop but do not end a sentence.
ABBREVIATIONS = frozenset(
    {"د", "م", "ص", "ق", "ه", "هـ", "أ", "ا", "ج", "ت", "ش", "س", "Dr", "Mr", "Mrs", "Ms", "St", "U.S", "Jr",
     "vs", "etc", "No", "Co", "Inc", "Ltd"}
)
TERMINATORS = frozenset(".!?؟؛…")
OPENERS = {"«": "»", "“": "”", "(": ")", "[": "]"}
CLOSERS = frozenset("»”)]\"'")
#: The characters the splitter reacts to (line ends, terminators, quotes and brackets).
_SPECIAL = re.compile("[" + re.escape("".join(sorted({"\n", '"', *TERMINATORS, *OPENERS, *OPENERS.values()}))) + "]")


def split_sentences(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Return ``(start, end)`` spans of sentences in ``text`` (shifted by ``offset``).

    Spans are trimmed of surrounding white space and never empty.  Several stages
    split the same blocks (entities, quotes, events), so recent results are cached.
    """
    return list(_split_sentences(text, offset))


@lru_cache(maxsize=1024)
def _split_sentences(text: str, offset: int) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    n = len(text)
    start = 0
    depth: list[str] = []
    in_straight = False
    i = 0
    find = _SPECIAL.search
    while i < n:
        hit = find(text, i)  # every other character leaves the state as it is
        if hit is None:
            break
        i = hit.start()
        ch = text[i]
        if ch == "\n":
            _add(spans, text, start, i, offset)
            start = i + 1
            depth.clear()
            in_straight = False
        elif ch in OPENERS:
            depth.append(OPENERS[ch])
        elif depth and ch == depth[-1]:
            depth.pop()
        elif ch == '"':
            in_straight = not in_straight
        elif ch in TERMINATORS and not depth and not in_straight:
            if ch == "." and _dot_is_inner(text, i):
                i += 1
                continue
            j = i + 1
            while j < n and text[j] in TERMINATORS:
                j += 1
            while j < n and text[j] in CLOSERS:
                j += 1
            if j >= n or text[j].isspace():
                _add(spans, text, start, j, offset)
                start = j
                i = j
                continue
        i += 1
    _add(spans, text, start, n, offset)
    return tuple(spans)


_LONGEST_ABBREVIATION = max(len(a) for a in ABBREVIATIONS)


def _dot_is_inner(text: str, i: int) -> bool:
    """A dot inside a number or after an abbreviation does not end a sentence."""
    if 0 < i < len(text) - 1 and text[i - 1].isdecimal() and text[i + 1].isdecimal():
        return True
    j = i
    stop = max(0, i - _LONGEST_ABBREVIATION - 1)  # a longer word is no abbreviation: look no further
    while j > stop and not text[j - 1].isspace() and text[j - 1] not in "(«\"":
        j -= 1
    word = text[j:i]
    return word in ABBREVIATIONS


def _add(spans: list[tuple[int, int]], text: str, s: int, e: int, offset: int) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        spans.append((s + offset, e + offset))


def sentence_of(tokens: list[Token], spans: list[tuple[int, int]]) -> list[int]:
    """For each token, the index of the sentence span that contains it."""
    out = []
    k = 0
    for t in tokens:
        while k < len(spans) - 1 and t.start >= spans[k][1]:
            k += 1
        out.append(k)
    return out
