"""The relative-date scan looks only at the stretches between hard stops that hold a
pattern's cues; these tests pin that it finds exactly what a scan of the whole text finds."""

from __future__ import annotations

import datetime as dt
import re._compiler as sre_compile
import re._constants as sre
import re._parser as sre_parse
from importlib import resources

import pytest

from rasd.arabic import relative_dates as rd
from rasd.arabic.dateparse import cue_patterns
from rasd.arabic.normalize import normalize

ANCHOR = dt.date(2020, 11, 18)


def _consumers(items: object, out: list[tuple[object, object]]) -> None:
    """Every single-character element of a parsed pattern (look-arounds are zero width)."""
    for op, av in items:  # type: ignore[attr-defined]
        if op in (sre.LITERAL, sre.NOT_LITERAL, sre.IN, sre.ANY):
            out.append((op, av))
        elif op is sre.SUBPATTERN:
            _consumers(av[3], out)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            _consumers(av[2], out)
        elif op is sre.BRANCH:
            for branch in av[1]:
                _consumers(branch, out)
        elif op not in (sre.ASSERT, sre.ASSERT_NOT, sre.AT):
            raise AssertionError(f"pattern element {op} not covered by this check")


def _can_consume(pattern: str, ch: str) -> bool:
    tree = sre_parse.parse(pattern)
    elements: list[tuple[object, object]] = []
    _consumers(tree, elements)
    return any(sre_compile.compile(sre_parse.SubPattern(tree.state, [element])).fullmatch(ch) for element in elements)


def test_the_check_sees_what_a_pattern_consumes() -> None:
    assert _can_consume(r"(?<![^\W\d_])قبل\s+\d", " ")
    assert _can_consume(r"[^\W\d_]+", "ب")
    assert not _can_consume(r"[^\W\d_]+", ".")
    assert _can_consume(r"(?:a|[^x])", ".")


@pytest.mark.parametrize("stop", list(rd.HARD_STOPS))
def test_no_relative_pattern_or_cue_consumes_a_hard_stop(stop: str) -> None:
    patterns = [p.pattern for _name, p in rd._compiled()] + [p.pattern for p in cue_patterns().values()]
    assert not [p for p in patterns if _can_consume(p, stop)]


def _whole_text_scan(monkeypatch: pytest.MonkeyPatch, text: str) -> list[rd.DateMatch]:
    with monkeypatch.context() as m:
        m.setattr(rd._CueSpans, "windows", lambda self, need: [(0, len(self.norm))])
        return rd.find_relative_dates(text, ANCHOR)


TEXTS = [
    "قال الوزير اليوم الثلاثاء: إن الاجتماع عقد أمس. وسيزور الرئيس بغداد الخميس المقبل!",
    "وصل الوفد في 18 نوفمبر؟ ثم غادر في الأسبوع الماضي؛ وعاد منذ ثلاثة أيام: بعد غد.",
    "في شهر رمضان الماضي. قبل يومين، وخلال هذا العام. صباح أمس. الليلة الماضية. نوفمبر / تشرين الثاني الماضي",
    "اليوم. الثلاثاء. الشهر. الماضي",  # cues split across stops: nothing may match across them
    "وقال أمس، الأربعاء، إن الوفد وصل يوم الخميس، 12 نوفمبر (تشرين الثاني).",
    "بدون أي تاريخ على الإطلاق",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_windowed_scan_finds_what_the_whole_text_scan_finds(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    assert rd.find_relative_dates(text, ANCHOR) == _whole_text_scan(monkeypatch, text)


def test_windowed_scan_on_the_bundled_articles(monkeypatch: pytest.MonkeyPatch) -> None:
    folder = resources.files("rasd.examples") / "articles"
    texts = [f.read_text(encoding="utf-8") for f in folder.iterdir() if f.name.endswith(".txt")]
    assert len(texts) > 50
    found = 0
    for text in texts:
        windowed = rd.find_relative_dates(text, ANCHOR)
        assert windowed == _whole_text_scan(monkeypatch, text)
        found += len(windowed)
    assert found > 50  # the articles do hold relative dates: the comparison is not vacuous


def test_windows_join_adjacent_stretches_and_skip_the_rest() -> None:
    norm = normalize("كلام بلا تاريخ. اليوم الثلاثاء. امس الاربعاء. كلام آخر").text
    spans = rd._CueSpans(norm).windows((("امس", "اليوم"), ("@weekday",)))
    assert len(spans) == 1
    start, end = spans[0]
    assert norm[start:end].strip().startswith("اليوم") and norm[start:end].strip().endswith("الاربعاء")
