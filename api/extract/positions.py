"""Where a mention stands in its clause, as roles read it: joined to the mention before it ("US,
British and French"), in a relative clause, named as who told it, said to be hit after it, or the
armed men who open the clause and act before its triggers.
"""

from __future__ import annotations

import re

from api.extract.actors import ActorEntry, ActorMention
from api.extract.attribution import ARMED
from api.extract.keywords import Keyword
from api.extract.role_words import ACCORDING_TO, CLAUSE_TURN


def joined_before(mention: ActorMention, local: list[ActorMention], lowered: str, offset: int) -> list[ActorMention]:
    """The mentions joined to ``mention`` by "and" or commas just before it: "US, British and French"."""
    joined: list[ActorMention] = []
    start = mention.start
    for other in reversed([m for m in local if m.end <= mention.start]):
        if lowered[other.end - offset : start - offset].strip() not in ("and", ",", ", and"):
            break
        joined.append(other)
        start = other.start
    return joined


def coordinated(lowered: str, end: int, between: list[Keyword], offset: int) -> bool:
    """Whether the trigger words between a mention and its verb only join it: "Israeli jets and
    drones struck" (the subject is both), unlike "an Iranian missile hit"."""
    pos = end
    for index, other in enumerate(between):
        gap = lowered[pos : other.start - offset].replace(",", " ").split()
        if gap not in (["and"], ["or"]) and (index == 0 or gap):
            return False
        pos = other.end - offset
    return True


_DID_AFTER = re.compile(r"\s+(?:\w+ed|stopped|shot|stormed)\b(?! by\b)")


def armed_subject(mention: ActorMention, entry: ActorEntry, keywords: list[Keyword], lowered: str, offset: int) -> bool:
    """Whether armed men open the clause and do something before any of its triggers: "the attackers
    surrounded Ogossagou ..., shooting people", "the group's fighters stopped a bus ... and shot dead 28"."""
    return (
        entry.kind in ARMED
        and mention.start - offset < 40
        and all(k.start >= mention.end for k in keywords)
        and _DID_AFTER.match(lowered, mention.end - offset) is not None
        and not any(k.start == mention.end + 1 for k in keywords)
    )


def relative_before(lowered: str, start: int) -> bool:
    """Whether a relative clause (", where demonstrators faced off with security forces") holds the mention."""
    return bool(CLAUSE_TURN.search(lowered, 0, start)) and bool(_RELATIVE_OPEN.search(lowered[:start]))


_RELATIVE_OPEN = re.compile(r", (?:where|which|who|whose)\b[^,;]*$")


_PASSIVE_AFTER = re.compile(r"^[^;]{0,140}?\b(?:was|were|had been|have been|has been)\s+(?:\w+ly\s+)?(?:killed|martyred|"
                            r"targeted|attacked|hit|struck|wounded|injured|assassinated|shot|kidnapped|abducted)\b")  # fmt: skip


def told_by(lowered: str, start: int) -> bool:
    """Whether the mention at ``start`` is who told it: "according to Taliban officials"."""
    return bool(ACCORDING_TO.search(lowered, max(0, start - 16), start))


def passive_after(lowered: str, end: int) -> bool:
    """Whether the words after a mention go on to say it was killed, hit or targeted."""
    return bool(_PASSIVE_AFTER.match(lowered[end:]))
