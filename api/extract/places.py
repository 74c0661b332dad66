"""The places a clause says something happened at: "near Baghdad International Airport", not
"launched from Iran", "US troops" or "the province of a base the clause names too"."""

from __future__ import annotations

import re
from itertools import pairwise

from api.extract.actors import ActorDictionary, ActorMention
from api.extract.gazetteer import CITY, FEATURE_RANK, GazEntry, Gazetteer, PlaceMention, choose, km_between
from api.extract.groups import HEADS
from api.extract.tails import BLAMED_ON, DIRECTION, IN_COUNTRY, LOCATIVE, NEAR, ORIGIN, ROUTE, TRANSIT

SAME_SPOT_KM = 5.0
NEAR_KM = 50.0
_NEAR_STEMS = ("near", "close to", "outside", "outskirts", "around", "not far", "vicinity")  # what NEAR needs


def clause_places(
    lowered: str,
    mentions: list[PlaceMention],
    start: int,
    end: int,
    countries: tuple[str, ...],
    actors: list[ActorMention],
) -> list[tuple[GazEntry, bool]]:
    """The places of the clause ``lowered[start:end]`` where something happened, most specific
    first, each with whether the text puts the event only near it.

    Left out: origins ("launched from Iran"), who is blamed ("blamed on Israel"), reference points
    ("north of Baghdad", "jets flying over Lebanon", "the road leading to the Green Zone") when a
    better place is named, places that contain another named place (the province of a base), and
    general-gazetteer towns outside the article's countries unless a preposition places them.
    """
    found: list[tuple[GazEntry, bool, bool]] = []  # entry, near, reference
    spans: dict[int, tuple[int, int]] = {}  # by id of entry: where the text names it
    for m in mentions:
        if not start <= m.start < end:
            continue
        wide = lowered[max(start, m.start - 60) : m.start]  # "from an area north of the Lebanese village of"
        if "from" in wide and ORIGIN(wide):
            continue
        before = wide[-40:]
        if ("blam" in before or "scribed" in before or "attributed" in before) and BLAMED_ON(before):
            continue
        if _TITLE_AFTER.match(lowered, m.end):
            continue  # "Donetsk regional governor Pavlo Kyrylenko said": whose official speaks, not where
        entry = choose(m.candidates, countries)
        if entry.layer >= CITY and countries and entry.country != countries[0] and _VENUE_AFTER.match(lowered, m.end):
            continue  # "the Reina nightclub" of an Istanbul story: a club's name, not a town abroad
        locative = LOCATIVE(before)
        if entry.layer >= CITY and entry.country not in countries and not locative:
            continue
        if not locative and any(a.start <= m.start < a.end and a.how == "name" for a in actors):
            continue  # "what Tehran called", "Washington blamed": the capital speaks for a government
        if entry.feature_type == "country" and (
            not IN_COUNTRY(before) or _attributive(lowered, m.end, m.text.isupper())
        ):
            continue  # "US troops", "Iraq's Camp Taji": the country names an owner, not a place
        # substring checks first: the patterns cannot match without one of these words
        reference = (
            (("north" in before or "south" in before or "east" in before or "west" in before) and DIRECTION(before))
            or (("over" in before or "through" in before or "across" in before or "via" in before) and TRANSIT(before))
            or (("lead" in before or "led" in before or "road" in before or "highway" in before or "route" in before)
                and ROUTE(before))
        )  # fmt: skip
        reference = reference or _in_job_title(lowered, start, m.start)
        near = any(w in before for w in _NEAR_STEMS) and NEAR(before)
        found.append((entry, near, reference))
        spans.setdefault(id(entry), (m.start, m.end))
    if len(found) <= 1:
        return [(entry, near) for entry, near, _reference in found]  # what the rest gives for one place
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
            _distance(entry, e) < NEAR_KM
            and FEATURE_RANK[entry.feature_type] > FEATURE_RANK[e.feature_type]
            and not _coordinated(lowered, spans[id(entry)], spans[id(e)])
            for e, _, _ in kept
        ):
            continue  # "a base near Kirkuk": the town only says where the base is
        kept.append(leaf)
    return [(entry, near) for entry, near, _ref in leaves if any(entry is k[0] for k in kept)]


# ", a deputy director at the Natanz enrichment site,": where a person works, told of the person
_JOB_TITLE = re.compile(
    r", (?:a|an|the) (?:[\w'’-]+ ){0,3}?(?:director|commander|head|chief|official|leader|member|spokesman|"
    r"spokeswoman|governor|mayor|deputy|professor|student|engineer|employee|worker|guard|imam|priest) "
    r"(?:[\w'’-]+ ){0,2}?(?:at|of|in|from) (?:the )?[^,;]{0,40}$"
)


_VENUE_AFTER = re.compile(
    r" (?:night ?club|club|hotel|restaurant|cafe|café|bar|mall|shopping centre|shopping center|stadium|cinema|"
    r"theatre|theater|concert hall|supermarket)\b"
)
# "Donetsk regional governor Pavlo Kyrylenko", "Kharkiv mayor Ihor Terekhov": a title, the place its office's;
# "the Mogadishu mayor's office" is a building there
_TITLE_AFTER = re.compile(
    r"(?:['’]s)? (?:regional |provincial |district |city |state |local |deputy )?(?:governor|mayor|police chief|"
    r"health (?:director|chief|official)|council (?:head|chief|member))\b(?!['’]s)"
)


def _in_job_title(lowered: str, start: int, at: int) -> bool:
    """Whether the place at ``at`` is told in an appositive naming someone's job."""
    return "," in lowered[max(start, at - 90) : at] and bool(_JOB_TITLE.search(lowered, max(start, at - 90), at))


def apart(lowered: str, mentions: list[PlaceMention], start: int, end: int) -> bool:
    """Whether the clause names places joined by "and", each a place of its own ("a depot in
    Musaffah and a site at the airport"), rather than one inside the other ("Baghdad's Sadr City")."""
    inside = [m for m in mentions if start <= m.start < end]
    return any(_coordinated(lowered, (a.start, a.end), (b.start, b.end)) for a, b in pairwise(inside))


def _coordinated(lowered: str, first: tuple[int, int], then: tuple[int, int]) -> bool:
    """Whether the place named first is a target's of its own, joined to the next one by "and": "a
    depot in Musaffah and a construction site at the airport"."""
    return first[1] <= then[0] and " and " in lowered[first[1] : then[0]]


def _distance(a: GazEntry, b: GazEntry) -> float:
    if a.lat is None or b.lat is None or a.lon is None or b.lon is None:
        return 0.0 if a.country == b.country else 1e9
    return km_between(a.lat, a.lon, b.lat, b.lon)


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
        # time words end a place phrase too ("in the US last week")
        "last",
        "this",
        "next",
        "yesterday",
        "today",
        "tonight",
        "earlier",
        "later",
        "early",
        "late",
        "overnight",
        "now",
        "again",
        "itself",
    ]
)


def _attributive(lowered: str, end: int, abbreviated: bool = False) -> bool:
    """A country name used as an adjective: "US-led", "US troops", "Iraq war". An abbreviation
    before any word but a function word is one ("U.S. targets", "the US embassy"): "in the US"
    ends a phrase."""
    match = _NEXT_WORD.match(lowered, end)
    if match is None:
        return False
    word = match.group(2)
    return bool(match.group(1)) or (word not in _FUNCTION_WORDS and (abbreviated or word in _ATTRIBUTIVE_NOUNS))


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


_BACK_TO_PLACE = re.compile(
    r"\b(?:in|at|inside|into|near|around|outside|of|on) the (?:same )?(?:refugee )?"
    r"(?:camp|city|town|village|base|district|neighbou?rhood|square|compound|area)\b(?!\s+of\b)"
)
_CAPITAL = re.compile(r"\bthe (?:([a-z]+) )?capital\b(?! of\b)")  # "the capital of the province" is not the country's


def points_back(clause: str) -> bool:
    """Whether a lower-case clause puts its event at a place told before: "in the camp", "the town"."""
    return bool(_BACK_TO_PLACE.search(clause))


def the_capital(
    clause: str, countries: tuple[str, ...], actors: ActorDictionary, gazetteer: Gazetteer
) -> list[tuple[GazEntry, bool]]:
    """ "went off in the capital", "in the Iraqi capital": the capital of the country the article
    is about, or of the one the adjective names ("the provincial capital" is none)."""
    found = _CAPITAL.search(clause)
    if found is None:
        return []
    word = found.group(1)
    code = countries[0] if countries else None
    if word is not None:
        states = [st for st, how, _case in actors.state_index.table.get(word, []) if how == "demonym"]
        code = states[0].country if states else None
    capital = gazetteer.capitals.get(code or "")
    return [(capital, False)] if capital is not None else []
