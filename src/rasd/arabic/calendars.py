"""Month and weekday names in every series Arabic news uses, and Hijri conversion.

Gregorian months come in three series:
  * MSA/Egyptian (transliterated): يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس ...
  * Levantine/Iraqi (Syriac): كانون الثاني شباط آذار نيسان أيار حزيران تموز آب أيلول ...
  * Maghrebi (French): جانفي فيفري مارس أفريل ماي جوان جويلية أوت سبتمبر أكتوبر نوفمبر ديسمبر
Hijri months: محرم صفر ربيع الأول ربيع الثاني/الآخر جمادى الأولى/الآخرة رجب شعبان رمضان شوال ذو القعدة ذو الحجة.

Keys are normalised with :func:`rasd.arabic.normalize.normalize_text` so spelling
variants (أغسطس/اغسطس/آب, ابريل/أبريل/إبريل) all match.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from functools import lru_cache

from rasd.arabic.normalize import normalize_text

_GREGORIAN: dict[int, tuple[str, ...]] = {
    1: ("يناير", "كانون الثاني", "جانفي", "جانفييه", "ينار"),
    2: ("فبراير", "فبرایر", "شباط", "فيفري", "فبرير", "فبراير"),
    3: ("مارس", "آذار", "اذار"),
    4: ("أبريل", "ابريل", "إبريل", "نيسان", "أفريل", "ابريل", "أبريل"),
    5: ("مايو", "أيار", "ايار", "ماي", "مايس"),
    6: ("يونيو", "يونيه", "حزيران", "جوان", "يونيو"),
    7: ("يوليو", "يوليه", "تموز", "جويلية", "يوليوز"),
    8: ("أغسطس", "اغسطس", "آب", "أوت", "اوت", "غشت", "اغسطس"),
    9: ("سبتمبر", "أيلول", "ايلول", "شتنبر"),
    10: ("أكتوبر", "اكتوبر", "تشرين الأول", "تشرين الاول", "أكتوبر"),
    11: ("نوفمبر", "تشرين الثاني", "نونبر"),
    12: ("ديسمبر", "كانون الأول", "كانون الاول", "دجنبر"),
}

_HIJRI: dict[int, tuple[str, ...]] = {
    1: ("محرم", "المحرم"),
    2: ("صفر",),
    3: ("ربيع الأول", "ربيع الاول", "ربيع أول"),
    4: ("ربيع الثاني", "ربيع الآخر", "ربيع الاخر", "ربيع ثاني"),
    5: ("جمادى الأولى", "جمادى الاولى", "جمادى الأول", "جمادي الأولى"),
    6: ("جمادى الآخرة", "جمادى الثانية", "جمادى الاخرة", "جمادي الآخرة", "جمادى الآخر"),
    7: ("رجب",),
    8: ("شعبان",),
    9: ("رمضان",),
    10: ("شوال",),
    11: ("ذو القعدة", "ذي القعدة", "ذوالقعدة"),
    12: ("ذو الحجة", "ذي الحجة", "ذوالحجة"),
}

#: Weekday names -> Python weekday number (Monday = 0).
WEEKDAYS: dict[str, int] = {
    "الاثنين": 0, "الإثنين": 0, "الأثنين": 0, "اثنين": 0,
    "الثلاثاء": 1, "ثلاثاء": 1,
    "الأربعاء": 2, "الاربعاء": 2, "أربعاء": 2,
    "الخميس": 3, "خميس": 3,
    "الجمعة": 4, "جمعة": 4,
    "السبت": 5, "سبت": 5,
    "الأحد": 6, "الاحد": 6, "أحد": 6,
}


@lru_cache(maxsize=1)
def gregorian_months() -> dict[str, int]:
    """Normalised month name -> month number, all series."""
    return {normalize_text(n): m for m, names in _GREGORIAN.items() for n in names}


@lru_cache(maxsize=1)
def hijri_months() -> dict[str, int]:
    """Normalised Hijri month name -> month number."""
    return {normalize_text(n): m for m, names in _HIJRI.items() for n in names}


@lru_cache(maxsize=1)
def weekdays() -> dict[str, int]:
    """Normalised weekday name -> weekday number (Monday = 0)."""
    return {normalize_text(k): v for k, v in WEEKDAYS.items()}


#: Seasons (as a modifier on a year; ISO has no season, so the value stays the year).
SEASONS: dict[str, str] = {"صيف": "summer", "شتاء": "winter", "ربيع": "spring", "خريف": "autumn"}

#: Words that put a date at a point inside its period: "منتصف عام 2014", "مطلع العام".
MODIFIERS: dict[str, str] = {
    "مطلع": "start", "بداية": "start", "مستهل": "start", "أوائل": "early", "اوائل": "early",
    "منتصف": "mid", "أواسط": "mid", "اواسط": "mid",
    "أواخر": "late", "اواخر": "late", "نهاية": "end", "ختام": "end", "آخر": "end",
}

#: Decade stems: "التسعينيات" -> 9 ("199" with the twentieth century).
DECADES: dict[str, int] = {
    "عشرين": 2, "ثلاثين": 3, "أربعين": 4, "خمسين": 5, "ستين": 6, "سبعين": 7, "ثمانين": 8, "تسعين": 9,
}

#: Hijri month names that are also common words or names, never read as a month alone.
AMBIGUOUS_ALONE = frozenset(("مارس", "ماي", "آب", "صفر", "رجب", "شعبان", "محرم"))


def season_names() -> dict[str, str]:
    """Normalised season word -> English season name."""
    return {normalize_text(k): v for k, v in SEASONS.items()}


def modifier_names() -> dict[str, str]:
    """Normalised modifier word -> position (start, early, mid, late, end)."""
    return {normalize_text(k): v for k, v in MODIFIERS.items()}


def names_pattern(names: Iterable[str]) -> str:
    """A regex alternation of normalised names, longest first (spaces match any run of space)."""
    norm = sorted({normalize_text(n) for n in names}, key=len, reverse=True)
    return "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in norm)


def month_names_pattern(hijri: bool = False) -> str:
    """A regex alternation of every month name (original spellings, longest first)."""
    table = _HIJRI if hijri else _GREGORIAN
    names = sorted({n for ns in table.values() for n in ns}, key=len, reverse=True)
    return "|".join(names)


def hijri_to_gregorian(year: int, month: int, day: int) -> dt.date | None:
    """Convert an Umm al-Qura Hijri date; ``None`` when out of the supported range."""
    try:
        from hijridate import Hijri

        return Hijri(year, month, day).to_gregorian()
    except (ValueError, OverflowError, ImportError):
        return None


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    """A ``date`` or ``None`` for impossible combinations (31/2)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
