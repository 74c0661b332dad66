"""Trigger classes to ACLED types: one general rule per case, on the classes a clause would give."""

from __future__ import annotations

import pytest

from api.extract.keywords import find_triggers
from api.extract.taxonomy import classify


def kind_of(text: str, target_armed: bool = False, perpetrator_state: bool = False) -> tuple[str, str] | None:
    classes = {k.cls for k in find_triggers(text.lower())}
    kind = classify(classes, target_armed, perpetrator_state)
    return None if kind is None else (kind.event_type, kind.sub_event_type)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # headlines tell past events in the present tense
        ("Gunmen kill five farmers near Kirkuk", ("Violence against civilians", "Attack")),
        ("Protesters storm parliament building", ("Riots", "Violent demonstration")),
        # rioting that no word ties to a demonstration is mob violence
        ("Mobs set fire to shops and homes", ("Riots", "Mob violence")),
        # protesters shot or killed: force beyond dispersal
        ("Police shot dead six protesters", ("Protests", "Excessive force against protesters")),
        ("Troops opened fire on demonstrators", ("Protests", "Excessive force against protesters")),
        ("Police fired tear gas at protesters", ("Protests", "Protest with intervention")),
        # stun grenades are a crowd-control weapon, and a stoning crowd riots whatever is fired back
        ("Demonstrators threw stones as police fired stun grenades", ("Riots", "Violent demonstration")),
        ("Demonstrators burned tyres outside the ministry", ("Riots", "Violent demonstration")),
        ("The fire burned for hours", None),  # burning alone is no riot
        # a raid that detains people is an arrest; one that kills is an attack
        ("Police raided a house and detained four men", ("Strategic developments", "Arrests")),
        ("Soldiers raided a house and killed two men", ("Violence against civilians", "Attack")),
        # an abduction that ends in killing is an attack
        ("Gunmen abducted a shepherd and then killed him", ("Violence against civilians", "Attack")),
        ("Gunmen abducted two engineers", ("Violence against civilians", "Abduction/forced disappearance")),
        ("A suicide truck bombing killed 20 at the market", ("Explosions/Remote violence", "Suicide bomb")),
        ("A car packed with explosives blew up, killing three", ("Explosions/Remote violence",
                                                                 "Remote explosive/landmine/IED")),
        ("Four shepherds were found dead in a field", ("Violence against civilians", "Attack")),
    ],
)  # fmt: skip
def test_classes_make_a_kind(text: str, expected: tuple[str, str] | None) -> None:
    assert kind_of(text) == expected


def test_small_arms_against_armed_men_are_a_battle() -> None:
    assert kind_of("Gunmen opened fire on a checkpoint", target_armed=True) == ("Battles", "Armed clash")
    assert kind_of("Gunmen stabbed a soldier", target_armed=True) == ("Violence against civilians", "Attack")
