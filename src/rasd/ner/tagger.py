"""The NER tagger: the committed two-pass model, loaded once, over sentences of words.

Pass 1 (``ner.npz``) tags each sentence alone, seeing which words form a name the
training data tagged (:mod:`rasd.ner.memory`, ``ner_names.tsv.gz``); pass 2
(``ner_doc.npz``, when training made one) tags it
again knowing which stems pass 1 tagged as entities elsewhere in the document
(:mod:`rasd.ner.document`).  Labels are BIO over PER, ORG, LOC, MISC: the model
learns ANERcorp's label set, where GPE and LOC are one label; the entity stage lets
the gazetteer tell countries and cities from other places.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

from rasd.errors import ResourceError
from rasd.ner import document, memory, sports
from rasd.ner.bio import chunks
from rasd.ner.combine import Chunk, combine, join_person_runs
from rasd.ner.crf import CrfModel, load_model
from rasd.ner.features import Match, gazetteer_tags, tags_from_matches
from rasd.resources import gazetteers as gaz

MODEL_DIR = "resources/models"
#: The first-pass model, and the optional document (second-pass) model.
MODEL_FILES = ("ner.npz", "ner_doc.npz")
#: The names of the training data (:mod:`rasd.ner.memory`) are ``resources/models/ner_names.tsv.gz``.

__all__ = ["chunks", "model", "models", "tag_document", "tag_document_with", "tag_sentence"]


@lru_cache(maxsize=2)
def model(name: str) -> CrfModel:
    """One committed model file (read on first use, then kept)."""
    rel = f"{MODEL_DIR}/{name}"
    try:
        data = resources.files("rasd").joinpath(rel).read_bytes()
    except OSError as exc:
        raise ResourceError(f"the NER model {rel} is missing: reinstall rasd or run training/train_ner.py") from exc
    return load_model(data, rel)


@lru_cache(maxsize=1)
def models() -> tuple[CrfModel, CrfModel | None]:
    """The first-pass model and the second-pass one (None when training made none)."""
    second = MODEL_FILES[1]
    has_second = resources.files("rasd").joinpath(f"{MODEL_DIR}/{second}").is_file()
    return model(MODEL_FILES[0]), (model(second) if has_second else None)


def tag_document_with(first: CrfModel, second: CrfModel | None, sentences: Sequence[Sequence[str]],
                      window: int | None = None,
                      matches: Sequence[Sequence[Match]] | None = None,
                      lexicon: memory.Lexicon | None = None) -> list[list[str]]:
    """BIO labels for every sentence of a document (two passes; one if ``second`` is None).

    ``window``: sentences either side that count as the document for the second
    pass (``None``: all of them).  ``matches``: the gazetteer matches of every
    sentence, when the caller has them already.  ``lexicon``: the training names
    (``None``: the committed ones).
    """
    if matches is None:
        gaz = [gazetteer_tags(s) if s else [] for s in sentences]
    else:
        gaz = [tags_from_matches(len(s), m) for s, m in zip(sentences, matches, strict=True)]
    lex = memory.committed() if lexicon is None else lexicon
    mem = [memory.features(s, lex) for s in sentences]
    first_tags = first.tag_many(sentences, gaz, mem)
    if second is None:
        return first_tags
    maps = [document.sentence_stem_labels(s, t) for s, t in zip(sentences, first_tags, strict=True)]
    contexts = document.windowed(maps, window)
    extras = [[(*d, *x) for d, x in zip(document.doc_features(s, ctx), m, strict=True)]
              for s, ctx, m in zip(sentences, contexts, mem, strict=True)]
    return second.tag_many(sentences, gaz, extras)


def tag_document(sentences: Sequence[Sequence[str]], window: int | None = None,
                 matches: Sequence[Sequence[Match]] | None = None) -> list[list[str]]:
    """BIO labels for every sentence of a document, from the committed models."""
    first, second = models()
    return tag_document_with(first, second, sentences, window, matches)


def tag_sentence(words: Sequence[str]) -> list[str]:
    """BIO labels for one sentence taken as a whole document."""
    return tag_document([words])[0]


def name_chunks(sentences: Sequence[Sequence[str]], window: int | None = None,
                spread: bool = True, gazetteer: bool = True) -> list[list[Chunk]]:
    """Names of every sentence: model tags, joined with the gazetteer
    (:func:`rasd.ner.combine.combine`), then spread to the other occurrences of each
    name in the document (:func:`rasd.ner.document.propagate`) when ``spread``, and
    touching person chunks joined (:func:`rasd.ner.combine.join_person_runs`)."""
    first, second = models()
    return name_chunks_with(first, second, sentences, window, spread, gazetteer)


def name_chunks_with(first: CrfModel, second: CrfModel | None, sentences: Sequence[Sequence[str]],
                     window: int | None = None, spread: bool = True, gazetteer: bool = True,
                     lexicon: memory.Lexicon | None = None) -> list[list[Chunk]]:
    """:func:`name_chunks` with the given models and training names (training scores
    its models this way)."""
    matches = [gaz.match_tokens(s) if s else [] for s in sentences]
    tags = tag_document_with(first, second, sentences, window, matches, lexicon)
    sport = sports.sports_flags(sentences, window)
    found = [combine(s, t, gazetteer, m, f) for s, t, m, f in zip(sentences, tags, matches, sport, strict=True)]
    if spread:
        found = document.propagate(sentences, found, window)
    return [join_person_runs(s, f) for s, f in zip(sentences, found, strict=True)]
