"""Whether rasd's analysis runs compiled, and running it from source when it must not.

``setup.py`` compiles the modules ``analyze`` runs for every article with mypyc and
writes ``_compiled.json``: the digest of each compiled module's source.  A compiled
module shadows its ``.py`` file, and an editable install keeps both side by side, so a
source edited after the build would silently not run.  At ``import rasd`` this module
compares the sources with the digests; when one differs, or ``RASD_PURE_PYTHON=1`` is
set, every compiled module is imported from its source instead.  All of them, never a
mix: compiled modules call each other directly in C, so a stale one left in would still
run its old code.

Not compiled itself (it decides what is).
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import sys
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

PACKAGE_DIR = Path(__file__).resolve().parent
MANIFEST = PACKAGE_DIR / "_compiled.json"
PURE_ENV = "RASD_PURE_PYTHON"


@dataclass(frozen=True)
class BuildStatus:
    """What ``import rasd`` chose: compiled modules or sources, and why."""

    compiled: bool
    reason: str
    modules: tuple[str, ...] = ()  # the modules the build compiled
    stale: tuple[str, ...] = ()  # of those, the ones whose source changed since


def source_path(module: str, package_dir: Path = PACKAGE_DIR) -> Path:
    """The ``.py`` file of a rasd module (``rasd.stages.quotes`` -> its ``__init__.py``)."""
    base = package_dir.joinpath(*module.split(".")[1:])
    return base / "__init__.py" if base.is_dir() else base.with_suffix(".py")


def read_manifest(path: Path = MANIFEST) -> dict[str, str]:
    """Module -> source digest at build time; empty when nothing was compiled."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    modules = data.get("modules") if isinstance(data, dict) and data.get("compiled") else None
    return {str(k): str(v) for k, v in modules.items()} if isinstance(modules, dict) else {}


def stale_modules(manifest: dict[str, str], package_dir: Path = PACKAGE_DIR) -> list[str]:
    """The compiled modules whose source no longer has the digest it was built from."""
    stale = []
    for module, digest in manifest.items():
        try:
            now = hashlib.sha256(source_path(module, package_dir).read_bytes()).hexdigest()
        except OSError:
            continue  # an installed wheel may carry no sources: nothing can be stale
        if now != digest:
            stale.append(module)
    return stale


def has_extension(module: str, package_dir: Path = PACKAGE_DIR) -> bool:
    """Whether a compiled file for ``module`` sits beside its source."""
    src = source_path(module, package_dir)
    stem = "__init__" if src.name == "__init__.py" else src.stem
    return any((src.parent / f"{stem}{suffix}").exists() for suffix in importlib.machinery.EXTENSION_SUFFIXES)


def decide(manifest: dict[str, str], pure_requested: bool, package_dir: Path = PACKAGE_DIR) -> BuildStatus:
    """Compiled or source, from the manifest, the environment and the files on disk."""
    modules = tuple(sorted(manifest))
    if not modules:
        return BuildStatus(False, "built without compiling (see setup.py)")
    if not all(has_extension(m, package_dir) for m in modules):
        return BuildStatus(False, "the compiled files are missing; reinstall to compile", modules)
    if pure_requested:
        return BuildStatus(False, f"{PURE_ENV} is set", modules)
    stale = tuple(stale_modules(manifest, package_dir))
    if stale:
        return BuildStatus(False, f"{len(stale)} source(s) changed since the build ({', '.join(stale[:3])}"
                                  f"{', ...' if len(stale) > 3 else ''}); reinstall to compile them", modules, stale)
    return BuildStatus(True, f"{len(modules)} modules compiled with mypyc", modules)


class _SourceFinder(importlib.abc.MetaPathFinder):
    """Imports the listed rasd modules from their ``.py`` files, ahead of the compiled ones."""

    def __init__(self, modules: Sequence[str], package_dir: Path) -> None:
        self.modules = frozenset(modules)
        self.package_dir = package_dir

    def find_spec(self, fullname: str, path: Sequence[str] | None = None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if fullname not in self.modules:
            return None
        src = source_path(fullname, self.package_dir)
        search = [str(src.parent)] if src.name == "__init__.py" else None
        return importlib.util.spec_from_file_location(fullname, src, submodule_search_locations=search)


def pure_requested() -> bool:
    """Whether ``RASD_PURE_PYTHON`` asks for the sources."""
    return os.environ.get(PURE_ENV, "").strip() not in ("", "0")


def choose() -> BuildStatus:
    """Decide once per process, before any analysis module is imported; run the sources
    when the compiled modules must not be used (and say so when they are stale)."""
    status = decide(read_manifest(), pure_requested())
    if not status.compiled and status.modules:
        # ``import rasd`` runs this before any of its submodules, so none is loaded yet
        sys.meta_path.insert(0, _SourceFinder(status.modules, PACKAGE_DIR))
        if status.stale:
            warnings.warn(f"rasd: running from source: {status.reason}", RuntimeWarning, stacklevel=2)
    return status


STATUS = choose()
