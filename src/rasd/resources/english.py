"""English names for entities: gazetteers first, then romanisation for person names.

``english_name(canonical, label)`` returns ``(en, en_source)``:

* ``gazetteer``: the name is a known place, organisation or person (the hand lists and
  the full-name table from arabic-name-romanizer count as gazetteers);
* ``romanized``: a person name not in any table, transliterated by arabic-name-romanizer
  (dictionary of attested spellings per name part, then its small bundled ONNX model);
* ``None``: nothing trustworthy (a non-person name the gazetteers do not know).

The romaniser only ever sees a name span (at most :data:`MAX_ROMANIZE_WORDS` Arabic
words), never a sentence.  It is loaded lazily on the first person name and runs offline:
its model and name index ship inside the package.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from rasd.resources.gazetteers import lookup, person

#: Longest span handed to the romaniser; longer "names" are a tagging error.
MAX_ROMANIZE_WORDS = 6
_PLACE_LABELS = frozenset({"GPE", "LOC"})
_ARABIC_WORD = re.compile(r"[\u0621-\u064a\u0671-\u06d3]+")


def _compatible(entry_label: str, label: str) -> bool:
    """A gazetteer entry names the entity if the labels agree (GPE and LOC count as one)."""
    return entry_label == label or (entry_label in _PLACE_LABELS and label in _PLACE_LABELS)


@lru_cache(maxsize=1)
def _transliterator() -> Any:
    from arabic_name_romanizer import Transliterator

    return Transliterator()


@lru_cache(maxsize=16384)
def romanize(name: str) -> str | None:
    """Latin spelling of an Arabic person name span, or None when it is not one.

    Diacritics, tatweel and punctuation are dropped first; more than
    :data:`MAX_ROMANIZE_WORDS` words is refused (a sentence is not a name).
    """
    words = _ARABIC_WORD.findall(re.sub("[\u064b-\u065f\u0670\u0640]", "", name))
    if not words or len(words) > MAX_ROMANIZE_WORDS:
        return None
    out = _transliterator().transliterate(" ".join(words))
    return out.strip() or None if isinstance(out, str) else None


def english_name(canonical: str, label: str) -> tuple[str | None, str | None]:
    """``(en, en_source)`` for an entity's Arabic canonical name and its label."""
    if not canonical or not canonical.strip():
        return None, None
    if label == "PER":
        hit = person(canonical)
        if hit is not None and hit.en:
            return hit.en, "gazetteer"
    entry = lookup(canonical)
    if entry is not None and entry.en and _compatible(entry.label, label):
        return entry.en, "gazetteer"
    if label == "PER":
        roman = romanize(canonical)
        if roman:
            return roman, "romanized"
    return None, None
