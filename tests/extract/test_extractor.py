"""The core extractor on real pages and on news prose written for these tests.

The prose cases are the project's own sentences, one general rule each: they must hold for any
article, not for the corpus pages alone.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from api.extract.candidate import EventCandidate
from api.ingest.files import read_document
from api.ingest.pipeline import Pipeline
from tests.shared import shared_path

EXPLOSIONS = "Explosions/Remote violence"


def roles(event: EventCandidate, role: str) -> set[str]:
    return {a.name for a in event.actors if a.role == role}


def at(events: list[EventCandidate], place: str, day: date) -> EventCandidate:
    found = [e for e in events if e.location is not None and e.location.name == place and e.date == day]
    assert len(found) == 1, [(e.date, e.location.name if e.location else None) for e in events]
    return found[0]


def run(pipeline: Pipeline, *parts: str, **hints: str) -> list[EventCandidate]:
    return pipeline.run(read_document(Path(shared_path(*parts)), **hints)).events


def test_camp_taji_article(pipeline: Pipeline) -> None:
    events = run(
        pipeline, "corpus", "jpost", "jpost-2020-06-13-camp-taji-rockets.txt", published="2020-06-13T19:30:00Z"
    )
    main = at(events, "Camp Taji", date(2020, 6, 13))
    assert (main.event_type, main.sub_event_type, main.cameo_code) == (
        EXPLOSIONS,
        "Shelling/artillery/missile attack",
        "194",
    )
    assert main.location is not None and main.location.precision == 2  # "near Camp Taji"
    assert abs(main.location.latitude - 33.52) < 0.1 and main.location.country == "IQ"  # type: ignore[operator]
    assert "US-led coalition" in roles(main, "target")
    assert not roles(main, "perpetrator")  # "not who the culprits were"
    assert main.fatalities_best == 0
    assert len(main.evidence) >= 2
    assert at(events, "Baghdad International Airport", date(2020, 6, 8)).event_type == EXPLOSIONS
    assert at(events, "Green Zone", date(2020, 6, 10)).event_type == EXPLOSIONS
    march = at(events, "Taji", date(2020, 3, 11))
    assert (march.fatalities_best, march.injuries) == (3, 10)
    caption = at(events, "Ain al-Asad air base", date(2020, 1, 13))
    assert roles(caption, "perpetrator") == {"Military Forces of Iran"}
    mosul = next(e for e in events if e.location and e.location.name == "Mosul")
    assert (mosul.event_type, mosul.date_precision, mosul.date.year) == ("Battles", "year", 2014)
    assert roles(mosul, "perpetrator") == {"Islamic State"}
    # the habitual "dozens of rockets in the last year" and the hypothetical "poised to attack Baghdad" are not events
    assert not any(e.date.year == 2019 for e in events)
    assert not any(e.location and e.location.name == "Baghdad" for e in events)
    for event in events:
        assert 0 < event.confidence <= 1 and set(event.field_confidence) >= {"type", "date", "location"}
        assert event.summary and event.evidence


@pytest.mark.parametrize(
    "page", ["reuters-2019-11-global-markets-oil-stocks.html", "reuters-2020-01-sag-awards-parasite.html"]
)
def test_stories_without_events(pipeline: Pipeline, page: str) -> None:
    assert run(pipeline, "corpus", "reuters", page) == []


def test_stabbing_in_berlin(pipeline: Pipeline) -> None:
    events = run(pipeline, "corpus", "jpost", "jpost-2019-11-berlin-stabbing-breaking-news.html")
    assert len(events) == 1
    event = events[0]
    assert (event.event_type, event.sub_event_type) == ("Violence against civilians", "Attack")
    assert event.location is not None and event.location.name == "Berlin" and event.location.country == "DE"
    assert (event.fatalities_best, event.injuries) == (1, 1)
    assert not roles(event, "perpetrator")  # police arresting a suspect did not stab anyone


def test_one_event_per_place_and_the_day_of_a_second_wave(extract) -> None:  # type: ignore[no-untyped-def]
    events = extract(
        "Missiles hit two bases",
        "Iran launched more than a dozen ballistic missiles early on Wednesday at Ain al-Asad air base in Anbar "
        "province and a facility near Erbil, both of which host U.S. troops. There was no immediate word of casualties.",
        "A second salvo of missiles was fired at a base near Kirkuk, according to reports.",
    )
    assert {(e.location.name, e.date) for e in events if e.location} == {
        ("Ain al-Asad air base", date(2020, 6, 10)),
        ("Erbil", date(2020, 6, 10)),
        ("Kirkuk", date(2020, 6, 10)),
    }
    for event in events:
        # the second salvo's sentence names nobody: unknown stays unknown
        expected = set() if event.location.name == "Kirkuk" else {"Military Forces of Iran"}  # type: ignore[union-attr]
        assert roles(event, "perpetrator") == expected
        assert event.fatalities_best == 0
    assert next(e for e in events if e.location.name == "Erbil").location.precision == 2  # type: ignore[union-attr]


def test_hypothetical_denied_and_habitual_violence_is_no_event(extract) -> None:  # type: ignore[no-untyped-def]
    assert (
        extract(
            "Tehran warns Washington",
            "Iran said it would strike US bases in the region if Washington attacked its territory.",
            "Officials vowed to retaliate against any aggression and threatened to target the Green Zone.",
            "Militants have fired dozens of rockets at the Green Zone in recent months. Such attacks have become common.",
            "The army denied that it had shelled the village.",
        )
        == []
    )


def test_suspected_and_claimed_perpetrators(extract) -> None:  # type: ignore[no-untyped-def]
    [balad] = extract(
        "Rockets hit Balad base",
        "Three rockets landed inside Balad Air Base on Thursday night without causing casualties. US officials "
        "blamed Kataib Hezbollah for the attack.",
    )
    assert [(a.name, a.role, a.attribution) for a in balad.actors if a.role == "perpetrator"] == [
        ("Kataib Hezbollah", "perpetrator", "suspected")
    ]
    assert balad.date == date(2020, 6, 11) and balad.fatalities_best == 0
    [kabul] = extract(
        "Suicide bomber kills 12 in Kabul",
        "A suicide bomber blew himself up outside a mosque in Kabul on Friday, killing at least 12 people and "
        "wounding 30, officials said. The Islamic State claimed responsibility.",
    )
    assert (kabul.sub_event_type, kabul.fatalities_low, kabul.fatalities_best, kabul.injuries) == (
        "Suicide bomb",
        12,
        12,
        30,
    )
    assert [(a.name, a.attribution) for a in kabul.actors if a.role == "perpetrator"] == [("Islamic State", "claimed")]


@pytest.mark.parametrize(
    ("body", "event_type", "sub_type", "place", "perpetrator", "target"),
    [
        (
            "A roadside bomb struck an Iraqi army patrol near Baqubah on Tuesday, killing three soldiers, police said.",
            EXPLOSIONS, "Remote explosive/landmine/IED", "Baqubah", None, "Military Forces of Iraq",
        ),
        (
            "Kurdish Peshmerga fighters clashed with Islamic State militants near Kirkuk on Monday.",
            "Battles", "Armed clash", "Kirkuk", "Peshmerga", "Islamic State",
        ),
        (
            "Gunmen abducted four engineers from a construction site outside Basra on Sunday, officials said.",
            "Violence against civilians", "Abduction/forced disappearance", "Basrah", "Unidentified Armed Group (Iraq)", None,
        ),
        (
            "Israeli warplanes struck targets near Damascus International Airport overnight on Wednesday.",
            EXPLOSIONS, "Air/drone strike", "Damascus International Airport", "Military Forces of Israel", None,
        ),
        (
            "Thousands of protesters gathered in Baghdad's Tahrir Square on Friday. Security forces fired tear gas "
            "to disperse the crowd.",
            "Protests", "Protest with intervention", "Tahrir Square", "Protesters (Iraq)", "Military Forces of Iraq",
        ),
        (  # bombs dropped from a jet: an air strike, though no air force is named
            "A fighter jet dropped bombs on a village near Mandalay on Tuesday, killing 12 people.",
            EXPLOSIONS, "Air/drone strike", "Mandalay", None, "Civilians (Myanmar)",
        ),
        (  # a junta is the state's military
            "The Myanmar junta shelled villages near Mandalay on Monday, killing five people.",
            EXPLOSIONS, "Shelling/artillery/missile attack", "Mandalay", "Military Forces of Myanmar",
            "Civilians (Myanmar)",
        ),
        (  # a rocket-propelled grenade is a gunfighter's weapon, not a rocket attack
            "Gunmen fired rocket-propelled grenades at Iraqi soldiers near Tikrit on Monday.",
            "Battles", "Armed clash", "Tikrit", "Unidentified Armed Group (Iraq)", "Military Forces of Iraq",
        ),
    ],
)  # fmt: skip
def test_event_types(extract, body, event_type, sub_type, place, perpetrator, target) -> None:  # type: ignore[no-untyped-def]
    events = extract("Report", body)
    assert len(events) == 1, events
    event = events[0]
    assert (event.event_type, event.sub_event_type) == (event_type, sub_type)
    assert event.location is not None and event.location.name == place
    if perpetrator:
        assert perpetrator in roles(event, "perpetrator")
    else:
        assert not roles(event, "perpetrator")
    if target:
        assert target in roles(event, "target") | roles(event, "other")


def test_relative_dates_need_a_publication_date(extract) -> None:  # type: ignore[no-untyped-def]
    assert extract("Report", "Rockets struck Camp Taji on Saturday.", published=None) == []
    [event] = extract("Report", "Rockets struck Camp Taji on June 3, 2020.", published=None)
    assert event.date == date(2020, 6, 3)


def test_unnamed_people_and_gunmen_are_the_places(extract) -> None:  # type: ignore[no-untyped-def]
    # ACLED names civilians and unidentified gunmen after the country where the event happened,
    # not after the country the article is mostly about
    events = extract(
        "Iraqi militias step up attacks on US forces in Iraq",
        "Rockets hit a base near Baghdad on Monday, Iraqi officials said.",
        "On Tuesday, a gunman opened fire on a bus stop in Tel Aviv, wounding five civilians, Israeli police said.",
    )
    tel_aviv = next(e for e in events if e.location is not None and e.location.name == "Tel Aviv")
    assert roles(tel_aviv, "target") == {"Civilians (Israel)"}
    assert roles(tel_aviv, "perpetrator") == {"Unidentified Armed Group (Israel)"}


def test_a_place_many_places_share_still_says_the_articles_country(extract) -> None:  # type: ignore[no-untyped-def]
    # "Moscow" is also a town in Idaho: the article has no unambiguous place, yet it is Russia's
    [event] = extract(
        "Concert hall attack",
        "The number of people killed when four gunmen stormed a concert hall in Moscow on Friday night rose "
        "to 133 on Saturday, investigators said.",
        published="2024-03-23T12:00:00+00:00",
    )
    assert (event.date, event.fatalities_best) == (date(2024, 3, 22), 133)
    assert roles(event, "perpetrator") == {"Unidentified Armed Group (Russia)"}


def test_a_sea_is_no_country_of_the_article(extract) -> None:  # type: ignore[no-untyped-def]
    # a sea's coasts are several countries': naming it often does not make the article Omani
    events = extract(
        "Tanker attacked in the Gulf of Oman",
        "A tanker was damaged by an explosion in the Gulf of Oman on Thursday, its operator said.",
        "On Wednesday, a missile struck the airport of Jizan, a city in Saudi Arabia.",
        "On Tuesday, gunmen killed two policemen, officials said.",
    )
    by_day = {e.date.isoformat(): e.location for e in events if e.location is not None}
    assert by_day["2020-06-11"].name == "Gulf of Oman"
    assert by_day["2020-06-09"].country == "SA"  # no place of its own: the article's country


def test_in_northern_a_city_is_where_it_happened(extract) -> None:  # type: ignore[no-untyped-def]
    # "in northern Tehran" is in Tehran; "north of Tehran" only says where from
    [inside] = extract("Scientist killed", "A bomb attached to his car exploded in northern Tehran on Monday.")
    assert inside.location is not None and inside.location.name == "Tehran"


@pytest.mark.parametrize(
    "body",
    [
        "American and British warplanes carried out dozens of airstrikes on Sanaa on Friday.",
        "US and British jets and drones struck Sanaa on Friday.",
    ],
)
def test_coordinated_perpetrators(extract, body: str) -> None:  # type: ignore[no-untyped-def]
    # each nationality of "American and British warplanes" is an actor, and the weapons joined to
    # the subject ("jets and drones") do not hide it
    [event] = extract("Strikes on Yemen", body)
    assert roles(event, "perpetrator") == {
        "Military Forces of the United States",
        "Military Forces of the United Kingdom",
    }


def test_the_protests_told_already_are_no_new_protest(extract) -> None:  # type: ignore[no-untyped-def]
    events = extract(
        "Thousands protest in Basra",
        "Thousands of protesters marched in Basra on Friday against power cuts.",
        "In Baghdad, officials have been watching the protests closely.",
    )
    assert [(e.event_type, e.location.name) for e in events if e.location] == [("Protests", "Basrah")]


def test_a_place_in_a_relative_clause_without_a_trigger_is_not_the_events(extract) -> None:  # type: ignore[no-untyped-def]
    events = extract(
        "Tanker hit",
        "Gunmen attacked a convoy near Fallujah on Thursday, which came as the minister was visiting Ramadi.",
    )
    assert [e.location.name for e in events if e.location] == ["Al Fallujah"]


def test_the_capital_is_the_countrys_capital(extract) -> None:  # type: ignore[no-untyped-def]
    [iraqi] = extract("Checkpoint attacked", "Gunmen attacked a checkpoint in the Iraqi capital on Monday.")
    assert iraqi.location is not None and iraqi.location.name == "Baghdad"
    events = extract(
        "Bombings in Iraq",
        "Rockets struck a base near Kirkuk on Sunday, Iraqi officials said.",
        "On Monday a car bomb went off in the capital, killing three people.",
        "Another bomb exploded in the provincial capital on Tuesday.",
    )
    places = {e.date.isoformat(): e.location.name for e in events if e.location}
    assert places["2020-06-08"] == "Baghdad"  # the article's country is Iraq
    assert places.get("2020-06-09") != "Baghdad"  # a province's capital is no country's


def test_the_weapon_told_after_an_explosion_says_what_it_was(extract) -> None:  # type: ignore[no-untyped-def]
    [event] = extract(
        "Blasts hit Aden airport",
        "Explosions rocked Aden airport on Wednesday, killing at least 20 people, officials said.",
        "Two security officials said three missiles had struck the terminal.",
    )
    assert event.sub_event_type == "Shelling/artillery/missile attack"
    assert event.fatalities_best == 20


def test_helpers_in_an_appositive_are_not_the_subject(extract) -> None:  # type: ignore[no-untyped-def]
    [event] = extract(
        "Syrian army advances in Homs province",
        "The Syrian army, backed by Russian air power and Hezbollah, has retaken the town of Palmyra on Sunday.",
        published="2017-03-06T12:00:00+00:00",
    )
    assert (event.event_type, event.sub_event_type) == ("Battles", "Government regains territory")
    assert roles(event, "perpetrator") == {"Military Forces of Syria"}


def test_a_headline_that_blames(extract) -> None:  # type: ignore[no-untyped-def]
    [event] = extract(
        "Tanker hit in suspected attack off Fujairah; US blames Iran",
        "An oil tanker was damaged in a suspected attack off the port of Fujairah on Thursday.",
    )
    assert [(a.name, a.attribution) for a in event.actors if a.role == "perpetrator"] == [
        ("Military Forces of Iran", "suspected")
    ]


def test_the_camp_points_back_to_the_place_named_before(extract) -> None:  # type: ignore[no-untyped-def]
    events = extract(
        "Troops leave Jenin after two-day raid",
        "Israeli troops withdrew from Jenin on Tuesday after a two-day operation, the army said.",
        "The operation opened early on Monday with a drone strike on a building in the camp.",
    )
    strike = next(e for e in events if e.sub_event_type == "Air/drone strike")
    assert strike.location is not None and strike.location.country == "PS" and strike.location.feature_type == "city"


def test_the_same_district_points_back_and_a_month_last_year_is_that_month(extract) -> None:  # type: ignore[no-untyped-def]
    events = extract(
        "Bomb hits Kabul school",
        "A car bomb outside a school in the Dasht-e-Barchi area of western Kabul killed 30 people on Saturday.",
        "In May last year, gunmen stormed a clinic in the same district and shot dead 24 people.",
    )
    earlier = next(e for e in events if e.event_type == "Violence against civilians")
    assert earlier.location is not None and earlier.location.name == "Dasht-e-Barchi"
    assert (earlier.date, earlier.date_precision) == (date(2019, 5, 1), "month")


@pytest.mark.parametrize(
    "body",
    [
        "Thousands took to the streets of Basra on Friday, chanting slogans against the government.",
        "Thousands marched through Najaf on Friday.",
    ],
)
def test_a_crowd_in_the_streets_is_a_protest(extract, body: str) -> None:  # type: ignore[no-untyped-def]
    [event] = extract("Iraqis rally", body)
    assert (event.event_type, event.sub_event_type) == ("Protests", "Peaceful protest")
    assert roles(event, "perpetrator") == {"Protesters (Iraq)"}  # the crowd is the protest's actor, ACLED's first


def test_a_rally_without_a_crowd_or_money_pouring_in_is_no_protest(extract) -> None:  # type: ignore[no-untyped-def]
    assert extract("Markets", "Investors poured into Baghdad stocks on Friday as oil prices rallied.") == []


def test_fighters_of_a_named_group_are_that_group(extract) -> None:  # type: ignore[no-untyped-def]
    [event] = extract(
        "Village attacked",
        "Fighters of Sudan's paramilitary Rapid Support Forces killed more than 100 people when they stormed a "
        "village in Gezira state on Wednesday, activists said.",
    )
    assert event.event_type == "Violence against civilians"
    assert roles(event, "perpetrator") == {"Rapid Support Forces"}
    assert not any(name.startswith("Unidentified") for name in roles(event, "target"))


def test_a_sentence_opening_days_later_counts_from_the_date_told_before(extract) -> None:  # type: ignore[no-untyped-def]
    events = extract(
        "Sit-in attacked",
        "Protesters began a sit-in outside the army headquarters in Khartoum on April 6.",
        "Two days later, security agents opened fire on the sit-in, killing seven people.",
        published="2019-06-03T12:00:00+00:00",
    )
    assert date(2019, 4, 8) in {e.date for e in events if e.fatalities_best == 7}


def test_an_unlisted_town_named_once_is_known_bare_later_and_that_evening_is_the_same_day(extract) -> None:  # type: ignore[no-untyped-def]
    events = extract(
        "West Bank",
        "Two men were shot dead on Sunday afternoon on the main road through the West Bank town of Huwara.",
        "That evening, hundreds of men descended on Huwara and set fire to dozens of homes and cars.",
        published="2023-02-27T08:00:00+00:00",
    )
    riots = [e for e in events if e.event_type == "Riots"]
    assert [(e.date, e.location.name if e.location else None) for e in riots] == [(date(2023, 2, 26), "Huwara")]
