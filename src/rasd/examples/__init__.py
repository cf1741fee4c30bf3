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


#: The outlet of each bundled set, as its provenance states it (``articles/README.md``: the
#: sample is an Al Arab article; ``wikinews-sources.json``: the others are Arabic Wikinews
#: articles).  Neither source states a publication date for the Wikinews articles, so none is
#: given here: a date comes only from an article's own date line.
SAMPLE_OUTLET = "العرب"
WIKINEWS_OUTLET = "ويكي الأخبار"


def provenance_file() -> Path:
    """The per-article provenance of the Wikinews articles (beside the articles folder)."""
    return Path(str(resources.files("rasd.examples").joinpath("wikinews-sources.json")))


def example_outlets() -> dict[str, str]:
    """Bundled file name -> the outlet its provenance names (files it does not name are left out)."""
    import json

    data = json.loads(provenance_file().read_text(encoding="utf-8"))
    outlets = {a["file"]: WIKINEWS_OUTLET for a in data.get("articles", []) if a.get("file")}
    outlets.update({p.name: SAMPLE_OUTLET for p in example_paths() if p.name.startswith("alarab-")})
    return outlets
