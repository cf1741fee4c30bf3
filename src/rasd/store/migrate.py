"""Ordered, recorded schema migrations.

Each backend keeps numbered steps in ``migrations/<backend>/NNNN_name.sql`` (or
``.py`` with an ``upgrade(conn)`` function).  Steps run in number order, each in
its own transaction together with its row in ``schema_migrations``, so a store is
always at a known version and a crash mid-migration leaves the previous one.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any

from rasd.errors import StoreError

_NAME = re.compile(r"^(\d{4})_(\w+)\.(sql|py)$")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    kind: str  # "sql" | "py"
    body: str  # the SQL, or the module path of a .py step


def discover(backend: str) -> list[Migration]:
    """The migrations of ``backend`` in order; duplicate numbers are an error."""
    folder = resources.files(f"rasd.store.migrations.{backend}")
    steps: dict[int, Migration] = {}
    for entry in folder.iterdir():
        m = _NAME.match(entry.name)
        if not m:
            continue
        version = int(m.group(1))
        if version in steps:
            raise StoreError(f"two {backend} migrations are numbered {version:04d}")
        if m.group(3) == "sql":
            steps[version] = Migration(version, m.group(2), "sql", entry.read_text(encoding="utf-8"))
        else:
            module = f"rasd.store.migrations.{backend}.{entry.name[:-3]}"
            steps[version] = Migration(version, m.group(2), "py", module)
    return [steps[v] for v in sorted(steps)]


def load_py_step(module: str) -> Callable[[Any], None]:
    """The ``upgrade(conn)`` function of a Python migration step."""
    fn: Callable[[Any], None] = importlib.import_module(module).upgrade
    return fn
