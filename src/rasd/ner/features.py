"""Token features for the NER sequence labeller, built from rasd's own text layer.

Almost every feature of a token is an *attribute of one word at a fixed offset*
from it (``-2 .. +2``), or a gazetteer tag at a fixed offset.  That restriction is
what makes inference fast: a word's contribution to the
scores of its neighbours is the same wherever it occurs, so :mod:`rasd.ner.crf`
sums each word's feature weights once, caches the per-offset score vectors, and a
sentence's label scores are a handful of array additions (no feature strings are
built at run time for words already seen).

Training (``training/train_ner.py``) spells the very same features out as strings
(:func:`sentence_features`) for python-crfsuite, so the two never disagree.

What a word says about itself and its neighbours:
  * its normalised form and its clitic-split stem (``وبالعراق`` -> ``العراق``),
    the stem without ال, the proclitics and whether the article is there;
  * prefixes and suffixes of the bare stem, its shape (Arabic, Latin, digits,
    punctuation) and length;
  * trigger classes from ``data/triggers.tsv``: titles (الرئيس، وزير، الشيخ …),
    organisation heads (وزارة، حزب، شركة …), place heads (مدينة، محافظة …),
    speech verbs;
  * how common the word and its stem are in Arabic at large (Zipf class from
    ``data/zipf.tsv.gz``, built from wordfreq): unseen names are rare words;
  * nisba adjectives (العراقي، الأمريكية), person first names and name parts, and
    the gazetteer's single-word label (:mod:`rasd.resources.gazetteers`);
  * how much its spelling looks like a name's (:mod:`rasd.ner.namelm`, character
    models of gazetteer names vs common words: transliterated names stand out);
  * the gazetteer's multi-word BIO tags over the sentence (:func:`gazetteer_tags`);
  * sentence position, through the padding words ``<s>`` / ``</s>``;
  * per sentence (:func:`joint_features`): stem pairs at -2..2, and whether the token
    is quoted, first or last in the quotation, and after which word the quotation
    opens (برنامج « ... »: a title; صحيفة « ... »: a newspaper).

The names seen in training are a further per-token feature (:mod:`rasd.ner.memory`).
"""

from __future__ import annotations

import gzip
import sys
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import Final, cast

from rasd.arabic.clitics import segment, strip_article
from rasd.arabic.normalize import normalize_text
from rasd.caches import UNSET, facts, keep
from rasd.ner.namelm import name_bin
from rasd.resources import gazetteers as gaz

#: Offsets of the words that contribute to a token's features.
WINDOW: Final[tuple[int, ...]] = (-2, -1, 0, 1, 2)
#: Offsets at which the sentence-level gazetteer tags are read.
GAZ_WINDOW: Final[tuple[int, ...]] = (-1, 0, 1)
BOS: Final = "<s>"
EOS: Final = "</s>"

#: Which attribute kinds a word contributes at each offset (see :func:`word_attributes`).
_AT_ALL = ("s", "t", "x")
_NEAR = ("w", "nb", "fn", "np", "gz", "sh")


@lru_cache(maxsize=1)
def triggers() -> dict[str, str]:
    """Normalised trigger word (with and without ال) -> class (TITLE, ORG, LOCH, SAY)."""
    out: dict[str, str] = {}
    text = resources.files("rasd.ner").joinpath("data/triggers.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cls, _, word = line.partition("\t")
        n = normalize_text(word.strip())
        out.setdefault(n, cls)
        out.setdefault(strip_article(n), cls)
    return out


def _shape(word: str) -> str:
    if word in (BOS, EOS):
        return "PAD"
    ch = word[0]
    if ch.isdigit():
        return "D"
    if not ch.isalpha():
        return "P"
    if "\u0600" <= ch <= "\u06ff":
        return "A"
    return "LU" if ch.isupper() else "L"


_VOWELS: Final = frozenset("اويى")


def _cv_pattern(bare: str) -> str:
    """Consonant/long-vowel skeleton (``كوندوليزا`` -> ``CVCCVCVCV``): transliterated
    foreign names are rich in long vowels, Arabic patterns are not."""
    return "".join(["V" if ch in _VOWELS else "C" for ch in bare[:10]])


@lru_cache(maxsize=1)
def zipf_table() -> dict[str, str]:
    """Normalised word -> Zipf frequency class (``data/zipf.tsv.gz``, from wordfreq)."""
    path = resources.files("rasd.ner").joinpath("data/zipf.tsv.gz")
    out: dict[str, str] = {}
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        for line in fh:
            word, _, z = line.rstrip("\n").partition("\t")
            out[word] = sys.intern(z)
    return out


def _article_habit(bare: str) -> str:
    """How much more often the word is written with ال than without, in Zipf units
    (clipped to -3..3; "nn" when neither form is common).  Common nouns take the
    article freely; names, foreign ones above all, rarely do (جوزيه but no الجوزيه)."""
    table = zipf_table()
    with_al, without = table.get("ال" + bare), table.get(bare)
    if with_al is None and without is None:
        return "nn"
    diff = float(with_al or 1.5) - float(without or 1.5)
    return str(max(-3, min(3, round(diff))))


#: Words whose :func:`word_attributes` are kept; the cache is emptied when it is full.
ATTRIBUTES_CACHE: Final = 4096
Attributes = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]
# A plain dict rather than ``lru_cache``: the CRF reads it for every new word of each of
# its two models, which a compiled caller does with a direct call and one look-up.  (Each
# entry is some 30 strings: too big for the shared word table, whose records live long.)
_ATTRIBUTES: Final[dict[str, Attributes]] = {}


def word_attributes(word: str) -> Attributes:
    """The attributes of one word: (at every offset, at offsets -1..1, at offset 0 only)."""
    hit = _ATTRIBUTES.get(word)
    return hit if hit is not None else keep(_ATTRIBUTES, ATTRIBUTES_CACHE, word, _word_attributes(word))


def _word_attributes(word: str) -> Attributes:
    if word in (BOS, EOS):
        return (f"x={word}",), (), ()
    shape = _shape(word)
    if shape in ("D", "P"):
        form = "<num>" if shape == "D" else normalize_text(word)
        return (f"s={form}",), (f"sh={shape}",), ("b",)
    seg = segment(word)
    norm = normalize_text(word)
    stem = normalize_text(seg.stem)
    bare = strip_article(stem) if seg.article else stem
    zipf = zipf_table()
    every: list[str] = [f"s={stem}"]
    near: list[str] = [f"w={norm}", f"sh={shape}", f"zw={zipf.get(norm, 'r')}", f"zs={zipf.get(stem, 'r')}",
                       f"zb={zipf.get(bare, 'r')}", f"ah={_article_habit(bare)}"]
    own: list[str] = ["b", f"sb={bare}", f"pc={seg.proclitics}", f"al={int(seg.article)}"]
    if shape == "A":
        near.append(f"lm={name_bin(bare)}")
    trigger_of = triggers()
    trig = trigger_of.get(stem) or trigger_of.get(bare)
    if trig:
        every.append(f"t={trig}")
    for n in range(1, min(len(bare), 5)):  # prefixes and suffixes shorter than the stem
        own += (f"p{n}={bare[:n]}", f"f{n}={bare[-n:]}")
    if len(bare) > 2:
        near.append(f"e2={bare[-2:]}")
    own.extend(sorted({f"c3={bare[i:i + 3]}" for i in range(1, len(bare) - 3)}))
    own.append(f"len={min(len(bare), 8)}")
    own.append(f"cv={_cv_pattern(bare)}")
    if shape == "A":
        if gaz.nisba(word):
            near.append("nb")
        if gaz.is_person_first_name(seg.stem):
            near.append("fn")
        if gaz.is_person_name_part(seg.stem):
            near.append("np")
        entry = gaz.lookup(seg.stem)
        if entry is not None:
            near.append(f"gz={entry.label}")
    return tuple(every), tuple(near), tuple(own)


@lru_cache(maxsize=4096)
def word_features(word: str) -> tuple[tuple[str, ...], ...]:
    """Feature strings this word gives the token at each offset of :data:`WINDOW` from it.

    ``word_features(w)[i]`` is what ``w`` contributes to the token ``WINDOW[i]``
    positions *before* it (the token sees ``w`` at offset ``WINDOW[i]``).
    """
    every, near, own = word_attributes(word)
    out = []
    for k in WINDOW:
        attrs = every + (near if -1 <= k <= 1 else ()) + (own if k == 0 else ())
        out.append(tuple(f"{k}{a}" for a in attrs))
    return tuple(out)


Match = tuple[int, int, "gaz.GazEntry"]


def tags_from_matches(n: int, matches: Sequence[Match]) -> list[str]:
    """BIO tags (``B-GPE``, ``I-ORG``... or ``O``) of ``n`` tokens from gazetteer matches."""
    tags = ["O"] * n
    for s, e, entry in matches:
        tags[s] = "B-" + entry.label
        for k in range(s + 1, e):
            tags[k] = "I-" + entry.label
    return tags


def gazetteer_tags(words: Sequence[str]) -> list[str]:
    """Per-token gazetteer tags of a sentence ("O" outside any name the gazetteer knows)."""
    return tags_from_matches(len(words), gaz.match_tokens(words))


def gaz_feature(tag: str, k: int) -> str:
    """The feature string of gazetteer tag ``tag`` seen at offset ``k``."""
    return f"{k}g={tag}"


def stem_key(word: str) -> str:
    """The normalised stem a word is known by in word-pair features (the ``s=`` value of
    :func:`word_attributes`, computed without the rest of them; kept in the word's record,
    :func:`rasd.caches.facts`)."""
    known = facts(word)
    hit = known.stem_key
    if hit is UNSET:
        hit = known.stem_key = _stem_key(word)
    return cast(str, hit)


def _stem_key(word: str) -> str:
    if word in (BOS, EOS):
        return word
    shape = _shape(word)
    if shape == "D":
        return "<num>"
    if shape == "P":
        return normalize_text(word)
    return normalize_text(segment(word).stem)


_OPEN_QUOTES: Final = {"«": "»", "“": "”", "(": ")"}
_STRAIGHT: Final = frozenset({'"', "'", "''"})
#: The tokens a quotation can open with.
_OPENERS: Final = frozenset(_OPEN_QUOTES) | _STRAIGHT
#: Longest quotation, in tokens, whose words get the quote features.
MAX_QUOTE: Final = 8


def _quotes(words: Sequence[str]) -> list[tuple[int, int]]:
    """Token ranges ``(start, end)`` inside quotation marks or brackets (not the marks)."""
    out: list[tuple[int, int]] = []
    if _OPENERS.isdisjoint(words):  # most sentences: no mark to open a quotation
        return out
    i, n = 0, len(words)
    while i < n:
        w = words[i]
        closer = _OPEN_QUOTES.get(w) or (w if w in _STRAIGHT else "")
        if not closer:
            i += 1
            continue
        j = i + 1
        if w == "'" and j < n and words[j] == "'":  # ' ' written as two tokens
            j += 1
        k = j
        while k < n and words[k] != closer and k - j <= MAX_QUOTE:
            k += 1
        if k < n and words[k] == closer and k > j:
            out.append((j, k))
            i = k + (2 if w == "'" and k + 1 < n and words[k + 1] == "'" else 1)
        else:
            i += 1
    return out


def quote_features(words: Sequence[str]) -> list[tuple[str, ...]]:
    """Per token: inside a quotation (``Q``), first/last word of it, its length, and the
    word before the opening mark (برنامج « ... », صحيفة « ... »): what is quoted, and
    after what, says title, newspaper or brand without capital letters."""
    out: list[tuple[str, ...]] = [()] * len(words)
    for s, e in _quotes(words):
        head = s - 1
        while head >= 0 and not words[head][:1].isalpha():
            head -= 1
        hk = stem_key(words[head]) if head >= 0 else BOS
        ln = str(min(e - s, 4))
        for i in range(s, e):
            f = ["Q", f"Qh={hk}", f"Ql={ln}"]
            if i == s:
                f.append("Qb")
            if i == e - 1:
                f.append("Qe")
            out[i] = tuple(f)
    return out


def joint_features(words: Sequence[str]) -> list[tuple[str, ...]]:
    """Per token, the features that depend on more than one word: the stem pairs
    (-1, 0), (0, +1), (-2, -1) and (+1, +2), and the quotation features.  Looked up
    directly at run time (not cached per word)."""
    keys = [BOS, BOS, *(stem_key(w) for w in words), EOS, EOS]
    quoted = quote_features(words)
    out: list[tuple[str, ...]] = []
    for i in range(len(words)):
        j = i + 2
        feats = (f"P-={keys[j - 1]}|{keys[j]}", f"P+={keys[j]}|{keys[j + 1]}",
                 f"P--={keys[j - 2]}|{keys[j - 1]}", f"P++={keys[j + 1]}|{keys[j + 2]}")
        out.append((*feats, *quoted[i]))
    return out


def sentence_features(words: Sequence[str], gaz_tags: Sequence[str] | None = None,
                      extra: Sequence[Sequence[str]] | None = None) -> list[list[str]]:
    """Every token's feature strings, exactly as :mod:`rasd.ner.crf` scores them
    (``extra``: further per-token features, e.g. the document features)."""
    n = len(words)
    tags = list(gaz_tags) if gaz_tags is not None else gazetteer_tags(words)
    padded = [BOS, BOS, *words, EOS, EOS]
    pairs = joint_features(words)
    out: list[list[str]] = []
    for i in range(n):
        feats: list[str] = []
        for idx, k in enumerate(WINDOW):
            feats.extend(word_features(padded[i + 2 + k])[idx])
        for k in GAZ_WINDOW:
            j = i + k
            if 0 <= j < n and tags[j] != "O":
                feats.append(gaz_feature(tags[j], k))
        feats.extend(pairs[i])
        if extra is not None:
            feats.extend(extra[i])
        out.append(feats)
    return out
