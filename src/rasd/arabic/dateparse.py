"""Absolute date expressions: the formats news puts on a date line or in the text.

Handles "الأربعاء 2020/11/18", "18/11/2020", "2020-11-18", "18 نوفمبر 2020",
"18 تشرين الثاني 2020", "الأربعاء 18 - 11 - 2020", Hijri "3 ربيع الثاني 1442 هـ"
and the pair "25 شوال 1436 هـ الموافق 10 اغسطس 2015 م" (the Gregorian side wins).

:func:`find_absolute_dates` returns matches with offsets into the given string, so
the structure stage (date line) and the dates stage (every mention) share it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from rasd.arabic.calendars import (
    WEEKDAYS,
    gregorian_months,
    hijri_months,
    hijri_to_gregorian,
    month_names_pattern,
    safe_date,
)
from rasd.arabic.normalize import normalize_text

D = r"[0-9٠-٩۰-۹]"
SEP = r"\s*[-/.–]\s*"
CENTURY = r"(?:19|20|١٩|٢٠)"


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A date found in text: offsets, ISO value, granularity and calendar."""

    start: int
    end: int
    value: str
    granularity: str
    calendar: str = "gregorian"


def _int(s: str) -> int:
    return int(normalize_text(s))


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    greg = month_names_pattern(False)
    hij = month_names_pattern(True)
    wd = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
    wd_opt = rf"(?:(?:يوم\s+)?(?:{wd})\s*[،,]?\s*)?"
    year_sfx = r"(?:\s*(?:م|مـ|ميلادي(?:ة)?)(?![\w]))?"
    hijri_sfx = r"\s*(?:هـ|ه|هجري(?:ة)?)(?![\w])"
    return [
        # Hijri + الموافق + Gregorian: keep the whole span, value from the Gregorian side
        ("hijri_greg", re.compile(
            rf"{wd_opt}(?P<hd>{D}{{1,2}})\s+(?P<hm>{hij})\s+(?P<hy>{D}{{4}}){hijri_sfx}\s*[،,]?\s*"
            rf"(?:الموافق|الموافقة|موافق)\s+(?:ل\s*)?(?P<d>{D}{{1,2}})\s*(?:من\s+)?(?P<m>{greg})\s*[،,]?\s*"
            rf"(?:من\s+)?(?:عام\s+)?(?P<y>{D}{{4}}){year_sfx}")),
        ("hijri", re.compile(
            rf"{wd_opt}(?P<hd>{D}{{1,2}})\s+(?:من\s+)?(?P<hm>{hij})\s*[،,]?\s*(?:من\s+)?(?:عام\s+)?"
            rf"(?P<hy>1{D}{{3}}){hijri_sfx}")),
        ("dmy_name", re.compile(
            rf"{wd_opt}(?P<d>{D}{{1,2}})\s*(?:من\s+)?(?:شهر\s+)?(?P<m>{greg})\s*[،,/-]?\s*(?:من\s+)?(?:عام\s+|سنة\s+)?"
            rf"(?P<y>(?:19|20){D}{{2}}|[١٢][٠٩][٠-٩]{{2}}){year_sfx}")),
        ("ymd", re.compile(
            rf"{wd_opt}(?<!{D})(?P<y>{CENTURY}{D}{{2}}){SEP}(?P<m>{D}{{1,2}}){SEP}(?P<d>{D}{{1,2}})(?!{D})")),
        ("dmy", re.compile(
            rf"{wd_opt}(?<!{D})(?P<d>{D}{{1,2}}){SEP}(?P<m>{D}{{1,2}}){SEP}(?P<y>{CENTURY}{D}{{2}})(?!{D})")),
        ("my_name", re.compile(
            rf"(?:(?:شهر|مطلع|منتصف|أواخر|اواخر|أوائل|اوائل|نهاية|بداية)\s+)?(?P<m>{greg})\s*[،,/-]?\s*(?:من\s+)?(?:عام\s+|سنة\s+)?"
            rf"(?P<y>(?:19|20){D}{{2}}|[١٢][٠٩][٠-٩]{{2}}){year_sfx}")),
    ]


def find_absolute_dates(text: str) -> list[DateMatch]:
    """Every non-overlapping absolute date in ``text`` (longest-first by pattern order)."""
    taken: list[tuple[int, int]] = []
    out: list[DateMatch] = []
    for name, pat in _patterns():
        for m in pat.finditer(text):
            s, e = m.start(), m.end()
            while s < e and text[s].isspace():
                s += 1
            if any(s < te and ts < e for ts, te in taken):
                continue
            if s > 0 and (text[s - 1].isalnum()) and name not in ("ymd", "dmy"):
                # the weekday or number is glued to a preceding word: not a date
                continue
            parsed = _to_date(name, m)
            if parsed is None:
                continue
            value, gran, cal = parsed
            taken.append((s, e))
            out.append(DateMatch(s, e, value, gran, cal))
    out.sort(key=lambda d: d.start)
    return out


def _to_date(name: str, m: re.Match[str]) -> tuple[str, str, str] | None:
    g = m.groupdict()
    if name == "hijri":
        conv = hijri_to_gregorian(_int(g["hy"]), hijri_months()[normalize_text(g["hm"])], _int(g["hd"]))
        return (conv.isoformat(), "day", "hijri") if conv else None
    if name == "my_name":
        y = _int(g["y"])
        return (f"{y:04d}-{gregorian_months()[normalize_text(g['m'])]:02d}", "month", "gregorian")
    y = _int(g["y"])
    month = gregorian_months()[normalize_text(g["m"])] if name in ("dmy_name", "hijri_greg") else _int(g["m"])
    d = safe_date(y, month, _int(g["d"]))
    if d is None:
        return None
    return d.isoformat(), "day", "gregorian"


def parse_date_line(line: str) -> str | None:
    """The ISO date of a line that is nothing but a date (with weekday/time/place noise).

    A date line carries a date and little else: at most a few extra words (a time,
    "آخر تحديث", a city).  Returns ``None`` for ordinary sentences that mention a date.
    """
    found = find_absolute_dates(line)
    if not found:
        return None
    d = found[0]
    rest = (line[: d.start] + " " + line[d.end :]).strip()
    rest_words = re.findall(r"[^\W\d_]+", rest)
    if len(rest_words) > 4 or len(line) > 80:
        return None
    return d.value if d.granularity == "day" else None


def to_date(value: str) -> dt.date | None:
    """Parse an ISO day value back into a ``date``."""
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
