"""Places no gazetteer lists, named beside one it does: "Baghdad's Zayouna district", "the Sidakan
area of Erbil province", "al-Rashad village in the Muqdadiyah district", "Tayaran Square in
central Baghdad".

News names villages, neighbourhoods, squares and bridges that GeoNames and ISO 3166-2 do not
hold, and places them through a bigger place the gazetteer knows. Such a place keeps its own name
and takes the bigger place's point, with the precision of that point: ACLED's "near it or its
district" under a town, "only the province" under a province.
"""

from __future__ import annotations

import re

from api.extract.gazetteer import FEATURE_RANK, GazEntry, Gazetteer, PlaceMention
from api.extract.names import key

# Words after a name that make it a part of a place ("the Gara region"), and the ones that make it
# a site whose word belongs to its name ("Tayaran Square", "the Ahrar Bridge").
AREA_WORDS = frozenset(
    ["area", "region", "district", "subdistrict", "neighbourhood", "neighborhood", "village", "town", "quarter",
     "suburb", "mountains", "valley", "camp"]
)  # fmt: skip
SITE_WORDS = frozenset(
    ["square", "bridge", "market", "mosque", "shrine", "street", "roundabout", "checkpoint", "airport"]
)
# Sites named after the town they serve: "Abu Dhabi International Airport" lies at Abu Dhabi.
NAMED_AFTER_TOWNS = frozenset(["airport"])
PLACE_WORDS = AREA_WORDS | SITE_WORDS
# What may stand between the unlisted place and the place that holds it: "of", "in central", "near the".
_HELD_BY = re.compile(
    r",? (?:of|in|on|near|outside|(?:north|south|east|west)[a-z-]* of) (?:the )?(?:(?:north|south|east|west)[a-z-]* |central )?"
)
POSSESSIVES = ("'s ", "’s ")
# A place that can hold a neighbourhood or a village named without saying where it lies.
_HOLDERS = frozenset(["city", "district", "zone"])


def place_word(run: str, suffix: str | None) -> str | None:
    """The word that makes an unknown name a place: the lower-case word after it ("district") or
    the run's own last word ("Square")."""
    if suffix is not None:
        word = suffix.strip().rsplit(" ", 1)[-1]
        return word if word in PLACE_WORDS else None
    last = run.rsplit(" ", 1)[-1].lower()
    return last if last in PLACE_WORDS and " " in run else None


def holder(text: str, start: int, end: int, places: list[PlaceMention]) -> PlaceMention | None:
    """The listed place that holds the unlisted one at ``text[start:end]``: the one whose possessive
    stands before it ("Baghdad's"), the one after "of" or "in" ("of Iraq's Duhok province"), else
    the town or district named last before it in the sentence."""
    if text[max(0, start - 3) : start] in POSSESSIVES:
        before = next((m for m in places if m.end == start - 3), None)
        if before is not None:
            return before
    after = _HELD_BY.match(text, end)
    if after is not None:
        found = next((m for m in places if m.start == after.end()), None)
        # "of Iraq's Duhok province": the place after the possessive is the nearer one
        while found is not None and text[found.end : found.end + 3] in POSSESSIVES:
            inner = next((m for m in places if m.start == found.end + 3), None)
            if inner is None:
                break
            found = inner
        if found is not None:
            return found
    earlier = [m for m in places if m.end <= start and m.entry.feature_type in _HOLDERS]
    return earlier[-1] if earlier else None


def unlisted(name: str, word: str, within: GazEntry, gazetteer: Gazetteer, coarse: bool = False) -> GazEntry:
    """An entry for a place the gazetteer does not list, at the point of the place that holds it.
    Made per mention and kept nowhere: the dictionaries do not grow with the text read.
    ``coarse``: the holder is only the place told nearby, so the point is good to its province."""
    site = word in SITE_WORDS
    title = f"{name} {word.title()}" if site and not name.lower().endswith(word) else name
    coarse = coarse or FEATURE_RANK.get(within.feature_type, 5) >= FEATURE_RANK["province"]
    admin1 = within.name if within.feature_type == "province" else within.admin1 or gazetteer.admin1_of(within)
    return GazEntry(
        key=f"{within.key}/{key(title).replace(' ', '-')}", name=title, feature_type="site" if site else "district",
        country=within.country, admin1=admin1, lat=within.lat, lon=within.lon, layer=within.layer,
        population=0, source=f"named in the text; the point of {within.name}", precision=3 if coarse else 2,
    )  # fmt: skip
