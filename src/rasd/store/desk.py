"""The desk's reads (trends, one story, alerts), written once for both stores.

The SQL lives in :mod:`rasd.store.corpus_views` and :mod:`rasd.store.alerts`; the two
backends differ only in their placeholder (``_ph``) and in how ``_rows`` runs a
statement, so this mixin binds the two and each store inherits it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from rasd.store import alerts as alert_rows
from rasd.store.corpus_views import story, trends


class DeskViewsStore:
    """Trends, stories and alerts over a store's ``_rows`` and ``_ph``."""

    _ph: str
    _rows: Callable[[str, Sequence[Any]], list[dict[str, Any]]]

    def trends(self, days: int = 7, until: str | None = None, limit: int = 20, min_count: int = 2) -> dict[str, Any]:
        """Rising and new entities (:func:`rasd.store.corpus_views.trends`)."""
        return trends(self._rows, self._ph, days, until, limit, min_count)

    def story(self, story_id: int) -> dict[str, Any] | None:
        """One story for a desk (:func:`rasd.store.corpus_views.story`), or None."""
        if not -(2**63) <= story_id < 2**63:
            return None
        return story(self._rows, self._ph, story_id)

    def add_alert(self, kind: str, value: str, from_start: bool = False) -> dict[str, Any]:
        return alert_rows.add_alert(self._rows, self._ph, kind, value, from_start)

    def alerts(self) -> list[dict[str, Any]]:
        return alert_rows.list_alerts(self._rows)

    def remove_alert(self, alert_id: int) -> bool:
        return alert_rows.remove_alert(self._rows, self._ph, alert_id)

    def check_alerts(self, mark: bool = False, ids: Sequence[int] | None = None) -> list[dict[str, Any]]:
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return alert_rows.check_alerts(self, self._rows, self._ph, mark, now, ids)
