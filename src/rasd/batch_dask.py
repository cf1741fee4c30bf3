"""The Dask engine of :func:`rasd.batch.run_many`: the same function, on a cluster.

rasd has no scheduler of its own.  With ``--engine dask`` the work that the
process pool would do goes to a Dask distributed cluster (``--scheduler
tcp://host:8786``), or to a ``LocalCluster`` of worker processes when no address
is given.  What this module adds on top of Dask:

* Partitions.  Items are grouped in chunks of ``chunk_size``; one task analyses a
  chunk.  A :class:`rasd.ingest.crawl.WarcFile` becomes one task that indexes
  the file on a worker, then one task per slice of its pages, so WARCs are read by
  the workers, never shipped through the client.
* Bounded work in flight.  At most ``workers * max_pending`` tasks are submitted
  at once and results are yielded as they finish (``as_completed``), so the client
  holds a few chunks, never the corpus, and the caller writes results to the
  store in batches as they arrive.
* Resources once per worker.  A worker plugin analyses the bundled sample article
  when a worker starts (or restarts), which loads every model and gazetteer into
  that worker process once; every later task reuses them.
* Failures.  A record that fails is returned as that record's error (as in the
  pool).  A worker that dies has its tasks rerun elsewhere by Dask; a task whose
  workers keep dying (``KilledWorker``) is split into single records so that only
  the record that kills workers is reported and the rest are analysed.  Writes are
  idempotent (the article id is its content hash), so a rerun task cannot store an
  article twice.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from rasd.article import Source
from rasd.batch import Outcome, _run_chunk
from rasd.errors import RasdError

#: Pages of one WARC per task.
WARC_SLICE = 32
_END = object()


def warm_up() -> None:
    """Load every stage's resources in this process by analysing the bundled sample."""
    from importlib import resources

    from rasd.pipeline import analyze

    sample = resources.files("rasd.examples").joinpath("articles/alarab-2020-11-18-kadhimi.txt")
    analyze(sample.read_text(encoding="utf-8"))


def _plugin() -> Any:
    from distributed.diagnostics.plugin import WorkerPlugin

    class RasdResources(WorkerPlugin):
        """Loads rasd's resources once in each worker process, at start-up."""

        name = "rasd-resources"

        def setup(self, worker: Any) -> None:
            try:
                warm_up()
            except Exception:  # a broken resource shows up as each record's error instead
                logging.getLogger("rasd").exception("rasd: warming up the worker failed")

    return RasdResources()


def connect(scheduler: str | None, workers: int | None) -> tuple[Any, Any]:
    """A client for ``scheduler``, or for a new LocalCluster of ``workers`` processes
    (one thread each: the pipeline is pure Python, threads would share one GIL)."""
    from distributed import Client, LocalCluster

    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="30s")
        else:
            from rasd.batch import default_workers

            cluster = LocalCluster(n_workers=workers or default_workers(), threads_per_worker=1, processes=True,
                                   dashboard_address=":0", silence_logs=logging.ERROR)
            client = Client(cluster)
    except (OSError, TimeoutError) as exc:
        if cluster is not None:
            cluster.close()
        where = scheduler or "a LocalCluster"
        raise RasdError(f"cannot reach the Dask scheduler at {where} ({exc}); check the address "
                        "(tcp://host:8786) and that `dask scheduler` is running") from exc
    try:
        client.register_plugin(_plugin())
    except Exception as exc:
        client.close()
        if cluster is not None:
            cluster.close()
        raise RasdError(f"the Dask workers could not load rasd ({type(exc).__name__}: {exc}); install the same "
                        "rasd version on every worker: pip install 'rasd[scale]'") from exc
    return client, cluster


def _light(item: object) -> object:
    """An item without its payload (text, HTML), to send back with its outcome."""
    from rasd.ingest.sources import WorkItem

    if isinstance(item, WorkItem):
        return dataclasses.replace(item, text=None, html=None, record=None)
    return item


def run_chunk(fn: Callable[[Any], Any], chunk: list[Any]) -> list[Outcome[Any, Any]]:
    """One task: ``fn`` over a chunk, each outcome without the input's payload."""
    return [dataclasses.replace(o, item=_light(o.item)) for o in _run_chunk(fn, chunk)]


def index_task(path: str) -> tuple[list[int], str | None]:
    """One task: the offsets of a WARC's HTML pages."""
    from rasd.ingest.crawl import index_warc

    return index_warc(path)


def warc_slice_task(fn: Callable[[Any], Any], path: str, offsets: list[int]) -> list[Outcome[Any, Any]]:
    """One task: read the pages at ``offsets`` of a WARC and apply ``fn`` to each."""
    from rasd.errors import InputError
    from rasd.ingest.crawl import read_warc_slice

    items: list[Any] = []
    out: list[Outcome[Any, Any]] = []
    for item in read_warc_slice(path, offsets):
        if isinstance(item, InputError):
            position, _, message = str(item).partition(": ")
            out.append(Outcome(_error_item(position, path), None, message))
        else:
            items.append(item)
    return out + run_chunk(fn, items)


def _error_item(position: str, path: str | None = None) -> object:
    from rasd.ingest.sources import WorkItem

    return WorkItem(position, Source(path=path))


def run_dask(fn: Callable[[Any], Any], items: Iterable[Any], *, scheduler: str | None = None,
             workers: int | None = None, chunk_size: int = 8, max_pending: int = 4) -> Iterator[Outcome[Any, Any]]:
    """Apply ``fn`` to every item on a Dask cluster; yield outcomes as tasks finish.

    ``items`` may mix plain items (analysed in chunks) and :class:`WarcFile`
    values (read by the workers).  See the module docstring.
    """
    from distributed import as_completed
    from distributed.client import FutureCancelledError
    from distributed.scheduler import KilledWorker

    from rasd.ingest.crawl import WarcFile

    client, cluster = connect(scheduler, workers)
    try:
        limit = max(1, sum(client.nthreads().values())) * max_pending
        source = iter(items)
        exhausted = False
        queued: deque[tuple[str, Any]] = deque()  # (kind, payload) waiting for a place in flight
        meta: dict[Any, tuple[str, Any]] = {}
        done = as_completed()

        def submit(kind: str, payload: Any) -> None:
            if kind == "chunk":
                fut = client.submit(run_chunk, fn, payload, pure=False)
            elif kind == "index":
                fut = client.submit(index_task, payload, pure=False)
            else:
                path, offsets = payload
                fut = client.submit(warc_slice_task, fn, path, offsets, pure=False)
            meta[fut] = (kind, payload)
            done.add(fut)

        def fill() -> None:
            nonlocal exhausted
            while len(meta) < limit:
                if queued:  # slices of WARCs already indexed go first
                    submit(*queued.popleft())
                    continue
                if exhausted:
                    return
                chunk: list[Any] = []
                while len(chunk) < chunk_size:
                    item = next(source, _END)
                    if item is _END:
                        exhausted = True
                        break
                    if isinstance(item, WarcFile):
                        submit("index", item.path)
                        break  # recheck the limit: an index task brings many slices
                    chunk.append(item)
                if chunk:
                    submit("chunk", chunk)

        fill()
        for fut in done:
            kind, payload = meta.pop(fut)
            try:
                result = fut.result()
            except (KilledWorker, FutureCancelledError) as exc:
                yield from _retry_smaller(kind, payload, exc, queued)
            except Exception as exc:  # the task itself raised: report its records, go on
                yield from _report(kind, payload, f"{type(exc).__name__}: {exc}")
            else:
                if kind == "index":
                    offsets, error = result
                    for i in range(0, len(offsets), WARC_SLICE):
                        queued.append(("slice", (payload, offsets[i:i + WARC_SLICE])))
                    if error:
                        yield Outcome(_error_item(payload, payload), None, error.removeprefix(f"{payload}: "))
                else:
                    yield from result
            fut.release()
            fill()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _retry_smaller(kind: str, payload: Any, exc: BaseException,
                   queued: deque[tuple[str, Any]]) -> Iterator[Outcome[Any, Any]]:
    """A task whose workers died: split it to find the record that kills them."""
    if kind == "chunk" and len(payload) > 1:
        queued.extend(("chunk", [x]) for x in payload)
        return
    if kind == "slice" and len(payload[1]) > 1:
        path, offsets = payload
        queued.extend(("slice", (path, [o])) for o in offsets)
        return
    yield from _report(kind, payload, f"workers died while analysing this record ({type(exc).__name__})")


def _report(kind: str, payload: Any, message: str) -> Iterator[Outcome[Any, Any]]:
    if kind == "chunk":
        for item in payload:
            yield Outcome(_light(item), None, message)
    elif kind == "index":
        yield Outcome(_error_item(payload, payload), None, message)
    else:
        path, offsets = payload
        for o in offsets:
            yield Outcome(_error_item(f"{path}@{o}", path), None, message)
