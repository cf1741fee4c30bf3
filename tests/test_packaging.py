"""The install declares what the code imports, and pins what it declares.

A package that is only present because a developer's machine happened to have it
(lxml_html_clean, once) passes every test there and breaks a fresh install. These tests
read the imports from the source and the requirements from pyproject.toml, so a new
import without a declared distribution fails here rather than on a user's machine.
"""

from __future__ import annotations

import ast
import importlib
import importlib.metadata as md
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "rasd"


def _canon(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_name(req: str) -> str:
    return _canon(re.split(r"[\s\[<>=!~;]", req.strip(), maxsplit=1)[0])


def _declared() -> tuple[set[str], set[str]]:
    """(core, core + every extra) distribution names from pyproject.toml."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = {_requirement_name(r) for r in project["dependencies"]}
    extras = {_requirement_name(r) for reqs in project["optional-dependencies"].values() for r in reqs}
    return core, core | extras


def _third_party_imports() -> dict[str, list[str]]:
    """Top-level module name -> the files under src/rasd that import it."""
    found: dict[str, list[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top != "rasd" and top not in sys.stdlib_module_names:
                    found.setdefault(top, []).append(str(path.relative_to(ROOT)))
    return found


def test_packaging_every_imported_module_is_declared() -> None:
    _, declared = _declared()
    owners = md.packages_distributions()
    missing = []
    for module, files in _third_party_imports().items():
        dists = {_canon(d) for d in owners.get(module, [])}
        if not dists:
            missing.append(f"{module} (imported by {files[0]}) is not installed: declare it and install it")
        elif not dists & declared:
            missing.append(f"{module} (imported by {files[0]}) comes from {sorted(dists)}, not declared in pyproject.toml")
    assert not missing, "\n".join(missing)


def test_packaging_constraints_pin_every_declared_distribution() -> None:
    _, declared = _declared()
    pinned = set()
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            assert "==" in line, f"constraints.txt: {line!r} is not an exact pin"
            pinned.add(_requirement_name(line))
    assert not declared - pinned, f"declared but not pinned in constraints.txt: {sorted(declared - pinned)}"


def test_packaging_html_extraction_imports_on_this_install() -> None:
    # jusText imports lxml.html.clean at import time; lxml >= 5.2 no longer carries it
    importlib.import_module("lxml.html.clean")
    importlib.import_module("justext")
    importlib.import_module("trafilatura")


def test_packaging_install_commands_use_the_constraints() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_command = readme.split("```bash", 2)[1]
    assert "-c constraints.txt" in first_command
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "rm -rf .venv" in ci and "-c constraints.txt" in ci
