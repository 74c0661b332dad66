"""Who is said to have done it, apart from the deed: claims and blame.

"Islamic State claimed responsibility", "Yemen's Houthis claim attack", "the group said it had
carried out the attack", "Ansar Allah said its drones hit the plant": a claimed perpetrator.
"Washington blamed Kataib Hezbollah", "strikes which state media blamed on Israel", "officials
said the militia was behind the attack", "accused Iran of orchestrating it": a suspected one.
A state blamed for an attack is blamed for what its forces did. "No group claimed it" names
nobody; nothing said, nobody named: unknown stays unknown.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from api.extract.actors import ActorEntry, ActorMention

ARMED = frozenset(["state force", "non-state armed group", "coalition"])
BLAMED_WITHIN = 25  # characters from "blamed" to whom it blames
CLAIMED_BY_WITHIN = 12  # from "claimed by" to the claimant: "claimed by Yemen's Houthis"
# matched in lower-case clauses; the substring tests in ``attributed`` come first
_BLAME = re.compile(r"\b(?:blam(?:ed|es|ing)|accus(?:ed|es|ing)|suspected|attributed|held responsible)\b(?! of\b)")
_BLAME_STEMS = ("blam", "accus", "suspected", "attributed", "held responsible")
_CLAIM = re.compile(
    r"\bclaim(?:ed|s|ing)? (?:responsibility|credit)\b|\btook responsibility\b"
    r"|\bclaim(?:ed|s)? (?:the |a |an |this |that |its |their |both )?(?:[\w-]+ ){0,2}(?:attacks?|strikes?|bombings?|"
    r"assault|operation|killings?|blasts?|explosions?|shooting)\b"
)
_NO_CLAIM = re.compile(r"\bno (?:group|one|organization|organisation)\b[^.;]{0,30}\b(?:claimed|took|has claimed)\b")
# "the group said it had carried out the attack", "Ansar Allah said its drones hit the plant"
_SAID_CLAIM = re.compile(
    r"\b(?:said|says|announced|stated|declared)\b(?: in a statement| on [\w-]+)?(?: that)? "
    r"(?:(?:it|they) (?:had |has |have )?(?:carried out|fired|launched|targeted|attacked|struck|shelled|bombed|hit|"
    r"conducted|staged|shot down|downed)|(?:its|their) (?:own )?(?:drones?|missiles?|rockets?|fighters|forces|units|"
    r"jets|warplanes|air defen[cs]es) (?:had |have |has )?(?:hit|struck|targeted|attacked|shot|fired|downed|"
    r"killed|destroyed))\b"
)
_SAID_STEMS = ("said", "says", "announced", "stated", "declared")
# "the militia was behind the attack", "concluded Iran was responsible", "U.S. says Iran to blame"
_BEHIND = re.compile(
    r"\b(?:(?:was|were|is|are|had been|has been|have been)\s+(?:\w+\s+)?(?:behind|responsible|to blame)|to blame)\b"
)
_BEHIND_STEMS = ("behind", "responsible", "to blame")
_DENIED = re.compile(r"\b(?:denied|denies|deny|denying|not|never|rejected)\b")
_SAYS = re.compile(r"\b(?:said|says|claimed|claims|accused|alleged|according|reported|told)\b")

EntryOf = Callable[[ActorMention], "ActorEntry | None"]


def attributed(
    lowered: str, offset: int, local: list[ActorMention], entry_of: EntryOf, blamed_state: EntryOf
) -> list[tuple[ActorMention, ActorEntry, str]]:
    """(mention, actor, "claimed" or "suspected") for the perpetrators a clause names apart from
    the deed. ``lowered``: the clause in lower case; mentions carry sentence offsets (``offset``
    is the clause's); ``entry_of``: the actor a mention stands for as an agent;
    ``blamed_state``: the forces of a state or government a mention names, if it names one."""
    found: list[tuple[ActorMention, ActorEntry, str]] = []
    if not local:
        return found

    def armed(m: ActorMention) -> ActorEntry | None:
        entry = entry_of(m)
        return entry if entry is not None and entry.kind in ARMED else None

    def named(m: ActorMention) -> ActorEntry | None:  # a state claims nothing: "Yemen's Houthis claim"
        return armed(m) if m.how in ("name", "group") and not m.backed else None

    if "claim" in lowered or "took responsibility" in lowered:
        claim = _CLAIM.search(lowered)
        if claim and not ("no " in lowered and _NO_CLAIM.search(lowered)):
            before = [m for m in local if m.end - offset <= claim.start() and named(m)]
            for m in _with_partners(lowered, offset, before[-1:], before, backwards=True):
                _found(found, m, named(m), "claimed")
    if "claimed by" in lowered:  # "an assault claimed by Yemen's Houthi rebels"
        at = lowered.index("claimed by") + len("claimed by")
        after = [m for m in local if 0 <= m.start - offset - at <= CLAIMED_BY_WITHIN and named(m)]
        if after:
            _found(found, after[0], named(after[0]), "claimed")
    if any(stem in lowered for stem in _SAID_STEMS):
        said = _SAID_CLAIM.search(lowered)
        if said:
            subjects = [m for m in local if m.end - offset <= said.start() and named(m)]
            if subjects:  # the subject opens the clause: "the Qassam Brigades, the wing of Hamas, said"
                _found(found, subjects[0], named(subjects[0]), "claimed")
    if any(stem in lowered for stem in _BLAME_STEMS):
        blame = _BLAME.search(lowered)
        if blame:
            # "blamed Iran", "blamed on Israel", "blamed the attack on Kataib Hezbollah": right after
            # the verb; "the group Washington blamed for the attack": before it
            after = [
                m
                for m in local
                if 0 < m.start - offset - blame.end() <= BLAMED_WITHIN and (armed(m) or blamed_state(m))
            ]
            before = [m for m in local if m.end - offset <= blame.start() and armed(m) and m.actor is not None]
            for m in _with_partners(lowered, offset, after[:1], after) or before[-1:]:
                _found(found, m, armed(m) or blamed_state(m), "suspected")
    if any(stem in lowered for stem in _BEHIND_STEMS):
        behind = _BEHIND.search(lowered)
        if behind and not _DENIED.search(lowered, max(0, behind.start() - 40), behind.end()):
            before = [m for m in local if m.end - offset <= behind.start() and armed(m)]
            if before:
                attribution = "suspected" if _SAYS.search(lowered, 0, behind.start()) else "reported"
                _found(found, before[-1], armed(before[-1]), attribution)
    return found


def _found(
    found: list[tuple[ActorMention, ActorEntry, str]], m: ActorMention, entry: ActorEntry | None, attribution: str
) -> None:
    if entry is not None:
        found.append((m, entry, attribution))


def _with_partners(
    lowered: str, offset: int, first: list[ActorMention], mentions: list[ActorMention], backwards: bool = False
) -> list[ActorMention]:
    """``first`` and the mentions joined to it by "and" or a comma: "blamed Kataib Hezbollah and
    Asaib Ahl al-Haq", "Hamas and Islamic Jihad claimed"."""
    if not first:
        return []
    chain = list(first)
    ordered = list(reversed(mentions)) if backwards else mentions
    at = ordered.index(first[0])
    for m in ordered[at + 1 :]:
        last = chain[-1]
        a, b = (m, last) if backwards else (last, m)
        gap = lowered[a.end - offset : b.start - offset]
        if gap.strip() not in ("and", ",", ", and"):
            break
        chain.append(m)
    return chain
