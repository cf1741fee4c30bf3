"""The NER tagger: the committed model, loaded once, over one sentence of words.

``tag_sentence(words)`` gives one BIO label per word (labels PER, ORG, LOC, MISC:
the model learns ANERcorp's label set, where GPE and LOC are one label; the entity
stage lets the gazetteer tell countries and cities from other places).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

from rasd.errors import ResourceError
from rasd.ner.crf import CrfModel, load_model
from rasd.ner.features import gazetteer_tags

MODEL_PATH = "resources/models/ner.npz"


@lru_cache(maxsize=1)
def model() -> CrfModel:
    """The committed NER model (read on first use, then kept)."""
    path = resources.files("rasd").joinpath(MODEL_PATH)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ResourceError(f"the NER model {MODEL_PATH} is missing: reinstall rasd or run "
                            "training/train_ner.py") from exc
    return load_model(data, MODEL_PATH)


def tag_sentence_with(crf: CrfModel, words: Sequence[str]) -> list[str]:
    """BIO labels for ``words`` from ``crf`` (the gazetteer tags are computed here)."""
    if not words:
        return []
    return crf.tag(words, gazetteer_tags(words))


def tag_sentence(words: Sequence[str]) -> list[str]:
    """BIO labels for one sentence of words, from the committed model."""
    return tag_sentence_with(model(), words)


def chunks(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """``(start, end, label)`` word ranges of the BIO labels (conlleval's reading:
    an ``I-`` after ``O`` or after another label starts a new chunk)."""
    out: list[tuple[int, int, str]] = []
    start, lab = -1, ""
    for i, t in enumerate([*tags, "O"]):
        p, _, cur = t.partition("-")
        if p in ("B", "O") or (p == "I" and cur != lab):
            if lab:
                out.append((start, i, lab))
            start, lab = (i, cur) if p in ("B", "I") else (-1, "")
    return out
