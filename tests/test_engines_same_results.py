"""Same results whatever the engine and the store: 500 articles through the process
pool and through Dask, into SQLite and into PostgreSQL, give four identical stores."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import drop_pg_schema, pg_schema_url
from scale_corpus import write_jsonl

from rasd.store import open_store
from rasd.store.loader import ingest_paths

N = 500


def snapshot(store: Any) -> dict[str, Any]:
    """What a store holds, independent of its internal row and entity numbers."""
    key = {e["id"]: (e["norm"], e["label"], e["country"]) for e in store.iter_table("entities")}
    records = {}
    for rec in store.iter_records():
        d = json.loads(rec)
        records[d["id"]] = d
    mentions = sorted((m["article"], key[m["entity"]], m["start"], m["end"], m["text"], m["kind"])
                      for m in store.iter_table("mentions"))
    quotes = sorted((q["article"], q["idx"], q["kind"], q["start"], q["end"], q["content"],
                     key.get(q["speaker_entity"]), q["speaker_name"], q["cue"]) for q in store.iter_table("quotes"))
    events = sorted((v["article"], v["idx"], v["type"], key.get(v["actor_entity"]), key.get(v["target_entity"]),
                     v["start"], v["end"]) for v in store.iter_table("events"))
    articles = sorted((a["id"], a["date"], a["outlet"], a["title"], a["chars"]) for a in store.iter_table("articles"))
    return {"records": records, "entities": sorted(set(key.values())), "mentions": mentions, "quotes": quotes,
            "events": events, "articles": articles}


def test_pool_and_dask_into_sqlite_and_postgres_hold_identical_records(
        tmp_path: Path, pg_url: str, dask_scheduler: str) -> None:
    corpus = str(write_jsonl(tmp_path / "corpus.jsonl", N))
    schemas = []
    snaps = {}
    try:
        for engine in ("process", "dask"):
            for backend in ("sqlite", "postgres"):
                if backend == "sqlite":
                    location = str(tmp_path / f"{engine}.db")
                else:
                    name, location = pg_schema_url(pg_url)
                    schemas.append(name)
                with open_store(location) as store:
                    report = ingest_paths(store, [corpus], workers=2, batch_size=40, progress=False, cluster=False,
                                          engine=engine, scheduler=dask_scheduler if engine == "dask" else None,
                                          on_error=lambda msg: None)
                    assert (report.seen, report.added, report.errors) == (N, N, [])
                    snaps[(engine, backend)] = snapshot(store)
    finally:
        for name in schemas:
            drop_pg_schema(pg_url, name)
    first = snaps[("process", "sqlite")]
    assert len(first["records"]) == N
    assert first["mentions"] and first["entities"]  # the pipeline found something to compare
    for where, snap in snaps.items():
        for part in ("records", "entities", "mentions", "quotes", "events", "articles"):
            assert snap[part] == first[part], (where, part)
