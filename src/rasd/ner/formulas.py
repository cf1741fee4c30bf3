"""Words and fixed phrases that are never part of a name.

The tagger learns "الله" as a name word from the many names built on it (عبدالله،
حزب الله), so blessings said after a name or of God come out as people or
organisations: "الملك فهد رحمه الله", "حفظه الله خادم الحرمين".  And a preposition
with a pronoun suffix right before a name is swept into it: "قال له ناصر" gives the
person "له ناصر".  Neither is ever a name, whatever the model says:

* a chunk inside a blessing or fixed phrase (رحمه الله، إن شاء الله، عز وجل) is dropped,
  and one that runs into such a phrase loses the phrase; only "الله" alone as MISC
  stays (God is a MISC name in ANERcorp's conventions, and a MISC is never a person);
* a chunk loses the function words it starts or ends with (له، عليه، منهم، الذي …).

The phrases are data (``data/formulas.tsv``): each blessing is written once with
``{P}`` for the pronoun suffixes and expanded here, so every person and number is
covered.  Matching is on normalised words (alef, hamza, ya, ta marbuta), with a
leading و or ف allowed on a phrase's first word.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import compress
from typing import Final, cast

from rasd.arabic.normalize import normalize_text
from rasd.caches import UNSET, facts

_GOD: Final = normalize_text("الله")

#: Pronoun suffixes a ``{P}`` in the table stands for.
PRONOUN_SUFFIXES: Final = ("ه", "ها", "هم", "هما", "هن", "ك", "كم")

Phrase = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Formulas:
    """The expanded table: normalised phrases by first word, and the function words."""

    phrases: dict[str, tuple[Phrase, ...]]
    function: frozenset[str]


def expand(pattern: str) -> list[str]:
    """Every spelling of a table entry: ``{P}`` replaced by each pronoun suffix."""
    if "{P}" not in pattern:
        return [pattern]
    return [pattern.replace("{P}", suffix) for suffix in PRONOUN_SUFFIXES]


def parse(lines: Sequence[str]) -> Formulas:
    """The table from its lines (``kind<TAB>words``; ``#`` starts a comment)."""
    phrases: dict[str, set[Phrase]] = {}
    function: set[str] = set()
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        kind, _, words = line.partition("\t")
        for form in expand(words.strip()):
            norm = tuple(normalize_text(w) for w in form.split())
            if kind == "function":
                function.update(norm)
            elif kind in ("blessing", "phrase"):
                phrases.setdefault(norm[0], set()).add(norm)
            else:
                raise ValueError(f"formulas.tsv: unknown kind {kind!r}")
    return Formulas({k: tuple(sorted(v, key=len, reverse=True)) for k, v in phrases.items()},
                    frozenset(function))


@lru_cache(maxsize=1)
def table() -> Formulas:
    """The shipped table (read once)."""
    text = resources.files("rasd.ner").joinpath("data/formulas.tsv").read_text(encoding="utf-8")
    return parse(text.splitlines())


def _first_forms(token: str) -> tuple[str, ...]:
    """A phrase's first word as written and without a leading و/ف (ورحمه الله)."""
    norm = normalize_text(token)
    if len(norm) > 2 and norm[0] in "وف":
        return norm, norm[1:]
    return (norm,)


def _starting(token: str) -> tuple[Phrase, ...]:
    """The shipped table's phrases a token may open, longest first (once per distinct token:
    most open none; kept in its record, :func:`rasd.caches.facts`: read for every token of
    every sentence)."""
    known = facts(token)
    hit = known.formulas
    if hit is UNSET:
        hit = known.formulas = _phrases_from(token)
    return cast("tuple[Phrase, ...]", hit)


def _phrases_from(token: str) -> tuple[Phrase, ...]:
    f = table()
    found = [p for first in _first_forms(token) for p in f.phrases.get(first, ())]
    return tuple(sorted(found, key=len, reverse=True))


def phrase_spans(words: Sequence[str], formulas: Formulas | None = None) -> list[tuple[int, int]]:
    """Token ranges ``(start, end)`` of the fixed phrases in a sentence, longest first at
    each position, not overlapping."""
    if formulas is None:
        starting = [_starting(w) for w in words]
    else:
        starting = [tuple(p for first in _first_forms(w) for p in formulas.phrases.get(first, ())) for w in words]
    out: list[tuple[int, int]] = []
    after = 0  # the first token after the last phrase
    for i in compress(range(len(words)), starting):  # only tokens that may open a phrase
        if i < after:
            continue
        found = 0
        for phrase in starting[i]:
            n = len(phrase)
            if n > found and i + n <= len(words) \
                    and all(normalize_text(words[i + k]) == phrase[k] for k in range(1, n)):
                found = n
        if found:
            out.append((i, i + found))
            after = i + found
    return out


def is_function_word(token: str, formulas: Formulas | None = None) -> bool:
    """Whether a token is a preposition or particle (with or without a pronoun suffix)
    that no name starts or ends with."""
    return normalize_text(token) in (formulas or table()).function


def clean(words: Sequence[str], spans: Sequence[tuple[int, int, str]],
          formulas: Formulas | None = None) -> list[tuple[int, int, str]]:
    """Name spans without the fixed phrases and edge function words (see the module)."""
    if not spans:
        return []
    f = formulas or table()
    fixed = phrase_spans(words, formulas)
    out: list[tuple[int, int, str]] = []
    for s, e, lab in spans:
        if lab == "MISC" and all(normalize_text(w) == _GOD for w in words[s:e]):
            out.append((s, e, lab))  # God is a MISC name (ANERcorp's convention), not a person
            continue
        for ps, pe in fixed:
            if ps < e and s < pe:  # the span meets a phrase: keep its larger side outside it
                left, right = (s, min(e, ps)), (max(s, pe), e)
                s, e = max(left, right, key=lambda r: r[1] - r[0])
        while s < e and is_function_word(words[s], f):
            s += 1
        while s < e and is_function_word(words[e - 1], f):
            e -= 1
        if s < e:
            out.append((s, e, lab))
    return out
