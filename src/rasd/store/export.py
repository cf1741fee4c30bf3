"""Exports: the records as JSON Lines, or the tables as CSV or Parquet files.

CSV and Parquet write one file per table of :data:`rasd.store.base.EXPORT_TABLES`.
Parquet needs pyarrow (``pip install rasd[parquet]``); without it the error says so.
Rows stream from the store, so CSV and JSONL exports run in flat memory.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Any

from rasd.errors import StoreError
from rasd.store.base import EXPORT_TABLES


def export(store: Any, fmt: str, out: str | None) -> dict[str, int]:
    """Write the export; return rows written per file."""
    if fmt == "jsonl":
        return {out or "<stdout>": _jsonl(store, out)}
    if not out:
        raise StoreError(f"--format {fmt} writes one file per table: give a folder with --out")
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        return {str(folder / f"{t}.csv"): _csv(store, t, folder / f"{t}.csv") for t in EXPORT_TABLES}
    if fmt == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError as exc:
            raise StoreError("Parquet export needs pyarrow: pip install 'rasd[parquet]' (or use --format csv)") from exc
        return {str(folder / f"{t}.parquet"): _parquet(store, t, folder / f"{t}.parquet") for t in EXPORT_TABLES}
    raise StoreError(f"unknown export format {fmt!r}; formats are: jsonl, csv, parquet")


def _jsonl(store: Any, out: str | None) -> int:
    n = 0
    fh = open(out, "w", encoding="utf-8") if out else sys.stdout  # noqa: SIM115
    try:
        for rec in store.iter_records():
            fh.write(rec + "\n")
            n += 1
    finally:
        if out:
            fh.close()
    return n


def _csv(store: Any, table: str, path: Path) -> int:
    n = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer: csv.DictWriter[str] | None = None
        for row in store.iter_table(table):
            if writer is None:
                writer = csv.DictWriter(fh, fieldnames=list(row))
                writer.writeheader()
            writer.writerow(row)
            n += 1
        if writer is None:  # an empty table still gets its header
            cols = store.table_columns(table)
            csv.writer(fh).writerow(cols)
    return n


def _parquet(store: Any, table: str, path: Path, chunk: int = 10_000) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    cols = store.table_columns(table)
    writer = None
    schema = None
    n = 0
    rows: list[dict[str, Any]] = []

    def flush() -> None:
        nonlocal writer, schema
        if schema is None:  # from the first chunk; all-null columns become strings
            inferred = pa.Table.from_pylist(rows).schema if rows else None
            schema = pa.schema([(c, pa.string() if inferred is None or pa.types.is_null(inferred.field(c).type)
                                 else inferred.field(c).type) for c in cols])
            writer = pq.ParquetWriter(str(path), schema)
        assert writer is not None
        writer.write_table(pa.Table.from_pylist(rows, schema=schema))
        rows.clear()

    for row in store.iter_table(table):
        rows.append(row)
        n += 1
        if len(rows) >= chunk:
            flush()
    if rows or writer is None:
        flush()
    if writer is not None:
        writer.close()
    return n
