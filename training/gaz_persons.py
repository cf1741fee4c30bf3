"""Person names from the table shipped in arabic-name-romanizer (build time only).

The package's ``resources/names.sqlite3`` (MIT; rows derived from Wikidata, CC0, and
dzirinames) holds ~86k full names with their Latin spellings and ~82k name-unit rows
with a role (given / surname).  rasd keeps two compact tables from it:

* ``persons.tsv.gz``: normalised full name (two words or more) -> most attested Latin
  spelling and country (ISO alpha-3);
* ``name_parts.tsv.gz``: normalised single-word unit -> counts as given name and as surname.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from pathlib import Path

import arabic_name_romanizer


def names_db() -> Path:
    return Path(arabic_name_romanizer.__file__).parent / "resources" / "names.sqlite3"


#: a full name may not start with these (a partial name: بن محمد، آل سعود)
PARTIAL_STARTS = {"بن", "ابن", "بنت", "ال", "اب", "ابي", "ابو", "ام"}


def full_names(norm, iso3: dict[str, str]) -> list[tuple[str, str, str]]:
    """(normalised key, Latin, ISO3 country) for every full name of two name units or more.

    Skipped: one-unit names (عبد العزيز، نور الدين: a given name, not a person), partial
    names (بن محمد), and rows with a word the unit table does not know as a name part
    (mislabelled Wikidata items such as السيرة الذاتية "curriculum vitae").
    """
    from arabic_name_romanizer.normalize import split_units

    conn = sqlite3.connect(f"file:{names_db()}?mode=ro", uri=True)
    unit_words = {norm(w) for (k,) in conn.execute("SELECT DISTINCT arabic_key FROM units") for w in k.split()}
    best: dict[str, dict[tuple[str, str], int]] = defaultdict(lambda: defaultdict(int))
    for key, latin, lang, country, count in conn.execute(
        "SELECT arabic_key, latin, latin_lang, country, count FROM full_names"
    ):
        k = norm(key)
        words = k.split()
        if len(split_units(key)) < 2 or not latin or words[0] in PARTIAL_STARTS:
            continue
        if not all(w in unit_words for w in words):
            continue
        # English-language spellings first: they are the ones English news uses
        best[k][(latin, country)] += int(count) * (3 if lang == "en" else 1)
    out = []
    for k, cands in best.items():
        (latin, country), _ = max(cands.items(), key=lambda kv: (kv[1], kv[0][0]))
        out.append((k, latin, iso3.get(country, "")))
    return sorted(out)


def name_parts(norm) -> list[tuple[str, int, int]]:
    """(normalised single-word unit, given count, surname count)."""
    conn = sqlite3.connect(f"file:{names_db()}?mode=ro", uri=True)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for key, role, count in conn.execute("SELECT arabic_key, role, count FROM units"):
        k = norm(key)
        if " " in k or len(k) < 2:
            continue
        counts[k][1 if role == "surname" else 0] += int(count)
    return sorted((k, g, s) for k, (g, s) in counts.items())
