"""Build rasd, compiling its analysis modules to C with mypyc.

Everything else about the package lives in pyproject.toml; this file exists only for the
compiled part.  The modules below are the ones ``rasd.analyze`` runs for every article
(text layer, NER, the stages).  mypyc compiles their ordinary typed Python, so there is
one source of truth and the output does not change (``benchmarks/compiled_equivalence.py``
and ``tests/test_compiled.py`` check that); the analysis gets faster because calls,
attribute reads and loops skip the interpreter.

The build falls back to plain Python, with a message, when mypyc or a C compiler is
missing or ``RASD_PURE_PYTHON=1`` is set.  Each build writes ``src/rasd/_compiled.json``:
the digest of every compiled module's source, so that an edited source is noticed at
import time and run from source instead of the stale compiled module
(:mod:`rasd.compiled`).
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import json
import os
import shutil
import sys
import sysconfig
from pathlib import Path

from setuptools import Extension, setup

ROOT = Path(__file__).resolve().parent
SRC = ROOT / "src"
MANIFEST = SRC / "rasd" / "_compiled.json"

#: The modules compiled: everything on the path of ``analyze``, nothing that serves,
#: stores or talks to the network (those wait on I/O, not on the interpreter).
COMPILED = [
    "rasd/arabic/calendars.py",
    "rasd/arabic/charsets.py",
    "rasd/arabic/clitics.py",
    "rasd/arabic/dateparse.py",
    "rasd/arabic/normalize.py",
    "rasd/arabic/numbers.py",
    "rasd/arabic/relative_dates.py",
    "rasd/arabic/sentences.py",
    "rasd/arabic/tokenize.py",
    "rasd/caches.py",
    "rasd/ner/accurate.py",
    "rasd/ner/bio.py",
    "rasd/ner/combine.py",
    "rasd/ner/constructions.py",
    "rasd/ner/crf.py",
    "rasd/ner/document.py",
    "rasd/ner/features.py",
    "rasd/ner/formulas.py",
    "rasd/ner/homeland.py",
    "rasd/ner/memory.py",
    "rasd/ner/namelm.py",
    "rasd/ner/nn.py",
    "rasd/ner/persons.py",
    "rasd/ner/sports.py",
    "rasd/ner/tagger.py",
    "rasd/ner/tiers.py",
    "rasd/pipeline.py",
    "rasd/resources/english.py",
    "rasd/resources/gazetteers.py",
    "rasd/stages/dates.py",
    "rasd/stages/entities.py",
    "rasd/stages/events.py",
    "rasd/stages/quantities.py",
    "rasd/stages/quotes/__init__.py",
    "rasd/stages/quotes/agreement.py",
    "rasd/stages/quotes/boundaries.py",
    "rasd/stages/quotes/cues.py",
    "rasd/stages/quotes/extract.py",
    "rasd/stages/quotes/frames.py",
    "rasd/stages/quotes/lexicon.py",
    "rasd/stages/quotes/marks.py",
    "rasd/stages/quotes/sources.py",
    "rasd/stages/quotes/speakers.py",
    "rasd/stages/roles.py",
    "rasd/stages/structure.py",
]

#: Hand-written C beside them, built with them: (module, source under src/; setuptools wants
#: a relative path).  Each has a Python reference in the package that runs where it is not
#: built, and tests compare the two.
C_EXTENSIONS = [("rasd.ner._kernels", "rasd/ner/_kernels.c"), ("rasd.arabic._scan", "rasd/arabic/_scan.c")]

#: The setup.py commands that build code; metadata steps (egg_info, dist_info) skip
#: the compiler, which pip runs them before the build proper.
BUILDING = {"build", "build_ext", "bdist_wheel", "editable_wheel", "develop", "install"}


def module_name(path: str) -> str:
    """``rasd/stages/quotes/__init__.py`` -> ``rasd.stages.quotes``."""
    parts = path.removesuffix(".py").split("/")
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def why_not_compiled() -> str | None:
    """Why this build stays plain Python, or None when it can compile."""
    if os.environ.get("RASD_PURE_PYTHON", "").strip() not in ("", "0"):
        return "RASD_PURE_PYTHON is set"
    try:
        import mypyc.build  # noqa: F401
    except ImportError:
        return "mypyc (part of mypy) is not installed in the build environment"
    cc = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(os.environ.get("CC", cc).split()[0]) is None:
        return f"no C compiler ({cc}) on PATH"
    return None


def write_manifest(compiled: bool) -> None:
    """Record what this build compiled and the digest of each source it compiled from."""
    modules = {module_name(p): hashlib.sha256((SRC / p).read_bytes()).hexdigest() for p in COMPILED}
    MANIFEST.write_text(json.dumps({"compiled": compiled, "modules": modules if compiled else {}}, indent=1,
                                   sort_keys=True) + "\n", encoding="utf-8")


def remove_old_builds() -> None:
    """Delete compiled files an earlier in-place (editable) build left beside the sources:
    one for a module no longer compiled would otherwise still be imported."""
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    for path in [*(SRC / "rasd").rglob("*"), *SRC.glob("rasd__mypyc*")]:
        if path.name.endswith(suffixes):
            path.unlink()


def ext_modules() -> list:
    """The compiled extensions for a build command, or none (with the reason on stderr)."""
    if not BUILDING & set(sys.argv[1:]):
        return []
    remove_old_builds()
    reason = why_not_compiled()
    if reason is not None:
        print(f"rasd: building plain Python ({reason}); the analysis will run about 1.6x slower",
              file=sys.stderr)
        write_manifest(False)
        return []
    from mypyc.build import mypycify

    cwd = os.getcwd()
    os.chdir(SRC)  # mypyc names modules after their paths relative to here
    try:
        # the project's mypy settings, but an ignore that is unused because a third-party
        # package is not installed yet (pip builds before it installs the dependencies)
        # must not fail the build
        options = ["--config-file", str(ROOT / "pyproject.toml"), "--no-warn-unused-ignores"]
        extensions = mypycify([*options, *COMPILED], opt_level="3", debug_level="1", multi_file=True, group_name="rasd",
                              target_dir=str(ROOT / "build" / "mypyc"))
    finally:
        os.chdir(cwd)
    for ext in extensions:  # the C sources were named relative to src/
        ext.sources = [s if os.path.isabs(s) else str(SRC / s) for s in ext.sources]
    # -ffp-contract=off: no fused multiply-add, so the C sums round as numpy's do
    extensions += [Extension(name, [f"src/{path}"], extra_compile_args=["-O2", "-ffp-contract=off"])
                   for name, path in C_EXTENSIONS]
    write_manifest(True)
    return extensions


setup(ext_modules=ext_modules(), options={"build_ext": {"parallel": os.cpu_count() or 1}})
