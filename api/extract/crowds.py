"""Crowds in a clause: whether one does what the clause tells, which protesters it names, who a
march is when no word names its crowd, and which side of a protest event its crowd is on."""

from __future__ import annotations

import re
from dataclasses import replace

from api.extract.actors import ActorDictionary, ActorMention
from api.extract.candidate import ActorRole
from api.extract.gazetteer import GazEntry
from api.extract.lexicon import Lexicon
from api.extract.role_words import NOT_CROWDS
from api.extract.roles import Role
from api.extract.taxonomy import EXCESSIVE_FORCE

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


def protest_sides(actors: list[ActorRole], sub_event_type: str, dictionary: ActorDictionary) -> list[ActorRole]:
    """The sides of a protest event as ACLED codes them: the crowd protests (the first actor) and
    whoever intervened is the other side; when the event is the force used on the crowd, the force
    comes first and the crowd is its target."""
    excessive = sub_event_type == EXCESSIVE_FORCE
    out: list[ActorRole] = []
    for actor in actors:
        crowd = dictionary.part_of(actor.country, "protesters")
        if actor.role == "other" and crowd is not None and crowd.name == actor.name:
            actor = replace(actor, role="target" if excessive else "perpetrator")
        elif actor.role == "perpetrator" and not excessive and actor.kind == "state force":
            actor = replace(actor, role="other")  # "police fired tear gas": they met the protest
        if not any(a.name == actor.name and a.role == actor.role for a in out):
            out.append(actor)
    return out
