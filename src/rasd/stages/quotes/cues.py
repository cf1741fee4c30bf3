"""Speech cues: every written form of the verbs news uses to report speech, generated from stems.

``speech_cues.tsv`` lists each verb once, as stems (perfect and imperfect third person
masculine singular, active participle, masdar).  This module writes out the forms Arabic
inflects them into, so the lexicon covers the language rather than a sample of it:

* perfect, every person, gender and number: قال قالت قالوا قالا قالتا قلت قلنا قلتم;
  defective roots (نفى نفت نفوا نفيا؛ دعا دعت دعوا) and hollow ones (قال -> قلت) included;
* imperfect: ي/ت/ن/أ prefixes with the plural and dual endings (يقولون تقولان), the future
  سـ (سيؤكد، ستعلن);
* the active participle in the accusative of state news uses after a comma (مؤكدا، مؤكدة،
  مؤكدين، مؤكدتين، مؤكدات; tanwin and other diacritics fall away in normalisation);
* the masdar with a possessive (تأكيده، تأكيدها، دعوته، قولهم), read as the speech of the
  possessor ("وفي تأكيده على …", "بقوله").

Proclitics are not generated: :func:`lookup` strips و/ف, then لـ before an imperfect
(ليؤكد) or بـ/لـ before a masdar (بقوله).  Forms that are another common word are listed
per verb in the ``exclude`` column and never become cues.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import cast

from rasd.arabic.normalize import normalize_text
from rasd.caches import UNSET, facts
from rasd.stages.roles import read_lexicon

PAST_SUFFIXES = ("", "ت", "وا", "ا", "تا", "نا", "تم", "تما", "ن", "تن")
PRESENT_PREFIXES = ("ي", "ت", "ن", "ا")
PRESENT_SUFFIXES = ("", "ون", "ان", "ين", "وا", "ن")
PARTICIPLE_ENDINGS = ("ا", "ه", "ين", "تين", "ات")
POSSESSIVES = ("ه", "ها", "هم", "هما", "هن", "نا", "ي", "ك", "كم")
#: Object pronouns on a verb of telling ("أبلغني", "أخبروهم").
OBJECT_SUFFIXES = ("ني", "نا", "ه", "ها", "هم", "كم")


@dataclass(frozen=True, slots=True)
class CueForm:
    """One written form of a speech verb, with what the verb may take as content."""

    lemma: str
    form: str  # perfect | imperfect | participle | masdar
    frames: frozenset[str]  # "obj" and/or normalised prepositions (الى، علي، ب، عن، من، في، ل)
    cls: str  # say | cont | tell | think | feel | chant
    strict: bool
    person: int = 3  # 1, 2 or 3 (participles and masdars: 3)

    @property
    def preps(self) -> frozenset[str]:
        return self.frames - {"obj"}


def _defective(written: str) -> str:
    """"ى" or "ا" or "و"/"ي" when the verb's last radical is weak, else ""."""
    return written[-1] if written and written[-1] in "ىاوي" else ""


def past_forms(lemma: str) -> dict[str, int]:
    """Normalised perfect forms of ``lemma`` -> grammatical person."""
    p = normalize_text(lemma)
    weak = _defective(lemma)
    out: dict[str, int] = {}

    def add(form: str, person: int) -> None:
        out.setdefault(form, person)

    if weak == "ى":  # نفى: نفت نفوا نفيا نفيت نفينا
        base = p[:-1]
        add(p, 3)
        for suf, person in (("ت", 3), ("وا", 3), ("يا", 3), ("تا", 3), ("يت", 1), ("ينا", 1),
                            ("يتم", 2)):
            add(base + suf, person)
        return out
    if weak == "ا" and len(p) >= 3:  # دعا: دعت دعوا دعوت دعونا
        base = p[:-1]
        for suf, person in (("ا", 3), ("ت", 3), ("وا", 3), ("تا", 3), ("وت", 1), ("ونا", 1), ("وتم", 2)):
            add(base + suf, person)
        return out
    hollow = len(p) >= 3 and p[-2] == "ا" and p[-1] != "ا"
    short = p[:-2] + p[-1] if hollow else p
    for suf in PAST_SUFFIXES:
        person = 1 if suf in ("نا",) else 2 if suf in ("تم", "تما", "تن") else 3
        # a consonant suffix shortens a hollow stem: قال -> قلت، قلنا
        stem = short if hollow and suf[:1] in ("ت", "ن") and suf not in ("ت", "تا") else p
        add(stem + suf, person)
    if hollow:
        add(short + "ت", 1)  # قلت (also 2nd person); قالت stays the 3rd person feminine
    return out


def present_forms(present: str) -> dict[str, int]:
    """Normalised imperfect forms (also with the future سـ) -> grammatical person."""
    s = normalize_text(present)
    body = s[1:] if s[:1] in "يت" else s
    weak = _defective(present)
    out: dict[str, int] = {}
    for pre in PRESENT_PREFIXES:
        person = 3 if pre in "يت" else 1
        forms = []
        if weak in ("ي", "ى"):  # ينفي ينفون ينفيان؛ يرى يرون يريان
            stem = body[:-1]
            dual = body + "ان" if weak == "ي" else stem + "يان"
            forms = [body, stem + "ون", stem + "وا", dual, stem + "ين"]
        elif weak == "و":  # يدعو يدعون يدعوان يدعوا
            stem = body[:-1]
            forms = [body, stem + "ون", stem + "وا", body + "ان", stem + "ين"]
        else:
            forms = [body + suf for suf in PRESENT_SUFFIXES]
        if person == 1:  # أقول، نؤكد: no future, no plural endings (they would make other words)
            out.setdefault(pre + forms[0], person)
            continue
        for f in forms:
            out.setdefault(pre + f, person)
            out.setdefault("س" + pre + f, person)  # the future سـ
    return out


def participle_forms(stem: str) -> set[str]:
    """Accusative participle forms: مؤكدا مؤكدة مؤكدين مؤكدتين مؤكدات (داعيا داعين …)."""
    a = normalize_text(stem)
    out = {a + e for e in PARTICIPLE_ENDINGS}
    if a.endswith("ي"):  # داعي -> داعين, not داعيين
        out.add(a[:-1] + "ين")
        out.discard(a + "ين")
    return out


def masdar_forms(masdar: str) -> set[str]:
    """The masdar with a possessive: تأكيده، دعوتها، قولهم."""
    m = normalize_text(masdar)
    base = m[:-1] + "ت" if m.endswith("ه") else m
    return {base + p for p in POSSESSIVES}


@lru_cache(maxsize=1)
def cue_table() -> dict[str, CueForm]:
    """Every generated form -> its cue, from ``speech_cues.tsv`` (first verb listed wins a clash)."""
    return _tables()[0]


@lru_cache(maxsize=1)
def blocked_words() -> frozenset[str]:
    """Whole words that are never cues, whatever their letters look like (وردت، فردا، نصف)."""
    return _tables()[1]


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, CueForm], frozenset[str]]:
    out: dict[str, CueForm] = {}
    blocked: set[str] = set()
    for row in read_lexicon("speech_cues.tsv"):
        cells = [c.strip() for c in row] + ["-"] * 8
        lemma, present, participle, masdar, frames_s, cls, strict_s, exclude_s = cells[:8]
        frames = frozenset(normalize_text(f) if f != "obj" else f for f in frames_s.split() if f != "-")
        if normalize_text("إلى") in frames:
            frames |= {"ل"}  # "أشار لـ…", "تطرق لعدد من …": لـ stands for إلى
        strict = strict_s == "1"
        cells_x = [x.strip() for x in exclude_s.split(",") if x.strip() and x.strip() != "-"]
        exclude = {normalize_text(x) for x in cells_x if not x.startswith("=")}
        blocked |= exclude | {normalize_text(x[1:]) for x in cells_x if x.startswith("=")}
        lem = "".join(ch for ch in lemma if not "\u064b" <= ch <= "\u0652")

        def add(form: str, kind: str, person: int = 3, exclude: set[str] = exclude, lem: str = lem,
                frames: frozenset[str] = frames, cls: str = cls, strict: bool = strict) -> None:
            if form not in exclude and len(form) >= 2:
                out.setdefault(form, CueForm(lem, kind, frames, cls, strict, person))

        for f, person in past_forms(lemma).items():
            add(f, "perfect", person)
            if cls == "tell" and person == 3:
                for o in OBJECT_SUFFIXES:
                    # "أخبروني": the plural's silent alif drops before an object pronoun
                    add((f[:-1] if f.endswith("وا") else f) + o, "perfect")
        if present != "-":
            for f, person in present_forms(present).items():
                add(f, "imperfect", person)
        if participle != "-":
            for f in participle_forms(participle):
                add(f, "participle")
        if masdar != "-":
            for f in masdar_forms(masdar):
                add(f, "masdar")
    return out, frozenset(blocked)


def lookup(norm: str) -> tuple[CueForm, int] | None:
    """The cue a normalised word is, and how many proclitic letters precede it.

    Tries the word, then without و/ف, then without لـ before an imperfect (ليؤكد) or
    بـ/لـ before a masdar (بقوله).  Kept in the word's record (:func:`rasd.caches.facts`):
    the quotes stage asks it of every word of every block.
    """
    known = facts(norm)
    hit = known.cue
    if hit is UNSET:
        hit = known.cue = _lookup(norm)
    return cast("tuple[CueForm, int] | None", hit)


def _lookup(norm: str) -> tuple[CueForm, int] | None:
    table = cue_table()
    if norm in blocked_words():
        return None
    cands = [(norm, 0)]
    if len(norm) > 3 and norm[0] in "وف":
        cands.append((norm[1:], 1))
    for w, k in list(cands):
        hit = table.get(w)
        if hit is not None:
            return hit, k
    for w, k in cands:
        if len(w) > 3 and w[0] in "لب":
            hit = table.get(w[1:])
            if hit is not None and (hit.form == "masdar" or (w[0] == "ل" and hit.form == "imperfect")):
                return hit, k + 1
    return None


def agreement(norm: str) -> str:
    """Gender and number a third-person cue marks on its subject: "m", "f", "pl" or "" (unknown).

    Read from the inflection: أضاف/يضيف/مضيفا "m", أضافت/تضيف/مضيفة "f", أضافوا/يضيفون/
    مضيفين/أخبروني "pl"; a masdar by its possessive (تأكيدها "f").  A continuation with no
    subject of its own must agree with the speaker it continues ("وبيّنت" is not the man who
    spoke last).
    """
    hit = lookup(norm)
    if hit is None or hit[0].person != 3:
        return ""
    cue, k = hit
    w = norm[k:]
    if cue.form == "participle":
        return "pl" if w.endswith(("ين", "ات")) else "f" if w.endswith("ه") else "m"
    if cue.form == "masdar":
        return "pl" if w.endswith(("هم", "هما", "هن")) else "f" if w.endswith("ها") else "m"
    if cue.form == "imperfect":
        if w[:1] == "س" and w[1:2] in ("ي", "ت"):
            w = w[1:]
        if w.endswith(("ون", "وا", "ان")):
            return "pl"
        return "f" if w[:1] == "ت" else "m" if w[:1] == "ي" else ""
    lemma = normalize_text(cue.lemma)
    if cue.cls == "tell":
        for o in sorted(OBJECT_SUFFIXES, key=len, reverse=True):
            if w.endswith(o) and len(w) - len(o) >= 3 and w != lemma:
                w = w[: -len(o)]
                if w.endswith("و"):
                    return "pl"  # "أخبروني"
                break
    if w == lemma:
        return "m"
    if w.endswith(("وا", "تا")) or (w.endswith(("ا", "يا")) and not lemma.endswith("ا")):
        return "pl"
    return "f" if w.endswith("ت") else ""
