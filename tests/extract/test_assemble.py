"""From clauses to events: which clauses tell one event, which tell another, and what each keeps.
The project's own news prose, one general rule per test (published 2020-06-13, a Saturday)."""

from __future__ import annotations

from datetime import date

from api.extract.candidate import EventCandidate

RIOTS = ("Riots", "Violent demonstration")


def kinds(events: list[EventCandidate]) -> list[tuple[str, str]]:
    return [(e.event_type, e.sub_event_type) for e in events]


def test_a_main_clause_does_not_join_its_own_subordinate_clause(extract) -> None:  # type: ignore[no-untyped-def]
    events = extract(
        "Unrest in Kut",
        "Police opened fire on demonstrators, hours after protesters torched the provincial council building "
        "in Kut on Tuesday.",
    )
    kut = [e for e in events if e.location and e.location.name.endswith("Kut")]
    assert kinds(kut) == [RIOTS] and kut[0].date == date(2020, 6, 9)
    assert ("Protests", "Excessive force against protesters") in kinds(events)


def test_a_demonstration_is_as_violent_as_its_most_violent_sentence(extract) -> None:  # type: ignore[no-untyped-def]
    events = extract(
        "Protest in Kut",
        "Protesters gathered outside the governor's office in Kut on Monday.",
        "Some of them set fire to tyres, and police fired tear gas.",
    )
    assert kinds(events) == [RIOTS]


def test_force_used_on_a_crowd_is_part_of_the_demonstration(extract) -> None:  # type: ignore[no-untyped-def]
    [event] = extract(
        "Consulate attacked",
        "Demonstrators hurled petrol bombs at the Turkish consulate in Mosul on Sunday; guards opened fire, "
        "killing two of them.",
    )
    assert (event.event_type, event.fatalities_best, event.date) == ("Riots", 2, date(2020, 6, 7))


def test_a_reaction_is_no_new_event(extract) -> None:  # type: ignore[no-untyped-def]
    [event] = extract(
        "Journalist killed",
        "Gunmen shot dead a journalist in Basra on Thursday.",
        "On Friday, the interior minister condemned the killing and promised an inquiry.",
    )
    assert event.date == date(2020, 6, 11)


def test_a_date_in_a_relative_clause_is_not_the_event_s(extract) -> None:  # type: ignore[no-untyped-def]
    [event] = extract(
        "Drone hits house",
        "A drone struck the house of Salim Hamid, who resigned as governor last month, in Kirkuk on Wednesday.",
    )
    assert event.date == date(2020, 6, 10)


def test_the_first_since_names_an_earlier_event_at_the_same_place(extract) -> None:  # type: ignore[no-untyped-def]
    events = extract(
        "Car bomb kills 7 in Kirkuk",
        "A car bomb exploded in a market in Kirkuk on Thursday, killing seven people.",
        "It was the deadliest bombing in Kirkuk since March 2019, when a car bomb killed 12 people near the same "
        "market.",
    )
    earlier = [e for e in events if e.date.year == 2019]
    assert [(e.location.name, e.fatalities_best) for e in earlier if e.location] == [("Kirkuk", 12)]


def test_a_place_described_after_where_is_not_the_event_s(extract) -> None:  # type: ignore[no-untyped-def]
    [event] = extract(
        "Protesters killed",
        "In Basra, two protesters were killed on Friday near the port, where crowds have gathered for weeks on "
        "the road to Zubair.",
    )
    assert event.location is not None and event.location.name == "Basrah"


def test_capturing_people_is_not_taking_territory(extract) -> None:  # type: ignore[no-untyped-def]
    [event] = extract(
        "Soldiers killed",
        "Three Iraqi soldiers were killed and two captured in fighting with Islamic State militants near Sinjar "
        "on Monday.",
    )
    assert (event.event_type, event.sub_event_type) == ("Battles", "Armed clash")
    [town] = extract("Town falls", "Islamic State fighters seized the town of Sinjar on Monday.")
    assert town.sub_event_type == "Non-state actor overtakes territory"


def test_armies_bomb_from_the_air_and_militants_plant_bombs(extract) -> None:  # type: ignore[no-untyped-def]
    [army] = extract("Raids", "Turkish forces bombed PKK positions near Sinjar on Monday.")
    assert army.sub_event_type == "Air/drone strike"
    [militants] = extract("Bus bombed", "Islamic State militants bombed a bus in Kirkuk on Monday.")
    assert militants.sub_event_type == "Remote explosive/landmine/IED"


def test_a_crowd_clashing_with_police_riots(extract) -> None:  # type: ignore[no-untyped-def]
    [event] = extract("Clashes", "Supporters of the losing parties clashed with security forces in Basra on Friday.")
    assert (event.event_type, event.sub_event_type) == RIOTS


def test_trends_told_with_bare_plurals_are_no_events(extract) -> None:  # type: ignore[no-untyped-def]
    assert (
        extract(
            "Attacks go on",
            "Islamic State fighters still mount ambushes and bombings in Kirkuk province.",
            "Rocket attacks on US bases in Iraq surged in 2020.",
        )
        == []
    )


def test_a_protest_camp_is_a_place_not_a_protest(extract) -> None:  # type: ignore[no-untyped-def]
    events = extract("Blast", "A bomb exploded near the protest camp in Tahrir Square on Friday, killing two.")
    assert kinds(events) == [("Explosions/Remote violence", "Remote explosive/landmine/IED")]


def test_a_caption_dated_after_the_event_shows_it(extract) -> None:  # type: ignore[no-untyped-def]
    events = extract(
        "Rockets hit base",
        "Rockets struck a base near Kirkuk on Thursday, wounding two soldiers.",
        captions=("Smoke rises from the base near Kirkuk after the rocket attack, June 13, 2020",),
    )
    assert [e.date for e in events] == [date(2020, 6, 11)]


def test_the_first_told_kind_of_one_type_stays(extract) -> None:  # type: ignore[no-untyped-def]
    [event] = extract(
        "Villagers killed",
        "Gunmen killed nine villagers near Baqubah on Tuesday night.",
        "They had kidnapped a farmer in the village before the killings.",
    )
    assert (event.event_type, event.sub_event_type) == ("Violence against civilians", "Attack")


def test_an_undated_lead_event_is_news_not_an_old_attack_told_later(extract) -> None:  # type: ignore[no-untyped-def]
    # the lead's attack has no date; the siege of 2013 at the same city is another event, and the
    # caption's day dates the lead's
    events = extract(
        "Gunmen storm hotel in Baghdad",
        "Gunmen stormed a hotel in Baghdad in Iraq, killing 14 people, police said.",
        "The attack recalled the September 2013 siege of a Baghdad shopping mall in which gunmen killed 67 people.",
        captions=("Police at the hotel after gunmen attacked it in Baghdad, Iraq June 11, 2020.",),
    )
    by_date = {e.date: e.fatalities_best for e in events if e.event_type == "Violence against civilians"}
    assert by_date == {date(2020, 6, 11): 14, date(2013, 9, 1): 67}


def test_a_province_named_with_its_word_is_the_province(extract) -> None:  # type: ignore[no-untyped-def]
    # Myanmar's Sagaing region, not the town of Sagaing
    [event] = extract(
        "Air strike in Myanmar",
        "A Myanmar military air strike on a village in the central Sagaing region killed 20 people on Tuesday.",
    )
    assert event.location is not None and event.location.feature_type == "province"


def test_an_arrest_after_an_attack_is_an_event_of_its_own(extract) -> None:  # type: ignore[no-untyped-def]
    # the arrest does not make the attack an arrest, nor joins it
    events = extract(
        "Attack in Baghdad",
        "Gunmen attacked a market in Baghdad in Iraq on Tuesday, killing 12 people. Police arrested a local "
        "cleric in Baghdad on Tuesday.",
    )
    assert sorted(e.event_type for e in events) == ["Strategic developments", "Violence against civilians"]


def test_a_crowd_turns_a_riot_into_a_violent_demonstration(extract) -> None:  # type: ignore[no-untyped-def]
    [crowd] = extract("Unrest", "Angry crowds set fire to the offices of the ruling party in Basra on Friday.")
    assert (crowd.event_type, crowd.sub_event_type) == RIOTS
    [mobs] = extract("Unrest", "Mobs set fire to shops and homes in Basra on Friday.")
    assert (mobs.event_type, mobs.sub_event_type) == ("Riots", "Mob violence")
