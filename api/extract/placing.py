"""Where the names no dictionary holds lie: the places the lexicon's runs name and no gazetteer
lists, placed through the place, the country or the earlier sentence the text puts them in.

"the Gara region of Iraq's Duhok province", "the eastern Congolese town of Kasindi", "Mozambique's
Palma" (not Palma de Mallorca). Each is made per mention (``unlisted``) and returned, so that the
article's later sentences know the name.
"""

from __future__ import annotations

import re

from api.extract.actors import ActorMention
from api.extract.gazetteer import CITY, OPENING_WORDS, GazEntry, Gazetteer, PlaceMention
from api.extract.spans import opens_sentence
from api.extract.unlisted import POSSESSIVES, holder, unlisted

_OF_NAME = re.compile(r" of (?:the )?(?=[A-Z])")
_KIND_OF = re.compile(r" (?:[a-z-]+ )?(?:town|village|city|district|suburb|neighbou?rhood|area|region) of ")


def owned_by_country(text: str, places: list[PlaceMention], gazetteer: Gazetteer) -> list[tuple[str, GazEntry]]:
    """ "Mozambique's Palma" is a town of Mozambique, not Palma de Mallorca: a general-gazetteer
    town right after a country's possessive that lies in no town of that country's name is a
    place no dictionary holds, there; the article's later mentions of the name are that place."""
    placed: list[tuple[str, GazEntry]] = []
    for i in range(1, len(places)):
        owner, town = places[i - 1], places[i]
        if (
            owner.entry.feature_type == "country"
            and owner.end + 3 == town.start
            and text[owner.end : town.start] in POSSESSIVES
            and all(e.layer >= CITY and e.country != owner.entry.country for e in town.candidates)
        ):
            entry = unlisted(town.text, "town", owner.entry, gazetteer, coarse=True)
            places[i] = PlaceMention(town.start, town.end, town.text, (entry,))
            placed.append((town.text, entry))
    return placed


def place_unknown(
    text: str,
    unknown: list[tuple[int, int, str, str, int]],
    places: list[PlaceMention],
    told: GazEntry | None,
    states: list[ActorMention],
    gazetteer: Gazetteer,
) -> list[tuple[str, GazEntry]]:
    """Add the places no dictionary holds that the text puts inside one it does (``unlisted``):
    "the Gara region of Iraq's Duhok province" is no town called Gara in Morocco. The article's
    later sentences may name such a place bare ("settlers descended on Huwara"): the names placed
    that are a whole run come back, with their places."""
    listed = list(places)
    placed: list[tuple[str, GazEntry]] = []
    for start, end, run, word, held_from in unknown:
        first, _, rest = run.partition(" ")
        name = rest if rest and first.lower() in OPENING_WORDS else run  # "In Tayaran Square"
        name_start = start + len(run) - len(name)
        after_of = _OF_NAME.match(text, end)
        if after_of is not None and not any(m.start == after_of.end() for m in listed):
            continue  # "the Druze town of Majdal Shams": the kind of place the next name is
        town = next((m for m in listed if m.start == name_start), None)
        within = holder(text, name_start, held_from, [m for m in listed if m is not town])
        unheld = within is None and town is None
        country = _country_said(text, name_start, states, gazetteer) if unheld else None
        if country is not None and (told is None or told.country != country.country):
            entry = unlisted(name, word, country, gazetteer, coarse=True)  # "the Congolese town of Kasindi"
        elif unheld and told is not None and not opens_sentence(text, name_start):
            # said in another sentence: placed no better than that town's province (a run opening the
            # sentence may start with an ordinary word: "Residents of the Sayed Abad neighbourhood")
            entry = unlisted(name, word, told, gazetteer, coarse=True)
        elif unheld and (country := _country_before(name_start, states, listed, gazetteer)):
            # "a Pakistani party's convention in the northwestern district of Bajaur": somewhere in Pakistan
            entry = unlisted(name, word, country, gazetteer, coarse=True)
        elif within is None or (town is not None and within.entry.country in {e.country for e in town.candidates}):
            continue
        else:
            entry = unlisted(name, word, within.entry, gazetteer)
        if town is not None:
            places.remove(town)
        places.append(PlaceMention(name_start, end, text[name_start:end], (entry,)))
        if name == run:
            placed.append((name, entry))
    places.sort(key=lambda m: m.start)
    return placed


def _country_said(text: str, start: int, states: list[ActorMention], gazetteer: Gazetteer) -> GazEntry | None:
    """The country whose demonym says what the unlisted name at ``start`` is: "the eastern
    Congolese town of Kasindi", "a Nigerian village called"."""
    for mention in states:
        if mention.how == "demonym" and mention.state is not None and _KIND_OF.fullmatch(text, mention.end, start):
            return gazetteer.countries.get(mention.state.country)
    return None


def _country_before(
    start: int, states: list[ActorMention], places: list[PlaceMention], gazetteer: Gazetteer
) -> GazEntry | None:
    """The country the sentence names last before ``start``, by its name or its demonym."""
    named = [(m.start, m.entry) for m in places if m.start < start and m.entry.feature_type == "country"]
    named += [
        (m.start, entry)
        for m in states
        if m.start < start and m.how == "demonym" and m.state is not None
        and (entry := gazetteer.countries.get(m.state.country)) is not None
    ]  # fmt: skip
    return max(named, key=lambda n: n[0])[1] if named else None
