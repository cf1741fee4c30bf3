"""English names for entities: gazetteers first, then romanisation for person names.

``english_name(canonical, label)`` returns ``(en, en_source)``:

* ``gazetteer``: the name is a known place, organisation or person (the hand lists and
  the full-name table from arabic-name-romanizer count as gazetteers);
* ``romanized``: a person name not in any table, transliterated by arabic-name-romanizer
  (dictionary of attested spellings per name part, then spelling rules);
* ``None``: nothing trustworthy (a non-person name the gazetteers do not know).

The romaniser only ever sees a name span (at most :data:`MAX_ROMANIZE_WORDS` Arabic
words), never a sentence.  It is loaded lazily on the first person name and runs offline:
its name index ships inside the package.

Why rules and not the model by default: arabic-name-romanizer can also run a small ONNX
sequence model for name parts its dictionary lacks.  That model costs ~20 ms per name
(against ~0.2 ms for dictionary + rules) and made romanisation the slowest step of
``analyze`` (issue 3's speed target), while the names that reach it are the rare ones
and neither spelling is checked against a gold English form.  Set the environment
variable ``RASD_ROMANIZER=model`` (read when the first name is romanised) to use the
model; anything else, or nothing, means dictionary + rules.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from typing import Any

from rasd.resources.gazetteers import lookup, person

#: Longest span handed to the romaniser; longer "names" are a tagging error.
MAX_ROMANIZE_WORDS = 6
_PLACE_LABELS = frozenset({"GPE", "LOC"})
_ARABIC_WORD = re.compile(r"[\u0621-\u064a\u0671-\u06d3]+")
_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")
#: Environment variable that opts into the romaniser's ONNX model (value ``model``).
ROMANIZER_ENV = "RASD_ROMANIZER"


def use_model() -> bool:
    """True when ``RASD_ROMANIZER=model`` asks for the romaniser's ONNX model."""
    return os.environ.get(ROMANIZER_ENV, "").strip().lower() == "model"


def _compatible(entry_label: str, label: str) -> bool:
    """A gazetteer entry names the entity if the labels agree (GPE and LOC count as one)."""
    return entry_label == label or (entry_label in _PLACE_LABELS and label in _PLACE_LABELS)


@lru_cache(maxsize=2)
def _transliterator(model: bool) -> Any:
    from arabic_name_romanizer import Transliterator

    return Transliterator(auto_load_model=model)


def romanize(name: str) -> str | None:
    """Latin spelling of an Arabic person name span, or None when it is not one.

    Diacritics, tatweel and punctuation are dropped first; more than
    :data:`MAX_ROMANIZE_WORDS` words is refused (a sentence is not a name).
    """
    words = _ARABIC_WORD.findall(_MARKS.sub("", name))
    if not words or len(words) > MAX_ROMANIZE_WORDS:
        return None
    return _romanize_words(" ".join(words), use_model())


@lru_cache(maxsize=16384)
def _romanize_words(words: str, model: bool) -> str | None:
    """The romaniser's spelling of clean name words (cached: names repeat across articles)."""
    out = _transliterator(model).transliterate(words)
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
