"""Near-duplicate precision (hand-checked sample) and story recall on shared leads.

1. Samples ``--pairs`` (100) pairs of articles that rasd put in the same
   near-duplicate group (the pairs with the lowest SHA-1 of their two ids, so the
   sample barely moves when the corpus or the analysis changes a little) and prints them side by side, with the MinHash
   estimate and the exact Jaccard of their 5-shingle sets, for a person to judge.
   Verdicts live in ``benchmarks/dedup_judgements.tsv`` (id_a, id_b, verdict
   dup|not, note); the precision reported is dup / judged.
2. SaudiNewsNet has groups of articles, across outlets, whose first paragraphs
   open with the same 12 words (a shared wire lead).  For each such group this
   reports whether rasd put all of it in one near-duplicate group and in one story.

    .venv/bin/python benchmarks/dedup_precision.py /tmp/bench/snn.db [--show]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import defaultdict
from itertools import combinations
from pathlib import Path

from rasd.arabic.normalize import normalize_text
from rasd.store import open_store
from rasd.store.rows import shingles
from rasd.store.sqlite import unpack_record
from rasd.store.terms import words

HERE = Path(__file__).resolve().parent
JUDGED = HERE / "dedup_judgements.tsv"
LEAD_WORDS = 12


def body_of(record: dict) -> str:  # type: ignore[type-arg]
    paras = record.get("paragraphs") or []
    return "\n".join(p["text"] for p in paras) if paras else record["text"]


def exact_jaccard(a: str, b: str) -> float:
    sa, sb = set(shingles(a)), set(shingles(b))
    return len(sa & sb) / max(1, len(sa | sb))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("--pairs", type=int, default=100)
    ap.add_argument("--show", action="store_true", help="print the sampled pairs for judging")
    args = ap.parse_args()
    store = open_store(args.db)
    c = store.conn
    if not c.execute("SELECT count(*) FROM dup_groups").fetchone()[0]:
        store.refresh_clusters()
    groups: dict[int, list[int]] = defaultdict(list)
    for grp, art in c.execute("SELECT grp, article FROM dup_groups ORDER BY grp, article"):
        groups[grp].append(art)
    pairs = [p for g in groups.values() for p in combinations(g, 2)]
    ids = dict(c.execute("SELECT rowid, id FROM articles").fetchall())

    def pair_key(p: tuple[int, int]) -> str:  # stable under small corpus changes, unlike an index sample
        return hashlib.sha1("|".join(sorted((ids[p[0]], ids[p[1]]))).encode()).hexdigest()

    sample = sorted(pairs, key=pair_key)[:args.pairs]

    def rec(rowid: int) -> dict:  # type: ignore[type-arg]
        row = c.execute("SELECT id, outlet, date, title, record FROM articles WHERE rowid = ?", (rowid,)).fetchone()
        return {"id": row[0], "outlet": row[1], "date": row[2], "title": row[3], "body": body_of(json.loads(unpack_record(row[4])))}

    judged: dict[tuple[str, str], str] = {}
    if JUDGED.exists():
        for line in JUDGED.read_text(encoding="utf-8").splitlines()[1:]:
            a, b, verdict, *_ = line.split("\t")
            judged[(a, b)] = verdict
    shown = []
    ex = []
    for a, b in sample:
        ra, rb = rec(a), rec(b)
        ej = exact_jaccard(ra["body"], rb["body"])
        ex.append(ej)
        shown.append((ra, rb, ej))
        if args.show:
            print(f"{ra['id']}\t{rb['id']}\tJ={ej:.2f}\n  A {ra['outlet']} {ra['date']} {ra['title']}\n"
                  f"    {' '.join(ra['body'].split())[:260]}\n  B {rb['outlet']} {rb['date']} {rb['title']}\n"
                  f"    {' '.join(rb['body'].split())[:260]}\n")
    verdicts = [judged.get((ra["id"], rb["id"])) for ra, rb, _ in shown]
    n_judged = sum(v is not None for v in verdicts)
    n_dup = sum(v == "dup" for v in verdicts)

    # shared leads
    leads: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for rowid, outlet, record in c.execute("SELECT rowid, outlet, record FROM articles"):
        ws = [normalize_text(w) for w in words(body_of(json.loads(unpack_record(record))))][:LEAD_WORDS]
        if len(ws) == LEAD_WORDS:
            leads[" ".join(ws)].append((rowid, outlet or ""))
    lead_groups = [g for g in leads.values() if len(g) > 1 and len({o for _, o in g}) > 1]
    dup_of = dict(c.execute("SELECT article, grp FROM dup_groups").fetchall())
    story_of = dict(c.execute("SELECT article, story FROM stories").fetchall())
    in_one_dup = sum(1 for g in lead_groups if len({dup_of.get(r, -r) for r, _ in g}) == 1)
    in_one_story = sum(1 for g in lead_groups if len({story_of.get(r, -r) for r, _ in g}) == 1)
    lead_pairs = [p for g in lead_groups for p in combinations([r for r, _ in g], 2)]
    story_pairs = sum(1 for a, b in lead_pairs if story_of.get(a, -a) == story_of.get(b, -b))

    report = {
        "articles": store.count(),
        "duplicate_groups": len(groups),
        "articles_in_duplicate_groups": sum(len(g) for g in groups.values()),
        "largest_group": max((len(g) for g in groups.values()), default=0),
        "pairs_in_groups": len(pairs),
        "sampled_pairs": len(sample),
        "sample_exact_jaccard_min": round(min(ex), 3) if ex else None,
        "sample_exact_jaccard_median": round(sorted(ex)[len(ex) // 2], 3) if ex else None,
        "judged": n_judged,
        "judged_duplicates": n_dup,
        "precision": round(n_dup / n_judged, 3) if n_judged else None,
        "shared_lead_groups_across_outlets": len(lead_groups),
        "shared_lead_groups_in_one_duplicate_group": in_one_dup,
        "shared_lead_groups_in_one_story": in_one_story,
        "shared_lead_pair_story_recall": round(story_pairs / len(lead_pairs), 3) if lead_pairs else None,
        "stories_2plus": c.execute("SELECT count(*) FROM (SELECT story FROM stories GROUP BY story"
                                   " HAVING count(*) > 1)").fetchone()[0],
    }
    print(json.dumps(report, ensure_ascii=False, indent=2), file=sys.stderr if args.show else sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
