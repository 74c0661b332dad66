"""Places no gazetteer lists, placed through the listed place the text puts them in."""

from __future__ import annotations

from api.extract.context import ExtractionContext
from api.extract.extractor import lexicon_for
from api.extract.gazetteer import km_between


def _places(context: ExtractionContext, text: str) -> dict[str, tuple[str, str, str | None, int, float, float]]:
    """surface -> (name, feature, country, precision, lat, lon) of each place read in ``text``."""
    out = {}
    for m in lexicon_for(context).find(text).places:
        place = context.gazetteer.place(m.entry)
        assert place.latitude is not None and place.longitude is not None
        out[m.text] = (place.name, place.feature_type, place.country, place.precision, place.latitude, place.longitude)
    return out


def test_a_neighbourhood_of_a_city_takes_the_citys_point(context: ExtractionContext) -> None:
    found = _places(context, "Gunmen shot a journalist in Baghdad's Jadiriya district on Monday.")
    name, feature, country, precision, lat, lon = found["Jadiriya district"]
    assert (name, feature, country, precision) == ("Jadiriya", "district", "IQ", 2)
    baghdad = context.gazetteer.lookup("Baghdad")
    assert baghdad is not None and (lat, lon) == (baghdad.latitude, baghdad.longitude)


def test_an_area_of_a_province_is_placed_only_as_well_as_the_province(context: ExtractionContext) -> None:
    found = _places(context, "A drone struck a car in the Bradost area of Erbil province.")
    assert found["Bradost area"][:4] == ("Bradost", "district", "IQ", 3)
    # through a possessive chain: the nearer place is the province, not the country
    found = _places(context, "Troops searched the Barwari valley of Iraq's Duhok province.")
    assert found["Barwari valley"][2] == "IQ"


def test_a_village_in_a_district_and_a_square_in_a_city(context: ExtractionContext) -> None:
    found = _places(context, "Militants raided Albu Bali village near Fallujah.")
    assert found["Albu Bali village"][:3] == ("Albu Bali", "district", "IQ")
    found = _places(context, "Crowds gathered in Ferdous Square in central Baghdad.")
    assert found["Ferdous Square"][:3] == ("Ferdous Square", "site", "IQ")
    # with no place said to hold it, the town named before it in the sentence does
    found = _places(context, "In Basra, police dispersed a sit-in near the Khorramshahr Bridge.")
    basra = found["Basra"]
    assert found["Khorramshahr Bridge"][1] == "site"
    assert km_between(*found["Khorramshahr Bridge"][4:], *basra[4:]) < 1


def test_a_town_of_the_same_name_abroad_yields_to_the_place_the_text_says(context: ExtractionContext) -> None:
    # GeoNames knows a Moroccan town "El Gara"; the text puts its Gara in Iraq
    found = _places(context, "Soldiers entered the Gara region of Iraq's Duhok province.")
    assert found["Gara region"][:3] == ("Gara", "district", "IQ")


def test_nothing_is_made_up_without_a_listed_place(context: ExtractionContext) -> None:
    assert _places(context, "The Sadrist bloc won most seats in the Shatt district.") == {}
    assert "Jadiriya district" not in _places(context, "Officials met in the Jadiriya district.")


def test_a_place_called_a_town_of_before_its_name_is_placed_through_its_holder(context: ExtractionContext) -> None:
    found = _places(
        context, "Ten guards died in an ambush near the city of Mirjaveh in Sistan and Baluchestan province."
    )
    assert found["Mirjaveh"][:4] == ("Mirjaveh", "district", "IR", 3)
    found = _places(context, "A gunman opened fire in the northern Jerusalem neighborhood of Neve Yaakov on Friday.")
    assert found["Neve Yaakov"][:4] == ("Neve Yaakov", "district", "IL", 2)
    assert found["Neve Yaakov"][4:] == found["Jerusalem"][4:]


def test_a_listed_town_called_a_town_stays_itself(context: ExtractionContext) -> None:
    assert _places(context, "Troops entered the city of Mosul on Monday.")["Mosul"][:3] == ("Mosul", "city", "IQ")


def test_a_place_held_by_no_place_of_its_sentence_takes_the_town_told_before(context: ExtractionContext) -> None:
    lexicon = lexicon_for(context)
    beirut = context.gazetteer.lookup("Beirut")
    assert beirut is not None
    told = next(m.entry for m in lexicon.find("Clashes broke out in Beirut on Thursday.").places)
    [site] = lexicon.find("Snipers fired from buildings near the Tayouneh roundabout.", told=told).places
    place = context.gazetteer.place(site.entry)
    assert (place.name, place.country, place.precision) == ("Tayouneh Roundabout", "LB", 3)  # only as good as
    assert (place.latitude, place.longitude) == (beirut.latitude, beirut.longitude)  # the town's province
    assert lexicon.find("Snipers fired from buildings near the Tayouneh roundabout.").places == []


def test_a_place_east_of_a_town_is_placed_through_it(context: ExtractionContext) -> None:
    found = _places(context, "Assailants targeted his car in Absard, east of Tehran, on Friday.")
    assert found["Absard"][:4] == ("Absard", "district", "IR", 2)


def test_a_town_called_by_its_countrys_demonym_is_placed_in_that_country(context: ExtractionContext) -> None:
    found = _places(context, "A bomb exploded at a church in the eastern Congolese town of Kasindi on Sunday.")
    assert found["Kasindi"][:4] == ("Kasindi", "district", "CD", 3)


def test_the_kind_of_a_town_is_no_place_and_a_partly_listed_name_is_unlisted(context: ExtractionContext) -> None:
    # "Druze" says what kind of town it is; "Majdal" alone is a listed name (al-Majdal, Ashkelon)
    found = _places(context, "A rocket hit a field in the Druze town of Majdal Shams on the Golan Heights.")
    assert "Druze town" not in found and "Druze" not in found
    assert found["Majdal Shams"][:3] == ("Majdal Shams", "district", "SY")


def test_a_name_with_its_article_apart_is_one_name_not_two_towns(context: ExtractionContext) -> None:
    # "Ras" is also Ar Rass (Saudi Arabia) and "al Ain" the Emirati city: together, one Syrian town
    found = _places(context, "Turkish jets bombed the Syrian border town of Ras al Ain on Wednesday.")
    assert found["Ras al Ain"][:3] == ("Ras al Ain", "district", "SY")
    assert "Ras" not in found and "al Ain" not in found


def test_two_places_joined_by_and_are_not_one_unlisted_name(context: ExtractionContext) -> None:
    found = _places(context, "Police raided the Old City and the Sheikh Jarrah neighborhood of Jerusalem.")
    assert found["Sheikh Jarrah neighborhood"][:3] == ("Sheikh Jarrah", "district", "IL")
    assert not any(" and " in surface for surface in found)


def test_a_district_no_place_holds_lies_in_the_country_the_sentence_names(context: ExtractionContext) -> None:
    found = _places(context, "A bomber struck a rally of a Pakistani party in the northwestern district of Bajaur.")
    assert found["Bajaur"][:4] == ("Bajaur", "district", "PK", 3)


def test_the_main_town_of_a_district_is_placed_through_it(context: ExtractionContext) -> None:
    found = _places(context, "The bomb went off in Khar, the main town near Peshawar, on Sunday.")
    assert found["Khar"][:3] == ("Khar", "district", "PK")


def test_a_suburb_described_with_any_adjective_is_placed_through_its_town(context: ExtractionContext) -> None:
    found = _places(context, "A bomb hit a church in Katuwapitiya, a fishing suburb of Negombo, on Sunday.")
    assert found["Katuwapitiya"][:3] == ("Katuwapitiya", "district", "LK")
