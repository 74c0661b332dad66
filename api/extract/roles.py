"""Who did what to whom in one clause: perpetrators, targets, and how sure the text is.

Rules read English clause structure, not particular sentences: the subject of an active attack
verb and the nationality in front of a weapon ("an Iranian missile") are perpetrators, as is
whoever follows "by"; whoever follows "on/at/against" the attack or the verb ("stormed the
consulate", "bombed three bases of Kataib Hezbollah"), is housed at the place hit, survived it, or
is among the dead is a target. In a riot the crowd is the perpetrator and the police it fights the
target. Claims and blame are ``attribution``'s. No rule fires, no perpetrator: unknown stays unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from api.extract.actors import ActorDictionary, ActorEntry, ActorMention
from api.extract.attribution import ARMED, attributed
from api.extract.groups import FACILITIES
from api.extract.keywords import Keyword
from api.extract.lexicon import Lexicon
from api.extract.positions import (
    armed_subject,
    coordinated,
    joined_before,
    passive_after,
    relative_before,
    told_by,
)
from api.extract.records import quick_init
from api.extract.role_words import (
    ACTIVE_VERBS,
    ADJECTIVAL,
    ARMED_AS_WELL,
    CLAUSE_TURN,
    CROWD_VERBS,
    GAP_WORDS,
    HOST,
    KILLING,
    LIGHT_STEMS,
    LIGHT_VERB,
    NOT_CROWDS,
    SAID,
    SAID_IT,
    SPEECH_AFTER,
    STRIKE,
    SUBORDINATE,
    SUFFERED,
)
from api.extract.tails import BY_BEFORE, CLAIMED_BY_BEFORE, PASSIVE_BEFORE, TARGET_PREP, back, tail

PEOPLE = frozenset(["civilians"])
# whoever a violent verb takes as its object ("stormed the consulate", "bombed three bases of
# Kataib Hezbollah"): TARGET_PREP has the prepositions and the commonest verbs
_OBJECT_VERBS = ["strikes", "hits", "attacks", "bombed", "bombing", "shelled", "shelling", "pounded", "pounding",
                 "raided", "raiding", "stormed", "storming", "storm", "storms", "torched", "burned", "besieged",
                 "stabbed", "kidnapped", "abducted", "assassinated", "executed", "fought", "battled"]  # fmt: skip
_OF_HEADS = [*_OBJECT_VERBS, "against", "on", "at", "targeting", "targeted", "hitting", "struck", "hit", "attacked",
             "into"]  # fmt: skip
_W = r"[\w'’.-]+"
VERB_OBJECT = tail(
    rf"\b(?:{'|'.join(_OBJECT_VERBS)})\s+(?:{_W}\s+){{0,3}}$",
    rf"(?:\s+{_W}){{0,3}}\s+(?:{back(_OBJECT_VERBS)})\b",
)
OBJECT_OF = tail(
    rf"\b(?:{'|'.join(_OF_HEADS)})\s+(?:{_W}\s+){{0,3}}of\s+(?:the\s+)?(?:{_W}\s+){{0,3}}$",
    rf"(?:\s+{_W}){{0,3}}(?:\s+eht)?\s+fo(?:\s+{_W}){{0,3}}\s+(?:{back(_OF_HEADS)})\b",
)
_SURVIVED = re.compile(r"\s*(?:[\w'’.-]+\s+){0,3}?(?:survived|survives|escaped|escapes)\b")
_AGAINST_BEFORE = re.compile(r"\b(?:against|to|at|from|with|into|toward|towards)\s+$")
_PREPOSITION_BEFORE = re.compile(r"\b(?:on|of|about|for|with|against|from|by|to|in|at|into|over)\s+(?:the\s+)?$")


@quick_init
@dataclass(frozen=True)
class Role:
    actor: ActorEntry
    role: str
    attribution: str  # reported, suspected, claimed
    start: int
    # "civilians", "gunmen": no word says whose, the article's country was taken; the event's place may say
    unnamed: bool = False


def _entry(mention: ActorMention, lexicon: Lexicon, as_agent: bool) -> ActorEntry | None:
    """The actor a mention stands for: a bare state acting with force is its military."""
    if mention.actor is not None:
        return mention.actor  # "Iran-backed militias": the militias, their sponsor already set aside
    if mention.state is None:
        return None
    return lexicon.state_actor(mention.state, "military" if as_agent else "government")


def _armed(entry: ActorEntry | None) -> bool:
    return entry is not None and entry.kind in ARMED


def _add(
    roles: list[Role],
    taken: set[int],
    mention: ActorMention,
    entry: ActorEntry | None,
    role: str,
    attribution: str,
    said_by: set[str] | frozenset[str] = frozenset(),
) -> None:
    if entry is None or entry.kind == "media outlet" or id(mention) in taken:
        return
    if entry.name in said_by and attribution == "reported":
        taken.add(id(mention))  # "blamed Tehran, saying Iran had launched the attack": as sure as the blame
        return
    taken.add(id(mention))
    roles.append(Role(entry, role, attribution, mention.start, mention.how == "group" and mention.state is None))


def assign_roles(
    clause: str,
    lowered: str,
    offset: int,
    mentions: list[ActorMention],
    keywords: list[Keyword],
    lexicon: Lexicon,
    kill_words: bool,
) -> list[Role]:
    """Roles for the actors named in ``clause`` (``lowered``: the clause in lower case; mentions
    and keywords carry sentence offsets)."""
    if not keywords:
        return []
    roles: list[Role] = []
    taken: set[int] = set()
    first = keywords[0]
    f_start, f_end = first.start - offset, first.end - offset
    classes = {k.cls for k in keywords}
    end_of_clause = offset + len(clause)
    local = [m for m in mentions if offset <= m.start and m.end <= end_of_clause]
    if not local:
        return roles
    riot = "riot" in classes or ("weak_riot" in classes and "protest" in classes)
    if riot and "protest" not in classes and _armed_storm(keywords, local, offset, lexicon):
        riot = False  # "troops stormed the house": an assault, its forces the attackers

    def as_agent(m: ActorMention) -> ActorEntry | None:
        return _entry(m, lexicon, True)

    def state_forces(m: ActorMention) -> ActorEntry | None:
        return _state_forces(m, lexicon)

    # suspected and claimed perpetrators
    for m, named, attribution in attributed(lowered, offset, local, as_agent, state_forces):
        _add(roles, taken, m, named, "perpetrator", attribution)
    said_by = {r.actor.name for r in roles}  # told by whoever claims or blames: no more sure than they are
    passive_first = first.word.startswith(("was ", "were ", "been ")) or bool(
        PASSIVE_BEFORE(lowered[max(0, f_start - 40) : f_start])
    )
    for m in local:
        if id(m) in taken:
            continue
        s, e = m.start - offset, m.end - offset
        # "an Iranian missile", "a U.S. drone strike": the nationality of the weapon
        weapon_after = None
        if not m.backed and m.how in ("state", "demonym", "name", "group"):
            for k in keywords:
                if 0 <= k.start - offset - e <= 25 and (k.cls != "weak_attack" or k.word in STRIKE):
                    weapon_after = k
                    break
        if weapon_after is not None:
            prefix = lowered[max(0, s - 30) : s]
            words = lowered[e : weapon_after.start - offset].split()
            # "Syrian government artillery", "regime warplanes": the government's guns are its army's
            wielder = _entry(m, lexicon, True)
            if (
                wielder is not None
                and wielder.kind == "government"
                and m.how == "group"
                and _head(m) == "government"
                and weapon_after.cls in ("w_shell", "w_air")
                and not words
            ):
                wielder = lexicon.actors.part_of(wielder.country, "military")
            if (
                all(w in GAP_WORDS for w in words)
                and weapon_after.cls.startswith(("w_", "strong_attack", "weak_attack"))
                and (m.how in ("state", "demonym") or _armed(wielder))
                and not PASSIVE_BEFORE(prefix)
                and not BY_BEFORE(prefix)
            ):
                _add(roles, taken, m, wielder, "perpetrator", "reported", said_by)
                continue
        # whoever follows "by" close after the trigger ("fired by", "an attack by", "carried out by")
        # "was shot dead while giving a speech at a gallery by an off-duty police officer": the agent
        # of a passive may stand further off
        if f_end <= s <= f_end + (90 if passive_first else 30):
            prefix = lowered[max(0, s - 30) : s]
            if BY_BEFORE(prefix) and not prefix.rstrip().endswith("from"):
                attribution = "claimed" if CLAIMED_BY_BEFORE(prefix) else "reported"
                _add(roles, taken, m, _entry(m, lexicon, True), "perpetrator", attribution, said_by)
    # the subject of an active attack verb: the nearest armed actor before the verb
    follow_up_only = bool(classes - {"arrest"})
    for k in keywords:
        ks = k.start - offset
        if follow_up_only and k.cls == "arrest":
            continue  # "police arrested a suspect" after an attack: the police did not attack
        if k.word not in ACTIVE_VERBS:
            window = lowered[max(0, ks - 40) : ks]
            light = LIGHT_VERB.search(window) if any(v in window for v in LIGHT_STEMS) else None
            if light is None:
                continue
            ks = ks - len(light.group())
        if PASSIVE_BEFORE(lowered[max(0, ks - 40) : ks]):
            continue
        if k.word == "killed" and not any(m.end - offset <= ks for m in local):
            continue  # "the number of people killed when gunmen stormed": the next verb has the subject
        for m in reversed(local):
            if m.end - offset > ks or id(m) in taken:
                continue
            if m.how == "demonym" or (m.how == "state" and ADJECTIVAL.match(lowered, m.end - offset)):
                continue  # "German president": the nationality of someone else
            if m.how == "state" and _AGAINST_BEFORE.search(lowered, max(0, m.start - offset - 12), m.start - offset):
                continue  # "chanting against Iran": what a crowd opposes does nothing
            gap = lowered[m.end - offset : ks]
            if "," in gap and _BACKER_BEFORE.search(lowered, max(0, m.start - offset - 100), m.start - offset):
                continue  # "The Syrian army, backed by Russian jets and Hezbollah, retook": a helper
            if len(gap) > 120 or ";" in gap or CLAUSE_TURN.search(gap):
                break
            between = [other for other in keywords if m.end <= other.start < k.start]
            if between and not coordinated(lowered, m.end - offset, between, offset):
                break  # "an Iranian missile hit": the weapon is the subject
            if SAID.search(gap) and not SAID_IT.search(gap):
                break
            entry = _entry(m, lexicon, True)
            if entry is not None and m.how == "group" and _head(m) in FACILITIES:
                continue  # "the embassy was stormed": a place hit does nothing
            if _armed(entry) or (entry is not None and entry.kind == "government" and m.how == "name"):
                _add(roles, taken, m, entry, "perpetrator", "reported", said_by)
                for other in joined_before(m, local, lowered, offset):  # "US and British forces struck"
                    if id(other) not in taken and _armed(_entry(other, lexicon, True)):
                        _add(roles, taken, other, _entry(other, lexicon, True), "perpetrator", "reported", said_by)
                break
            if (
                m.how == "group"
                and entry is not None
                and entry.kind == "civilians"
                and k.word in CROWD_VERBS
                and _head(m) not in NOT_CROWDS
            ):
                _add(roles, taken, m, _crowd(entry, lexicon), "perpetrator", "reported")  # protesters storming
                break
        break
    # "Pakistani security forces on Wednesday ended a siege ..., killing all 33 attackers": the
    # clause's subject did the killing, however far it stands from the participle
    if local and not any(r.role == "perpetrator" for r in roles) and ", kill" in lowered and KILLING.search(lowered):
        subject = local[0]
        entry = _entry(subject, lexicon, True)
        if (
            id(subject) not in taken
            and subject.how in ("group", "name")
            and subject.start - offset < 40
            and all(k.start >= subject.end for k in keywords)  # before any trigger: not "a bomb struck an army patrol"
            and not SUBORDINATE.search(lowered, 0, subject.start - offset)  # not "when police arrived, a woman"
            and _armed(entry)
            and not SUFFERED.match(lowered, subject.end - offset)
        ):
            _add(roles, taken, subject, entry, "perpetrator", "reported", said_by)
    # targets
    for m in local:
        if id(m) in taken or m.how in ("state", "demonym"):
            continue
        s, e = m.start - offset, m.end - offset
        entry = _entry(m, lexicon, False)
        if entry is None or entry.kind in ("media outlet", "political party", "religious authority"):
            continue
        if SPEECH_AFTER.match(lowered, e) or told_by(lowered, s):
            continue
        window = lowered[max(0, s - 60) : s]
        if (
            (s >= f_end and TARGET_PREP(lowered[max(f_end, s - 45) : s]) and not SAID.search(lowered, f_end, s))
            or (s >= f_start and s - f_end < 80 and TARGET_PREP(lowered[max(0, s - 45) : s]))
            or (s >= f_start and (VERB_OBJECT(window) or ("of" in window and OBJECT_OF(window))))
            or (s >= f_end and m.how == "group" and _head(m) in FACILITIES and not SAID.search(lowered, f_end, s))
            or HOST.search(lowered[max(0, s - 40) : s])
            or (
                m.how == "group"
                and kill_words
                and entry.kind in (ARMED | PEOPLE)
                and not relative_before(lowered, s)
                and not armed_subject(m, entry, keywords, lowered, offset)
            )
            # "25 people, including members of the Revolutionary Guards, were killed": among the dead
            or (kill_words and "including" in window and _AMONG_DEAD.search(window) is not None)
            or (kill_words and e <= f_start and passive_after(lowered, e) and not _PREPOSITION_BEFORE.search(window))
            or _SURVIVED.match(lowered, e)
        ):
            _add(roles, taken, m, entry, "target", "reported")
    # protesters are the protest's own actor, whatever met them
    if "protest" in classes:
        for m in local:
            entry = _entry(m, lexicon, False)
            if id(m) not in taken and entry is not None and lexicon.actors.is_state_part(entry, "protesters"):
                _add(roles, taken, m, entry, "other", "reported")
    # "the strike that killed Soleimani, the commander of its Quds Force": the victims' side
    if "kill" in classes:
        for k in keywords:
            if k.cls != "kill" or PASSIVE_BEFORE(lowered[max(0, k.start - offset - 30) : k.start - offset]):
                continue  # "eleven were killed when militants attacked": no object follows
            k_end = k.end - offset
            stop = _OBJECT_END.search(lowered, k_end)
            limit = min(stop.start() if stop else len(lowered), k_end + 100)
            for m in local:
                if id(m) in taken or m.how in ("state", "demonym") or not k_end <= m.start - offset < limit:
                    continue
                entry = _entry(m, lexicon, False)
                if (
                    entry is not None
                    and entry.kind in ARMED
                    and not SPEECH_AFTER.match(lowered, m.end - offset)
                    and not told_by(lowered, m.start - offset)
                ):
                    _add(roles, taken, m, entry, "target", "reported")
    if riot:
        roles = _riot_sides(roles, local, lexicon)
    return roles


# where the object of "killed" ends
_OBJECT_END = re.compile(r";|, (?:when|after|while|as|before|during)\b| (?:near|at|outside) |\.(?:\s|$)")
_AMONG_DEAD = re.compile(
    r"\bincluding (?:(?:members|some|dozens|scores|many|several|one|two|three|four|five) of )?(?:the )?$"
)
_BACKER_BEFORE = re.compile(
    r",\s+(?:backed|supported|aided|helped|assisted|joined|accompanied)\s+by\b[^,;]*(?:,[^,;]*){0,3}$"
)


def _armed_storm(keywords: list[Keyword], local: list[ActorMention], offset: int, lexicon: Lexicon) -> bool:
    """Whether armed men, not a crowd, do the storming or torching: the only riot words are what
    armed men do as well, and an armed actor is named before them."""
    riot_words = [k for k in keywords if k.cls == "riot"]
    if not riot_words or any(k.word not in ARMED_AS_WELL for k in riot_words):
        return False
    first = riot_words[0].start
    entries = [_entry(m, lexicon, True) for m in local if m.start < first]
    return any(e is not None and e.kind in ARMED for e in entries)


def _riot_sides(roles: list[Role], local: list[ActorMention], lexicon: Lexicon) -> list[Role]:
    """In a riot the crowd attacks and the forces it fights are its target, whoever fired first."""
    out = [replace(r, role="target") if _is_force_perpetrator(r) else r for r in roles]
    if not any(r.role == "perpetrator" for r in out):
        for m in local:
            entry = _entry(m, lexicon, False)
            if entry is not None and entry.kind == "civilians" and m.how == "group" and _head(m) not in FACILITIES:
                out = [r for r in out if r.start != m.start]
                out.append(Role(_crowd(entry, lexicon), "perpetrator", "reported", m.start))
                break
    return out


def _is_force_perpetrator(role: Role) -> bool:
    return role.role == "perpetrator" and role.attribution == "reported" and role.actor.kind == "state force"


def _crowd(entry: ActorEntry, lexicon: Lexicon) -> ActorEntry:
    """A state's civilians who storm or burn are its protesters (its rioters)."""
    if not lexicon.actors.is_state_part(entry, "civilians"):
        return entry
    return lexicon.state_actor(lexicon.actors.states[entry.country or ""], "protesters")


def _head(mention: ActorMention) -> str:
    return mention.text.rpartition(" ")[2].lower()


def _state_forces(mention: ActorMention, lexicon: Lexicon) -> ActorEntry | None:
    """The forces of the state a mention names ("Israel", "Tehran", "Iran"): what a state is blamed for."""
    if mention.how not in ("state", "name"):
        return None
    entry = mention.actor
    if entry is not None and entry.kind != "government":
        return None
    country = mention.state.country if mention.state is not None else (entry.country if entry else None)
    return lexicon.actors.part_of(country, "military")


# the actors ACLED names after the country of the place: "Civilians (Israel)" for victims in Tel Aviv
_PLACE_PARTS = ("civilians", "protesters", "unidentified", "rebels")


def named_after_place(role: Role, country: str | None, dictionary: ActorDictionary) -> Role:
    """A role whose actor no word names as anyone's, as the actor of the place's country."""
    if not role.unnamed or role.actor.country == country or country not in dictionary.states:
        return role
    part = next((p for p in _PLACE_PARTS if dictionary.is_state_part(role.actor, p)), None)
    entry = dictionary.part_of(country, part) if part is not None else None
    return replace(role, actor=entry) if entry is not None else role
