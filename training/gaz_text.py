"""Text helpers for the gazetteer builders: script checks and an Arabic/Latin sound skeleton.

The skeleton is how noisy translation tables are cleaned: a row whose Arabic name
does not sound like its English name ("فاموتيدين" for Mosul, "التجمع الوطني الديمقراطي"
for Balad) is a mislinked Wikidata label and is dropped.  Both sides are reduced to a
string of consonant classes (vowels, ء, ع, و/ي and h dropped; emphatic and plain
pairs merged) and compared with difflib's ratio.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

ARABIC_ONLY = re.compile(r"^[\u0621-\u063a\u0641-\u064a\u0671 ]+$")  # Arabic letters (no Persian ones) and spaces
_AR_CLASSES = {
    "ب": "b", "پ": "b", "ت": "t", "ث": "t", "ط": "t", "ج": "j", "چ": "j", "ح": "", "خ": "k",
    "د": "d", "ذ": "d", "ض": "d", "ر": "r", "ز": "z", "ظ": "z", "ژ": "z", "س": "s", "ش": "s",
    "ص": "s", "غ": "g", "گ": "g", "ف": "f", "ڤ": "f", "ق": "k", "ك": "k", "ل": "l", "م": "m",
    "ن": "n", "ه": "", "ة": "",
}
_LATIN_DIGRAPHS = (("sh", "s"), ("kh", "k"), ("th", "t"), ("dh", "d"), ("gh", "g"), ("ph", "f"),
                   ("ch", "s"), ("ck", "k"), ("dj", "j"), ("tch", "s"), ("ts", "s"), ("x", "ks"))
_LATIN_CLASSES = str.maketrans({"p": "b", "v": "f", "c": "k", "q": "k", "w": "", "y": "", "h": "",
                                "a": "", "e": "", "i": "", "o": "", "u": "", "'": "", "`": "", "-": "", " ": ""})
_ARTICLE_EN = re.compile(r"^(?:al|el|ar|as|an|ad|at|az|ash|adh|ath|ad|es|en|er|et|ez)[\s\-']+", re.I)


def is_arabic_name(text: str) -> bool:
    """Arabic letters and spaces only (no Latin, digits, punctuation or Persian letters)."""
    return bool(ARABIC_ONLY.match(text)) and len(text.replace(" ", "")) >= 2


def arabic_skeleton(name: str) -> str:
    """Consonant classes of an Arabic name, each word's article dropped."""
    out = []
    for w in name.split():
        if w.startswith("ال") and len(w) > 3:
            w = w[2:]
        s = "".join(_AR_CLASSES.get(ch, "") for ch in w)
        out.append(re.sub(r"(.)\1+", r"\1", s))
    return "".join(out)


def latin_skeleton(name: str) -> str:
    """Consonant classes of a Latin-script name, each word's article dropped."""
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = []
    for w in re.split(r"[\s]+", s):
        w = _ARTICLE_EN.sub("", w)
        for a, b in _LATIN_DIGRAPHS:
            w = w.replace(a, b)
        w = re.sub(r"[^a-z]", "", w).translate(_LATIN_CLASSES)
        words.append(re.sub(r"(.)\1+", r"\1", w))
    return "".join(words)


def sounds_alike(arabic: str, latin: str, threshold: float = 0.6) -> bool:
    """Whether an Arabic name plausibly transcribes a Latin one (or the reverse)."""
    a, b = arabic_skeleton(arabic), latin_skeleton(latin)
    if not a or not b:
        return a == b
    return SequenceMatcher(None, a, b).ratio() >= threshold
