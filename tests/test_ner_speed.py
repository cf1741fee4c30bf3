"""The fast CRF scoring paths give bit for bit the scores of the one-feature-string-at-a-time
computation (issue 17: faster with identical output)."""

from __future__ import annotations

import math
from importlib import resources

import numpy as np
import pytest

from rasd.arabic.tokenize import tokenize
from rasd.ner import crf, namelm
from rasd.ner.crf import CrfModel, viterbi, viterbi_lanes, viterbi_many
from rasd.ner.features import GAZ_WINDOW, WINDOW, gaz_feature, gazetteer_tags, joint_features, word_features
from rasd.ner.tagger import models

SENTENCES = [
    ["وقال", "الرئيس", "الأمريكي", "جورج", "بوش", "في", "واشنطن", "إن", "وزارة", "الخارجية", "تتابع", "."],
    [],
    ["أعلنت", "شركة", "«", "أرامكو", "»", "السعودية", "أمس", "عن", "2", "مليار", "ريال"],
    ["."],
    ["زار", "الملك", "سلمان", "بن", "عبدالعزيز", "القاهرة", "وبالعراق"],
]


def _reference_unary(model: CrfModel, words: list[str], gaz: list[str], extra: list[tuple[str, ...]]) -> np.ndarray:
    """The scores as the feature strings give them, one weight row at a time, in the
    order the model has always added them (per offset, then gazetteer, joint, extra)."""
    n, labels = len(words), len(model.labels)
    padded = ["<s>", "<s>", *words, "</s>", "</s>"]
    vecs = []
    for w in padded:
        vec = np.zeros((len(WINDOW), labels), dtype=np.float32)
        for i, feats in enumerate(word_features(w)):
            rows = [model.index[f] for f in feats if f in model.index]
            if rows:
                acc = model.weights[rows[0]].copy()
                for r in rows[1:]:
                    acc += model.weights[r]
                vec[i] = acc
        vecs.append(vec)
    u = np.zeros((n, labels), dtype=np.float32)
    for i in range(n):
        for idx, k in enumerate(WINDOW):
            u[i] += vecs[i + 2 + k][idx]
        for k in GAZ_WINDOW:
            j = i + k
            if 0 <= j < n and gaz[j] != "O" and gaz_feature(gaz[j], k) in model.index:
                u[i] += model.weights[model.index[gaz_feature(gaz[j], k)]]
        for f in (*joint_features(words)[i], *extra[i]):
            if f in model.index:
                u[i] += model.weights[model.index[f]]
    return u


def test_crf_document_scores_equal_the_feature_strings_bit_for_bit():
    model = models()[0]
    gaz = [gazetteer_tags(s) for s in SENTENCES]
    extra = [[("0M=B-PER",) if w == "جورج" else () for w in s] for s in SENTENCES]
    fast = model.unary_many(SENTENCES, gaz, extra)
    assert [u.shape[0] for u in fast] == [len(s) for s in SENTENCES]
    for s, g, x, u in zip(SENTENCES, gaz, extra, fast, strict=True):
        assert u.tobytes() == _reference_unary(model, s, g, x).tobytes()
        if s:
            assert model.unary(s, g, x).tobytes() == u.tobytes()


def test_crf_new_words_scored_together_equal_each_word_alone_bit_for_bit():
    model = models()[0]
    words = [*dict.fromkeys(w for s in SENTENCES for w in s), "<s>", "</s>", "عبدالعزيزيات"]
    together = model._new_words_vectors(words)
    for w, vec in zip(words, together, strict=True):
        assert vec.tobytes() == model._new_words_vectors([w])[0].tobytes()
    model._words.clear()  # a cold cache: the document's new words go through the batch
    assert model.unary_many(SENTENCES[:1], [gazetteer_tags(SENTENCES[0])])[0].tobytes() == \
        _reference_unary(model, SENTENCES[0], gazetteer_tags(SENTENCES[0]), [()] * len(SENTENCES[0])).tobytes()


def test_c_word_sums_equal_the_numpy_ones_bit_for_bit():
    kernels = pytest.importorskip("rasd.ner._kernels", reason="the C loops are not built")
    model = models()[0]
    texts = [p.read_text(encoding="utf-8") for p in resources.files("rasd").joinpath("examples/articles").iterdir()
             if p.name.endswith(".txt")]
    words = [*sorted({t.text for text in texts for t in tokenize(text)}), "<s>", "</s>", "عبدالعزيزيات"]
    assert len(words) > 2000
    reference = model._new_words_vectors_numpy(words)
    ids, rows = model._attribute_rows()
    names, sizes = crf._attribute_names(words)
    found = np.fromiter((ids.get(n, -1) for n in names), dtype=np.intp, count=len(names))
    out = np.full(reference.shape, np.nan, dtype=np.float32)
    kernels.word_vectors(found, np.array(sizes, dtype=np.intp), rows, crf._COUNTS_AT, model.weights, out)
    assert out.tobytes() == reference.tobytes()
    assert model._new_words_vectors(words).tobytes() == reference.tobytes()  # whichever path this build takes
    with pytest.raises(ValueError, match="do not add up"):
        kernels.word_vectors(found[:5], np.array(sizes, dtype=np.intp), rows, crf._COUNTS_AT, model.weights, out)


def test_batched_viterbi_keeps_each_sentence_path_ties_included():
    rng = np.random.default_rng(17)
    trans = rng.integers(-2, 3, (9, 9)).astype(np.float32)  # small integers: many exact ties
    us = [rng.integers(-3, 4, (n, 9)).astype(np.float32) for n in (5, 0, 1, 12, 3, 12)]
    assert viterbi_many(us, trans) == [viterbi(u, trans) for u in us]
    assert viterbi_lanes(us, trans) == [viterbi(u, trans) for u in us]


def test_batched_viterbi_restarts_each_sentence_packed_into_a_lane():
    """Many sentences share a few lanes (several per lane): each path is still its own."""
    rng = np.random.default_rng(5)
    trans = rng.normal(size=(9, 9)).astype(np.float32)
    us = [rng.integers(-3, 4, (n, 9)).astype(np.float32) for n in rng.integers(0, 25, 40)]
    us.append(rng.normal(size=(40, 9)).astype(np.float32) * 50)  # large scores carried into no neighbour
    assert viterbi_lanes(us, trans) == [viterbi(u, trans) for u in us]
    assert viterbi_many(us, trans) == [viterbi(u, trans) for u in us]


def test_c_viterbi_pass_finds_the_numpy_paths_ties_infinities_and_nans_included():
    decode = pytest.importorskip("rasd.ner._kernels", reason="the C loops are not built").decode
    rng = np.random.default_rng(23)
    for labels in (1, 2, 9):
        for _ in range(300):
            trans = rng.integers(-2, 3, (labels, labels)).astype(np.float32)
            u = rng.integers(-3, 4, (int(rng.integers(0, 30)), labels)).astype(np.float32)
            if rng.random() < 0.3:
                u *= rng.normal(size=u.shape).astype(np.float32) * 1e3
            if rng.random() < 0.1 and u.size:
                u.flat[rng.integers(0, u.size)] = rng.choice([np.inf, -np.inf, np.nan])
            assert decode(u, trans.astype(np.float64)) == viterbi(u, trans)
    with pytest.raises(ValueError, match="2-D array of 'd'"):
        decode(np.zeros((3, 9), dtype=np.float32), np.zeros((9, 9), dtype=np.float32))
    with pytest.raises(ValueError, match="labels x labels"):
        decode(np.zeros((3, 9), dtype=np.float32), np.zeros((8, 8)))


def test_name_lm_cached_trigram_terms_add_up_to_the_direct_log_probability():
    names, _ = namelm.models()

    def direct(word: str) -> float:
        g, lp = names.grams, 0.0
        padded = "##" + word + "#"
        for i in range(2, len(padded)):
            c, b, ab = padded[i], padded[i - 1], padded[i - 2 : i]
            p1 = (g.get(c, 0) + 1) / (names.total + names.alphabet)
            p2 = g.get(b + c, 0) / g["<" + b] if g.get("<" + b) else p1
            p3 = g.get(ab + c, 0) / g["<" + ab] if g.get("<" + ab) else p2
            lp += math.log(0.6 * p3 + 0.3 * p2 + 0.1 * p1)
        return lp

    for word in ("يوكانان", "حكومه", "فابريغاس", "يوكانان"):
        assert names.logprob(word) == direct(word)


def test_memory_features_sit_only_next_to_lexicon_names():
    from rasd.ner import memory

    words = ["قال", "محمد", "علي", "أمس", "في", "الرياض"]
    lexicon = {tuple(memory.keys(["محمد", "علي"])): "PER"}
    assert memory.features(words, lexicon) == [
        ("1M=B-PER",), ("0M=B-PER", "1M=I-PER"), ("-1M=B-PER", "0M=I-PER"), ("-1M=I-PER",), (), ()]
    assert memory.features(["في", "الرياض"], lexicon) == [(), ()]


def test_crf_word_vector_store_gives_the_same_scores_after_it_is_emptied(monkeypatch):
    from rasd.ner import crf

    model = models()[0]
    words = [w for s in SENTENCES for w in s]
    expected = model._new_words_vectors(["<s>", *words, "</s>"])
    monkeypatch.setattr(crf, "CACHE_WORDS", 8)
    monkeypatch.setattr(model, "_words", {})
    monkeypatch.setattr(model, "_store", None)
    # a document of more new words than the store holds, then documents that refill it
    assert model._document_vectors(["<s>", *words, "</s>"]).tobytes() == expected.tobytes()
    for i in range(0, len(words), 3):
        doc = ["<s>", *words[i : i + 3], "</s>"]
        assert len(model._words) <= 8
        got = model._document_vectors(doc)
        assert got.tobytes() == model._new_words_vectors(doc).tobytes()


def test_crf_stem_pairs_with_a_bar_or_equals_sign_score_as_their_feature_strings():
    model = models()[0]
    odd = [["قال", "|", "الرئيس", "=", "بوش", "||"], ["وزير", "=|=", "الخارجية"], ["أعلنت", "شركة", "أرامكو"]]
    gaz = [gazetteer_tags(s) for s in odd]
    extra = [[()] * len(s) for s in odd]
    for s, g, x, u in zip(odd, gaz, extra, model.unary_many(odd, gaz, extra), strict=True):
        assert u.tobytes() == _reference_unary(model, s, g, x).tobytes()


def test_name_score_in_one_pass_equals_the_two_log_probabilities():
    names, words = namelm.models()
    for bare in ("يوكانان", "حكومه", "فابريغاس", "يوكانان", "ب", "كوندوليزا", "رايس"):
        expected = (names.logprob(bare) - words.logprob(bare)) / (len(bare) + 1)
        assert namelm.name_score(bare) == expected


def test_nisba_quick_rejection_keeps_every_reading():
    """The early ``None`` for words without a nisba ending loses no word the candidate
    stems would have found (every nisba of the table, with clitics and article)."""
    from rasd.resources import gazetteers as gaz

    def full_search(word: str) -> str | None:
        for stem in gaz._nisba_stems(word):
            for suf in gaz.NISBA_SUFFIXES:
                if stem.endswith(suf) and len(stem) - len(suf) >= 2:
                    code = gaz._tables().nisba.get(stem[: -len(suf)])
                    if code is not None:
                        return code
        return None

    stems = sorted(gaz._tables().nisba)[::7]
    words = [pre + stem + suf for stem in stems for pre in ("", "ال", "وال", "لل", "ب")
             for suf in ("ي", "يه", "ية", "يين", "ا", "")]
    assert any(gaz.nisba(w) for w in words)
    for w in words:
        assert gaz.nisba(w) == full_search(w), w
