"""Clubs in sports news: a city is its club, a club's everyday name is a name.

In an article about football, "الهلال" is the club, not the crescent, and "ميلان" or
"جنوه" beside "صفوف" or "أمام" is the club, not the city.  An article is about sport
when it uses sports words often (``data/name_words.tsv``, class ``sport``: مباراة،
الدوري، المدرب، هدف، لاعب …).  There:

* the short forms of the clubs the gazetteer knows (الهلال السعودي, نادي الوحدة ->
  الهلال، الوحدة) are names, though alone they are common words the gazetteer does
  not match in running text;
* a city right after a word of the game (صفوف، أمام، ضد، لاعب، مدرب، جماهير …, class
  ``club``) or followed by a masculine nisba (نابولي الإيطالي: النادي is masculine,
  المدينة feminine) is the club, an ORG.

A nisba after a club's name stays out of it ("ميلان الإيطالي" is "ميلان"): that is
:func:`trim_nisba`, for every organisation name without a generic head.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Final, cast

from rasd.arabic.normalize import normalize_text
from rasd.caches import UNSET, facts
from rasd.ner.constructions import head_of, is_adjective, word, word_classes
from rasd.resources import gazetteers as gaz

#: Sports words an article needs to count as sports news.
MIN_SPORT_WORDS: Final = 4
Match = tuple[int, int, gaz.GazEntry]
_MASCULINE_NISBA: Final = ("ي", "يين", "يون")


def _class_words(cls: str) -> frozenset[str]:
    return frozenset(w for w, c in word_classes().items() if cls in c)


@lru_cache(maxsize=1)
def sport_words() -> frozenset[str]:
    return _class_words("sport")


@lru_cache(maxsize=1)
def club_cues() -> frozenset[str]:
    return _class_words("club")


def _forms(token: str) -> tuple[str, str]:
    w = word(token)
    return w.norm, w.bare


def _sport_word(token: str) -> bool:
    """Whether a token is a sports word (kept in its record, :func:`rasd.caches.facts`:
    read for every token of every article)."""
    known = facts(token)
    hit = known.sport
    if hit is UNSET:
        w = word(token)
        hit = known.sport = w.norm in sport_words() or w.bare in sport_words()
    return cast(bool, hit)


def is_sports(sentences: Sequence[Sequence[str]]) -> bool:
    """Whether a document is sports news (enough sports words).  The count stops at the
    :data:`MIN_SPORT_WORDS`-th sports word; a document that is not sports news is read to
    its end (a compiled loop of direct calls)."""
    count = 0
    for sentence in sentences:
        for token in sentence:
            if _sport_word(token):
                count += 1
                if count >= MIN_SPORT_WORDS:
                    return True
    return False


def sports_flags(sentences: Sequence[Sequence[str]], window: int | None) -> list[bool]:
    """For each sentence, whether its document is sports news: the whole list
    (``window`` None, an article) or the sentences within ``window`` of it (CoNLL input,
    which has no article boundaries)."""
    if window is None:
        return [is_sports(sentences)] * len(sentences)
    return [is_sports(sentences[max(0, i - window) : i + window + 1]) for i in range(len(sentences))]


@lru_cache(maxsize=1)
def club_short_forms() -> dict[tuple[str, ...], gaz.GazEntry]:
    """Normalised short form of every club the gazetteer knows -> its entry: the name
    without "نادي" before it and without the nisba after it (نادي الهلال السعودي -> الهلال)."""
    out: dict[tuple[str, ...], gaz.GazEntry] = {}
    nadi = normalize_text("نادي")
    for key, entry in gaz.all_names():
        if entry.kind != "club":
            continue
        words = list(key)
        if words and words[0] == nadi:
            words = words[1:]
        if len(words) > 1 and gaz.nisba(words[-1]) is not None:
            words = words[:-1]
        if not words or len(words) > 2 or (len(words) == 1 and head_of(words[0]) is not None):
            continue  # no club is called "النادي"
        place = gaz.lookup(" ".join(words))
        if place is None or place.label not in ("GPE", "LOC"):  # نادي الكويت is not "الكويت"
            out.setdefault(tuple(words), entry)
    return out


@lru_cache(maxsize=1)
def _club_firsts() -> frozenset[str]:
    """The first words of the clubs' short forms: a token that is none opens no club name."""
    return frozenset(key[0] for key in club_short_forms())


def club_matches(words: Sequence[str]) -> list[Match]:
    """Short club names in a sentence of sports news (the first word may carry proclitics)."""
    table = club_short_forms()
    firsts = _club_firsts()
    out: list[Match] = []
    i = 0
    while i < len(words):
        hit = 0
        if words[i][:1].isalpha() and (first := word(words[i]).norm) in firsts:
            for n in (2, 1):
                key = (first, *(normalize_text(w) for w in words[i + 1 : i + n]))
                if len(key) == n and key in table and (n > 1 or not _plain_word_here(words, i)):
                    out.append((i, i + n, table[key]))
                    hit = n
                    break
        i += hit or 1
    return out


#: Relative pronouns look definite but open a clause about the club ("جمهور الهلال الذي").
_RELATIVES = frozenset(normalize_text(w) for w in ("الذي", "التي", "الذين", "اللذان", "اللتان", "اللذين", "اللتين",
                                                   "اللاتي", "اللواتي"))


def _plain_word_here(words: Sequence[str], i: int) -> bool:
    """Whether a one-word club name reads here as the common word it also is: followed
    by a definite word that is no country's nisba (التعاون الدولي، تشرين الأول، الهلال
    الأحمر; "الأهلي المصري" stays the club), or itself a nisba-shaped adjective after a
    definite noun (العالم العربي; "النادي العربي" and "مدرب العربي" stay the club)."""
    if i + 1 < len(words):
        nxt = word(words[i + 1])
        if nxt.definite and not nxt.proclitics and nxt.norm not in _RELATIVES and gaz.nisba(words[i + 1]) is None \
                and not _sport_word(words[i + 1]) and not any(f in club_cues() for f in _forms(words[i + 1])):
            return True
    cur = word(words[i])
    if i > 0 and not cur.proclitics and cur.norm.endswith("ي"):
        prev = word(words[i - 1])
        if prev.definite and prev.proclitics in ("", "و") and head_of(words[i - 1]) is None \
                and not _sport_word(words[i - 1]) and not any(f in club_cues() for f in _forms(words[i - 1])):
            return True
    return False


def _masculine_nisba(token: str) -> bool:
    n = normalize_text(token)
    return is_adjective(token) and gaz.nisba(token) is not None and n.endswith(_MASCULINE_NISBA)


def clubs_for_cities(words: Sequence[str], spans: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """In sports news, a city after a word of the game or before a masculine nisba is its club."""
    cues = club_cues()
    out = []
    for s, e, lab in spans:
        if lab in ("GPE", "LOC"):
            known = gaz.lookup(" ".join(words[s:e]))
            city = known is not None and known.kind in ("city", "capital")
            before = s > 0 and any(f in cues for f in _forms(words[s - 1]))
            after = e < len(words) and _masculine_nisba(words[e])
            if city and (before or after):
                lab = "ORG"
        out.append((s, e, lab))
    return out


def trim_nisba(words: Sequence[str], spans: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """An organisation without a generic head loses the nisba after its name
    ("الأهلي السعودي" -> "الأهلي", "ميلان الإيطالي" -> "ميلان"); with a head the nisba
    completes it and stays ("الجمارك الأردنية"), and so it does where it is part of a
    name the gazetteer knows other than a club's (الخطوط الجوية السعودية)."""
    out = []
    for s, e, lab in spans:
        if lab == "ORG" and e - s > 1 and head_of(words[s]) is None and gaz.nisba(words[e - 1]) is not None \
                and is_adjective(words[e - 1]):
            known = gaz.lookup(" ".join(words[s:e]))
            if known is None or known.kind == "club":  # not a known company's own name (الاتصالات السعودية)
                e -= 1
        out.append((s, e, lab))
    return out
