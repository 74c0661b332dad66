"""Weapons stopped before they struck: "The Iron Dome shot down four of them, and the rest fell
short", "a drone ... was shot down by an Apache helicopter".

A clause whose only deed is an interception names no weapon of its own: it tells what became of
the rockets or the drone just told. When everything fired was stopped and nobody was hurt, ACLED
codes the launch as Strategic developments / Disrupted weapons use, not as the attack it set out
to be; when only some were stopped ("downed more than half of them"), the rest struck and the
attack stands.
"""

from __future__ import annotations

import re

from api.extract.taxonomy import CAMEO, EXPLOSIONS, STRATEGIC, WEAPONS, EventKind

DISRUPTED = EventKind(STRATEGIC, "Disrupted weapons use", CAMEO["Disrupted weapons use"], 0.7)
# what an interception can stop: things fired or flown, not a bomb on the ground or a gunman
STOPPABLE = frozenset(["Air/drone strike", "Shelling/artillery/missile attack"])
# deeds a clause may tell besides stopping something, which make it a telling of its own
_OTHER_DEEDS = frozenset(WEAPONS) | frozenset(["kill", "strong_attack", "raid", "bombed", "battle", "take", "protest",
                                               "riot"])  # fmt: skip
_PART = re.compile(
    r"\b(?:some|most|half|many|several|part|dozens|\d+|one|two|three|four|five|six|seven|eight|nine|ten|\w+ty)"
    r"(?: percent)? of (?:them|the|those)\b"
)
_REST_MISSED = re.compile(
    r"\b(?:the )?(?:rest|others|remaining \w+|other \w+) (?:fell|landed|crashed|exploded) (?:short|harmlessly|"
    r"in (?:open|empty|unpopulated|uninhabited) (?:areas?|fields?|land|ground|territory)|inside|outside)"
)


def only_stops(classes: set[str]) -> bool:
    """Whether the clause's one deed is stopping something it does not name ("shot down four of them")."""
    return "disrupt" in classes and not classes & _OTHER_DEEDS


def all_stopped(clause_low: str, lowered: str) -> bool:
    """Whether what the clause stops is all that was fired: no share of it, or a share and the rest
    missed ("shot down four of them, and the rest fell short")."""
    return not _PART.search(clause_low) or bool(_REST_MISSED.search(lowered))


def thwarted(kind: EventKind, hurt: bool) -> bool:
    """Whether an attack of this kind becomes a disrupted weapons use when stopped: fired or flown,
    and nobody told killed or hurt (``hurt``)."""
    return kind.event_type == EXPLOSIONS and kind.sub_event_type in STOPPABLE and not hurt
