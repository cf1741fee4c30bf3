"""The backend-neutral store interface and the dicts it returns.

Every backend (SQLite now, PostgreSQL later) implements :class:`Store`; the CLI,
the JSON API and the web pages only ever see the plain dicts these methods
return, so one dict feeds JSON and HTML alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from rasd.article import Article
from rasd.store.rows import PreparedArticle


@dataclass(frozen=True, slots=True)
class Filters:
    """Search filters; None means "any"."""

    date_from: str | None = None  # YYYY-MM-DD, inclusive
    date_to: str | None = None  # YYYY-MM-DD, inclusive
    outlet: str | None = None
    entity: str | None = None  # a name, matched by its normalised form
    label: str | None = None  # an entity label (PER, ORG, GPE ...) the article must mention
    after_row: int | None = None  # only articles stored after this one (its ``rowid``): alerts
    upto_row: int | None = None  # only articles stored up to this one


@dataclass(frozen=True, slots=True)
class AddResult:
    """What one ``add_articles`` call did."""

    added: int
    skipped: int  # already stored (same content hash)


#: The Filters fields a search result echoes back as ``filters`` (those that are set).
FILTER_KEYS = ("date_from", "date_to", "outlet", "entity", "label", "after_row", "upto_row")

#: The export tables, in the order they are written.
EXPORT_TABLES = ("articles", "entities", "mentions", "quotes", "events")


class Store(Protocol):
    """What every corpus store offers."""

    def add_articles(self, batch: Iterable[PreparedArticle | Article]) -> AddResult:
        """Store a batch in one transaction; an article already stored (same id) is skipped."""
        ...

    def has_article(self, article_id: str) -> bool: ...

    def get_article(self, article_id: str) -> dict[str, Any] | None:
        """The stored record (SCHEMA.md JSON as a dict) plus its store fields, or None."""
        ...

    def search(self, query: str, filters: Filters | None = None, limit: int = 20,
               offset: int = 0, sort: str = "relevance") -> dict[str, Any]:
        """Matching articles, best first (``sort="date"``: newest first), with snippets."""
        ...

    def search_facets(self, query: str, filters: Filters | None = None, size: int = 10) -> dict[str, Any]:
        """Counts of the matches per outlet, entity, label and day (:mod:`rasd.store.corpus_views`)."""
        ...

    def trends(self, days: int = 7, until: str | None = None, limit: int = 20,
               min_count: int = 2) -> dict[str, Any]:
        """Entities rising over the last ``days`` days, and new ones (:func:`rasd.store.corpus_views.trends`)."""
        ...

    def story(self, story_id: int) -> dict[str, Any] | None:
        """One story with its outlets, dates, articles, entities and quotes by speaker, or None."""
        ...

    def add_alert(self, kind: str, value: str, from_start: bool = False) -> dict[str, Any]: ...

    def alerts(self) -> list[dict[str, Any]]: ...

    def remove_alert(self, alert_id: int) -> bool: ...

    def check_alerts(self, mark: bool = False, ids: Sequence[int] | None = None) -> list[dict[str, Any]]:
        """Each alert with what matched since its last look (:mod:`rasd.store.alerts`)."""
        ...

    def entity_view(self, name: str, limit: int = 20) -> dict[str, Any]: ...

    def quotes(self, speaker: str, limit: int = 50) -> list[dict[str, Any]]: ...

    # small reads behind the web pages (same dicts on every backend)

    def entity_by_id(self, entity_id: int) -> dict[str, Any] | None:
        """``{"id", "canonical", "label", "country", "en"}`` of one store entity, or None."""
        ...

    def article_entity_ids(self, article_id: str) -> dict[str, int]:
        """A record's local entity ids (``e1``...) -> store entity ids."""
        ...

    def article_titles(self, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """``{"id", "title", "date", "outlet"}`` by article id, for the stored ones among ``ids``."""
        ...

    def latest_articles(self, limit: int = 12) -> list[dict[str, Any]]:
        """Newest articles by date (undated last), then newest stored: ``{"id", "title", "date", "outlet"}``."""
        ...

    def top_entities(self, limit: int = 30) -> list[dict[str, Any]]:
        """Entities in the most articles: ``{"id", "name", "label", "articles"}``."""
        ...

    def top_speakers(self, limit: int = 30) -> list[dict[str, Any]]:
        """Entities quoted most often: ``{"id", "name", "label", "quotes"}``."""
        ...

    def feed_health(self) -> list[dict[str, Any]]:
        """Each feed ``rasd watch`` polls, with its health (:mod:`rasd.store.feeds`)."""
        ...

    def refresh_clusters(self) -> dict[str, int]:
        """Recompute duplicates and stories, clearing the pending work it covered."""
        ...

    def pending_work(self) -> dict[str, int]:
        """Derived work owed (written with the articles, cleared when done): task -> articles."""
        ...

    def finish_pending_work(self) -> dict[str, dict[str, int]]:
        """Do the work :meth:`pending_work` lists; every writer calls it (:mod:`rasd.store.pending`)."""
        ...

    def stories(self, min_size: int = 2, limit: int = 50) -> list[dict[str, Any]]: ...

    def duplicate_groups(self) -> list[list[str]]: ...

    def count(self) -> int: ...

    def iter_table(self, name: str) -> Iterator[dict[str, Any]]: ...

    def table_columns(self, name: str) -> list[str]: ...

    def iter_records(self) -> Iterator[str]: ...

    def stats(self) -> dict[str, Any]: ...

    def coverage(self, outlets: int = 50) -> dict[str, Any]: ...

    def close(self) -> None: ...
