"""Agreement: a cue with no subject of its own continues a speaker its verb agrees with.

"وأضاف" continues the last speaker; but Arabic verbs mark gender and number, so "وبيّنت"
after a man spoke, or "وهم يقولون" / "وأضافوا" after one person spoke, continue someone
else: the last speaker the verb agrees with, or failing that the feminine person or the
plural noun written just before the cue ("… من ريم الملحم وبيّنت أن"، "لاحقه المصلون وهم
يرددون").  What is known of a speaker's gender comes from the verbs that introduced them
("قالت ريم") and the feminine titles written before their name (``People.gender``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from rasd.arabic.normalize import normalize_text
from rasd.stages.quotes.cues import agreement
from rasd.stages.quotes.lexicon import RELATIVES, TIME_WORDS
from rasd.stages.quotes.speakers import People, Speaker

#: How far back (characters) a plural or feminine antecedent of a continuation is looked for.
REACH = 400
#: How many earlier speakers a continuation may skip to find one its verb agrees with.
SPEAKERS_BACK = 6
#: Plural-looking words that are not a group of people: duals of time, numbers.
NOT_GROUPS = frozenset(normalize_text(w) for w in (
    "الاثنين", "الإثنين", "الذين", "اللذين", "الطرفين", "البلدين", "الجانبين", "الحرمين", "العامين",
    "الشهرين", "اليومين", "السنتين", "الأخيرين", "الماضيين", "المقبلين", "الحين",
))
_WORD = re.compile(r"[\u0621-\u064a\u0640\u064b-\u0652]+")


def cue_agreement(cue_text: str | None) -> str:
    """"m", "f", "pl" or "" for a cue word as written (see :func:`.cues.agreement`)."""
    return agreement(normalize_text(cue_text)) if cue_text else ""


def gender_of(sp: Speaker, people: People, known: dict[str, str]) -> str:
    """What is known of a person speaker's gender: "m", "f" or ""."""
    return known.get(sp.entity or sp.name, "") or (people.gender.get(sp.entity, "") if sp.entity else "")


def agrees(sp: Speaker, verb: str, people: People, known: dict[str, str]) -> bool:
    """May a verb marked ``verb`` ("m", "f", "pl", "") have ``sp`` as its dropped subject?

    Only people are checked: an organisation or a group takes either gender in news
    ("قالت الوزارة"، "قال المجلس"), and a state or body the feminine singular.
    """
    if not verb or sp.type != "PER":
        return True
    if verb == "pl":
        return False
    g = gender_of(sp, people, known)
    return not g or g == verb


def agreeing_speaker(earlier: Sequence[Speaker], verb: str, people: People,
                     known: dict[str, str]) -> Speaker | None:
    """The most recent of the ``earlier`` speakers (oldest first) the verb agrees with."""
    for sp in list(reversed(earlier))[:SPEAKERS_BACK]:
        if agrees(sp, verb, people, known):
            return sp
    return None


def antecedent_before(text: str, people: People, start: int, pos: int, verb: str) -> Speaker | None:
    """The nearest referent before ``pos`` (from ``start``) a subjectless verb may point to: for
    "f" a person written with a feminine title, for "pl" a definite plural of people ("المصلون"،
    "الإيرانيون") as a group."""
    lo = max(start, pos - REACH)
    if verb == "f":
        starts = people.starts
        for n in range(bisect_left(starts, pos) - 1, bisect_left(starts, lo) - 1, -1):
            s = starts[n]
            end, eid = people.by_start[s]
            if people.gender.get(eid) == "f" and end <= pos:
                return Speaker(s, end, eid, people.canonical.get(eid, text[s:end]), "PER", "continuation")
        return None
    if verb != "pl":
        return None
    for m in reversed(list(_WORD.finditer(text, lo, pos))):
        s, w = m.start(), normalize_text(m.group())
        if w[:1] in "وف" and w[1:3] == "ال":
            s, w = s + 1, w[1:]
        if not w.startswith("ال") or not w.endswith(("ون", "ين")) or len(w) < 6:
            continue
        if w in NOT_GROUPS or w in TIME_WORDS or w in RELATIVES or s in people.by_end or s in people.by_start:
            continue
        return Speaker(s, m.end(), None, text[s : m.end()], "GROUP", "continuation")
    return None
