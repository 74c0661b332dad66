"""Who did what to whom in one clause: perpetrators, targets, and how sure the text is.

Rules read English clause structure, not particular sentences: the subject of an active attack
verb and the nationality in front of a weapon ("an Iranian missile") are perpetrators, as is
whoever follows "by"; whoever follows "on/at/against" the attack, is housed at the place hit,
or is among the dead is a target. "blamed on X", "suspected X" make X a suspected perpetrator;
"X claimed responsibility" a claimed one. No rule fires, no perpetrator: unknown stays unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from api.extract.actors import ActorEntry, ActorMention
from api.extract.keywords import Keyword
from api.extract.lexicon import Lexicon
from api.extract.records import quick_init

ARMED = frozenset(["state force", "non-state armed group", "coalition"])
PEOPLE = frozenset(["civilians"])
ACTIVE_VERBS = frozenset(
    [
        "fired",
        "launched",
        "struck",
        "hit",
        "targeted",
        "pounded",
        "shelled",
        "bombed",
        "attacked",
        "killed",
        "seized",
        "captured",
        "clashed",
        "stormed",
        "overran",
        "recaptured",
        "retook",
        "raided",
        "ambushed",
        "slammed",
        "assassinated",
        "kidnapped",
        "abducted",
        "shot",
        "stabbed",
        "martyred",
        "massacred",
        "executed",
        "torched",
        "detained",
        "arrested",
        "intercepted",
    ]
) | frozenset(["had taken", "took control", "taken control", "took over", "opened fire", "shot dead", "gunned down"])
_LIGHT_VERB = re.compile(
    r"\b(?:carried out|carries out|carrying out|conducted|conducts|launched|launches|staged|mounted|made|"
    r"unleashed|waged|claimed)\s+(?:a |an |the |their |its |two |three |several |multiple |new |fresh )?(?:[\w-]+ )?$"
)
_SPEECH_AFTER = re.compile(r"^\s*(?:said|says|described|told|reported|announced|claimed|confirmed|stated|added|"
                           r"denied|warned|called)\b")  # fmt: skip
_ADJECTIVAL = re.compile(r"\s+(?!(?:and|or|has|have|had|was|is|were|are|said|says|on|in|at|for|to|fired|launched|"
                         r"struck|hit|attacked|carried|conducted|killed|bombed|shelled|also|then|later|again|began)\b)"
                         r"[a-z]+\b")  # fmt: skip
_STRIKE = frozenset(["strike", "strikes"])
_CLAUSE_TURN = re.compile(r"\b(?:where|which|who|whose|while|when|whom)\b")
_PASSIVE_BEFORE = re.compile(
    r"\b(?:was|were|been|being|is|are|get|got)\s+(?:(?:also|not|later|then|still|reportedly|\w+ly)\s+)*$"
)
_BY_BEFORE = re.compile(r"\b(?:by|from)\s+(?:the\s+|an?\s+)?$")
_CLAIMED_BY_BEFORE = re.compile(r"\bclaimed by\s+(?:the\s+)?$")
_TARGET_PREP = re.compile(
    r"\b(?:on|at|against|targeting|targeted|into|toward|towards|hitting|struck|near|hit|attacked|killing|wounding|"
    r"clash(?:ed|es)? with|fighting with|fought with|battled with|exchanged fire with|ambushed)"
    r"\s+(?:the\s+|a\s+|an\s+|two\s+|three\s+|several\s+|its\s+|their\s+)?(?:[\w'’.-]+\s+){0,2}$"
)
_HOST = re.compile(
    r"\b(?:that|which|where)?\s*(?:hosts?|hosting|houses?|housed|housing|home to|used by|belong(?:ed|ing|s)? to|"
    r"where)\b"
)
_SAID = re.compile(r"\b(?:said|says|told|reported|according)\b")
_SAID_IT = re.compile(r"\b(?:said|says|announced|claimed|stated)\b.{0,60}?\b(?:it|they|its|their)\b")
_BLAME = re.compile(r"\b(?:blam(?:ed|es|ing)|accus(?:ed|es|ing)|suspected|attributed|held responsible)\b(?! of\b)")
_CLAIM = re.compile(r"\bclaim(?:ed|s)? responsibility\b|\bclaimed the attack\b")
_NO_CLAIM = re.compile(r"\bno (?:group|one|organization|organisation)\b[^.;]{0,30}\b(?:claimed|took|has claimed)\b")
_GAP_WORDS = frozenset(
    [
        "'s",
        "’s",
        "s",
        "ballistic",
        "cruise",
        "drone",
        "missile",
        "missiles",
        "rocket",
        "rockets",
        "air",
        "military",
        "guided",
        "precision",
        "long-range",
        "a",
        "an",
        "the",
    ]
)


@quick_init
@dataclass(frozen=True)
class Role:
    actor: ActorEntry
    role: str
    attribution: str  # reported, suspected, claimed
    start: int


def _entry(mention: ActorMention, lexicon: Lexicon, as_agent: bool) -> ActorEntry | None:
    """The actor a mention stands for: a bare state acting with force is its military."""
    if mention.actor is not None:
        if mention.backed:
            return None
        return mention.actor
    if mention.state is None:
        return None
    return lexicon.state_actor(mention.state, "military" if as_agent else "government")


def _armed(entry: ActorEntry | None) -> bool:
    return entry is not None and entry.kind in ARMED


def assign_roles(
    clause: str,
    offset: int,
    mentions: list[ActorMention],
    keywords: list[Keyword],
    lexicon: Lexicon,
    kill_words: bool,
) -> list[Role]:
    """Roles for the actors named in ``clause`` (mentions and keywords carry sentence offsets)."""
    if not keywords:
        return []
    lowered = clause.lower()
    roles: list[Role] = []
    taken: set[int] = set()
    first = keywords[0]
    f_start, f_end = first.start - offset, first.end - offset
    # substring checks first: the patterns cannot match without these words
    no_claim = "no " in lowered and bool(_NO_CLAIM.search(lowered))

    def add(mention: ActorMention, role: str, attribution: str = "reported", as_agent: bool = True) -> None:
        entry = _entry(mention, lexicon, as_agent)
        if entry is None or entry.kind == "media outlet" or id(mention) in taken:
            return
        taken.add(id(mention))
        roles.append(Role(entry, role, attribution, mention.start))

    local = [m for m in mentions if m.start - offset >= 0 and m.end - offset <= len(clause)]
    # suspected and claimed perpetrators
    blame = (
        _BLAME.search(lowered)
        if "blam" in lowered
        or "accus" in lowered
        or "suspected" in lowered
        or "attributed" in lowered
        or "held responsible" in lowered
        else None
    )
    if blame:
        armed = [m for m in local if _armed(_entry(m, lexicon, True)) and m.actor is not None]
        after = [m for m in armed if m.start - offset > blame.end()]
        before = [m for m in armed if m.end - offset <= blame.start()]
        for m in after or before[-1:]:
            add(m, "perpetrator", "suspected")
    claim = _CLAIM.search(lowered) if "claim" in lowered else None
    if claim and not no_claim:
        for m in local:
            if m.end - offset <= claim.start() and _armed(_entry(m, lexicon, True)):
                add(m, "perpetrator", "claimed")
    for m in local:
        s, e = m.start - offset, m.end - offset
        if id(m) in taken:
            continue
        # "an Iranian missile", "a U.S. drone strike": the nationality of the weapon
        weapon_after = None
        if m.how in ("state", "demonym", "name", "group") and not m.backed:
            for k in keywords:
                if 0 <= k.start - offset - e <= 25 and (k.cls != "weak_attack" or k.word in _STRIKE):
                    weapon_after = k
                    break
        prefix = lowered[max(0, s - 30) : s]
        if weapon_after is not None:
            words = lowered[e : weapon_after.start - offset].split()
            fits = all(w in _GAP_WORDS for w in words) and weapon_after.cls.startswith(
                ("w_", "strong_attack", "weak_attack")
            )
            if (
                fits
                and (m.how in ("state", "demonym") or _armed(_entry(m, lexicon, True)))
                and not _PASSIVE_BEFORE.search(prefix)
                and not _BY_BEFORE.search(prefix)
            ):
                add(m, "perpetrator")
                continue
        # whoever follows "by" close after the trigger ("fired by", "an attack by", "carried out by")
        if f_end <= s <= f_end + 30 and _BY_BEFORE.search(prefix) and not prefix.rstrip().endswith("from"):
            add(m, "perpetrator", "claimed" if _CLAIMED_BY_BEFORE.search(prefix) else "reported")
            continue
    # the subject of an active attack verb: the nearest armed actor before the verb
    follow_up_only = any(x.cls != "arrest" for x in keywords)
    for k in keywords:
        ks = k.start - offset
        if k.cls == "arrest" and follow_up_only:
            continue  # "police arrested a suspect" after an attack: the police did not attack
        if k.word not in ACTIVE_VERBS:
            light = _LIGHT_VERB.search(lowered[max(0, ks - 40) : ks])
            if light is None:
                continue
            ks = ks - len(light.group())
        if _PASSIVE_BEFORE.search(lowered[max(0, ks - 40) : ks]):
            continue
        before = [m for m in local if m.end - offset <= ks and id(m) not in taken]
        for m in reversed(before):
            if m.how == "demonym" or (m.how == "state" and _ADJECTIVAL.match(lowered, m.end - offset)):
                continue  # "German president": the nationality of someone else
            gap = lowered[m.end - offset : ks]
            if len(gap) > 120 or ";" in gap or _CLAUSE_TURN.search(gap):
                break
            if any(m.end <= other.start < k.start for other in keywords):
                break  # "an Iranian missile hit": the weapon is the subject
            if _SAID.search(gap) and not _SAID_IT.search(gap):
                break
            entry = _entry(m, lexicon, True)
            if _armed(entry) or (entry is not None and entry.kind == "government" and m.how == "name"):
                add(m, "perpetrator")
                break
            if m.how == "group" and entry is not None and entry.kind == "civilians":
                add(m, "perpetrator")  # protesters storming, rioters
                break
        break
    # targets
    for m in local:
        if id(m) in taken or m.how in ("state", "demonym"):
            continue
        s, e = m.start - offset, m.end - offset
        entry = _entry(m, lexicon, False)
        if entry is None or entry.kind in ("media outlet", "political party", "religious authority"):
            continue
        if _SPEECH_AFTER.match(lowered[e:]):
            continue  # "what the Pentagon described as": a source, not a target
        before_text = lowered[max(0, s - 60) : s]
        if (
            (s >= f_end and _TARGET_PREP.search(lowered[f_end:s][-45:]) and not _SAID.search(lowered[f_end:s]))
            or (s >= f_start and _TARGET_PREP.search(lowered[max(0, s - 45) : s]) and s - f_end < 80)
            or _HOST.search(before_text[-40:])
            or (m.how == "group" and kill_words and entry.kind in (ARMED | PEOPLE))
            or (kill_words and e <= f_start and _passive_after(lowered, e))
        ):
            add(m, "target", as_agent=False)
    # protesters are the protest's own actor, whatever met them
    if any(k.cls == "protest" for k in keywords):
        for m in local:
            entry = _entry(m, lexicon, False)
            if id(m) not in taken and entry is not None and entry.name.startswith("Protesters"):
                add(m, "other", as_agent=False)
    # "the strike that killed Soleimani, the commander of its Quds Force": the victims' side
    for k in keywords:
        if k.cls != "kill":
            continue
        k_end = k.end - offset
        stop = _OBJECT_END.search(lowered, k_end)
        limit = min(stop.start() if stop else len(lowered), k_end + 100)
        for m in local:
            if id(m) in taken or m.how in ("state", "demonym") or not k_end <= m.start - offset < limit:
                continue
            entry = _entry(m, lexicon, False)
            if entry is not None and entry.kind in ARMED and not _SPEECH_AFTER.match(lowered[m.end - offset :]):
                add(m, "target", as_agent=False)
    return roles


_OBJECT_END = re.compile(r";|, (?:when|after|while|as|before|during)\b| (?:near|at|outside) |\.(?:\s|$)")


_PASSIVE_AFTER = re.compile(r"^[^;]{0,140}?\b(?:was|were|had been|have been|has been)\s+(?:\w+ly\s+)?(?:killed|martyred|"
                            r"targeted|attacked|hit|struck|wounded|injured|assassinated|shot|kidnapped|abducted)\b")  # fmt: skip


def _passive_after(lowered: str, end: int) -> bool:
    """Whether the words after a mention go on to say it was killed, hit or targeted."""
    return bool(_PASSIVE_AFTER.match(lowered[end:]))
