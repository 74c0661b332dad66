"""Which of the places a clause names are where its event happened."""

from __future__ import annotations

from api.extract.context import ExtractionContext
from api.extract.extractor import lexicon_for
from api.extract.places import clause_places


def where(context: ExtractionContext, text: str, countries: tuple[str, ...] = ("IQ", "SY")) -> list[str]:
    """The event places of ``text`` read as one clause, most specific first."""
    lexicon = lexicon_for(context)
    found = lexicon.find(text)
    actors = lexicon.actor_mentions(text, found, countries, text.lower())
    return [entry.name for entry, _near in clause_places(text.lower(), found.places, 0, len(text), countries, actors)]


def test_a_part_of_a_country_is_the_country(context: ExtractionContext) -> None:
    assert where(context, "Gunmen ambushed a convoy in northern Iraq on Monday.") == ["Iraq"]
    assert where(context, "Jets struck two depots in south-eastern Syria.") == ["Syria"]
    assert where(context, "Clashes spread across central Iraq.") == ["Iraq"]


def test_who_is_blamed_is_not_where(context: ExtractionContext) -> None:
    assert where(context, "Officials blamed the blast on Iran.") == []
    assert where(context, "A car bomb, which police attributed to the Islamic State, exploded in Kirkuk.") == ["Kirkuk"]


def test_places_passed_on_the_way_yield_to_the_target(context: ExtractionContext) -> None:
    text = "Missiles fired by jets flying over Lebanon hit a depot near Homs."
    assert where(context, text, ("SY", "LB")) == ["Homs"]
    # named alone, the route is all the text says
    assert where(context, "Drones flew over Syria.", ("SY",)) == ["Syria"]


def test_a_roads_end_is_not_the_place(context: ExtractionContext) -> None:
    text = "In Baghdad, police fired tear gas at protesters on the road leading to the Green Zone."
    assert where(context, text) == ["Baghdad"]


def test_a_launch_site_nearby_is_an_origin(context: ExtractionContext) -> None:
    assert where(context, "Rockets fired at Kirkuk from the nearby Hawija district hit a house.") == ["Kirkuk"]


def test_a_launch_site_north_of_a_village_is_an_origin(context: ExtractionContext) -> None:
    text = "A rocket hit Kirkuk; it was fired from an area north of the Iraqi village of Hawija."
    assert where(context, text) == ["Kirkuk"]


def test_where_a_victim_worked_is_not_where_he_was_killed(context: ExtractionContext) -> None:
    text = "Ali Hassan, a deputy director at the Baiji refinery, was killed by a bomb in Kirkuk."
    assert where(context, text) == ["Kirkuk"]


def test_a_reference_city_after_a_comma(context: ExtractionContext) -> None:
    text = "Gunmen attacked a village in the Khanaqin district, 150 km northeast of the capital, Baghdad."
    assert "Baghdad" not in where(context, text)


def test_an_abbreviated_country_before_a_noun_is_an_owner(context: ExtractionContext) -> None:
    assert where(context, "Attacks on U.S. targets rose.") == []
    assert where(context, "Protesters stormed the US embassy compound in Baghdad.") == ["Baghdad"]
    assert where(context, "Two men were arrested in the US last week.", ("US",)) == ["United States"]


def test_an_officials_title_is_not_a_place(context: ExtractionContext) -> None:
    # the governor's province names whose official speaks, not where the toll was counted
    assert where(context, "Nineveh provincial governor Ali Hassan later put the toll at 12.") == []
    assert where(context, "Kirkuk mayor Ali Hassan said 12 people were killed.") == []
    # the mayor's office is a building in the city
    assert where(context, "A car bomb exploded outside the Kirkuk mayor's office.") == ["Kirkuk"]


def test_a_venue_named_like_a_town_abroad_is_a_venue(context: ExtractionContext) -> None:
    text = "A gunman killed 39 people at the Reina nightclub in Istanbul."
    assert where(context, text, ("TR", "IL")) == ["Istanbul"]
    # at home, a town's name before a venue is the venue's town
    assert where(context, "A bomb exploded at the Kirkuk hotel.", ("IQ",)) == ["Kirkuk"]


def test_a_camp_no_gazetteer_lists_is_placed_through_its_holder(context: ExtractionContext) -> None:
    assert where(context, "Fighting raged in Lebanon's Ain al-Hilweh camp on Monday.", ("LB",)) == ["Ain al-Hilweh"]
