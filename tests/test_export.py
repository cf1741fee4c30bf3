"""Exports: JSONL records round-trip; CSV and Parquet tables with their columns."""

from __future__ import annotations

import builtins
import csv
from pathlib import Path

import pytest
from test_store_corpus import sample_articles

from rasd.article import from_json
from rasd.cli import main
from rasd.errors import StoreError
from rasd.store import open_store
from rasd.store.base import EXPORT_TABLES
from rasd.store.export import export


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "e.db"
    with open_store(path) as s:
        s.add_articles(sample_articles())
    return path


def test_export_jsonl_round_trips_records(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.jsonl"
    assert main(["export", "--db", str(db), "--format", "jsonl", "--out", str(out)]) == 0
    got = [from_json(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert got == sample_articles()


def test_export_csv_tables(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    assert main(["export", "--db", str(db), "--format", "csv", "--out", str(folder)]) == 0
    rows = {t: list(csv.DictReader((folder / f"{t}.csv").open(encoding="utf-8"))) for t in EXPORT_TABLES}
    assert len(rows["articles"]) == 4
    assert {r["canonical"] for r in rows["entities"]} == {"مصطفى الكاظمي", "العراق", "واشنطن"}
    assert len(rows["mentions"]) == sum(len(e.mentions) for a in sample_articles() for e in a.entities)
    assert rows["quotes"][0]["content"] == "إن الحوار مع واشنطن مستمر"
    assert rows["events"][0]["type"] == "CONSULT" and rows["events"][0]["actor_country"] == "IRQ"
    # every mention's text is the article text at its offsets
    texts = {a.id: a.text for a in sample_articles()}
    for m in rows["mentions"]:
        assert texts[m["article"]][int(m["start"]):int(m["end"])] == m["text"]


def test_export_csv_empty_store_writes_headers(tmp_path: Path) -> None:
    with open_store(tmp_path / "empty.db") as s:
        export(s, "csv", str(tmp_path / "out"))
    assert (tmp_path / "out" / "quotes.csv").read_text(encoding="utf-8").startswith("article,idx,kind")


def test_export_parquet_without_pyarrow_says_what_to_install(db: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_pyarrow(name: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name.startswith("pyarrow"):
            raise ImportError("no pyarrow")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    with open_store(db) as s, pytest.raises(StoreError, match=r"rasd\[parquet\]"):
        export(s, "parquet", str(tmp_path / "pq"))


def test_export_parquet_tables(db: Path, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    with open_store(db) as s:
        export(s, "parquet", str(tmp_path / "pq"))
    table = pq.read_table(tmp_path / "pq" / "entities.parquet")
    assert table.num_rows == 3 and "canonical" in table.column_names


def test_export_table_formats_need_a_folder(db: Path) -> None:
    with open_store(db) as s, pytest.raises(StoreError, match="--out"):
        export(s, "csv", None)
