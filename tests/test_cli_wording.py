"""The CLI's small courtesies: counts in the right number, no escape codes in pipes,
a description for every subcommand and help for every ``--db``."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pytest
from test_store_corpus import sample_articles

from rasd.cli import build_parser, main
from rasd.cli.words import counted, emphasis
from rasd.store import open_store


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def one_article_store(tmp_path: Path) -> str:
    db = str(tmp_path / "one.db")
    with open_store(db) as s:
        s.add_articles(sample_articles()[:1])
    return db


def test_cli_counts_take_the_right_number() -> None:
    assert counted(1, "article") == "1 article"
    assert counted(0, "article") == "0 articles"
    assert counted(1, "article matches", "articles match") == "1 article matches"


def test_cli_search_writes_no_escape_codes_into_a_pipe(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = one_article_store(tmp_path)
    assert main(["search", "الكاظمي", "--db", db]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1 article matches 'الكاظمي'")
    assert "الكاظمي" in out and "\033[" not in out


def test_cli_emphasis_only_on_a_terminal_without_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert emphasis(Terminal()) == ("\033[1m", "\033[0m")
    assert emphasis(io.StringIO()) == ("", "")
    monkeypatch.setenv("NO_COLOR", "1")
    assert emphasis(Terminal()) == ("", "")


def test_cli_entity_says_one_article(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = one_article_store(tmp_path)
    assert main(["entity", "الكاظمي", "--db", db]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.endswith(" in 1 article") and "mentions" in first


def test_cli_every_subcommand_has_a_description_and_every_db_option_help() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, command in sub.choices.items():
        assert command.description, f"rasd {name} has no description"
        for action in command._actions:
            if "--db" in action.option_strings:
                assert action.help, f"rasd {name} --db has no help"


def test_demo_lines_count_each_thing_in_the_right_number() -> None:
    import re

    from rasd import analyze
    from rasd.cli.demo import one_line

    art = analyze("الخبر\n\nقال رئيس الوزراء العراقي مصطفى الكاظمي إن الحكومة ملتزمة بالاتفاق.\n")
    line = one_line(1, 1, "a.txt", art)
    assert "1 entity," in line and "1 quote," in line
    counts = re.findall(r"(\d+) (entit(?:y|ies)|quotes?|dates?|events?)", line)
    assert len(counts) == 4
    for n, noun in counts:
        assert (n == "1") == (noun in ("entity", "quote", "date", "event")), line
