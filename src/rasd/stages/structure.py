"""Structure of a plain-text article: title, subtitle, date line, byline, highlights,
dateline, paragraphs and noise.

Scraped news arrives as lines.  The stage is a cascade of small line classifiers
(trafilatura's habit): each block (a non-empty line) is first checked for noise,
then the top of the article is read in order: title, byline, subtitle, date line,
highlights, and whatever follows is body.  The dateline is the place prefix of the
first body paragraph ("بغداد -", "القاهرة – (وكالات) -", "الرياض: "), or the known
place in a credit ("سبق- الرياض: …", a byline "لندن: رنيم حنوش").

A byline is scored by :func:`byline_strength` (a writer cue or a news agency is
sure; a short name or "place - name" pieces are likely); an outlet's byline printed
again inside the body becomes noise ("repeated byline").  Noise lines carry a reason:
repeated letters ("اااا"), symbols only, stray numbers and codes, share/subscribe/
read-more lines, site disclaimers.  The rules are generic (no outlet names beyond news
agencies) and were tuned on SaudiNewsNet, measured by ``benchmarks/structure_snn.py``.

Every result is a span of the unchanged text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Final

from rasd.arabic.dateparse import parse_date_line
from rasd.arabic.normalize import dediacritize, normalize_alef, normalize_text
from rasd.article import PAGE_ORIGINS, Article, Noise, Published, Span

#: Lines longer than this are never a title.
MAX_TITLE = 250
#: Bylines are short.
MAX_BYLINE_CHARS = 80
MAX_BYLINE_WORDS = 9
#: A highlight (pull quote) is a short line without a sentence end.
MAX_HIGHLIGHT = 160
#: Noise lines (share bars, disclaimers) are shorter than this; longer lines are prose.
MAX_NOISE_LINE = 600
#: Share/read-more lines are a phrase plus a link title at most.
MAX_PHRASE_LINE = 160
#: A date line is short (the date parser refuses longer lines anyway).
MAX_DATE_LINE = 80


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
#: A number or a short code ("88591-Stc", "A12/3"); Latin words and names are not codes.
_STRAY_CODE = re.compile(r"^(?:[0-9٠-٩]+|(?=.*[0-9_#/])[A-Za-z0-9_#/-]{1,16}|[A-Za-z]{1,2})$")
#: Lines that are noise only when they are nothing else ("المزيد", "إعلان"): the same
#: words open real headlines ("المزيد من القتلى…", "إعلان القاهرة…").
_NOISE_EXACT = frozenset(
    normalize_text(p)
    for p in (
        "المزيد", "شارك", "مشاركة", "اشترك", "اشترك الآن", "طباعة", "إعلان", "اعلانات", "إعلانات", "تعليقات",
        "تعليق", "أضف تعليق", "أضف تعليقك", "تابعونا", "share", "tweet", "facebook", "twitter", "whatsapp",
        "subscribe", "read more", "advertisement", "print", "email", "next", "previous", "next previous",
        "التالي", "السابق",
    )
)
#: Lines that are noise when they open with these words and stay short: the rest is
#: a link title or a network name ("اقرأ أيضا: …", "تابعونا على تويتر").
_NOISE_PREFIXES = tuple(
    normalize_text(p)
    for p in (
        "اقرأ أيضا", "اقرأ أيضاً", "إقرأ أيضا", "اقرأ ايضا", "اقرأ المزيد", "للمزيد", "شارك الخبر", "شارك هذا",
        "شارك على", "اشترك في", "اشترك الآن", "للاشتراك", "اشترك في النشرة", "تابعونا على", "تابعنا على",
        "تابعوا", "انقر هنا", "اضغط هنا", "أرسل لصديق", "ارسل لصديق", "مواضيع ذات صلة", "أخبار ذات صلة",
        "الأكثر قراءة", "جميع الحقوق محفوظة", "حقوق النشر محفوظة", "share on", "follow us", "read also",
        "related articles", "all rights reserved",
    )
)
#: Site disclaimers and comment policies that extractors leave under an article.  One
#: strong phrase ("… لا تعبر عن رأي الموقع") or two weak ones ("سياسة الخصوصية" and
#: "شروط الاستخدام"): a news sentence may say "لا تعبر عن وجهة نظر" of a party.
_DISCLAIMER_STRONG = re.compile(
    normalize_text(r"لا\s+تعبر\s+(?:بالضرورة\s+)?عن\s+(?:رأي|وجهة\s+نظر)\s+(?:ال)?(?:موقع|صحيفة|جريدة|شبكة|مجلة|قناة"
                   r"|إدارة|هيئة\s+التحرير)")
)
#: Plain substrings one of which every disclaimer pattern holds (a cheap first test).
_DISCLAIMER_KEYS = ("تعبر", "الخصوصية", "استخدام", "التعليقات", "مشاركاتك", "rivacy", "erms")
_DISCLAIMER_WEAK = tuple(
    re.compile(normalize_text(p))
    for p in (r"سياسة\s+الخصوصية", r"شروط\s+(?:ال)?استخدام", r"إرشادات\s+الاستخدام", r"التعليقات", r"مشاركاتك",
              r"privacy\s+policy", r"terms\s+of\s+use")
)


#: Patterns the functions below use, compiled once (``re.sub(pattern, ...)`` looks the
#: pattern up in ``re``'s cache through Python code on every call).
_SPACE_RUNS: Final = re.compile(r"\s+")
_DIGIT: Final = re.compile(r"\d")
_PIECE_SEPARATORS: Final = re.compile(r"[:\-–—ـ/،,()]")
_COMMA: Final = re.compile(r"\s*[،,]\s*")


def noise_reason(line: str, first: bool = False) -> str | None:
    """Why a line is noise, or ``None`` when it is content.

    ``first`` marks the first line of the text, the title slot: there a bare code
    or number ("DVD", "431") is the headline, not debris.
    """
    if len(line) > MAX_NOISE_LINE:  # long lines are prose; skip the work (SNN runs paragraphs together)
        return "symbols only" if _ONLY_SYMBOLS.match(line) else None
    compact = _SPACE_RUNS.sub("", line)
    if _REPEATED.match(compact) and not compact.isdecimal():
        return "repeated-letter line"
    if _ONLY_SYMBOLS.match(compact):
        return "symbols only"
    if not first and _STRAY_CODE.match(compact):
        return "stray number or code"
    if len(line) <= MAX_PHRASE_LINE:
        norm = normalize_text(line).strip(" :.-|»«>•·").lower()
        if norm in _NOISE_EXACT:
            return "share/subscribe/read-more line"
        if not _looks_like_sentence(line):
            for p in _NOISE_PREFIXES:
                if norm.startswith(p) and len(norm) < len(p) + 60:
                    return "share/subscribe/read-more line"
    if any(k in line for k in _DISCLAIMER_KEYS):  # normalise only lines that may be disclaimers
        norm = normalize_text(line).lower()
        if _DISCLAIMER_STRONG.search(norm) or sum(bool(w.search(norm)) for w in _DISCLAIMER_WEAK) >= 2:
            return "site disclaimer or comment policy"
    return None


def _looks_like_sentence(line: str) -> bool:
    return len(line.split()) > 12


# ----------------------------------------------------------------------------- byline

#: A writer cue opens the line and is followed by a colon or dash ("كتب: …",
#: "حوار - …"); without the separator these are ordinary words ("كتب وبؤر فكرية…",
#: "تقرير حكومي…").  بقلم is a cue on its own.
_BYLINE_CUE = re.compile(
    r"^[*\-–•]?\s*(?:(?:كتب|كتبت|إعداد|اعداد|تقرير|متابعة|ترجمة|تحرير|حوار|أجرى\s+الحوار|تصوير|مراسل|مراسلة"
    r"|عدسة|رصد|بواسطة)\s*[:：\-–ـ]|بقلم(?!\w))\s*"
)
#: A credit inside the line ("… / تصوير - محمد الماجد") marks a byline too.
_CREDIT = re.compile(r"(?:^|[\s/،,\-–ـ])(?:تصوير|عدسة|تحرير|ترجمة|إعداد|اعداد)\s*[:\-–ـ]")
_AGENCY_NAMES = (
    "واس", "رويترز", "الأناضول", "وكالات", "الوكالات", "سبق", "الوئام", "قنا", "وام", "كونا", "سانا",
    "واع", "متابعات", "يو بي آي", "CNN", "AFP", "Reuters", "AP", "DPA", "UPI",
)
#: (بنا, Bahrain's agency, is left out: it is also "with us", as in "اتصل بنا".)
#: Agency names as whole words, and agency initials with dots or spaces: "أ ف ب",
#: "أ.ف.ب", "أ. ف. ب.", "د ب أ".  Matched on alef-folded text ("يو بي اي").
_AGENCY = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(normalize_alef(a)) for a in _AGENCY_NAMES) + r")(?!\w)"
    r"|(?<!\w)[\u0621-\u064a](?:\.\s*|\s+)[\u0621-\u064a](?:(?:\.\s*|\s+)[\u0621-\u064a]){0,2}\.?(?!\w)"
)
_FUNCTION_WORDS = frozenset(
    normalize_alef(w)
    for w in (
        "في", "على", "إلى", "الى", "عن", "أن", "إن", "ان", "التي", "الذي", "هذا", "هذه", "قد", "لقد", "كان",
        "كانت", "لا", "لم", "لن", "ما", "مع", "بعد", "قبل", "حتى", "هل", "و", "أو", "ثم", "كل", "بين", "عند",
        "أكد", "قال", "أعلن", "يجب", "يمكن", "ليس", "هو", "هي", "نحن", "هم", "إلا", "أي",
    )
)
#: Name particles and honorifics: long Arabic names ("سلمان بن محمد بن سعيد") and
#: titles ("د.", "الشيخ") do not make a line less of a name.
_NAME_PARTICLES = frozenset(
    normalize_alef(w)
    for w in (
        "بن", "ابن", "بنت", "أبو", "ابو", "آل", "عبد", "د", "م", "أ", "د.", "م.", "أ.", "الدكتور", "الأستاذ",
        "الشيخ", "المهندس", "اللواء", "العميد", "العقيد", "الركن", "الفريق", "المستشار", "الفنان", "الكاتب",
    )
)


_PROCLITIC_NOUN = re.compile(r"^[«\"(]?(?:[وف]?[بك]ال|[وف]?لل)[\u0621-\u064a]{2,}")


def _letter_words(line: str) -> list[str]:
    """Words with at least one letter (dashes, slashes and colons are not words)."""
    return [w for w in line.split() if any(ch.isalpha() for ch in w)]


def byline_strength(line: str) -> int:
    """How surely a line is a byline: 2 (a writer cue or a news agency), 1 (a short name,
    or "place - name" pieces), 0 (not a byline).

    Bylines are short, do not end a sentence and hold names, places and agencies,
    not the function words that sentences need.
    """
    if len(line) > MAX_BYLINE_CHARS:
        return 0
    words = _letter_words(line)
    if not words or len(words) > MAX_BYLINE_WORDS:
        return 0
    folded = normalize_alef(line)
    agency = _AGENCY.search(folded) is not None
    if line.rstrip()[-1:] in "؟?!" or (line.rstrip()[-1:] == "." and not agency):
        return 0
    # agency initials are letters, not words: "يو بي اي" holds no pronoun اي
    function_word = _has_function_word(_letter_words(_AGENCY.sub(" ", folded)) if agency else words)
    if _BYLINE_CUE.match(line) or (_CREDIT.search(line) and not function_word):
        return 2
    if agency and len(words) <= 8 and not function_word:
        return 2
    if len(words) < 2 or function_word or _DIGIT.search(line):
        return 0
    # "place - name" pieces: short parts, one of them very short (a place, an agency);
    # "تقرير حكومي مغربي: التهديدات تقلص عائدات السياحة" is a headline, not a byline
    parts = [p for p in (_letter_words(p) for p in _PIECE_SEPARATORS.split(line)) if p]
    if len(parts) > 1 and len(words) <= 8 and all(len(p) <= 4 for p in parts) \
            and (min(len(p) for p in parts) <= 2 or all(len(p) <= 3 for p in parts)):
        return 1
    # a bare name: two to five words besides particles and honorifics, none of them a
    # noun with a preposition and the article ("بالرياض", "للسينما"), which names do not have
    if any(_PROCLITIC_NOUN.match(w) for w in words):
        return 0
    core = [w for w in words if normalize_alef(w.strip("*.،,:«»\"()")) not in _NAME_PARTICLES]
    return 1 if 1 <= len(core) <= 5 else 0


def looks_like_byline(line: str) -> bool:
    """A short line naming the writer and/or the place and agency."""
    return byline_strength(line) > 0


def _has_function_word(words: list[str]) -> bool:
    # alef folding only: normalising ى to ي would make the name علي the preposition على
    return any(normalize_alef(dediacritize(w.strip("،,.:«»\"()*"))) in _FUNCTION_WORDS for w in words)


# ----------------------------------------------------------------------------- dateline

_DATELINE = re.compile(
    r"^(?P<place>[^\W\d_][^\s\-–—:،,()]*(?:\s+[^\W\d_][^\s\-–—:،,()]*){0,2}"
    r"(?:\s*[،,]\s*[^\W\d_][^\s\-–—:،,()]*(?:\s+[^\W\d_][^\s\-–—:،,()]*)?)?)"
    r"\s*(?:\(\s*[^()]{1,30}\)\s*)?"
    r"(?:(?:[-–—]{1,2}|(?<=\s)ـ{1,2}(?=\s))\s*(?:\(?[^\W\d_][^\s()\-–—:]*(?:\s+[^\s()\-–—:]+){0,2}\)?\s*"
    r"[-–—ـ:]{1,2}\s*)?|:\s)"
)


def find_dateline(par: Block, skip: int = 0) -> Span | None:
    """The place at the head of the first paragraph ("بغداد - …"), if any.

    ``skip`` characters at the start of the paragraph are passed over first: some
    outlets repeat the byline there ("عبير الرجباني- سبق- الرياض:أصيب …").
    """
    head = par.text[skip:]
    stripped = head.lstrip(" \t\u00a0:-–ـ")
    skip += len(head) - len(stripped)
    head = stripped
    m = _DATELINE.match(head)
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
    if len(head) - m.end() < 20:
        return None
    if not _is_place(place, agency_credit="(" in head[m.end("place") : m.end()]):
        return None
    s = par.start + skip + m.start("place")
    return Span(s, s + len(place), place)


_CREDIT_PART = re.compile(r"[^:\-–—ـ/،,()«»\"]+")


def place_in_credit(par: Block, skip: int = 0, whole: bool = False) -> Span | None:
    """The known place inside a credit: a byline ("عبدالكريم الحمد - الرياض",
    "لندن: رنيم حنوش") with ``whole``, else a credit opening the paragraph and closed
    by a colon ("سبق- الرياض: أعلنت …", "واس- عمّان: …").

    That place is where the report was filed, the dateline.  Only places the gazetteer
    knows count: credits also hold writers, outlets and agencies.
    """
    text = par.text
    if whole:
        head_end = len(text)
    else:
        colon = text.find(":", skip, skip + MAX_BYLINE_CHARS)
        if colon < 0 or byline_strength(text[skip:colon]) == 0:
            return None
        head_end = colon
    for m in _CREDIT_PART.finditer(text, skip, head_end):
        part = m.group().strip()
        quoted = m.start() > 0 and text[m.start() - 1] in "«\""  # «الشرق الأوسط» is an outlet
        if part and not quoted and _is_place(part, agency_credit=False):
            s = par.start + m.start() + (len(m.group()) - len(m.group().lstrip()))
            return Span(s, s + len(part), part)
    return None


def _is_place(place: str, agency_credit: bool) -> bool:
    """Whether the head of a paragraph names a place, not a writer or an outlet.

    "خالد خليل - الرياض:" and "عين اليوم – متابعات" open paragraphs exactly as
    "بغداد -" does; only knowing places tells them apart.  The first part must be a
    place the gazetteer knows (GPE or LOC); a place it does not know still counts in the
    classic form with an agency credit in brackets ("تنومة (واس) -"), unless the
    gazetteer knows the name as a person or organisation.
    """
    from rasd.resources.gazetteers import lookup

    first = _COMMA.split(place)[0]
    entry = lookup(first)
    if entry is not None:
        return entry.label in ("GPE", "LOC")
    return agency_credit


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
    noise: list[Noise] = []
    content: list[Block] = []
    for k, b in enumerate(blocks(text)):
        reason = noise_reason(b.text, first=k == 0)
        if reason:
            noise.append(Noise(b.start, b.end, b.text, reason))
        else:
            content.append(b)
    if not content:
        return replace(article, noise=tuple(noise))

    # the date line: the first block among the top ones that is only a date
    date_idx = None
    pub: Published | None = None
    src = article.source
    for i, b in enumerate(content[:6]):
        iso = parse_date_line(b.text) if len(b.text) <= MAX_DATE_LINE else None
        if iso:
            date_idx = i
            if src.date and src.date_source in PAGE_ORIGINS:  # the page's own metadata wins over its prose
                pub = Published(b.start, b.end, b.text, src.date, src.date_source)
            else:
                pub = Published(b.start, b.end, b.text, iso, "text")
            break

    title: Span | None = None
    subtitle: Span | None = None
    byline: Span | None = None
    highlights: list[Span] = []
    i = 0
    if _no_title_slot(text, content[0]):
        byline = _span(content[0])  # the text opens on a blank line, then a byline
        i = 1
    elif len(content) > 1 and date_idx != 0 and len(content[0].text) <= MAX_TITLE:
        title = _span(content[0])
        i = 1
    elif date_idx == 0 and len(content) > 2 and len(content[1].text) <= MAX_TITLE:
        title = _span(content[1])
        i = 2
    elif len(content) == 1 and date_idx is None and _is_headlineish(content[0]):
        title = _span(content[0])  # a headline alone (a caricature, a photo page)
        i = 1

    # byline right after the title; it may be the last block when there is no body
    if title is not None and byline is None and i < len(content) and i != date_idx:
        strength = byline_strength(content[i].text)
        if strength and (i < len(content) - 1 or _is_headlineish(content[i])):
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
    if byline is not None:
        # outlets print the byline again inside the body: that copy is noise, not a paragraph
        again = _squash(byline.text)
        repeated = {b.start for b in body if len(b.text) < 2 * len(byline.text) + 8 and _squash(b.text) == again}
        noise.extend(Noise(b.start, b.end, b.text, "repeated byline") for b in body if b.start in repeated)
        body = [b for b in body if b.start not in repeated]
        noise.sort(key=lambda n: n.start)
    dateline = None
    if body:
        skip = len(byline.text) if byline is not None and body[0].text.startswith(byline.text) else 0
        dateline = find_dateline(body[0], skip) or place_in_credit(body[0], skip)
    if dateline is None and byline is not None:
        dateline = place_in_credit(Block(byline.start, byline.end, byline.text), whole=True)
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


def _no_title_slot(text: str, first: Block) -> bool:
    """The title slot is empty: the text opens with a blank line and then a line that is
    surely a byline ("واس - الباحة")."""
    opens_blank = "\n" in text[: first.start]
    return opens_blank and byline_strength(first.text) == 2


_SQUASH = re.compile(r"[\s\u200e\u200f\ufeff]+")


def _squash(s: str) -> str:
    return _SQUASH.sub(" ", s).strip()


def _span(b: Block) -> Span:
    return Span(b.start, b.end, b.text)
