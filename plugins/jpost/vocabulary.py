"""How The Jerusalem Post names the actors of Iraq's conflicts."""

from __future__ import annotations

from api.extract.vocabulary import ActorAlias, PlaceAlias

KEY = "jpost"

# alias -> canonical name in seeds/actors.json
ACTORS: dict[str, str] = {
    "Popular Mobilization Units": "Popular Mobilization Units",
    "PMU": "Popular Mobilization Units",
    "Popular Mobilization Forces": "Popular Mobilization Units",
    "PMF": "Popular Mobilization Units",
    "Kataib Hezbollah": "Kataib Hezbollah",
    "Kata'ib Hezbollah": "Kataib Hezbollah",
    "Kata’ib Hezbollah": "Kataib Hezbollah",
    "Kataib Hizbullah": "Kataib Hezbollah",
    "IRGC": "Islamic Revolutionary Guard Corps",
    "Iranian IRGC": "Islamic Revolutionary Guard Corps",
    "Revolutionary Guards": "Islamic Revolutionary Guard Corps",
    "Islamic Revolutionary Guard Corps": "Islamic Revolutionary Guard Corps",
    "ISIS": "Islamic State",
    "Islamic State": "Islamic State",
    "ISIL": "Islamic State",
    "IS": "Islamic State",
    "Kataib Hizballah": "Kataib Hezbollah",
    "Iran's Revolutionary Guards": "Islamic Revolutionary Guard Corps",
    "US forces": "Military Forces of the United States",
    "US troops": "Military Forces of the United States",
    "US military": "Military Forces of the United States",
    "US-led coalition": "US-led coalition",
    "Coalition": "US-led coalition",
    "Iraq's security forces": "Military Forces of Iraq",
    "Iraqi security forces": "Military Forces of Iraq",
    "Badr Organization": "Badr Organization",
}

PLACES: dict[str, str] = {
    "Ain al-Asad": "Ain al-Asad Air Base",
    "Ain al-Asad air base": "Ain al-Asad Air Base",
    "Taji": "Camp Taji",
}


def actor_aliases() -> list[ActorAlias]:
    return [ActorAlias(alias, actor, source=KEY) for alias, actor in ACTORS.items()]


def place_aliases() -> list[PlaceAlias]:
    return [PlaceAlias(alias, place, source=KEY) for alias, place in PLACES.items()]
