"""The events stage: PLOVER events with actor, target, place, date and evidence.

Triggers come from a lexicon kept as data (``arabic/data/plover_lexicon.json``):
verbs given as past/present stems (every person, number and the future سـ prefix
are generated), masdars and plural nouns (case, article and possessive forms are
generated), fixed phrases, and for ambiguous words a list of objects that must
follow ("سحب" is RETREAT only when قوات/جنود follow; "بحث" is CONSULT only with "مع").

Participants are read from the sentence, in a way Arabic news is written:

* mentions are entity mentions (names and roles from the entity stages), gazetteer
  names, and "sector" phrases ("القوات الأميركية" -> USA military, "قوات الأمن",
  "مسلحون مرتبطون بإيران" -> IRN, "مسلحي تنظيم داعش" -> ISIS);
* for a noun trigger the actor is its genitive or its من-phrase ("سيطرة مسلحي داعش",
  "ضغوطا من طهران", "هجمات يشنها مسلحون"), else the subject of the governing verb;
  the target is a على/ضد/مع phrase, or the subject of a verb of receiving or
  suffering before it ("تلقى X اتصالا من Y", "تواجه X ضغوطا من Y");
* for a verb the actor is the subject before it (SVO) or after it (VSO);
* a possessive ("حكومته", "جنود بلاده") takes the country of the mention before it;
  a state institution without a nisba ("قوات الأمن") takes the country of the place
  of the event, then of the dateline.

Place: a GPE/LOC in the sentence, else the dateline.  Date: a date mention in the
sentence, else the publication date (``date_source`` says which).  Negation (لم، لن،
نفى), future (سـ، سوف، من المقرر) and hypothetical (إذا، لو، قد) are read from the
words before the trigger.  An event inside a quotation keeps the quote's index.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from importlib import resources
from operator import itemgetter
from typing import cast

from rasd.arabic.clitics import segment
from rasd.arabic.normalize import normalize_text
from rasd.arabic.numbers import words_to_number
from rasd.arabic.sentences import split_sentences
from rasd.arabic.tokenize import Token, TokenView, tokenize
from rasd.article import Article, Entity, Event, EventArg, EventEvidence, Mention, Span
from rasd.caches import UNSET, facts
from rasd.errors import ResourceError

# ----------------------------------------------------------------------------- lexicon

PROCLITICS = ("وب", "ول", "فب", "فل", "وك", "و", "ف", "ب", "ل", "ك")
_PROCLITIC_FIRST = frozenset(p[0] for p in PROCLITICS)
NOUN_SUFFIXES = ("ه", "ها", "هم", "هما", "نا")  # not -ي: "تعاوني", "الاجتماعي" are adjectives
PAST_SUFFIXES = ("", "ت", "وا", "ا", "تا", "ن", "نا", "تم")
PRESENT_SUFFIXES = ("", "ون", "ان", "ين", "وا", "ن")
#: Prepositions that put a mention in the target slot.
TARGET_PREPS = frozenset(normalize_text(w) for w in ("على", "ضد", "مع", "إلى", "الى", "تجاه", "بحق", "نحو"))
#: Prepositions that put a mention in a place or source slot, never the subject.
OTHER_PREPS = frozenset(normalize_text(w) for w in ("في", "من", "عن", "داخل", "خارج", "قرب", "بين", "حول",
                                                    "لدى", "عند", "منذ", "خلال", "بعد", "قبل", "عبر"))
#: Words that may stand between a noun trigger and its genitive actor.
SKIP_AFTER = frozenset(normalize_text(w) for w in ("من", "قبل", "جانب", "العديد", "عدد", "نحو", "حوالي",
                                                   "العسكري", "العسكرية", "الجديدة", "الجديد", "الأخيرة",
                                                   "واسعة", "جديدة", "مكثفة", "متواصلة", "لها", "له"))
#: Words that may stand between a subject and its verb ("وكان التحالف قد سحب").
SKIP_BEFORE = frozenset(normalize_text(w) for w in ("قد", "كان", "كانت", "أن", "إن", "بأن", "أنه", "لقد"))
STOP_PUNCT = frozenset("،,.؛;:!?؟\"«»“”()[]")
#: Prepositions that make a named place the place of a happening.
PLACE_PREPS = frozenset(normalize_text(w) for w in ("في", "ب", "قرب", "داخل", "شمال", "جنوب", "شرق", "غرب", "وسط"))
STATE_SECTORS = frozenset(("military", "police", "government", "legislature"))


@dataclass(frozen=True, slots=True)
class Trigger:
    """One lexicon entry: its type, mode and the conditions it carries."""

    type: str
    mode: str
    armed_type: str | None = None
    requires: frozenset[str] = frozenset()
    window: int = 3
    requires_verbs_only: bool = False
    modes_after: tuple[tuple[str, str], ...] = ()
    not_followed_by: frozenset[str] = frozenset()
    not_preceded_by: frozenset[str] = frozenset()
    detail: bool = False
    #: a device ("سيارة مفخخة"): after another trigger of its type it is that event's means
    instrument: bool = False
    #: objects that give the verb another sense ("فجر الكاتب مفاجأة"), normalised
    abstract_objects: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class _Form:
    trigger: int
    rest: tuple[str, ...]
    verb: bool
    present: bool = False
    possessed: bool = False


@dataclass(frozen=True)
class Lexicon:
    """The trigger index and the actor word lists, built once from the JSON file."""

    triggers: tuple[Trigger, ...]
    index: dict[str, tuple[_Form, ...]]
    sectors: dict[str, str]
    affiliation: frozenset[str]
    launch: frozenset[str]
    receive: frozenset[str]
    negation: frozenset[str]
    denial: frozenset[str]
    future: frozenset[str]
    hypothetical: frozenset[str]
    types: frozenset[str] = field(default_factory=frozenset)
    #: factuality cue form -> (factuality, window): see :func:`_factuality`.
    cues: dict[str, tuple[str, int]] = field(default_factory=dict)
    #: broken plurals of nationality nouns -> country ("أفغان" -> AFG), normalised, no article
    nationality_plurals: dict[str, str] = field(default_factory=dict)
    #: forms of verbs that report a happening ("وقع الهجوم"): see :func:`_factuality`.
    occurred: frozenset[str] = frozenset()
    #: factuality cue forms that stand after the trigger ("هجوم محتمل") -> (factuality, window)
    after_cues: dict[str, tuple[str, int]] = field(default_factory=dict)
    #: words that anchor an imperfect verb to a happening now ("يتظاهرون الآن", "اليوم")
    now: frozenset[str] = frozenset()
    habitual_types: frozenset[str] = frozenset()
    #: types that are only someone's account when told inside a quote
    quoted_types: frozenset[str] = frozenset()
    opinion_cues: frozenset[str] = frozenset()
    #: types that must be anchored to be reported, and the words that anchor them
    anchored_types: frozenset[str] = frozenset()
    anchors: frozenset[str] = frozenset()
    #: weapons and strikes: their nationality is the attacker's (see :func:`_instrument_country`)
    instruments: frozenset[str] = frozenset()
    #: nouns of violence that a listed noun trigger stands among (see :func:`_listed`)
    violence: frozenset[str] = frozenset()
    #: forms of the triggers that may be a verbal attack, and the words of harm that rule it out
    verbal_attack: frozenset[str] = frozenset()
    harm: frozenset[str] = frozenset()
    #: adjectives that grade a verbal attack ("هجوما حادا"): see :func:`_verbal_attack`
    verbal_adjectives: frozenset[str] = frozenset()
    strong_adjectives: frozenset[str] = frozenset()
    bodily_objects: frozenset[str] = frozenset()
    #: sector words whose country usage fixes ("المستوطنون" -> ISR), normalised
    sector_countries: dict[str, str] = field(default_factory=dict)


@lru_cache(maxsize=32768)
def core(word: str) -> str:
    """A normalised word without ال and without the accusative alef ("هاتفيا" -> "هاتفي")."""
    w = normalize_text(word)
    if w.startswith("ال") and len(w) > 4:
        w = w[2:]
    if w.endswith("ا") and len(w) > 3:
        w = w[:-1]
    return w


def _noun_forms(noun: str, suffixes: bool = True) -> set[str]:
    """A noun's forms: itself, with the accusative alef, and (``suffixes``) possessed
    ("هجومه", "اختطافهم")."""
    n = normalize_text(noun)
    if n.startswith("ال") and len(n) > 4:
        n = n[2:]
    out = {n, n + "ا"}
    stem = n[:-1] + "ت" if n.endswith("ه") else n
    if suffixes:
        out |= {stem + s for s in NOUN_SUFFIXES}
    if n.endswith("ا"):
        out.add(n[:-1])
    return out


def _past_forms(past: str) -> set[str]:
    p = normalize_text(past)
    out = {p + s for s in PAST_SUFFIXES}
    if p.endswith(("ي", "ا")):  # التقى -> التقت، التقوا؛ دعا -> دعت، دعوا
        out |= {p[:-1] + "ت", p[:-1] + "وا", p[:-1] + "تا", p[:-1] + "ي" + "ا"}
    return out


def _present_forms(present: str) -> set[str]:
    s = normalize_text(present)
    body = s[1:] if s[:1] in "يت" else s
    out = set()
    # first person (أ-) only for longer stems: "احث" would also be ب+احث "باحث" (a researcher)
    for pre in ("ي", "ت", "ن", "ا") if len(body) >= 3 else ("ي", "ت", "ن"):
        out |= {pre + body + suf for suf in PRESENT_SUFFIXES}
        if body.endswith(("ي", "و", "ا")):
            out |= {pre + body[:-1] + "ون", pre + body[:-1] + "وا", pre + body[:-1] + "ين"}
    return out


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The event lexicon (``data/plover_lexicon.json``), indexed by every generated form."""
    try:
        raw = resources.files("rasd.arabic").joinpath("data/plover_lexicon.json").read_text(encoding="utf-8")
        data = json.loads(raw)
    except (OSError, ValueError) as exc:
        raise ResourceError(f"cannot read the event lexicon plover_lexicon.json: {exc}; reinstall rasd") from exc
    triggers: list[Trigger] = []
    index: dict[str, list[_Form]] = {}

    def add(form: str, trig: int, rest: tuple[str, ...], verb: bool, present: bool = False,
            possessed: bool = False) -> None:
        index.setdefault(form, []).append(_Form(trig, rest, verb, present, possessed))

    for entry in data["triggers"]:
        k = len(triggers)
        triggers.append(Trigger(
            entry["type"], entry["mode"], entry.get("armed_type"),
            frozenset(_variants(normalize_text(w)) for w in entry.get("requires", ())),
            int(entry.get("window", 3)), bool(entry.get("requires_verbs_only", False)),
            tuple((core(w), m) for w, m in entry.get("modes_after", {}).items()),
            frozenset(normalize_text(w) for w in entry.get("not_followed_by", ())),
            frozenset(normalize_text(w) for w in entry.get("not_preceded_by", ())),
            bool(entry.get("detail", False)), bool(entry.get("instrument", False)),
            frozenset(normalize_text(w) for w in entry.get("abstract_objects", ())),
        ))
        for past, present in entry.get("verbs", ()):
            head_p, *rest_p = past.split()
            head_i, *rest_i = present.split()
            for f in _past_forms(head_p):
                add(f, k, tuple(core(w) for w in rest_p), True)
            for f in _present_forms(head_i):
                add(f, k, tuple(core(w) for w in rest_i), True, True)
        for noun in (*entry.get("nouns", ()), *entry.get("phrases", ())):
            head, *rest = noun.split()
            bare = _noun_forms(head, suffixes=False)
            for f in sorted(_noun_forms(head), key=lambda f: f not in bare):  # bare forms first
                add(f, k, tuple(core(w) for w in rest), False, possessed=f not in bare)
    actors = data["actors"]
    aux = data["aux"]

    def norm_set(words: Sequence[str]) -> frozenset[str]:
        return frozenset(normalize_text(w) for w in words)

    cues: dict[str, tuple[str, int]] = {}
    after_cues: dict[str, tuple[str, int]] = {}
    occurred: set[str] = set()
    for name, spec in data.get("factuality", {}).items():
        if not isinstance(spec, dict):
            continue  # the "about" note
        if name == "occurred":
            for past, present in spec.get("verbs", ()):
                occurred |= _past_forms(past) | _present_forms(present)
            continue
        window = int(spec.get("window", 3))
        forms: set[str] = {normalize_text(w) for w in spec.get("particles", ())}
        for past, present in spec.get("verbs", ()):
            forms |= _past_forms(past) | _present_forms(present)
        for noun in spec.get("nouns", ()):
            forms |= _noun_forms(noun)
        for f in forms:
            cues.setdefault(f, (name, window))  # the first kind listed wins a shared form
        for w in spec.get("after", ()):
            after_cues.setdefault(normalize_text(w), (name, int(spec.get("after_window", 3))))
    senses = data.get("senses", {})
    habitual = data.get("factuality", {}).get("habitual", {})
    unspecified = data.get("factuality", {}).get("unspecified", {})
    return Lexicon(
        tuple(triggers),
        {f: tuple(v) for f, v in index.items()},
        {normalize_text(k): v for k, v in actors["sectors"].items()},
        norm_set(actors["affiliation"]), norm_set(actors["launch_verbs"]), norm_set(actors["receive_verbs"]),
        norm_set(aux["negation"]), norm_set(aux["denial"]), norm_set(aux["future"]),
        norm_set(aux["hypothetical"]),
        frozenset(t.type for t in triggers),
        cues,
        {normalize_text(k): v for k, v in actors.get("nationality_plurals", {}).items() if k != "about"},
        frozenset(occurred),
        after_cues=after_cues,
        verbal_attack=norm_set(senses.get("verbal_attack", {}).get("triggers", ())),
        harm=norm_set(senses.get("verbal_attack", {}).get("harm", ())),
        verbal_adjectives=norm_set(senses.get("verbal_attack", {}).get("adjectives", ())),
        strong_adjectives=norm_set(senses.get("verbal_attack", {}).get("strong_adjectives", ())),
        bodily_objects=norm_set(senses.get("verbal_attack", {}).get("bodily_objects", ())),
        sector_countries={normalize_text(k): v for k, v in actors.get("sector_countries", {}).get("words", {}).items()},
        now=norm_set(habitual.get("now", ())),
        habitual_types=frozenset(habitual.get("types", ())),
        quoted_types=frozenset(data.get("factuality", {}).get("quoted", {}).get("types", ())),
        opinion_cues=norm_set(data.get("factuality", {}).get("quoted", {}).get("opinion_cues", ())),
        anchored_types=frozenset(unspecified.get("types", ())),
        anchors=norm_set(unspecified.get("words", ())),
        instruments=norm_set(actors.get("instruments", {}).get("words", ())),
        violence=frozenset(f for w in senses.get("listed", {}).get("nouns", ())
                           for f in _noun_forms(w, suffixes=False)),
    )


def _variants(norm: str) -> str:
    """The form a ``requires`` word is compared under (article dropped)."""
    return norm[2:] if norm.startswith("ال") and len(norm) > 4 else norm


def lookup_forms(norm: str) -> list[tuple[str, bool]]:
    """Forms a word is looked up under: itself, without proclitics, ال, and سـ (future)."""
    return list(_lookup_forms(norm))


@lru_cache(maxsize=32768)
def _lookup_forms(norm: str) -> tuple[tuple[str, bool], ...]:
    """:func:`lookup_forms`, cached: every sentence looks its words up several times."""
    forms = [norm]
    if norm[:1] in _PROCLITIC_FIRST:  # most words start with no proclitic's letter
        for p in PROCLITICS:
            if norm.startswith(p) and len(norm) - len(p) >= 3:
                forms.append(norm[len(p):])
    more = []
    for f in forms:
        if f.startswith("ال") and len(f) > 4:
            more.append(f[2:])
        if f.startswith("لل") and len(f) > 4:
            more.append(f[2:])
    out = [(f, False) for f in dict.fromkeys(forms + more)]
    for f in list(forms):
        if len(f) >= 5 and f[0] == "س" and f[1] in "يتنا":
            out.append((f[1:], True))
    return tuple(out)


@lru_cache(maxsize=32768)
def word_forms(norm: str) -> tuple[str, ...]:
    """The distinct forms of :func:`lookup_forms`, in that order (cached)."""
    return tuple(dict.fromkeys(f for f, _ in _lookup_forms(norm)))


def article_only_forms(norm: str) -> set[str]:
    """Forms reached only by dropping ال: never a verb ("الطلب" is not "طلب" he asked)."""
    plain = {norm} | {norm[len(p):] for p in PROCLITICS if norm.startswith(p) and len(norm) - len(p) >= 3}
    stripped = {f[2:] for f in plain if f.startswith(("ال", "لل")) and len(f) > 4}
    return stripped - plain


# ----------------------------------------------------------------------------- tokens and mentions


class Tok(TokenView):
    """A token of a sentence: offsets in the article, text, normalised text and kind (one
    for every token of a sentence with a possible trigger)."""

    __slots__ = ("end", "kind", "norm", "start", "text")

    def __init__(self, start: int, end: int, text: str, norm: str, kind: str) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.norm = norm
        self.kind = kind

    def _fields(self) -> tuple[int, int, str, str, str]:
        return (self.start, self.end, self.text, self.norm, self.kind)

    def forms(self) -> tuple[str, ...]:
        """Distinct lookup forms in :func:`lookup_forms` order (a fixed order: the first
        form that a table knows wins, whatever the hash seed)."""
        return word_forms(self.norm)


@dataclass(frozen=True, slots=True)
class ActorMention:
    """A possible participant: a span of tokens ``[i, j)`` and what is known of it."""

    i: int
    j: int
    start: int
    end: int
    text: str
    country: str | None = None
    entity: str | None = None
    label: str | None = None
    sector: str | None = None
    possessive: bool = False
    kind: str = ""  # gazetteer kind (country, capital, armed_group …)

    def arg(self, country: str | None = None) -> EventArg:
        return EventArg(self.text, self.entity, country if country is not None else self.country,
                        self.start, self.end, self.sector)


def _tokens(text: str, start: int, end: int) -> list[Tok]:
    tokens = tokenize(text[start:end], start)
    return _toks(tokens, _joined_norm(tokens))


def _joined_norm(tokens: Sequence[Token]) -> str:
    """The normalised texts of ``tokens``, each followed by a space but the last, in one
    :func:`normalize_text` call: the fold works character by character, token texts hold
    no white space and a space folds to itself, so this is the tokens' own normalised
    texts joined by spaces."""
    return normalize_text(" ".join(map(_token_text, tokens)))


_token_text = itemgetter(2)


def _toks(tokens: Sequence[Token], joined: str) -> list[Tok]:
    """The :class:`Tok` of each token, given :func:`_joined_norm` of ``tokens``."""
    norms = joined.split(" ")
    if len(norms) != len(tokens):  # a ligature folded to words with spaces ("ﷺ"), or no token
        norms = [_normalized(t.text) for t in tokens]
    return [Tok(t.start, t.end, t.text, n, t.kind) for t, n in zip(tokens, norms, strict=True)]


def _trigger_starts(joined: str, count: int) -> list[int]:
    """The tokens that may start a trigger, given :func:`_joined_norm` of a sentence's
    ``count`` tokens: the only ones :func:`find_triggers` need try, and none in about half of the
    sentences, which then skip making their :class:`Tok` list and the trigger scan.

    :func:`find_triggers` tries a word only through :func:`_trigger_forms` of its
    normalised text, whose forms are all suffixes of that text (:func:`_lookup_forms`
    strips only prefixes), so a word that starts a trigger ends with a key of the
    lexicon's index; in ``joined`` that key is followed by a space or the end.  One
    pattern finds each end of a run of letters where a key ends (keys are letters, so a
    match never spans two runs, and each run end is found once); the spaces before it
    number the token.  The list can hold more tokens than start a hit, never fewer.

    No match spans a space, so a token holds a match end in ``joined`` exactly when the
    pattern finds one in the token's own text: that is asked once per distinct
    normalised word (:func:`_may_start`), not scanned again in every sentence."""
    norms = joined.split(" ")
    if len(norms) == count:
        return [i for i, norm in enumerate(norms) if _may_start(norm)]
    # a ligature folded to words with spaces ("ﷺ"): the spaces do not count tokens
    return list(range(count)) if _starter_pattern().search(joined) is not None else []


def _may_start(norm: str) -> bool:
    """Whether a normalised word holds a key of the trigger index at the end of a run of
    letters (:func:`_trigger_starts`); kept in its record, :func:`rasd.caches.facts`."""
    known = facts(norm)
    hit = known.trigger_start
    if hit is UNSET:
        hit = known.trigger_start = _starter_pattern().search(norm) is not None
    return cast(bool, hit)


@lru_cache(maxsize=1)
def _starter_pattern() -> re.Pattern[str]:
    """A key of the trigger index at the end of a word (see :func:`_trigger_starts`)."""
    return re.compile(rf"(?:{_alternation(lexicon().index)})(?![^\W\d_])")


def _alternation(words: Iterable[str]) -> str:
    """A regular expression that matches exactly ``words``, written as their trie: ``re``
    tries the branches of an alternation one by one, so thousands of words side by side
    would be tried at every position; as a trie each position costs a few steps."""
    trie: _Trie = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here
    return _trie_regex(trie)


#: A trie of words: a child per next character, and the key "" where a word ends.
_Trie = dict[str, "_Trie"]


def _trie_regex(node: _Trie) -> str:
    branches = [re.escape(ch) + _trie_regex(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


@lru_cache(maxsize=8192)
def _normalized(word: str) -> str:
    """:func:`normalize_text` of a token, cached: news repeats its words."""
    return normalize_text(word)


def _tok_index(toks: Sequence[Tok], start: int, end: int) -> tuple[int, int] | None:
    """Tokens ``[i, j)`` that overlap ``[start, end)``, or None.

    The tokens of a sentence are in text order and never overlap, so their starts and
    their ends both ascend: the overlapping ones (end > start and start < end) are one
    run, found by two binary searches instead of a scan of the sentence per mention."""
    i = bisect_right(toks, start, key=_tok_end)
    j = bisect_left(toks, end, lo=i, key=_tok_start)
    return (i, j) if i < j else None


def _tok_end(t: Tok) -> int:
    return t.end


def _tok_start(t: Tok) -> int:
    return t.start


@dataclass(frozen=True, slots=True)
class _Endings:
    """A quick test that a word cannot end with any of a set of words: most words of a
    sentence end with no sector word, and this rules them out with two slices and
    two set look-ups instead of computing (and caching) their lookup forms."""

    last3: frozenset[str]
    short: tuple[str, ...]

    @classmethod
    def of(cls, words: Iterable[str]) -> _Endings:
        ws = set(words)
        return cls(frozenset(w[-3:] for w in ws), tuple(w for w in ws if len(w) < 3))

    def may_end(self, norm: str) -> bool:
        """False only if ``norm`` ends with none of the words: one of three letters or more
        ends as the word does; a shorter one is the end itself."""
        return norm[-3:] in self.last3 or norm.endswith(self.short)


def _sector_of(tok: Tok) -> tuple[str, bool] | None:
    """(sector, possessive) of a word such as "القوات", "وقواته", "حكومته"."""
    return _sector_of_norm(tok.norm)


@lru_cache(maxsize=1)
def _sector_endings() -> _Endings:
    """:class:`_Endings` of what :func:`_sector_of_norm` finds: a sector word, bare or
    with a possessive pronoun, at the end of one of the word's lookup forms (suffixes)."""
    sectors = lexicon().sectors
    return _Endings.of([*sectors, *(w + suffix for w in sectors for suffix in _POSSESSIVES)])


_POSSESSIVES = ("هما", "ها", "هم", "ه")


@lru_cache(maxsize=32768)
def _sector_of_norm(norm: str) -> tuple[str, bool] | None:
    """:func:`_sector_of` of a normalised word (cached; most words end with no sector
    word and are ruled out before their lookup forms are made)."""
    if not _sector_endings().may_end(norm):
        return None
    sectors = lexicon().sectors
    for f in word_forms(norm):
        if f in sectors:
            return sectors[f], f.endswith(("ها", "هم", "ته", "ده"))
    for f in word_forms(norm):  # a possessed plural: "طائراته", "جنودها", "دباباتهم"
        for suffix in _POSSESSIVES:
            if f.endswith(suffix) and len(f) - len(suffix) >= 4 and f[: -len(suffix)] in sectors:
                return sectors[f[: -len(suffix)]], True
    return None


def _nisba(word: str) -> str | None:
    try:
        from rasd.resources.gazetteers import nisba
    except ImportError:  # pragma: no cover - the gazetteer ships with rasd
        return None
    return nisba(word)


def _gazetteer_matches(words: Sequence[str]) -> list[tuple[int, int, object]]:
    try:
        from rasd.resources.gazetteers import match_tokens
    except ImportError:  # pragma: no cover
        return []
    return list(match_tokens(words))


#: The country a possessive with no antecedent in its sentence refers to: a value, or a
#: function that finds it when asked (most sentences never need it).
Previous = str | None | Callable[[], str | None]

#: Entity mentions by start offset: (start, order, mention, entity), order = reading order
#: of ``article.entities`` and their mentions.
MentionIndex = tuple[tuple[int, int, Mention, Entity], ...]


def mention_index(article: Article) -> MentionIndex:
    """Every entity mention sorted by start, so a sentence finds its own by bisection."""
    flat = [(m.start, n, m, e) for n, (e, m) in enumerate((e, m) for e in article.entities for m in e.mentions)]
    flat.sort(key=lambda x: (x[0], x[1]))
    return tuple(flat)


def _mentions_within(index: MentionIndex, s0: int, s1: int) -> list[tuple[Mention, Entity]]:
    """The mentions inside ``[s0, s1]``, in the order of ``article.entities``."""
    lo = bisect_left(index, s0, key=lambda x: x[0])
    inside = [x for x in index[lo:bisect_right(index, s1, key=lambda x: x[0])] if x[2].end <= s1]
    inside.sort(key=lambda x: x[1])
    return [(m, e) for _s, _n, m, e in inside]


def find_mentions(article: Article, toks: Sequence[Tok], index: MentionIndex | None = None) -> list[ActorMention]:
    """Every possible participant in a sentence's tokens (``index``: :func:`mention_index`
    of the article, built here when not given)."""
    if not toks:
        return []
    s0, s1 = toks[0].start, toks[-1].end
    out: list[ActorMention] = []
    taken: set[int] = set()
    # 1. entity mentions (names, roles) from the entity stages
    for m, e in _mentions_within(mention_index(article) if index is None else index, s0, s1):
        ij = _tok_index(toks, m.start, m.end)
        if ij is None or any(k in taken for k in range(*ij)):
            continue
        taken.update(range(*ij))
        out.append(ActorMention(ij[0], ij[1], m.start, m.end, m.text, e.country, e.id, e.label,
                                _label_sector(e.label, None)))
    # 2. gazetteer names the entity stage did not give
    word_idx = [k for k, t in enumerate(toks) if t.kind in ("word", "number")]
    words = [toks[k].text for k in word_idx]
    for a, b, entry in _gazetteer_matches(words):
        i, j = word_idx[a], word_idx[b - 1] + 1
        if any(k in taken for k in range(i, j)):
            continue
        taken.update(range(i, j))
        label = getattr(entry, "label", None)
        kind = getattr(entry, "kind", "") or ""
        first = toks[i].start + segment(toks[i].text).stem_offset
        out.append(ActorMention(i, j, first, toks[j - 1].end, _text(article, first, toks[j - 1].end),
                                getattr(entry, "country", None), None, label, _label_sector(label, kind),
                                kind=kind))
    # 3. sector phrases: "القوات الأميركية", "وزير الدفاع الأميركي", "قوات الأمن", "حكومته"
    # (the test that rules most words out, made here before the cached call: a call of an
    # lru_cache is a generic call and a look-up in a large table, the test two look-ups)
    endings = _sector_endings()
    k = 0
    while k < len(toks):
        t = toks[k]
        sec = _sector_of_norm(t.norm) if t.kind == "word" and k not in taken and endings.may_end(t.norm) else None
        if sec is None:
            k += 1
            continue
        sector, poss = sec
        j = k + 1
        second = _sector_of(toks[k + 1]) if k + 1 < len(toks) and toks[k + 1].kind == "word" else None
        country = None
        # a nisba within three words closes the phrase; a second sector word extends it ("قوات الأمن")
        for look in range(k + 1, min(k + 4, len(toks))):
            w = toks[look]
            if w.kind != "word" or look in taken or w.norm in TARGET_PREPS or w.norm in OTHER_PREPS:
                break
            c = _nisba(w.text)
            if c:
                country, j = c, look + 1
                break
            if look == k + 1 and (_sector_of(w) or w.norm.startswith("ال")):
                j = look + 1
                continue
            if not w.norm.startswith("ال") and (_definite(t.norm) or look > k + 1):
                break  # an adjective agrees with its noun: "ضربة جوية أميركية" goes on, "القوات جوا" stops
        if country is None and j == k + 1 and k + 1 < len(toks) and toks[k + 1].norm.startswith("ال") \
                and (k + 1) not in taken and _sector_of(toks[k + 1]):
            j = k + 2
        fixed = lexicon().sector_countries.get(t.norm.lstrip("و"))
        if fixed is not None and (country is None or j > k + 2):
            country, j = fixed, k + 1  # "مستوطنون": ISR, unless a nisba is their adjective ("مستوطنون يهود")
        if j > k + 1 and second is not None:
            poss = poss or second[1]
        taken.update(range(k, j))
        out.append(ActorMention(k, j, t.start, toks[j - 1].end, _text(article, t.start, toks[j - 1].end), country,
                                None, None, sector, possessive=poss and country is None))
        k = j
    # 4. nationality nouns standing alone ("الإسرائيليون", "الأفغان"): a people, of its country
    for k, t in enumerate(toks):
        if k in taken or t.kind != "word" or not _may_have_article(t.norm) or not _definite_forms(t.norm):
            # (what _nationality asks first; _may_have_article, what _definite_forms does, rules
            # out most words without the cached call)
            continue
        country = _nationality(t, toks[k - 1] if k else None)
        if country:
            taken.add(k)
            out.append(ActorMention(k, k + 1, t.start, t.end, t.text, country, None, None, "civilian"))
    out.sort(key=lambda m: m.i)
    return _merge(out, toks, article.text)


def _nationality(tok: Tok, before: Tok | None) -> str | None:
    """The country of a plural nationality noun with the article, used as a noun: after
    another definite word it is an adjective ("المدنيين العراقيين"), whose noun is the actor."""
    if not _definite_forms(tok.norm):
        return None
    if before is not None and before.kind == "word" and _definite_noun(before.norm):
        return None  # "آلاف الإسرائيليين" counts a people; "المدنيين العراقيين" is noun and adjective
    return _people_country(tok.text)


@lru_cache(maxsize=2048)
def _definite_noun(norm: str) -> bool:
    """A word with the article that is not a count (cached, a pure question about one word;
    2048 words, about 0.4 MB)."""
    return norm not in COUNT_WORDS and norm not in ("الاف", "الوف") and _may_have_article(norm) and any(
        f.startswith("ال") for f in word_forms(norm))


def _may_have_article(norm: str) -> bool:
    """False for a word none of whose lookup forms can start with ال: they drop at most a
    proclitic (two letters), then ال/لل or the future سـ, so the article of one stands in
    the word's first six letters.  (A quick test before making the forms.)"""
    return "ال" in norm[:6]


@lru_cache(maxsize=2048)
def _people_country(text: str) -> str | None:
    """The country of a word with the article read as a people: a listed broken plural
    ("الأفغان"), else a sound plural nisba ("الإسرائيليون"); cached, as :func:`_nisba` is
    a pure question about one word (2048 words, about 0.4 MB)."""
    forms = _definite_forms(normalize_text(text))
    plurals = lexicon().nationality_plurals
    for f in forms:
        if f[2:] in plurals:
            return plurals[f[2:]]
    if not forms or not forms[0].endswith(("ون", "ين")):
        return None
    return _nisba(text)


@lru_cache(maxsize=4096)
def _definite_forms(norm: str) -> tuple[str, ...]:
    """The lookup forms of a word that carry the article (cached: asked of every word of
    every sentence with a trigger, and most words have none; 4096 words, under 1 MB)."""
    if not _may_have_article(norm):
        return ()
    return tuple(f for f in word_forms(norm) if f.startswith("ال") and len(f) > 4)


def _text(article: Article, start: int, end: int) -> str:
    return article.text[start:end]


def _label_sector(label: str | None, kind: str | None) -> str | None:
    if kind == "armed_group":
        return "rebel"
    if label == "GPE" and kind in (None, "country", "capital"):
        return "government"
    return None


def _merge(ms: list[ActorMention], toks: Sequence[Tok], text: str) -> list[ActorMention]:
    """Join a generic or role mention with the name or group that completes it.

    "وزير الخارجية الأميركي" + "مايك بومبيو"; "مسلحي" + "تنظيم داعش";
    "مسلحون مرتبطون" + "بإيران"; "مسلحين يشتبه بأنهم من" + "تنظيم داعش".
    """
    out: list[ActorMention] = []
    for m in ms:
        out.append(m)
        # a join may make the joined mention joinable to the one before it ("مسلحين … من" + "تنظيم" + "داعش")
        while len(out) >= 2:
            joined = _join(out[-2], out[-1], toks, text)
            if joined is None:
                break
            out[-2:] = [joined]
    return out


def _join(prev: ActorMention, m: ActorMention, toks: Sequence[Tok], text: str) -> ActorMention | None:
    aff = lexicon().affiliation
    gap = [toks[k] for k in range(prev.j, m.i)]
    glue = all(t.kind == "word" and (t.norm in aff or any(f in aff for f in t.forms())) for t in gap)
    adjacent = not gap
    if (adjacent or (glue and len(gap) <= 4 and prev.country is None and prev.sector in ("rebel", None))) \
            and not prev.possessive and (m.country or m.entity) and _can_join(prev, m):
        return ActorMention(prev.i, m.j, prev.start, m.end, text[prev.start : m.end],
                            prev.country or m.country if adjacent else m.country or prev.country,
                            m.entity or prev.entity, m.label or prev.label, prev.sector or m.sector,
                            kind=m.kind or prev.kind)
    return None


def _can_join(a: ActorMention, b: ActorMention) -> bool:
    """Two mentions of places never join; a group or person completes a sector or role."""
    if a.label in ("GPE", "LOC") or (b.label in ("GPE", "LOC") and a.sector not in ("rebel", None)):
        return False
    return not (a.country and b.country and a.country != b.country)


# ----------------------------------------------------------------------------- matching triggers


@dataclass(frozen=True, slots=True)
class TriggerHit:
    """A trigger found in a sentence: token range, lexicon entry, verb or noun, future prefix."""

    i: int
    j: int
    trigger: Trigger
    verb: bool
    future_prefix: bool
    #: a verb in the imperfect ("يقتلون"): what is going on or usually happens
    present: bool = False
    #: a noun with a possessive pronoun ("خطفه"): definite, as one with ال
    possessed: bool = False


def _most_specific(hits: list[TriggerHit]) -> list[TriggerHit]:
    """Where a word is a trigger of two entries, one only with its object ("احتجز رهائن":
    ASSAULT) and one without (احتجز: COERCE), the one whose object is there wins."""
    specific = {(h.i, h.j) for h in hits if h.trigger.requires}
    hits = [h for h in hits if h.trigger.requires or (h.i, h.j) not in specific]
    return [h for h in hits if not h.trigger.instrument or not _means_of(h, hits)]


def _means_of(device: TriggerHit, hits: Sequence[TriggerHit]) -> bool:
    """A device named right after another trigger of its type ("تفجير سيارة مفخخة", "هجوم
    انتحاري بسيارة مفخخة", up to three words on) is the means of that event, which carries
    its factuality; alone ("انفجرت سيارة مفخخة" has no noun trigger before it) it is one."""
    return any(h.trigger.type == device.trigger.type and not h.trigger.instrument and h.j <= device.i <= h.j + 2
               for h in hits)


def find_triggers(toks: Sequence[Tok], starts: Sequence[int] | None = None) -> list[TriggerHit]:
    """Trigger words and phrases in a sentence, longest match first, checked against ``requires``.

    ``starts``: the only tokens that may start one, in order (:func:`_trigger_starts`),
    else every token is tried."""
    lex = lexicon()
    hits: list[TriggerHit] = []
    skip_to = 0
    for k in (range(len(toks)) if starts is None else starts):
        if k < skip_to:
            continue  # inside the last hit
        t = toks[k]
        if t.kind != "word":
            continue
        best: list[TriggerHit] = []
        best_len = 0
        for fut, f in _trigger_forms(t.norm):
            size = 1 + len(f.rest)
            if k + size > len(toks) or any(core(toks[k + 1 + r].norm) != f.rest[r] for r in range(len(f.rest))):
                continue
            trig = lex.triggers[f.trigger]
            if trig.not_followed_by and k + size < len(toks) and _blocked(toks[k + size], trig):
                continue
            if trig.not_preceded_by and k > 0 and (toks[k - 1].norm in trig.not_preceded_by or (
                    toks[k - 1].norm[:1] == "و" and toks[k - 1].norm[1:] in trig.not_preceded_by)):
                continue  # "الثالثة والخامسة فجرا": a time
            if trig.requires and (f.verb or not trig.requires_verbs_only) and not _required(toks, k + size, trig):
                continue
            if trig.abstract_objects and f.verb and _abstract_object(toks, k + size, trig):
                continue
            hit = TriggerHit(k, k + size, trig, f.verb, fut, f.present, f.possessed)
            if size > best_len:
                best, best_len = [hit], size
            elif size == best_len and all(h.trigger != trig for h in best):
                best.append(hit)
        if best:
            hits.extend(best)
            skip_to = k + best_len
    return hits


@lru_cache(maxsize=8192)
def _trigger_forms(norm: str) -> tuple[tuple[bool, _Form], ...]:
    """The lexicon entries a word can start, as ``(future prefix, entry)`` in lookup order,
    with those its form rules out (a verb reached by dropping ال, a noun with سـ) already
    dropped.  Cached: most words start none and then cost one lookup."""
    index = lexicon().index
    found = [(form, fut, f) for form, fut in _lookup_forms(norm) for f in index.get(form, ())
             if not (fut and not f.verb)]
    if not found:  # most words: no entry at all, and no need for the forms below
        return ()
    nouns_only = article_only_forms(norm) if any(f.verb for _form, _fut, f in found) else set()
    return tuple((fut, f) for form, fut, f in found if not (f.verb and form in nouns_only))


def _blocked(nxt: Tok, trig: Trigger) -> bool:
    """The next word turns the trigger into another sense ("تظاهر بأنه": pretended)."""
    if nxt.kind != "word":
        return nxt.text in trig.not_followed_by  # "فجر-5": a name joined by a hyphen
    if nxt.norm in trig.not_followed_by or core(nxt.norm) in trig.not_followed_by:
        return True
    return any(len(w) == 1 and nxt.norm.startswith(w) for w in trig.not_followed_by)


def _abstract_object(toks: Sequence[Tok], start: int, trig: Trigger) -> bool:
    """One of the trigger's abstract objects within four words after the verb, in its clause
    ("فجر الكاتب مفاجأة": sprang a surprise)."""
    for t in toks[start:start + 4]:
        if t.text in STOP_PUNCT:
            return False
        if t.kind == "word" and (t.norm in trig.abstract_objects or t.norm.lstrip("و") in trig.abstract_objects):
            return True
    return False


def _required(toks: Sequence[Tok], start: int, trig: Trigger) -> bool:
    seen = 0
    k = start
    while k < len(toks) and seen < trig.window:
        t = toks[k]
        k += 1
        if t.kind == "number" or t.norm in ("من", "العديد", "عدد", "نحو", "حوالي", "الاف", "مئات", "عشرات"):
            continue
        if t.kind != "word":
            if t.text in STOP_PUNCT:
                return False
            continue
        seen += 1
        forms = {_variants(f) for f in t.forms()}
        if forms & trig.requires:
            return True
        if any(len(r) == 1 and t.norm.startswith(r) for r in trig.requires):
            return True
    return False


# ----------------------------------------------------------------------------- participants


def _mention_at(ms: Sequence[ActorMention], k: int) -> ActorMention | None:
    for m in ms:
        if m.i <= k < m.j:
            return m
    return None


def _prep_before(toks: Sequence[Tok], m: ActorMention, ms: Sequence[ActorMention] = (),
                 reach: int = 1) -> str | None:
    """The preposition that governs mention ``m``: a word before it or a proclitic ب/ل on it.

    A conjunct ("بين بغداد وواشنطن") shares the preposition of the mention it follows;
    with ``reach`` > 1 the preposition may govern a head noun before the mention
    ("على ثلث مساحة العراق").
    """
    for back in range(1, reach + 1):
        k = m.i - back
        if k < 0 or toks[k].kind != "word":
            break
        w = toks[k].norm
        if w in TARGET_PREPS or w in OTHER_PREPS:
            return w
        if _mention_at(ms, k) is not None:
            prev = _mention_at(ms, k)
            if back == 1 and prev is not None and toks[m.i].norm.startswith("و"):
                return _prep_before(toks, prev, ms)
            break
    first = toks[m.i].norm
    if (first[:1] in ("ب", "ل") and first[1:3] == "ال") or first.startswith(("وب", "ول")):
        return first[0] if first[0] != "و" else first[1]
    if m.label in ("GPE", "LOC"):
        procl = segment(toks[m.i].text).proclitics
        for p in ("ب", "ل"):
            if p in procl:
                return p  # "بمحافظة لحج", "بجدة": a place, not a participant
    return None


def _actor_after(toks: Sequence[Tok], ms: Sequence[ActorMention], hit: TriggerHit, max_words: int = 4
                 ) -> tuple[ActorMention | None, str | None]:
    """The genitive or من-phrase actor after a noun trigger, or a nisba adjective's country."""
    lex = lexicon()
    k = hit.j
    words = 0
    adjective_country = None
    mode_words = {w for w, _ in hit.trigger.modes_after}
    while k < len(toks) and words < max_words:
        t = toks[k]
        if t.text in STOP_PUNCT:
            break
        m = _mention_at(ms, k)
        if m is not None and m.i == k:
            prep = _prep_before(toks, m, ms)
            if prep in TARGET_PREPS or (prep in OTHER_PREPS and (prep != "من" or hit.verb)) or prep in ("ب", "ل"):
                break
            return m, None
        if hit.verb and t.norm == "من":
            break  # a noun's actor may stand in a من-phrase ("ضغوط من طهران"); a verb's subject never does
        if t.kind == "number" or t.norm in SKIP_AFTER or t.norm in lex.launch or core(t.norm) in mode_words:
            k += 1
            continue
        c = _nisba(t.text) if t.kind == "word" else None
        if c and words < 2:
            adjective_country = adjective_country or c
            k += 1
            words += 1
            continue
        if t.norm in TARGET_PREPS or t.norm in OTHER_PREPS:
            break
        words += 1
        k += 1
    return None, adjective_country


def _actor_before(toks: Sequence[Tok], ms: Sequence[ActorMention], k: int, reach: int) -> ActorMention | None:
    """The nearest subject-like mention ending before token ``k`` (no preposition before it)."""
    steps = 0
    j = k - 1
    while j >= 0 and steps < reach:
        t = toks[j]
        if t.text in STOP_PUNCT and t.text not in "\"«»“”":
            break
        m = _mention_at(ms, j)
        if m is not None:
            prep = _prep_before(toks, m, ms)
            if prep is None or (prep == "من" and _partitive(toks, m)):
                return m
            j = m.i - 1
            steps += 1
            continue
        steps += 1
        j -= 1
    return None


#: Words that count what a partitive من names ("العشرات من المستوطنين"): the subject is
#: the people counted, named after من.
PARTITIVE_COUNTS = frozenset(normalize_text(w) for w in (
    "العشرات", "المئات", "الآلاف", "الالاف", "عشرات", "مئات", "آلاف", "الاف", "عدد", "العديد", "مجموعة", "بعض",
    "أحد", "احد", "إحدى", "احدى"))


def _partitive(toks: Sequence[Tok], m: ActorMention) -> bool:
    """من after a count ("العشرات من مستوطني براخة هاجموا", "عدد من المسلحين"): the من
    is partitive, and the mention after it is the subject, not a source or an origin."""
    k = m.i - 2
    return k >= 0 and toks[m.i - 1].norm == "من" and (toks[k].kind == "number" or toks[k].norm in PARTITIVE_COUNTS)


def _target_after(toks: Sequence[Tok], ms: Sequence[ActorMention], start: int, actor: ActorMention | None,
                  reach: int = 8) -> ActorMention | None:
    for m in ms:
        if m.i < start or m.i > start + reach or m is actor:
            continue
        if any(toks[k].text in STOP_PUNCT and toks[k].text not in "\"«»“”" for k in range(start, m.i)):
            break
        if _prep_before(toks, m, ms, reach=3) in TARGET_PREPS:
            return m
    return None


def _direct_object(toks: Sequence[Tok], ms: Sequence[ActorMention], start: int,
                   actor: ActorMention | None) -> ActorMention | None:
    """A mention right after the verb (or its subject) with no preposition: "استقبل X Y"."""
    for m in ms:
        if m.i < start or m is actor:
            continue
        if m.i - start <= 1 and _prep_before(toks, m, ms) is None and not any(
                toks[k].text in STOP_PUNCT for k in range(start, m.i)):
            return m
        break
    return None


def _resolve_country(m: ActorMention | None, ms: Sequence[ActorMention], fallback: str | None,
                     previous: Previous = None) -> str | None:
    """Country of a mention; possessives look back, state institutions fall back to place/dateline."""
    if m is None:
        return None
    if m.country:
        return m.country
    if m.possessive:
        for other in reversed(ms):
            if other.j <= m.i and other.country and _speaks_for_state(other):
                return other.country
        for other in reversed(ms):
            if other.j <= m.i and other.country and other.label not in ("GPE", "LOC"):
                return other.country
        return (previous() if callable(previous) else previous) or fallback
    if m.sector in STATE_SECTORS or m.sector == "protesters":
        return fallback  # a crowd with no nationality said is of the country it marches in
    return None


def _instrument_country(toks: Sequence[Tok], ms: Sequence[ActorMention], target: ActorMention | None) -> str | None:
    """The nationality said of a weapon or strike in the sentence ("في ضربة جوية أميركية",
    "طائرة إسرائيلية"): who attacks with it, when the sentence names no attacker."""
    instruments = lexicon().instruments
    for m in ms:
        if m is target or not m.country or m.sector != "military":
            continue
        if any(f in instruments for f in toks[m.i].forms()):
            return m.country
    return None


def _trigger_gap(ev: Event) -> int:
    """Characters between an event's trigger and its actor (the nearer trigger is the better one)."""
    if ev.trigger is None or ev.actor is None or ev.actor.start is None or ev.actor.end is None:
        return 1 << 30
    return max(ev.actor.start - ev.trigger.end, ev.trigger.start - ev.actor.end, 0)


def _speaks_for_state(m: ActorMention) -> bool:
    """A person or a government body: what "his government" or "his country's troops" refers to."""
    return m.label == "PER" or (m.sector == "government" and m.label not in ("GPE", "LOC"))


# ----------------------------------------------------------------------------- the stage


@dataclass(frozen=True, slots=True)
class _Context:
    """Article-level facts every sentence needs."""

    dateline_country: str | None
    pub_date: str | None
    dates: tuple[tuple[int, int, str], ...]
    quotes: tuple[tuple[int, int], ...]
    quantities: tuple[tuple[int, int, float], ...]
    names: tuple[tuple[int, int], ...]
    mentions: MentionIndex = ()
    #: indices of the quotes a verb of opinion, accusation or demand introduces
    opinions: frozenset[int] = frozenset()


def _dateline_country(article: Article) -> str | None:
    if article.dateline is None:
        return None
    try:
        from rasd.resources.gazetteers import lookup
    except ImportError:  # pragma: no cover
        return None
    entry = lookup(article.dateline.text.strip(" -–:"))
    return entry.country if entry is not None else None


def _blocks(article: Article) -> list[Span]:
    blocks = [b for b in (article.title, article.subtitle) if b is not None]
    blocks += list(article.highlights) + list(article.paragraphs)
    if not blocks and article.text.strip():
        blocks = [article.span(0, len(article.text))]
    return sorted(blocks, key=lambda b: b.start)


def _context(article: Article) -> _Context:
    from rasd.stages.dates import publication_date

    pub = publication_date(article)
    return _Context(
        _dateline_country(article),
        pub.isoformat() if pub else None,
        tuple((d.start, d.end, d.value) for d in article.dates if d.role != "published"),
        tuple((q.content.start, q.content.end) for q in article.quotes),
        tuple((q.start, q.end, q.value) for q in article.quantities),
        tuple((m.start, m.end) for e in article.entities if e.label in ("ORG", "MISC")
              for m in e.mentions if m.kind == "name"),
        mention_index(article),
        frozenset(k for k, q in enumerate(article.quotes)
                  if q.cue is not None and normalize_text(q.cue.lemma or "") in lexicon().opinion_cues),
    )


def sentence_events(article: Article, start: int, end: int, ctx: _Context,
                    previous: str | None = None) -> tuple[list[Event], str | None]:
    """The events of one sentence ``article.text[start:end]``.

    ``previous`` is the country of the last person or institution of earlier sentences,
    which a possessive with no antecedent in its own sentence ("حكومته") refers to.
    Returns the events and the country to pass on to the next sentence.
    """
    toks = _tokens(article.text, start, end)
    hits = _most_specific(find_triggers(toks))
    ms = find_mentions(article, toks, ctx.mentions) if hits or article.entities else []
    return _events_of(article, toks, hits, ms, ctx, previous), (_people(ms) or previous)


def _people(ms: Sequence[ActorMention]) -> str | None:
    """The country of the last person or institution of a sentence (what "حكومته" in a
    later sentence refers to), if any."""
    people = [m.country for m in ms if m.country and _speaks_for_state(m)]
    return people[-1] if people else None


def _events_of(article: Article, toks: Sequence[Tok], hits: Sequence[TriggerHit], ms: Sequence[ActorMention],
               ctx: _Context, previous: Previous) -> list[Event]:
    """The events of a sentence's trigger hits, one per type and actor."""
    events: list[Event] = []
    for hit in hits:
        ev = _event(article, toks, ms, hit, ctx, previous)
        if ev is None:
            continue
        # one event per type and actor in a sentence ("إعادة جدولة انسحاب القوات": one RETREAT)
        same = next((k for k, o in enumerate(events) if o.type == ev.type and o.factuality == ev.factuality
                     and o.actor is not None
                     and ev.actor is not None and o.actor.start is not None and o.actor.start == ev.actor.start), None)
        if same is None:
            events.append(ev)
        elif _trigger_gap(ev) < _trigger_gap(events[same]):
            events[same] = ev
    return events


def _event(article: Article, toks: Sequence[Tok], ms: Sequence[ActorMention], hit: TriggerHit,
           ctx: _Context, previous: Previous = None) -> Event | None:
    t0, t1 = toks[hit.i], toks[hit.j - 1]
    if any(s <= t0.start and t1.end <= e for s, e in ctx.names):
        return None  # inside an organisation's name ("لجنة الحوار")
    inside = _mention_at(ms, hit.i)
    if inside is not None and inside.label in ("ORG", "MISC") and inside.i < hit.i:
        return None
    actor: ActorMention | None = None
    target: ActorMention | None = None
    adjective_country: str | None = None
    if hit.verb:
        actor = _actor_before(toks, ms, hit.i, reach=3)
        if actor is None:
            actor, _ = _actor_after(toks, ms, hit, max_words=2)
            after_actor = actor.j if actor is not None else hit.j
        else:
            after_actor = hit.j
        target = _target_after(toks, ms, after_actor, actor) or _direct_object(toks, ms, after_actor, actor)
        if actor is not None and actor.i >= hit.j and _passive(toks, hit):
            # "قتل ثلاثة جنود أميركيين": the soldiers were killed (two statements, not a
            # tuple swap: compiled, the swap read ``actor`` after it was set to None)
            target = actor
            actor = None
    else:
        actor, adjective_country = _actor_after(toks, ms, hit)
        received = any(_receive_word(toks[k].norm) for k in range(max(0, hit.i - 5), hit.i))
        if actor is not None or adjective_country is not None:
            target = _actor_before(toks, ms, hit.i, reach=6) if received else None
            if target is None:
                target = _target_after(toks, ms, actor.j if actor is not None else hit.j, actor)
        else:
            if received:
                target = _actor_before(toks, ms, hit.i, reach=6)
            else:
                actor = _actor_before(toks, ms, hit.i, reach=8)
                target = _target_after(toks, ms, hit.j, actor)
    if target is not None and actor is not None and target.start == actor.start:
        target = None
    location, location_source = _location(toks, ms, hit, actor, target)
    fallback = location.country if location is not None and location.country else ctx.dateline_country
    actor_country = _resolve_country(actor, ms, fallback, previous)
    if actor is None and adjective_country:
        actor_country = adjective_country
    if hit.trigger.type == "PROTEST" and actor_country is None and (actor is None or actor.label not in ("PER", "GPE")):
        actor_country = fallback  # a crowd, a party or a union protesting is of the country it protests in
    if hit.trigger.type == "ASSAULT" and actor_country is None:
        actor_country = _instrument_country(toks, ms, target)
    target_country = _resolve_country(target, ms, fallback, previous)
    etype = hit.trigger.type
    if hit.trigger.armed_type and actor is not None and (actor.sector in ("rebel", "military")
                                                         or actor.kind == "armed_group"):
        etype = hit.trigger.armed_type
    mode = _mode(toks, hit)
    if etype == "ASSAULT" and _verbal_attack(toks, hit, actor):
        etype, mode = "ACCUSE", "criticize"
    neg, fut, hypo = _aux(toks, hit)
    spans = [(t0.start, t1.end)] + [(m.start, m.end) for m in (actor, target) if m is not None]
    ev_start, ev_end = min(s for s, _ in spans), max(e for _, e in spans)
    date, date_source = _date(ctx, t0.start, toks)
    quote = next((qi for qi, (s, e) in enumerate(ctx.quotes) if s <= t0.start < e), None)
    quantity = next((v for s, _, v in ctx.quantities
                     if t1.end <= s <= t1.end + 20 and toks[0].start <= s < toks[-1].end), None)
    if actor is None and actor_country:
        actor_arg: EventArg | None = EventArg(None, None, actor_country)
    else:
        actor_arg = actor.arg(actor_country) if actor is not None else None
    return Event(
        etype, article.span(ev_start, ev_end), mode,
        actor_arg,
        target.arg(target_country) if target is not None else None,
        location.arg() if location is not None else (EventArg(None, None, ctx.dateline_country)
                                                      if ctx.dateline_country else None),
        date, neg, fut or hit.future_prefix, hypo, quote, quantity,
        article.span(t0.start, t1.end), date_source,
        location_source if location is not None else ("dateline" if ctx.dateline_country else None),
        _quoted(etype, quote, ctx) or _reported_or_why(toks, hit, neg, ms, actor, etype),
    )


def _quoted(etype: str, quote: int | None, ctx: _Context) -> str | None:
    """A protest told inside someone's words is their account, and so is any event told in
    words a verb of opinion, accusation or demand introduces: 'quoted' (see the data's notes)."""
    if quote is None:
        return None
    return "quoted" if etype in lexicon().quoted_types or quote in ctx.opinions else None


def _reported_or_why(toks: Sequence[Tok], hit: TriggerHit, negated: bool, ms: Sequence[ActorMention],
                     actor: ActorMention | None, etype: str) -> str:
    """The event's factuality: a detail of a known protest, a cue (:func:`_factuality`), or,
    for a report, one that says nothing of when, where, whom or who (:func:`_unspecified`)."""
    why = _detail_of_known_protest(toks, hit, actor, etype) or _factuality(toks, hit, negated, ms)
    if why != "reported":
        return why
    return _unspecified(toks, hit, ms, actor, etype) or why


def _unspecified(toks: Sequence[Tok], hit: TriggerHit, ms: Sequence[ActorMention], actor: ActorMention | None,
                 etype: str) -> str | None:
    """News reports an attack by saying when, where, whom it hurt or who did it ("قتل ثلاثة
    أمس في هجوم بالموصل"); a sentence with none of these only names the happening
    ("وتلك هي نتيجة الهجمات"): 'unspecified'."""
    lex = lexicon()
    if etype not in lex.anchored_types:
        return None
    if actor is not None and (actor.sector in STATE_SECTORS or actor.sector == "rebel" or actor.kind == "armed_group"):
        return None
    if any(m.label in ("GPE", "LOC") and _prep_before(toks, m, ms) in PLACE_PREPS for m in ms):
        return None  # "في الموصل", "قرب كابل": where it happened (a country after على is a target)
    for t in toks:
        if t.kind == "number" or (t.kind == "word" and (t.norm in lex.anchors or any(f in lex.anchors
                                                                                     for f in t.forms()))):
            return None
    return "unspecified"

def _detail_of_known_protest(toks: Sequence[Tok], hit: TriggerHit, actor: ActorMention | None,
                             etype: str) -> str | None:
    """"ورفع المتظاهرون لافتات", "وهتف المحتجون": protesters named with the article are those
    of a protest the text already reported; what they do there (a ``detail`` trigger:
    chanting, slogans) is a detail of it, 'mentioned'.  "هتف مئات المتظاهرين" is a new crowd."""
    if etype != "PROTEST" or not hit.trigger.detail or actor is None or actor.sector != "protesters":
        return None
    if actor.i > 0 and (toks[actor.i - 1].kind == "number" or toks[actor.i - 1].norm in COUNT_WORDS
                        or toks[actor.i - 1].norm in COUNT_NOUNS):
        return None
    return "mentioned" if _definite(toks[actor.i].norm) else None


#: Nouns that count people in construct ("مئات المتظاهرين", "آلاف"), normalised.
COUNT_NOUNS = frozenset(normalize_text(w) for w in ("مئات", "آلاف", "عشرات", "ألوف", "ملايين"))
#: Words that count people ("مئات المتظاهرين", "نحو 200 متظاهر", "قتل عشرات").
CROWD_COUNTS = COUNT_NOUNS | frozenset(normalize_text(w) for w in ("نحو", "حوالي", "العشرات", "المئات"))


#: Ordinals that count happenings ("رابع هجوم", "ثاني تفجير"): a series, not one.
ORDINALS = frozenset(normalize_text(w) for w in (
    "ثاني", "ثالث", "رابع", "خامس", "سادس", "سابع", "ثامن", "تاسع", "عاشر", "آخر"))


def _counted(toks: Sequence[Tok], hit: TriggerHit) -> bool:
    """A noun trigger counted by a number ("140 هجوما انتحاريا في العام الماضي") or an
    ordinal ("رابع هجوم انتحاري") gives a tally of happenings, not a report of one."""
    if hit.verb or hit.i == 0:
        return False
    prev = toks[hit.i - 1]
    if prev.kind == "number":
        try:
            return float(prev.norm.replace(",", "")) > 2
        except ValueError:
            return False
    return prev.norm in ORDINALS


def _violence_noun(tok: Tok) -> bool:
    """A noun of violence: a listed one ("تعذيب") or an ASSAULT noun trigger ("خطف")."""
    lex = lexicon()
    if tok.kind != "word":
        return False
    for form in tok.forms():
        if form in lex.violence:
            return True
        if any(not f.verb and lex.triggers[f.trigger].type == "ASSAULT" for f in lex.index.get(form, ())):
            return True
    return False


def _listed(toks: Sequence[Tok], hit: TriggerHit) -> bool:
    """A noun trigger in a list of kinds of violence joined by و/أو ("من قتل وذبح وخطف",
    "خطف جندي أو إطلاق صواريخ"): the list names kinds, not one happening.  A verb form that
    is also such a noun ("قتل" killed / killing) is read as the noun in a list."""
    if hit.verb and not _violence_noun(toks[hit.i]):
        return False
    def joined(k: int) -> bool:  # token k is joined to what comes before it by و or أو
        return toks[k].norm.startswith("و") or (k > 0 and toks[k - 1].norm in ("او", "أو"))

    nxt = next((k for k in range(hit.j, min(len(toks), hit.j + 3)) if toks[k].norm not in ("او", "أو")), None)
    if nxt is not None and joined(nxt) and _violence_noun(toks[nxt]) and toks[nxt].norm[1:] not in ("جرح",):
        return True
    if joined(hit.i):
        for k in range(hit.i - 1, max(-1, hit.i - 3), -1):
            if toks[k].text in STOP_PUNCT:
                break
            if _violence_noun(toks[k]):
                return True
    return False


def _purpose_lam(toks: Sequence[Tok], hit: TriggerHit) -> bool:
    """A masdar or an imperfect with the preposition لـ ("لقتل المجاهدين", "ليقصف المدينة")
    says what something is for (لام التعليل), unless a verb of suffering governs it ("تعرض
    لهجوم").  The لـ must be a proclitic: what follows it is a trigger form by itself."""
    norm = toks[hit.i].norm
    if not norm.startswith(("ل", "ول", "فل")) or norm.startswith(("لل", "ولل", "فلل")):
        return False
    if norm[norm.index("ل") + 1:] not in lexicon().index:
        return False
    return not any(_receive_word(toks[k].norm) for k in range(max(0, hit.i - 3), hit.i))


@lru_cache(maxsize=32768)
def _receive_word(norm: str) -> bool:
    """Whether a word (its normalised text) is a verb of receiving (تلقى، تعرض ...), as
    written or in one of its lookup forms (cached: a pure question about one word)."""
    receive = lexicon().receive
    return norm in receive or any(f in receive for f in word_forms(norm))


def _clause_before(toks: Sequence[Tok], i: int, reach: int) -> range:
    """The token indices before ``i`` back to the clause's start (a comma or stop), at most ``reach``."""
    k = i - 1
    while k >= 0 and i - k <= reach and toks[k].text not in STOP_PUNCT:
        k -= 1
    return range(k + 1, i)


def _verbal_attack(toks: Sequence[Tok], hit: TriggerHit, actor: ActorMention | None) -> bool:
    """هجوم/هاجم in its other sense, a verbal attack ("شن رئيس الحزب هجوما عنيفا على الحكومة"):
    the actor is someone who speaks (a person, a party, a government, not armed or police
    forces) and no word of harm (casualties, weapons, forces, places) is in the sentence; or,
    whatever the sentence holds, the noun is graded as words are ("هجوما حادا", "شديدا")."""
    lex = lexicon()
    if not any(f in lex.verbal_attack for f in toks[hit.i].forms()):
        return False
    if actor is not None and (actor.sector in ("military", "police", "rebel") or actor.kind == "armed_group"):
        return False
    if not hit.verb and _graded_as_words(toks, hit):
        return True  # "هجوما حادا على الحكومة": graded as words are
    speaker = actor is not None and (actor.label in ("PER", "ORG") or actor.sector in ("government", "legislature",
                                                                                      "opposition"))
    launched = not hit.verb and any(toks[k].kind == "word" and (toks[k].norm.lstrip("وف") in lex.launch or any(
        f in lex.launch for f in toks[k].forms())) for k in _clause_before(toks, hit.i, 12))
    # a verb needs a speaking subject; a noun needs to be launched ("شن هجوما"), by a speaker
    # or by someone the sentence does not resolve ("شنت اللجنة ... هجوما شديدا")
    if not ((hit.verb and speaker) or (launched and (speaker or actor is None))):
        return False
    return not any(t.kind == "word" and any(f in lex.harm for f in t.forms()) for t in toks)


#: Words that date a happening a year or more back, as a year number does: "العام الماضي",
#: "السنة الماضية", a decade ("في الثمانينات"), a century.  "الأسبوع الماضي" and "الشهر الماضي"
#: date the news of the day and are not listed.
PAST_YEAR_WORDS = frozenset(normalize_text(w) for w in (
    "الخمسينات", "الستينات", "السبعينات", "الثمانينات", "التسعينات", "الخمسينيات", "الستينيات",
    "السبعينيات", "الثمانينيات", "التسعينيات", "القرن"))
YEAR_NOUNS = frozenset(normalize_text(w) for w in ("العام", "عام", "السنة", "سنة", "الأعوام", "السنوات"))
PAST_ADJECTIVES = frozenset(normalize_text(w) for w in ("الماضي", "الماضية", "المنصرم", "المنصرمة", "الفائت",
                                                        "الفائتة", "السابق", "السابقة"))


def _graded_as_words(toks: Sequence[Tok], hit: TriggerHit) -> bool:
    """The noun graded as words are: "هجوما حادا/لاذعا", or "هجوما شديدا/قويا/كاسحا على"
    a person or body rather than a place, a position or a word of harm (see the data)."""
    lex = lexicon()
    for k in range(hit.j, min(len(toks), hit.j + 2)):
        norm = toks[k].norm
        if norm in lex.verbal_adjectives:
            return True
        if norm in lex.strong_adjectives:
            if k + 2 >= len(toks) or toks[k + 1].norm != "علي":
                return False
            obj = toks[k + 2]
            return obj.kind == "word" and not any(f in lex.harm or f in lex.bodily_objects
                                                  for f in (obj.norm, *obj.forms()))
    return False


def _dated_long_ago(toks: Sequence[Tok], hit: TriggerHit) -> bool:
    """A year written by the trigger, within four words in its clause ("تفجير السفارتين عام
    1998", "في ديسمبر 2001، عندما هاجم"), or named as past ("العام الماضي", "في الستينات"):
    news dates what happens now by the day; a year dates the past.  Further away the year may
    date another word of the sentence."""
    def is_year(k: int) -> bool:
        t = toks[k]
        if t.kind == "number":
            return len(t.norm) == 4 and t.norm[:2] in ("19", "20")
        word = t.norm[1:] if t.norm.startswith(("و", "ف", "ب")) and t.norm[1:].startswith("ال") else t.norm
        return word in PAST_YEAR_WORDS or (word in PAST_ADJECTIVES and k > 0 and toks[k - 1].norm in YEAR_NOUNS)

    words = 0
    for k in range(hit.j, len(toks)):
        if toks[k].text in "،,.؛;:!?؟" or words == 4:
            break
        if is_year(k):
            return True
        words += toks[k].kind in ("word", "number")
    words = 0
    for k in range(hit.i - 1, -1, -1):
        if toks[k].text in ".؛;:!?؟" or words == 4:
            break
        if is_year(k):
            return True
        words += toks[k].kind in ("word", "number")
    return False


#: Forms of كان that, with قد after them, make the past perfect ("وكان مسلحون قد خطفوا").
KANA = frozenset(p + w for p in ("", "و", "ف") for w in ("كان", "كانت", "كانوا", "كانا", "كانتا"))


def _qad(toks: Sequence[Tok], hit: TriggerHit) -> str | None:
    """The particle قد before the trigger, in its clause: with an imperfect it says "may"
    ("قد يشنون هجمات": ``hypothetical``); after a form of كان it makes the past perfect ("وكان
    مسلحون قد خطفوا الصحافي", "كانت قد اختطفت"), which tells what had happened before the
    story's own happening: ``background``.  قد with a perfect alone ("قد قتل") asserts, and
    is left reported."""
    for k in range(hit.i - 1, max(-1, hit.i - 6), -1):
        t = toks[k]
        if t.text in STOP_PUNCT and t.text not in "«»\"“”":
            return None
        if t.norm not in ("قد", "وقد", "فقد"):
            continue
        nxt = toks[k + 1].norm
        if nxt.startswith("ي") or (nxt.startswith("ت") and nxt.endswith(("ون", "ان"))):
            return "hypothetical"
        if any(toks[m].norm in KANA for m in range(max(0, k - 3), k)):
            return "background"
        return None
    return None


#: "whoever" before an imperfect ("لمن يقتل", "ومن يهاجم"): a verb cannot follow من "from".
WHOEVER = frozenset(("من", "لمن", "ومن", "فمن", "بمن"))
#: Particles that open a condition ("ستقتل الرهائن إذا لم ...", "... ما لم تنسحب").
CONDITIONS = frozenset(normalize_text(w) for w in ("إذا", "اذا", "وإذا", "واذا", "لو", "ولو", "حال", "طالما"))


def _conditional(toks: Sequence[Tok], hit: TriggerHit) -> bool:
    """An imperfect after من "whoever" ("جائزة لمن يقتل الرسام") names whoever would do it,
    and a future with a condition after it in its sentence ("ستقتل الرهائن إذا لم يفرج عن
    أعضائها", "ما لم") is a threat: neither reports a happening."""
    if hit.verb and hit.present and hit.i > 0 and toks[hit.i - 1].norm in WHOEVER:
        return True
    if not hit.future_prefix:
        return False
    for k in range(hit.j, min(len(toks), hit.j + 12)):
        t = toks[k]
        if t.text in ".؛;!?؟":
            return False
        if t.norm in CONDITIONS or (t.norm in ("ما", "وما") and k + 1 < len(toks) and toks[k + 1].norm == "لم"):
            return True
    return False


def _passive(toks: Sequence[Tok], hit: TriggerHit) -> bool:
    """A perfect ASSAULT verb read as a passive: vowelled so (قُتل، اُختطف, a damma on its
    first letter), or followed at once by a count ("قتل ثلاثة جنود", "قتل 12 شخصا", "خطف
    عشرات"): news names an attacker before the count ("قتل مسلحون ثلاثة"), so the people
    counted right after the verb are its victims, the passive's subject."""
    if hit.trigger.type != "ASSAULT" or hit.present or hit.j >= len(toks):
        return False
    text = toks[hit.i].text
    if text[1:2] == "\u064f" or (text[:1] in ("و", "ف") and text[2:3] == "\u064f"):
        return True
    nxt = toks[hit.j]
    return nxt.kind == "number" or nxt.norm in CROWD_COUNTS or (
        nxt.kind == "word" and words_to_number(nxt.text) is not None)


def _factuality(toks: Sequence[Tok], hit: TriggerHit, negated: bool,
                ms: Sequence[ActorMention] = ()) -> str:
    """Whether the sentence reports the event or only mentions it.

    The nearest cue before the trigger in its clause decides: the object of a verb of
    condemning ("أدان الهجوم"), of denying or planning, a purpose ("لمواجهة الهجمات"),
    background ("منذ اغتيال"), a court case ("بتهمة قتل"), a title ("فيلم «اغتيال …»"),
    a fear, warning or condition ("حذر من هجوم", "أي هجوم"), an accusation ("وراء التفجير");
    after it, a word of possibility ("هجوم محتمل"); a question mark after it asks.
    A negated trigger ("لم يقتل") is ``denied``; a noun with the article ("الهجوم"), or made
    definite by a person's name after it ("اغتيال الحريري"), refers back to a happening
    already reported, and is ``mentioned`` unless a verb of happening
    stands by it ("وقع الهجوم", "أسفر الانفجار عن").
    """
    cues = lexicon().cues
    for k in range(hit.i - 1, max(-1, hit.i - 7), -1):
        t = toks[k]
        if t.text in STOP_PUNCT and t.text not in "«»\"“”":
            break
        if t.kind != "word":
            continue
        for f in (t.norm, *t.forms()):
            cue = cues.get(f)
            if cue is not None and hit.i - k <= cue[1]:
                return cue[0]
    after = lexicon().after_cues
    for k in range(hit.j, min(len(toks), hit.j + 4)):
        t = toks[k]
        if t.text in STOP_PUNCT:
            break
        cue = after.get(t.norm) if t.kind == "word" else None
        if cue is not None and k - hit.j < cue[1]:
            return cue[0]
    if _dated_long_ago(toks, hit):
        return "historical"
    tense = _qad(toks, hit)
    if tense is not None:
        return tense
    if _conditional(toks, hit):
        return "hypothetical"
    if hit.present and not hit.future_prefix and hit.trigger.type in lexicon().habitual_types and not any(
            f in lexicon().now for t in toks if t.kind == "word" for f in (t.norm, *t.forms())):
        return "habitual"  # "يشن هجمات بين فترات", "تقتل المدنيين": what goes on, no one happening
    if any(t.text == "؟" for t in toks[hit.j:]):
        return "hypothetical"  # a question asks whether it happened
    if negated:
        return "denied"
    if _purpose_lam(toks, hit):
        return "purpose"
    if _listed(toks, hit) or _counted(toks, hit):
        return "generic"
    if hit.verb and not hit.present and hit.i > 0 and toks[hit.i - 1].norm in MASDAR_HEADS:
        hit = replace(hit, verb=False)  # "عملية خطف الجندي": خطف is the verbal noun here
    named = not hit.verb and any(m.i == hit.j and m.label == "PER" for m in ms)
    if hit.verb or not (_definite(toks[hit.i].norm) or named or hit.possessed or _construct_definite(toks, hit)):
        return "reported"
    if _occurred_near(toks, hit):
        return "reported"  # "ووقع الهجوم فجر امس", "انطلقت المظاهرات": the happening itself
    return "mentioned"


#: Nouns a verbal noun follows in construct ("عملية خطف", "محاولة اغتيال"): after them a
#: word that is both a verb and its verbal noun ("خطف" abducted / abduction) is the noun.
MASDAR_HEADS = frozenset(normalize_text(p + w) for p in ("", "و", "ب", "ل", "ف") for w in (
    "عملية", "محاولة", "جريمة", "حادث", "حادثة", "قصة"))


def _occurred_near(toks: Sequence[Tok], hit: TriggerHit) -> bool:
    """A verb of happening by the trigger ("وقع الهجوم", "التفجيرات وقعا في السوق")."""
    occurred = lexicon().occurred
    near = range(max(0, hit.i - 2), min(len(toks), hit.j + 6))
    return any(f in occurred for k in near if toks[k].kind == "word" for f in (toks[k].norm, *toks[k].forms()))


#: Definite words that count rather than name: "مقتل العشرات" is as indefinite as "مقتل 30".
COUNT_WORDS = frozenset(normalize_text(w) for w in (
    "العشرات", "المئات", "الآلاف", "الالاف", "العديد", "الكثير", "الكثيرين", "الملايين", "الجميع",
    # adverbs of time in the accusative, not genitives: "انفجرت عبوة ناسفة اليوم"
    "اليوم", "الليلة", "الأحد", "الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"))


def _construct_definite(toks: Sequence[Tok], hit: TriggerHit) -> bool:
    """An indefinite noun trigger followed by a definite noun is in construct with it
    (إضافة), and so definite: "خطف الجندي", "تفجير السفارة", "اغتيال رئيس الوزراء": like a
    noun with ال, it refers back to a happening the reader knows (see :func:`_factuality`).

    An adjective agrees with its noun in definiteness, so after a noun without ال a word
    with ال is its genitive, not its adjective.  Counting words ("مقتل العشرات") are left out.
    """
    if hit.verb or hit.trigger.requires or hit.j >= len(toks) or _definite(toks[hit.i].norm):
        return False  # a trigger that needs its object ("إطلاق النار") is followed by it, not by a name
    nxt = toks[hit.j]
    return nxt.kind == "word" and nxt.norm.startswith("ال") and len(nxt.norm) > 4 and nxt.norm not in COUNT_WORDS


def _definite(norm: str) -> bool:
    """A noun with the article ("الهجوم", "وبالاغتيال", "للتفجير"): news names an event with
    the article when it was reported before, so the noun refers back to it, not a new one."""
    if norm.startswith(("لل", "ولل", "فلل")):
        return True
    return any(norm.startswith(p + "ال") and len(norm) - len(p) > 4 for p in ("", *PROCLITICS))


def _location(toks: Sequence[Tok], ms: Sequence[ActorMention], hit: TriggerHit, actor: ActorMention | None,
              target: ActorMention | None) -> tuple[ActorMention | None, str | None]:
    """The place of the event: a GPE/LOC of the sentence that is not a participant.

    Places after في/ب/داخل/من are preferred; one after مع/على/إلى is a partner, not a place.
    """
    places = []
    for m in ms:
        if m.label not in ("GPE", "LOC") or m is actor or m is target:
            continue
        prep = _prep_before(toks, m, ms, reach=2)
        if prep in TARGET_PREPS:
            continue
        places.append((0 if prep in ("في", "ب", "داخل", "من") else 1, m))
    after = [pm for pm in places if pm[1].i >= hit.j]
    before = [pm for pm in places if pm[1].j <= hit.i]
    if after:
        return min(after, key=lambda pm: (pm[0], pm[1].i))[1], "sentence"
    if before:
        return min(before, key=lambda pm: (pm[0], -pm[1].i))[1], "sentence"
    return None, None


def _mode(toks: Sequence[Tok], hit: TriggerHit) -> str:
    table = dict(hit.trigger.modes_after)
    for k in range(hit.j, min(hit.j + 2, len(toks))):
        for f in toks[k].forms():
            m = table.get(core(f))
            if m:
                return m
    return hit.trigger.mode


def _aux(toks: Sequence[Tok], hit: TriggerHit) -> tuple[bool, bool, bool]:
    lex = lexicon()
    near = [toks[k] for k in range(max(0, hit.i - 3), hit.i) if toks[k].kind == "word"]
    clause: list[Tok] = []
    for k in range(hit.i - 1, max(-1, hit.i - 10), -1):
        if toks[k].text in STOP_PUNCT:
            break
        clause.append(toks[k])
    clause_forms = [f for t in clause for f in (t.norm, *t.forms())]
    near_forms = [f for t in near for f in (t.norm, *t.forms())]
    negated = any(f in lex.negation for f in near_forms) or any(f in lex.denial for f in clause_forms)
    future = any(f in lex.future for f in clause_forms) or any(t.norm == "لن" for t in near)
    hypo = any(f in lex.hypothetical for f in clause_forms)
    return negated, future, hypo


def _date(ctx: _Context, pos: int, toks: Sequence[Tok]) -> tuple[str | None, str | None]:
    s0, s1 = toks[0].start, toks[-1].end
    inside = [(abs(s - pos), v) for s, e, v in ctx.dates if s0 <= s and e <= s1]
    if inside:
        return min(inside)[1], "sentence"
    if ctx.pub_date:
        return ctx.pub_date, "published"
    return None, None


class _Sentences:
    """The sentences of one article for :func:`find_events`: each one's :class:`Tok` list and
    participants, made on first use and at most once.  (A class, not closures inside
    :func:`find_events`: compiled closures share an environment object that refers to them,
    a reference cycle that kept every article's tokens until the garbage collector ran.)"""

    def __init__(self, article: Article, ctx: _Context, tokens: list[list[Token]]) -> None:
        self.article = article
        self.ctx = ctx
        self.tokens = tokens
        self.joined = [_joined_norm(t) for t in tokens]
        self._toks: dict[int, list[Tok]] = {}
        self._mentions: dict[int, list[ActorMention]] = {}
        self._people: dict[int, str | None] = {}
        # each sentence's triggers, searched only at the tokens that may start one
        starts = [_trigger_starts(j, len(t)) for j, t in zip(self.joined, tokens, strict=True)]
        self.hits = [_most_specific(find_triggers(self.toks(k), starts[k])) if starts[k] else []
                     for k in range(len(tokens))]

    def toks(self, k: int) -> list[Tok]:
        """Sentence ``k``'s tokens as :class:`Tok`."""
        made = self._toks.get(k)
        if made is None:
            made = self._toks[k] = _toks(self.tokens[k], self.joined[k])
        return made

    def mentions(self, k: int) -> list[ActorMention]:
        """Sentence ``k``'s participants (none looked for in a sentence without a trigger,
        unless the article has entities)."""
        found = self._mentions.get(k)
        if found is None:
            article = self.article
            found = find_mentions(article, self.toks(k), self.ctx.mentions) if self.hits[k] or article.entities else []
            self._mentions[k] = found
        return found

    def before(self, k: int) -> str | None:
        """The country passed on into sentence ``k``: the last one said before it."""
        people = self._people
        for j in range(k - 1, -1, -1):
            if j not in people:
                people[j] = _people(self.mentions(j))
            if people[j]:
                return people[j]
        return None


def find_events(article: Article) -> list[Event]:
    """Every event in the article's title, subtitle, highlights and paragraphs.

    Each sentence is tokenised and searched for triggers once, and only at the tokens
    that may start one (:func:`_trigger_starts`: none in about half of the sentences,
    which then never make their :class:`Tok` list); its participants are found only when
    it has a trigger, or when a later sentence's possessive ("حكومته") asks for the last
    person or institution before it (each sentence's Toks and participants are made at
    most once).  The events are those :func:`sentence_events` gives in turn.
    """
    ctx = _context(article)
    out: list[Event] = []
    seen: set[tuple[str, int, str | None]] = set()
    spans = [se for block in _blocks(article)
             for se in split_sentences(article.text[block.start : block.end], block.start)]
    tokens = [tokenize(article.text[s:e], s) for s, e in spans]
    sentences = _Sentences(article, ctx, tokens)
    hits = sentences.hits
    for k, (s, e) in enumerate(spans):
        if not hits[k]:
            continue
        for ev in _events_of(article, sentences.toks(k), hits[k], sentences.mentions(k), ctx,
                             partial(sentences.before, k)):
            key = (ev.type, ev.trigger.start if ev.trigger else ev.evidence.start,
                   ev.actor.country if ev.actor else None)
            if key in seen:
                continue
            seen.add(key)
            out.append(replace(ev, evidences=(EventEvidence(s, e, article.text[s:e], ev.trigger),)))
    return out


def _arg_key(arg: EventArg | None) -> str | None:
    """What identifies a participant across sentences, as PLOVER codes actors: its country
    ("حكومته" and "رئيس الوزراء العراقي" are both IRQ), else its entity, else its words."""
    if arg is None:
        return None
    if arg.country:
        return "c:" + arg.country
    if arg.entity:
        return "e:" + arg.entity
    return "t:" + normalize_text(arg.text) if arg.text else None


def _same_happening(a: Event, b: Event) -> bool:
    """Two reported events are one happening: same type, mode and actor, and targets and
    places that agree where both are known.  Without an actor, all must agree exactly."""
    if a.type != b.type or a.mode != b.mode:
        return False
    actor = _arg_key(a.actor)
    if actor != _arg_key(b.actor):
        return False
    ta, tb = _arg_key(a.target), _arg_key(b.target)
    pa = a.location.country if a.location else None
    pb = b.location.country if b.location else None
    if actor is None:
        return ta == tb and pa == pb
    return (ta is None or tb is None or ta == tb) and (pa is None or pb is None or pa == pb)


def one_per_happening(events: Sequence[Event]) -> tuple[Event, ...]:
    """One record per happening, carrying every sentence that reports it.

    News repeats a happening ("the US withdrawal") in the title, the lead and the body;
    a reader wants it once, with its evidence.  The first report is the record; a target
    it lacks is taken from a later one.
    """
    out: list[Event] = []
    for ev in events:
        k = next((n for n, o in enumerate(out) if _same_happening(o, ev)), None)
        if k is None:
            out.append(ev)
            continue
        first = out[k]
        out[k] = replace(first, evidences=(*first.evidences, *ev.evidences),
                         target=first.target if first.target is not None else ev.target)
    return tuple(out)


def analyze_events(article: Article) -> Article:
    """Add PLOVER events to the article: reported ones in ``events``, one per happening
    (:func:`one_per_happening`), the ones the text only mentions (see :func:`_factuality`)
    in ``event_mentions``."""
    found = find_events(article)
    return replace(article, events=one_per_happening([e for e in found if e.factuality == "reported"]),
                   event_mentions=tuple(e for e in found if e.factuality != "reported"))
