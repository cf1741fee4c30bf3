"""The quantities stage: numbers with their value, unit or counted noun, and what they count.

Numbers come from :func:`rasd.arabic.numbers.find_numbers` (digits, Arabic-Indic
digits, number words, fractions, percentages, scale words).  The counted noun is
the word after the number, past an optional "من" ("500 من جنود بلاده"); a known
unit (``data/units.tsv``) gives its singular form and a category (soldier,
money, length…), any other noun is kept as written without its proclitics.
``counts`` is the counted noun with the words that qualify it ("جنود بلاده",
"جندي أميركي", "مساحة العراق").

Left out: numbers inside dates (the dates stage owns them), noise lines, URLs,
times, and identifiers ("المادة 5", "القرار 2254", "رقم 3").
"""

from __future__ import annotations

import re
from dataclasses import replace

from rasd.arabic.clitics import segment
from rasd.arabic.normalize import normalize_text
from rasd.arabic.numbers import NumberMatch, find_numbers, unit_of, word_value
from rasd.article import Article, Quantity

#: Words before a number that make it a label, not an amount.
_IDENTIFIER_BEFORE = frozenset(normalize_text(w) for w in (
    "رقم", "برقم", "المادة", "مادة", "الفقرة", "البند", "القرار", "الفصل", "الصفحة", "صفحة", "العدد", "الطريق",
    "الساعة", "الساعه", "الجولة", "المرحلة", "الدورة", "النسخة", "الإصدار", "الحلقة", "الجزء", "الكيلو", "طراز",
    "موديل", "الرقم", "المنتخب", "غرفة", "الغرفة", "مبنى", "الطابق", "الشارع", "مجموعة", "هاتف", "جوال",
    "فاكس", "ص.ب", "الآية", "سورة", "القانون", "المرسوم", "الأمر", "تعميم", "كود", "الكود", "بند",
    "الدقيقة", "دقيقة", "المركز", "بالمركز", "الترتيب", "المرتبة", "بالمرتبة", "القميص", "الفئة", "الموسم",
))

#: Words that never are a counted noun.
_NOT_NOUNS = frozenset(normalize_text(w) for w in (
    "في", "من", "إلى", "الى", "على", "عن", "مع", "و", "أو", "او", "ثم", "قد", "لا", "لم", "لن", "ما", "التي", "الذي",
    "الذين", "اللذين", "هو", "هي", "هم", "كان", "كانت", "بين", "حتى", "منذ", "خلال", "بعد", "قبل", "عند", "أن", "إن",
    "أي", "كل", "بعض", "نحو", "حوالي", "قرابة", "أكثر", "أقل", "فقط", "أيضا", "تقريبا", "مقابل", "إلا", "الا",
    "لكن", "بل", "حيث", "كما", "وفق", "وفقا", "عبر", "داخل", "خارج", "لدى", "ضد", "دون", "بدون", "تحت", "فوق",
    "إذ", "إذا", "لو", "هذا", "هذه", "ذلك", "تلك", "أمام", "وراء", "حول", "ضمن", "عام", "مليون", "ألف",
    "عندما", "حين", "حينما", "بينما", "اعتبارا", "اعتباراً", "لكن", "لأن", "ليصبح", "لتصبح", "وذلك", "وهو", "وهي",
    "مما", "كما", "سواء", "فيما", "أما", "منها", "منهم", "عليها", "عليه", "لها", "له", "إضافة", "بالإضافة",
))
_FOLLOW_STOP = _NOT_NOUNS | frozenset(normalize_text(w) for w in ("بعد", "قبل", "الذين", "التي", "الذي"))

_WORD = re.compile(r"[^\W\d_]+")
_GAP = re.compile(r"[ \u00a0]*")  # a tatweel is a word character: it starts the word
#: A URL or an e-mail address (its numbers are not quantities).  Bounded parts: with
#: ``\S+@\S+\.\S+`` a line of "@" took minutes (backtracking over every split).
_LINK = re.compile(r"(?:https?://|www\.)\S+|[^\s@]{1,64}@[^\s@.]{1,253}(?:\.[^\s@.]+)+")


def _next_word(text: str, pos: int, limit: int) -> re.Match[str] | None:
    """The next word after ``pos`` if only white space (or a tatweel) separates them.
    (Matched where it must start, not searched for: a search ran to the end of the line
    for every number of a long line without words.)"""
    gap = _GAP.match(text, pos, limit)
    return _WORD.match(text, gap.end() if gap else pos, limit)


_PREV_WORD = re.compile(r"([^\W\d_]+)[\s\u00a0]*$")


def _prev_word(text: str, pos: int) -> str:
    m = _PREV_WORD.search(text[max(0, pos - 30) : pos])
    return normalize_text(m.group(1)) if m else ""


def _is_noun_candidate(word: str) -> bool:
    n = normalize_text(word)
    if n in _NOT_NOUNS or len(n) < 2 or word_value(word) is not None:
        return False
    # "عشرة لاميركا الجنوبية", "40 لالماتي": a preposition phrase follows, not a counted noun
    return not any(p in segment(word).proclitics for p in ("ل", "ب"))


def counted_phrase(text: str, num: NumberMatch, limit: int) -> tuple[int, str | None, str | None, str | None]:
    """(span end, unit, category, counts) for the noun counted by ``num``."""
    pos = num.end
    first = _next_word(text, pos, limit)
    if first is not None and normalize_text(first.group()) == "من":
        nxt = _next_word(text, first.end(), limit)
        counted = nxt is not None and (unit_of(nxt.group()) is not None or _is_noun_candidate(nxt.group()))
        first = nxt if counted else None
    if first is None or not _is_noun_candidate(first.group()):
        return num.end, None, None, None
    word = first.group()
    unit = unit_of(word)
    end = first.end()
    # two-word units ("كيلومتر مربع")
    second = _next_word(text, end, limit)
    if unit is not None and second is not None:
        two = unit_of(word + " " + second.group())
        if two is not None:
            unit, end = two, second.end()
            second = _next_word(text, end, limit)
    counts_end = end
    # qualifiers: up to two words that are definite, nisba adjectives or carry a possessive suffix
    for _ in range(2):
        if second is None:
            break
        raw = second.group()
        w = normalize_text(raw)
        if w in _FOLLOW_STOP or word_value(raw) is not None or segment(raw).proclitics:
            break
        # definite, nisba ("أميركي"), or with a possessive ("بلاده": ه, never the ta marbuta ة)
        if w.startswith("ال") or w.endswith(("ي", "يه", "يين", "يون", "يا", "ين", "ات")) \
                or raw.endswith(("ه", "ها", "هم")):
            counts_end = second.end()
            second = _next_word(text, counts_end, limit)
        else:
            break
    noun = unit.singular if unit else segment(word).stem
    counts = text[first.start() : counts_end]
    return end, noun, (unit.category if unit else None), counts


def find_quantities(text: str, exclude: list[tuple[int, int]] | None = None) -> list[Quantity]:
    """Every quantity in ``text`` outside the ``exclude`` spans (dates, noise)."""
    exclude = exclude or []
    out: list[Quantity] = []
    for num in find_numbers(text):
        if any(num.start < e and s < num.end for s, e in exclude):
            continue
        if _prev_word(text, num.start) in _IDENTIFIER_BEFORE:
            continue
        line_end = text.find("\n", num.end)
        limit = len(text) if line_end < 0 else line_end
        if num.percent:
            after = _next_word(text, num.end, limit)
            counts = None
            if after is not None and normalize_text(after.group()) == "من":
                nxt = _next_word(text, after.end(), limit)
                counts = nxt.group() if nxt is not None else None
            out.append(Quantity(num.start, num.end, text[num.start : num.end], num.value, "%", counts, "percent"))
            continue
        end, unit, category, counts = counted_phrase(text, num, limit)
        if num.kind == "fraction":
            category = "fraction"
            if counts is None or normalize_text(counts).startswith("نهائي"):
                continue  # a fraction needs its noun; "نصف نهائي" is a semi-final
        out.append(Quantity(num.start, end, text[num.start : end], num.value, unit, counts, category))
    return out


def analyze_quantities(article: Article) -> Article:
    """Add the article's quantities (numbers in dates and noise lines are not quantities)."""
    exclude = [(d.start, d.end) for d in article.dates] + [(n.start, n.end) for n in article.noise]
    if article.published is not None:
        exclude.append((article.published.start, article.published.end))
    text = article.text
    if "@" in text or "http" in text or "www." in text:  # what _LINK needs: it is slow on other text
        exclude += [(m.start(), m.end()) for m in _LINK.finditer(text)]
    return replace(article, quantities=tuple(find_quantities(article.text, exclude)))
