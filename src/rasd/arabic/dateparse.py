"""Absolute date expressions: every form that carries its own year.

Handles "الأربعاء 2020/11/18", "18/11/2020", "2020-11-18", "18 نوفمبر 2020",
"18 تشرين الثاني 2020", "حزيران/يونيو 2014", "الخامس من يونيو 2015",
Hijri "3 ربيع الثاني 1442 هـ", the pair "25 شوال 1436 هـ الموافق 10 اغسطس 2015 م"
(the Gregorian side wins), month + year, "عام 2017", "منتصف عام 2014", "صيف 2014",
"عامي 2014 و2015", "في 2014", "2014م", "1436 هـ" and decades ("التسعينيات").

Expressions that need the publication date to resolve (weekdays, أمس, الشهر
الماضي, "18 نوفمبر" without a year) live in :mod:`rasd.arabic.relative_dates`.

Every pattern is written in normalised form and run on the normalised text
(:func:`rasd.arabic.normalize.normalize`), so hamza, ta marbuta, tatweel and digit
variants all match; spans are mapped back to the original text.

A bare number is never a date: a four-digit year needs a cue (عام، سنة، a month,
a season, a modifier, a preposition such as في/منذ/حتى, or the suffix م), and even
then "في 2000 جندي" is refused because a counted noun follows.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from rasd.arabic.calendars import (
    DECADES,
    gregorian_months,
    hijri_months,
    hijri_to_gregorian,
    modifier_names,
    names_pattern,
    safe_date,
    season_names,
    weekdays,
)
from rasd.arabic.normalize import Normalized, normalize, normalize_text
from rasd.arabic.numbers import ordinal_value, unit_words

#: Start of a word, allowing one proclitic letter glued in front ("وفي", "بعام").
LB = r"(?:(?<![^\W\d_])|(?<=(?<![^\W\d_])[وفبلك]))"
#: End of a word.
RB = r"(?![^\W\d_])"
YEAR = r"(?:1[89]\d\d|20\d\d)"
#: With a month name or a year word around it, an older year is safe ("6 يونيو 1799").
YEAR_WIDE = r"(?:1\d\d\d|20\d\d)"
HYEAR = r"(?:1[34]\d\d)"
GSFX = r"(?:\s*(?:م|ميلادي|ميلاديه)" + RB + ")"
HSFX = r"(?:\s*(?:ه|هجري|هجريه|للهجره)" + RB + ")"
SEP = r"\s*[-/.–]\s*"
YEAR_WORD = r"(?:(?:عام|العام|سنه|السنه|لعام|لسنه|بعام)(?:\s+(?:الميلادي|الهجري))?)"


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A date found in text: offsets, ISO value, granularity and calendar.

    ``modifier`` is a position inside the period (start, early, mid, late, end) or a
    season (summer, winter, spring, autumn); ``kind`` names the pattern that matched.
    """

    start: int
    end: int
    value: str
    granularity: str
    calendar: str = "gregorian"
    kind: str = "absolute"
    modifier: str | None = None


def _day_pattern(name: str) -> str:
    """A day of the month: 1-2 digits or an ordinal ("الخامس", "الحادي والعشرين")."""
    ords = names_pattern(["الأول", "الأولى", "الثاني", "الثانية", "الثالث", "الثالثة", "الرابع", "الرابعة",
                          "الخامس", "الخامسة", "السادس", "السادسة", "السابع", "السابعة", "الثامن", "الثامنة",
                          "التاسع", "التاسعة", "العاشر", "العاشرة", "الحادي", "الحادية", "العشرين",
                          "الثلاثين"])
    return (rf"(?P<{name}>\d{{1,2}}(?!\d)|(?:{ords})(?:\s+(?:عشر|عشره|والعشرين|والثلاثين))?{RB})")


def _day_value(s: str) -> int | None:
    s = s.strip()
    if s.isdecimal():
        return int(s)
    ov = ordinal_value(s.split())
    return ov[0] if ov and ov[1] == len(s.split()) else None


@lru_cache(maxsize=1)
def patterns() -> dict[str, str]:
    """Named building blocks shared with :mod:`rasd.arabic.relative_dates`."""
    gm = names_pattern(gregorian_months())
    hm = names_pattern(hijri_months())
    wd = names_pattern(weekdays())
    # "حزيران/يونيو" and "تشرين الثاني (نوفمبر)": two names of the same month
    gmx = rf"(?:{gm})(?:\s*/\s*(?:{gm})|\s*\(\s*(?:{gm})\s*\))?{RB}"
    return {
        "GM": gm, "HM": hm, "WD": wd, "GMX": gmx,
        "WD_OPT": rf"(?:(?:يوم\s+)?(?:{wd})\s*[،,]?\s*)?",
        "MOD": names_pattern(modifier_names()),
        "SEASON": names_pattern(season_names()),
    }


@lru_cache(maxsize=1)
def _compiled() -> list[tuple[str, re.Pattern[str]]]:
    p = patterns()
    gmx, hm, wd_opt, mod, season = p["GMX"], p["HM"], p["WD_OPT"], p["MOD"], p["SEASON"]
    greg_year = rf"\s*[،,/-]?\s*(?:من\s+)?(?:{YEAR_WORD}\s+)?(?P<y>{YEAR_WIDE}){GSFX}?(?!\d)"
    return [
        ("hijri_greg", re.compile(
            rf"{LB}{wd_opt}{_day_pattern('hd')}\s*(?:من\s+)?(?:شهر\s+)?(?P<hm>{hm}){RB}\s*[،,]?\s*(?:من\s+)?"
            rf"(?:{YEAR_WORD}\s+)?(?P<hy>{HYEAR}){HSFX}?\s*[،,(-]?\s*(?:الموافق|الموافقه|الموافقة|موافق)\s*"
            rf"(?:ل\s*)?{_day_pattern('d')}\s*(?:من\s+)?(?:شهر\s+)?(?P<m>{gmx}){greg_year}\s*\)?")),
        ("hijri", re.compile(
            rf"{LB}{wd_opt}{_day_pattern('hd')}\s*(?:من\s+)?(?:شهر\s+)?(?P<hm>{hm}){RB}\s*[،,]?\s*(?:من\s+)?"
            rf"(?:{YEAR_WORD}\s+)?(?P<hy>{HYEAR}){HSFX}?(?!\d)")),
        ("dmy_name", re.compile(
            rf"{LB}{wd_opt}{_day_pattern('d')}\s*(?:من\s+)?(?:شهر\s+)?(?P<m>{gmx}){greg_year}")),
        ("hijri_numeric", re.compile(
            rf"{LB}{wd_opt}(?<![\d/])(?:(?P<hd>\d{{1,2}}){SEP}(?P<hmn>\d{{1,2}}){SEP}(?P<hy>{HYEAR})|(?P<hy2>{HYEAR}){SEP}"
            rf"(?P<hmn2>\d{{1,2}}){SEP}(?P<hd2>\d{{1,2}}))(?![\d/]){HSFX}?")),
        ("ymd", re.compile(rf"{LB}{wd_opt}(?<!\d)(?P<y>{YEAR}){SEP}(?P<m>\d{{1,2}}){SEP}(?P<d>\d{{1,2}})(?!\d)")),
        ("dmy", re.compile(rf"{LB}{wd_opt}(?<!\d)(?P<d>\d{{1,2}}){SEP}(?P<m>\d{{1,2}}){SEP}(?P<y>{YEAR})(?!\d)")),
        ("hijri_month", re.compile(
            rf"{LB}(?:(?P<mod>{mod})\s+)?(?:شهر\s+)?(?P<hm>{hm}){RB}\s*[،,]?\s*(?:من\s+)?(?:{YEAR_WORD}\s+)?"
            rf"(?P<hy>{HYEAR}){HSFX}?(?!\d)")),
        ("month_year", re.compile(rf"{LB}(?:(?P<mod>{mod})\s+)?(?:شهر\s+)?(?P<m>{gmx}){greg_year}")),
        ("season_year", re.compile(
            rf"{LB}(?:(?P<mod>{mod})\s+)?(?P<season>{season})\s+(?:{YEAR_WORD}\s+)?(?P<y>{YEAR}){GSFX}?(?!\d)")),
        ("year_part", re.compile(
            rf"{LB}(?P<part>الربع|النصف|الثلث)\s+(?P<ord>الاول|الثاني|الثالث|الرابع|الاخير)\s+(?:من\s+)?(?:{YEAR_WORD}\s+)?"
            rf"(?P<y>{YEAR}){GSFX}?(?!\d)")),
        ("year_relative_word", re.compile(
            rf"{LB}(?:(?P<mod>{mod})\s+)?(?:العام|السنه)\s+(?:الحالي|الجاري|الماضي|المنصرم|المقبل|القادم|الحاليه|"
            rf"الجاريه|الماضيه|المقبله)\s+(?P<y>{YEAR}){GSFX}?(?!\d)")),
        ("year_range", re.compile(
            rf"{LB}(?:من|بين|منذ)\s+(?:{YEAR_WORD}\s+)?(?P<y>{YEAR})\s*(?:و|-|–|الي|حتي|لغايه)\s*(?P<y2>{YEAR})(?!\d)")),
        ("year_pair", re.compile(
            rf"{LB}(?:عامي|سنتي|العامين|السنتين)\s+(?P<y>{YEAR})\s*(?:و|-|–|الي|حتي)\s*(?P<y2>{YEAR})(?!\d)")),
        ("hijri_year_pair", re.compile(
            rf"{LB}(?:(?:{YEAR_WORD}|العام\s+الدراسي|العام\s+الجامعي)\s+)?(?P<hy>{HYEAR})\s*[-/–]\s*(?P<hy2>{HYEAR}){HSFX}(?!\d)")),
        ("hijri_year", re.compile(
            rf"{LB}(?:(?P<mod>{mod})\s+)?(?:{YEAR_WORD}\s+)?(?P<hy>{HYEAR}){HSFX}(?!\d)")),
        ("year", re.compile(
            rf"{LB}(?:(?P<mod>{mod})\s+)?{YEAR_WORD}\s+(?P<y>{YEAR_WIDE}){GSFX}?(?!\d|[.,٫]\d|\s*[%٪])")),
        ("year_suffix", re.compile(rf"(?<![\d.,])(?P<y>{YEAR})\s*(?:م|ميلادي|ميلاديه){RB}")),
        ("year_prep", re.compile(
            rf"{LB}(?:(?P<mod>{mod})|في|منذ|حتي|خلال|قبل|بعد|مع|بين|الي|ومنذ)\s+(?P<y>{YEAR})(?!\d|[.,٫]\d|\s*[%٪])")),
        ("decade", re.compile(
            rf"{LB}(?:عقد\s+)?(?:ال)?(?P<dec>{names_pattern(DECADES)})(?:يات|ات){RB}"
            rf"(?:\s+(?:من\s+)?القرن\s+(?P<cent>الماضي|المنصرم|العشرين|الحالي|الجاري|الحادي\s+والعشرين){RB})?")),
    ]


#: A requirement a text must meet before a pattern is run on it: every group must have
#: one member present (a plain string as a substring, a key of :func:`cue_patterns` as a
#: regex search).  Each is implied by its pattern, so skipping changes no result; it
#: saves running a pattern that starts with a look-behind at every character.
Need = tuple[tuple[str, ...], ...]
_Y, _YW, _HY, _GM, _HM = ("@year",), ("@year_wide",), ("@hijri_year",), ("@greg_month",), ("@hijri_month",)
_NEEDS: dict[str, Need] = {
    "hijri_greg": (("موافق",), _HY, _HM, _GM),
    "hijri": (_HM, _HY),
    "dmy_name": (_GM, _YW),
    "hijri_numeric": (_HY,),
    "ymd": (_Y,),
    "dmy": (_Y,),
    "hijri_month": (_HM, _HY),
    "month_year": (_GM, _YW),
    "season_year": (("@season",), _Y),
    "year_part": (("الربع", "النصف", "الثلث"), _Y),
    "year_relative_word": (("العام", "السنه"), _Y),
    "year_range": (_Y,),
    "year_pair": (("عامي", "سنتي"), _Y),
    "hijri_year_pair": (_HY,),
    "hijri_year": (_HY,),
    "year": (("عام", "سنه"), _YW),
    "year_suffix": (_Y,),
    "year_prep": (_Y,),
    "decade": (("@decade",),),
}


@lru_cache(maxsize=1)
def cue_patterns() -> dict[str, re.Pattern[str]]:
    """The regex cues named in :data:`_NEEDS` (and in relative_dates' needs)."""
    p = patterns()
    return {
        "@year": re.compile(YEAR), "@year_wide": re.compile(YEAR_WIDE), "@hijri_year": re.compile(HYEAR),
        "@greg_month": re.compile(p["GM"]), "@hijri_month": re.compile(p["HM"]),
        "@season": re.compile(p["SEASON"]), "@weekday": re.compile(p["WD"]), "@mod": re.compile(p["MOD"]),
        "@decade": re.compile(names_pattern(DECADES)),
    }


def possible(norm: str, need: Need, seen: dict[str, bool]) -> bool:
    """Whether ``norm`` meets ``need`` (``seen`` caches the cue searches of one text)."""
    cues = cue_patterns()
    for group in need:
        for cue in group:
            hit = seen.get(cue)
            if hit is None:
                hit = seen[cue] = cues[cue].search(norm) is not None if cue in cues else cue in norm
            if hit:
                break
        else:
            return False
    return True


@lru_cache(maxsize=1)
def _cores() -> dict[str, re.Pattern[str]]:
    """For each pattern of :func:`_compiled`, a regex that every one of its matches contains.

    The patterns open with a look-behind, so ``re`` tries them at every character of
    the text; a core opens with a literal or a digit, which ``re`` scans for in C.
    Where a text holds no core, its pattern cannot match and is not run: the year
    patterns all hold years, but only a few texts hold "day/month/year" or "من 2014
    الى 2015".  Patterns that share a core share one search (see :func:`_has_core`).
    """
    p = patterns()
    gmx, hm, mod, season = p["GMX"], p["HM"], p["MOD"], p["SEASON"]
    greg_year = rf"\s*[،,/-]?\s*(?:من\s+)?(?:{YEAR_WORD}\s+)?{YEAR_WIDE}"
    hijri = rf"(?:{hm}){RB}\s*[،,]?\s*(?:من\s+)?(?:{YEAR_WORD}\s+)?{HYEAR}"
    numeric = rf"\d{SEP}\d{{1,2}}{SEP}\d"  # the two separators and the middle number of any d/m/y order
    cores = {
        "hijri_greg": hijri, "hijri": hijri, "hijri_month": hijri,
        "dmy_name": gmx + greg_year, "month_year": gmx + greg_year,
        "hijri_numeric": numeric, "ymd": numeric, "dmy": numeric,
        "season_year": rf"(?:{season})\s+(?:{YEAR_WORD}\s+)?{YEAR}",
        "year_part": rf"(?:الربع|النصف|الثلث)\s+(?:الاول|الثاني|الثالث|الرابع|الاخير)\s+(?:من\s+)?"
                     rf"(?:{YEAR_WORD}\s+)?{YEAR}",
        "year_relative_word": rf"(?:العام|السنه)\s+(?:الحالي|الجاري|الماضي|المنصرم|المقبل|القادم|الحاليه|"
                              rf"الجاريه|الماضيه|المقبله)\s+{YEAR}",
        "year_range": rf"(?:من|بين|منذ)\s+(?:{YEAR_WORD}\s+)?{YEAR}\s*(?:و|-|–|الي|حتي|لغايه)\s*{YEAR}",
        "year_pair": rf"(?:عامي|سنتي|العامين|السنتين)\s+{YEAR}\s*(?:و|-|–|الي|حتي)\s*{YEAR}",
        "hijri_year_pair": rf"{HYEAR}\s*[-/–]\s*{HYEAR}",
        "hijri_year": rf"{HYEAR}{HSFX}",
        "year": rf"{YEAR_WORD}\s+{YEAR_WIDE}",
        "year_suffix": rf"{YEAR}\s*(?:م|ميلادي|ميلاديه){RB}",
        "year_prep": rf"(?:{mod}|في|منذ|حتي|خلال|قبل|بعد|مع|بين|الي|ومنذ)\s+{YEAR}",
        "decade": rf"(?:{names_pattern(DECADES)})(?:يات|ات)",
    }
    return {name: re.compile(core) for name, core in cores.items()}


def _has_core(norm: str, name: str, seen: dict[str, bool]) -> bool:
    """Whether ``norm`` holds the core of pattern ``name`` (``seen`` caches the searches of one text)."""
    core = _cores()[name]
    key = "@core:" + core.pattern
    hit = seen.get(key)
    if hit is None:
        hit = seen[key] = core.search(norm) is not None
    return hit


_WORD_AFTER = re.compile(r"\s*(?:من\s+)?([^\W\d_]+)")


def _year_guard(norm: str, end: int) -> bool:
    """False when the word after a bare year shows it is a count ("في 2000 جندي")."""
    m = _WORD_AFTER.match(norm, end)  # (at ``end``, not on a copy of the rest of the text)
    if not m:
        return True
    word = m.group(1)
    units = unit_words()
    forms = [word] + ([word[1:]] if len(word) > 3 and word[0] in "وفبل" else [])
    return not any(f in units for f in forms)


def find_absolute_dates(text: str, nz: Normalized | None = None, *, prefilter: bool = True) -> list[DateMatch]:
    """Every non-overlapping absolute date in ``text`` (earlier patterns win overlaps).

    ``prefilter=False`` runs every pattern, skipping none by its needs and core: the
    reference the quick path is tested against (patching ``_has_core`` would not reach
    the compiled module)."""
    nz = nz or normalize(text)
    norm = nz.text
    taken: list[tuple[int, int]] = []
    out: list[DateMatch] = []
    seen: dict[str, bool] = {}
    for name, pat in _compiled():
        if prefilter and (not possible(norm, _NEEDS[name], seen) or not _has_core(norm, name, seen)):
            continue
        for m in pat.finditer(norm):
            for s, e, parsed in _to_dates(name, m, norm):
                while s < e and norm[s].isspace():
                    s += 1
                if e <= s or any(s < te and ts < e for ts, te in taken):
                    continue
                taken.append((s, e))
                os_, oe = nz.original_span(s, e)
                value, gran, cal, mod = parsed
                out.append(DateMatch(os_, oe, value, gran, cal, name, mod))
    out += _coordinated_years(norm, nz, out, taken)
    out.sort(key=lambda d: d.start)
    return out


#: Patterns the functions below use, compiled once (``re.sub(pattern, ...)`` looks the
#: pattern up in ``re``'s cache through Python code on every call).
_GSFX_RE: Final = re.compile(GSFX)
_SPACE_RUNS: Final = re.compile(r"\s+")
_MONTH_ALTERNATIVES: Final = re.compile(r"\s*[/(]\s*")
#: Runs of letters (no digits, no underscore): the words of a stretch of text.
LETTER_RUNS: Final = re.compile(r"[^\W\d_]+")


def modifier_of(words: str) -> str | None:
    """The modifier ("أواخر", "مطلع" …) a pattern's ``mod`` group spells, spaces collapsed."""
    return modifier_names().get(_SPACE_RUNS.sub(" ", words))


def hijri_month_number(name: str) -> int:
    """Month number of a (normalised) Hijri month name as a pattern matched it."""
    return hijri_months()[_SPACE_RUNS.sub(" ", name)]


def first_month_name(name: str) -> str:
    """The first of a month's alternative names ("حزيران/يونيو", "حزيران (يونيو)" -> "حزيران")."""
    return _MONTH_ALTERNATIVES.split(name.strip())[0]

_COORD = re.compile(rf"\s*(?:و|-|–|/|الي|حتي)\s*(?P<y>{YEAR})(?!\d|[.,٫]\d|\s*[%٪])")


def _coordinated_years(norm: str, nz: Normalized, found: list[DateMatch],
                       taken: list[tuple[int, int]]) -> list[DateMatch]:
    """"في 2014 و2015", "موسم 2015 / 2016م": a year right after a year date is a year too."""
    out: list[DateMatch] = []
    queue = [d for d in found if d.granularity in ("year", "season") and d.calendar == "gregorian"]
    while queue:
        d = queue.pop()
        end = nz.normalized_offset(d.end)
        m = _COORD.match(norm, end)
        if m is None or not _year_guard(norm, m.end()):
            continue
        s, e = m.start("y"), m.end()
        sfx = _GSFX_RE.match(norm[e:])
        if sfx:
            e += sfx.end()
        if any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        os_, oe = nz.original_span(s, e)
        new = DateMatch(os_, oe, m.group("y"), "year", "gregorian", "year_coord", None)
        out.append(new)
        queue.append(new)
    return out


Parsed = tuple[str, str, str, str | None]


def _to_dates(name: str, m: re.Match[str], norm: str) -> list[tuple[int, int, Parsed]]:
    """(start, end, parsed) for one match; year pairs give two dates."""
    g = m.groupdict()
    mod = modifier_of(g["mod"]) if g.get("mod") else None
    if name in ("year_pair", "year_range"):
        y1, y2 = int(g["y"]), int(g["y2"])
        first = m.start("y") if name == "year_range" else m.start()
        return [(first, m.end("y"), (f"{y1:04d}", "year", "gregorian", None)),
                (m.start("y2"), m.end("y2"), (f"{y2:04d}", "year", "gregorian", None))]
    if name == "year_prep":
        if not _year_guard(norm, m.end()):
            return []
        start = m.start() if mod else m.start("y")
        return [(start, m.end(), (g["y"], "year", "gregorian", mod))]
    if name in ("year", "year_suffix", "year_relative_word"):
        if name == "year_suffix" and not _year_guard(norm, m.end()):
            return []
        return [(m.start(), m.end(), (g["y"], "year", "gregorian", mod))]
    if name == "season_year":
        season = season_names()[g["season"]]
        return [(m.start(), m.end(), (g["y"], "season", "gregorian", mod or season))]
    if name == "decade":
        dec = decade_stems()[g["dec"]]
        cent = g.get("cent") or ""
        century = 20 if cent.startswith(("الحالي", "الجاري", "الحادي")) else 19
        return [(m.start(), m.end(), (f"{century}{dec}", "decade", "gregorian", None))]
    if name == "year_part":
        part = {"الربع": "Q", "النصف": "H", "الثلث": "T"}[g["part"]]
        order = {"الاول": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4, "الاخير": 0}[g["ord"]]
        if order == 0:
            order = {"Q": 4, "H": 2, "T": 3}[part]
        gran = {"Q": "quarter", "H": "half", "T": "third"}[part]
        return [(m.start(), m.end(), (g["y"], gran, "gregorian", f"{part}{order}"))]
    if name == "hijri_numeric":
        hy, hmn, hd = (g["hy"], g["hmn"], g["hd"]) if g.get("hy") else (g["hy2"], g["hmn2"], g["hd2"])
        conv = hijri_to_gregorian(int(hy), int(hmn), int(hd)) if 1 <= int(hmn) <= 12 else None
        return [(m.start(), m.end(), (conv.isoformat(), "day", "hijri", None))] if conv else []
    if name == "hijri_year_pair":
        out: list[tuple[int, int, Parsed]] = []
        for grp in ("hy", "hy2"):
            conv = hijri_to_gregorian(int(g[grp]), 6, 15)
            if conv is not None:
                start = m.start() if grp == "hy" else m.start(grp)
                end = m.end("hy") if grp == "hy" else m.end()
                out.append((start, end, (f"{conv.year:04d}", "year", "hijri", None)))
        return out
    if name == "hijri_year":
        hy = int(g["hy"])
        # a Hijri year straddles two Gregorian years: "بداية عام 1343هـ" is 1924, its end 1925
        month, day = {"start": (1, 1), "early": (2, 1), "late": (11, 1), "end": (12, 20)}.get(mod or "", (6, 15))
        mid = hijri_to_gregorian(hy, month, day)
        return [(m.start(), m.end(), (f"{mid.year:04d}", "year", "hijri", mod))] if mid else []
    if name == "hijri_month":
        mid = hijri_to_gregorian(int(g["hy"]), hijri_month_number(g["hm"]), 15)
        return [(m.start(), m.end(), (mid.strftime("%Y-%m"), "month", "hijri", mod))] if mid else []
    if name == "hijri":
        hday = _day_value(g["hd"])
        conv = hijri_to_gregorian(int(g["hy"]), hijri_month_number(g["hm"]), hday) if hday else None
        return [(m.start(), m.end(), (conv.isoformat(), "day", "hijri", None))] if conv else []
    y = int(g["y"])
    if name == "month_year":
        return [(m.start(), m.end(), (f"{y:04d}-{month_number(g['m']):02d}", "month", "gregorian", mod))]
    month = month_number(g["m"]) if name in ("dmy_name", "hijri_greg") else int(g["m"])
    gday = _day_value(g["d"])
    d = safe_date(y, month, gday) if gday else None
    if d is None:
        return []
    return [(m.start(), m.end(), (d.isoformat(), "day", "gregorian", None))]


@lru_cache(maxsize=1)
def decade_stems() -> dict[str, int]:
    """Normalised decade stem -> decade digit."""
    return {normalize_text(k): v for k, v in DECADES.items()}


def month_number(name: str) -> int:
    """Month number of a (normalised) Gregorian month name, or of the first of "حزيران/يونيو"."""
    return gregorian_months()[_SPACE_RUNS.sub(" ", first_month_name(name))]


def parse_date_line(line: str) -> str | None:
    """The ISO date of a line that is nothing but a date (with weekday/time/place noise).

    A date line carries a date and little else: at most a few extra words (a time,
    "آخر تحديث", a city).  Returns ``None`` for ordinary sentences that mention a date.
    """
    found = [d for d in find_absolute_dates(line) if d.granularity == "day"]
    if not found:
        return None
    d = found[0]
    rest = (line[: d.start] + " " + line[d.end :]).strip()
    rest_words = LETTER_RUNS.findall(rest)
    if len(rest_words) > 4 or len(line) > 80:
        return None
    return d.value


def to_date(value: str) -> dt.date | None:
    """Parse an ISO day value back into a ``date``."""
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
