"""Near-duplicate groups (wire copies, reposts) from MinHash signatures.

Signatures are computed per article at ingest (:func:`rasd.store.rows.minhash`,
rensa, 128 permutations over word 5-shingles of the normalised body).  Grouping is
LSH banding (16 bands of 8 rows, so pairs above a Jaccard of about 0.7 collide)
followed by a check of the estimated Jaccard of each candidate pair, then
union-find.  Only the signatures are held in memory, 512 bytes per article.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable

from rasd.store.rows import NUM_PERM

BANDS = 16
#: Estimated Jaccard similarity above which two articles are near-duplicates.
THRESHOLD = 0.7


def unpack(blob: bytes) -> array[int]:
    """A stored signature back to its uint32 values."""
    sig = array("I")
    sig.frombytes(blob)
    return sig


def jaccard(a: array[int], b: array[int]) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return sum(1 for x, y in zip(a, b, strict=True) if x == y) / len(a)


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        root = x
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while self.parent.get(x, x) != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def candidate_pairs(sigs: dict[int, array[int]], bands: int = BANDS) -> set[tuple[int, int]]:
    """Pairs of keys whose signatures agree on at least one whole band."""
    rows = NUM_PERM // bands
    pairs: set[tuple[int, int]] = set()
    for b in range(bands):
        buckets: dict[tuple[int, ...], list[int]] = {}
        for key, sig in sigs.items():
            buckets.setdefault(tuple(sig[b * rows:(b + 1) * rows]), []).append(key)
        for members in buckets.values():
            if 1 < len(members) <= 500:  # a huge bucket is boilerplate, not a story
                for i, x in enumerate(members):
                    for y in members[i + 1:]:
                        pairs.add((x, y) if x < y else (y, x))
    return pairs


def similar_pairs(sigs: dict[int, array[int]], threshold: float = THRESHOLD) -> list[tuple[int, int, float]]:
    """Candidate pairs whose estimated Jaccard reaches ``threshold``, with that estimate."""
    out = []
    for a, b in sorted(candidate_pairs(sigs)):
        j = jaccard(sigs[a], sigs[b])
        if j >= threshold:
            out.append((a, b, j))
    return out


def near_duplicate_groups(signatures: Iterable[tuple[int, bytes]], threshold: float = THRESHOLD) -> dict[int, int]:
    """Map each article key that has near-duplicates to its group (the smallest key in it)."""
    sigs = {k: unpack(blob) for k, blob in signatures}
    uf = _UnionFind()
    for a, b, _j in similar_pairs(sigs, threshold):
        uf.union(a, b)
    return {k: uf.find(k) for k in uf.parent} | {r: r for r in {uf.find(k) for k in uf.parent}}
