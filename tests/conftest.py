"""Shared fixtures.  Tests that need ../shared skip cleanly when it is absent."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "alarab-2020-11-18-kadhimi.txt"
BUNDLED_SEED = ROOT / "src/rasd/examples/articles/alarab-2020-11-18-kadhimi.txt"


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared folder, or skip."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The sample article (bundled with rasd, so always present)."""
    return BUNDLED_SEED.read_text(encoding="utf-8")


# ------------------------------------------------------------------ store backends

PG_URL = os.environ.get("RASD_TEST_PG")


@pytest.fixture(scope="session")
def pg_url() -> str:
    """A PostgreSQL server for tests (``RASD_TEST_PG``; .ci/run starts one), or skip."""
    if not PG_URL:
        pytest.skip("RASD_TEST_PG is not set (no PostgreSQL server for tests)")
    return PG_URL


def pg_schema_url(base: str) -> tuple[str, str]:
    """A fresh, empty schema on the test server: (its name, a URL whose search_path is it)."""
    import psycopg

    name = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    sep = "&" if "?" in base else "?"
    return name, f"{base}{sep}options=-csearch_path%3D{name}"


def drop_pg_schema(base: str, name: str) -> None:
    import psycopg

    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")


@pytest.fixture(params=["sqlite", "postgres"])
def store_location(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where a fresh, empty store lives, once per backend (PostgreSQL skips without a server)."""
    if request.param == "sqlite":
        yield str(tmp_path / "store.db")
        return
    base = request.getfixturevalue("pg_url")
    name, url = pg_schema_url(base)
    yield url
    drop_pg_schema(base, name)


# ------------------------------------------------------------------ a Dask cluster


@pytest.fixture(scope="session")
def dask_scheduler() -> Iterator[str]:
    """The address of a LocalCluster of two single-threaded worker processes, shared by
    the Dask tests (each run connects to it as to a remote scheduler)."""
    pytest.importorskip("distributed")
    import logging

    from distributed import LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                           silence_logs=logging.CRITICAL)
    try:
        yield str(cluster.scheduler_address)
    finally:
        cluster.close()
