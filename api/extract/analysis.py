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
from api.extract.gazetteer import CITY, FEATURE_RANK, GazEntry, PlaceMention, choose, km_between
from api.extract.groups import HEADS
from api.extract.keywords import Keyword, find_words, word_regex, word_start
from api.extract.lexicon import Lexicon
from api.extract.roles import Role, assign_roles
from api.extract.sentences import Sentence
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
_INFINITIVE = re.compile(r"\bto\s+$")
_TRIED = re.compile(r"\b(?:tried|attempted|tries|attempts|trying|began|begun|continued|continue|started)\s+to\s+$")
_NEGATION = re.compile(r"\b(?:no|not|never|without|n't|denied|deny|denies|nor|neither|none)\b")
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


_NEAR = re.compile(r"\b(?:near|close to|outside|on the outskirts of|around|nearby|not far from|in the vicinity of)\s+"
                   r"(?:the\s+)?(?:city of\s+|town of\s+)?$")  # fmt: skip
_ORIGIN = re.compile(r"\bfrom\s+(?:the\s+)?$")
_DIRECTION = re.compile(
    r"\b(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|south-east|"
    r"south-west)(?:ern)?(?:\s+of)?\s+(?:the\s+)?(?:city of\s+|capital\s+)?$"
)
_CASUALTY_WORDS = re.compile(r"\b(?:wounded|injured|dead|died|hurt|casualties|wounding|injuring)\b")
_CASUALTY_STEMS = ("wound", "injur", "dead", "died", "hurt", "casualties")  # what _CASUALTY_WORDS needs
_NEXT_WORD = re.compile(r"(-)|\s+([a-z]+)\b")
_FUNCTION_WORDS = frozenset(
    [
        "and",
        "or",
        "but",
        "nor",
        "that",
        "which",
        "where",
        "who",
        "whose",
        "when",
        "while",
        "as",
        "amid",
        "after",
        "before",
        "since",
        "until",
        "on",
        "in",
        "at",
        "to",
        "for",
        "from",
        "with",
        "by",
        "of",
        "over",
        "under",
        "against",
        "into",
        "onto",
        "near",
        "during",
        "despite",
        "through",
        "across",
        "about",
        "than",
        "is",
        "was",
        "were",
        "are",
        "has",
        "have",
        "had",
        "said",
        "says",
    ]
)


def _attributive(lowered: str, end: int) -> bool:
    """A country name used as an adjective: "US-led", "US troops", "Iraq war"."""
    match = _NEXT_WORD.match(lowered, end)
    if match is None:
        return False
    return bool(match.group(1)) or (match.group(2) not in _FUNCTION_WORDS and match.group(2) in _ATTRIBUTIVE_NOUNS)


_ATTRIBUTIVE_NOUNS = frozenset(HEADS) | frozenset(
    [
        "drone",
        "drones",
        "strike",
        "strikes",
        "air",
        "airstrike",
        "airstrikes",
        "attack",
        "attacks",
        "missile",
        "missiles",
        "rocket",
        "rockets",
        "war",
        "military-led",
        "officials",
        "official",
        "envoy",
        "president",
        "leader",
        "commander",
        "forces-led",
        "dialogue",
        "talks",
    ]
)
_IN_COUNTRY = re.compile(r"\b(?:in|into|inside|across|throughout|near|outside|at|on|over)\s+(?:the\s+)?$")
_LOCATIVE = re.compile(r"\b(?:in|at|near|outside|into|on|to|from|of|around|across|toward|towards)\s+(?:the\s+)?$")
EVENT_NOUNS = frozenset(
    ["airstrike", "airstrikes", "air-strike", "air-strikes", "air strike", "air strikes", "air raid", "air raids",
     "drone strike", "drone strikes", "drone attack", "drone attacks", "bombing", "bombings", "explosion",
     "explosions", "blast", "blasts", "shelling", "bombing raid", "aerial bombardment"]
)  # fmt: skip
KILL_CLASSES = frozenset(["kill", "w_arms", "w_blade"])
TOLL_CLASSES = frozenset(["kill", "w_arms", "w_blade", "hurt"])
SPECIFIC = frozenset(WEAPONS) | frozenset(["battle", "take", "protest", "riot", "abduct", "sexual", "arrest", "disrupt",
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
    if before.endswith("to ") and _INFINITIVE.search(before) and not _TRIED.search(before):
        return "infinitive"
    return "negated" if _NEGATION.search(before[-22:]) else None


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
        if words & {"strike", "strikes"} and not classes & set(WEAPONS):
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
        clause_places = _places(text, lowered, places, cut, c_end, countries, actors)
        kill_words = bool(classes & KILL_CLASSES) or (
            any(w in clause_low for w in _CASUALTY_STEMS) and bool(_CASUALTY_WORDS.search(clause_low))
        )
        roles = assign_roles(text[c_start:c_end], c_start, actors, ks, lexicon, kill_words)
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
    if classes & set(WEAPONS):
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
    weapons = classes & set(WEAPONS)
    if weapons and ("weak_attack" in classes or words & EVENT_NOUNS):
        return True
    return "weak_battle" in classes and bool(dates or places)


def _places(
    text: str,
    lowered: str,
    mentions: list[PlaceMention],
    start: int,
    end: int,
    countries: tuple[str, ...],
    actors: list[ActorMention],
) -> list[tuple[GazEntry, bool]]:
    """The clause's places where something happened, most specific first.

    Left out: origins ("launched from Iran"), reference points ("north of Baghdad") when a better
    place is named, places that contain another named place (the province of a base), and
    general-gazetteer towns outside the article's countries unless a preposition places them.
    """
    found: list[tuple[GazEntry, bool, bool]] = []  # entry, near, reference
    for m in mentions:
        if not start <= m.start < end:
            continue
        before = lowered[max(start, m.start - 40) : m.start]
        if "from" in before and _ORIGIN.search(before):
            continue
        entry = choose(m.candidates, countries)
        locative = bool(_LOCATIVE.search(before))
        if entry.layer >= CITY and entry.country not in countries and not locative:
            continue
        if not locative and any(a.start <= m.start < a.end and a.how == "name" for a in actors):
            continue  # "what Tehran called", "Washington blamed": the capital speaks for a government
        if entry.feature_type == "country" and (not _IN_COUNTRY.search(before) or _attributive(lowered, m.end)):
            continue  # "US troops", "Iraq's Camp Taji": the country names an owner, not a place
        # substring checks first: the patterns cannot match without one of these words
        reference = ("north" in before or "south" in before or "east" in before or "west" in before) and bool(
            _DIRECTION.search(before)
        )
        near = (
            "near" in before
            or "close to" in before
            or "outside" in before
            or "outskirts" in before
            or "around" in before
            or "not far" in before
            or "vicinity" in before
        ) and bool(_NEAR.search(before))
        found.append((entry, near, reference))
    if not found:
        return []
    entries = [f[0] for f in found]
    leaves = [f for f in found if not any(f[0].contains_entry(o) for o in entries if o.key != f[0].key)]
    leaves = [f for f in leaves if not f[2]] or leaves
    by_rank = sorted(leaves, key=lambda f: FEATURE_RANK.get(f[0].feature_type, 5))
    kept: list[tuple[GazEntry, bool, bool]] = []
    for leaf in by_rank:
        entry = leaf[0]
        if any(e.key == entry.key or _distance(entry, e) < SAME_SPOT_KM for e, _, _ in kept):
            continue  # the same spot named twice ("Taji" and "Camp Taji")
        if FEATURE_RANK[entry.feature_type] >= FEATURE_RANK["city"] and any(
            _distance(entry, e) < NEAR_KM and FEATURE_RANK[entry.feature_type] > FEATURE_RANK[e.feature_type]
            for e, _, _ in kept
        ):
            continue  # "a base near Kirkuk": the town only says where the base is
        kept.append(leaf)
    return [(entry, near) for entry, near, _ref in leaves if any(entry is k[0] for k in kept)]


SAME_SPOT_KM = 5.0
NEAR_KM = 50.0


def _distance(a: GazEntry, b: GazEntry) -> float:
    if a.lat is None or b.lat is None or a.lon is None or b.lon is None:
        return 0.0 if a.country == b.country else 1e9
    return km_between(a.lat, a.lon, b.lat, b.lon)
