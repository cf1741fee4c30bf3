"""Arabic character classes, named once and used everywhere.

Keeping them here (as CAMeL Tools does) means a fix to, say, the set of diacritics
reaches the normaliser, the tokenizer and the clitic splitter at once.
"""

from __future__ import annotations

#: Harakat, tanwin, shadda, sukun, and Quranic small marks.
DIACRITICS: frozenset[str] = frozenset(
    "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0653\u0654\u0655\u0656\u0657\u0658"
    "\u0659\u065a\u065b\u065c\u065d\u065e\u065f\u0610\u0611\u0612\u0613\u0614\u0615\u0616"
    "\u0617\u0618\u0619\u061a\u06d6\u06d7\u06d8\u06d9\u06da\u06db\u06dc\u06df\u06e0\u06e1"
    "\u06e2\u06e3\u06e4\u06e7\u06e8\u06ea\u06eb\u06ec\u06ed"
)
SUPERSCRIPT_ALEF = "\u0670"
TATWEEL = "\u0640"

#: Characters that carry no letter and are dropped for matching.
ZERO_WIDTH: frozenset[str] = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
BIDI_MARKS: frozenset[str] = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
SPACES: frozenset[str] = frozenset(
    "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
)

ALEF_FORMS = "أإآٱ"  # hamza above, hamza below, madda, wasla
ALEF = "ا"
ALEF_MAQSURA = "ى"
YA = "ي"
TA_MARBUTA = "ة"
HA = "ه"
HAMZA_ON_WAW = "ؤ"
HAMZA_ON_YA = "ئ"

ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"

#: Arabic-script letters (basic block, letters only, incl. Persian/Urdu extras).
ARABIC_LETTERS: frozenset[str] = frozenset(
    chr(c) for c in list(range(0x0621, 0x063B)) + list(range(0x0641, 0x064B)) + [0x0671, 0x067E, 0x0686,
    0x0698, 0x06A4, 0x06A9, 0x06AF, 0x06CC, 0x06D5]
)

ARABIC_COMMA = "،"
ARABIC_SEMICOLON = "؛"
ARABIC_QUESTION = "؟"
ARABIC_FULL_STOP = "۔"

#: Opening and closing quotation marks and the pairs they make.
QUOTE_PAIRS = {"«": "»", "“": "”", '"': '"', "„": "“", "‹": "›", "'": "'"}

#: Single-letter proclitics, and the definite article.
PROCLITIC_LETTERS = "وفبلك"
DEFINITE_ARTICLE = "ال"


def is_arabic_letter(ch: str) -> bool:
    """True for a letter of the Arabic script (not a digit, mark or punctuation)."""
    return ch in ARABIC_LETTERS
