"""Crowds in a clause: whether one does what the clause tells, which protesters it names, and
who a march is when no word names its crowd."""

from __future__ import annotations

import re

from api.extract.actors import ActorMention
from api.extract.gazetteer import GazEntry
from api.extract.lexicon import Lexicon
from api.extract.role_words import NOT_CROWDS
from api.extract.roles import Role

# "Thousands marched": a crowd counted without a noun
_COUNTED_CROWD = re.compile(r"\b(?:thousands|hundreds|dozens|scores|millions?)\b")


def crowd_acts(clause_low: str, actors: list[ActorMention], start: int, end: int, lexicon: Lexicon) -> bool:
    """Whether a crowd does what the clause tells: counted ("thousands") or named as people or
    protesters ("supporters", "residents", "Iraqis")."""
    if _COUNTED_CROWD.search(clause_low):
        return True
    dictionary = lexicon.actors
    return any(
        start <= m.start < end
        and m.actor is not None
        and (dictionary.is_state_part(m.actor, "civilians") or dictionary.is_state_part(m.actor, "protesters"))
        and m.text.rpartition(" ")[2].lower() not in NOT_CROWDS
        for m in actors
    )


def protesters_in(actors: list[ActorMention], start: int, end: int, lexicon: Lexicon) -> ActorMention | None:
    """The first protesters the clause names ("supporters of the parties clashed with police")."""
    dictionary = lexicon.actors
    return next(
        (m for m in actors if start <= m.start < end and m.actor is not None
         and dictionary.is_state_part(m.actor, "protesters")),
        None,
    )  # fmt: skip


def with_protesters(
    roles: list[Role], places: list[tuple[GazEntry, bool]], countries: tuple[str, ...], lexicon: Lexicon, start: int
) -> list[Role]:
    """A crowd that marched is the protest's actor: the protesters of the place's country."""
    dictionary = lexicon.actors
    if any(dictionary.is_state_part(r.actor, "protesters") for r in roles):
        return roles
    country = places[0][0].country if places else (countries[0] if countries else None)
    protesters = dictionary.part_of(country, "protesters")
    return [*roles, Role(protesters, "other", "reported", start)] if protesters is not None else roles
