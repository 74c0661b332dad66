"""What the actors of a clause say of the deed it tells: aircraft strike from the air, an army's
"strike" on a target is an air strike, two armed sides fighting is a battle, gunmen "rounding up"
people abduct them.
"""

from __future__ import annotations

import re

from api.extract.actors import ActorMention
from api.extract.attribution import ARMED
from api.extract.keywords import Keyword
from api.extract.roles import Role

STATE_KINDS = frozenset(["state force", "coalition", "government"])


_AIRCRAFT = frozenset(["aircraft", "jets", "warplanes", "warplane", "helicopters", "helicopter", "planes", "gunships"])


def flown(roles: list[Role], actors: list[ActorMention]) -> bool:
    """Whether the perpetrator is named by its aircraft ("Russian jets", "military aircraft")."""
    starts = {r.start for r in roles if r.role == "perpetrator"}
    return any(m.start in starts and m.text.rsplit(None, 1)[-1].lower() in _AIRCRAFT for m in actors)


_BETWEEN_SIDES = re.compile(r"\b(?:fighting|battles?|fought) between\b")
_FOUGHT = re.compile(r"\b(?:fought|battled|(?:were|was|are|is) fighting)\b")


def between_armed_sides(clause_low: str, roles: list[Role], offset: int = 0) -> bool:
    """Two armed sides fought: "fighting between the SDF and Islamic State fighters", "gunmen of the
    Sinaloa Cartel fought security forces". ``offset``: where the clause starts in the sentence
    (roles carry sentence offsets)."""
    armed = [r for r in roles if r.actor.kind in ARMED]
    if len({r.actor.name for r in armed}) < 2:
        return False
    if _BETWEEN_SIDES.search(clause_low):
        return True
    verb = _FOUGHT.search(clause_low)
    if verb is None:
        return False
    at, after = offset + verb.start(), offset + verb.end()
    before = {r.actor.name for r in armed if r.start < at}
    return bool(before) and any(r.start >= after and r.actor.name not in before for r in armed)


def state_perpetrator(roles: list[Role]) -> bool:
    return any(r.role == "perpetrator" and r.actor.kind in STATE_KINDS for r in roles)


def armed_before(actors: list[ActorMention], keywords: list[Keyword], start: int, cls: str) -> bool:
    """Whether a non-state armed group is named in the clause before its first ``cls`` word."""
    first = next(k.start for k in keywords if k.cls == cls)
    return any(
        start <= m.start < first and m.actor is not None and m.actor.kind == "non-state armed group" for m in actors
    )


def armed_state_strikes(roles: list[Role]) -> bool:
    perpetrators = [r for r in roles if r.role == "perpetrator" and r.attribution == "reported"]
    return any(r.actor.kind in ("state force", "coalition") for r in perpetrators) and any(
        r.role == "target" for r in roles
    )
