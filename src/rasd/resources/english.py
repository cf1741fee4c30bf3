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


#: Name parts (given names, surnames) whose dictionary rows are kept in memory: the same
#: parts recur in name after name (محمد، عبد، الله), each a SQLite query and a row merge
#: (about 1 kB a part: ~2 MB full).
UNIT_CACHE = 2048
#: Whole names whose rows are kept: the romaniser asks for a name twice in a row.
FULL_CACHE = 64


class _CachedIndex:
    """The romaniser's name index (a read-only SQLite file) with its answers kept.

    ``lookup_unit`` and ``lookup_full`` read fixed rows and merge them by the arguments
    alone, so the same arguments always give the same spellings: keeping them changes
    no romanisation.  Each answer is handed out as a new list, as the index does.
    Everything else is the index's own.
    """

    def __init__(self, index: Any) -> None:
        self._index = index
        self._unit = lru_cache(maxsize=UNIT_CACHE)(self._read_unit)
        self._full = lru_cache(maxsize=FULL_CACHE)(self._read_full)

    def _read_unit(self, key: str, country: str | None, role: str | None, script: str) -> tuple[Any, ...]:
        return tuple(self._index.lookup_unit(key, country, role, script))

    def _read_full(self, key: str, country: str | None, script: str) -> tuple[Any, ...]:
        return tuple(self._index.lookup_full(key, country, script))

    def lookup_unit(self, key: str, country: str | None = None, role: str | None = None,
                    script: str = "arabic") -> list[Any]:
        """The index's variants of one name part (kept per part)."""
        return list(self._unit(key, country, role, script))

    def lookup_full(self, key: str, country: str | None = None, script: str = "arabic") -> list[Any]:
        """The index's variants of a whole name (kept for the last few names)."""
        return list(self._full(key, country, script))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._index, name)


@lru_cache(maxsize=2)
def _transliterator(model: bool) -> Any:
    from arabic_name_romanizer import Transliterator

    t: Any = Transliterator(auto_load_model=model)  # Any: its index becomes a _CachedIndex
    if getattr(t, "index", None) is not None:
        t.index = _CachedIndex(t.index)
    return t


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
