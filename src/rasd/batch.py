"""Run a function over many inputs on every core, in bounded memory.

:func:`run_many` is the one place rasd fans work out: chunks of items go to a
process pool and results come back as they finish, with at most
``workers * max_pending`` chunks in flight, so memory stays flat whatever the
corpus size (``Executor.map`` would read the whole input first).  A failure on
one item is returned as that item's error, never raised, so one bad article does
not stop a run.  ``engine="local"`` runs in-process (tests, debugging, one core);
``engine="dask"`` runs the same function on a Dask cluster (:mod:`rasd.batch_dask`).

:func:`analyze_item` is the ingest work unit: HTML extraction, the pipeline, and
flattening into store rows, all in the worker.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from itertools import islice
from typing import Generic, TypeVar

from rasd.errors import RasdError

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Outcome(Generic[T, R]):
    """The result of one item, or the error message it produced."""

    item: T
    value: R | None
    error: str | None = None


def _run_chunk(fn: Callable[[T], R], chunk: list[T]) -> list[Outcome[T, R]]:
    return [Outcome(item, value, error) for item, (value, error) in zip(chunk, _results(fn, chunk), strict=True)]


def _results(fn: Callable[[T], R], chunk: list[T]) -> list[tuple[R | None, str | None]]:
    """``(value, error)`` of each item of ``chunk``, in order.

    What a pool worker sends back: the parent still holds the chunk and pairs each
    result with its item, so an input (a whole article's text or HTML) is never
    pickled back to the parent.
    """
    out: list[tuple[R | None, str | None]] = []
    for item in chunk:
        try:
            out.append((fn(item), None))
        except RasdError as exc:
            out.append((None, str(exc)))
        except Exception as exc:  # a bug on one input must not stop the run
            out.append((None, f"{type(exc).__name__}: {exc}"))
    return out


def default_workers() -> int:
    """All usable cores."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


#: Pool workers are replaced after this many items, so that whatever the analysis
#: caches or leaks in a worker is bounded by this, not by the corpus size.  The caches
#: are bounded themselves (one process peaks at about 440 MB over all 17,641 SaudiNewsNet
#: articles), and a new worker starts cold: it loads the models and meets every word for
#: the first time, at about half a warm worker's rate.  So the pool lives long: 20,000
#: items (2,000 before made ingest 1.11x slower over 6,000 articles on 2 cores).
RECYCLE_AFTER = 20000


def run_many(fn: Callable[[T], R], items: Iterable[T], *, workers: int | None = None, chunk_size: int = 8,
             max_pending: int = 4, engine: str = "process", scheduler: str | None = None,
             recycle_after: int | None = RECYCLE_AFTER) -> Iterator[Outcome[T, R]]:
    """Apply ``fn`` to every item; yield outcomes as chunks finish (not in input order).

    ``fn`` must be a module-level function (it is pickled to the workers).
    The process pool is replaced by a fresh one every ``recycle_after`` items
    (None: never), which keeps the workers' memory flat.  (``max_tasks_per_child``
    would do it per worker, but hangs on Python 3.11.)
    ``engine``: "process" (alias "pool"), "local", or "dask" (:mod:`rasd.batch_dask`;
    ``scheduler`` is its address, None for a LocalCluster of ``workers`` processes).
    """
    if engine == "dask":
        from rasd.batch_dask import run_dask

        yield from run_dask(fn, items, scheduler=scheduler, workers=workers, chunk_size=chunk_size,
                            max_pending=max_pending)
        return
    if engine == "pool":
        engine = "process"
    workers = workers or default_workers()
    it = iter(items)
    if engine == "local" or workers == 1:
        while chunk := list(islice(it, chunk_size)):
            yield from _run_chunk(fn, chunk)
        return
    if engine != "process":
        raise RasdError(f"unknown batch engine {engine!r}; engines are: pool (process), dask, local")
    state = {"exhausted": False}
    while not state["exhausted"]:  # one pool per generation of ``recycle_after`` items
        yield from _one_pool(fn, it, workers, chunk_size, max_pending, recycle_after or 0, state)


def _one_pool(fn: Callable[[T], R], it: Iterator[T], workers: int, chunk_size: int, max_pending: int,
              budget: int, state: dict[str, bool]) -> Iterator[Outcome[T, R]]:
    """Run up to ``budget`` items (0: all) through a fresh pool; note when the input ran out."""
    submitted = 0
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: dict[Future[list[tuple[R | None, str | None]]], list[T]] = {}

        def fill() -> None:
            nonlocal submitted
            while len(pending) < workers * max_pending and (not budget or submitted < budget):
                chunk = list(islice(it, chunk_size))
                if not chunk:
                    state["exhausted"] = True
                    return
                pending[pool.submit(_results, fn, chunk)] = chunk
                submitted += len(chunk)

        fill()
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                chunk = pending.pop(fut)
                for item, (value, error) in zip(chunk, fut.result(), strict=True):
                    yield Outcome(item, value, error)
            fill()
    if not budget:
        state["exhausted"] = True


# --------------------------------------------------------------------- ingest unit


@dataclass(frozen=True, slots=True)
class Analysed:
    """What an ingest worker sends back: the rows to store, and the record's warnings
    (so the parent reports them without parsing the record again)."""

    prepared: object  # rasd.store.rows.PreparedArticle
    warnings: tuple[str, ...] = ()


def analyze_item(item: object) -> Analysed:
    """Analyse one :class:`rasd.ingest.sources.WorkItem` into a store-ready row set."""
    from rasd.ingest.sources import WorkItem
    from rasd.store.rows import prepare
    from rasd.work import article_of

    assert isinstance(item, WorkItem)
    article = article_of(item)
    return Analysed(prepare(article), article.warnings)
