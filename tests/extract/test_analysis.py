"""Clause reading rules (analysis.py, with the places and assembly they feed), on news prose
written for these tests: one general rule each, ACLED's codebook where it decides."""

from __future__ import annotations

from datetime import date

from api.extract.candidate import EventCandidate

EXPLOSIONS = "Explosions/Remote violence"
VAC = "Violence against civilians"


def roles(event: EventCandidate, role: str) -> set[str]:
    return {a.name for a in event.actors if a.role == role}


def places(events: list[EventCandidate]) -> set[str]:
    return {e.location.name for e in events if e.location is not None}


def test_the_attack_told_at_the_end_of_its_own_clause_keeps_the_places(extract) -> None:  # type: ignore[no-untyped-def]
    # "the attack" closes the clause that told it: the places before it are this event's
    events = extract(
        "Refinery ablaze",
        "Drones struck an oil depot early on Friday, starting fires at the Abqaiq processing plant, and the "
        "Houthis said they had carried out the attack.",
    )
    assert "Abqaiq processing plant" in places(events)
    # a reaction still opens at its anaphor: "Tehran condemned the attack" names no place of it
    [event] = extract(
        "Rockets hit base",
        "Rockets hit Camp Taji on Friday. In Tehran, officials condemned the attack.",
    )
    assert event.location is not None and event.location.name == "Camp Taji"


def test_armed_men_storming_assault_rather_than_riot(extract) -> None:  # type: ignore[no-untyped-def]
    [camp] = extract(
        "Militants storm army post",
        "Islamic State militants stormed an army checkpoint near Kirkuk on Friday, killing four Iraqi soldiers.",
    )
    assert camp.event_type == "Battles"
    # a crowd storming stays a riot
    [embassy] = extract(
        "Protesters storm embassy",
        "Hundreds of protesters stormed the Iranian consulate in Najaf on Friday and set it on fire.",
    )
    assert embassy.event_type == "Riots"


def test_gunmen_firing_on_protesters_attack_civilians(extract) -> None:  # type: ignore[no-untyped-def]
    # excessive force against protesters is the state's; an armed group turning on a crowd attacks civilians
    [gunmen] = extract(
        "Gunmen kill protesters",
        "Gunmen opened fire on protesters in Tahrir Square in Baghdad on Friday, killing six people.",
    )
    assert (gunmen.event_type, gunmen.sub_event_type) == (VAC, "Attack")
    [police] = extract(
        "Police kill protesters",
        "Riot police opened fire on protesters in Tahrir Square in Baghdad on Friday, killing six people.",
    )
    assert (police.event_type, police.sub_event_type) == ("Protests", "Excessive force against protesters")


def test_a_crowd_clashing_with_police_riots(extract) -> None:  # type: ignore[no-untyped-def]
    # the crowd is the subject even past a relative clause
    [event] = extract(
        "Clashes at the Green Zone",
        "Supporters of the losing parties, which reject the election results, clashed with security forces near "
        "the Green Zone on Friday.",
    )
    assert event.event_type == "Riots"
    assert any(name.startswith("Protesters") for name in roles(event, "perpetrator"))


def test_a_weapon_naming_a_thing_is_no_event(extract) -> None:  # type: ignore[no-untyped-def]
    assert (
        extract(
            "Judge summoned",
            "The judge leading the port explosion inquiry summoned two former ministers in Beirut on Monday.",
            "Officials toured a drone factory and the rocket launchers on display in Tehran on Monday.",
        )
        == []
    )


def test_what_a_crowd_chants_against_does_nothing(extract) -> None:  # type: ignore[no-untyped-def]
    events = extract(
        "Protesters return",
        "Thousands of protesters marched in Tahrir Square in Baghdad on Saturday, chanting against Iran and "
        "burning tyres.",
    )
    assert events and all(not roles(e, "perpetrator") & {"Military Forces of Iran"} for e in events)


def test_two_places_hit_are_two_events_however_near(extract) -> None:  # type: ignore[no-untyped-def]
    events = extract(
        "Drones hit Abu Dhabi",
        "Drones struck a fuel depot in Abu Dhabi's Musaffah district and a construction site at Abu Dhabi "
        "International Airport on Monday, killing three people.",
        published="2022-01-17T12:00:00+00:00",
    )
    assert len(events) == 2 and "Abu Dhabi International Airport" in places(events)
    assert all(e.date == date(2022, 1, 17) and e.event_type == EXPLOSIONS for e in events)
    # one place inside the other ("Baghdad's Sadr City") is one event
    [market] = extract(
        "Market bombing",
        "A suicide bomber blew himself up in a market in Baghdad's Sadr City on Monday, killing 30 people.",
    )
    assert market.fatalities_best == 30


def test_an_attack_claimed_by_a_group_is_its_claim(extract) -> None:  # type: ignore[no-untyped-def]
    [event] = extract(
        "Blast in Kabul",
        "A car bomb exploded outside a police station in Kabul on Friday, killing five people, in an attack "
        "claimed by the Islamic State.",
    )
    assert [(a.name, a.attribution) for a in event.actors if a.role == "perpetrator"] == [("Islamic State", "claimed")]


def test_said_to_be_responsible_is_suspected_and_a_refusal_to_say_names_nobody(extract) -> None:  # type: ignore[no-untyped-def]
    [event] = extract(
        "Rockets hit base",
        "Rockets struck Balad Air Base on Friday, and officials said Kataib Hezbollah was responsible for the attack.",
    )
    assert [(a.name, a.attribution) for a in event.actors if a.role == "perpetrator"] == [
        ("Kataib Hezbollah", "suspected")
    ]
    [unknown] = extract(
        "Rockets hit base",
        "Rockets struck Balad Air Base on Friday. The Pentagon would not speculate about whether Iran was behind "
        "the attack.",
    )
    assert not any(a.role == "perpetrator" for a in unknown.actors)


def test_a_verb_before_a_noun_is_still_the_deed(extract) -> None:  # type: ignore[no-untyped-def]
    # only weapon nouns name things: "jets strike bases" hits the bases
    events = extract(
        "Jets strike bases", "Israeli jets struck bases of Iranian-backed militias near Albu Kamal on Monday."
    )
    assert events and events[0].event_type == EXPLOSIONS


def test_a_states_possessive_names_whose_group_across_modifiers(extract) -> None:  # type: ignore[no-untyped-def]
    # "Syria's Iran-backed Fatemiyoun brigade": the group acts; neither Syria nor its sponsor Iran does
    [event] = extract(
        "Rocket hits town",
        "A rocket fired by Lebanon's Iran-backed Hezbollah hit Kiryat Shmona in Israel on Saturday, wounding two people.",
    )
    assert roles(event, "perpetrator") == {"Hezbollah"}


def test_people_no_word_names_are_of_the_events_place(extract) -> None:  # type: ignore[no-untyped-def]
    # the article is mostly about the UAE; those killed in the raid on Sanaa told a sentence later are Yemenis
    events = extract(
        "Drones hit Abu Dhabi",
        "Drones struck a fuel depot in Abu Dhabi on Monday, the UAE said. Hours later, warplanes launched air "
        "raids on Sanaa in Yemen. Residents said the raids flattened a house overnight, killing at least 14 people.",
    )
    [sanaa] = [e for e in events if e.location is not None and e.location.name == "Sanaa"]
    assert "Civilians (Yemen)" in roles(sanaa, "target")
    assert not any(name.startswith("Civilians (United Arab") for name in roles(sanaa, "target"))


def test_what_came_before_the_event_is_another_event(extract) -> None:  # type: ignore[no-untyped-def]
    # "The violence followed a day when crowds marched": the march is its own event, on its own day
    events = extract(
        "Gunmen attack protesters",
        "Men in pickup trucks fired on anti-government demonstrators at Khilani Square in Baghdad late on Friday, "
        "killing 20 people. The violence followed a tense day on Thursday, when thousands of supporters of the "
        "ruling parties marched through Tahrir Square waving flags.",
    )
    march = [e for e in events if e.event_type == "Protests"]
    assert [(e.date, e.location.name if e.location else None) for e in march] == [(date(2020, 6, 11), "Tahrir Square")]


def test_the_day_something_was_said_is_not_the_day_it_happened(extract) -> None:  # type: ignore[no-untyped-def]
    # a toll told on Friday is the Wednesday bombing's, not a second event; the later toll is the best one
    [event] = extract(
        "Bomb kills soldiers",
        "A roadside bomb killed three soldiers near Tikrit in Iraq on Wednesday. "
        "Police in Tikrit said on Friday that five soldiers had been killed.",
    )
    assert (event.date, event.fatalities_best) == (date(2020, 6, 10), 5)
    # a speaker is no victim: "a doctor at the city hospital said"
    [event] = extract(
        "Bomb kills soldiers",
        "A roadside bomb killed three soldiers near Tikrit in Iraq on Wednesday. "
        "A doctor at the city hospital said on Friday that a fourth soldier had died.",
    )
    assert roles(event, "target") == set()


def test_the_dead_being_protesters_is_no_protest(extract) -> None:  # type: ignore[no-untyped-def]
    events = extract(
        "Gunmen kill 12 in Basra",
        "Gunmen fired on a crowd in Basra in Iraq on Friday, killing 12 people. Most of the dead were protesters.",
    )
    assert [e.event_type for e in events] == [VAC]


def test_protesters_stabbed_are_attacked_civilians(extract) -> None:  # type: ignore[no-untyped-def]
    [event] = extract(
        "Protesters stabbed",
        "Eight protesters were stabbed by men carrying knives in Tahrir Square in Baghdad on Thursday.",
    )
    assert (event.event_type, event.sub_event_type) == (VAC, "Attack")


def test_blades_say_how_worshipers_were_attacked(extract) -> None:  # type: ignore[no-untyped-def]
    # the gunfight with police that ended it is no part of the attack on the worshipers
    events = extract(
        "Worshipers killed in Baghdad mosque attack",
        "Four worshipers were killed on Tuesday when two men armed with meat cleavers and a pistol attacked a "
        "mosque in Baghdad in Iraq during morning prayers. They were shot dead by police officers in a gunfight "
        "outside the building minutes later.",
    )
    [event] = [e for e in events if e.location is not None and e.location.name == "Baghdad"]
    assert (event.event_type, event.sub_event_type) == (VAC, "Attack")
    assert any(a.role == "target" and a.kind == "civilians" for a in event.actors)


def test_terrorists_storming_a_university_attack_it(extract) -> None:  # type: ignore[no-untyped-def]
    [event] = extract(
        "University attack",
        "In January, terrorists stormed a university in Mosul in Iraq, killing 21 people, most of them students.",
    )
    assert (event.event_type, event.sub_event_type) == (VAC, "Attack")
    assert any(a.role == "perpetrator" and a.kind == "non-state armed group" for a in event.actors)


def test_named_forces_among_the_dead_are_targets(extract) -> None:  # type: ignore[no-untyped-def]
    # the dead include members of an army: gunmen who fired on its parade fought it
    [event] = extract(
        "25 Killed as Gunmen Open Fire on Military Parade",
        "At least 25 people, including members of the Peshmerga and civilian spectators, were killed on Saturday "
        "when gunmen opened fire on a military parade in Erbil in Iraq.",
    )
    assert any(a.role == "target" and a.name == "Peshmerga" for a in event.actors)
    assert event.event_type == "Battles"


def test_a_march_is_a_protest_and_march_the_month_is_not(extract) -> None:  # type: ignore[no-untyped-def]
    [march] = extract(
        "Crowds march in Basra",
        "On Friday, tens of thousands of people joined a peaceful march through Basra in Iraq.",
    )
    assert (march.event_type, march.sub_event_type) == ("Protests", "Peaceful protest")
    assert extract("Families return", "In March, thousands of people returned to Basra in Iraq.") == []


def test_the_date_opening_a_sentence_is_its_main_clauses(extract) -> None:  # type: ignore[no-untyped-def]
    # the aside "the day after ..." ends at its comma; the date that opens the sentence dates the march
    events = extract(
        "Protests in Basra",
        "On June 9, the day after the law was passed, organisers said nearly 2 million people marched "
        "through Basra in Iraq.",
    )
    assert [(e.event_type, e.date.isoformat()) for e in events] == [("Protests", "2020-06-09")]


def test_a_crowd_smashing_its_way_in_riots(extract) -> None:  # type: ignore[no-untyped-def]
    [event] = extract(
        "Crowds in Baghdad",
        "Hundreds of protesters smashed the windows of the parliament in Baghdad in Iraq on Monday.",
    )
    assert event.event_type == "Riots"


def test_the_agent_of_a_passive_may_stand_far_from_it(extract) -> None:  # type: ignore[no-untyped-def]
    [event] = extract(
        "Envoy killed",
        "On Friday, the Turkish ambassador was shot dead while giving a speech at a gallery in Baghdad in Iraq "
        "by an off-duty police officer.",
    )
    assert [(a.name, a.role) for a in event.actors if a.name == "Police Forces of Iraq"] == [
        ("Police Forces of Iraq", "perpetrator")
    ]


def test_armed_men_opening_the_clause_did_the_killing(extract) -> None:  # type: ignore[no-untyped-def]
    [event] = extract(
        "Village attacked",
        "On Saturday, the attackers surrounded a village near Mosul in Iraq and went from hut to hut, shooting "
        "people and setting homes alight.",
    )
    assert (event.event_type, event.sub_event_type) == (VAC, "Attack")
    assert not any(a.role == "target" and a.kind == "non-state armed group" for a in event.actors)


def test_a_squad_of_gunmen_after_by_did_it(extract) -> None:  # type: ignore[no-untyped-def]
    [event] = extract(
        "Governor killed",
        "The governor was shot dead at his home in Basra in Iraq by a squad of gunmen early on Wednesday.",
    )
    assert [a.kind for a in event.actors if a.role == "perpetrator"] == ["non-state armed group"]


def test_joining_the_protests_is_no_protest(extract) -> None:  # type: ignore[no-untyped-def]
    events = extract(
        "Cleric returns",
        "The cleric, whose followers have joined the protests, was believed to be in Iran.",
    )
    assert events == []


def test_in_the_square_points_back_to_the_square_just_named(extract) -> None:  # type: ignore[no-untyped-def]
    events = extract(
        "Crowds in Tahrir Square",
        "Thousands marched through Tahrir Square in Baghdad on Thursday. After they left, eight protesters in "
        "the square were stabbed by men carrying knives.",
    )
    [stabbing] = [e for e in events if e.event_type == VAC]
    assert stabbing.location is not None and stabbing.location.name == "Tahrir Square"


def test_sponsored_groups_act_and_rebels_are_named_as_rebels(extract) -> None:  # type: ignore[no-untyped-def]
    # "Iran-backed militias attacked": the militias did it, the sponsor did not
    [militias] = extract(
        "Militias attack base",
        "Iran-backed militias attacked a base near Baghdad in Iraq on Friday, killing two soldiers.",
    )
    assert roles(militias, "perpetrator") == {"Unidentified Armed Group (Iraq)"}
    # rebels are the state's armed opposition, not an armed group of unknown aim
    [town] = extract(
        "Rebels retake town",
        "Turkish-backed rebel fighters recaptured the town of Saraqib in Syria on Thursday.",
    )
    assert roles(town, "perpetrator") == {"Rebels (Syria)"}


def test_a_governments_guns_are_its_army_and_positions_are_military(extract) -> None:  # type: ignore[no-untyped-def]
    [event] = extract(
        "Shelling kills soldiers",
        "Seven soldiers died when Syrian government artillery shelled Turkish positions near Saraqib on Monday.",
    )
    assert roles(event, "perpetrator") == {"Military Forces of Syria"}
    assert "Military Forces of Turkey" in roles(event, "target")


def test_soldiers_told_alone_are_the_army_named_before(extract) -> None:  # type: ignore[no-untyped-def]
    events = extract(
        "Nigerian troops kill Shiites in Zaria",
        "Nigerian troops killed dozens of people in the city of Zaria on Saturday, witnesses said.",
        "In July last year, soldiers opened fire on a procession in Kano, killing 34 people.",
    )
    kano = next(e for e in events if e.location is not None and e.location.name == "Kano")
    assert roles(kano, "perpetrator") == {"Military Forces of Nigeria"}
    # with no army named before, soldiers alone are nobody's
    [alone] = extract(
        "Procession attacked", "Soldiers opened fire on a procession in Kano on Friday, killing 34 people."
    )
    assert roles(alone, "perpetrator") == set()


def test_troops_firing_on_a_crowd_shoot(extract) -> None:  # type: ignore[no-untyped-def]
    [event] = extract("Shiites killed", "On Sunday, Nigerian troops fired on the crowd of supporters in Zaria.")
    assert (event.event_type, event.sub_event_type) == (VAC, "Attack")  # gunfire, not an air strike
    assert roles(event, "perpetrator") == {"Military Forces of Nigeria"}


def test_troops_storming_a_house_assault_it(extract) -> None:  # type: ignore[no-untyped-def]
    [event] = extract("Raid", "On Sunday, Nigerian troops stormed the cleric's house in Zaria.")
    assert event.event_type != "Riots" and roles(event, "perpetrator") == {"Military Forces of Nigeria"}


def test_setting_fire_without_a_crowd_is_no_riot(extract) -> None:  # type: ignore[no-untyped-def]
    assert extract("Attack", "They set fire to cars parked outside and fired on ambulances on Friday.") == []
    [riot] = extract("Unrest", "Angry residents torched the mayor's office in Basra on Friday.")
    assert riot.event_type == "Riots"


def test_gunmen_rounding_people_up_abduct_them(extract) -> None:  # type: ignore[no-untyped-def]
    [event] = extract("Farmers taken", "Gunmen on motorcycles rounded up dozens of farmers near Maiduguri on Saturday.")
    assert (event.event_type, event.sub_event_type) == (VAC, "Abduction/forced disappearance")
    arrests = extract("Arrests", "Police rounded up dozens of suspects in Maiduguri on Saturday.")
    assert {e.sub_event_type for e in arrests} == {"Arrests"}


def test_a_clause_telling_how_lends_its_place_to_the_killing(extract) -> None:  # type: ignore[no-untyped-def]
    [event] = extract(
        "Scientist killed",
        "A nuclear scientist was killed on Friday after assailants targeted his car in Absard, east of Tehran.",
    )
    assert event.location is not None and event.location.name == "Absard"
    assert event.location.country == "IR"


def test_the_day_a_group_claims_an_attack_is_not_the_attacks(extract) -> None:  # type: ignore[no-untyped-def]
    events = extract(
        "Blasts kill 95 in Kerman",
        "Islamic State claimed responsibility on Thursday for the two explosions that killed 95 people in the "
        "city of Kerman a day earlier.",
        published="2024-01-04T12:00:00+00:00",
    )
    assert {e.date for e in events} == {date(2024, 1, 3)}


def test_the_day_a_group_claimed_an_attack_before_the_verb_is_not_the_attacks(extract) -> None:  # type: ignore[no-untyped-def]
    events = extract(
        "Rally bombed",
        "Islamic State on Monday claimed responsibility for a suicide bombing at a rally in Peshawar.",
        "The bomber blew himself up near the stage on Sunday.",
        published="2023-07-31T12:00:00+00:00",
    )
    assert {e.date for e in events} == {date(2023, 7, 30)}


def test_the_day_a_death_toll_rose_is_not_the_attacks(extract) -> None:  # type: ignore[no-untyped-def]
    [event] = extract(
        "Kirkuk market bombing toll rises",
        "The death toll from a car bombing at a market in Kirkuk rose to 40 on Sunday, officials said.",
        "The bomber struck the crowded market on Friday evening.",
        published="2021-07-18T12:00:00+00:00",
    )
    assert event.date == date(2021, 7, 16)
    assert event.fatalities_best == 40


def test_a_death_toll_from_a_weapon_asserts_its_attack(extract) -> None:  # type: ignore[no-untyped-def]
    [event] = extract("Nigeria", "The death toll from a car bomb at a bus station in Kano rose to 17 on Monday.")
    assert (event.event_type, event.fatalities_best) == (EXPLOSIONS, 17)


def test_a_suicide_bomber_told_after_a_bombing_makes_it_a_suicide_bombing(extract) -> None:  # type: ignore[no-untyped-def]
    [event] = extract(
        "ISIS bomber strikes mosque in Kunduz",
        "A bomb tore through a Shiite mosque in Kunduz during Friday prayers, killing dozens.",
        "Witnesses said a suicide bomber blew himself up among the worshippers.",
        published="2021-10-08T15:00:00+00:00",
    )
    assert (event.event_type, event.sub_event_type) == (EXPLOSIONS, "Suicide bomb")


def test_aircraft_that_strike_make_an_air_strike(extract) -> None:  # type: ignore[no-untyped-def]
    [event] = extract(
        "Raid on Idlib market",
        "Russian jets struck a market in Idlib on Monday, killing 12 people, according to rebel officials.",
    )
    assert (event.event_type, event.sub_event_type) == (EXPLOSIONS, "Air/drone strike")
    roles = {(a.name, a.role) for a in event.actors}
    assert ("Military Forces of Russia", "perpetrator") in roles
    assert not any(role == "target" and "Rebels" in name for name, role in roles)  # they told it


def test_a_clause_days_later_takes_the_date_and_place_told_before_it(extract) -> None:  # type: ignore[no-untyped-def]
    events = extract(
        "Siege ends",
        "On Monday, gunmen seized a school in the town of Kano; troops stormed the building two days later, "
        "killing five of the attackers.",
    )
    stormed = [e for e in events if e.fatalities_best == 5]
    assert [(e.date, e.location.name if e.location else None) for e in stormed] == [(date(2020, 6, 10), "Kano")]


def test_passengers_a_train_carries_are_no_crowd(extract) -> None:  # type: ignore[no-untyped-def]
    events = extract(
        "Train attacked",
        "Gunmen halted the train on Tuesday near Quetta, which was carrying more than 400 passengers, and then "
        "stormed the nine carriages, officials said.",
    )
    assert not any(e.event_type == "Riots" or any("Protesters" in a.name for a in e.actors) for e in events)


def test_the_subject_of_a_clause_does_the_killing_its_participle_tells(extract) -> None:  # type: ignore[no-untyped-def]
    [event] = extract(
        "Siege ends",
        "Pakistani security forces on Wednesday ended a day-and-a-half siege of a passenger train hijacked by "
        "separatists in the mountains near Quetta, killing all 33 attackers, the army said.",
    )
    assert event.fatalities_best == 33
    assert {a.name for a in event.actors if a.role == "perpetrator"} == {"Military Forces of Pakistan"}
    [ambush] = extract("Ambush", "Iraqi soldiers were ambushed near Tikrit on Monday, killing three.")
    assert not any(a.role == "perpetrator" and "Iraq" in a.name and "Military" in a.name for a in ambush.actors)


def test_a_campaign_rally_is_no_protest(extract) -> None:  # type: ignore[no-untyped-def]
    [event] = extract(
        "Candidate killed",
        "On Wednesday, presidential candidate Juan Perez was shot dead as he left a campaign rally at a school in Quito.",
    )
    assert (event.event_type, event.sub_event_type) == ("Violence against civilians", "Attack")


def test_a_police_official_who_tells_a_toll_is_no_target(extract) -> None:  # type: ignore[no-untyped-def]
    [event] = extract(
        "Church bombed", "More than 100 people were killed at the church in Negombo, a police official said."
    )
    assert not any("Police" in a.name for a in event.actors)


def test_who_arrived_in_a_when_clause_did_not_do_the_killing(extract) -> None:  # type: ignore[no-untyped-def]
    events = extract(
        "Raid",
        "Hours later, when police arrived to search a house in the Wellampitiya area of Colombo, a woman inside "
        "set off explosives, killing herself and three police officers.",
    )
    assert not any(a.role == "perpetrator" and "Police" in a.name for e in events for a in e.actors)


def test_explosions_heard_in_a_gunfight_are_the_gunfight(extract) -> None:  # type: ignore[no-untyped-def]
    [event] = extract(
        "Bamako attacked",
        "Gunmen attacked a gendarmerie school in Bamako on Tuesday; gunfire and explosions could be heard for hours.",
    )
    assert event.event_type != EXPLOSIONS
    assert "Police Forces of Mali" in {a.name for a in event.actors if a.role == "target"}  # gendarmes are police


def test_fighting_between_two_armed_sides_is_a_battle(extract) -> None:  # type: ignore[no-untyped-def]
    [event] = extract(
        "Prison siege",
        "Fighting between the Syrian Democratic Forces and Islamic State fighters at a prison in Hasakah entered its "
        "fifth day on Monday, with at least 154 people killed.",
    )
    assert (event.event_type, event.sub_event_type) == ("Battles", "Armed clash")
