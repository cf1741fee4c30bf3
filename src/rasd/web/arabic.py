"""What the Arabic pages say in Arabic: event types, countries, counts and error messages.

The JSON API keeps its English messages and raw codes (they are a contract); the pages
show the Arabic here, with the code in a tooltip where there is one.  Country names
come from the gazetteer (its ``country`` entries, and for group codes such as ``UN``
the first body or group carrying the code), so no second table of names can drift.
"""

from __future__ import annotations

from functools import lru_cache

from rasd.resources import gazetteers

MONTHS_AR = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر",
             "نوفمبر", "ديسمبر")


def bucket_label_ar(key: str) -> str:
    """A timeline bucket (``2020-11-18``, ``2020-11``, ``2020``) as the chart's short Arabic label:
    18 نوفمبر، نوفمبر 2020، 2020."""
    parts = key.split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {MONTHS_AR[int(parts[1]) - 1]}"
        if len(parts) == 2:
            return f"{MONTHS_AR[int(parts[1]) - 1]} {int(parts[0])}"
    except (ValueError, IndexError):
        pass
    return key


#: PLOVER event types (docs/SCHEMA.md) as an Arabic reader names them.
EVENT_TYPES_AR = {
    "AGREE": "اتفاق",
    "CONSULT": "تشاور",
    "SUPPORT": "تأييد",
    "CONCEDE": "تنازل",
    "COOPERATE": "تعاون",
    "AID": "مساعدة",
    "RETREAT": "انسحاب",
    "REQUEST": "طلب",
    "ACCUSE": "اتهام",
    "REJECT": "رفض",
    "THREATEN": "تهديد",
    "PROTEST": "احتجاج",
    "SANCTION": "عقوبات",
    "MOBILIZE": "تعبئة",
    "COERCE": "إكراه",
    "ASSAULT": "اعتداء",
}

#: Event modes (the finer kind rasd records, from the PLOVER lexicon) as Arabic.
EVENT_MODES_AR = {
    "abduct": "خطف", "accuse": "اتهام", "aerial": "جوي", "agree": "اتفاق", "aid": "مساعدة", "apologize": "اعتذار",
    "arrest": "اعتقال", "attack": "هجوم", "blame": "تحميل المسؤولية", "blockade": "حصار", "block road": "قطع طريق",
    "break relations": "قطع العلاقات", "call": "دعوة", "ceasefire": "وقف إطلاق النار", "clash": "اشتباك",
    "cooperate": "تعاون", "criticize": "انتقاد", "curfew": "حظر تجول", "demand": "مطالبة",
    "demonstrate": "تظاهر", "ease": "تخفيف", "economic": "اقتصادي", "endorse": "تأييد", "evacuate": "إجلاء",
    "expel diplomats": "طرد دبلوماسيين", "expel": "طرد", "explosives": "متفجرات", "firearms": "أسلحة نارية",
    "flee": "فرار", "humanitarian": "إنساني", "hybrid": "مختلط", "kill": "قتل", "mediate": "وساطة",
    "meet": "لقاء", "meeting": "اجتماع", "military": "عسكري", "missile": "صاروخي", "phone": "اتصال هاتفي",
    "pressure": "ضغط",
    "reject": "رفض", "release": "إفراج", "sanction": "عقوبات", "seize": "استيلاء", "shelling": "قصف مدفعي",
    "sign": "توقيع", "sit-in": "اعتصام", "strike": "إضراب", "talks": "محادثات", "threaten": "تهديد",
    "troops": "قوات", "visit": "زيارة", "withdraw": "سحب",
}


def event_mode_ar(mode: object) -> str:
    """An event mode in Arabic; an unknown one as given."""
    return EVENT_MODES_AR.get(str(mode or ""), str(mode or ""))


def event_type_ar(code: object) -> str:
    """A PLOVER type in Arabic; an unknown code as given (never hidden)."""
    return EVENT_TYPES_AR.get(str(code or ""), str(code or ""))


@lru_cache(maxsize=1)
def _countries_ar() -> dict[str, str]:
    """ISO alpha-3 or group code -> Arabic name, read from the gazetteer once."""
    names: dict[str, str] = {}
    groups: dict[str, str] = {}
    for entry in gazetteers.entries():
        if not entry.country:
            continue
        if entry.kind == "country":
            names.setdefault(entry.country, entry.canonical)
        elif entry.kind in ("body", "armed_group"):
            groups.setdefault(entry.country, entry.canonical)
    return {**groups, **names}


def country_ar(code: object) -> str:
    """A country (or group) code in Arabic: ``IRQ`` -> العراق; an unknown code as given."""
    key = str(code or "")
    return _countries_ar().get(key, key)


#: Between a number and its noun, so a narrow line never leaves the number alone at its end.
NBSP = "\u00a0"


def count_ar(n: int, one: str, two: str, few: str, many: str) -> str:
    """``n`` and the noun in the form Arabic agreement asks for (CLDR's Arabic plural rule).

    1 مقال، 2 مقالان، 3–10 مقالات، 11–99 مقالًا; the last two digits decide above 100
    (103 مقالات، 111 مقالًا), and the round hundreds and 101, 102 take the singular
    (100 مقال، 101 مقال).  0 takes the plural (0 مقالات).  A no-break space joins number and noun.
    """
    rest = n % 100
    if n == 0 or 3 <= rest <= 10:
        noun = few
    elif n == 2:
        noun = two
    elif 11 <= rest <= 99:
        noun = many
    else:
        noun = one
    return f"{n}{NBSP}{noun}"


#: The nouns the pages count: one, two, three to ten, eleven and more.
NOUNS_AR = {
    "article": ("مقال", "مقالان", "مقالات", "مقالًا"),
    "entity": ("علم", "علمان", "أعلام", "علمًا"),
    "quote": ("قول", "قولان", "أقوال", "قولًا"),
    "event": ("حدث", "حدثان", "أحداث", "حدثًا"),
    "mention": ("إشارة", "إشارتان", "إشارات", "إشارة"),
    "result": ("نتيجة", "نتيجتان", "نتائج", "نتيجة"),
    "feed": ("خلاصة", "خلاصتان", "خلاصات", "خلاصة"),
    "day": ("يوم", "يومان", "أيام", "يومًا"),
}


def count_noun(n: int | str | None, noun: str) -> str:
    """``count_ar`` with one of :data:`NOUNS_AR` (a Jinja filter: ``{{ n|count('article') }}``)."""
    return count_ar(int(n or 0), *NOUNS_AR[noun])


#: What the error page says for a status when the error has no Arabic message of its own.
STATUS_AR = {
    400: "الطلب غير صالح: إحدى القيم المرسلة لا تُقبل.",
    403: "رُفض الطلب: انتهت صلاحية النموذج أو أُرسل من صفحة أخرى. أعد إرساله من هذه الصفحة.",
    404: "لا توجد صفحة بهذا العنوان.",
    405: "هذه الصفحة لا تقبل هذا النوع من الطلبات.",
    413: "الطلب أكبر من الحد المسموح به. أرسل مقالًا واحدًا في كل مرة، نصًّا أو صفحة HTML.",
    415: "نوع المحتوى المرسل غير مقبول.",
    422: "تعذّر تحليل هذا المدخل.",
    503: "تعذّر الوصول إلى المخزن الآن. أعد المحاولة بعد قليل.",
}


def status_ar(status: int) -> str:
    """The Arabic message for an HTTP status (any 5xx: an internal error)."""
    if status >= 500 and status != 503:
        return "حدث خطأ داخلي في الخادم. سُجّل الخطأ؛ يُرجى الإبلاغ عنه."
    return STATUS_AR.get(status, "تعذّر إكمال الطلب.")
