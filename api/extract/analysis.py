"""One sentence at a time: its clauses, and in each clause the event it asserts, if any.

A clause asserts an event when a trigger says something happened ("struck", "killed",
"clashes", "protesters") and nothing makes it hypothetical, denied, habitual or generic
(``clauses``). The clause's own dates, places, actors and casualty figures go with it; clauses
opened by "since", "after" or "in retaliation for" tell of other, earlier events and keep only
what they say themselves. A clause that only reacts to an event ("Tehran condemned the attack")
keeps who it blames and joins that event; one that tells how a crowd just told was met ("police
opened fire, killing three") is part of the demonstration.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from api.extract.actors import ActorMention
from api.extract.casualties import DEATH_TOLL, Casualties, read_casualties
from api.extract.clauses import (
    ANAPHOR,
    anaphor,
    clauses,
    doubt,
    generic,
    is_reaction,
    markers,
    ongoing,
    opens_with_earlier,
)
from api.extract.crowds import crowd_acts, protesters_in, with_protesters
from api.extract.dates import DateMention, find_dates, later_than
from api.extract.gazetteer import GazEntry, PlaceMention
from api.extract.keywords import Keyword
from api.extract.lexicon import Lexicon
from api.extract.owned import outside_silent_relatives, own_dates, places_end
from api.extract.places import apart, points_back, the_capital
from api.extract.places import clause_places as clause_places_of
from api.extract.role_words import ARMED_AS_WELL
from api.extract.roles import Role, assign_roles, named_after_place
from api.extract.sentences import Sentence
from api.extract.sides import armed_before, armed_state_strikes, between_armed_sides, flown, state_perpetrator
from api.extract.taxonomy import (
    DEMONSTRATION,
    MOB_VIOLENCE,
    STRONG,
    TRIGGERS,
    VIOLENT_DEMONSTRATION,
    WEAPONS,
    EventKind,
    by_perpetrators,
    classify,
)
from api.extract.thwarted import DISRUPTED, all_stopped, only_stops, thwarted

_CASUALTY_WORDS = re.compile(r"\b(?:wounded|injured|dead|died|hurt|casualties|wounding|injuring)\b")
_CASUALTY_STEMS = ("wound", "injur", "dead", "died", "hurt", "casualties")  # what _CASUALTY_WORDS needs
EVENT_NOUNS = frozenset(
    ["airstrike", "airstrikes", "air-strike", "air-strikes", "air strike", "air strikes", "air raid", "air raids",
     "drone strike", "drone strikes", "drone attack", "drone attacks", "bombing", "bombings", "explosion",
     "explosions", "blast", "blasts", "shelling", "bombing raid", "aerial bombardment", "dropped bombs"]
)  # fmt: skip
KILL_CLASSES = frozenset(["kill", "w_arms", "w_blade"])
RIOT_WORDS = frozenset(w for w, cls in TRIGGERS.items() if cls == "riot")
BLAST_WORDS = frozenset(["blast", "blasts", "explosion", "explosions"])
IED_WORDS = frozenset(w for w, cls in TRIGGERS.items() if cls == "w_ied")
TOLL_CLASSES = frozenset(["kill", "w_arms", "w_blade", "hurt"])
WEAPON_CLASSES = frozenset(WEAPONS)
SPECIFIC = WEAPON_CLASSES | frozenset(["battle", "take", "protest", "riot", "abduct", "sexual", "arrest", "disrupt",
                                           "agree"])  # fmt: skip
VIOLENT = WEAPON_CLASSES | frozenset(["strong_attack", "weak_attack", "kill", "raid", "bombed", "battle"])
# what security forces do to a crowd: told after a protest in the same sentence, part of it
RESPONSE = frozenset(["kill", "w_arms", "hurt", "weak_attack", "repress"])
__all__ = ["ANAPHOR", "EventMention", "anaphor", "could_be_event", "read_sentence"]
FOLLOW_UP = re.compile(r"\b(?:suspect|suspects|suspected of|in connection with|over the (?:attack|killing|bombing))\b")
# "a campaign rally": an election meeting
_CAMPAIGN_BEFORE = re.compile(r"\b(?:campaign|election|electoral|re-election)\s+$")
# "protest camp", "protest movement": the word names a thing, not a protest
_PROTEST_NOUN = re.compile(
    r" (?:camp|camps|movement|movements|site|sites|leader|leaders|organi[sz]ers?|group|groups|vote|songs?|slogans?|"
    r"banners?|tents?|square|calls?|wave)\b"
)
_RIOT_NOUN = re.compile(r" (?:police|policemen|gear|squads?|units?|control|shields?|troops|act)\b")
# "the explosion inquiry", "a drone factory", "rocket launchers": a thing the weapon or deed names
_THING_AFTER = re.compile(
    r" (?:inquiry|inquiries|investigation|investigations|investigator|investigators|probe|programs?|"
    r"programmes?|factory|factories|production|launchers?|technology|industry|arsenal|stockpiles?|experts?|"
    r"squads?|disposal|capabilities|components|sirens?)\b"
)
# "seized Mosul", "captured the town": taking territory, not people or weapons
_TERRITORY = re.compile(
    r"^\s+(?:(?:the|a|an|large|most|much|parts?|of|control|over|two|three|several|key|strategic|nearby|northern|"
    r"southern|eastern|western|central)\s+)*(?:towns?|city|cities|villages?|areas?|territory|districts?|province|"
    r"bases?|hills?|regions?|border|crossings?|airport|neighbou?rhoods?|positions?|outposts?|strongholds?|capital)\b"
)
_CROWD_NOUNS = frozenset(["protester", "protesters", "protestor", "protestors", "demonstrators"])
_PROTEST_DEEDS = frozenset(w for w, cls in TRIGGERS.items() if cls == "protest") - _CROWD_NOUNS
_DONE_BY_OR_TO_CROWDS = VIOLENT | frozenset(["repress", "riot", "weak_riot", "weak_protest", "arrest"])
# besides protest words, what makes a riot a demonstration turned violent, not mob violence
_DEMONSTRATING = ("crowd", "supporters")
_TAKE_OBJECT = frozenset(["captured", "captures", "seized", "seizes"])


@dataclass
class EventMention:
    """One event as one clause of one sentence tells it."""

    kind: EventKind
    sentence: Sentence
    clause: str
    sub: bool
    dates: list[DateMention]
    places: list[tuple[GazEntry, bool]]  # (place, near), most specific first
    roles: list[Role]
    casualties: Casualties
    anaphoric: bool
    order: int
    specific: bool = True  # a weapon, a battle, a protest: not only "an attack" or "killed"
    toll_only: bool = False  # only casualty figures ("Some 12 others were wounded"): joins an event, never makes one
    caption: bool = False
    reference: bool = False  # "Tehran condemned the attack": an event told already, never a new one
    blast_only: bool = False  # "explosions rocked the airport": what went off is not said yet
    apart: bool = False  # its places are several places hit ("a depot in Musaffah and the airport")
    thwarts: bool = False  # "the Iron Dome shot down four of them": what the event before fired was stopped
    merged: list[EventMention] = field(default_factory=list)


def read_sentence(
    sentence: Sentence,
    lowered: str,
    keywords: list[Keyword],
    places: list[PlaceMention],
    actors: list[ActorMention],
    reference: date | None,
    countries: tuple[str, ...],
    lexicon: Lexicon,
    order: int,
    ahead: bool = False,
    earlier: GazEntry | None = None,
    after_crowd: bool = False,
) -> list[EventMention]:
    """The events the sentence's clauses assert. ``earlier``: the last town, base or district an
    earlier sentence named, which "in the camp" or "the town" may point back to. ``after_crowd``:
    the event told just before is a demonstration, whose crowd "some of them" may be."""
    text = sentence.text
    out: list[EventMention] = []
    modal_at = markers(text, lowered)
    dates: list[DateMention] | None = None
    violent = [k.start for k in keywords if k.cls in VIOLENT]
    how_clauses: list[tuple[int, int]] = []  # subordinate clauses with trigger words that assert no event
    for c_start, c_end, sub in clauses(lowered, violent):
        inside = [(k, doubt(k, lowered, c_start, modal_at)) for k in keywords if c_start <= k.start < c_end]
        ks = [k for k, why in inside if why is None and not _names_a_thing(k, lowered)]
        if not ks:
            continue
        # what follows a hypothetical ("and appeared poised to attack Baghdad") is not part of the event
        c_end = next((k.start for k, why in inside if k.start > ks[0].start and why == "modal"), c_end)
        ks = [k for k in ks if k.start < c_end]
        clause_low = lowered[c_start:c_end]
        if dates is None:
            dates = find_dates(text, reference, ahead)
        clause_dates = [d for d in dates if c_start <= d.start < c_end]
        if clause_dates:
            clause_dates = own_dates(lowered, clause_dates, ks, c_start, c_end)
        elif (
            not sub
            and dates
            and dates[0].start <= 3 < dates[0].end <= c_start
            and not any(k.start < c_start for k in keywords)
        ):
            # "On June 16, the day after the bill was suspended, organisers said 2 million marched": the
            # date that opens the sentence is its main clause's
            clause_dates = [dates[0]]
        classes = {k.cls for k in ks}
        words = {k.word for k in ks}
        if (
            classes & {"protest", "hurt"} == {"protest", "hurt"}
            and words & _CROWD_NOUNS
            and not words & _PROTEST_DEEDS
            and not classes & _DONE_BY_OR_TO_CROWDS
        ):
            classes.discard("protest")  # "most of the dead were protesters": who died, not a protest
        if ("strike" in words or "strikes" in words) and not classes & WEAPON_CLASSES:
            classes.add("w_air")  # a military "strike" is, in news usage, from the air
        elif ("shelled" in words or "shells" in words) and not classes & WEAPON_CLASSES:
            classes.add("w_shell")  # "the army shelled villages": artillery
        if "w_ied" in classes and "w_arms" in classes and words & IED_WORDS <= BLAST_WORDS:
            classes.discard("w_ied")  # "gunfire and explosions could be heard": the sounds of a gunfight
        if words & EVENT_NOUNS or (
            classes & WEAPON_CLASSES and "toll " in clause_low and DEATH_TOLL.search(clause_low)
        ):
            classes.add("weak_attack")  # "the deadliest bombing", "the death toll from a car bomb": the attack
        if generic(clause_low, lowered[c_end : c_end + 8], bool(clause_dates)):
            continue
        bare = [k for k in ks if k.word in _BARE_PLURALS and not _DETERMINED.search(lowered, 0, k.start)]
        if (
            bare
            and all(k in bare or k.cls.startswith("w_") or k.cls == "weak_attack" for k in ks)
            and (ongoing(clause_low) or not (clause_dates or any(c_start <= p.start < c_end for p in places)))
        ):
            continue  # "Rocket attacks rise", "its fighters still mount ambushes": a trend, not one event
        lead = len(clause_low) - len(clause_low.lstrip())
        opens = anaphor(clause_low.strip())
        if opens is not None and (
            any(c_start + lead <= k.start < c_start + lead + opens and k.cls in VIOLENT for k in ks)
            or opens_with_earlier(clause_low.strip())
        ):
            # "drones hit the plant ..., and the Houthis said they carried out the attack": this one;
            # "the violence followed a day when crowds marched": another one
            opens = None
        reaction = False
        if opens is not None:  # "the attack": what comes before the phrase is about something else
            cut = c_start + lead + opens
            clause_dates = [d for d in clause_dates if d.start >= cut]
            reaction = is_reaction(lowered[c_start:cut])
        else:
            cut = c_start
        if reaction:
            clause_dates, clause_places = [], []
        else:
            own = outside_silent_relatives(lowered, places, ks, cut, c_end)
            clause_places = clause_places_of(lowered, own, cut, places_end(lowered, own, cut, c_end), countries,
                                             actors)  # fmt: skip
            if not clause_places and "capital" in clause_low:
                clause_places = the_capital(clause_low[cut - c_start :], countries, lexicon.actors, lexicon.gazetteer)
            if not clause_places and earlier is not None and points_back(clause_low):
                clause_places = [(earlier, False)]  # "a drone strike on a building in the camp"
            if not clause_places and sub and clause_dates and out and lowered.startswith("since", c_start):
                # "the first attack in Baghdad since January 2018, when bombers struck the same square"
                clause_places = out[-1].places
        if classes & {"take"} and not _takes_territory(ks, lowered, places, c_end):
            classes.discard("take")
            if not classes & STRONG and not classes & {"weak_battle", "hurt", "claim"}:
                continue
        kill_words = bool(classes & KILL_CLASSES) or (
            any(w in clause_low for w in _CASUALTY_STEMS) and bool(_CASUALTY_WORDS.search(clause_low))
        )
        roles = assign_roles(text[c_start:c_end], clause_low, c_start, actors, ks, lexicon, kill_words)
        if clause_places and roles:
            # "wounding 26 civilians" at Abha airport: people no word names are the place's
            roles = [named_after_place(r, clause_places[0][0].country, lexicon.actors) for r in roles]
        if reaction:  # a reaction says who is blamed or claims it, not who was hit
            roles = [r for r in roles if r.role == "perpetrator" and r.attribution != "reported"]
        if not classes & WEAPON_CLASSES and flown(roles, actors):
            classes.add("w_air")  # "Pakistani military aircraft struck villages, killing 40": from the air
        if "bombed" in classes and not classes & WEAPON_CLASSES:
            # armies bomb from the air; militants' bombs are planted, and an unnamed bomber is rarely a pilot
            classes.add("w_air" if state_perpetrator(roles) else "w_ied")
        if "weak_riot" in classes and "protest" not in classes:
            classes.discard("weak_riot")
        if (
            "battle" in classes
            and (crowd := protesters_in(actors, cut, c_end, lexicon)) is not None
            and not any(r.role == "target" and r.actor is crowd.actor for r in roles)  # shot at on their way
        ):
            classes = (classes - {"battle"}) | {"riot"}  # a crowd clashing with police riots
            if crowd.actor is not None and not any(lexicon.actors.is_state_part(r.actor, "protesters") for r in roles):
                roles = [*(r for r in roles if r.actor is not crowd.actor), Role(crowd.actor, "perpetrator", "reported",
                                                                                  crowd.start)]  # fmt: skip
        if (
            "weak_protest" in classes
            and (clause_dates or clause_places)
            and crowd_acts(clause_low, actors, c_start, c_end, lexicon)
        ):
            classes.add("protest")  # "thousands took to the streets of Basra on Friday"
            roles = with_protesters(roles, clause_places, countries, lexicon, c_start)
        toll_only = thwarts = False
        told: Casualties | None = None  # read once: a toll-only clause is read to decide, then kept
        if out and out[-1].kind.event_type in DEMONSTRATION and classes <= RESPONSE and classes - {"hurt"}:
            # "...; guards opened fire, killing three of them": how the crowd just told was met
            toll_only = True
            classes = {"protest", "repress"} | (classes & {"kill", "w_arms"})
        elif only_stops(classes) and all_stopped(clause_low, lowered):
            # "and was shot down by an Apache", "The Iron Dome shot down four of them": what was just fired
            if out and out[-1].sentence is sentence:
                if thwarted(out[-1].kind, out[-1].casualties.hurt_anyone):
                    out[-1].kind = DISRUPTED
                continue
            toll_only, thwarts, classes = True, True, {"disrupt", "w_shell"}
        elif not _is_event(classes, words, clause_dates, clause_places):
            if "weak_attack" in classes and armed_state_strikes(roles):
                # "the U.S. military struck back at facilities": armies strike from the air; "troops
                # fired on the crowd": they shot
                classes.add("w_arms" if _FIRED_ON.search(clause_low) else "w_air")
            elif "repress" in classes and classes <= {"hurt", "weak_attack", "repress", "kill"}:
                toll_only = True  # "police fired tear gas": how the protest just told was met
                classes = {"protest", "repress"} | (classes & {"kill"})
            elif classes <= {"hurt", "weak_attack", "claim"} and (
                (told := read_casualties(text[c_start:c_end])).found
                or ("claim" in classes and any(r.role == "perpetrator" for r in roles))
            ):
                toll_only = True  # a toll or a claim of responsibility for the event just told
                classes = {"kill"}
            else:
                if sub:
                    how_clauses.append((cut, c_end))
                continue
        if classes == {"arrest"} and FOLLOW_UP.search(clause_low):
            continue
        target_armed = any(r.role == "target" and r.actor.kind in ("state force", "non-state armed group", "coalition")
                           for r in roles)  # fmt: skip
        perp_state = any(r.role == "perpetrator" and r.actor.kind == "state force" for r in roles)
        armed_group = any(r.role == "perpetrator" and r.actor.kind == "non-state armed group" for r in roles)
        riot_words = words & RIOT_WORDS
        if riot_words and riot_words <= ARMED_AS_WELL:
            if armed_group or perp_state or target_armed:
                classes = (classes - {"riot"}) | {"raid"}  # gunmen storming a camp, militants a base: an assault
            elif not (after_crowd or "protest" in classes or crowd_acts(clause_low, actors, c_start, c_end, lexicon)):
                classes.discard("riot")  # "they set fire to cars": no crowd, no riot
        if "arrest" in classes and not perp_state and armed_before(actors, ks, c_start, "arrest"):
            classes = (classes - {"arrest"}) | {"abduct"}  # gunmen "rounding up" villagers take them, arrest no one
        if "weak_battle" in classes and between_armed_sides(clause_low, roles, c_start):
            classes.add("battle")  # "fighting between the SDF and ISIS fighters": two armed sides fought
        kind = classify(classes, target_armed, perp_state)
        if kind is None:
            continue
        if kind.sub_event_type == MOB_VIOLENCE and (
            after_crowd
            or any(k.cls in ("protest", "weak_protest") for k in keywords)
            or any(w in lowered for w in _DEMONSTRATING)
        ):
            kind = VIOLENT_DEMONSTRATION  # "angry crowds set fire to the party offices", the protest just told
        kind = by_perpetrators(kind, {r.actor.kind for r in roles if r.role == "perpetrator"})
        if not clause_dates and (before := [d for d in dates if d.end <= c_start]):
            # "militants took hostages last month in Bannu; forces stormed the compound two days later"
            counted = later_than(clause_low, before[-1])
            if counted is not None:
                clause_dates = [counted]
                clause_places = clause_places or clause_places_of(lowered, places, 0, c_start, countries, actors)[-1:]
        out.append(
            EventMention(
                kind=kind,
                sentence=sentence,
                clause=text[c_start:c_end].strip(),
                sub=sub,
                dates=clause_dates,
                places=clause_places,
                roles=roles,
                casualties=(told or read_casualties(text[c_start:c_end])) if classes & TOLL_CLASSES else Casualties(),
                anaphoric=opens is not None,
                order=order,
                caption=sentence.segment == "caption",
                specific=bool(classes & SPECIFIC) and not toll_only,
                blast_only=classes & WEAPON_CLASSES == {"w_ied"} and words & IED_WORDS <= BLAST_WORDS,
                toll_only=toll_only,
                thwarts=thwarts,
                reference=reaction,
                apart=len(clause_places) > 1 and apart(lowered, places, cut, c_end),
            )
        )
    if len(out) == 1 and how_clauses and not out[0].places and not out[0].sub:
        # "was killed on Friday after terrorists targeted his car in Absard": the clause telling
        # how asserts no event of its own, and its place is the killing's
        lent = [p for s, e in how_clauses for p in clause_places_of(lowered, places, s, e, countries, actors)]
        out[0].places = lent[:1]
    return out


_FIRED_ON = re.compile(
    r"\b(?:fired|firing|fires|fire) (?:live \w+ )?(?:on|at|into) (?:the |a )?(?:crowds?|protesters|"
    r"demonstrators|worshippers|worshipers|mourners|people|civilians|residents|supporters)\b"
)


def _names_a_thing(keyword: Keyword, lowered: str) -> bool:
    """ "protest camp", "the port explosion inquiry", "its missile programme": the trigger word is
    a noun's modifier."""
    if keyword.word == "protest":
        return bool(_PROTEST_NOUN.match(lowered, keyword.end))
    if keyword.word in ("rally", "rallies"):  # "as he left a campaign rally": an election meeting
        return bool(_CAMPAIGN_BEFORE.search(lowered, max(0, keyword.start - 16), keyword.start))
    if keyword.word == "riot":
        return bool(_RIOT_NOUN.match(lowered, keyword.end))  # "riot police", "riot gear"
    # weapon nouns only: after a verb ("jets strike bases") the next noun is what was hit
    return keyword.cls.startswith("w_") and bool(_THING_AFTER.match(lowered, keyword.end))


def _takes_territory(keywords: list[Keyword], lowered: str, places: list[PlaceMention], end: int) -> bool:
    """Whether a "take" word takes territory: "seized Mosul", "overran the base"; not "two
    captured" or "seized weapons"."""
    for k in keywords:
        if k.cls != "take":
            continue
        if k.word not in _TAKE_OBJECT:
            return True
        if any(k.end < p.start <= k.end + 40 and p.start < end for p in places) or _TERRITORY.match(lowered, k.end):
            return True
    return False


_BARE_PLURALS = frozenset(
    [
        "attacks",
        "strikes",
        "airstrikes",
        "rockets",
        "missiles",
        "bombings",
        "killings",
        "clashes",
        "protests",
        "raids",
        "shootings",
        "ambushes",
        "bombardments",
    ]
)
_DETERMINED = re.compile(r"\b(?:the|these|two|three|four|five|several|\d+)\s+(?:[\w-]+\s+)?$")
_MILITARY_HINTS = ("military", "forces", "army", "troops", "jets", "warplanes", "navy", "air force", "coalition")


def could_be_event(keywords: list[Keyword], lowered: str) -> bool:
    """A cheap first look: can these trigger words make an event at all? Saves the full reading
    of sentences that only mention a weapon ("Patriot missiles were sent") or a weak verb."""
    classes = {k.cls for k in keywords}
    if classes & STRONG or classes & {"weak_battle", "hurt", "claim"}:
        return True
    if "weak_protest" in classes:
        return True  # whether a crowd marched, the reading tells (``crowd_acts``)
    if classes & WEAPON_CLASSES:
        return "weak_attack" in classes or any(k.word in EVENT_NOUNS for k in keywords)
    return "weak_attack" in classes and any(h in lowered for h in _MILITARY_HINTS)


def _is_event(
    classes: set[str], words: set[str], dates: list[DateMention], places: list[tuple[GazEntry, bool]]
) -> bool:
    if classes & STRONG:
        return True
    weapons = classes & WEAPON_CLASSES
    if weapons and ("weak_attack" in classes or words & EVENT_NOUNS):
        return True
    return "weak_battle" in classes and bool(dates or places)
