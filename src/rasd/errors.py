"""One exception tree for rasd.

Every message says what happened and, where it helps, what to try next.  The CLI
turns any :class:`RasdError` into a one-line message and exit code 2.
"""

from __future__ import annotations


class RasdError(Exception):
    """Base of every error rasd raises on purpose."""


class InputError(RasdError):
    """The input could not be read or decoded (missing, empty, binary, bad encoding)."""


class LimitError(InputError):
    """An input was refused because it would expand beyond a size limit (:mod:`rasd.limits`):
    a decompression bomb, or one record larger than rasd holds in memory."""


class RecordError(RasdError):
    """A JSON record does not follow the rasd.article schema."""


class StageError(RasdError):
    """A pipeline stage failed; the message names the stage."""


class ResourceError(RasdError):
    """A bundled model or gazetteer is missing or damaged."""


class StoreError(RasdError):
    """The corpus store could not be opened, migrated, read or written."""
