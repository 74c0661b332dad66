"""Which actor mentions of a sentence name an actor of their own.

"Yemen's Houthi rebels": the state only says whose the group is. "the Iran-aligned Houthis": the
state sponsors and takes no part. "Fighters of Sudan's Rapid Support Forces": the fighters are the
organisation named after them, not unidentified gunmen.
"""

from __future__ import annotations

import re
from dataclasses import replace

from api.extract.actors import ActorMention
from api.extract.groups import COMPOUNDS


def qualifying_states(text: str, mentions: list[ActorMention]) -> list[ActorMention]:
    """States that only qualify another actor. "Yemen's Houthi rebels", "Lebanon's Hezbollah": the
    state says whose the named group is, and the group is the actor, named from the state on.
    "the Iran-aligned Houthis": the state sponsors the actor and takes no part itself (mentions in
    text order, without overlaps)."""
    out: list[ActorMention] = []
    i = 0
    while i < len(mentions):
        mention = mentions[i]
        i += 1
        if mention.how == "state":
            if _sponsor(text, mention):
                continue
            owned = _owned_after(text, mention, mentions, i)
            if owned is not None:
                mention = replace(mentions[owned], start=mention.start, text=text[mention.start : mentions[owned].end])
                i = owned + 1
        out.append(mention)
    return out


def _owned_after(text: str, state: ActorMention, mentions: list[ActorMention], i: int) -> int | None:
    """The index of the named actor a state's possessive qualifies, if one follows: "Yemen's
    Houthis", "Yemen's Iran-aligned Houthi movement" (a sponsor between them is no actor)."""
    if text[state.end : state.end + 3] not in ("'s ", "’s "):
        return None
    j = i
    while j < len(mentions) and mentions[j].how == "state" and _sponsor(text, mentions[j]):
        j += 1
    if j == len(mentions) or mentions[j].how != "name":
        return None
    return j if _POSSESSIVE_MODIFIERS.fullmatch(text, state.end + 3, mentions[j].start) else None


def _sponsor(text: str, mention: ActorMention) -> bool:
    compound = _COMPOUND_AFTER.match(text, mention.end)
    return compound is not None and compound.group(1).lower() in SPONSORING


# what may stand between a state's possessive and the group it owns: "Iran-backed", "powerful"
_POSSESSIVE_MODIFIERS = re.compile(
    r"(?:(?:[\w'’]+-[a-z]+|powerful|militant|armed|rebel|Islamist|Shi'ite|Shiite|Sunni|Kurdish|main|largest)\s+){0,3}"
)


_COMPOUND_AFTER = re.compile(r"-([a-z]+)\b")
# "Iran-backed", "Iran-aligned": a sponsor; "US-led" forces are the leader's own
SPONSORING = COMPOUNDS - {"led"}


# "Fighters of Sudan's paramilitary Rapid Support Forces", "militants from the Islamic State": members
_MEMBERS_OF = re.compile(r" (?:of|from) (?:the )?(?:[\w'’-]+(?:'s|’s) )?(?:[a-z-]+ ){0,2}$")


def members_named(text: str, mentions: list[ActorMention]) -> list[ActorMention]:
    """Without the unnamed group whose organisation the text names right after it: the fighters
    "of the RSF" are the RSF, not unidentified gunmen."""
    named = [m for m in mentions if m.how == "name" and m.actor is not None and m.actor.kind not in _NOT_GROUPS]
    drop = {
        id(m)
        for m in mentions
        if m.how == "group"
        and m.actor is not None
        and m.actor.name.startswith("Unidentified")
        and any(0 < n.start - m.end <= 60 and _MEMBERS_OF.fullmatch(text, m.end, n.start) for n in named)
    }
    return [m for m in mentions if id(m) not in drop] if drop else mentions


_NOT_GROUPS = frozenset(["media outlet", "government", "religious authority"])
