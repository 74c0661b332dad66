"""Clauses of a sentence and whether each asserts its event: the project's own sentences, one
general rule each."""

from __future__ import annotations

import pytest

from api.extract.clauses import clauses, doubt, generic, is_reaction, markers, ongoing, relative_spans
from api.extract.keywords import find_triggers


def parts(text: str) -> list[tuple[str, bool]]:
    lowered = text.lower()
    violent = [k.start for k in find_triggers(lowered) if k.cls not in ("protest", "hurt")]
    return [(text[s:e].strip(" ,;"), sub) for s, e, sub in clauses(lowered, violent)]


def test_a_protest_against_an_attack_is_two_events() -> None:
    assert parts("Crowds stormed the consulate, protesting against air strikes that killed 12 on Sunday") == [
        ("Crowds stormed the consulate", False),
        ("protesting against air strikes that killed 12 on Sunday", True),
    ]
    # a protest against anything else keeps its words
    assert parts("Thousands marched in Basra protesting against corruption") == [
        ("Thousands marched in Basra protesting against corruption", False)
    ]


def test_a_new_subject_or_a_second_report_opens_a_clause() -> None:
    assert [p for p, _ in parts("Rockets hit the base on Monday, and they wounded two guards")] == [
        "Rockets hit the base on Monday",
        "and they wounded two guards",
    ]
    assert [p for p, _ in parts("The army said 30 shells were fired and that two of them hit a school")] == [
        "The army said 30 shells were fired",
        "and that two of them hit a school",
    ]
    # what went on meanwhile too, once the deed is told
    assert [p for p, _ in parts("A gunman killed 39 people, as police widened their search for him")] == [
        "A gunman killed 39 people",
        "as police widened their search for him",
    ]
    assert len(parts("On May 13, as leaders neared a deal, gunmen opened fire on the sit-in")) == 1
    # a new report by someone else, too
    assert [
        p for p, _ in parts("The president was shot dead on Wednesday, and police said they had killed four suspects")
    ] == [
        "The president was shot dead on Wednesday",
        "and police said they had killed four suspects",
    ]
    # what came next is told in a clause of its own, not in the "after" clause before it
    assert parts("A car bomb exploded after a match, and less than a minute later a bomber blew himself up") == [
        ("A car bomb exploded", False),
        ("after a match", True),
        ("and less than a minute later a bomber blew himself up", False),
    ]


@pytest.mark.parametrize(
    ("text", "word", "why"),
    [
        ("Officials warned of any attack on the embassy", "attack", "modal"),
        ("Police found no evidence of any link, but the shooting killed two", "shooting", None),
        ("The army has not attacked the town", "attacked", "negated"),
        ("Militants are accused of shelling the town", "shelling", "modal"),
    ],
)
def test_doubt(text: str, word: str, why: str | None) -> None:
    lowered = text.lower()
    [keyword] = [k for k in find_triggers(lowered) if k.word == word]
    assert doubt(keyword, lowered, 0, markers(text, lowered)) == why


def test_violence_in_general_is_no_event() -> None:
    assert generic("earlier rocket attacks on the city have raised fears", "", dated=False)
    assert generic("which have sparked nightly protests in the capital", "", dated=False)
    # a toll in the perfect tense counting "since" something is an aggregate
    assert generic("more than 90 people have been killed", " since the unrest began", dated=False)
    assert not generic("more than 90 people have been killed", " in the blast", dated=False)
    assert not generic("such attacks on friday killed two", "", dated=True)
    assert generic("the attack followed the same pattern as ramming attacks in israel", "", dated=False)
    assert generic("the city has been a frequent target of israeli raids this year", "", dated=True)
    assert ongoing("its fighters still carry out ambushes")
    assert ongoing("roadside bomb attacks surged")
    assert not ongoing("roadside bombs hit two convoys")


def test_a_reaction_to_an_event_told_already() -> None:
    assert is_reaction("the foreign ministry condemned ")
    assert is_reaction("the president called ")
    assert not is_reaction("rockets struck ")


def test_relative_clauses_say_something_of_someone() -> None:
    text = "the premier, who resigned last month, said the strikes killed four"
    [(start, end)] = relative_spans(text, 0, len(text))
    assert text[start:end] == ", who resigned last month"


@pytest.mark.parametrize(
    "text",
    [
        "Security forces fired on worshippers leaving a mosque after Friday prayers in Kirkuk",
        "The army ended its operation in the city after about three days of fighting",
        "Gunmen attacked the checkpoint before dawn on Tuesday",
    ],
)
def test_a_time_after_after_or_before_opens_no_clause(text: str) -> None:
    # "after Friday prayers", "after three days", "before dawn" say when, not another event
    assert parts(text) == [(text, False)]


def test_after_an_event_still_opens_a_clause() -> None:
    assert [sub for _, sub in parts("Protesters marched on the embassy after air strikes killed 25 fighters")] == [
        False,
        True,
    ]


def test_moments_after_is_the_same_moment() -> None:
    text = "Explosions rocked the airport moments after the plane landed, killing 20 people"
    assert parts(text) == [(text, False)]


def test_a_deed_told_in_the_past_after_and_is_out_of_a_modals_reach() -> None:
    text = "fighters separated passengers who could not recite Koranic verses and shot dead 28 of them".lower()
    [shot] = [k for k in find_triggers(text) if k.word == "shot dead"]
    assert doubt(shot, text, 0, markers(text, text)) is None
    # a hypothetical goes on in the base form
    text = "the militants could storm the town and kill dozens"
    [kill] = [k for k in find_triggers(text) if k.word == "kill"]
    assert doubt(kill, text, 0, markers(text, text)) == "modal"


def test_a_denial_reacts_to_an_event_told_already() -> None:
    assert is_reaction("a spokesman for the group denied it had anything to do with ")
    assert is_reaction("the militia denies any role in ")
    assert not is_reaction("the militants attacked ")
