"""Named points where a test may kill this process, to prove that a crash there is safe.

The store promises that a process killed at any moment loses nothing already stored
and that a rerun finishes the work left pending.  The kill tests check that promise
point by point: they run ``rasd ingest`` with ``RASD_CRASH_AT=NAME`` (or ``NAME:N``,
the Nth time the point is reached) and :func:`crash_point` then sends this process
SIGKILL there, with no cleanup and no flushing, exactly as ``kill -9`` or the
out-of-memory killer would.  With the variable unset (always, outside those tests) a
point costs one environment lookup.

The points (see RELIABILITY.md): ``store.batch`` (articles written, transaction not
yet committed), ``ingest.batch`` (a batch committed), ``ingest.stored`` (every
article stored, clusters not started), ``clusters.start``, ``clusters.duplicates``
and ``clusters.stories`` (after each computation), ``clusters.cleared`` and
``clusters.written`` (inside the transaction that replaces them),
``clusters.committed``, and ``watch.stored`` (``rasd watch``: a batch committed, its
links not yet recorded as taken).
"""

from __future__ import annotations

import os
import signal

ENV = "RASD_CRASH_AT"

_hits: dict[str, int] = {}


def crash_point(name: str) -> None:
    """Kill this process here if ``RASD_CRASH_AT`` names this point (and this is the Nth hit)."""
    spec = os.environ.get(ENV)
    if not spec:
        return
    target, _, nth = spec.partition(":")
    if target != name:
        return
    _hits[name] = _hits.get(name, 0) + 1
    if _hits[name] == (int(nth) if nth else 1):
        os.kill(os.getpid(), signal.SIGKILL)
