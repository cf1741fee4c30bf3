"""CoNLL files for ``rasd ner`` and training: one token per line, blank line between sentences.

A line is a bare token or ``token TAG`` (the tag is the last whitespace-separated
field and is ignored on input).  Tokens are kept exactly as given.
"""

from __future__ import annotations

from collections.abc import Sequence


def _split(line: str) -> tuple[str, str | None]:
    parts = line.split()
    if len(parts) > 1:
        tok, tag = line.rstrip().rsplit(None, 1)
        return tok.strip(), tag
    return line.strip(), None


def read_conll_tagged(text: str) -> list[tuple[list[str], list[str]]]:
    """Sentences as (tokens, tags); a token without a tag gets "O"."""
    sents: list[tuple[list[str], list[str]]] = []
    toks: list[str] = []
    tags: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            if toks:
                sents.append((toks, tags))
                toks, tags = [], []
            continue
        tok, tag = _split(line)
        toks.append(tok)
        tags.append(tag or "O")
    if toks:
        sents.append((toks, tags))
    return sents


def read_conll(text: str) -> list[list[str]]:
    """Sentences as token lists (any tags are dropped)."""
    return [toks for toks, _ in read_conll_tagged(text)]


def write_conll(sents: Sequence[Sequence[str]], tags: Sequence[Sequence[str]]) -> str:
    """``token TAG`` lines, a blank line after each sentence."""
    out: list[str] = []
    for toks, ts in zip(sents, tags, strict=True):
        out.extend(f"{t} {g}" for t, g in zip(toks, ts, strict=True))
        out.append("")
    return "\n".join(out) + ("\n" if out else "")
