"""Date expressions that need an anchor (the publication date) to resolve.

News dates most events relative to the day it is published: "الثلاثاء" (the most
recent Tuesday on or before publication), "الثلاثاء الماضي" (the one strictly
before), "الخميس المقبل" (the next one), "أمس", "اليوم", "غدا", "الأسبوع المقبل",
"الشهر الماضي", "مطلع العام", "صيف العام الماضي", "يونيو الماضي", "قبل ثلاثة أيام",
and day-month without a year ("18 نوفمبر": the year that puts it nearest the anchor).

A bare weekday in a sentence about the future ("سيزور … الخميس", "من المقرر …")
means the next such day instead.  Vague spans ("خلال الأشهر الماضية", "منذ سنوات")
are not dates: they have no value to give.

Values follow ISO 8601: a day "2020-11-17", a week "2020-W46", a month "2020-11",
a year "2020".
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import lru_cache
from typing import Final

from rasd.arabic.calendars import AMBIGUOUS_ALONE, names_pattern, season_names
from rasd.arabic.dateparse import (
    LB,
    LETTER_RUNS,
    RB,
    DateMatch,
    Need,
    cue_patterns,
    first_month_name,
    hijri_month_number,
    modifier_of,
    month_number,
    patterns,
)
from rasd.arabic.normalize import Normalized, normalize, normalize_text
from rasd.arabic.numbers import find_numbers, ordinal_value

PAST = ("الماضي", "الماضيه", "المنصرم", "المنصرمه", "الفائت", "الفائته", "المنقضي")
NEXT = ("المقبل", "المقبله", "القادم", "القادمه")
CURRENT = ("الجاري", "الجاريه", "الحالي", "الحاليه")

#: Words that put a sentence in the future, for bare weekdays.
_FUTURE_WORDS = ("سوف", "من المقرر", "من المنتظر", "من المتوقع", "المرتقب", "المرتقبه", "يعتزم", "تعتزم")
#: Patterns the functions below use, compiled once (``re.sub(pattern, ...)`` looks the
#: pattern up in ``re``'s cache through Python code on every call).
_FUTURE_VERB: Final = re.compile(r"^س[يتن][^\W\d_]{3,}$")
_NEXT_WORD: Final = re.compile(r"\s+([^\W\d_]+)")
_LINE_HEAD_DASH: Final = re.compile(r"[»\"]?\s*[-–—:]")
#: Nouns that start like a future verb (س + ي/ت/ن): not future markers.
_NOT_FUTURE = ("سياس", "سيار", "سيطر", "سيد", "سينا", "سيول", "سيف", "سير", "ستار", "ستين", "سته", "ستوكهولم",
               "ستراتيج", "سيتي", "سيم", "سنو", "سنه", "سنغا", "سنت", "سيول", "سياح", "سيناريو", "سيبير", "سيريلانك",
               "ستاد", "ستوديو", "سنوي", "سنين", "سنتين")


def _alt(words: tuple[str, ...] | list[str]) -> str:
    return names_pattern(words)


@lru_cache(maxsize=1)
def _compiled() -> list[tuple[str, re.Pattern[str]]]:
    p = patterns()
    wd, gmx, hm, mod, season = p["WD"], p["GMX"], p["HM"], p["MOD"], p["SEASON"]
    past, nxt, cur = _alt(PAST), _alt(NEXT), _alt(CURRENT)
    dirs = rf"(?P<dir>{past}|{nxt}|{cur}){RB}"
    days_ord = (r"\d{1,2}(?!\d)|(?:الاول|الاولي|الثاني|الثانيه|الثالث|الثالثه|الرابع|الرابعه|الخامس|الخامسه|السادس|"
                r"السادسه|السابع|السابعه|الثامن|الثامنه|التاسع|التاسعه|العاشر|العاشره|الحادي|الحاديه|العشرين|"
                rf"الثلاثين)(?:\s+(?:عشر|عشره|والعشرين|والثلاثين))?{RB}")
    return [
        ("named_day", re.compile(
            rf"{LB}(?:(?:صباح|مساء|ليل|ظهر|فجر|بعد\s+ظهر)\s+)?(?:يوم\s+)?(?P<rel>امس|الامس|اليوم)\s*[(،,]?\s*"
            rf"(?:يوم\s+)?(?P<wd>{wd}){RB}(?:\s*\))?")),
        ("month_of_relative_year", re.compile(
            rf"{LB}(?:(?P<d>{days_ord})\s*(?:من\s+)?)?(?:شهر\s+)?(?P<m>{gmx})\s+(?:من\s+)?(?P<unit>العام|السنه)\s+{dirs}")),
        ("day_of_relative_month", re.compile(
            rf"{LB}(?:يوم\s+)?(?P<d>{days_ord})\s+من\s+(?P<unit>الشهر)\s+{dirs}")),
        ("day_month", re.compile(
            rf"{LB}(?:(?:يوم\s+)?(?:{wd})\s*[،,]?\s*)?(?P<d>{days_ord})\s*(?:من\s+)?(?:شهر\s+)?(?P<m>{gmx})"
            rf"(?:\s+{dirs})?")),
        ("hijri_day_month", re.compile(
            rf"{LB}(?P<d>{days_ord})\s*(?:من\s+)?(?:شهر\s+)?(?P<hm>{hm}){RB}")),
        ("month_dir", re.compile(rf"{LB}(?:(?P<mod>{mod})\s+)?(?:شهر\s+)?(?P<m>{gmx})\s+{dirs}")),
        ("month_alone", re.compile(
            rf"{LB}(?:(?P<mod>{mod})\s+(?:شهر\s+)?|شهر\s+|(?:في|منذ|خلال|حتي)\s+(?:شهر\s+)?)(?P<m>{gmx})")),
        ("hijri_month_alone", re.compile(rf"{LB}(?:(?P<mod>{mod})\s+)?شهر\s+(?P<hm>{hm}){RB}")),
        ("weekday", re.compile(rf"{LB}(?:يوم\s+)?(?P<wd>{wd}){RB}(?:\s+{dirs})?")),
        ("day_before_yesterday", re.compile(rf"{LB}(?:اول\s+امس|امس\s+الاول){RB}")),
        ("yesterday", re.compile(rf"{LB}(?:(?:صباح|مساء|ليل|ظهر|فجر)\s+)?(?:امس|الامس|البارحه){RB}")),
        ("last_night", re.compile(rf"{LB}الليله\s+(?:{past}){RB}")),
        ("day_after_tomorrow", re.compile(rf"{LB}بعد\s+غد{RB}")),
        ("tomorrow", re.compile(rf"{LB}(?:(?:صباح|مساء|ظهر)\s+)?غدا{RB}")),
        ("today", re.compile(rf"{LB}(?:(?:صباح|مساء|ظهر|فجر)\s+)?اليوم{RB}")),
        ("period", re.compile(
            rf"{LB}(?:(?P<mod>{mod})\s+|(?P<season>{season})\s+)?(?P<unit>الاسبوع|الشهر|العام|السنه){RB}\s+{dirs}")),
        ("this_period", re.compile(
            rf"{LB}(?:(?P<mod>{mod})\s+|(?P<season>{season})\s+)?(?:هذا|هذه)\s+(?P<unit>الاسبوع|الشهر|العام|السنه){RB}")),
        ("mod_period", re.compile(rf"{LB}(?P<mod>{mod})\s+(?P<unit>الاسبوع|الشهر|العام|السنه){RB}(?!\s+\d)")),
        ("ago", re.compile(
            rf"{LB}(?:قبل|منذ)\s+(?P<n>(?:[^\W\d_]+\s+|\d+\s+)?)(?P<unit>يوم|يومين|ايام|اسبوع|اسبوعين|اسابيع|شهر|شهرين|"
            rf"اشهر|شهور|عام|عامين|اعوام|سنه|سنتين|سنوات){RB}(?!\s+(?:من|علي|عن){RB}|\s*\d)")),
    ]


#: What each pattern needs in the text (see :data:`rasd.arabic.dateparse._NEEDS`).
_NEEDS: dict[str, Need] = {
    "named_day": (("امس", "اليوم"), ("@weekday",)),
    "month_of_relative_year": (("@greg_month",), ("العام", "السنه")),
    "day_of_relative_month": (("الشهر",),),
    "day_month": (("@greg_month",),),
    "hijri_day_month": (("@hijri_month",),),
    "month_dir": (("@greg_month",),),
    "month_alone": (("@greg_month",),),
    "hijri_month_alone": (("شهر",), ("@hijri_month",)),
    "weekday": (("@weekday",),),
    "day_before_yesterday": (("امس",),),
    "yesterday": (("امس", "البارحه"),),
    "last_night": (("الليله",),),
    "day_after_tomorrow": (("غد",),),
    "tomorrow": (("غدا",),),
    "today": (("اليوم",),),
    "period": (("الاسبوع", "الشهر", "العام", "السنه"),),
    "this_period": (("هذا", "هذه"), ("الاسبوع", "الشهر", "العام", "السنه")),
    "mod_period": (("@mod",), ("الاسبوع", "الشهر", "العام", "السنه")),
    "ago": (("قبل", "منذ"),),
}


def find_relative_dates(text: str, anchor: dt.date, nz: Normalized | None = None,
                        taken: list[tuple[int, int]] | None = None) -> list[DateMatch]:
    """Every relative date in ``text`` resolved against ``anchor``.

    ``taken`` holds original-text spans already claimed (absolute dates): matches that
    overlap them are skipped.
    """
    nz = nz or normalize(text)
    norm = nz.text
    claimed: list[tuple[int, int]] = [(nz.normalized_offset(s), nz.normalized_offset(e)) for s, e in taken or []]
    out: list[DateMatch] = []
    cues = _CueSpans(norm)
    for name, pat in _compiled():
        for m in _scan(pat, norm, cues.windows(_NEEDS[name])):
            s, e = m.start(), m.end()
            if any(s < ce and cs < e for cs, ce in claimed):
                continue
            parsed = _resolve(name, m, anchor, norm)
            if parsed is None:
                continue
            value, gran, mod = parsed
            claimed.append((s, e))
            os_, oe = nz.original_span(s, e)
            out.append(DateMatch(os_, oe, value, gran, "gregorian", name, mod))
    out.sort(key=lambda d: d.start)
    return out


#: Characters no pattern (nor any cue of :data:`_NEEDS`) can consume; every negative
#: look-ahead of the patterns fails on them as it fails at the end of a string.
#: ``tests/test_relative_dates.py`` checks both on the compiled patterns.
HARD_STOPS = ".!?؟;؛:"
_STOP_RE = re.compile("[" + re.escape(HARD_STOPS) + "]")


class _CueSpans:
    """Where in one normalised text each pattern can match: the stretches between hard stops
    that hold its cues.

    The patterns open with a look-behind, so ``re`` tries each at every character of the
    text (about a third of a millisecond per pattern for a long article).  No match can
    hold a hard stop, and every match holds a cue of each group of its need, so a match
    lies inside one stretch that holds them all.  Scanning only those stretches, with
    ``finditer(norm, start, end)`` (look-behinds still see the text before ``start``), gives
    the very matches of a scan of the whole text, in the same order.  A pattern whose cues
    no stretch holds gets no window at all, so this is also the test of whether a text
    can hold the pattern (what :func:`rasd.arabic.dateparse.possible` is for absolute dates).
    """

    def __init__(self, norm: str) -> None:
        self.norm = norm
        cuts = [m.start() for m in _STOP_RE.finditer(norm)]
        self.starts = [0] + [c + 1 for c in cuts]
        self.ends = [*cuts, len(norm)]
        self._pieces: dict[str, frozenset[int]] = {}

    def _pieces_of(self, cue: str) -> frozenset[int]:
        """The stretches (by index) where ``cue`` occurs."""
        found = self._pieces.get(cue)
        if found is None:
            regex = cue_patterns().get(cue)
            if regex is not None:
                hits = [m.start() for m in regex.finditer(self.norm)]
            else:
                hits, k = [], self.norm.find(cue)
                while k >= 0:
                    hits.append(k)
                    k = self.norm.find(cue, k + 1)
            found = self._pieces[cue] = frozenset(bisect_right(self.starts, h) - 1 for h in hits)
        return found

    def windows(self, need: Need) -> list[tuple[int, int]]:
        """Spans to scan for a pattern with ``need``: runs of adjacent stretches holding every group's cue."""
        keep: set[int] | None = None
        for group in need:  # (a group no stretch holds leaves nothing to scan: the rest are not searched)
            here = set().union(*(self._pieces_of(cue) for cue in group))
            keep = here if keep is None else keep & here
            if not keep:
                return []
        out: list[tuple[int, int]] = []
        for i in sorted(keep or ()):
            if out and self.starts[i] == out[-1][1] + 1:
                out[-1] = (out[-1][0], self.ends[i])
            else:
                out.append((self.starts[i], self.ends[i]))
        return out


def _scan(pat: re.Pattern[str], norm: str, windows: list[tuple[int, int]]) -> Iterator[re.Match[str]]:
    """The matches of ``pat`` inside each window of ``norm``, in text order."""
    for start, end in windows:
        yield from pat.finditer(norm, start, end)


def _direction(word: str | None) -> int:
    if not word:
        return 0
    w = word.strip()
    if w in {normalize_text(x) for x in PAST}:
        return -1
    if w in {normalize_text(x) for x in NEXT}:
        return 1
    return 0


def is_future_context(norm: str, pos: int) -> bool:
    """True when the clause before ``pos`` speaks of the future (سوف، سيزور، من المقرر)."""
    start = max(0, pos - 60)
    for stop in (".", "،", "؛", "\n", "!", "؟"):
        k = norm.rfind(stop, start, pos)
        if k >= 0:
            start = k + 1
    window = norm[start:pos]
    if any(w in window for w in _FUTURE_WORDS):
        return True
    for word in LETTER_RUNS.findall(window):
        base = word[1:] if word[0] in "وف" and len(word) > 4 else word
        if _FUTURE_VERB.match(base) and not base.startswith(_NOT_FUTURE):
            return True
    return False


def _weekday(anchor: dt.date, weekday: int, direction: int, future: bool) -> dt.date:
    back = (anchor.weekday() - weekday) % 7
    if direction < 0:
        return anchor - dt.timedelta(days=back or 7)
    ahead = (weekday - anchor.weekday()) % 7
    if direction > 0:
        return anchor + dt.timedelta(days=ahead or 7)
    if future:
        return anchor + dt.timedelta(days=ahead)
    return anchor - dt.timedelta(days=back)


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    k = year * 12 + (month - 1) + delta
    return k // 12, k % 12 + 1


def _nearest_year(anchor: dt.date, month: int, day: int | None, direction: int) -> int | None:
    """The year that puts month/day nearest ``anchor`` (or strictly before/after it)."""
    cands = []
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            d = dt.date(y, month, day or 15)
        except ValueError:
            continue
        if direction < 0 and not (d < anchor and (day or (y, month) != (anchor.year, anchor.month))):
            continue
        if direction > 0 and not (d > anchor and (day or (y, month) != (anchor.year, anchor.month))):
            continue
        cands.append((abs((d - anchor).days), y))
    return min(cands)[1] if cands else None


def _period_value(anchor: dt.date, unit: str, delta: int) -> tuple[str, str]:
    if unit == "الاسبوع":
        d = anchor + dt.timedelta(weeks=delta)
        iso = d.isocalendar()
        return f"{iso.year:04d}-W{iso.week:02d}", "week"
    if unit == "الشهر":
        y, mo = _shift_month(anchor.year, anchor.month, delta)
        return f"{y:04d}-{mo:02d}", "month"
    return f"{anchor.year + delta:04d}", "year"


_UNIT_DAYS = {"يوم": ("day", 1), "يومين": ("day", 2), "ايام": ("day", 0), "اسبوع": ("week", 1),
              "اسبوعين": ("week", 2), "اسابيع": ("week", 0), "شهر": ("month", 1), "شهرين": ("month", 2),
              "اشهر": ("month", 0), "شهور": ("month", 0), "عام": ("year", 1), "عامين": ("year", 2),
              "اعوام": ("year", 0), "سنه": ("year", 1), "سنتين": ("year", 2), "سنوات": ("year", 0)}


def _resolve(name: str, m: re.Match[str], anchor: dt.date, norm: str) -> tuple[str, str, str | None] | None:
    g = m.groupdict()
    mod = modifier_of(g["mod"]) if g.get("mod") else None
    direction = _direction(g.get("dir"))
    if name == "named_day":
        wd = _weekday_number(g["wd"])
        if wd is None:
            return None
        # "أمس (الأربعاء)": the weekday is what the writer saw; the anchor may be a scrape date
        ref = anchor if g["rel"] == "اليوم" else anchor - dt.timedelta(days=1)
        return _weekday(ref, wd, 0, False).isoformat(), "day", None
    if name == "weekday":
        wd = _weekday_number(g["wd"])
        if wd is None or _not_a_weekday(norm, m):
            return None
        future = direction == 0 and is_future_context(norm, m.start())
        return _weekday(anchor, wd, direction, future).isoformat(), "day", None
    if name in ("yesterday", "last_night"):
        return (anchor - dt.timedelta(days=1)).isoformat(), "day", None
    if name == "day_before_yesterday":
        return (anchor - dt.timedelta(days=2)).isoformat(), "day", None
    if name == "today":
        if _named_day(norm, m.end()) or _newspaper_line(norm, m.start(), m.end()):
            return None
        return anchor.isoformat(), "day", None
    if name == "tomorrow":
        return (anchor + dt.timedelta(days=1)).isoformat(), "day", None
    if name == "day_after_tomorrow":
        return (anchor + dt.timedelta(days=2)).isoformat(), "day", None
    if name in ("period", "this_period", "mod_period"):
        unit = g["unit"].replace("السنه", "العام")
        value, gran = _period_value(anchor, unit, direction)
        season = season_names().get(g["season"]) if g.get("season") else None
        if season:
            return value, "season", season
        return value, gran, mod
    if name == "ago":
        return _ago(g, anchor)
    if name == "month_of_relative_year":
        year = anchor.year + direction
        month = month_number(g["m"])
        if g.get("d"):
            day = _day(g["d"])
            try:
                return (dt.date(year, month, day).isoformat(), "day", None) if day else None
            except ValueError:
                return None
        return f"{year:04d}-{month:02d}", "month", None
    if name == "day_of_relative_month":
        y, mo = _shift_month(anchor.year, anchor.month, direction)
        day = _day(g["d"])
        try:
            return (dt.date(y, mo, day).isoformat(), "day", None) if day else None
        except ValueError:
            return None
    if name == "day_month":
        dday = _day(g["d"])
        month = month_number(g["m"])
        if dday is None:
            return None
        year_near = _nearest_year(anchor, month, dday, direction)
        if year_near is None:
            return None
        try:
            return dt.date(year_near, month, dday).isoformat(), "day", None
        except ValueError:
            return None
    if name == "hijri_day_month":
        return _hijri_nearest(anchor, hijri_month_number(g["hm"]), _day(g["d"]), "day")
    if name in ("month_dir", "month_alone"):
        first = first_month_name(g["m"])
        if name == "month_alone" and not g.get("mod") and not m.group(0).lstrip().startswith("شهر") \
                and first in {normalize_text(x) for x in AMBIGUOUS_ALONE}:
            return None
        month = month_number(g["m"])
        if direction == 0 and name == "month_dir":  # "نوفمبر الجاري"
            return f"{anchor.year:04d}-{month:02d}", "month", mod
        near = _nearest_year(anchor, month, None, direction)
        return (f"{near:04d}-{month:02d}", "month", mod) if near is not None else None
    if name == "hijri_month_alone":
        return _hijri_nearest(anchor, hijri_month_number(g["hm"]), None, "month", mod)
    return None


_DAY_ADJECTIVES = ("الذي", "التي", "التالي", "السابق", "الاخير", "الاول", "الثاني", "الثالث", "الرابع", "الخامس",
                   "المفتوح", "الموعود", "المشهود", "الاخر", "الكامل", "الطويل")


def _named_day(norm: str, end: int) -> bool:
    """"اليوم الوطني", "اليوم العالمي", "اليوم التالي": a named or counted day, not today."""
    m = _NEXT_WORD.match(norm[end:])
    if not m:
        return False
    w = m.group(1)
    if not w.startswith("ال") or w in ("الي", "الا"):
        return False
    return w in _DAY_ADJECTIVES or w.endswith(("ي", "يه"))


def _newspaper_line(norm: str, start: int, end: int) -> bool:
    """"اليوم - الدمام": the newspaper اليوم naming itself at the head of a line, not today."""
    before = LETTER_RUNS.findall(norm[max(0, start - 12) : start])
    if before and before[-1] in ("عين", "صحيفه", "جريده", "موقع", "قناه", "برنامج"):
        return True  # "عين اليوم", "صحيفة اليوم": a title, not today
    if before and before[-1] in ("باقي", "طوال", "طيله", "نفس", "ذات", "ذلك", "مدار", "بقيه"):
        return True  # "باقي اليوم", "في ذلك اليوم": a day, not today
    line_start = norm.rfind("\n", 0, start) + 1
    if norm[line_start:start].strip() not in ("", "«", '"'):
        return False
    return _LINE_HEAD_DASH.match(norm[end:end + 4]) is not None


def _day(s: str) -> int | None:
    s = s.strip()
    if s.isdecimal():
        v = int(s)
        return v if 1 <= v <= 31 else None
    ov = ordinal_value(s.split())
    return ov[0] if ov and ov[1] == len(s.split()) else None


def _weekday_number(word: str) -> int | None:
    from rasd.arabic.calendars import weekdays

    return weekdays().get(word)


def _not_a_weekday(norm: str, m: re.Match[str]) -> bool:
    """"الاثنين" after بين/كلا means "both"; a weekday without ال is only a date after يوم."""
    wd = m.group("wd")
    if not wd.startswith("ال") and not m.group(0).lstrip().startswith("يوم"):
        return True
    before = norm[max(0, m.start() - 8) : m.start()].split()
    return wd == "الاثنين" and bool(before) and before[-1] in ("بين", "كلا", "هذين")


def _ago(g: dict[str, str], anchor: dt.date) -> tuple[str, str, str | None] | None:
    gran, n = _UNIT_DAYS[g["unit"]]
    count_text = (g.get("n") or "").strip()
    if count_text:
        nums = find_numbers(count_text)
        if not nums or nums[0].end != len(count_text) or n == 2:
            return None
        count = int(nums[0].value)
    elif n == 0:
        return None  # "منذ سنوات": vague
    else:
        count = n
    if gran == "day":
        return (anchor - dt.timedelta(days=count)).isoformat(), "day", None
    if gran == "week":
        d = anchor - dt.timedelta(weeks=count)
        iso = d.isocalendar()
        return f"{iso.year:04d}-W{iso.week:02d}", "week", None
    if gran == "month":
        y, mo = _shift_month(anchor.year, anchor.month, -count)
        return f"{y:04d}-{mo:02d}", "month", None
    return f"{anchor.year - count:04d}", "year", None


def _hijri_nearest(anchor: dt.date, month: int, day: int | None, gran: str,
                   mod: str | None = None) -> tuple[str, str, str | None] | None:
    """A Hijri month (and day) without a year: the occurrence nearest the anchor."""
    from rasd.arabic.calendars import hijri_to_gregorian

    try:
        from hijridate import Gregorian

        hy = Gregorian(anchor.year, anchor.month, anchor.day).to_hijri().year
    except (ImportError, ValueError, OverflowError):
        return None
    best: tuple[int, dt.date] | None = None
    for y in (hy - 1, hy, hy + 1):
        d = hijri_to_gregorian(y, month, day or 15)
        if d is not None and (best is None or abs((d - anchor).days) < best[0]):
            best = (abs((d - anchor).days), d)
    if best is None:
        return None
    d = best[1]
    return (d.isoformat(), "day", None) if gran == "day" else (d.strftime("%Y-%m"), "month", mod)
