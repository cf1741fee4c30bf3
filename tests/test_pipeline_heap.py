"""The loaded models are moved out of the garbage collector's view once, after the first
full analysis (issue 17: full collections walked them again and again), and the young
and old generations are collected less often from then on."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

_SCRIPT = """
import gc
from rasd import analyze
text = "الرياض - أعلنت وزارة الصحة السعودية اليوم عن 25 إصابة جديدة.\\n\\nوقال الوزير إن الوضع مستقر."
assert gc.get_freeze_count() == 0
from rasd.pipeline import GC_OLD, GC_YOUNG
default = gc.get_threshold()
first = analyze(text, until="structure")
assert gc.get_freeze_count() == 0, "a partial run must not freeze"
assert gc.get_threshold() == default
full = analyze(text)
frozen = gc.get_freeze_count()
assert frozen > 0, "the first full run freezes the loaded models"
assert gc.get_threshold() == (GC_YOUNG, default[1], GC_OLD), "young and old objects collected less often"
again = analyze(text)
assert gc.get_freeze_count() == frozen, "only once per process"
assert again == full
print("ok")
"""


def test_first_full_analysis_freezes_the_loaded_models_once() -> None:
    out = subprocess.run([sys.executable, "-c", _SCRIPT], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


_KEEP = """
import gc
from rasd import analyze
from rasd.pipeline import GC_OLD, GC_YOUNG
gc.set_threshold(GC_YOUNG + 1, 5, GC_OLD + 1)
analyze("الرياض - أعلنت وزارة الصحة السعودية اليوم عن 25 إصابة جديدة.")
assert gc.get_threshold() == (GC_YOUNG + 1, 5, GC_OLD + 1), gc.get_threshold()
print("ok")
"""


def test_gc_threshold_set_higher_by_the_application_is_kept() -> None:
    out = subprocess.run([sys.executable, "-c", _KEEP], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


_NO_CYCLES = """
import gc
from importlib import resources
from rasd import analyze
texts = sorted(p.read_text(encoding="utf-8") for p in resources.files("rasd").joinpath("examples/articles").iterdir()
               if p.name.endswith(".txt"))
for text in texts:  # models, lexicons and per-word caches load and fill here
    analyze(text)
gc.collect()
gc.disable()
gc.set_debug(gc.DEBUG_SAVEALL)
for text in texts:
    analyze(text)
gc.collect()
kinds = sorted({type(o).__module__ + "." + type(o).__qualname__ for o in gc.garbage})
print(len(texts), len(gc.garbage), kinds[:12])
"""


def _garbage_left(pure: bool) -> str:
    env = dict(os.environ, RASD_PURE_PYTHON="1") if pure else {k: v for k, v in os.environ.items()
                                                             if k != "RASD_PURE_PYTHON"}
    out = subprocess.run([sys.executable, "-c", _NO_CYCLES], capture_output=True, text=True, timeout=300, env=env)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


@pytest.mark.parametrize("pure", [False, True], ids=["as-installed", "from-source"])
def test_analysis_leaves_no_reference_cycles(pure: bool) -> None:
    """An article's objects are freed as soon as it is done, by reference counting: none of
    them is in a reference cycle that waits for the garbage collector.  (Blocks whose
    boundaries held a bound method of the block, and the events stage's closures, each
    made a cycle that kept an article's tokens and words alive until the next collection,
    which then walked them all: about a fifth of a warm process's CPU time.)"""
    texts, garbage, kinds = _garbage_left(pure).split(" ", 2)
    assert int(texts) > 50
    assert (int(garbage), kinds) == (0, "[]")
