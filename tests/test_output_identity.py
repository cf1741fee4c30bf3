"""The records the code makes now are the saved ones, byte for byte, stage by stage.

The references were saved by the code before the speed work of issue 17
(``benchmarks/identity.py``); an intended change of output saves them again with
its reason, listed in ``tests/data/identity/INTENDED.md``.  Any other difference is
a bug: run ``python benchmarks/identity.py check`` to see it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import identity

HOW = ("differs from the saved records (articles per stage). See it with "
       "`python benchmarks/identity.py check`; if intended, "
       "`python benchmarks/identity.py save --reason ...`")


def test_example_records_are_the_saved_ones() -> None:
    changed = identity.compare_examples()
    assert not changed, f"bundled examples: {dict(changed)} {HOW}"


def test_saudinewsnet_records_are_the_saved_ones(shared: Path) -> None:
    if not identity.snn_available():
        pytest.skip("SaudiNewsNet dumps are not in ../shared")
    changed = identity.compare_snn()
    assert not changed, f"500 SaudiNewsNet articles: {dict(changed)} {HOW}"


def test_a_changed_stage_is_named() -> None:
    """The comparison names the stage whose output changed, and only that one."""
    record = {"text": "نص", "entities": [{"text": "بغداد"}], "quotes": []}
    changed = dict(record, entities=[{"text": "العراق"}])
    old, new = identity.stage_parts(record), identity.stage_parts(changed)
    assert identity.differing_stages(old, new) == ["entities"]
    assert identity.differing_stages(old, identity.stage_parts({**record, "new_field": 1})) == ["other"]
