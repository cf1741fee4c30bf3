"""The words the quotes stage looks at closely: found in one pass, the same as a word-by-word scan."""

from __future__ import annotations

from pathlib import Path

from rasd.pipeline import analyze
from rasd.stages.quotes.cues import lookup
from rasd.stages.quotes.extract import candidates, may_quote
from rasd.stages.quotes.lexicon import light_verbs, source_phrases, speech_nouns
from rasd.stages.roles import Word, article_blocks, make_words

EXAMPLES = Path(__file__).resolve().parents[1] / "src/rasd/examples/articles"


def plain_scan(words: list[Word]) -> tuple[list[int], list[int]]:
    """The tests the drafts loop and the attribution loop made on every word."""
    verbs, _nouns = light_verbs()
    nouns, said_first = speech_nouns(), source_phrases().get("said_in", {})
    firsts = source_phrases().get("source", {})
    cues = [i for i, w in enumerate(words) if w.kind == "word" and (
        lookup(w.norm) is not None or w.bare in said_first or w.norm in nouns or w.bare in nouns
        or w.norm in verbs or w.bare in verbs)]
    sources = [i for i, w in enumerate(words) if w.kind == "word" and (
        w.norm in firsts or w.bare in firsts or w.stem in firsts)]
    return cues, sources


def example_blocks() -> list[tuple[str, list[Word]]]:
    out = []
    for path in sorted(EXAMPLES.glob("*.txt"))[:25]:
        article = analyze(path.read_text(encoding="utf-8"), until="structure")
        out += [(kind, make_words(article.text, b.start, b.end)) for kind, b in article_blocks(article)]
    return out


def test_quotes_candidates_hold_every_word_the_plain_scan_acts_on() -> None:
    blocks = example_blocks()
    assert sum(len(plain_scan(ws)[0]) for _k, ws in blocks) > 20  # the examples do hold cues
    for _kind, words in blocks:
        cues, sources = candidates(words)
        want_cues, want_sources = plain_scan(words)
        assert set(want_cues) <= set(cues)  # a few more are harmless: the loop tests them again
        assert all(words[i].kind == "word" for i in cues) and cues == sorted(cues)
        assert sources == want_sources


def test_quotes_block_without_cue_source_or_colon_is_skipped() -> None:
    words = make_words("ارتفعت أسعار النفط في الأسواق العالمية اليوم.", 0, 44)
    assert candidates(words) == ([], [])
    assert not may_quote("paragraph", words, [], [])
    titled = make_words("الكاظمي: ملتزمون بالإصلاح", 0, 25)
    assert may_quote("title", titled, *candidates(titled))  # a headline colon
    said = make_words("وقال الوزير إن الأسعار سترتفع", 0, 29)
    cues, _sources = candidates(said)
    assert cues == [0] and may_quote("paragraph", said, cues, [])
