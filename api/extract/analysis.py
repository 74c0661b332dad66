"""One sentence at a time: its clauses, and in each clause the event it asserts, if any.

A clause asserts an event when a trigger says something happened ("struck", "killed",
"clashes", "protesters") and nothing makes it hypothetical ("would strike", "vowed to
attack", "to defend against attacks"), denied ("did not attack") or habitual ("has fired
dozens of rockets in the last year"). The clause's own dates, places, actors and casualty
figures go with it; clauses opened by "since", "after" or "in retaliation for" tell of other,
earlier events and keep only what they say themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from api.extract.actors import ActorMention
from api.extract.casualties import Casualties, read_casualties
from api.extract.dates import DateMention, find_dates
from api.extract.gazetteer import GazEntry, PlaceMention
from api.extract.keywords import Keyword, find_words, word_regex, word_start
from api.extract.lexicon import Lexicon
from api.extract.places import clause_places as clause_places_of
from api.extract.roles import Role, assign_roles
from api.extract.sentences import Sentence
from api.extract.tails import INFINITIVE, TRIED
from api.extract.taxonomy import STRONG, WEAPONS, EventKind, classify

_CLAUSE = word_regex(
    ["since", "after", "before", "following", "in retaliation for", "retaliation for", "in revenge for",
     "revenge for", "in response to", "response to", "to avenge"]
)  # fmt: skip
# Words after which a trigger is hypothetical, intended or feared rather than reported.
_MODAL_WORDS = """would will could might may should must shall can cannot threaten threatens threatened threatening vow vows
    vowed vowing warn warns warned warning plan plans planned planning intend intends intended intending poised
    ready@to prepare prepares prepared preparing seek seeks seeking aim aims aimed aiming want wants wanted if
    unless any anyone deter deters deterred deterrence future possible potential risk risks fear fears feared
    prevent prevents prevented preventing defend@against protect@against capable capability capabilities
    threat@of in@case ability@to designed@to allow allows allowed raise@the@prospect raising@the@prospect
    call@for calls@for called@for urge urges urged urging"""
_MODAL = word_regex([word.replace("@", " ") for word in _MODAL_WORDS.split()])
_NEGATION = re.compile(r"\b(?:no|not|never|without|n't|denied|deny|denies|nor|neither|none)\b")
_NEGATION_STEMS = ("no", "never", "without", "n't", "den", "neither")  # what _NEGATION needs
_HABITUAL = re.compile(
    r"\b(?:has|have)\s+(?:(?:also|repeatedly|twice|often|frequently|regularly|previously|long|already|in turn|"
    r"increasingly)\s+)*(?:been\s+)?[a-z]+(?:ed|en|ck|t)\b"
)
_AGGREGATE = re.compile(
    r"\b(?:dozens of|scores of|hundreds of|several|numerous|a series of|a spate of|a wave of|repeatedly|twice|"
    r"multiple|frequent(?:ly)?|regularly|many|before|in recent (?:months|weeks|years|days)|in the (?:last|past)|"
    r"over the (?:last|past)|so far this year|since)\b"
)
_GENERIC = re.compile(r"\b(?:such|these|those|similar|future|previous|past) (?:\w+ )?(?:attacks|strikes|incidents)\b")
_ANAPHOR_WORDS = ["the", "this", "that", "its", "saturday's", "sunday's", "monday's", "tuesday's", "wednesday's",
                  "thursday's", "friday's", "the latest", "the same", "the reported"]  # fmt: skip
_ANAPHOR_NOUNS = (
    r" (?:\w+ )?(?:attack|strike|strikes|incident|assault|bombing|explosion|blast|raid|rockets|rocket|missiles|missile|"
    r"base|site|projectiles)\b"
)
# The plain form, and the same written so that the regex engine can skip to the next first letter
# (``word_start``; "it was the" at the start is tested apart): ``anaphor`` gives the same start.
ANAPHOR = re.compile(rf"\b(?:{'|'.join(_ANAPHOR_WORDS)}){_ANAPHOR_NOUNS}|^it was the\b")
_ANAPHOR = re.compile(word_start(_ANAPHOR_WORDS) + _ANAPHOR_NOUNS)
_IT_WAS_THE = re.compile(r"it was the\b")


def anaphor(clause: str) -> int | None:
    """Where "the attack", "Saturday's strike", "this incident" opens in a lower-case clause, if it does."""
    if clause.startswith("it was the") and _IT_WAS_THE.match(clause):
        return 0
    found = _ANAPHOR.search(clause)
    return None if found is None else found.start()


_CASUALTY_WORDS = re.compile(r"\b(?:wounded|injured|dead|died|hurt|casualties|wounding|injuring)\b")
_CASUALTY_STEMS = ("wound", "injur", "dead", "died", "hurt", "casualties")  # what _CASUALTY_WORDS needs
EVENT_NOUNS = frozenset(
    ["airstrike", "airstrikes", "air-strike", "air-strikes", "air strike", "air strikes", "air raid", "air raids",
     "drone strike", "drone strikes", "drone attack", "drone attacks", "bombing", "bombings", "explosion",
     "explosions", "blast", "blasts", "shelling", "bombing raid", "aerial bombardment"]
)  # fmt: skip
KILL_CLASSES = frozenset(["kill", "w_arms", "w_blade"])
TOLL_CLASSES = frozenset(["kill", "w_arms", "w_blade", "hurt"])
WEAPON_CLASSES = frozenset(WEAPONS)
SPECIFIC = WEAPON_CLASSES | frozenset(["battle", "take", "protest", "riot", "abduct", "sexual", "arrest", "disrupt",
                                           "agree"])  # fmt: skip
FOLLOW_UP = re.compile(r"\b(?:suspect|suspects|suspected of|in connection with|over the (?:attack|killing|bombing))\b")


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
    merged: list[EventMention] = field(default_factory=list)


def clauses(lowered: str) -> list[tuple[int, int, bool]]:
    """(start, end, subordinate) for each clause of a sentence."""
    cuts = [(start, True) for start, _end, _word in find_words(_CLAUSE, lowered)]
    if ";" in lowered:
        cuts = sorted(cuts + [(i, False) for i, c in enumerate(lowered) if c == ";"])
    out: list[tuple[int, int, bool]] = []
    start, sub = 0, False
    for pos, is_sub in cuts:
        if pos - start < 3 and not out:  # "After the attack, ...": the opening phrase ends at its comma
            comma = lowered.find(", ", pos)
            if comma > 0:
                out.append((0, comma, True))
                start, sub = comma + 2, False
                continue
        out.append((start, pos, sub))
        start, sub = pos, is_sub
    out.append((start, len(lowered), sub))
    return [c for c in out if c[1] > c[0]]


def _markers(text: str, lowered: str) -> list[int]:
    """Where the sentence turns hypothetical ("would", "vowed", "any"); "May" the month does not count."""
    return [start for start, _end, word in find_words(_MODAL, lowered) if word != "may" or text[start] == "m"]


def doubt(keyword: Keyword, lowered: str, clause_start: int, markers: list[int]) -> str | None:
    """Why the text does not assert this trigger happened: "modal", "infinitive", "negated" or None."""
    window = max(clause_start, keyword.start - 80)
    if markers and any(window <= pos < keyword.start for pos in markers):
        return "modal"
    before = lowered[window : keyword.start]
    if before.endswith("to ") and INFINITIVE(before) and not TRIED(before):
        return "infinitive"
    near = before[-22:]
    return "negated" if any(w in near for w in _NEGATION_STEMS) and _NEGATION.search(near) else None


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
) -> list[EventMention]:
    text = sentence.text
    out: list[EventMention] = []
    markers = _markers(text, lowered)
    dates: list[DateMention] | None = None
    for c_start, c_end, sub in clauses(lowered):
        inside = [(k, doubt(k, lowered, c_start, markers)) for k in keywords if c_start <= k.start < c_end]
        ks = [k for k, why in inside if why is None]
        if not ks:
            continue
        # what follows a hypothetical ("and appeared poised to attack Baghdad") is not part of the event
        c_end = next((k.start for k, why in inside if k.start > ks[0].start and why == "modal"), c_end)
        ks = [k for k in ks if k.start < c_end]
        clause_low = lowered[c_start:c_end]
        if dates is None:
            dates = find_dates(text, reference, ahead)
        clause_dates = [d for d in dates if c_start <= d.start < c_end]
        classes = {k.cls for k in ks}
        words = {k.word for k in ks}
        if ("strike" in words or "strikes" in words) and not classes & WEAPON_CLASSES:
            classes.add("w_air")  # a military "strike" is, in news usage, from the air
        if not clause_dates and (
            (("attacks" in clause_low or "strikes" in clause_low or "incidents" in clause_low)
             and _GENERIC.search(clause_low))
            or (("has" in clause_low or "have" in clause_low) and _HABITUAL.search(clause_low)
                and _AGGREGATE.search(clause_low))
        ):  # fmt: skip
            continue
        bare = [k for k in ks if k.word in _BARE_PLURALS and not _DETERMINED.search(lowered, 0, k.start)]
        if (
            bare
            and all(k in bare or k.cls.startswith("w_") for k in ks)
            and not (clause_dates or any(p.start >= c_start and p.start < c_end for p in places))
        ):
            continue  # "Rocket attacks rise": a trend, not one event
        opens = anaphor(clause_low.strip())
        if opens is not None:  # "the attack": what comes before the phrase is about something else
            lead = len(clause_low) - len(clause_low.lstrip())
            cut = c_start + lead + opens
            clause_dates = [d for d in clause_dates if d.start >= cut]
        else:
            cut = c_start
        clause_places = clause_places_of(lowered, places, cut, c_end, countries, actors)
        kill_words = bool(classes & KILL_CLASSES) or (
            any(w in clause_low for w in _CASUALTY_STEMS) and bool(_CASUALTY_WORDS.search(clause_low))
        )
        roles = assign_roles(text[c_start:c_end], clause_low, c_start, actors, ks, lexicon, kill_words)
        toll_only = False
        told: Casualties | None = None  # read once: a toll-only clause is read to decide, then kept
        if not _is_event(classes, words, clause_dates, clause_places):
            if "weak_attack" in classes and _armed_state_strikes(roles):
                classes.add("w_air")  # "the U.S. military struck back at facilities": armies strike from the air
            elif "repress" in classes and classes <= {"hurt", "weak_attack", "repress", "kill"}:
                toll_only = True  # "police fired tear gas": how the protest just told was met
                classes = {"protest", "repress"} | (classes & {"kill"})
            elif classes <= {"hurt", "weak_attack", "claim"} and (
                (told := read_casualties(text[c_start:c_end])).found or any(r.role == "perpetrator" for r in roles)
            ):
                toll_only = True  # a toll or a claim of responsibility for the event just told
                classes = {"kill"}
            else:
                continue
        if classes == {"arrest"} and FOLLOW_UP.search(clause_low):
            continue
        target_armed = any(r.role == "target" and r.actor.kind in ("state force", "non-state armed group", "coalition")
                           for r in roles)  # fmt: skip
        perp_state = any(r.role == "perpetrator" and r.actor.kind == "state force" for r in roles)
        kind = classify(classes, target_armed, perp_state)
        if kind is None:
            continue
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
                toll_only=toll_only,
            )
        )
    return out


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
    if classes & WEAPON_CLASSES:
        return "weak_attack" in classes or any(k.word in EVENT_NOUNS for k in keywords)
    return "weak_attack" in classes and any(h in lowered for h in _MILITARY_HINTS)


def _armed_state_strikes(roles: list[Role]) -> bool:
    perpetrators = [r for r in roles if r.role == "perpetrator" and r.attribution == "reported"]
    return any(r.actor.kind in ("state force", "coalition") for r in perpetrators) and any(
        r.role == "target" for r in roles
    )


def _is_event(
    classes: set[str], words: set[str], dates: list[DateMention], places: list[tuple[GazEntry, bool]]
) -> bool:
    if classes & STRONG:
        return True
    weapons = classes & WEAPON_CLASSES
    if weapons and ("weak_attack" in classes or words & EVENT_NOUNS):
        return True
    return "weak_battle" in classes and bool(dates or places)
