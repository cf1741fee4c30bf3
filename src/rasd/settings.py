"""Process-wide analysis settings: choices that reach deep into the pipeline.

Today there is one, the NER tier: ``fast`` (the CRF, the default) or ``accurate``
(the CRF with contextual multilingual-e5 features, :mod:`rasd.ner.accurate`; needs
``pip install 'rasd[accurate]'``).  It is set once rather than passed as a keyword
through every function that ends up tagging names::

    import rasd
    rasd.configure(ner="accurate")   # or RASD_NER=accurate in the environment
    article = rasd.analyze(text)

The choice lives in the environment variable ``RASD_NER``, so the worker processes
of ``rasd ingest`` (its process pool, a local Dask cluster) inherit it; workers of a
remote Dask cluster need ``RASD_NER`` set where they run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from rasd.errors import RasdError

NER_TIERS = ("fast", "accurate")
NER_ENV = "RASD_NER"
#: The ``--ner`` help of the commands that tag names.
NER_HELP = ("entity tagger: fast (CRF, default) or accurate (CRF + multilingual-e5 context, about 40x "
            "slower; needs pip install 'rasd[accurate]'); default: $RASD_NER or fast")


@dataclass(frozen=True, slots=True)
class Settings:
    """The analysis settings in force."""

    ner: str = "fast"


def _check_ner(tier: str) -> str:
    tier = tier.strip().lower() or "fast"
    if tier not in NER_TIERS:
        raise RasdError(f"unknown NER tier {tier!r} (from --ner or ${NER_ENV}); tiers are: {', '.join(NER_TIERS)}")
    return tier


def current() -> Settings:
    """The settings in force (read from the environment, so cheap and process-safe)."""
    return Settings(ner=_check_ner(os.environ.get(NER_ENV, "fast")))


def configure(*, ner: str | None = None) -> Settings:
    """Change the settings for this process and the workers it starts from now on.

    ``ner="accurate"`` checks at once that the encoder is installed and raises
    :class:`rasd.errors.ResourceError` saying how to install it when it is not."""
    if ner is not None:
        tier = _check_ner(ner)
        if tier == "accurate":
            from rasd.ner.encoder import require

            require()
        os.environ[NER_ENV] = tier
    return current()


@contextmanager
def using(*, ner: str | None = None) -> Iterator[Settings]:
    """:func:`configure` for the duration of a ``with`` block, then back as it was."""
    before = os.environ.get(NER_ENV)
    try:
        yield configure(ner=ner)
    finally:
        if before is None:
            os.environ.pop(NER_ENV, None)
        else:
            os.environ[NER_ENV] = before
