"""Person spans without titles: a title is a role, not a name (GUIDELINES.md).

The tagger learns "خادم الحرمين" and "ولي العهد" as person names from how often they
stand next to one, and runs a name on into the title after it ("محمد بن نايف بن
عبدالعزيز ولي العهد").  Here a person span

* ends where a title phrase begins inside it (ولي العهد، خادم الحرمين الشريفين …);
* loses the titles, honorifics and nisba adjectives it opens with (آية الله، السيد،
  الاروجوياني: "المدير الفني الاروجوياني خوان رودوريجيز");
* is dropped when what is left is a title phrase or a piece of one (خادم الحرمين،
  الحرمين for خادم الحرمين الشريفين).

The title phrases are the roles lexicon's fixed phrases, definite titles and
honorifics (``rasd/arabic/data/role_titles.tsv``, read only), with the honorifics of
``data/name_words.tsv`` (class ``title``) that it does not list.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rasd.arabic.normalize import normalize_text
from rasd.ner.constructions import is_adjective, word, word_classes
from rasd.resources import gazetteers as gaz

Phrase = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Titles:
    fixed: frozenset[Phrase]  # complete title phrases: ولي العهد
    leading: frozenset[Phrase]  # titles and honorifics that stand before a name: السيد، آية الله
    longest: int


@lru_cache(maxsize=1)
def titles() -> _Titles:
    """The title phrases (normalised words), loaded once."""
    text = resources.files("rasd.arabic").joinpath("data/role_titles.tsv").read_text(encoding="utf-8")
    fixed: set[Phrase] = set()
    leading: set[Phrase] = set()
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        form, _, kind = line.partition("\t")
        phrase = tuple(normalize_text(w) for w in form.split())
        kind = kind.strip()
        if kind == "fixed":
            fixed.add(phrase)
        elif kind in ("def", "honorific"):
            leading.add(phrase)
    leading |= {tuple(w.split()) for w, cls in word_classes().items() if "title" in cls}
    return _Titles(frozenset(fixed), frozenset(leading), max(len(p) for p in fixed | leading))


def _forms(token: str, first: bool) -> tuple[str, ...]:
    """Normalised forms a token may match a title word under (proclitics off for the first)."""
    n = normalize_text(token)
    if not first:
        return (n,)
    w = word(token)
    out = [n, w.norm]
    if n[:1] in "وفبلك" and len(n) > 3:
        out.append(n[1:])
    return tuple(dict.fromkeys(out))


def _phrase_end(words: Sequence[str], i: int, end: int, phrases: frozenset[Phrase]) -> int:
    """End of the longest phrase of ``phrases`` at ``words[i]`` within ``end``, or ``i``."""
    best = i
    for n in range(1, titles().longest + 1):
        if i + n > end:
            break
        for f in _forms(words[i], True):
            if (f, *(normalize_text(w) for w in words[i + 1 : i + n])) in phrases:
                best = i + n
    return best


def _title_piece(words: Sequence[str], s: int, e: int) -> bool:
    """Whether ``words[s:e]`` is a title phrase or a run of words inside one (الحرمين)."""
    for f in _forms(words[s], True):
        run = (f, *(normalize_text(w) for w in words[s + 1 : e]))
        n = len(run)
        for p in titles().fixed:
            if any(p[k : k + n] == run for k in range(len(p) - n + 1)):
                return True
    return False


def _leading_nisba(token: str) -> bool:
    return is_adjective(token) and (gaz.nisba(token) is not None or normalize_text(token).endswith("ي"))


def trim(words: Sequence[str], s: int, e: int) -> tuple[int, int] | None:
    """The person name inside ``words[s:e]`` without its titles, or None when it is a title."""
    t = titles()
    for i in range(s + 1, e):
        if _phrase_end(words, i, e, t.fixed) > i:
            e = i  # a title phrase starts here: the name ended before it
            break
    while s < e:
        k = _phrase_end(words, s, e, t.leading | t.fixed)
        if k == s and e - s > 1 and _leading_nisba(words[s]):
            k = s + 1
        if k in (s, e):
            break
        s = k
    if s >= e or _title_piece(words, s, e):
        return None
    return s, e


def leading_place(words: Sequence[str], s: int, e: int) -> int:
    """How many words a person span opens with that are a place the gazetteer knows and
    no name part ("رئيس حكومة بافاريا هورست زيهوفر" tagged as one person)."""
    if e - s < 3:
        return 0
    for n in (2, 1):
        if e - s - n >= 2:
            known = gaz.lookup(" ".join(words[s : s + n]))
            if known is not None and known.label in ("GPE", "LOC") and not gaz.is_person_name_part(words[s]):
                return n
    return 0
