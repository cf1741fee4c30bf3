"""The compiled analysis and its fallback to source (setup.py, :mod:`rasd.compiled`).

A compiled build must make the same records as the sources, a source edited after the
build must run instead of its stale compiled module, and ``RASD_PURE_PYTHON=1`` must
run the sources."""

from __future__ import annotations

import hashlib
import importlib.machinery
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rasd import compiled

ROOT = Path(__file__).resolve().parent.parent
SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]


def fake_build(tmp_path: Path, sources: dict[str, str], with_extensions: bool = True) -> Path:
    """A package dir ``rasd`` holding these sources, their (empty) compiled files and a
    manifest with their digests, as setup.py leaves them."""
    pkg = tmp_path / "rasd"
    for rel, text in sources.items():
        path = pkg / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if with_extensions:
            stem = path.stem
            (path.parent / f"{stem}{SUFFIX}").write_bytes(b"")
    modules = {}
    for rel in sources:
        parts = ["rasd", *rel.removesuffix(".py").split("/")]
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = hashlib.sha256((pkg / rel).read_bytes()).hexdigest()
    (pkg / "_compiled.json").write_text(json.dumps({"compiled": True, "modules": modules}), encoding="utf-8")
    return pkg


def test_compiled_build_with_unchanged_sources_runs_compiled(tmp_path: Path) -> None:
    pkg = fake_build(tmp_path, {"arabic/normalize.py": "X = 1\n", "stages/quotes/__init__.py": "Y = 2\n"})
    status = compiled.decide(compiled.read_manifest(pkg / "_compiled.json"), False, pkg)
    assert status.compiled
    assert status.modules == ("rasd.arabic.normalize", "rasd.stages.quotes")


def test_source_edited_after_the_build_runs_from_source(tmp_path: Path) -> None:
    pkg = fake_build(tmp_path, {"arabic/normalize.py": "X = 1\n", "ner/crf.py": "Z = 3\n"})
    (pkg / "ner" / "crf.py").write_text("Z = 4\n", encoding="utf-8")
    status = compiled.decide(compiled.read_manifest(pkg / "_compiled.json"), False, pkg)
    assert not status.compiled
    assert status.stale == ("rasd.ner.crf",)
    assert "rasd.ner.crf" in status.reason and "reinstall" in status.reason


def test_pure_python_requested_runs_from_source(tmp_path: Path) -> None:
    pkg = fake_build(tmp_path, {"arabic/normalize.py": "X = 1\n"})
    status = compiled.decide(compiled.read_manifest(pkg / "_compiled.json"), True, pkg)
    assert not status.compiled and compiled.PURE_ENV in status.reason


def test_missing_compiled_files_run_from_source(tmp_path: Path) -> None:
    pkg = fake_build(tmp_path, {"arabic/normalize.py": "X = 1\n"}, with_extensions=False)
    status = compiled.decide(compiled.read_manifest(pkg / "_compiled.json"), False, pkg)
    assert not status.compiled and "missing" in status.reason


def test_no_manifest_or_a_plain_build_is_plain_python(tmp_path: Path) -> None:
    assert compiled.read_manifest(tmp_path / "absent.json") == {}
    plain = tmp_path / "plain.json"
    plain.write_text(json.dumps({"compiled": False, "modules": {}}), encoding="utf-8")
    assert not compiled.decide(compiled.read_manifest(plain), False, tmp_path).compiled


def _run(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False,
                          env={**os.environ, **env}, cwd=ROOT)


@pytest.mark.skipif(not compiled.STATUS.compiled, reason="this install is not compiled")
def test_pure_python_fallback_makes_the_saved_records() -> None:
    """The sources, run instead of the compiled modules, make the records the compiled
    build is checked against (tests/test_output_identity.py)."""
    code = ("import sys; sys.path.insert(0, 'benchmarks'); import rasd, rasd.ner.crf as crf, identity; "
            "assert crf.__file__.endswith('.py'), crf.__file__; "
            "changed = identity.compare_examples(); print(dict(changed)); sys.exit(1 if changed else 0)")
    done = _run(code, RASD_PURE_PYTHON="1")
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.skipif(os.environ.get("RASD_EXPECT_COMPILED") != "1",
                    reason="only where the build is expected to compile (CI sets RASD_EXPECT_COMPILED=1)")
def test_this_build_is_compiled() -> None:
    """CI installs with a C compiler: the fallback to plain Python must not hide a broken build."""
    assert compiled.STATUS.compiled, compiled.STATUS.reason
    import rasd.ner.crf

    assert not str(rasd.ner.crf.__file__).endswith(".py")
