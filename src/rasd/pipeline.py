"""The ordered analysis stages and the one function that runs them.

A stage is a pure function ``Article -> Article``.  Each is registered with the
fields it needs and the fields it adds, so a failure names the stage and a caller
can run a prefix of the pipeline (``analyze(text, until="structure")``).
Stages are imported lazily so that ``import rasd`` stays cheap and a stage's models
load once, on first use.

Only the structure stage is essential: without title and paragraphs there is no
record worth storing, so its failure fails the article (:class:`StageError`).
Every later stage enriches a record that already stands, so a bug in one (a number
it cannot parse, a date it cannot resolve) costs that stage's output for that
article, with a line in ``article.warnings``; the article and the other stages
are kept.  A :class:`RasdError` from a stage (a missing model) is never contained:
it is not about one article and would fail every one.
"""

from __future__ import annotations

import gc
import importlib
from collections.abc import Callable
from dataclasses import dataclass, fields, replace

from rasd import limits
from rasd.article import Article, Source
from rasd.errors import RasdError, StageError
from rasd.textcheck import clean_name, require_valid, require_valid_fields

StageFn = Callable[[Article], Article]


@dataclass(frozen=True, slots=True)
class Stage:
    """One step of the pipeline: where its function lives and its contract."""

    name: str
    target: str  # "module:function", imported on first use
    needs: tuple[str, ...]
    adds: tuple[str, ...]

    def load(self) -> StageFn:
        module, _, fn = self.target.partition(":")
        return getattr(importlib.import_module(module), fn)


#: The pipeline, in order.  Later issues append stages here.
STAGES: tuple[Stage, ...] = (
    Stage("structure", "rasd.stages.structure:analyze_structure", ("text",),
          ("title", "subtitle", "published", "dateline", "byline", "highlights", "paragraphs", "noise")),
    Stage("entities", "rasd.stages.entities:analyze_entities", ("title", "subtitle", "highlights", "paragraphs"),
          ("entities",)),
    Stage("roles", "rasd.stages.roles:analyze_roles", ("paragraphs", "entities"), ("entities",)),
    Stage("quotes", "rasd.stages.quotes:analyze_quotes", ("paragraphs", "entities"), ("quotes",)),
    Stage("dates", "rasd.stages.dates:analyze_dates", ("text", "published", "noise"), ("dates",)),
    Stage("quantities", "rasd.stages.quantities:analyze_quantities", ("text", "dates", "noise"), ("quantities",)),
    Stage("events", "rasd.stages.events:analyze_events",
          ("paragraphs", "dateline", "entities", "quotes", "dates", "quantities"),
          ("events", "event_mentions")),
)

#: Stages whose failure fails the article (see the module docstring).
ESSENTIAL: frozenset[str] = frozenset({"structure"})

_LOADED: dict[str, StageFn] = {}


def stage_names() -> list[str]:
    """Names of the stages in pipeline order."""
    return [s.name for s in STAGES]


def run_stages(article: Article, until: str | None = None, skip: tuple[str, ...] = ()) -> Article:
    """Run every stage (up to and including ``until``) on ``article``."""
    if until is not None and until not in stage_names():
        raise RasdError(f"unknown stage {until!r}; stages are: {', '.join(stage_names())}")
    for stage in STAGES:
        if stage.name not in skip:
            fn = _LOADED.get(stage.name)
            if fn is None:
                fn = _LOADED[stage.name] = stage.load()
            try:
                article = fn(article)
            except RasdError:
                raise
            except Exception as exc:  # a bug in a stage: say which stage and keep the cause
                if stage.name in ESSENTIAL:
                    raise StageError(f"stage {stage.name!r} failed on article {article.id}: "
                                     f"{_one_line(exc)}") from exc
                article = replace(article, warnings=(*article.warnings, stage_warning(stage.name, exc)))
        if stage.name == until:
            break
    if until is None and not _SETTLED:
        _settle_heap()
    return article


_SETTLED = False

#: Container allocations between two collections of the youngest generation, once the
#: stages are loaded (Python's default is 700).
GC_YOUNG = 100000
#: Collections of the middle generation between two full collections, once the stages are
#: loaded (Python's default is 10).
GC_OLD = 100


def _settle_heap() -> None:
    """Once per process, after the first article that ran every stage: collect, then
    move every object alive (the models, lexicons and gazetteers the stages have just
    loaded: millions of dicts, strings and tuples) out of the garbage collector's view
    (:func:`gc.freeze`).  They live as long as the process; without this, each full
    collection walks them all again, about 16% of the CPU time of ``analyze``.  Only
    the collector's bookkeeping changes, never a result; tables loaded later are
    collected as before.

    Then the youngest generation is collected after :data:`GC_YOUNG` new container
    objects instead of 700 (a threshold set higher by the application is kept): an
    article makes hundreds of thousands of short-lived tuples (tokens, words, matches)
    that reference counting frees at once, and a young collection every 700 of them
    walked the article's live objects again and again, and pushed them on to the older
    generations' collections (issue 17: 10-12% of the CPU time of a warm ``analyze``,
    measured in one process by turns with ``gc.set_threshold``).  Only garbage in
    reference cycles waits longer, at most that many objects.  Why 100,000 and not the
    20,000 first chosen: Python counts allocations less deallocations, so what sets off a
    young collection in a warm run is the growth of the per-word tables (~200 containers
    an article), and each collection also walks the ~50,000 tokens and words the stages'
    recent-result caches hold at that moment.  Five times fewer collections walk those
    five times less often: 5.2% of the CPU time of a warm ``analyze`` in collections
    against 2.8% (articles 1,500-4,500, ``benchmarks/bench_gc.py --stream``), and 1.07x
    the rate by pairs of processes run at once on the two cores
    (``benchmarks/bench_warm_pairs.py`` against the build before).  A young collection
    then takes ~70 ms, once every few hundred articles.

    And a full collection waits for :data:`GC_OLD` collections of the middle generation,
    not 10.  The per-word tables the stages fill as they go (:func:`rasd.caches.facts`:
    131,072 records, each a container) are not frozen, and with only them alive since
    the freeze, Python's rule (a full collection once a quarter more objects have
    survived) walked all of them every 10 middle collections: 7% of the CPU time of a warm
    ``analyze``, against under 2% at 100 (``benchmarks/bench_gc.py``, by turns in one
    process).  An analysis leaves no reference cycles
    (``tests/test_pipeline_heap.py``), so nothing waits on those collections."""
    global _SETTLED
    _SETTLED = True
    gc.collect()
    gc.freeze()
    young, middle, old = gc.get_threshold()
    gc.set_threshold(max(young, GC_YOUNG), middle, max(old, GC_OLD))


def stage_warning(stage: str, exc: BaseException) -> str:
    """The line recorded when an optional stage fails on an article."""
    return f"stage {stage!r} failed ({_one_line(exc)}); its output is left out of this record"


def _one_line(exc: BaseException) -> str:
    msg = " ".join(str(exc).split())
    msg = msg if len(msg) <= 200 else msg[:199] + "…"
    return f"{type(exc).__name__}: {msg}" if msg else type(exc).__name__


def prepare_text(text: str) -> str:
    """Line endings to ``\\n`` (the only change ever made to an article's text)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def analyze(text: str, source: Source | None = None, until: str | None = None) -> Article:
    """Analyse one article's text and return its record.

    Text (or source metadata) that is not storable Unicode, a lone surrogate or a NUL,
    raises :class:`rasd.errors.InputError`: every way in passes here, so no such
    record reaches the store or a JSON response.  Only a file name that is not UTF-8
    is shown escaped instead (:func:`rasd.textcheck.clean_name`).  A text longer than
    ``RASD_MAX_ARTICLE_CHARS`` raises :class:`rasd.errors.LimitError` (:mod:`rasd.limits`).
    """
    require_valid(text, "")
    lim = limits.current()
    if len(text) > lim.max_article_chars:
        raise lim.too_long(len(text))
    if source is not None:
        if source.path is not None:
            source = replace(source, path=clean_name(source.path))
        require_valid_fields(
            {f.name: getattr(source, f.name) for f in fields(source) if isinstance(getattr(source, f.name), str)},
            "")
    return run_stages(Article.from_text(prepare_text(text), source), until=until)
