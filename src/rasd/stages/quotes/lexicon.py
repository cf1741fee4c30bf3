"""The small closed word classes reported speech is parsed with, read once from data files.

Lexical knowledge lives in ``rasd/arabic/data``: the verbs in ``speech_cues.tsv`` (see
:mod:`.cues`), attribution phrases in ``speech_cues.sources.tsv``, unnamed speakers in
``speech_cues.groups.txt``, words that end a speaker phrase in
``speech_cues.adverbials.txt``, citation markers in ``speech_cues.citations.txt`` and
words that never speak in ``speech_cues.not_speakers.txt``.  The function words below are
grammar, not vocabulary, and stay in code.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from rasd.arabic.normalize import normalize_text
from rasd.stages.roles import Word, read_lexicon


def _norm_set(*words: str) -> frozenset[str]:
    return frozenset(normalize_text(w) for w in words)


#: أن/إن and their forms with a pronoun ("أنه"): content starts after them.
COMPLEMENTIZERS = _norm_set(
    "أن", "إن", "أنّ", "إنّ", "بأن", "لأن", "وأن", "وإن", "فإن", "بإن",
)
#: Complementizer + pronoun: the pronoun is the content's subject, content starts after it.
COMPLEMENTIZER_PRONOUNS = frozenset(
    c + p for c in _norm_set("أن", "إن", "بأن", "وأن", "وإن", "لأن", "فإن")
    for p in ("ه", "ها", "هم", "هما", "هن", "نا", "ني", "ي", "كم")
)
#: A complementizer after these belongs to another construction ("بعد أن", "يجب أن").
NOT_BEFORE_COMP = _norm_set(
    "بعد", "قبل", "منذ", "دون", "بدون", "يجب", "ينبغي", "يمكن", "حتى", "لو", "مجرد", "بمجرد", "ما", "يمكنه",
    "أراد", "يريد", "تريد", "من", "إلا", "الا", "رغم", "برغم", "بالرغم", "غير", "كما", "مثلما", "لولا",
    "سبق", "يسبق", "لبث", "ما لبث", "عسى", "آن", "حان",
)
#: Negation: "لم يقل"، "لا يؤكد" do not report speech.
NEGATIONS = _norm_set("لم", "لن", "لا", "ما", "ولم", "ولن", "ولا", "وما", "فلم", "فلا", "دون", "عدم", "بعدم")
#: Prepositions a verb never follows: "على أمل أن" is a noun.
PREPOSITION_WORDS = _norm_set(
    "في", "على", "من", "إلى", "عن", "مع", "حول", "بشأن", "لدى", "عند", "ضد", "نحو", "خلال", "عبر", "بين",
    "أمام", "وراء", "بعد", "قبل", "منذ", "حتى", "تحت", "فوق", "لكل", "كل", "أي",
)
#: A title with a possessive that stands for a person named before ("معاليه", "سموه").
HONORIFIC_PRONOUNS = _norm_set(
    "معاليه", "معاليها", "سموه", "سموها", "فضيلته", "سعادته", "سعادتها", "سماحته", "جلالته", "فخامته",
    "دولته", "نيافته", "حضرته",
)
#: Prepositions of time or occasion whose phrase may stand between a cue and its speaker or content
#: ("وقال خلال الاستقبال", "وأكد لدى وصوله").
OCCASION_PREPS = _norm_set("خلال", "أثناء", "اثناء", "عقب", "لدى", "عند", "إثر", "اثر", "بعد", "قبيل", "بعيد",
                           "عبر")
#: Quotative words: what follows is the speaker's words ("مضى قائلا:", "بقوله", "ما نصه").
QUOTATIVES = _norm_set("قائلا", "قائلة", "قائلين", "قائلاً", "قائلةً", "بقوله", "بقولها", "بقولهم", "بالقول")
#: Words that end a reported statement after a comma: the writer takes over.
CLAUSE_BREAKS = (
    ("في", "وقت"), ("وفي", "وقت"), ("في", "الوقت"), ("وفي", "الوقت"), ("يأتي", "ذلك"), ("ويأتي", "ذلك"),
    ("وجاء", "ذلك"), ("جاء", "ذلك"), ("وسط",), ("يذكر",), ("ويذكر",), ("يشار",), ("ويشار",), ("وتجدر",),
    ("علما",), ("علماً",),
)
CLAUSE_BREAKS_NORM = tuple(tuple(normalize_text(w) for w in p) for p in CLAUSE_BREAKS)
TIME_WORDS = _norm_set(
    "اليوم", "أمس", "الأمس", "غدا", "الليلة", "صباح", "مساء", "صباحا", "مساء", "ظهر", "الأحد", "الاثنين",
    "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "يوم", "أيضا", "أيضاً", "كذلك",
    "بدوره", "بدورها", "حينها", "آنذاك", "وقتها", "لاحقا", "سابقا", "مؤخرا", "أخيرا", "بوضوح", "صراحة",
    "بالفعل", "فعلا", "مجددا", "بدورهم", "ضمنا", "عصر", "فجر", "ليل", "ليلة", "مطلع", "نهاية",
    "الماضي", "الماضية", "المقبل", "المقبلة", "الجاري", "الجارية", "الحالي", "الأسبوع", "الشهر", "العام",
    # months: Gregorian, Levantine, Hijri
    "يناير", "فبراير", "مارس", "أبريل", "إبريل", "مايو", "يونيو", "يونيه", "يوليو", "يوليه", "أغسطس",
    "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر", "كانون", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز",
    "آب", "أيلول", "تشرين", "محرم", "صفر", "ربيع", "جمادى", "رجب", "شعبان", "رمضان", "شوال", "القعدة",
    "الحجة", "هـ", "م",
    # spans of time after "قبل"، "خلال"، "منذ"
    "أيام", "يومين", "أسابيع", "أسبوع", "أسبوعين", "ساعات", "ساعة", "ساعتين", "أشهر", "شهور", "شهر", "شهرين",
    "سنوات", "سنة", "سنتين", "عامين", "أعوام", "دقائق", "دقيقة", "بضعة", "بضع", "عدة", "قليلة", "قليل",
)
PRONOUNS = _norm_set("هو", "هي", "هم", "هما", "هن", "وهو", "وهي", "وهم", "فهو", "فهي", "فهم")
DEMONSTRATIVES = _norm_set("هذا", "هذه", "ذلك", "تلك", "هؤلاء", "أولئك", "هذان", "هاتان", "ذاك")
RELATIVES = _norm_set("الذي", "التي", "الذين", "اللذان", "اللتان", "اللواتي", "اللاتي", "اللذين", "اللتين")
#: Nouns that name what a following quotation names (scare quotes, not speech).
NAMING_NOUNS = _norm_set(
    "صحيفة", "جريدة", "مجلة", "قناة", "وكالة", "تنظيم", "حركة", "عملية", "مبادرة", "شعار", "برنامج", "مسلسل",
    "كتاب", "فيلم", "حملة", "اسم", "باسم", "هاشتاق", "هاشتاغ", "وسم", "مشروع", "مؤتمر", "تطبيق", "موقع",
    "حساب", "شركة", "مجموعة", "جماعة", "لقب", "مصطلح", "عنوان", "عنوانه", "بعنوان", "مسمى", "تسمية", "يسمى",
    "تسمى", "المسمى", "المسماة", "المعروف", "المعروفة", "فندق", "مطعم", "منتدى", "ملتقى", "مهرجان", "معرض",
    "مسابقة", "جائزة", "صفحة", "برنامجه", "رواية", "ديوان", "قصيدة", "أغنية", "لعبة", "ماركة", "نادي",
    "فريق", "ديوانه", "كتابه", "فيلمه", "روايته", "مسرحية", "دورة", "ندوة", "ورشة", "منصة", "شبكة", "مركز",
    "جمعية", "هيئة", "مؤسسة", "ولاية", "مدينة", "بلدة", "قرية", "حي", "شارع", "سوق", "مجمع", "نظام",
)
#: Headline words before a colon that are labels, not speakers ("عاجل:", "بالصور:").
HEADLINE_LABELS = _norm_set(
    "عاجل", "بالصور", "صور", "بالفيديو", "فيديو", "شاهد", "خاص", "حصري", "حصريا", "تقرير", "حوار", "تحليل",
    "رأي", "مقال", "تحقيق", "ملف", "المزيد", "اقرأ", "إنفوجرافيك", "انفوجراف", "بالأرقام", "رسميا",
    "الصورة", "صورة", "تصوير", "تحديث", "متابعة", "ملاحظة", "تنويه", "تعرف", "بالتفاصيل", "التفاصيل", "تفاصيل",
    "واس", "أ", "ف", "ب", "رويترز", "سبق", "مراسل", "كتب", "كتبت", "رابط", "الرابط", "لمزيد", "للمزيد",
    "تابع", "تابعونا", "إعداد", "ترجمة", "سؤال", "جواب", "س", "ج", "الأولى", "الثانية", "أولا", "ثانيا",
    "المصدر", "مصدر", "الخبر", "بصحيفة", "وكالات", "الوكالات", "ملاحظات", "المكان", "الزمان", "الموعد",
    "التاريخ", "الوقت", "العنوان", "السعر", "الهاتف", "البريد", "للتواصل", "التواصل", "الموقع", "الفئة",
)


@lru_cache(maxsize=1)
def group_heads() -> frozenset[str]:
    """First words of unnamed-speaker phrases (مسؤولون، مصادر، شهود …)."""
    return frozenset(normalize_text(r[0].split()[0]) for r in read_lexicon("speech_cues.groups.txt"))


@lru_cache(maxsize=1)
def adverbials() -> frozenset[str]:
    """Words that end a speaker noun phrase (time words, prepositions, channels, relatives)."""
    return frozenset(normalize_text(r[0].strip()) for r in read_lexicon("speech_cues.adverbials.txt"))


@lru_cache(maxsize=1)
def person_nouns() -> frozenset[str]:
    """Nouns that describe a person already in the story (``speech_cues.person_nouns.txt``)."""
    return frozenset(normalize_text(r[0].strip()) for r in read_lexicon("speech_cues.person_nouns.txt"))


@lru_cache(maxsize=1)
def not_speakers() -> frozenset[str]:
    """Heads that never speak: scripture, laws, demonstratives (``speech_cues.not_speakers.txt``)."""
    return frozenset(normalize_text(r[0].strip()) for r in read_lexicon("speech_cues.not_speakers.txt"))


@lru_cache(maxsize=1)
def source_phrases() -> dict[str, dict[str, tuple[tuple[str, ...], ...]]]:
    """kind -> first word -> normalised phrases, longest first (``speech_cues.sources.tsv``)."""
    out: dict[str, dict[str, list[tuple[str, ...]]]] = {}
    for row in read_lexicon("speech_cues.sources.tsv"):
        phrase, kind = row[0].strip(), row[1].strip()
        words = tuple(normalize_text(w) for w in phrase.split())
        out.setdefault(kind, {}).setdefault(words[0], []).append(words)
    return {k: {f: tuple(sorted(set(v), key=len, reverse=True)) for f, v in d.items()} for k, d in out.items()}


@lru_cache(maxsize=1)
def _light() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for row in read_lexicon("speech_cues.light.tsv"):
        kind, words = row[0].strip(), row[1].split()
        out.setdefault(kind, set()).update(normalize_text(w) for w in words)
    return {k: frozenset(v) for k, v in out.items()}


def light_verbs() -> tuple[frozenset[str], frozenset[str]]:
    """("قدّم"، "وجّه" … forms, the nouns of feeling they carry: "قدم شكره", "وجه تحياته")."""
    t = _light()
    return t.get("verb", frozenset()), t.get("noun", frozenset())


def speech_nouns() -> frozenset[str]:
    """Nouns whose following quotation is speech: هتافات، شعارات، مقولة."""
    return _light().get("speech", frozenset())


def _possessed(norm: str, base: str) -> bool:
    """Is ``norm`` ``base`` with a possessive ("تقريره" for "تقرير", "كلمتها" for "كلمة")?"""
    stem = base[:-1] + "ت" if base.endswith("ه") else base
    return norm.startswith(stem) and norm[len(stem) :] in ("ه", "ها", "هم", "هما", "نا")


def match_phrase(kind: str, words: Sequence[Word], i: int) -> int:
    """End index of the longest ``kind`` phrase of ``speech_cues.sources.tsv`` at ``words[i]``, or ``i``."""
    if i >= len(words):
        return i
    table = source_phrases().get(kind, {})
    first = words[i]
    if first.norm not in table and first.bare not in table and first.stem not in table:
        return i
    cands = [p for f in {first.norm, first.bare, first.stem} for p in table.get(f, ())]
    for phrase in sorted(cands, key=len, reverse=True):
        if i + len(phrase) > len(words):
            continue
        ok = True
        for k, p in enumerate(phrase):
            w = words[i + k]
            if k == len(phrase) - 1 and p == "ل":  # "وفقا لـ": ل glued to the next word
                if not (w.norm.startswith("ل") or w.norm == "لـ"):
                    ok = False
                break
            if p not in (w.forms() if k == 0 else (w.norm, w.stem)) and not (k > 0 and _possessed(w.norm, p)):
                ok = False
                break
        if ok:
            return i + len(phrase) - (1 if phrase[-1] == "ل" else 0)
    return i
