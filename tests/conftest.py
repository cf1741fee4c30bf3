"""Shared fixtures.  Tests that need ../shared skip cleanly when it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "alarab-2020-11-18-kadhimi.txt"
BUNDLED_SEED = ROOT / "src/rasd/examples/articles/alarab-2020-11-18-kadhimi.txt"


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared folder, or skip."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The sample article (bundled with rasd, so always present)."""
    return BUNDLED_SEED.read_text(encoding="utf-8")
