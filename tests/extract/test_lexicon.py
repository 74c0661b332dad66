"""What the extractor keeps from one article to the next is bounded by its dictionaries: names it
reads in text leave no trace (ingest memory must not grow with the corpus)."""

from __future__ import annotations

import random
import string
import sys
from datetime import UTC, datetime

from api.extract.context import ExtractionContext
from api.extract.extractor import extract_events, lexicon_for
from api.ingest.article import Article


def _made_up_names(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    return [
        " ".join(rng.choice(string.ascii_uppercase) + "".join(rng.choices(string.ascii_lowercase, k=7)) for _ in "ab")
        for _ in range(count)
    ]


def _article(names: list[str]) -> Article:
    paragraphs = tuple(
        f"Rockets struck a base near Baghdad on Monday, killing two {n.split()[0]} guards, officials said. "
        f"{n} and {n.split()[1]} Brigade fighters attacked Camp Taji."
        for n in names
    )
    published = datetime(2020, 6, 13, 12, tzinfo=UTC)
    return Article(
        source="test", headline="Rockets hit base near Baghdad", paragraphs=paragraphs, published_at=published
    )


def _table_sizes(*owners: object) -> dict[str, int]:
    """The size of every dict, list and set held by the extractor's modules and by ``owners``."""
    sizes: dict[str, int] = {}
    for name, module in sorted(sys.modules.items()):
        if name.startswith("api.extract."):
            for attr, value in vars(module).items():
                if isinstance(value, dict | list | set):
                    sizes[f"{name}.{attr}"] = len(value)
    for owner in owners:
        for attr, value in vars(owner).items():
            if isinstance(value, dict | list | set):
                sizes[f"{type(owner).__name__}.{attr}"] = len(value)
    return sizes


def test_names_read_in_text_are_not_kept(context: ExtractionContext) -> None:
    lexicon = lexicon_for(context)
    owners = (lexicon, lexicon.index, context.actors, context.gazetteer, context.gazetteer.index)
    assert extract_events(_article(_made_up_names(1, 40)), context)  # the articles do tell events
    before = _table_sizes(*owners)
    assert len(before) > 10
    extract_events(_article(_made_up_names(2, 400)), context)
    assert _table_sizes(*owners) == before
    assert set(lexicon._buckets) <= set(lexicon.index.table)  # what is kept is keyed by dictionary entries
    assert set(context.gazetteer._nearest) <= set(context.gazetteer.by_key)


def _places(context: ExtractionContext, text: str) -> dict[str, tuple[str, str | None, str]]:
    """What the combined matcher reads as places in ``text``: surface -> (name, country, feature)."""
    found = lexicon_for(context).find(text).places
    return {m.text: (m.entry.name, m.entry.country, m.entry.feature_type) for m in found}


def _actor_names(context: ExtractionContext, text: str) -> set[str]:
    return {e.name for _s, _e, _surface, entries in lexicon_for(context).find(text).names for e in entries}


def test_acronyms_name_no_towns(context: ExtractionContext) -> None:
    # "UN", "INA", "SANA" are spelled like towns in GeoNames (Un, Ina, Saña): in capitals they are acronyms
    found = _places(context, "The UN envoy told INA and SANA that the talks in Geneva had failed.")
    assert set(found) == {"Geneva"}
    # countries and curated places keep their acronyms
    found = _places(context, "The UAE and the US condemned the attack on K-1, the KRI said.")
    assert found["UAE"][1] == "AE" and found["US"][1] == "US"
    assert found["K-1"][2] == "base" and found["KRI"][2] == "province"


def test_a_dateline_in_capitals_names_its_city(context: ExtractionContext) -> None:
    assert _places(context, "ERBIL")["Erbil"][:2] == ("Erbil", "IQ")


def test_words_naming_a_part_of_a_country_are_no_region(context: ExtractionContext) -> None:
    # ISO 3166-2 has "Northern", "Western", "Central" and "North East" regions (Fiji, Ghana, Botswana)
    text = "Western diplomats said Central bank officials had fled to Northern Kenya and the North East."
    found = _places(context, text)
    assert set(found) == {"Kenya"}


def test_an_actor_name_is_no_foreign_towns_other_name(context: ExtractionContext) -> None:
    # GeoNames lists "Hamas" among Hamm's names, "Egypt" among Goodyear's
    found = _places(context, "Officials of the Hamas movement met Egypt's envoy.")
    assert "Hamas" not in found and found["Egypt"][2] == "country"
    assert "Hamas" in _actor_names(context, "Officials of the Hamas movement met Egypt's envoy.")
    # a town of the actor's own country keeps the name: "Kiev" is Kyiv, as Ukraine's government is
    assert _places(context, "Shelling hit the suburbs of Kiev.")["Kiev"][:2] == ("Kyiv", "UA")


def test_a_word_opening_the_sentence_is_not_part_of_the_name(context: ExtractionContext) -> None:
    # "In Samarra" is one capitalised run; "In" must not make Samarra a word among unknown ones
    assert _places(context, "In Samarra, gunmen opened fire on a checkpoint.")["Samarra"][1] == "IQ"
    assert _places(context, "After Samarra fell, the army regrouped.")["Samarra"][1] == "IQ"
    # unknown words still keep a town's name out of a person's ("Adel" is a town in Georgia)
    assert "Adel" not in _places(context, "Adel Abdul Mahdi resigned in Baghdad.")


def test_plural_possessives_inside_names(context: ExtractionContext) -> None:
    text = "The Kurdistan Workers' Party said its fighters withdrew."
    assert "Kurdistan" not in _places(context, text)
    assert "Kurdistan Workers' Party" in _actor_names(context, text)


def test_assimilated_arabic_articles_join_the_name(context: ExtractionContext) -> None:
    found = _places(context, "Strikes hit eastern Syria's Deir ez-Zor province.")
    assert found["Deir ez-Zor province"][1:] == ("SY", "province")


def test_a_name_in_a_hyphenated_modifier_is_no_place(context: ExtractionContext) -> None:
    found = _places(context, "The London-based monitor said a Baghdad-bound convoy was hit in Basra.")
    assert set(found) == {"Basra"}


def test_a_state_owning_a_named_group_is_part_of_its_name(context: ExtractionContext) -> None:
    lexicon = lexicon_for(context)
    text = "A drone launched by Lebanon's Hezbollah and Iraqi troops hit the base."
    mentions = lexicon.actor_mentions(text, lexicon.find(text, {}), ("LB",), text.lower())
    first = mentions[0]
    assert (first.text, first.how, first.actor and first.actor.name) == ("Lebanon's Hezbollah", "name", "Hezbollah")
    assert not any(m.how == "state" for m in mentions)  # "Iraqi troops" is a group, "Lebanon" no actor


def test_a_sponsor_state_is_no_actor_and_a_leader_is(context: ExtractionContext) -> None:
    lexicon = lexicon_for(context)

    def named(text: str) -> list[str | None]:
        mentions = lexicon.actor_mentions(text, lexicon.find(text, {}), ("YE",), text.lower())
        return [m.actor.name if m.actor else m.text for m in mentions]

    assert named("The government blamed the attack on the Iran-aligned Houthi movement.") == ["Houthis"]
    assert named("US-led forces struck the port.") == ["Military Forces of the United States"]


def test_a_capital_after_in_is_a_place_not_its_government(context: ExtractionContext) -> None:
    lexicon = lexicon_for(context)
    for text, actors in [
        ("Thousands protested in Tehran on Friday.", []),
        ("Tehran condemned the strike.", ["Government of Iran"]),
    ]:
        mentions = lexicon.actor_mentions(text, lexicon.find(text, {}), ("IR",), text.lower())
        assert [m.actor.name for m in mentions if m.actor] == actors, text


def test_an_unlisted_place_told_by_an_appositive(context: ExtractionContext) -> None:
    # "Absard, a town in Damavand county": no gazetteer lists it; the town that holds it gives its point
    found = _places(context, "Gunmen attacked his car in Absard, a town in Damavand county east of Tehran.")
    assert found["Absard"][:2] == ("Absard", "IR")
    # a foreign town of the same name gives way when the text puts the place elsewhere
    assert _places(context, "Gunmen attacked Zarqa, a village near Kirkuk, on Monday.")["Zarqa"][1] == "IQ"


def test_two_words_that_are_each_a_town_are_one_unknown_name(context: ExtractionContext) -> None:
    found = _places(context, "Taliban forces raided a hideout in the Khair Khana area of Kabul on Sunday.")
    assert "Khair" not in found and "Khana" not in found  # not India's Khair and Khanna
    assert found["Khair Khana area"][1:] == ("AF", "district")
    found = _places(context, "Flights from Abu Dhabi Baghdad and Sadr City Baghdad routes resumed.")
    assert {"Abu Dhabi", "Sadr City", "Baghdad"} <= set(found)  # names of several words are names


def test_a_saints_name_is_no_town(context: ExtractionContext) -> None:
    found = _places(context, "Bombers struck St. George's Church in Tanta and a rally in St. Petersburg.")
    assert "George" not in found and found["Tanta"][1] == "EG"
    assert found["Petersburg"][0] == "Saint Petersburg"


def test_an_outlet_named_after_a_place_names_no_place(context: ExtractionContext) -> None:
    assert "Bakhtar" not in _places(context, "Afghanistan's Bakhtar news agency said 46 people died in Kunduz.")
    assert "Fars" not in _places(context, "Security forces at the scene in Damavand on Friday (Photo by Fars)")
    assert "Kunduz" in _places(context, "Afghanistan's Bakhtar news agency said 46 people died in Kunduz.")


def test_an_article_written_apart_in_lower_case_belongs_to_the_name(context: ExtractionContext) -> None:
    assert _actor_names(context, "The president blamed al Shabaab for the bombing.") == {"al-Shabaab"}
    assert _places(context, "Troops crossed the al Anbar desert.")["al Anbar"][0] == "Anbar"


def test_a_town_after_a_countrys_possessive_lies_in_that_country(context: ExtractionContext) -> None:
    # GeoNames' Palma is Palma de Mallorca: "Mozambique's Palma" is Mozambique's, and so is a later bare "Palma"
    lexicon, runs = lexicon_for(context), {}  # type: ignore[var-annotated]
    [_, palma] = lexicon.find("Insurgents attack Mozambique's Palma", runs).places
    assert (palma.text, palma.entry.country) == ("Palma", "MZ")
    [later] = lexicon.find("Fighting went on in Palma on Sunday.", runs).places
    assert later.entry.country == "MZ"


def test_portuguese_particles_join_a_name(context: ExtractionContext) -> None:
    found = _places(context, "Insurgents seized the port of Mocimboa da Praia in August.")
    assert found["Mocimboa da Praia"][1] == "MZ"


def test_a_nationality_before_a_noun_is_no_region(context: ExtractionContext) -> None:
    # "Somali" is also Ethiopia's Somali region: "the Somali group" is not there, "in Somali region" is
    assert "Somali" not in _places(context, "The insurgents have no ties to the Somali group of that name.")
    assert _places(context, "Clashes broke out in Somali region on Monday.")["Somali"][1] == "ET"


def test_a_town_named_like_a_kind_of_place_is_no_place(context: ExtractionContext) -> None:
    # GeoNames has towns called Airport (California) and Police (Poland)
    found = _places(context, "Militants Attack Gendarmerie School, Airport in Mali's Capital")
    assert "Airport" not in found and found["Mali"][1] == "ML"


def test_a_facility_named_after_its_town_is_in_the_town(context: ExtractionContext) -> None:
    # "University College" is what stands in Garissa, not a name no dictionary holds
    found = _places(context, "Gunmen stormed Garissa University College in northeastern Kenya.")
    assert found["Garissa"][:2] == ("Garissa", "KE")
    # a name the town is only part of is still no town
    assert "Majdal" not in _places(context, "Rockets hit the town of Majdal Shams.")
