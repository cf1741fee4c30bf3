"""The README's demo examples run as written after ``rasd demo``.

The commands are read from README.md itself (the block after the marker comment), so
the test follows the README when it changes: a new user who copies them after the
demo must get answers, not an empty store made on the fly ("0 articles match").
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from rasd.cli import main
from rasd.cli.demo import DEMO_DB

README = Path(__file__).resolve().parents[1] / "README.md"
MARKER = "<!-- tests/test_readme.py runs every command of the next block on a demo store -->"

#: what a command prints when it looked at an empty or missing store
EMPTY = re.compile(r"\b0 articles match|no articles in|\b0 rows  tables/articles|no entity")


def demo_commands() -> list[list[str]]:
    """The argument lists of the README's demo block (``rasd`` dropped, comments cut)."""
    text = README.read_text(encoding="utf-8")
    assert MARKER in text, "the README lost the marker of its demo examples"
    block = re.search(r"```bash\n(.*?)```", text[text.index(MARKER):], re.DOTALL)
    assert block is not None
    commands = [shlex.split(line, comments=True) for line in block.group(1).splitlines() if line.strip()]
    assert commands and all(c[0] == "rasd" for c in commands)
    return [c[1:] for c in commands]


def test_readme_demo_store_is_the_one_the_demo_builds() -> None:
    text = README.read_text(encoding="utf-8")
    assert f"`./{DEMO_DB}`" in text
    for args in demo_commands():
        assert args[args.index("--db") + 1] == DEMO_DB, args


def test_readme_demo_examples_run_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["demo", "--no-serve", "--limit", "8"]) == 0  # the demo's own default store, in the cwd
    assert (tmp_path / DEMO_DB).exists()
    capsys.readouterr()
    for args in demo_commands():
        assert main(args) == 0, args
        got = capsys.readouterr()
        out = got.out + got.err  # export reports its files on stderr
        assert out.strip(), f"rasd {shlex.join(args)} printed nothing"
        assert not EMPTY.search(out), f"rasd {shlex.join(args)}: {out[:300]}"
