"""rasd (رصد): Arabic news intelligence.

The public API (``__all__`` is the contract): :func:`analyze` turns article text
into an :class:`Article` record; :func:`to_json`/:func:`from_json` serialise it.
"""

__version__ = "0.1.0"

from rasd.article import Article, from_json, to_json
from rasd.errors import RasdError
from rasd.pipeline import analyze

__all__ = ["Article", "RasdError", "__version__", "analyze", "from_json", "to_json"]
