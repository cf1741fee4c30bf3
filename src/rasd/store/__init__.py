"""The corpus store: articles, their records, search, entities, clusters, exports.

``open_store(path)`` gives the default SQLite store; every backend implements
:class:`rasd.store.base.Store` and returns the same plain dicts.
"""

from __future__ import annotations

from pathlib import Path

from rasd.store.base import AddResult, Filters, Store
from rasd.store.postgres import PostgresStore
from rasd.store.sqlite import SQLiteStore

DEFAULT_DB = "rasd.db"


def open_store(location: str | Path = DEFAULT_DB) -> SQLiteStore | PostgresStore:
    """Open (creating and migrating if needed) the store at ``location``.

    A path, or ``sqlite:///path``, or ``postgresql://user@host/db`` (PostgreSQL,
    the store many workers and readers share).
    """
    loc = str(location)
    if loc.startswith(("postgresql://", "postgres://")):
        return PostgresStore(loc)
    if loc.startswith("sqlite:///"):
        loc = loc[len("sqlite:///"):]
    elif "://" in loc:
        from rasd.errors import StoreError

        raise StoreError(f"no store backend for {loc!r}; use a file path (SQLite) or a postgresql:// URL")
    return SQLiteStore(loc)


__all__ = ["DEFAULT_DB", "AddResult", "Filters", "PostgresStore", "SQLiteStore", "Store", "open_store"]
