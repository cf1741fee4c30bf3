"""rasd (رصد): Arabic news intelligence.

The public API (``__all__`` is the contract): :func:`analyze` turns article text
into an :class:`Article` record; :func:`to_json`/:func:`from_json` serialise it;
:func:`configure` chooses process-wide settings such as the NER tier
(``rasd.configure(ner="accurate")``, see :mod:`rasd.settings`).
"""

from typing import TYPE_CHECKING

__version__ = "0.1.0"

# first: it decides whether the analysis modules below load compiled or from source
import rasd.compiled  # noqa: F401
from rasd.article import Article, from_json, to_json
from rasd.errors import RasdError
from rasd.pipeline import analyze
from rasd.settings import Settings, configure

if TYPE_CHECKING:
    import rasd.store as _store


def open_store(location: str = "rasd.db") -> "_store.SQLiteStore | _store.PostgresStore":
    """Open the corpus store (a SQLite path by default); see :mod:`rasd.store`.

    Imported on call so that ``import rasd`` stays cheap.
    """
    from rasd.store import open_store as _open

    return _open(location)


__all__ = ["Article", "RasdError", "Settings", "__version__", "analyze", "configure", "from_json", "open_store",
           "to_json"]
