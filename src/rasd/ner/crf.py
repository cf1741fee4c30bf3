"""A linear-chain CRF scored with numpy: the run-time half of the NER model.

The model is trained by python-crfsuite (``training/train_ner.py``); its state
weights (attribute x label) and label transitions are exported to one compressed
``.npz`` file, so run time needs neither crfsuite nor feature strings for words
already seen.  Because every feature belongs to one word at one offset
(:mod:`rasd.ner.features`), a word's weights are summed once per offset and cached;
a sentence costs a few array additions and a Viterbi pass over the labels.

The scores are exactly crfsuite's (first-order, no start/end transitions), so
the labels agree with ``crfsuite.Tagger`` on the same model.
"""

from __future__ import annotations

import heapq
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import chain, pairwise, repeat
from pathlib import Path
from typing import Any, Final

import numpy as np

from rasd.compiled import STATUS
from rasd.errors import ResourceError
from rasd.ner.features import (
    BOS,
    EOS,
    GAZ_WINDOW,
    WINDOW,
    gaz_feature,
    joint_features,
    quote_features,
    stem_key,
    word_attributes,
)

#: Words whose score vectors are kept; the cache is emptied when it grows past this.
CACHE_WORDS = 150_000
#: The stem-pair features of :func:`joint_features`, in its order.
_PAIR_NAMES = ("P-", "P+", "P--", "P++")
#: Which attribute groups of :func:`word_attributes` (every, near, own) count at each offset
#: of :data:`WINDOW`.
_COUNTS_AT = np.array([[abs(k) <= reach for k in WINDOW] for reach in (2, 1, 0)], dtype=bool)


def viterbi(u: np.ndarray, transitions: np.ndarray) -> list[int]:
    """The best label index sequence for state scores ``u`` (tokens x labels) and label
    transition scores ``transitions`` (from x to)."""
    n = u.shape[0]
    if n == 0:
        return []
    score = u[0].astype(np.float64)
    back = np.zeros(u.shape, dtype=np.intp)
    trans = transitions.astype(np.float64)
    cols = np.arange(u.shape[1])
    for i in range(1, n):
        cand = score[:, None] + trans
        best = cand.argmax(axis=0)
        back[i] = best
        score = cand[best, cols] + u[i]
    path = [int(score.argmax())]
    for i in range(n - 1, 0, -1):
        path.append(int(back[i, path[-1]]))
    path.reverse()
    return path


def _c_kernels() -> Any:
    """The C loops (``_kernels.c``: the Viterbi pass and new words' weight sums, with the
    arithmetic of :func:`viterbi` and :meth:`CrfModel._new_words_vectors_numpy`, so the same
    results), when this build has them and the analysis runs compiled: a run from source
    (``RASD_PURE_PYTHON=1``, an edited module) uses numpy, the reference."""
    if not STATUS.compiled:
        return None
    try:
        from rasd.ner import _kernels
    except ImportError:
        return None
    return _kernels


_KERNELS: Final = _c_kernels()
_DECODE: Final[Callable[[np.ndarray, np.ndarray], list[int]] | None] = None if _KERNELS is None else _KERNELS.decode
_WORD_VECTORS: Final[Callable[..., None] | None] = None if _KERNELS is None else _KERNELS.word_vectors


def _attribute_names(words: Sequence[str]) -> tuple[list[str], list[int]]:
    """Every word's attributes (:func:`word_attributes`) in one list, and per word the sizes
    of its three groups (at every offset, near, own)."""
    names: list[str] = []
    sizes: list[int] = []
    for w in words:
        every, near, own = word_attributes(w)
        names += every
        names += near
        names += own
        sizes += (len(every), len(near), len(own))
    return names, sizes


def _pack_lanes(lens: Sequence[int]) -> tuple[dict[int, tuple[int, int]], int, int]:
    """Where each non-empty sentence of lengths ``lens`` goes in :func:`viterbi_many`:
    sentence -> (lane, first position), the number of lanes and of positions.  As many
    lanes as the longest sentence needs to hold all tokens, filled longest sentence
    first into the emptiest lane, so the lanes end up about as long as that sentence."""
    live = sorted((j for j, n in enumerate(lens) if n), key=lambda j: -lens[j])
    if not live:
        return {}, 0, 0
    lanes = -(-sum(lens) // lens[live[0]])
    fills = [(0, k) for k in range(lanes)]  # a heap of (tokens so far, lane)
    place: dict[int, tuple[int, int]] = {}
    for j in live:
        fill, k = heapq.heappop(fills)
        place[j] = (k, fill)
        heapq.heappush(fills, (fill + lens[j], k))
    return place, lanes, max(fill for fill, _ in fills)


def viterbi_many(us: Sequence[np.ndarray], transitions: np.ndarray) -> list[list[int]]:
    """:func:`viterbi` of several sentences at once: the same float64 sums and
    first-maximum choices, so the paths are exactly :func:`viterbi`'s.  Each sentence goes
    through the C pass where it is built (:func:`_c_kernels`), else all go through
    :func:`viterbi_lanes`."""
    decode = _DECODE
    if decode is None:
        return viterbi_lanes(us, transitions)
    trans64 = np.ascontiguousarray(transitions, dtype=np.float64)
    return [decode(np.ascontiguousarray(u, dtype=np.float32), trans64) for u in us]


def viterbi_lanes(us: Sequence[np.ndarray], transitions: np.ndarray) -> list[list[int]]:
    """:func:`viterbi` of several sentences at once in numpy (the same paths).

    The sentences are packed end to end in a few lanes (:func:`_pack_lanes`) and one
    numpy step per position advances every lane; where a sentence starts inside a lane,
    its score restarts from its own first token, as a sentence alone does.  A document
    of some 30 sentences needs 4 or 5 lanes, so each step works on arrays six times
    smaller than with one row per sentence, for about as many steps."""
    lens = [u.shape[0] for u in us]
    out: list[list[int]] = [[] for _ in us]
    place, lanes, steps = _pack_lanes(lens)
    if not place:
        return out
    labels = transitions.shape[0]
    # by position, then lane, in float64: a step reads one contiguous (lanes, labels) block
    # and adds it without a conversion (float32 -> float64 is exact, so the sums are the same)
    u = np.zeros((steps, lanes, labels), dtype=np.float64)
    starts: dict[int, list[int]] = {}  # position -> lanes where a sentence starts there (after 0)
    ends: dict[int, list[tuple[int, int]]] = {}  # position -> (lane, sentence) ending there
    for j, (k, at) in place.items():
        u[at : at + lens[j], k] = us[j]
        if at:
            starts.setdefault(at, []).append(k)
        ends.setdefault(at + lens[j] - 1, []).append((k, j))
    trans = transitions.astype(np.float64)
    score = u[0].copy()
    last: dict[int, int] = {}  # sentence -> its best last label
    backs = [np.zeros((lanes, labels), dtype=np.intp)]  # per position: each lane's back pointers
    rows = np.arange(lanes)[:, None]
    cols = np.arange(labels)[None, :]
    for i in range(steps):
        if i:
            cand = score[:, :, None] + trans
            best = cand.argmax(axis=1)
            backs.append(best)
            score = cand[rows, best, cols] + u[i]
            fresh = starts.get(i)
            if fresh is not None:
                score[fresh] = u[i, fresh]
        for k, j in ends.get(i, ()):
            last[j] = int(score[k].argmax())
    back = np.stack(backs, axis=1)  # (lanes, steps, labels)
    for j, (k, at) in place.items():
        pointers = back[k, at : at + lens[j]].tolist()
        path = [last[j]]
        for i in range(lens[j] - 1, 0, -1):
            path.append(pointers[i][path[-1]])
        path.reverse()
        out[j] = path
    return out


@dataclass
class CrfModel:
    """State weights, transitions and the attribute index of a trained CRF."""

    labels: tuple[str, ...]
    index: dict[str, int]
    weights: np.ndarray  # (attributes, labels) float32
    transitions: np.ndarray  # (labels, labels): from -> to
    meta: dict[str, Any] = field(default_factory=dict)
    _words: dict[str, int] = field(default_factory=dict, repr=False)  # word -> its line in _store
    _store: np.ndarray | None = field(default=None, repr=False)
    _gaz: dict[str, tuple[tuple[int, int], ...]] = field(default_factory=dict, repr=False)
    _by_offset: tuple[dict[str, int], ...] = field(default=(), repr=False)
    _weights_ext: np.ndarray | None = field(default=None, repr=False)
    _attr_ids: dict[str, int] | None = field(default=None, repr=False)
    _pairs: dict[tuple[str, str], int] | None = field(default=None, repr=False)  # pair -> line of _pair_table
    _pair_table: np.ndarray | None = field(default=None, repr=False)
    _attr_rows: np.ndarray | None = field(default=None, repr=False)

    # ------------------------------------------------------------------ scoring

    def offset_index(self) -> tuple[dict[str, int], ...]:
        """Per offset of :data:`WINDOW`, word attribute -> weight row: ``offset_index()[i][a]``
        is the row of the feature ``f"{WINDOW[i]}{a}"`` (built once from the attribute index,
        so scoring a new word neither builds nor hashes feature strings)."""
        if not self._by_offset:
            tables: tuple[dict[str, int], ...] = tuple({} for _ in WINDOW)
            slot = {str(k): i for i, k in enumerate(WINDOW)}
            for attr, row in self.index.items():
                cut = 2 if attr[:1] == "-" else 1
                i = slot.get(attr[:cut])
                if i is not None:
                    tables[i][attr[cut:]] = row
            self._by_offset = tables
        return self._by_offset

    def word_vectors(self, word: str) -> np.ndarray:
        """(len(WINDOW), labels): what ``word`` adds to the token at each offset from it.

        The rows of each offset are the model rows of ``word_features(word)[i]`` in that
        order, summed by the same numpy reduction, so the vectors are bit for bit those
        of the feature strings."""
        return self._document_vectors([word])[0]

    def _padded_weights(self) -> np.ndarray:
        """The weights with two more rows, +0.0 and -0.0: -0.0 pads a short row list
        (x + -0.0 == x for every float, signed zeros included), +0.0 stands for an
        offset with no row (the zero vector)."""
        if self._weights_ext is None:
            pad = np.array([[0.0] * len(self.labels), [-0.0] * len(self.labels)], dtype=np.float32)
            self._weights_ext = np.vstack([self.weights, pad])
        return self._weights_ext

    def _attribute_rows(self) -> tuple[dict[str, int], np.ndarray]:
        """Word attribute -> id, and per id the weight row of the attribute at each offset of
        :data:`WINDOW` (-1: none).  One more line of -1 at the end serves the attributes the
        model does not know (id -1), so a word's attributes are looked up once, not once per
        offset."""
        if self._attr_ids is None or self._attr_rows is None:
            tables = self.offset_index()
            ids: dict[str, int] = {}
            for table in tables:
                for attr in table:
                    ids.setdefault(attr, len(ids))
            rows = np.full((len(ids) + 1, len(WINDOW)), -1, dtype=np.intp)
            for i, table in enumerate(tables):
                for attr, row in table.items():
                    rows[ids[attr], i] = row
            self._attr_ids, self._attr_rows = ids, rows
        return self._attr_ids, self._attr_rows

    def _new_words_vectors(self, words: Sequence[str]) -> np.ndarray:
        """(words, len(WINDOW), labels): :meth:`word_vectors` of several new words, summed by
        the C loop where it is built (:func:`_c_kernels`), else by
        :meth:`_new_words_vectors_numpy`: the same rows added in the same order, so the same
        vectors bit for bit."""
        kernel = _WORD_VECTORS
        if kernel is None:
            return self._new_words_vectors_numpy(words)
        ids, by_attr = self._attribute_rows()
        names, sizes = _attribute_names(words)
        found = np.fromiter(map(ids.get, names, repeat(-1)), dtype=np.intp, count=len(names))
        out = np.empty((len(words), len(WINDOW), len(self.labels)), dtype=np.float32)
        kernel(found, np.array(sizes, dtype=np.intp), by_attr, _COUNTS_AT, np.ascontiguousarray(self.weights), out)
        return out

    def _new_words_vectors_numpy(self, words: Sequence[str]) -> np.ndarray:
        """:meth:`_new_words_vectors` in numpy, in one gather and one sum per offset.

        A word's rows at offset ``k`` are those of its attributes that count at ``k`` (all
        at 0, "every" and "near" at -1 and 1, "every" at -2 and 2: :func:`word_attributes`)
        and that the model knows, in attribute order; an offset with none has the +0.0 row.
        Every row list is padded with -0.0 rows to the longest of the batch at that offset
        (x + -0.0 == x) and summed along the rows in row order, so each vector is bit for
        bit the one of a word alone.  The attributes of the whole batch are looked up in
        one ``map`` and put in (offset, word) cells by a stable numpy sort, not a Python
        loop per word."""
        ids, by_attr = self._attribute_rows()
        names, sizes = _attribute_names(words)
        width = len(WINDOW)
        found = np.fromiter(map(ids.get, names, repeat(-1)), dtype=np.intp, count=len(names))
        size = np.array(sizes, dtype=np.intp)
        group = np.repeat(np.tile(np.arange(3, dtype=np.intp), len(words)), size)
        owner = np.repeat(np.arange(len(words), dtype=np.intp), size.reshape(-1, 3).sum(axis=1))
        cand = np.where(_COUNTS_AT[group], by_attr[found], -1)
        # row-major: by attribute, then offset; the stable sort by (offset, word) keeps
        # attribute order within each cell
        attr, off = np.nonzero(cand >= 0)
        cell = off * len(words) + owner[attr]
        order = np.argsort(cell, kind="stable")
        cell = cell[order]
        rows = cand[attr, off][order]
        count = np.bincount(cell, minlength=len(words) * width)
        rank = np.arange(len(rows)) - np.repeat(np.cumsum(count) - count, count)
        weights = self._padded_weights()
        out = np.empty((len(words), width, len(self.labels)), dtype=np.float32)
        # one grid per offset, as wide as that offset's longest row list (offset 0 holds
        # most rows, -2 and 2 the fewest): padding every offset to the widest would
        # gather and add several times as many -0.0 rows
        first = 0
        for k in range(width):
            last = int(np.searchsorted(cell, (k + 1) * len(words)))
            here = count[k * len(words) : (k + 1) * len(words)]
            grid = np.full((len(words), max(int(here.max()), 1)), len(self.weights) + 1, dtype=np.intp)
            grid[cell[first:last] - k * len(words), rank[first:last]] = rows[first:last]
            grid[here == 0, 0] = len(self.weights)  # +0.0: an offset with no row
            out[:, k] = weights[grid].sum(axis=1)
            first = last
        return out

    def _document_vectors(self, padded: Sequence[str]) -> np.ndarray:
        """(tokens, len(WINDOW), labels): the word vectors of a document's padded tokens,
        the words not yet cached scored together (:meth:`_document_lines`)."""
        vectors, lines = self._document_lines(padded)
        return vectors[lines]

    def _document_lines(self, padded: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """An array of word vectors and, per padded token, the line of its vectors there:
        the cache, or the document's own vectors when it has more words than the cache.

        The cached vectors are lines of one preallocated array (word -> line), so a
        document's vectors are numpy gathers rather than a stack of an array per token;
        when the next document's new words would not fit, every line is given up at once,
        as the dict of arrays was cleared before (the cache stays bounded), and the
        document's own words are scored again with its new ones.  (The dict of arrays lost
        them: a document that overflowed it raised KeyError on its first cached word.)"""
        lines = self._words
        distinct = list(dict.fromkeys(padded))
        new = [w for w in distinct if w not in lines]
        if new and len(lines) + len(new) > CACHE_WORDS:
            lines.clear()
            new = distinct  # the document's cached words went with the rest
        if len(new) > CACHE_WORDS:  # more words than the cache holds: scored, not kept
            at = {w: i for i, w in enumerate(new)}
            return self._new_words_vectors(new), np.array([at[w] for w in padded], dtype=np.intp)
        store = self._store
        if store is None:
            store = self._store = np.zeros((CACHE_WORDS, len(WINDOW), len(self.labels)), dtype=np.float32)
        if new:
            first = len(lines)
            store[first : first + len(new)] = self._new_words_vectors(new)
            lines.update(zip(new, range(first, first + len(new)), strict=True))
        return store, np.fromiter(map(lines.__getitem__, padded), dtype=np.intp, count=len(padded))

    def _gaz_rows(self, tag: str) -> tuple[tuple[int, int], ...]:
        """(offset, weight row) of gazetteer tag ``tag`` at each offset of :data:`GAZ_WINDOW`
        where the model has the feature, in that order (kept per tag: a handful of tags)."""
        rows = self._gaz.get(tag)
        if rows is None:
            found = ((k, self.index.get(gaz_feature(tag, k))) for k in GAZ_WINDOW)
            rows = self._gaz[tag] = tuple((k, r) for k, r in found if r is not None)
        return rows

    def unary(self, words: Sequence[str], gaz_tags: Sequence[str],
              extra: Sequence[Sequence[str]] | None = None) -> np.ndarray:
        """(tokens, labels) state scores of a sentence (``extra``: more features per token)."""
        return self._unary_batch([words], [gaz_tags], None if extra is None else [extra])[0]

    def unary_many(self, sentences: Sequence[Sequence[str]], gaz_tags: Sequence[Sequence[str]],
                   extras: Sequence[Sequence[Sequence[str]]] | None = None) -> list[np.ndarray]:
        """:meth:`unary` of every sentence of a document, computed together.  A subclass
        that adds its own scores in :meth:`unary` gets it called per sentence, as before
        (empty sentences are never scored)."""
        if type(self).unary is not CrfModel.unary:
            empty = np.zeros((0, len(self.labels)), dtype=np.float32)
            return [self.unary(w, g, None if extras is None else extras[j]) if w else empty
                    for j, (w, g) in enumerate(zip(sentences, gaz_tags, strict=True))]
        return self._unary_batch(sentences, gaz_tags, extras)

    def _pair_rows(self) -> tuple[dict[tuple[str, str], int], np.ndarray]:
        """The stem-pair features of :func:`joint_features` in one table: (left stem key,
        right stem key) -> a line of the returned (pairs + 1, 4) array, whose columns are
        the weight rows of ``P-``, ``P+``, ``P--``, ``P++`` for that pair (-1: not a feature
        of the model; the last line, all -1, serves the pairs the dict does not hold).  One
        look-up per adjacent pair of a document, not one per feature.  Only the attributes
        whose value splits at exactly one ``|`` are here: a pair of keys without ``|``
        spells such a value, so it is found here or is no feature of the model (a sentence
        with a ``|`` key is looked up by its feature strings)."""
        if self._pairs is None or self._pair_table is None:
            slot = {name: i for i, name in enumerate(_PAIR_NAMES)}
            lines: dict[tuple[str, str], int] = {}
            found: list[tuple[int, int, int]] = []  # (line, feature, weight row)
            for attr, row in self.index.items():
                name, _, value = attr.partition("=")
                i = slot.get(name)
                if i is not None and value.count("|") == 1:
                    left, _, right = value.partition("|")
                    line = lines.setdefault((left, right), len(lines))
                    found.append((line, i, row))
            table = np.full((len(lines) + 1, len(_PAIR_NAMES)), -1, dtype=np.intp)
            for line, i, row in found:
                table[line, i] = row
            self._pairs, self._pair_table = lines, table
        return self._pairs, self._pair_table

    def _unary_batch(self, sentences: Sequence[Sequence[str]], gaz_tags: Sequence[Sequence[str]],
                     extras: Sequence[Sequence[Sequence[str]]] | None) -> list[np.ndarray]:
        """State scores of sentences, all tokens in one array.

        Per token the additions are those of the one-sentence computation, in its order
        (the five word offsets, then the gazetteer tags at -1, 0, 1, then the joint and
        extra features), each a float32 addition of a weight row: the window sums are
        whole-array additions and the further rows are gathered into one (tokens, rows,
        labels) array, padded with -0.0 rows, and summed along the rows, which numpy
        does in row order.  So the scores are bit for bit the one-sentence ones.

        The stem-pair features are looked up by their pair of stem keys
        (:meth:`_pair_rows`), without spelling the feature strings out."""
        pad = len(WINDOW) // 2
        padded: list[str] = []
        at: list[int] = []
        for words in sentences:
            first = len(padded) + pad
            padded += [BOS] * pad
            padded += words
            padded += [EOS] * pad
            at.extend(range(first, first + len(words)))
        vectors, word_lines = self._document_lines(padded)
        pos = np.array(at, dtype=np.intp)
        u = np.zeros((len(at), len(self.labels)), dtype=np.float32)
        for idx, k in enumerate(WINDOW):
            u += vectors[word_lines[pos + k], idx]
        # every token's further rows: the gazetteer rows (in the order the tags give them),
        # then its four stem-pair rows, then the rows of its quotation and extra features
        gaz_rows: list[int] = []
        gaz_tokens: list[int] = []
        names: list[str] = []
        lengths: list[int] = []
        spelled: list[int] = []  # the tokens whose stem pairs are spelled out as strings
        keys = [stem_key(w) for w in padded]  # stem_key(BOS) is BOS, stem_key(EOS) is EOS
        barred = "|" in "".join(keys)  # any sentence to spell out (rare): checked per sentence
        base = 0
        for j, (words, tags) in enumerate(zip(sentences, gaz_tags, strict=True)):
            n = len(words)
            for t, tag in enumerate(tags):
                if tag == "O":
                    continue
                for k, r in self._gaz_rows(tag):
                    i = t - k
                    if 0 <= i < n:
                        gaz_rows.append(r)
                        gaz_tokens.append(base + i)
            feats: Sequence[Sequence[str]]
            start = at[base] if n else 0
            if barred and n and any("|" in key for key in keys[start : start + n]):
                feats = joint_features(words)  # the pairs as strings, with the quotation features
                spelled.extend(range(base, base + n))
            else:
                feats = quote_features(words)
            if extras is not None:  # (most sentences have no quotation: the extras alone)
                feats = [(*p, *x) for p, x in zip(feats, extras[j], strict=True)] if any(feats) else extras[j]
            names.extend(chain.from_iterable(feats))
            lengths += map(len, feats)
            base += n
        tokens = np.arange(len(at), dtype=np.intp)
        keyed = [np.array(gaz_tokens, dtype=np.intp) * 2]
        found_rows = [np.array(gaz_rows, dtype=np.intp)]
        # the pair table over every adjacent pair of the padded document, each feature read
        # at its token's pair: P- (p-1, p), P+ (p, p+1), P-- (p-2, p-1), P++ (p+1, p+2)
        lines, table = self._pair_rows()
        adjacent = table[np.fromiter(map(lines.get, pairwise(keys), repeat(-1)), dtype=np.intp,
                                     count=len(keys) - 1)]
        for i, shift in enumerate((-1, 0, -2, 1)):
            rows = adjacent[pos + shift, i]
            rows[spelled] = -1
            known = rows >= 0
            keyed.append(tokens[known] * 2 + 1)
            found_rows.append(rows[known])
        found = np.fromiter(map(self.index.get, names, repeat(-1)), dtype=np.intp, count=len(names))
        owner = np.repeat(tokens, np.array(lengths, dtype=np.intp))
        known = found >= 0
        keyed.append(owner[known] * 2 + 1)
        found_rows.append(found[known])
        # a stable sort on (token, gazetteer first) keeps each token's rows in their order
        key = np.concatenate(keyed)
        order = np.argsort(key, kind="stable")
        rows = np.concatenate(found_rows)[order]
        if len(rows):
            # added as a sum from +0.0 over [window sum, row 0, row 1, ...] adds them: each
            # token's k-th row in the k-th round, in place (a token has one k-th row at most)
            token = key[order] // 2
            count = np.bincount(token, minlength=len(at))
            rank = np.arange(len(rows)) - np.repeat(np.cumsum(count) - count, count)
            u += np.float32(0.0)  # -0.0 -> +0.0, as the sum's start does
            for k in range(int(count.max())):
                at_k = rank == k
                u[token[at_k]] += self.weights[rows[at_k]]
        out = []
        start = 0
        for words in sentences:
            out.append(u[start : start + len(words)])
            start += len(words)
        return out

    def viterbi(self, u: np.ndarray) -> list[int]:
        """The best label index sequence for state scores ``u``."""
        return viterbi(u, self.transitions)

    def tag(self, words: Sequence[str], gaz_tags: Sequence[str],
            extra: Sequence[Sequence[str]] | None = None) -> list[str]:
        """The label of every word of one sentence."""
        if not words:
            return []
        return [self.labels[i] for i in self.viterbi(self.unary(words, gaz_tags, extra))]

    def tag_many(self, sentences: Sequence[Sequence[str]], gaz_tags: Sequence[Sequence[str]],
                 extras: Sequence[Sequence[Sequence[str]]] | None = None) -> list[list[str]]:
        """:meth:`tag` of every sentence of a document (scored and decoded together)."""
        paths = viterbi_many(self.unary_many(sentences, gaz_tags, extras), self.transitions)
        return [[self.labels[i] for i in p] for p in paths]

    # ------------------------------------------------------------------ storage

    def save(self, path: Path) -> None:
        """Write the model as a compressed ``.npz`` (attributes sorted for stable files)."""
        attrs = sorted(self.index, key=self.index.__getitem__)
        blob = "\n".join(attrs).encode("utf-8")
        import json

        with path.open("wb") as fh:
            np.savez_compressed(
                fh,
                labels=np.frombuffer("\n".join(self.labels).encode("utf-8"), dtype=np.uint8),
                attributes=np.frombuffer(blob, dtype=np.uint8),
                weights=self.weights.astype(np.float16),
                transitions=self.transitions.astype(np.float32),
                meta=np.frombuffer(json.dumps(self.meta, ensure_ascii=False).encode("utf-8"), dtype=np.uint8),
            )


def load_model(data: bytes, where: str = "model") -> CrfModel:
    """Read a model written by :meth:`CrfModel.save`."""
    import json

    try:
        with np.load(io.BytesIO(data)) as z:
            labels = tuple(bytes(z["labels"]).decode("utf-8").split("\n"))
            attrs = bytes(z["attributes"]).decode("utf-8").split("\n")
            weights = z["weights"].astype(np.float32)
            transitions = z["transitions"].astype(np.float32)
            meta = json.loads(bytes(z["meta"]).decode("utf-8"))
    except (OSError, ValueError, KeyError) as exc:
        raise ResourceError(f"cannot read the NER model {where}: {exc}; reinstall rasd or retrain "
                            "with training/train_ner.py") from exc
    if weights.shape != (len(attrs), len(labels)) or transitions.shape != (len(labels), len(labels)):
        raise ResourceError(f"the NER model {where} is inconsistent: retrain with training/train_ner.py")
    return CrfModel(labels, {a: i for i, a in enumerate(attrs)}, weights, transitions, meta)


def from_crfsuite_info(info: Any, meta: dict[str, Any] | None = None) -> CrfModel:
    """Build a model from ``pycrfsuite.Tagger().info()`` (state_features, transitions)."""
    labels = tuple(sorted(info.labels, key=lambda lab: (lab != "O", lab)))
    lab_index = {lab: i for i, lab in enumerate(labels)}
    attrs = sorted({a for a, _ in info.state_features})
    index = {a: i for i, a in enumerate(attrs)}
    weights = np.zeros((len(attrs), len(labels)), dtype=np.float32)
    for (a, lab), w in info.state_features.items():
        weights[index[a], lab_index[lab]] = w
    transitions = np.zeros((len(labels), len(labels)), dtype=np.float32)
    for (a, b), w in info.transitions.items():
        transitions[lab_index[a], lab_index[b]] = w
    return CrfModel(labels, index, weights, transitions, meta or {})
