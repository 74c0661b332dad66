"""Casualty figures in words and numerals."""

from __future__ import annotations

import pytest

from api.extract.casualties import read_casualties


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        ("rockets struck the base, killing four coalition personnel, including one contractor", 4, None),
        ("On March 11, three coalition personnel were killed, including two US troops, and 10 wounded", 3, 10),
        ("killing two U.S. service members and a British soldier serving with the coalition", 3, None),
        ("the death toll has risen to 25, officials said", 25, None),
        ("At least 12 people were killed and 30 injured in the blast", 12, 30),
        ("About a dozen other coalition personnel were wounded in the attack", None, 12),
        ("the son was stabbed to death, while another man was critically injured", 1, 1),
        ("the drone strike that killed Qassem Soleimani near the airport", 1, None),
        ("Twenty-one soldiers died and 1,200 people were hurt", 21, 1200),
        ("the UN said more than 100 people had been killed or wounded", None, None),  # the two in one figure
        ("The death toll from a car bomb at a market in the northern town of Kirkuk rose to 40 on Sunday", 40, None),
        ("Toll in Kano church blast climbs to 17", 17, None),
        ("the death toll from the bombing at a checkpoint stood at 9", 9, None),
        ("A security document put the number of dead at more than 70, most of them students", 70, None),
        ("Hospital officials put the death toll so far at 12", 12, None),
        ("A mother of five was killed by a stray bullet inside her apartment", 1, None),  # her children
        # figures joined by "and" add up
        ("Three soldiers and two civilians were killed in the ambush", 5, None),
        ("Four worshipers and a police officer were killed on Tuesday", 5, None),
    ],
)
def test_figures(text: str, killed: int | None, injured: int | None) -> None:
    found = read_casualties(text)
    assert found.killed == killed
    assert found.injured == injured


def test_at_least_is_a_floor_up_to_a_ceiling() -> None:
    floor = read_casualties("At least 7 people were killed")
    assert (floor.killed_low, floor.killed, floor.killed_high) == (7, 7, None)
    ceiling = read_casualties("up to 9 people were killed")
    assert (floor.killed_low, ceiling.killed_high) == (7, 9)


def test_no_casualties_said_and_counts_that_are_not_people() -> None:
    assert read_casualties("There was no immediate word of casualties.").none_reported
    assert read_casualties("no one was hurt").none_reported
    nothing = read_casualties("Two rockets had struck the base and caused limited damage.")
    assert nothing.killed is None and not nothing.none_reported
    assert read_casualties("22 missiles had fallen and killed").killed is None


def test_a_disputed_claim_is_not_a_toll() -> None:
    text = (
        "Iranian state television claimed that dozens of Americans had been killed, a claim for which it gave "
        "no evidence and which US officials did not confirm."
    )
    assert read_casualties(text).killed is None


def test_others_add_to_a_toll_told_elsewhere() -> None:
    assert read_casualties("Several other people in their convoy also died.").additional
    assert not read_casualties("Three people died.").additional


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("Police shot dead at least 14 people outside the governor's office", 14),
        ("gunmen gunned down two soldiers at a checkpoint", 2),
        ("troops shooting dead three men who ran the roadblock", 3),
    ],
)
def test_shooting_dead_counts_the_killed(text: str, killed: int) -> None:
    assert read_casualties(text).killed == killed
