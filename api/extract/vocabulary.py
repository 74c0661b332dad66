"""Aliases that plugins contribute for actors and places, each tagged with the outlet using it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ActorAlias:
    """``alias`` is another name for the canonical actor ``actor`` (its name in the actor dictionary).

    ``source`` is the key of the outlet that uses the alias, or None when everyone does.
    """

    alias: str
    actor: str
    source: str | None = None


@dataclass(frozen=True)
class PlaceAlias:
    """``alias`` is another name for the gazetteer place ``place``; ``source`` as for ActorAlias."""

    alias: str
    place: str
    source: str | None = None
