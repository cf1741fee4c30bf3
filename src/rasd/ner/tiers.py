"""Names of sentences from the NER tier in force (:mod:`rasd.settings`).

The one hook between the callers that want names (the entity stage, ``rasd ner``)
and the two taggers: ``fast`` is :func:`rasd.ner.tagger.name_chunks`; ``accurate``
runs the same steps (gazetteer rules, spreading, joining) with the e5-informed CRF of
:mod:`rasd.ner.accurate` in place of the fast one.
"""

from __future__ import annotations

from collections.abc import Sequence

from rasd import settings
from rasd.ner import tagger
from rasd.ner.combine import Chunk


def name_chunks(sentences: Sequence[Sequence[str]], window: int | None = None,
                spread: bool = True, gazetteer: bool = True) -> list[list[Chunk]]:
    """:func:`rasd.ner.tagger.name_chunks` with the tier chosen by the settings."""
    if settings.current().ner != "accurate":
        return tagger.name_chunks(sentences, window, spread, gazetteer)
    from rasd.ner import accurate

    model, vectors = accurate.model()
    vectors.prepare(sentences)  # the encoder then reads them a batch at a time, in order
    return tagger.name_chunks_with(model, None, sentences, window, spread, gazetteer)
