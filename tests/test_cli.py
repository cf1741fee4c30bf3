from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rasd.cli import main

RASD = [sys.executable, "-m", "rasd"]


def test_analyze_one_file_gives_json(tmp_path: Path, capsys: pytest.CaptureFixture[str], seed_text: str) -> None:
    f = tmp_path / "a.txt"
    f.write_text(seed_text, encoding="utf-8")
    assert main(["analyze", str(f)]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["title"]["text"].startswith("الكاظمي")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1256"])
def test_analyze_decodes_legacy_encodings(tmp_path: Path, capsys: pytest.CaptureFixture[str], encoding: str) -> None:
    text = "عنوان الخبر\n\nبغداد - أكد رئيس الوزراء العراقي التزامه بالاتفاق.\n"
    f = tmp_path / "a.txt"
    f.write_bytes(text.encode(encoding))
    assert main(["analyze", str(f)]) == 0
    assert json.loads(capsys.readouterr().out)["text"] == text


def test_bad_inputs_get_one_line_errors_and_others_still_run(tmp_path: Path, seed_text: str) -> None:
    good = tmp_path / "good.txt"
    good.write_text(seed_text, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    missing = tmp_path / "missing.txt"
    r = subprocess.run([*RASD, "analyze", str(empty), str(binary), str(missing), str(good)],
                       capture_output=True, text=True)
    assert r.returncode == 2
    *errors, summary = r.stderr.strip().splitlines()
    assert len(errors) == 3 and "Traceback" not in r.stderr
    assert all(line.startswith("rasd: ") for line in errors)
    assert summary == "rasd: analyze: 1 done, 3 failed, 0 with warnings"
    assert any("empty.txt" in e for e in errors) and any("bin.txt" in e for e in errors)
    assert any("missing.txt" in e for e in errors)
    lines = r.stdout.strip().splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["title"]


def test_directory_gives_json_lines_and_stdin_works(tmp_path: Path, seed_text: str) -> None:
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(seed_text + str(i), encoding="utf-8")
    r = subprocess.run([*RASD, "analyze", str(tmp_path)], capture_output=True, text=True, check=True)
    assert len([json.loads(x) for x in r.stdout.splitlines()]) == 3
    r = subprocess.run([*RASD, "analyze", "-", "--format", "text"], input=seed_text, capture_output=True,
                       text=True, check=True)
    assert "published 2020-11-18" in r.stdout


def test_demo_runs_on_bundled_articles(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["demo", "--limit", "2", "--no-serve", "--db", str(tmp_path / "demo.db")]) == 0
    assert "alarab-2020-11-18-kadhimi" in capsys.readouterr().out


FIXTURES = Path(__file__).parent / "fixtures" / "html"


def test_analyze_html_page_fills_source_and_title(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "cnn.html"
    page.write_bytes((FIXTURES / "arabic.cnn.com.article.html").read_bytes())
    assert main(["analyze", str(page), "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["source"]["url"] == "http://arabic.cnn.com/2013/middle_east/8/3/syria.clashes/index.html"
    assert d["source"]["outlet"] == "CNNArabic"
    assert d["title"]["text"] == "معارضون يسيطرون على مخازن للصواريخ بريف دمشق"
    assert d["text"].startswith(d["title"]["text"] + "\n\n")
    assert d["dateline"]["text"] == "دمشق، سوريا"


def test_analyze_reads_html_among_text_in_a_directory(tmp_path: Path, seed_text: str) -> None:
    (tmp_path / "a.txt").write_text(seed_text, encoding="utf-8")
    (tmp_path / "b.html").write_bytes((FIXTURES / "assabah.com.tn.article.html").read_bytes())
    (tmp_path / "README.md").write_text("not an article", encoding="utf-8")
    r = subprocess.run([*RASD, "analyze", str(tmp_path)], capture_output=True, text=True, check=True)
    records = [json.loads(x) for x in r.stdout.splitlines()]
    assert [bool(x["source"]["url"]) for x in records] == [False, True]
    assert records[1]["byline"]["text"] == "حوار: آسيا العتروس"
