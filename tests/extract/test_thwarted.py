"""Weapons stopped before they struck are a disrupted weapons use, not the attack they set out to be."""

from __future__ import annotations

from api.extract.candidate import EventCandidate


def _kinds(events: list[EventCandidate]) -> set[tuple[str, str]]:
    return {(e.event_type, e.sub_event_type) for e in events}


def test_a_drone_shot_down_in_the_clause_that_tells_it(extract) -> None:  # type: ignore[no-untyped-def]
    events = extract(
        "Drone downed",
        "An Iranian drone crossed into Israeli airspace on Saturday and was shot down by a helicopter near Beit Shean.",
    )
    assert _kinds(events) == {("Strategic developments", "Disrupted weapons use")}


def test_rockets_stopped_in_the_next_sentence(extract) -> None:  # type: ignore[no-untyped-def]
    events = extract(
        "Rockets fired at the Golan",
        "About 20 rockets were fired at army positions on the Golan Heights on Thursday.",
        "The Iron Dome shot down four of them, and the rest fell short.",
    )
    assert _kinds(events) == {("Strategic developments", "Disrupted weapons use")}


def test_only_some_stopped_the_rest_struck(extract) -> None:  # type: ignore[no-untyped-def]
    events = extract(
        "Rockets fired at the Golan",
        "About 20 rockets were fired at army positions on the Golan Heights on Thursday.",
        "The Iron Dome shot down four of them.",
    )
    assert _kinds(events) == {("Explosions/Remote violence", "Shelling/artillery/missile attack")}


def test_what_killed_was_not_stopped(extract) -> None:  # type: ignore[no-untyped-def]
    events = extract(
        "Rockets kill two",
        "Rockets fired at the town of Sderot on Thursday killed two people.",
        "Air defences intercepted several others.",
    )
    assert ("Explosions/Remote violence", "Shelling/artillery/missile attack") in _kinds(events)
