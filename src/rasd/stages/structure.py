"""Structure of a plain-text article: title, subtitle, date line, byline, highlights,
dateline, paragraphs and noise.

Scraped news arrives as lines.  The stage is a cascade of small line classifiers
(trafilatura's habit): each block (a non-empty line) is first checked for noise,
then the top of the article is read in order: title, byline, subtitle, date line,
highlights, and whatever follows is body.  The dateline is the place prefix of the
first body paragraph ("بغداد -", "القاهرة – (وكالات) -", "الرياض: ").

Every result is a span of the unchanged text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from rasd.arabic.dateparse import parse_date_line
from rasd.arabic.normalize import normalize_text
from rasd.article import Article, Noise, Published, Span

#: Lines longer than this are never a title.
MAX_TITLE = 250
#: Bylines are short.
MAX_BYLINE_CHARS = 80
MAX_BYLINE_WORDS = 9
#: A highlight (pull quote) is a short line without a sentence end.
MAX_HIGHLIGHT = 160


@dataclass(frozen=True, slots=True)
class Block:
    """A non-empty line, trimmed, with its offsets in the article text."""

    start: int
    end: int
    text: str


def blocks(text: str) -> list[Block]:
    """The non-empty lines of ``text``, trimmed of white space (incl. NBSP)."""
    out = []
    pos = 0
    for line in text.split("\n"):
        s, e = pos, pos + len(line)
        pos = e + 1
        while s < e and (text[s].isspace() or text[s] in "\u200f\u200e\ufeff"):
            s += 1
        while e > s and (text[e - 1].isspace() or text[e - 1] in "\u200f\u200e\ufeff"):
            e -= 1
        if e > s:
            out.append(Block(s, e, text[s:e]))
    return out


# ----------------------------------------------------------------------------- noise

_REPEATED = re.compile(r"^(.)\1{2,}$")
_ONLY_SYMBOLS = re.compile(r"^[\W_]+$")
_STRAY_CODE = re.compile(r"^(?:[0-9٠-٩]+|[A-Za-z0-9_#/-]{1,12})$")
_NOISE_PHRASES = tuple(
    normalize_text(p)
    for p in (
        "اقرأ أيضا", "اقرأ أيضاً", "إقرأ أيضا", "اقرأ المزيد", "المزيد", "للمزيد", "شارك", "شارك الخبر",
        "شارك هذا", "مشاركة", "اشترك", "اشترك الآن", "للاشتراك", "اشترك في النشرة", "تابعونا", "تابعونا على",
        "تابعنا على", "انقر هنا", "اضغط هنا", "طباعة", "أرسل لصديق", "إعلان", "اعلانات", "تعليقات",
        "أضف تعليق", "أضف تعليقك", "اقرأ ايضا", "مواضيع ذات صلة", "أخبار ذات صلة", "الأكثر قراءة",
        "share", "tweet", "facebook", "twitter", "whatsapp", "subscribe", "read more", "advertisement",
        "جميع الحقوق محفوظة", "حقوق النشر محفوظة",
    )
)


def noise_reason(line: str) -> str | None:
    """Why a line is noise, or ``None`` when it is content."""
    compact = re.sub(r"\s+", "", line)
    if _REPEATED.match(compact) and not compact.isdigit():
        return "repeated-letter line"
    if _ONLY_SYMBOLS.match(compact):
        return "symbols only"
    if _STRAY_CODE.match(compact):
        return "stray number or code"
    norm = normalize_text(line).strip(" :.-|»«>•·").lower()
    for p in _NOISE_PHRASES:
        if norm == p or (norm.startswith(p) and len(norm) < len(p) + 40 and not _looks_like_sentence(line)):
            return "share/subscribe/read-more line"
    return None


def _looks_like_sentence(line: str) -> bool:
    return len(line.split()) > 8


# ----------------------------------------------------------------------------- byline

_BYLINE_CUE = re.compile(
    r"^(?:كتب|كتبت|بقلم|إعداد|اعداد|تقرير|متابعة|ترجمة|تحرير|حوار|تصوير|مراسل|من)\s*[:：\-–]?\s*"
)
_AGENCIES = (
    "واس", "رويترز", "أ ف ب", "ا ف ب", "أ.ف.ب", "د ب أ", "د ب ا", "د.ب.أ", "أ ب", "يو بي آي", "الأناضول",
    "وكالات", "الوكالات", "سبق", "الوئام", "قنا", "وام", "كونا", "بنا", "سانا", "واع", "CNN", "AFP",
    "Reuters", "AP", "متابعات",
)
_FUNCTION_WORDS = frozenset(
    normalize_text(w)
    for w in (
        "في", "على", "إلى", "الى", "عن", "أن", "إن", "ان", "التي", "الذي", "هذا", "هذه", "قد", "لقد", "كان",
        "كانت", "لا", "لم", "لن", "ما", "مع", "بعد", "قبل", "حتى", "هل", "و", "أو", "ثم", "كل", "بين", "عند",
        "أكد", "قال", "أعلن", "يجب", "يمكن", "ليس", "هو", "هي", "نحن", "هم", "إلا", "أي",
    )
)


def looks_like_byline(line: str) -> bool:
    """A short line naming the writer and/or the place and agency."""
    if len(line) > MAX_BYLINE_CHARS:
        return False
    words = line.split()
    if not words or len(words) > MAX_BYLINE_WORDS:
        return False
    if line.rstrip()[-1:] in ".؟?!":
        return False
    if _BYLINE_CUE.match(line):
        return True
    if any(a in line for a in _AGENCIES) and len(words) <= 7:
        return True
    parts = [p.split() for p in re.split(r"[:\-–ـ]", line)]
    if (len(parts) > 1 or re.search(r"\(.+\)", line)) and all(len(p) <= 4 for p in parts) \
            and len(words) <= 7 and not _has_function_word(words):
        return True
    # a bare name: two to five words, none of them a function word or a number
    return 2 <= len(words) <= 5 and not _has_function_word(words) and not re.search(r"\d", line)


def _has_function_word(words: list[str]) -> bool:
    return any(normalize_text(w.strip("،,.:«»\"()")) in _FUNCTION_WORDS for w in words)


# ----------------------------------------------------------------------------- dateline

_DATELINE = re.compile(
    r"^(?P<place>[^\W\d_][^\s\-–—:،,()]*(?:\s+[^\W\d_][^\s\-–—:،,()]*){0,2}"
    r"(?:\s*[،,]\s*[^\W\d_][^\s\-–—:،,()]*(?:\s+[^\W\d_][^\s\-–—:،,()]*)?)?)"
    r"\s*(?:\(\s*[^()]{1,30}\)\s*)?"
    r"(?:[-–—ـ]{1,2}\s*(?:\(?[^\W\d_][^\s()\-–—:]*(?:\s+[^\s()\-–—:]+){0,2}\)?\s*[-–—ـ:]{1,2}\s*)?|:\s)"
)


def find_dateline(par: Block) -> Span | None:
    """The place at the head of the first paragraph ("بغداد - …"), if any."""
    m = _DATELINE.match(par.text)
    if not m:
        return None
    place = m.group("place").strip()
    words = place.replace("،", " ").replace(",", " ").split()
    if not words or len(words) > 4 or _has_function_word(words):
        return None
    if words[0].startswith("و") and len(words[0]) > 4 and normalize_text(words[0][1:]) in _CUE_STEMS:
        return None
    if normalize_text(words[0]) in _CUE_STEMS:
        return None
    # the separator must leave a real sentence after it
    if len(par.text) - m.end() < 20:
        return None
    s = par.start + m.start("place")
    return Span(s, s + len(place), place)


_CUE_STEMS = frozenset(
    normalize_text(w)
    for w in ("قال", "أكد", "أعلن", "أضاف", "أوضح", "أشار", "ذكر", "وقال", "وأكد", "وأضاف", "كشف", "أفاد")
)


# ----------------------------------------------------------------------------- the stage


def _is_headlineish(b: Block) -> bool:
    return len(b.text) <= MAX_HIGHLIGHT and b.text.rstrip()[-1:] not in ".؟?!…"


def analyze_structure(article: Article) -> Article:
    """Add title, subtitle, published, byline, highlights, dateline, paragraphs and noise."""
    text = article.text
    all_blocks = blocks(text)
    noise: list[Noise] = []
    content: list[Block] = []
    for b in all_blocks:
        reason = noise_reason(b.text)
        if reason:
            noise.append(Noise(b.start, b.end, b.text, reason))
        else:
            content.append(b)
    if not content:
        return replace(article, noise=tuple(noise))

    # the date line: the first block among the top ones that is only a date
    date_idx = None
    pub: Published | None = None
    for i, b in enumerate(content[:6]):
        iso = parse_date_line(b.text)
        if iso:
            date_idx = i
            pub = Published(b.start, b.end, b.text, iso)
            break

    title: Span | None = None
    subtitle: Span | None = None
    byline: Span | None = None
    highlights: list[Span] = []
    i = 0
    if len(content) > 1 and date_idx != 0 and len(content[0].text) <= MAX_TITLE:
        title = _span(content[0])
        i = 1
    elif date_idx == 0 and len(content) > 2 and len(content[1].text) <= MAX_TITLE:
        title = _span(content[1])
        i = 2

    # byline right after the title (or after the date line)
    if title is not None and i < len(content) - 1 and i != date_idx and looks_like_byline(content[i].text):
        byline = _span(content[i])
        i += 1

    # subtitle: the block between title/byline and the date line, or a short deck
    if title is not None and i < len(content) - 1 and i != date_idx:
        if date_idx is not None and i < date_idx:
            subtitle = _span(content[i])
            i += 1
            while i < date_idx:  # further lines above the date line are highlights
                highlights.append(_span(content[i]))
                i += 1
        elif date_idx is None and _is_headlineish(content[i]) and len(content) > i + 2:
            subtitle = _span(content[i])
            i += 1
    if date_idx is not None and i == date_idx:
        i += 1
        if byline is None and i < len(content) - 1 and looks_like_byline(content[i].text):
            byline = _span(content[i])
            i += 1
        # highlights: short headline-like lines between the date line and the body
        while i < len(content) - 1 and _is_headlineish(content[i]) and not _is_headlineish(content[i + 1]):
            highlights.append(_span(content[i]))
            i += 1
            break
        while i < len(content) - 1 and _is_headlineish(content[i]) and len(highlights) < 5:
            highlights.append(_span(content[i]))
            i += 1

    body = [b for k, b in enumerate(content[i:], start=i) if k != date_idx]
    dateline = find_dateline(body[0]) if body else None
    return replace(
        article,
        title=title,
        subtitle=subtitle,
        published=pub,
        byline=byline,
        highlights=tuple(highlights),
        paragraphs=tuple(_span(b) for b in body),
        dateline=dateline,
        noise=tuple(noise),
    )


def _span(b: Block) -> Span:
    return Span(b.start, b.end, b.text)
