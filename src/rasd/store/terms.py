"""Index terms: the one Arabic-aware form under which a word is indexed and searched.

Every backend indexes the same terms (rasd computes them, not the database), so
SQLite FTS5 and PostgreSQL match alike.  A word's term is:

1. normalised (alef/hamza/ya/ta marbuta/diacritics/tatweel/digits folded),
2. stripped of proclitics and of the article (وبالقوات -> قوات), using the
   lexicon-checked splitter so that names such as بغداد or لبنان stay whole,
3. folded over the spelling variants that news writing alternates between
   (أميركا/أمريكا, ديموقراطية/ديمقراطية), from :data:`VARIANT_FOLDS`,
4. lowercased (Latin words).

The stored text is never touched: :func:`term_spans` returns each term with the
offsets of its word in the original text, which is how snippets map back.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rasd.arabic.clitics import match_forms
from rasd.arabic.normalize import normalize_text

_WORD = re.compile(r"(?:[^\W\d_]|[\u0610-\u061a\u064b-\u065f\u0670\u0640])+|[0-9٠-٩۰-۹]+")

#: Substring folds for spellings that alternate in Arabic news (applied after
#: normalisation, so written here in normalised form).  The variant on the left
#: becomes the one on the right.
VARIANT_FOLDS: tuple[tuple[str, str], ...] = (
    ("اميرك", "امريك"),  # أميركا / أمريكا, الأميركية / الأمريكية
    ("ديموقراط", "ديمقراط"),  # ديموقراطية / ديمقراطية
    ("تليفزيون", "تلفزيون"),  # تليفزيون / تلفزيون
)


def _fold_variants(term: str) -> str:
    for variant, canonical in VARIANT_FOLDS:
        if variant in term:
            term = term.replace(variant, canonical)
    return term


@lru_cache(maxsize=200_000)
def term(word: str) -> str:
    """The index term of one word (see the module docstring)."""
    if word.isascii():
        return word.lower()
    if word[0] in "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹":
        return normalize_text(word)
    forms = match_forms(word)
    return _fold_variants(forms[-1]).lower()


def prefix_term(word: str) -> str:
    """The term of a prefix typed by a user (``الأمريك*``): no lexicon split, which
    needs whole words, just the article and normalisation."""
    norm = normalize_text(word).lower()
    for clitic in ("وال", "فال", "بال", "كال", "لل", "ال"):
        if norm.startswith(clitic) and len(norm) > len(clitic) + 1:
            norm = norm[len(clitic):]
            break
    return _fold_variants(norm)


def words(text: str) -> list[str]:
    """The words and numbers of ``text``."""
    return _WORD.findall(text)


def index_text(text: str) -> str:
    """``text`` as space-separated index terms, ready for a full-text index."""
    return " ".join(term(w) for w in _WORD.findall(text))


def term_spans(text: str) -> list[tuple[int, int, str]]:
    """Each word of ``text`` as (start, end, term), offsets into ``text`` itself."""
    return [(m.start(), m.end(), term(m.group())) for m in _WORD.finditer(text)]
