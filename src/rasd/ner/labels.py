"""From the model's labels to rasd's: the gazetteer tells GPE from LOC.

The model learns ANERcorp's single place label (LOC).  A place chunk whose name
the gazetteer knows as a country, capital, city or province becomes GPE; other
places stay LOC.
"""

from __future__ import annotations

from collections.abc import Sequence

from rasd.arabic.clitics import segment
from rasd.ner.bio import chunks
from rasd.resources import gazetteers as gaz


def place_label(name: str) -> str:
    """GPE or LOC for a place name (LOC when the gazetteer does not know it)."""
    entry = gaz.lookup(name)
    if entry is not None and entry.label in ("GPE", "LOC"):
        return entry.label
    return "LOC"


def refine_places(words: Sequence[str], tags: Sequence[str]) -> list[str]:
    """BIO tags with LOC chunks relabelled GPE where the gazetteer says so."""
    out = list(tags)
    for s, e, lab in chunks(tags):
        if lab != "LOC":
            continue
        name = " ".join([segment(words[s]).stem, *words[s + 1 : e]])
        new = place_label(name)
        if new != lab:
            for i in range(s, e):
                out[i] = f"{'B' if i == s else 'I'}-{new}"
    return out
