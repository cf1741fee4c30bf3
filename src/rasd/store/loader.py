"""``ingest``: inputs -> worker pool -> store, in batches, resumably.

The parent reads inputs lazily, skips any text whose content hash is already
stored (so a rerun after a crash only analyses what is missing), sends the rest to
:func:`rasd.batch.run_many`, and writes results in batches of ``batch_size``, one
transaction each.  Killing the process loses at most the batch being written.
Bad inputs and failed analyses are reported with their position; the run goes on.
Duplicates and stories are then recomputed, and with them any such work an earlier
run left owed (killed during it, or run with ``cluster=False``): see
:mod:`rasd.store.pending`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from rasd.article import text_id
from rasd.batch import Analysed, analyze_item, run_many
from rasd.crashpoints import crash_point
from rasd.errors import InputError
from rasd.ingest.crawl import WarcFile, expand_lists, iter_partitions
from rasd.ingest.sources import WorkItem, count_items, iter_items
from rasd.pipeline import prepare_text
from rasd.store.postgres import PostgresStore
from rasd.store.rows import PreparedArticle
from rasd.store.sqlite import SQLiteStore
from rasd.work import at


@dataclass(slots=True)
class IngestReport:
    """What an ingest run did."""

    seen: int = 0
    added: int = 0
    already_stored: int = 0
    errors: list[str] = field(default_factory=list)
    clusters: dict[str, int] = field(default_factory=dict)
    warned: int = 0  # records stored with warnings (a failed optional stage, a mixed-encoding file)

    def as_dict(self) -> dict[str, object]:
        return {"seen": self.seen, "added": self.added, "already_stored": self.already_stored,
                "errors": len(self.errors), "warned": self.warned, "clusters": self.clusters}


def ingest_paths(store: SQLiteStore | PostgresStore, paths: list[str], *, workers: int | None = None,
                 batch_size: int = 64, chunk_size: int = 8, progress: bool = True, cluster: bool = True,
                 on_error: Callable[[str], None] | None = None, on_warning: Callable[[str], None] | None = None,
                 engine: str = "process",
                 scheduler: str | None = None, warc_prefix: str | None = None) -> IngestReport:
    """Analyse and store every article in ``paths`` (see the module docstring).

    ``engine="dask"`` analyses on a Dask cluster (``scheduler``, or a LocalCluster),
    whose workers read WARC files themselves; lists of WARC paths (``*.paths``,
    ``*.paths.gz``) are expanded, relative entries under ``warc_prefix``.
    """
    report = IngestReport()
    paths = expand_lists(paths, warc_prefix)

    def error(msg: str) -> None:
        report.errors.append(msg)
        (on_error or _print_error)(msg)

    def todo() -> Iterator[WorkItem | WarcFile]:
        for item in iter_partitions(paths) if engine == "dask" else iter_items(paths):
            if isinstance(item, WarcFile):  # read by the Dask workers; its pages counted as outcomes
                yield item
                continue
            if isinstance(item, InputError):
                report.seen += 1
                error(str(item))
                bar.update(1)
                continue
            try:
                stored = item.text is not None and item.record is None and \
                    store.has_article(text_id(prepare_text(item.text)))
            except InputError as exc:  # text with no id (not storable Unicode): this record only
                report.seen += 1
                error(at(item.position, str(exc)))
                bar.update(1)
                continue
            if stored:
                report.seen += 1
                report.already_stored += 1
                bar.update(1)
                continue
            yield item

    bar = _progress(count_items(paths) if progress else None, progress)
    batch: list[PreparedArticle] = []

    def flush() -> None:
        if batch:
            res = store.add_articles(batch)
            report.added += res.added
            report.already_stored += res.skipped
            batch.clear()
            crash_point("ingest.batch")

    try:
        for outcome in run_many(analyze_item, todo(), workers=workers, chunk_size=chunk_size, engine=engine,
                                scheduler=scheduler):
            report.seen += 1
            bar.update(1)
            if outcome.error is not None:
                assert isinstance(outcome.item, WorkItem)
                error(at(outcome.item.position, outcome.error))
                continue
            assert isinstance(outcome.value, Analysed) and isinstance(outcome.value.prepared, PreparedArticle)
            if outcome.value.warnings:
                assert isinstance(outcome.item, WorkItem)
                report.warned += 1
                for w in outcome.value.warnings:
                    (on_warning or _print_error)(f"{outcome.item.position}: warning: {w}")
            batch.append(outcome.value.prepared)
            if len(batch) >= batch_size:
                flush()
        flush()
    finally:
        bar.close()
    crash_point("ingest.stored")
    if cluster:  # what this run added, and whatever a killed or --no-cluster run left owed
        report.clusters = store.finish_pending_work().get("clusters", {})
    return report


def _print_error(msg: str) -> None:
    print(f"rasd: {msg}", file=sys.stderr)


class _NoBar:
    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def _progress(total: int | None, enabled: bool) -> Any:
    """A tqdm bar on stderr (rate and ETA), or a silent stand-in."""
    if not enabled:
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, unit="art", desc="ingest", file=sys.stderr, dynamic_ncols=True,
                smoothing=0.1, mininterval=0.5)
