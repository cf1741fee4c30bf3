"""The NER network's numpy inference (rasd.ner.nn): loading, shapes, the folded first
layer and the convolutions against a plain reimplementation, and the CRF blend."""

from __future__ import annotations

import io
import json

import numpy as np

from rasd.ner import nn as rnn
from rasd.ner.features import gazetteer_tags, stem_key
from rasd.ner.tagger import model

LABELS = ["O", "B-LOC", "B-MISC", "B-ORG", "B-PER", "I-LOC", "I-MISC", "I-ORG", "I-PER"]
WORDS = ["وقال", "الرئيس", "الفرنسي", "إيمانويل", "ماكرون", "في", "باريس", "إن", "شركة", "رينو", "ستبقى", "."]


def _text(items: list[str]) -> np.ndarray:
    return np.frombuffer("\n".join(items).encode("utf-8"), dtype=np.uint8)


def _random_net(seed: int = 0, hidden: int = 12) -> tuple[bytes, dict[str, np.ndarray], list[str]]:
    rng = np.random.default_rng(seed)
    stems = ["<unk>", *sorted({stem_key(w) for w in WORDS[:6]})]
    attrs = ["<unk>", *sorted({a for w in WORDS for a in rnn.attributes(w)})]
    tags = ["<unk>", "O", "B-GPE", "I-GPE", "B-PER", "I-PER"]
    ds, dc, da, dt = 6, 5, 4, 3
    arr = {"stem_emb": rng.normal(size=(len(stems), ds)), "char_emb": rng.normal(size=(rnn.BUCKETS, dc)),
           "attr_emb": rng.normal(size=(len(attrs), da)), "gaz_emb": rng.normal(size=(len(tags), dt)),
           "mem_emb": rng.normal(size=(len(tags), dt)), "w_in": rng.normal(size=(ds + dc + da + 2 * dt, hidden)),
           "b_in": rng.normal(size=hidden), "w_out": rng.normal(size=(hidden, len(LABELS))),
           "b_out": rng.normal(size=len(LABELS))}
    for k in range(len(rnn.DILATIONS)):
        arr[f"conv{k}_w"] = rng.normal(size=(3, hidden, hidden)) * 0.3
        arr[f"conv{k}_b"] = rng.normal(size=hidden)
    arr["attr_emb"][0] = 0.0
    half: dict[str, np.ndarray] = {k: v.astype(np.float16) for k, v in arr.items()}
    buf = io.BytesIO()
    half.update(labels=_text(LABELS), stems=_text(stems), attrs=_text(attrs), gaz_tags=_text(tags),
                mem_tags=_text(tags), meta=np.frombuffer(json.dumps({"weight": 2.0}).encode(), dtype=np.uint8))
    np.savez(buf, **half)  # type: ignore[arg-type]
    return buf.getvalue(), {k: half[k].astype(np.float32) for k in arr}, stems


def _reference(arr: dict[str, np.ndarray], stems: list[str], words: list[str], gaz: list[str],
               mem: list[str]) -> np.ndarray:
    """The network written out token by token, without folding or shifted matrices."""
    tags = ["<unk>", "O", "B-GPE", "I-GPE", "B-PER", "I-PER"]
    attrs = ["<unk>", *sorted({a for w in WORDS for a in rnn.attributes(w)})]
    rows = []
    for w, g, m in zip(words, gaz, mem, strict=True):
        s = stems.index(stem_key(w)) if stem_key(w) in stems else 0
        ch = np.mean([arr["char_emb"][i] for i in rnn.ngram_ids(w)], axis=0)
        at = sum((arr["attr_emb"][attrs.index(a)] for a in rnn.attributes(w) if a in attrs),
                 np.zeros(arr["attr_emb"].shape[1], np.float32))
        x = np.concatenate([arr["stem_emb"][s], ch, at, arr["gaz_emb"][tags.index(g) if g in tags else 0],
                            arr["mem_emb"][tags.index(m) if m in tags else 0]])
        rows.append(np.maximum(x @ arr["w_in"] + arr["b_in"], 0))
    h = np.array(rows)
    n = len(words)
    for k, d in enumerate(rnn.DILATIONS):
        taps = arr[f"conv{k}_w"]
        y = np.zeros_like(h)
        for i in range(n):
            for tap, off in enumerate((-d, 0, d)):
                if 0 <= i + off < n:
                    y[i] += h[i + off] @ taps[tap]
        h = h + np.maximum(y + arr[f"conv{k}_b"], 0)
    z = h @ arr["w_out"] + arr["b_out"]
    return z - np.log(np.exp(z - z.max(1, keepdims=True)).sum(1, keepdims=True)) - z.max(1, keepdims=True)


def test_numpy_network_matches_a_plain_reimplementation() -> None:
    data, arr, stems = _random_net()
    net = rnn.load_nn(data)
    gaz = gazetteer_tags(WORDS)
    mem = ["O", "O", "O", "B-PER", "I-PER", "O", "O", "O", "O", "O", "O", "O"]
    lp = net.log_probs(WORDS, gaz, mem)
    assert lp.shape == (len(WORDS), len(LABELS))
    assert np.allclose(np.exp(lp).sum(axis=1), 1.0, atol=1e-5)
    assert np.allclose(lp, _reference(arr, stems, WORDS, gaz, mem), atol=1e-3)
    # one-word and empty sentences (no neighbours for the convolutions)
    assert np.allclose(net.log_probs(WORDS[:1], gaz[:1], mem[:1]),
                       _reference(arr, stems, WORDS[:1], gaz[:1], mem[:1]), atol=1e-3)
    assert net.log_probs([], [], []).shape == (0, len(LABELS))
    # cached word vectors give the same answer twice
    assert np.array_equal(lp, net.log_probs(WORDS, gaz, mem))


def test_ngram_ids_are_stable_and_in_range() -> None:
    ids = rnn.ngram_ids("وبباريس")
    assert ids == rnn.ngram_ids("وبباريس")
    assert all(0 <= i < rnn.BUCKETS for i in ids)
    assert rnn.bare_stem("وبالعراق") == "عراق"
    assert rnn.ngram_ids("بالعراق") == rnn.ngram_ids("العراق")


def test_memory_tags_are_read_from_the_crf_features() -> None:
    extra = [(), ("-1M=B-PER", "0M=I-PER"), ("0M=B-ORG",)]
    assert rnn.memory_tags(extra, 3) == ["O", "I-PER", "B-ORG"]
    assert rnn.memory_tags(None, 2) == ["O", "O"]


def test_blend_weight_zero_is_the_crf_and_a_large_weight_follows_the_network() -> None:
    crf = model("ner.npz")
    net = rnn.load_nn(_random_net(seed=3)[0])
    gaz = gazetteer_tags(WORDS)
    assert rnn.blend(crf, net, 0.0).tag(WORDS, gaz) == crf.tag(WORDS, gaz)
    assert np.array_equal(rnn.blend(crf, net, 0.0).unary(WORDS, gaz), crf.unary(WORDS, gaz))
    big = rnn.blend(crf, net, 1000.0).unary(WORDS, gaz)
    lp = net.log_probs(WORDS, gaz, ["O"] * len(WORDS))
    cols = [LABELS.index(lab) for lab in crf.labels]
    assert np.allclose(big / 1000.0, lp[:, cols], atol=0.05)
    assert rnn.blend(crf, net).weight == 2.0  # type: ignore[attr-defined]


def test_stack_features_name_the_best_label_and_its_confidence() -> None:
    lp = np.log(np.array([[0.9, 0.1, 0, 0, 0, 0, 0, 0, 0], [0.1, 0, 0, 0, 0.85, 0, 0, 0, 0.05]]) + 1e-9)
    f = rnn.stack_features(lp, LABELS)
    assert f[0][:3] == ("0N=O", "0Nc=O:h", "0Ne=0") and "1N=B-PER" in f[0]
    assert f[1][:3] == ("0N=B-PER", "0Nc=B-PER:h", "0Ne=4") and "-1N=O" in f[1]
