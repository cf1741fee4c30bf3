"""The bundled example articles (see ``articles/README.md`` for sources and licences)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def examples_dir() -> Path:
    """The folder of bundled articles."""
    return Path(str(resources.files("rasd.examples").joinpath("articles")))


def example_paths() -> list[Path]:
    """Every bundled article: the Al Arab sample first, then the Wikinews articles."""
    return sorted(examples_dir().glob("*.txt"), key=lambda p: (not p.name.startswith("alarab"), p.name))
