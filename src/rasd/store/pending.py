"""Derived work owed by the store, recorded durably so that a crash cannot lose it.

Duplicate groups and stories are computed over the whole store after articles are
added, which takes long enough on a big corpus for a process to be killed during it.
Each transaction that adds articles therefore also writes a ``pending_work`` row,
and the transaction that stores the recomputed clusters deletes the rows its
computation covered.  A process killed anywhere in between leaves the rows; every
writer (``rasd ingest``, ``rasd stories``, ``rasd serve``) calls
:func:`finish_pending_work` and so finishes what the killed one began.
``rasd ingest --no-cluster`` leaves the work pending on purpose, for the next writer.
"""

from __future__ import annotations

from typing import Any, Protocol


class _Owing(Protocol):
    def pending_work(self) -> dict[str, int]: ...

    def refresh_clusters(self) -> dict[str, int]: ...


def finish_pending_work(store: _Owing) -> dict[str, dict[str, Any]]:
    """Do every task ``store`` owes; return what each one did (empty when nothing was owed)."""
    done: dict[str, dict[str, Any]] = {}
    if store.pending_work().get("clusters"):
        done["clusters"] = store.refresh_clusters()
    return done
