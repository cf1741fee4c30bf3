"""The NER's state scores, bit for bit, before and after a speed-up (issue 17).

``identity.py`` compares records; a change to how the CRF adds its weights could keep
every record of 500 articles and still move a score by one ulp, which turns a near tie
elsewhere.  This script runs the entity stage over SaudiNewsNet articles and writes, per
article, a running SHA-1 of every CRF state-score matrix (float32 bytes, in the order the
sentences are scored; empty sentences have none) and the article's entities.  Run it with
the old code and with the new, then compare:

    PYTHONPATH=/path/to/old/src python benchmarks/ner_scores_identity.py dump old.jsonl
    python benchmarks/ner_scores_identity.py dump new.jsonl
    python benchmarks/ner_scores_identity.py compare old.jsonl new.jsonl

``--count N --step K``: every K-th article of the first N*K (default 3,000 x 5).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from snn import iter_snn, rebuild_text

from rasd import analyze
from rasd.article import to_dict
from rasd.ner import crf
from rasd.stages.entities import analyze_entities


def _hook(digest: Any) -> None:
    """Feed every state-score matrix the model makes to ``digest`` (old and new APIs)."""
    def add(u: Any) -> None:
        if u.shape[0]:
            digest.update(u.tobytes())
            digest.update(str(u.dtype).encode())

    if hasattr(crf.CrfModel, "unary_many"):
        many = crf.CrfModel.unary_many

        def unary_many(self: Any, *a: Any, **k: Any) -> Any:
            us = many(self, *a, **k)
            for u in us:
                add(u)
            return us

        crf.CrfModel.unary_many = unary_many  # type: ignore[method-assign]
    else:
        one = crf.CrfModel.unary

        def unary(self: Any, *a: Any, **k: Any) -> Any:
            u = one(self, *a, **k)
            add(u)
            return u

        crf.CrfModel.unary = unary  # type: ignore[method-assign]


def dump(out: Path, count: int, step: int) -> None:
    digest = hashlib.sha1()
    _hook(digest)
    with out.open("w", encoding="utf-8") as fh:
        for _z, _i, a in itertools.islice(iter_snn(), 0, count * step, step):
            art = analyze_entities(analyze(rebuild_text(a), until="structure"))
            fh.write(json.dumps([digest.hexdigest(), to_dict(art).get("entities")], ensure_ascii=False) + "\n")


def compare(old: Path, new: Path) -> int:
    a = [json.loads(line) for line in old.open(encoding="utf-8")]
    b = [json.loads(line) for line in new.open(encoding="utf-8")]
    scores = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x[0] != y[0]), None)
    ents = sum(x[1] != y[1] for x, y in zip(a, b, strict=False))
    print(f"{len(a)} / {len(b)} articles; first article whose scores differ: {scores}; "
          f"articles whose entities differ: {ents}")
    return 0 if len(a) == len(b) and scores is None and ents == 0 else 1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("--count", type=int, default=3000)
    d.add_argument("--step", type=int, default=5)
    c = sub.add_parser("compare")
    c.add_argument("old", type=Path)
    c.add_argument("new", type=Path)
    args = ap.parse_args(argv)
    if args.cmd == "dump":
        dump(args.out, args.count, args.step)
        return 0
    return compare(args.old, args.new)


if __name__ == "__main__":
    sys.exit(main())
