"""How Reuters names the actors of Iraq's conflicts (British spellings, "U.S." with dots)."""

from __future__ import annotations

from api.extract.vocabulary import ActorAlias, PlaceAlias

KEY = "reuters"

# alias -> canonical name in seeds/actors.json
ACTORS: dict[str, str] = {
    "Popular Mobilisation Forces": "Popular Mobilization Units",
    "Popular Mobilization Forces": "Popular Mobilization Units",
    "PMF": "Popular Mobilization Units",
    "Kataib Hezbollah": "Kataib Hezbollah",
    "Kata'ib Hezbollah": "Kataib Hezbollah",
    "Revolutionary Guards": "Islamic Revolutionary Guard Corps",
    "Iran's Revolutionary Guards": "Islamic Revolutionary Guard Corps",
    "Islamic Revolutionary Guard Corps": "Islamic Revolutionary Guard Corps",
    "IRGC": "Islamic Revolutionary Guard Corps",
    "Islamic State": "Islamic State",
    "ISIS": "Islamic State",
    "ISIL": "Islamic State",
    "IS": "Islamic State",
    "Islamic State group": "Islamic State",
    "U.S. military": "Military Forces of the United States",
    "U.S. forces": "Military Forces of the United States",
    "U.S. troops": "Military Forces of the United States",
    "U.S.-led coalition": "US-led coalition",
    "U.S.-led forces": "US-led coalition",
    "coalition against Islamic State": "US-led coalition",
    "Iraqi security forces": "Military Forces of Iraq",
    "Iraqi military": "Military Forces of Iraq",
    "Badr Organisation": "Badr Organization",
    "Iranian military": "Military Forces of Iran",
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
