#!/usr/bin/env python3
"""Train the NER network (:mod:`rasd.ner.nn`) and measure it, alone and added to the CRF.

usage: .venv/bin/python training/train_ner_nn.py [--shared ../shared] [--seeds 1,2,3] [--epochs N]
           [--split-crf PATH] [--weights 0.5,1,2] [--save] [--fixture]
       .venv/bin/python training/train_ner_nn.py --stack tail|dev [--save]
       .venv/bin/python training/train_ner_nn.py --fixture-from src/rasd/resources/models/ner_nn.npz

Nothing of this is committed (no gain confirmed; see BENCHMARKS.md).  The *stacked*
model (``--stack dev --save``, ~40 min on 2 busy cores) is where it came closest: the network's out-of-fold outputs become CRF features
(:func:`rasd.ner.nn.stack_features`), the CRF is retrained with them (``ner_stack.npz``)
and the network trained on all data is written to ``ner_nn.npz``; ``--stack tail``
is the same trained without the last 10% of ANERcorp train and scored on it.
The default mode measures the simpler blend (network log-probabilities added to the
CRF's scores), which did not help.

PyTorch is needed here only (``pip install torch==2.13.0``, the local CPU wheel; a
bare ``torch`` pulls a CUDA build of several GB); run time reads the exported
float16 ``src/rasd/resources/models/ner_nn.npz`` with numpy.

Data: ANERcorp train (PERS -> PER) + the MIT Wojood sample mapped as in
``train_ner.py``.  The last 10% of ANERcorp train is held out: the network is early
stopped on it, and the blend weight is chosen on it with a CRF trained without it
(``--split-crf``: made once by this script with ``train_ner.train_passes`` and cached,
since the committed CRF has seen that tail).  Memory tags (training names) are built
out of fold, as ``train_ner.memory_features`` does.  Then dev (anercorp/dev.conll) is
tagged exactly as ``rasd ner --conll`` tags it, for the CRF alone, the network alone
and the blend, and scored with ``../shared/eval/conll_score.py``.
``--save`` exports the network with the chosen weight (``--fixture`` also writes the
test fixture ``tests/fixtures/ner_nn_fixture.json``: PyTorch log-probabilities of a
few dev sentences, which the numpy inference must reproduce).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np
import torch
from torch import nn

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "training"))

from train_ner import FOLDS, map_tag, memory_features, read_wojood, train_passes  # noqa: E402
from train_ner import train as crf_train  # noqa: E402

from rasd.ner import conll, document, memory  # noqa: E402
from rasd.ner import nn as rnn  # noqa: E402
from rasd.ner.bio import chunks  # noqa: E402
from rasd.ner.combine import to_bio  # noqa: E402
from rasd.ner.crf import CrfModel, load_model, viterbi  # noqa: E402
from rasd.ner.features import gazetteer_tags, sentence_features, stem_key  # noqa: E402
from rasd.ner.tagger import model as committed_model  # noqa: E402
from rasd.ner.tagger import name_chunks_with  # noqa: E402

OUT = ROOT / "src/rasd" / rnn.FILE
FIXTURE = ROOT / "tests/fixtures/ner_nn_fixture.json"
Sent = tuple[list[str], list[str]]


def oof_memory(words: list[list[str]], ys: list[list[str]]) -> list[list[str]]:
    """Out-of-fold memory tags (each fold sees the names of the others), as train_ner does."""
    n = len(words)
    out: list[list[str]] = [[] for _ in range(n)]
    for f in range(FOLDS):
        lo, hi = f * n // FOLDS, (f + 1) * n // FOLDS
        lex = memory.build([(words[i], ys[i]) for i in (*range(lo), *range(hi, n))])
        for i in range(lo, hi):
            out[i] = memory.tags(words[i], lex)
    return out


class Vocab:
    """Strings -> ids (0 is UNK), kept when seen at least ``min_count`` times."""

    def __init__(self, counts: Counter[str], min_count: int) -> None:
        self.items = ["<unk>", *sorted(k for k, c in counts.items() if c >= min_count)]
        self.index = {k: i for i, k in enumerate(self.items)}

    def get(self, key: str) -> int:
        return self.index.get(key, rnn.UNK)


class Encoded:
    """One sentence as id arrays."""

    def __init__(self, words: list[str], gaz: list[str], mem: list[str], y: list[int], v: dict[str, Vocab]) -> None:
        self.stem = [v["stems"].get(stem_key(w)) for w in words]
        self.ngrams = [list(rnn.ngram_ids(w)) for w in words]
        self.attrs = [[i for i in (v["attrs"].get(a) for a in rnn.attributes(w)) if i] for w in words]
        self.gaz = [v["gaz_tags"].get(t) for t in gaz]
        self.mem = [v["mem_tags"].get(t) for t in mem]
        self.y = y


class Net(nn.Module):
    """The network of :mod:`rasd.ner.nn` (same layout, so the export is a copy)."""

    def __init__(self, n_stems: int, n_attrs: int, n_gaz: int, n_mem: int, n_labels: int, d_stem: int,
                 d_char: int, d_attr: int, d_tag: int, hidden: int, dropout: float, encoder: str = "cnn") -> None:
        super().__init__()
        self.encoder = encoder
        self.lstm = nn.LSTM(hidden, hidden // 2, batch_first=True, bidirectional=True) if encoder == "lstm" else None
        self.stem_emb = nn.Embedding(n_stems, d_stem)
        self.char_emb = nn.EmbeddingBag(rnn.BUCKETS, d_char, mode="mean")
        self.attr_emb = nn.EmbeddingBag(n_attrs, d_attr, mode="sum", padding_idx=0)
        self.gaz_emb = nn.Embedding(n_gaz, d_tag)
        self.mem_emb = nn.Embedding(n_mem, d_tag)
        self.w_in = nn.Linear(d_stem + d_char + d_attr + 2 * d_tag, hidden)
        self.convs = nn.ModuleList(nn.Conv1d(hidden, hidden, 3, padding=d, dilation=d) for d in rnn.DILATIONS)
        self.out = nn.Linear(hidden, n_labels)
        self.drop = nn.Dropout(dropout)
        nn.init.normal_(self.char_emb.weight, std=0.1)

    def forward(self, b: dict[str, torch.Tensor]) -> torch.Tensor:
        bsz, t = b["stem"].shape
        chars = self.char_emb(b["ng_flat"], b["ng_off"]).view(bsz, t, -1)
        attrs = self.attr_emb(b["at_flat"], b["at_off"]).view(bsz, t, -1)
        x = torch.cat([self.stem_emb(b["stem"]), chars, attrs, self.gaz_emb(b["gaz"]), self.mem_emb(b["mem"])], -1)
        mask = b["mask"].unsqueeze(-1)
        h = torch.relu(self.w_in(self.drop(x))) * mask
        if self.lstm is not None:
            packed = nn.utils.rnn.pack_padded_sequence(h, b["mask"].sum(1).long(), batch_first=True,
                                                       enforce_sorted=False)
            y, _ = self.lstm(packed)
            y, _ = nn.utils.rnn.pad_packed_sequence(y, batch_first=True, total_length=h.shape[1])
            return torch.log_softmax(self.out(self.drop(h + y)), -1)
        for conv in self.convs:
            y = torch.relu(conv(self.drop(h).transpose(1, 2)).transpose(1, 2))
            h = (h + y) * mask
        return torch.log_softmax(self.out(self.drop(h)), -1)


def batch(sents: list[Encoded]) -> dict[str, torch.Tensor]:
    """Pad sentences into tensors (n-grams and attributes as EmbeddingBag offsets)."""
    t = max(len(s.stem) for s in sents)
    bsz = len(sents)
    stem = torch.zeros(bsz, t, dtype=torch.long)
    gaz = torch.zeros(bsz, t, dtype=torch.long)
    mem = torch.zeros(bsz, t, dtype=torch.long)
    y = torch.full((bsz, t), -100, dtype=torch.long)
    mask = torch.zeros(bsz, t)
    ng_flat: list[int] = []
    ng_off: list[int] = []
    at_flat: list[int] = []
    at_off: list[int] = []
    for i, s in enumerate(sents):
        n = len(s.stem)
        stem[i, :n] = torch.tensor(s.stem)
        gaz[i, :n] = torch.tensor(s.gaz)
        mem[i, :n] = torch.tensor(s.mem)
        y[i, :n] = torch.tensor(s.y)
        mask[i, :n] = 1
        for j in range(t):
            ng_off.append(len(ng_flat))
            at_off.append(len(at_flat))
            if j < n:
                ng_flat.extend(s.ngrams[j])
                at_flat.extend(s.attrs[j] or [0])
            else:
                ng_flat.append(0)
                at_flat.append(0)
    return {"stem": stem, "gaz": gaz, "mem": mem, "y": y, "mask": mask, "ng_flat": torch.tensor(ng_flat),
            "ng_off": torch.tensor(ng_off), "at_flat": torch.tensor(at_flat), "at_off": torch.tensor(at_off)}


def allowed(labels: list[str]) -> np.ndarray:
    """Transition matrix forbidding I-X after anything but B-X / I-X (for the network alone)."""
    m = np.zeros((len(labels), len(labels)), dtype=np.float32)
    for a, la in enumerate(labels):
        for b, lb in enumerate(labels):
            if lb.startswith("I-") and la[2:] != lb[2:]:
                m[a, b] = -1e4
    return m


def entity_f1(gold: list[list[str]], pred: list[list[str]]) -> tuple[float, float, float]:
    tp = npred = ngold = 0
    for g, p in zip(gold, pred, strict=True):
        gs, ps = set(chunks(g)), {(a, b, "LOC" if lab == "GPE" else lab) for a, b, lab in chunks(p)}
        tp, npred, ngold = tp + len(gs & ps), npred + len(ps), ngold + len(gs)
    pr, rc = tp / max(npred, 1), tp / max(ngold, 1)
    return pr, rc, (2 * pr * rc / (pr + rc) if pr + rc else 0.0)


def predict(net: Net, data: list[Encoded], bs: int = 64) -> list[np.ndarray]:
    net.eval()
    out: list[np.ndarray] = []
    with torch.no_grad():
        for i in range(0, len(data), bs):
            chunk = data[i : i + bs]
            lp = net(batch(chunk)).numpy()
            out.extend(lp[k, : len(s.stem)] for k, s in enumerate(chunk))
    return out


def train_net(train: list[Encoded], held: list[Encoded], held_gold: list[list[str]], labels: list[str],
              sizes: dict[str, int], args: argparse.Namespace, seed: int) -> Net:
    torch.manual_seed(seed)
    rng = random.Random(seed)
    net = Net(sizes["stems"], sizes["attrs"], sizes["gaz_tags"], sizes["mem_tags"], len(labels), args.d_stem,
              args.d_char, args.d_attr, args.d_tag, args.hidden, args.dropout, args.encoder)
    opt = torch.optim.Adam(net.parameters(), lr=args.lr)
    trans = allowed(labels)
    best: tuple[float, dict[str, torch.Tensor]] | None = None
    bad = 0
    # batches of similar lengths, built once; their order is shuffled every epoch
    by_len = sorted(range(len(train)), key=lambda k: (len(train[k].stem), rng.random()))
    batches = [batch([train[k] for k in by_len[i : i + args.batch]]) for i in range(0, len(by_len), args.batch)]
    for ep in range(args.epochs):
        t0 = time.time()
        net.train()
        rng.shuffle(batches)
        total = 0.0
        for b0 in batches:
            b = dict(b0)
            if args.word_drop:
                b["stem"] = b0["stem"].masked_fill(torch.rand(b0["stem"].shape) < args.word_drop, 0)
            lp = net(b)
            loss = nn.functional.nll_loss(lp.reshape(-1, lp.shape[-1]), b["y"].reshape(-1), ignore_index=-100)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += float(loss.detach())
        if not held:
            print(f"  seed {seed} epoch {ep + 1}: loss {total:.1f} ({time.time() - t0:.0f}s)", file=sys.stderr)
            best = (0.0, {k: v.clone() for k, v in net.state_dict().items()})
            continue
        lps = predict(net, held)
        pred = [[labels[k] for k in viterbi(lp, trans)] for lp in lps]
        p, r, f = entity_f1(held_gold, pred)
        print(f"  seed {seed} epoch {ep + 1}: loss {total:.1f} held-out P={p:.3f} R={r:.3f} F1={f:.4f} "
              f"({time.time() - t0:.0f}s)", file=sys.stderr)
        if best is None or f > best[0]:
            best, bad = (f, {k: v.clone() for k, v in net.state_dict().items()}), 0
        else:
            bad += 1
            if bad >= args.patience:
                break
    assert best is not None
    net.load_state_dict(best[1])
    net.eval()
    return net


def to_numpy(net: Net, labels: list[str], vocabs: dict[str, Vocab], meta: dict[str, object]) -> dict[str, np.ndarray]:
    """The arrays of ``ner_nn.npz`` (float16 weights; vocabularies as UTF-8 text)."""
    sd = {k: v.detach().numpy() for k, v in net.state_dict().items()}
    arr: dict[str, np.ndarray] = {
        "stem_emb": sd["stem_emb.weight"], "char_emb": sd["char_emb.weight"], "attr_emb": sd["attr_emb.weight"],
        "gaz_emb": sd["gaz_emb.weight"], "mem_emb": sd["mem_emb.weight"],
        "w_in": sd["w_in.weight"].T, "b_in": sd["w_in.bias"], "w_out": sd["out.weight"].T, "b_out": sd["out.bias"]}
    for k in range(len(rnn.DILATIONS)):
        # torch Conv1d weight (out, in, 3) -> (3, in, out)
        arr[f"conv{k}_w"] = sd[f"convs.{k}.weight"].transpose(2, 1, 0)
        arr[f"conv{k}_b"] = sd[f"convs.{k}.bias"]
    out = {k: np.ascontiguousarray(v).astype(np.float16) for k, v in arr.items()}

    def text(items: list[str]) -> np.ndarray:
        return np.frombuffer("\n".join(items).encode("utf-8"), dtype=np.uint8)

    out["labels"] = text(labels)
    for k, v in vocabs.items():
        out[k] = text(v.items)
    out["meta"] = np.frombuffer(json.dumps(meta, ensure_ascii=False).encode("utf-8"), dtype=np.uint8)
    return out


def npz_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    import io

    buf = io.BytesIO()
    np.savez_compressed(buf, **arrays)  # type: ignore[arg-type]
    return buf.getvalue()


def npz_bytes_crf(crf: CrfModel) -> bytes:
    """The CRF as its committed file holds it (float16 weights)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "m.npz"
        crf.save(path)
        return path.read_bytes()


def score_file(shared: Path, gold_path: Path, sents: list[list[str]], tags: list[list[str]]) -> dict[str, dict[str, float]]:
    with tempfile.NamedTemporaryFile("w", suffix=".conll", delete=False, encoding="utf-8") as fh:
        fh.write(conll.write_conll(sents, tags))
    js = subprocess.run([sys.executable, str(shared / "eval/conll_score.py"), str(gold_path), fh.name, "--json"],
                        capture_output=True, text=True, check=True).stdout
    return json.loads(js)


def pipeline_tags(first: CrfModel, sents: list[list[str]], lexicon: memory.Lexicon) -> list[list[str]]:
    """Tags as ``rasd ner --conll`` makes them (model, spreading in a window, no gazetteer spans)."""
    found = name_chunks_with(first, None, sents, document.CONLL_WINDOW, spread=True, gazetteer=False,
                             lexicon=lexicon)
    return [to_bio(len(s), f) for s, f in zip(sents, found, strict=True)]


def line(name: str, s: dict[str, dict[str, float]]) -> str:
    a = s["ALL"]
    per = " ".join(f"{k} {s[k]['f']:.3f}" for k in ("LOC", "PER", "ORG", "MISC") if k in s)
    return f"{name:<34} P={a['p']:.4f} R={a['r']:.4f} F1={a['f']:.4f}  ({per})"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--seeds", default="1", help="comma-separated seeds (several: an averaged ensemble)")
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--patience", type=int, default=4)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--dropout", type=float, default=0.3)
    ap.add_argument("--word-drop", type=float, default=0.15)
    ap.add_argument("--d-stem", type=int, default=64)
    ap.add_argument("--d-char", type=int, default=32)
    ap.add_argument("--d-attr", type=int, default=32)
    ap.add_argument("--d-tag", type=int, default=8)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--no-wojood", action="store_true")
    ap.add_argument("--encoder", choices=("cnn", "lstm"), default="cnn")
    ap.add_argument("--stack", choices=("tail", "dev"), default=None,
                    help="stacking experiment: CRF trained with out-of-fold network features, scored on the "
                         "held-out tail (trained on the rest) or on dev (trained on all)")
    ap.add_argument("--stack-epochs", type=int, default=6)
    ap.add_argument("--fixture-from", type=Path, default=None, metavar="NPZ",
                    help="only write the test fixture for this exported network")
    ap.add_argument("--nn-only", action="store_true", help="stop after the held-out scores of the network")
    ap.add_argument("--split-crf", type=Path, default=Path("/tmp/rasd_ner_split_crf.npz"),
                    help="cache of the CRF trained without the held-out tail (made when missing)")
    ap.add_argument("--weights", default="0.25,0.5,0.75,1,1.5,2,3")
    ap.add_argument("--weight", type=float, default=None, help="blend weight to save (default: best on the tail)")
    ap.add_argument("--save", action="store_true")
    ap.add_argument("--fixture", action="store_true")
    args = ap.parse_args(argv)
    torch.set_num_threads(2)
    t0 = time.time()
    if args.fixture_from is not None:
        write_fixture(args.fixture_from, args.shared)
        return 0

    aner = [(w, [map_tag(t) for t in ts]) for w, ts in
            conll.read_conll_tagged((args.shared / "data/anercorp/train.conll").read_text(encoding="utf-8"))]
    wojood: list[Sent] = []
    if not args.no_wojood:
        for name in ("train.txt", "val.txt", "test.txt"):
            wojood += [([w for w, _ in s], [t for _, t in s]) for s in read_wojood(args.shared / "data/wojood-sample" / name)]
    cut = len(aner) * 9 // 10
    if args.stack:
        labels = list(committed_model("ner.npz").labels)
        if args.stack == "tail":
            crf, tagger, lex = stack(args, aner[:cut] + wojood, labels, int(args.seeds.split(",")[0]), None)
            test_words, test_gold = [w for w, _ in aner[cut:]], [y for _, y in aner[cut:]]
        else:
            nn_path = OUT if args.save else Path("/tmp/rasd_ner_nn_stack_full.npz")
            crf_path = ROOT / "src/rasd" / rnn.STACK_FILE if args.save else Path("/tmp/rasd_ner_stack_crf.npz")
            crf, tagger, lex = stack(args, aner + wojood, labels, int(args.seeds.split(",")[0]), nn_path)
            crf.meta = {"trained_on": ["anercorp/train.conll", "wojood-sample (MIT)"], "stacked_on": rnn.FILE,
                        "licence": "trained on ANERcorp (research use, public copy CC BY-SA 4.0)"}
            crf.save(crf_path)
            print(f"wrote {nn_path} and {crf_path}", file=sys.stderr)
            test_words = conll.read_conll((args.shared / "data/anercorp/dev.conll").read_text(encoding="utf-8"))
            test_gold = [[map_tag(t) for t in ts] for _, ts in conll.read_conll_tagged(
                (args.shared / "data/anercorp/dev.conll").read_text(encoding="utf-8"))]
        crf = load_model(npz_bytes_crf(crf))
        stacked = rnn.StackedCrf(crf.labels, crf.index, crf.weights, crf.transitions, net=tagger)
        p, r, f = entity_f1(test_gold, pipeline_tags(stacked, test_words, lex))
        print(f"stacked CRF on {args.stack}: P={p:.4f} R={r:.4f} F1={f:.4f}  ({time.time() - t0:.0f}s)")
        return 0
    head, tail = aner[:cut], aner[cut:]
    train_sents = head + wojood
    words = [w for w, _ in train_sents]
    ys = [y for _, y in train_sents]
    mem = oof_memory(words, ys)
    head_lex = memory.build(zip(words, ys, strict=True))
    tail_words = [w for w, _ in tail]
    tail_gold = [y for _, y in tail]
    tail_mem = [memory.tags(w, head_lex) for w in tail_words]
    dev_path = args.shared / "data/anercorp/dev.conll"
    dev_words = conll.read_conll(dev_path.read_text(encoding="utf-8"))
    full_lex = memory.committed()
    dev_mem = [memory.tags(w, full_lex) for w in dev_words]

    crf = committed_model("ner.npz")
    labels = list(crf.labels)
    stem_counts = Counter(stem_key(w) for ws in words for w in ws)
    attr_counts = Counter(a for ws in words for w in ws for a in rnn.attributes(w))
    gaz = [gazetteer_tags(w) for w in words]
    vocabs = {"stems": Vocab(stem_counts, 2), "attrs": Vocab(attr_counts, 2),
              "gaz_tags": Vocab(Counter(t for g in gaz for t in g), 1),
              "mem_tags": Vocab(Counter(t for m in mem for t in m), 1)}
    sizes = {k: len(v.items) for k, v in vocabs.items()}
    lab_id = {lab: i for i, lab in enumerate(labels)}
    enc = [Encoded(w, g, m, [lab_id[t] for t in y], vocabs) for w, g, m, y in zip(words, gaz, mem, ys, strict=True)]
    held = [Encoded(w, gazetteer_tags(w), m, [lab_id[t] for t in y], vocabs)
            for w, m, y in zip(tail_words, tail_mem, tail_gold, strict=True)]
    print(f"{len(enc)} training sentences, {len(held)} held out; vocab sizes {sizes} "
          f"({time.time() - t0:.0f}s)", file=sys.stderr)

    seeds = [int(s) for s in args.seeds.split(",")]
    nets = [train_net(enc, held, tail_gold, labels, sizes, args, s) for s in seeds]
    if args.nn_only:
        return 0

    # numpy copies (float16 round trip, as committed)
    meta: dict[str, object] = {"trained_on": ["anercorp/train.conll (first 90%)"] + ([] if args.no_wojood else
                               ["wojood-sample (MIT)"]), "seeds": seeds,
                               "licence": "trained on ANERcorp (research use, public copy CC BY-SA 4.0) and the "
                                          "Wojood sample (MIT)"}
    taggers = [rnn.load_nn(npz_bytes(to_numpy(n, labels, vocabs, meta)), "trained") for n in nets]

    # blend weight on the held-out tail, with a CRF that has not seen it
    if not args.split_crf.is_file():
        t1 = time.time()
        first, _, _ = train_passes([list(zip(w, y, strict=True)) for w, y in train_sents], 0.02, 0.05, 150, 1, 1)
        first.save(args.split_crf)
        print(f"split CRF trained ({time.time() - t1:.0f}s)", file=sys.stderr)
    split_crf = load_model(args.split_crf.read_bytes())
    weights = [float(x) for x in args.weights.split(",")]
    ens = Ensemble(taggers)
    tail_scores = {}
    for w in [0.0, *weights]:
        tags = pipeline_tags(rnn.BlendedCrf(split_crf.labels, split_crf.index, split_crf.weights,
                                            split_crf.transitions, net=ens, weight=w), tail_words, head_lex)
        tail_scores[w] = entity_f1(tail_gold, tags)
        print(f"tail: weight {w}: P={tail_scores[w][0]:.4f} R={tail_scores[w][1]:.4f} F1={tail_scores[w][2]:.4f}")
    best_w = args.weight if args.weight is not None else max(weights, key=lambda x: tail_scores[x][2])
    print(f"chosen weight {best_w}")

    # dev
    trans = allowed(labels)
    report = [line("CRF alone (committed)", score_file(args.shared, dev_path, dev_words,
                                                        pipeline_tags(crf, dev_words, full_lex)))]
    for k, t in enumerate([*taggers, ens] if len(taggers) > 1 else taggers):
        name = f"NN alone seed {seeds[k]}" if k < len(taggers) else "NN alone ensemble"
        lps = [t.log_probs(w, gazetteer_tags(w), m) for w, m in zip(dev_words, dev_mem, strict=True)]
        tags = [[labels[i] for i in viterbi(lp, trans)] for lp in lps]
        report.append(line(name, score_file(args.shared, dev_path, dev_words, tags)))
    for w in [*weights]:
        tags = pipeline_tags(rnn.blend(crf, ens, w), dev_words, full_lex)
        report.append(line(f"CRF + {w} x NN{' (chosen)' if w == best_w else ''}",
                           score_file(args.shared, dev_path, dev_words, tags)))
    print("\n".join(report))

    if args.save:
        if len(nets) != 1:
            print("--save takes one seed", file=sys.stderr)
            return 2
        meta["weight"] = best_w
        meta["dev_f1_blend"] = report[-len(weights) + weights.index(best_w)].split("F1=")[1][:6]
        arrays = to_numpy(nets[0], labels, vocabs, meta)
        OUT.write_bytes(npz_bytes(arrays))
        print(f"wrote {OUT} ({OUT.stat().st_size / 1e6:.2f} MB)", file=sys.stderr)
        if args.fixture:
            net = nets[0]
            with torch.no_grad():  # float16 round trip, so torch and numpy read the same weights
                for p in net.parameters():
                    p.copy_(p.half().float())
            sample = list(range(0, 40, 8))
            fx = [Encoded(dev_words[i], gazetteer_tags(dev_words[i]), dev_mem[i], [0] * len(dev_words[i]), vocabs)
                  for i in sample]
            lps = predict(net, fx)
            FIXTURE.write_text(json.dumps([{"words": dev_words[i], "gaz": gazetteer_tags(dev_words[i]),
                                            "mem": dev_mem[i], "log_probs": np.round(lp, 5).tolist()}
                                           for i, lp in zip(sample, lps, strict=True)], ensure_ascii=False),
                               encoding="utf-8")
            print(f"wrote {FIXTURE}", file=sys.stderr)
    print(f"total {time.time() - t0:.0f}s", file=sys.stderr)
    return 0


def fit(words: list[list[str]], ys: list[list[str]], mem: list[list[str]], labels: list[str],
        args: argparse.Namespace, seed: int) -> tuple[Net, rnn.NnTagger, dict[str, Vocab]]:
    """A network trained for ``args.stack_epochs`` epochs on these sentences, and its numpy copy."""
    gaz = [gazetteer_tags(w) for w in words]
    vocabs = {"stems": Vocab(Counter(stem_key(x) for ws in words for x in ws), 2),
              "attrs": Vocab(Counter(a for ws in words for x in ws for a in rnn.attributes(x)), 2),
              "gaz_tags": Vocab(Counter(t for g in gaz for t in g), 1),
              "mem_tags": Vocab(Counter(t for m in mem for t in m), 1)}
    sizes = {k: len(v.items) for k, v in vocabs.items()}
    lab_id = {lab: i for i, lab in enumerate(labels)}
    enc = [Encoded(w, g, m, [lab_id[t] for t in y], vocabs) for w, g, m, y in zip(words, gaz, mem, ys, strict=True)]
    a = argparse.Namespace(**{**vars(args), "epochs": args.stack_epochs})
    net = train_net(enc, [], [], labels, sizes, a, seed)
    return net, rnn.load_nn(npz_bytes(to_numpy(net, labels, vocabs, {})), "trained"), vocabs


def stack(args: argparse.Namespace, sents: list[Sent], labels: list[str], seed: int,
          out: Path | None) -> tuple[CrfModel, rnn.NnTagger, memory.Lexicon]:
    """The stacked CRF: network outputs out of fold as CRF features, then the CRF."""
    words = [w for w, _ in sents]
    ys = [y for _, y in sents]
    mem = oof_memory(words, ys)
    n = len(sents)
    feats: list[list[tuple[str, ...]]] = [[] for _ in range(n)]
    for f in range(FOLDS):
        lo, hi = f * n // FOLDS, (f + 1) * n // FOLDS
        idx = [*range(lo), *range(hi, n)]
        # the network of the other folds, with their own out-of-fold memory tags
        sub_mem = oof_memory([words[i] for i in idx], [ys[i] for i in idx])
        _, t, _ = fit([words[i] for i in idx], [ys[i] for i in idx], sub_mem, labels, args, seed)
        for i in range(lo, hi):
            feats[i] = rnn.stack_features(t.log_probs(words[i], gazetteer_tags(words[i]), mem[i]), labels)
        print(f"  stack fold {f + 1}/{FOLDS}", file=sys.stderr)
    net, tagger, vocabs = fit(words, ys, mem, labels, args, seed)
    mem_feats, lexicon = memory_features(words, ys, True)
    data = [(sentence_features(w, gazetteer_tags(w), [(*m, *x) for m, x in zip(mf, nf, strict=True)]), y)
            for w, mf, nf, y in zip(words, mem_feats, feats, ys, strict=True)]
    t1 = time.time()
    crf = crf_train(data, 0.02, 0.05, 150, 1)
    print(f"  stacked CRF trained ({time.time() - t1:.0f}s)", file=sys.stderr)
    if out is not None:
        out.write_bytes(npz_bytes(to_numpy(net, labels, vocabs, {"seed": seed})))
    return crf, tagger, lexicon


def from_npz(path: Path) -> tuple[Net, list[str], dict[str, Vocab]]:
    """A PyTorch network holding the (float16) weights of an exported ``ner_nn.npz``."""
    with np.load(path) as z:
        arr = {k: z[k] for k in z.files}
    text = {k: bytes(arr.pop(k)).decode("utf-8").split("\n") for k in ("labels", "stems", "attrs", "gaz_tags",
                                                                        "mem_tags", "meta")}
    vocabs = {}
    for k in ("stems", "attrs", "gaz_tags", "mem_tags"):
        v = Vocab(Counter(), 1)
        v.items, v.index = text[k], {x: i for i, x in enumerate(text[k])}
        vocabs[k] = v
    f = {k: torch.from_numpy(v.astype(np.float32)) for k, v in arr.items()}
    d_tag = f["gaz_emb"].shape[1]
    net = Net(len(text["stems"]), len(text["attrs"]), len(text["gaz_tags"]), len(text["mem_tags"]),
              len(text["labels"]), f["stem_emb"].shape[1], f["char_emb"].shape[1], f["attr_emb"].shape[1], d_tag,
              f["b_in"].shape[0], 0.0)
    sd = {"stem_emb.weight": f["stem_emb"], "char_emb.weight": f["char_emb"], "attr_emb.weight": f["attr_emb"],
          "gaz_emb.weight": f["gaz_emb"], "mem_emb.weight": f["mem_emb"], "w_in.weight": f["w_in"].T,
          "w_in.bias": f["b_in"], "out.weight": f["w_out"].T, "out.bias": f["b_out"]}
    for k in range(len(rnn.DILATIONS)):
        sd[f"convs.{k}.weight"] = f[f"conv{k}_w"].permute(2, 1, 0)
        sd[f"convs.{k}.bias"] = f[f"conv{k}_b"]
    net.load_state_dict(sd)
    net.eval()
    return net, text["labels"], vocabs


def write_fixture(path: Path, shared: Path) -> None:
    """PyTorch log-probabilities of a few dev sentences under the exported network (the
    numpy inference must reproduce them: ``tests/test_ner_nn.py``)."""
    net, _, vocabs = from_npz(path)
    dev = conll.read_conll((shared / "data/anercorp/dev.conll").read_text(encoding="utf-8"))
    lex = memory.committed()
    cases = []
    for i in range(0, 40, 8):
        w = dev[i]
        g, m = gazetteer_tags(w), memory.tags(w, lex)
        lp = predict(net, [Encoded(w, g, m, [0] * len(w), vocabs)])[0]
        cases.append({"words": w, "gaz": g, "mem": m, "log_probs": np.round(lp, 5).tolist()})
    FIXTURE.write_text(json.dumps(cases, ensure_ascii=False), encoding="utf-8")
    print(f"wrote {FIXTURE}", file=sys.stderr)


class Ensemble(rnn.NnTagger):
    """Mean log-probabilities of several networks (same labels)."""

    def __init__(self, members: list[rnn.NnTagger]) -> None:
        m = members[0]
        super().__init__(m.labels, m.stems, m.attrs, m.gaz_tags, m.mem_tags, m.arrays, m.meta)
        self.members = members

    def log_probs(self, words, gaz_tags, mem_tags):  # type: ignore[no-untyped-def]
        return np.mean([m.log_probs(words, gaz_tags, mem_tags) for m in self.members], axis=0)


if __name__ == "__main__":
    sys.exit(main())
