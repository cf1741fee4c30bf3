"""Arabic numbers: digits (Latin, Arabic-Indic, Persian), number words, fractions, ordinals.

News writes the same quantity many ways: "2500", "٢٥٠٠", "2,500", "2.5 ألف",
"ألفين وخمسمئة", "ثلاثة آلاف", "3 ملايين", "2.5 مليار", "ثلث", "نصف", "40 في المئة".
:func:`find_numbers` finds each number expression in a text and gives its value;
the quantities stage adds the counted noun, and the dates stage reuses the parser for
"قبل ثلاثة أيام" and the ordinal days ("الخامس من يونيو").

Matching runs on normalised words (alef/ya/ta marbuta folded, digits ASCII) with
the proclitics و ب ل ك ف peeled off, so "وثلاثة" and "بخمسمائة" are read too.  Words
that are numbers only sometimes are left out on purpose: "أحد"/"إحدى" ("one of",
Sunday), bare "آلاف"/"مئات"/"عشرات" (vague amounts), and ال-forms ("الثلاثة").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, count
from operator import itemgetter, or_
from typing import NamedTuple, overload

from rasd.arabic.normalize import normalize, normalize_text

# Number words as written (normalised when the tables are built).
_ONES: dict[int, tuple[str, ...]] = {
    1: ("واحد", "واحدة", "أحد", "إحدى"),
    2: ("اثنان", "اثنين", "اثنتان", "اثنتين", "اثنا", "اثني", "اثنتا", "اثنتي"),
    3: ("ثلاثة", "ثلاث"),
    4: ("أربعة", "أربع"),
    5: ("خمسة", "خمس"),
    6: ("ستة", "ست"),
    7: ("سبعة", "سبع"),
    8: ("ثمانية", "ثماني", "ثمان"),
    9: ("تسعة", "تسع"),
    10: ("عشرة", "عشر"),
}
_TENS: dict[int, tuple[str, ...]] = {
    20: ("عشرون", "عشرين"),
    30: ("ثلاثون", "ثلاثين"),
    40: ("أربعون", "أربعين"),
    50: ("خمسون", "خمسين"),
    60: ("ستون", "ستين"),
    70: ("سبعون", "سبعين"),
    80: ("ثمانون", "ثمانين"),
    90: ("تسعون", "تسعين"),
}
_HUNDREDS: dict[int, tuple[str, ...]] = {
    100: ("مئة", "مائة"),
    200: ("مئتان", "مئتين", "مائتان", "مائتين", "مئتا", "مئتي", "مائتا", "مائتي"),
    300: ("ثلاثمئة", "ثلاثمائة", "ثلثمائة"),
    400: ("أربعمئة", "أربعمائة"),
    500: ("خمسمئة", "خمسمائة"),
    600: ("ستمئة", "ستمائة"),
    700: ("سبعمئة", "سبعمائة"),
    800: ("ثمانمئة", "ثمانمائة", "ثمانيمئة", "ثمانيمائة"),
    900: ("تسعمئة", "تسعمائة"),
}
#: Scale words: singular/plural (multiply what precedes) and dual (a value alone).
_SCALES: dict[int, tuple[str, ...]] = {
    1000: ("ألف", "آلاف", "الاف", "ألوف"),
    1_000_000: ("مليون", "ملايين"),
    1_000_000_000: ("مليار", "مليارات", "بليون", "بلايين"),
    1_000_000_000_000: ("تريليون", "تريليونات"),
}
_DUAL_SCALES: dict[int, tuple[str, ...]] = {
    2000: ("ألفان", "ألفين", "ألفا", "ألفي"),
    2_000_000: ("مليونان", "مليونين", "مليونا", "مليوني"),
    2_000_000_000: ("ملياران", "مليارين", "مليارا", "ملياري"),
}
#: Fractions that are unambiguous in front of a noun ("ثلث مساحة العراق").
_FRACTIONS: dict[float, tuple[str, ...]] = {
    0.5: ("نصف",),
    1 / 3: ("ثلث",),
    0.25: ("ربع",),
    2 / 3: ("ثلثي", "ثلثا"),
}
#: "ثلاثة أرباع": numerator words followed by a plural fraction noun.
_PLURAL_FRACTIONS: dict[int, tuple[str, ...]] = {3: ("أثلاث",), 4: ("أرباع",), 5: ("أخماس",)}

#: Ordinals (masculine/feminine), used for days of the month: "الخامس من يونيو".
_ORDINALS: dict[int, tuple[str, ...]] = {
    1: ("الأول", "الأولى", "الحادي", "الحادية"),
    2: ("الثاني", "الثانية"),
    3: ("الثالث", "الثالثة"),
    4: ("الرابع", "الرابعة"),
    5: ("الخامس", "الخامسة"),
    6: ("السادس", "السادسة"),
    7: ("السابع", "السابعة"),
    8: ("الثامن", "الثامنة"),
    9: ("التاسع", "التاسعة"),
    10: ("العاشر", "العاشرة"),
    20: ("العشرين", "العشرون"),
    30: ("الثلاثين", "الثلاثون"),
}

#: Words after a number that turn it into a percentage.
PERCENT_WORDS = ("في المئة", "في المائة", "في المية", "بالمئة", "بالمائة", "بالمية")


@dataclass(frozen=True, slots=True)
class NumberMatch:
    """A number expression in a text: offsets, value and how it was written."""

    start: int
    end: int
    value: float
    kind: str  # digits | words | fraction | percent
    percent: bool = False


def _table(src: dict[int, tuple[str, ...]] | dict[float, tuple[str, ...]]) -> dict[str, float]:
    return {normalize_text(w): float(v) for v, ws in src.items() for w in ws}


@lru_cache(maxsize=1)
def _lex() -> dict[str, dict[str, float]]:
    return {
        "ones": _table(_ONES),
        "tens": _table(_TENS),
        "hundreds": _table(_HUNDREDS),
        "scales": _table(_SCALES),
        "duals": _table(_DUAL_SCALES),
        "fractions": _table(_FRACTIONS),
        "plural_fractions": _table(_PLURAL_FRACTIONS),
        "ordinals": _table(_ORDINALS),
    }


def _bare(word: str) -> list[str]:
    """``word`` (normalised) and its forms without one or two proclitics (و ف ب ل ك)."""
    forms = [word]
    w = word
    for _ in range(2):
        if w.startswith("لل"):
            break  # ل + ال: "للنصف الأول" is "the first half", a definite noun, not a number
        if len(w) > 3 and w[0] in "وفبلك":
            w = w[1:]
            forms.append(w)
        else:
            break
    return forms


def word_value(word: str) -> tuple[str, float] | None:
    """The class and value of one number word ("خمسمئة" -> ("hundreds", 500.0)).

    ``word`` may carry proclitics; ال-forms are not numbers here.
    """
    lex = _lex()
    for form in _bare(normalize_text(word)):
        for cls in ("ones", "tens", "hundreds", "scales", "duals", "fractions", "plural_fractions"):
            v = lex[cls].get(form)
            if v is not None:
                return cls, v
    return None


def ordinal_value(words: list[str]) -> tuple[int, int] | None:
    """Value of an ordinal day at the start of ``words`` and how many words it takes.

    "الخامس" -> (5, 1); "الحادي والعشرين" -> (21, 2); "الثلاثين" -> (30, 1).
    """
    if not words:
        return None
    ords = _lex()["ordinals"]
    first = normalize_text(words[0])
    if first not in ords:
        return None
    v = int(ords[first])
    if v < 10 and len(words) > 1:
        second = normalize_text(words[1])
        if second.startswith("و") and second[1:] in ords and int(ords[second[1:]]) in (20, 30):
            return v + int(ords[second[1:]]), 2
        if second in ("عشر", "عشره") and v < 10:
            return v + 10, 2
    return v, 1


_DIGITS_RE = re.compile(r"[0-9]+(?:[.,٫٬][0-9]+)*")


def parse_digits(s: str) -> float | None:
    """Value of a digit string: "2,500" -> 2500, "2.5" -> 2.5, "٢٫٥" -> 2.5, "1.500.000" -> 1500000;
    None for anything else (never an exception: "5²" or "٣x" is not a number here)."""
    s = normalize_text(s).replace("٫", ".").replace("٬", ",")
    if not s or not s[0].isdecimal():
        return None
    try:
        return _digit_value(s)
    except ValueError:
        return None


#: The separators of a digit string (compiled once: :func:`parse_digits` runs for every digit word).
_SEP_RE = re.compile(r"[.,]")


def _digit_value(s: str) -> float | None:
    groups = _SEP_RE.split(s)
    seps = _SEP_RE.findall(s)
    if not seps:
        return float(s)
    if len(seps) == 1:
        # "2.5" decimal; "2,500" thousands; "2,5" decimal comma
        if seps[0] == "," and len(groups[1]) == 3:
            return float(groups[0] + groups[1])
        return float(groups[0] + "." + groups[1])
    if len(set(seps)) == 1 and all(len(g) == 3 for g in groups[1:]):
        return float("".join(groups))  # 1,500,000 or 1.500.000
    # 1,500.25
    if seps[-1] != seps[0] and all(len(g) == 3 for g in groups[1:-1]):
        return float("".join(groups[:-1]) + "." + groups[-1])
    return None


class _Word(NamedTuple):
    """A word of the normalised text (a tuple: there is one per word of every article)."""

    start: int
    end: int
    text: str  # normalised


_WORD_RE = re.compile(r"[0-9]+(?:[.,٫٬][0-9]+)*%?|[^\W\d_]+|[%٪]")
#: :data:`_WORD_RE` as one group, for ``split``: the text between words and the words, in turn
_SPLIT_RE = re.compile(f"({_WORD_RE.pattern})")


_new_tuple = tuple.__new__


class _Words(Sequence[_Word]):
    """The words of a normalised text (the matches of :data:`_WORD_RE`), each made when asked.

    ``_SPLIT_RE.split`` cuts the text into gaps and words in C, and a running sum of their
    lengths gives every offset; the scan of :func:`find_numbers` reads only the words at
    and after a possible number, so the few hundred other words of an article are never
    made into tuples (that was about 80% of the time of :func:`find_numbers`).
    """

    __slots__ = ("_cum", "texts")

    def __init__(self, norm: str) -> None:
        parts = _SPLIT_RE.split(norm)
        #: the words' strings, in text order
        self.texts: list[str] = parts[1::2]
        # _cum[2k + 1], _cum[2k + 2]: start and end of word k
        # a compiled loop of native int additions (``list(accumulate(map(len, parts)))``
        # made a boxed int per step through two generic iterators)
        cum = [0]
        end = 0
        for part in parts:
            end += len(part)
            cum.append(end)
        self._cum = cum

    def __len__(self) -> int:
        return len(self.texts)

    @overload
    def __getitem__(self, k: int) -> _Word: ...

    @overload
    def __getitem__(self, k: slice) -> list[_Word]: ...

    def __getitem__(self, k: int | slice) -> _Word | list[_Word]:
        if isinstance(k, slice):
            return [self[j] for j in range(*k.indices(len(self.texts)))]
        text = self.texts[k]  # IndexError past the end, as a list
        if k < 0:
            k += len(self.texts)
        # tuple.__new__ straight, not the NamedTuple constructor: the same tuple, faster
        return _new_tuple(_Word, (self._cum[2 * k + 1], self._cum[2 * k + 2], text))


def _parse_at(ws: Sequence[_Word], i: int, norm: str) -> tuple[float, int, str] | None:
    """Parse a number expression starting at word ``i``: (value, words used, kind)."""
    lex = _lex()
    total = 0.0
    current = 0.0
    j = i
    kind = "words"
    used_any = False
    last_cls = ""
    while j < len(ws):
        w = ws[j]
        if j > i:
            gap = norm[ws[j - 1].end : w.start]
            if gap.strip() not in ("",):
                break  # punctuation between words ends the expression
        text = w.text
        cont = j > i
        if cont:
            # later words join with و ("خمسة وعشرون", "ثلاثة آلاف وخمسمئة"); scales follow directly
            if text.startswith("و") and len(text) > 2:
                cls_val = _classify(text[1:], lex)
                if cls_val is None or cls_val[0] in ("scales", "fractions", "plural_fractions"):
                    break
            else:
                cls_val = _classify(text, lex)
                teen = cls_val is not None and cls_val == ("ones", 10.0) and last_cls == "ones"
                if cls_val is None or (cls_val[0] not in ("scales", "plural_fractions") and not teen):
                    break
        else:
            if text[0].isdecimal():
                v = parse_digits(text.rstrip("%"))
                if v is None:
                    return None
                if text.endswith("%"):
                    return v, 1, "percent"
                current = v
                kind = "digits"
                used_any = True
                last_cls = "digits"
                j += 1
                continue
            cls_val = None
            for form in _bare(text):
                cls_val = _classify(form, lex)
                if cls_val is not None:
                    break
            if cls_val is None:
                return None
        cls, v = cls_val
        if cls == "fractions":
            if used_any:
                break
            return v, 1, "fraction"
        if cls == "plural_fractions":
            if last_cls != "ones" or current == 0 or total:
                break
            return current / v, j - i + 1, "fraction"
        if cls == "scales":
            if last_cls == "scales":
                break
            if not used_any and normalize_text(w.text) in ("الاف", "ملايين", "مليارات", "بلايين", "الوف"):
                return None  # bare "آلاف" is a vague amount, not a number
            total += (current or 1.0) * v
            current = 0.0
        elif cls == "duals":
            if current:
                break
            total += v
        elif cls == "ones" and v == 10 and last_cls == "ones" and 0 < current < 10 and not text.startswith("و"):
            current += 10  # "ثلاثة عشر"
        else:
            if cls == "hundreds" and (current % 1000) >= 100:
                break
            current += v
        used_any = True
        last_cls = cls
        j += 1
    if not used_any:
        return None
    return total + current, j - i, kind


def _may_start_number(text: str) -> bool:
    """Whether a (normalised, non-digit) word can start a number: :func:`_parse_at` gives
    up at once on any other, so the scan skips them."""
    return text in _starters()


def _starts_number(text: str) -> bool:
    """The rule :func:`_starters` lists the words of: a number word after at most two
    proclitics that :func:`_bare` strips."""
    lex = _lex()
    return any(_classify(form, lex) is not None for form in _bare(text))


@lru_cache(maxsize=1)
def _starters() -> frozenset[str]:
    """Every word that can start a number, as a set (a word cache missed one word in four).

    :func:`_bare` strips at most two proclitics of و ف ب ل ك, so a word passes
    :func:`_starts_number` only if it is a number word with such a prefix: every
    candidate is built and kept if it passes.
    """
    lex = _lex()
    words = {w for table in lex.values() for w in table}
    clitics = ["", *"وفبلك", *(a + b for a in "وفبلك" for b in "وفبلك")]
    return frozenset(c + w for w in words for c in clitics if _starts_number(c + w))


def _classify(form: str, lex: dict[str, dict[str, float]]) -> tuple[str, float] | None:
    for cls in ("ones", "tens", "hundreds", "scales", "duals", "fractions", "plural_fractions"):
        v = lex[cls].get(form)
        if v is not None:
            return cls, v
    return None


#: Single words that look like numbers but, standing alone, rarely are.
_ALONE_NOT_NUMBERS = frozenset(normalize_text(w) for w in ("واحد", "واحدة", "أحد", "إحدى", "اثنا", "اثني", "اثنتا",
                                                          "اثنتي", "مئتا", "مئتي", "مائتا", "مائتي",
                                                          "ألفا", "ألفي", "مليونا", "مليوني", "مليارا"))


def find_numbers(text: str) -> list[NumberMatch]:
    """Every number expression in ``text``, with offsets into ``text`` itself."""
    nz = normalize(text)
    norm = nz.text
    ws = _Words(norm)
    out: list[NumberMatch] = []
    # only digits and words that may start a number can start one: the scan visits those
    # alone (every other word would just be stepped over), in order; the test (what
    # _may_start_number does: a starter word, or a first character that is a digit) runs
    # in C over the words' strings
    texts = ws.texts
    starts = list(compress(count(), map(or_, map(_starters().__contains__, texts),
                                        map(str.isdecimal, map(itemgetter(0), texts)))))
    i = 0
    for c in starts:
        if c < i:
            continue  # inside the previous number
        i = c
        w = ws[i]
        if w.text[0].isdecimal() and _glued(norm, ws, i):
            i += 1  # digits glued to letters ("G20", "اف16") or to a time/date ("10:30") are not amounts
            continue
        parsed = _parse_at(ws, i, norm)
        if parsed is None:
            i += 1
            continue
        value, n, kind = parsed
        last = ws[i + n - 1]
        if kind == "words" and n == 1 and (_bare(w.text)[-1] in _ALONE_NOT_NUMBERS or w.text in _ALONE_NOT_NUMBERS):
            i += 1
            continue
        if kind in ("digits", "percent") and w.text[0].isdecimal() \
                and _TIME_AFTER.match(norm[w.end : w.end + 3]):
            i += 1  # a time (10:30), a ratio or a numeric date
            continue
        end_n = last.end
        percent = kind == "percent"
        # percent signs and phrases after the number
        m = _PERCENT_SIGN.match(norm, end_n)
        if m:
            end_n = m.end()
            percent = True
        else:
            for pat in _percent_word_patterns():
                m2 = pat.match(norm, end_n)
                if m2:
                    end_n = m2.end()
                    percent = True
                    break
        # skip words the percent phrase consumed
        k = i + n
        while k < len(ws) and ws[k].start < end_n:
            k += 1
        s, e = nz.original_span(w.start, end_n)
        # the first word may carry proclitics: start the span at the number itself
        if kind in ("words", "fraction") or (kind == "percent" and not w.text[0].isdecimal()):
            bare = _bare(w.text)
            for form in bare:
                if _classify(form, _lex()) is not None:
                    s, _ = nz.original_span(w.start + len(w.text) - len(form), end_n)
                    break
        while e > s and text[e - 1] in _INVISIBLE:
            e -= 1
        if kind == "digits" and not percent and _list_marker(text, s, e):
            i = k
            continue
        out.append(NumberMatch(s, e, value, "percent" if percent else kind, percent))
        i = k
    return out


#: The patterns of the checks below, compiled once (they run for every digit word).
_TIME_AFTER = re.compile(r"\s?[:/]\s?\d")
_MARKER_AFTER = re.compile(r"\s?[.\-)–:]")
_TIME_BEFORE = re.compile(r"\d\s?[:/]\s?$")
_TIME_BEFORE_TIGHT = re.compile(r"\d[:/]$")

_INVISIBLE = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
                       "\u200b\u200c\u200d\ufeff")


def _list_marker(text: str, s: int, e: int) -> bool:
    """"1- مشروع", "4. المرضى", "(5)": a number that labels an item or a part, not an amount."""
    after = "".join(ch for ch in text[e : e + 4] if ch not in _INVISIBLE)
    line_start = text.rfind("\n", 0, s) + 1
    if s - line_start > 64 and text[s - 64 : s].strip():  # words before it on its line: not a marker
        before = "-text-"  # (and no join over a whole long line for every number on it)
    else:
        before = "".join(ch for ch in text[line_start:s] if ch not in _INVISIBLE).strip()
    if before in ("", "*", "-", "•") and _MARKER_AFTER.match(after):
        return True
    return text[max(0, s - 1) : s] == "(" and after[:1] == ")"


#: Letters that may be glued to a number in front ("بـ500", "و2500", "ل40").
_GLUE_OK = frozenset(("و", "ب", "ل", "ك", "ف", "وب", "ول", "ال", "بال", "وال", "لل"))


def _glued(norm: str, ws: Sequence[_Word], i: int) -> bool:
    """True when digit word ``i`` is part of a name, a time or a date rather than a number."""
    w = ws[i]
    before = norm[max(0, w.start - 2) : w.start]
    if _TIME_BEFORE.search(before) or _TIME_BEFORE_TIGHT.search(norm[max(0, w.start - 2) : w.start]):
        return True
    if i > 0 and ws[i - 1].end == w.start and not ws[i - 1].text[0].isdecimal():
        return ws[i - 1].text not in _GLUE_OK
    return False


@lru_cache(maxsize=1)
def _percent_words() -> tuple[str, ...]:
    return tuple(normalize_text(w) for w in PERCENT_WORDS)


_PERCENT_SIGN = re.compile(r"\s*[%٪]")


@lru_cache(maxsize=1)
def _percent_word_patterns() -> tuple[re.Pattern[str], ...]:
    """A percent phrase right after a number ("بالمئة"), one compiled pattern per phrase."""
    return tuple(re.compile(r"\s+" + re.escape(pw) + r"(?![^\W\d_])") for pw in _percent_words())


def words_to_number(phrase: str) -> float | None:
    """Value of a phrase that is one number expression ("ثلاثة آلاف وخمسمئة" -> 3500)."""
    found = find_numbers(phrase)
    if len(found) != 1:
        return None
    return found[0].value


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit or counted noun: its singular form and a coarse category (soldier, money, length…)."""

    singular: str
    category: str


@lru_cache(maxsize=1)
def _units() -> dict[str, Unit]:
    """Normalised form -> :class:`Unit`, from ``data/units.tsv``."""
    from importlib import resources

    out: dict[str, Unit] = {}
    raw = resources.files("rasd.arabic").joinpath("data/units.tsv").read_text(encoding="utf-8")
    for line in raw.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        singular, category, forms = line.split("\t")
        unit = Unit(singular, category)
        for f in [singular, *forms.split(",")]:
            out.setdefault(normalize_text(f.strip()), unit)
    return out


def unit_words() -> frozenset[str]:
    """Every normalised unit/counted-noun form (one- and two-word)."""
    return frozenset(_units())


def unit_of(word: str) -> Unit | None:
    """The unit a word names ("وجنود" -> جندي/soldier), proclitics and ال peeled off."""
    table = _units()
    for form in _bare(normalize_text(word)):
        for f in (form, form[2:] if form.startswith("ال") and len(form) > 4 else ""):
            if f and f in table:
                return table[f]
    return None
