"""The loaded models are moved out of the garbage collector's view once, after the first
full analysis (issue 17: full collections walked them again and again), and the young
generation is collected less often from then on."""

from __future__ import annotations

import subprocess
import sys

_SCRIPT = """
import gc
from rasd import analyze
text = "الرياض - أعلنت وزارة الصحة السعودية اليوم عن 25 إصابة جديدة.\\n\\nوقال الوزير إن الوضع مستقر."
assert gc.get_freeze_count() == 0
from rasd.pipeline import GC_YOUNG
default = gc.get_threshold()
first = analyze(text, until="structure")
assert gc.get_freeze_count() == 0, "a partial run must not freeze"
assert gc.get_threshold() == default
full = analyze(text)
frozen = gc.get_freeze_count()
assert frozen > 0, "the first full run freezes the loaded models"
assert gc.get_threshold() == (GC_YOUNG, *default[1:]), "young objects collected less often"
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
gc.set_threshold(90000, 5, 5)
analyze("الرياض - أعلنت وزارة الصحة السعودية اليوم عن 25 إصابة جديدة.")
assert gc.get_threshold() == (90000, 5, 5), gc.get_threshold()
print("ok")
"""


def test_gc_threshold_set_higher_by_the_application_is_kept() -> None:
    out = subprocess.run([sys.executable, "-c", _KEEP], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
