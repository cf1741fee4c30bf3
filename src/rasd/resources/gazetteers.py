"""Gazetteers: places, organisations, person names and nisba adjectives.

The tables are built by ``training/build_gazetteers.py`` from licensed sources (see
``SOURCES.md`` beside this file) and shipped as gzip files in ``data/``; they are read
once, lazily, on first use.  Matching is exact after normalisation
(:func:`rasd.arabic.normalize_text`: alef/ya/ta marbuta/diacritics folded), so
إيران/ايران match through normalisation, while spellings that differ by a letter
(أميركا/أمريكا) are stored as explicit variants.

The gazetteers decide GPE versus LOC: countries, capitals, cities and provinces are
GPE; regions, seas, rivers, mountains and named areas are LOC.  Every entry gives an
English name and the ISO 3166-1 alpha-3 code of its state (or a group code such as
``UN``, ``EU``, ``NATO``, ``ISIS``, ``COALITION``).

Only the first word of a name may carry proclitics (وبالعراق): that is how Arabic
attaches them.  Forms marked ambiguous in the sources (فتح "opened", أمل "hope", a city
called الحي "the quarter") are found by :func:`lookup` but never by
:func:`match_tokens`, which runs on running text.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Final, cast

from rasd.arabic.clitics import segment, stem_counts
from rasd.arabic.normalize import normalize_text
from rasd.arabic.tokenize import words as split_words
from rasd.caches import UNSET, facts, keep

#: Longest name, in words, that :func:`match_tokens` looks for.
MAX_NAME_WORDS: Final = 6
#: Longest full person name, in words, looked up in the person table.
MAX_PERSON_WORDS: Final = 4
#: Nisba endings, longest first: -يين -يون (m. pl.), -يتين -يتان -يان (dual), -يات (f. pl.), -ية, -ي.
NISBA_SUFFIXES: Final = ("يين", "يون", "يتين", "يتان", "يان", "يات", "يه", "ي")
_FEMININE_SUFFIXES: Final = ("يه", "يات", "يتين", "يتان")
_MASCULINE_SUFFIXES: Final = ("ي", "يين", "يون", "يان")
#: A word counts as a first name / surname when the name table saw it at least this often in that role.
MIN_PART_COUNT: Final = 2
#: A word seen whole this often in the splitter's corpus is a word, not و/ف + a name.
CONJUNCTION_WORD_COUNT: Final = 2
#: Function words spelled with alef maqsura that fold onto a name (على "on" -> علي "Ali"): as
#: written, they never start a person name.
NOT_NAME_WORDS: Final = frozenset({"على", "وعلى", "فعلى", "إلى", "وإلى", "حتى", "لدى", "سوى", "متى"})
#: English names of the group codes used in ``country`` (for pattern entries such as الحكومة {nisba}).
GROUP_NAMES: Final = {"EU": "European Union", "UN": "United Nations", "NATO": "NATO"}


@dataclass(frozen=True, slots=True)
class GazEntry:
    """One named thing: its Arabic canonical name, NER label, kind, English name and state."""

    canonical: str  # Arabic canonical name, e.g. "العراق", "مصطفى الكاظمي", "داعش"
    label: str  # "PER" | "ORG" | "GPE" | "LOC" | "MISC"
    kind: str  # "country" | "capital" | "city" | "province" | "region" | "person" | "org" | "armed_group" ...
    en: str | None  # English name
    country: str | None  # ISO 3166-1 alpha-3, or a group code ("ISIS", "COALITION", "UN", "EU", "NATO"...)


@dataclass(frozen=True, slots=True)
class _Pattern:
    """A name with one nisba slot ("الحكومة {nisba_f}"): words, slot index, slot gender, template."""

    words: tuple[str, ...]
    slot: int
    gender: str  # "f" | "m"
    template: GazEntry


@dataclass(frozen=True, slots=True)
class _Tables:
    names: dict[tuple[str, ...], GazEntry]  # every normalised form, ambiguous ones too
    running: dict[str, tuple[tuple[tuple[str, ...], GazEntry], ...]]  # first word -> (rest, entry), longest first
    patterns: dict[str, tuple[_Pattern, ...]]  # first word -> patterns
    nisba: dict[str, str]  # nisba stem (normalised, no ال, no ي) -> code
    country_en: dict[str, str]


def _data(name: str) -> Traversable:
    return resources.files("rasd.resources").joinpath("data/" + name)


def _surface_stem(word: str) -> str:
    """The word without proclitics, its article whole again (للحكومة -> الحكومة)."""
    seg = segment(word)
    if seg.article and not seg.stem.startswith("ال"):
        return "ا" + seg.stem
    if not seg.proclitics and conjunction_name(word) is not None:
        return word[1:]
    return seg.stem


def _surface_for(word: str, form: str) -> str:
    """The written first word of a name matched under ``form``: whole when the name
    matched as written (بان كي مون keeps its ب), else without its proclitics."""
    return word if form == normalize_text(word) else _surface_stem(word)


_Start = tuple[str, tuple[tuple[tuple[str, ...], GazEntry], ...], tuple[_Pattern, ...], bool]

#: Names whose :func:`lookup` is kept (emptied when full).
LOOKUP_CACHE: Final = 32768
# The per-word answers (:func:`_first_forms`, :func:`_starts`, :func:`nisba`,
# :func:`conjunction_name`) are kept in the word's record of the shared table
# (:func:`rasd.caches.facts`): the NER asks them of every token of every sentence.  Whole
# names are kept here, in a plain dict emptied when full (a compiled caller reaches it
# with a direct call and one look-up).  Entries are immutable.
_LOOKUPS: Final[dict[str, GazEntry | None]] = {}


def conjunction_name(word: str) -> str | None:
    """The given name behind a conjunction the clitic splitter left on (وغادة -> غادة).

    The splitter's stem lexicon knows the common given names only (ومحمد splits,
    وغادة does not).  A word that is و or ف + a given name of the name table, and is
    not itself a name part nor a word the splitter's corpus has seen whole, is taken as
    the conjunction + that name.
    """
    known = facts(word)
    hit = known.conjunction
    if hit is UNSET:
        hit = known.conjunction = _conjunction_name(word)
    return cast("str | None", hit)


def _conjunction_name(word: str) -> str | None:
    if len(word) < 4 or word[0] not in "وف" or segment(word).proclitics:
        return None
    parts = _name_parts()
    whole = normalize_text(word)
    if whole in parts or stem_counts().get(whole, 0) >= CONJUNCTION_WORD_COUNT:
        return None  # a name itself (وليد), or a word the corpus has whole (فعلا)
    rest = normalize_text(word[1:])
    counts = parts.get(rest)
    if counts is None or counts[0] < MIN_PART_COUNT or counts[0] < counts[1]:
        return None
    return rest


def name_offset(word: str) -> int:
    """Where the name proper starts in a name's first word: after its proclitics, or
    after a conjunction before a given name (:func:`conjunction_name`)."""
    off = segment(word).stem_offset
    return 1 if off == 0 and conjunction_name(word) is not None else off


def _norm_words(text: str) -> tuple[str, ...]:
    return tuple(normalize_text(w) for w in split_words(text))


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    with _data("gazetteer.json.gz").open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    names: dict[tuple[str, ...], GazEntry] = {}
    running: dict[str, list[tuple[tuple[str, ...], GazEntry]]] = {}
    patterns: dict[str, list[_Pattern]] = {}
    for e in data["entries"]:
        entry = GazEntry(e["ar"], e["label"], e["kind"], e.get("en") or None, e.get("country") or None)
        ambiguous = {_norm_words(a) for a in e.get("ambiguous", ())}
        for form in (e["ar"], *e.get("variants", ())):
            if "{" in form:
                _add_pattern(patterns, form, entry)
                continue
            key = _norm_words(form)
            if not key or key in names:
                continue
            names[key] = entry
            if key not in ambiguous and len(key) <= MAX_NAME_WORDS:
                running.setdefault(key[0], []).append((key[1:], entry))
    return _Tables(
        names,
        {k: tuple(sorted(v, key=lambda kv: -len(kv[0]))) for k, v in running.items()},
        {k: tuple(v) for k, v in patterns.items()},
        dict(data["nisba"]),
        dict(data["country_en"]),
    )


def entries() -> list[GazEntry]:
    """Every named thing once, in the order the gazetteer lists them (for tables built from it)."""
    seen: dict[int, GazEntry] = {}
    for entry in _tables().names.values():
        seen.setdefault(id(entry), entry)
    return list(seen.values())


def _add_pattern(patterns: dict[str, list[_Pattern]], form: str, entry: GazEntry) -> None:
    words = form.split()
    slot = next(i for i, w in enumerate(words) if w.startswith("{"))
    gender = "f" if words[slot] == "{nisba_f}" else "m"
    key = tuple("" if i == slot else normalize_text(w) for i, w in enumerate(words))
    patterns.setdefault(key[0], []).append(_Pattern(key, slot, gender, entry))


@lru_cache(maxsize=1)
def _persons() -> dict[str, tuple[str, str]]:
    """Normalised full name -> (English spelling, ISO alpha-3 country or '')."""
    out: dict[str, tuple[str, str]] = {}
    with _data("persons.tsv.gz").open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        for line in fh:
            key, en, country = line.rstrip("\n").split("\t")
            out[key] = (en, country)
    return out


@lru_cache(maxsize=1)
def _person_firsts() -> frozenset[str]:
    return frozenset(k.partition(" ")[0] for k in _persons())


@lru_cache(maxsize=1)
def _person_pairs() -> frozenset[str]:
    """First two words ("w1 w2") of every person name of two words or more.

    :func:`match_tokens` tries up to three full-name lengths at each common first name;
    a missing pair rules them all out with one set lookup.
    """
    out = set()
    for k in _persons():
        parts = k.split(" ", 2)
        if len(parts) >= 2:
            out.add(parts[0] + " " + parts[1])
    return frozenset(out)


@lru_cache(maxsize=1)
def _name_parts() -> dict[str, tuple[int, int]]:
    """Normalised name word -> (count as given name, count as surname)."""
    out: dict[str, tuple[int, int]] = {}
    with _data("name_parts.tsv.gz").open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        for line in fh:
            key, given, surname = line.rstrip("\n").split("\t")
            out[key] = (int(given), int(surname))
    return out


def load() -> None:
    """Load every table now (a server calls this at start-up instead of on the first article)."""
    _tables()
    _persons()
    _person_firsts()
    _person_pairs()
    _name_parts()


def _first_forms(word: str) -> tuple[str, ...]:
    """Normalised forms a name's first word is tried under: as written, then without proclitics.

    ``للحكومة`` gives ``للحكومه`` and ``الحكومه`` (the ل of the article restored);
    ``وغادة`` gives ``وغاده`` and ``غاده`` (:func:`conjunction_name`).
    """
    known = facts(word)
    hit = known.first_forms
    if hit is UNSET:
        hit = known.first_forms = _forms_of(word)
    return cast("tuple[str, ...]", hit)


def _forms_of(word: str) -> tuple[str, ...]:
    whole = normalize_text(word)
    seg = segment(word)
    if not seg.proclitics:
        conj = conjunction_name(word)
        return (whole, conj) if conj is not None else (whole,)
    stem = normalize_text(seg.stem)
    if seg.article and not stem.startswith("ال"):
        stem = "ا" + stem
    return (whole, stem) if stem != whole else (whole,)


def _entry_for(key: tuple[str, ...]) -> GazEntry | None:
    return _tables().names.get(key)


def _person_entry(key: tuple[str, ...], p: tuple[str, str], surface: str | None = None) -> GazEntry:
    return GazEntry(surface or " ".join(key), "PER", "person", p[0] or None, p[1] or None)


def lookup(name: str) -> GazEntry | None:
    """The entry for a (multi-word) name, or None (cached: entries are immutable).

    The first word may carry proclitics (وبالعراق); ambiguous forms are found too.  A
    place name is also tried with the article added or removed (عراق -> العراق), but
    only when that gives a GPE or LOC: organisations and persons match as written.
    """
    hit = _LOOKUPS.get(name, UNSET)
    if hit is UNSET:
        return keep(_LOOKUPS, LOOKUP_CACHE, name, _lookup(name))
    return cast("GazEntry | None", hit)


def _lookup(name: str) -> GazEntry | None:
    ws = split_words(name)
    if not ws:
        return None
    rest = tuple(normalize_text(w) for w in ws[1:])
    for form in _first_forms(ws[0]):
        hit = _entry_for((form, *rest))
        if hit is not None:
            return hit
        pat = _match_pattern_key((form, *rest), ws)
        if pat is not None:
            return pat
    hit = person(name) if len(ws) > 1 else None  # (a full person name has two words or more)
    if hit is not None:
        return hit
    stem = _first_forms(ws[0])[-1]
    alt = stem[2:] if stem.startswith("ال") and len(stem) > 4 else "ال" + stem
    hit = _tables().names.get((alt, *rest))
    if hit is not None and hit.label in ("GPE", "LOC"):
        return hit
    return None


def _nisba_gender(norm_word: str) -> str:
    return "f" if norm_word.endswith(_FEMININE_SUFFIXES) else "m"


def _match_pattern_key(key: tuple[str, ...], surface: Sequence[str]) -> GazEntry | None:
    for pat in _tables().patterns.get(key[0], ()):
        if len(pat.words) != len(key):
            continue
        hit = _pattern_hit(pat, key, surface)
        if hit is not None:
            return hit
    return None


def _pattern_hit(pat: _Pattern, key: Sequence[str], surface: Sequence[str]) -> GazEntry | None:
    """The entry a pattern yields over normalised words ``key`` (its surface words ``surface``)."""
    for i, w in enumerate(pat.words):
        if i != pat.slot and (i >= len(key) or key[i] != w):
            return None
    if pat.slot >= len(key):
        return None
    word = surface[pat.slot]
    if _nisba_gender(normalize_text(word)) != pat.gender:
        return None
    code = nisba(word)
    if code is None:
        return None
    t = _tables()
    country_name = t.country_en.get(code) or GROUP_NAMES.get(code, code)
    tpl = pat.template
    canonical = " ".join([_surface_stem(surface[0]), *surface[1 : len(pat.words)]])
    en = tpl.en.replace("{country}", country_name) if tpl.en else None
    return GazEntry(canonical, tpl.label, tpl.kind, en, code)


def match_tokens(words: Sequence[str]) -> list[tuple[int, int, GazEntry]]:
    """Longest non-overlapping gazetteer matches over a token list, left to right.

    Returns ``(start, end, entry)`` with token indices (end exclusive).  Only the first
    token of a name may carry proclitics.  Places, organisations and full person names
    from the name table are matched; at equal length a place or organisation wins over
    a person name (صلاح الدين the province).
    """
    persons = _persons()
    pairs = _person_pairs()
    n = len(words)
    out: list[tuple[int, int, GazEntry]] = []
    after = 0  # the first word after the last match
    # only a word that may start a name is tried (most start none: one cached look-up each);
    # the words after it are normalised through normalize_text's word cache
    for i, word in enumerate(words):
        starts = _starts(word)
        if not starts or i < after:
            continue
        best_len = 0
        best: GazEntry | None = None
        for form, running, patterns, first in starts:
            for rest, entry in running:
                size = len(rest) + 1
                if size <= best_len or i + size > n or (rest and normalize_text(words[i + 1]) != rest[0]):
                    continue  # (the second word rules out most candidates: no generator for them)
                if all(normalize_text(words[i + 1 + k]) == r for k, r in enumerate(rest)):
                    best_len, best = size, entry
                    break
            for pat in patterns:
                size = len(pat.words)
                if size <= best_len or i + size > n:
                    continue
                key = [form] + [normalize_text(words[i + k]) for k in range(1, size)]
                hit = _pattern_hit(pat, key, words[i : i + size])
                if hit is not None:
                    best_len, best = size, hit
            if first and i + 1 < n and (form + " " + (second := normalize_text(words[i + 1])) in pairs
                                        or " " in form or " " in second):
                for size in range(min(MAX_PERSON_WORDS, n - i), max(best_len, 1), -1):
                    pkey = " ".join([form] + [normalize_text(words[i + k]) for k in range(1, size)])
                    p = persons.get(pkey)
                    if p is not None and not any(w in NOT_NAME_WORDS for w in words[i + 1 : i + size]):
                        surface = " ".join([_surface_for(words[i], form), *words[i + 1 : i + size]])
                        best_len, best = size, _person_entry(tuple(pkey.split()), p, surface)
                        break
        if best is not None:
            out.append((i, i + best_len, best))
            after = i + best_len
    return out



def _starts(word: str) -> tuple[_Start, ...]:
    """What a name starting with ``word`` can be, per first-word form (in :func:`_first_forms`
    order): its running-text names, its nisba patterns, and whether a full person name may
    start there.  Forms that start nothing are left out, so most words give ``()``."""
    known = facts(word)
    hit = known.starts
    if hit is UNSET:
        hit = known.starts = _starts_of(word)
    return cast("tuple[_Start, ...]", hit)


def _starts_of(word: str) -> tuple[_Start, ...]:
    t = _tables()
    firsts = _person_firsts()
    out = []
    for form in _first_forms(word):
        running = t.running.get(form, ())
        patterns = t.patterns.get(form, ())
        first = form in firsts and word not in NOT_NAME_WORDS
        if running or patterns or first:
            out.append((form, running, patterns, first))
    return tuple(out)


def _part(word: str) -> str:
    """"first", "last" or "" for one token (proclitics stripped)."""
    parts = _name_parts()
    for form in _first_forms(word)[::-1]:
        counts = parts.get(form)
        if counts is None:
            continue
        given, surname = counts
        if given >= MIN_PART_COUNT and given >= surname:
            return "first"
        if surname >= MIN_PART_COUNT:
            return "last"
    return ""


def gazetteer_tags(words: Sequence[str]) -> list[str]:
    """Per-token gazetteer features for a CRF.

    Format: ``"<BIO>"`` or ``"<BIO>|<part>"``.  ``<BIO>`` is ``B-<LABEL>``/``I-<LABEL>``
    from :func:`match_tokens` (LABEL one of PER ORG GPE LOC MISC) or ``O``; ``<part>``
    is ``first`` when the token (proclitics stripped) is mostly a given name in the
    person-name table and ``last`` when mostly a surname; it is omitted otherwise.
    Examples: ``"B-GPE"``, ``"I-ORG"``, ``"O"``, ``"O|first"``, ``"B-PER|first"``.
    """
    tags = ["O"] * len(words)
    for start, end, entry in match_tokens(words):
        tags[start] = "B-" + entry.label
        for k in range(start + 1, end):
            tags[k] = "I-" + entry.label
    out = []
    for w, tag in zip(words, tags, strict=True):
        part = _part(w) if (tag == "O" or tag.endswith("PER")) and w[:1].isalpha() else ""
        out.append(f"{tag}|{part}" if part else tag)
    return out


def nisba(word: str) -> str | None:
    """The country code of a nisba adjective (any gender/number, clitics and article allowed).

    العراقي العراقية العراقيين الأميركي الأمريكية السعودي المصري الإيرانية البريطاني
    -> IRQ IRQ IRQ USA USA SAU EGY IRN GBR.  Group adjectives map to group codes
    (الأوروبي -> EU, الأممية -> UN).  A country name itself is not a nisba.
    """
    known = facts(word)
    hit = known.nisba
    if hit is UNSET:
        hit = known.nisba = _nisba(word)
    return cast("str | None", hit)


def _nisba(word: str) -> str | None:
    if not normalize_text(word).endswith(NISBA_SUFFIXES):
        # every candidate stem (:func:`_nisba_stems`) ends as the normalised word does:
        # each is a suffix of it, or ا + a suffix (and no nisba ending starts with ا)
        return None
    table = _tables().nisba
    seen: set[str] = set()
    for stem in _nisba_stems(word):
        if stem in seen or not stem.endswith(NISBA_SUFFIXES):  # (one C call rules most words out)
            continue
        seen.add(stem)
        for suf in NISBA_SUFFIXES:
            if stem.endswith(suf) and len(stem) - len(suf) >= 2:
                code = table.get(stem[: -len(suf)])
                if code is not None:
                    return code
    return None


def _nisba_stems(word: str) -> list[str]:
    """Candidate nisba stems: the clitic splitter's reading first, then every other way of
    peeling one or two proclitic letters and an article (للبنانيين is ل + لبنانيين, not لل + بنانيين)."""
    out = []
    for form in _first_forms(word)[::-1]:
        out.append(form[2:] if form.startswith("ال") and len(form) > 4 else form)
    n = normalize_text(word)
    for k in range(0, min(3, len(n))):
        if k and n[k - 1] not in "وفبلك":
            break
        rest = n[k:]
        out.append(rest)
        if rest.startswith("ال") and len(rest) > 4:
            out.append(rest[2:])
    return out


def is_person_first_name(word: str) -> bool:
    """Whether the name table mostly uses this word (proclitics stripped) as a given name."""
    return _part(word) == "first"


def is_person_name_part(word: str) -> bool:
    """Whether the name table knows this word (proclitics stripped) as a given name or surname."""
    parts = _name_parts()
    for form in _first_forms(word):
        counts = parts.get(form)
        if counts is not None and sum(counts) >= MIN_PART_COUNT:
            return True
    return False


def person(name: str) -> GazEntry | None:
    """The person-table entry for a full name (two words or more), or None."""
    ws = split_words(name)
    if len(ws) < 2:
        return None
    rest = [normalize_text(w) for w in ws[1:]]
    for form in _first_forms(ws[0]):
        p = _persons().get(" ".join([form, *rest]))
        if p is not None:
            return _person_entry((form, *rest), p, " ".join([_surface_for(ws[0], form), *ws[1:]]))
    return None


@lru_cache(maxsize=1)
def _countries() -> dict[str, GazEntry]:
    out: dict[str, GazEntry] = {}
    for entry in _tables().names.values():
        if entry.kind == "country" and entry.country and entry.country not in out:
            out[entry.country] = entry
    return out


def country(code: str) -> GazEntry | None:
    """The gazetteer entry of a state by its ISO 3166-1 alpha-3 code (SAU -> السعودية)."""
    return _countries().get(code)


def all_names() -> list[tuple[tuple[str, ...], GazEntry]]:
    """Every normalised form the gazetteer holds (ambiguous ones too) with its entry."""
    return list(_tables().names.items())
