"""BIO label sequences to chunks (kept apart so features and tagger can share it)."""

from __future__ import annotations

from collections.abc import Sequence


def chunks(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """``(start, end, label)`` word ranges of the BIO labels (conlleval's reading:
    an ``I-`` after ``O`` or after another label starts a new chunk)."""
    out: list[tuple[int, int, str]] = []
    if tags.count("O") == len(tags):
        return out  # most sentences have no name: one C-level count says so
    start, lab = -1, ""
    for i, t in enumerate(tags):
        if t == "O":  # the common case, without splitting the label
            if lab:
                out.append((start, i, lab))
                start, lab = -1, ""
            continue
        p, _, cur = t.partition("-")
        if p in ("B", "O") or (p == "I" and cur != lab):
            if lab:
                out.append((start, i, lab))
            start, lab = (i, cur) if p in ("B", "I") else (-1, "")
    if lab:
        out.append((start, len(tags), lab))
    return out
