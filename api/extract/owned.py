"""The dates and places a clause owns: not those of a relative clause that tells no event (",
who resigned last month"), of the telling ("said on Friday", "the toll rose to 100 on Tuesday"),
or of what a place is (", where demonstrators have faced off with police").
"""

from __future__ import annotations

import re

from api.extract.casualties import TOLL_VERB
from api.extract.clauses import relative_spans
from api.extract.dates import DateMention
from api.extract.gazetteer import PlaceMention
from api.extract.keywords import Keyword

_WHERE = ", where "


def own_dates(
    lowered: str, dates: list[DateMention], keywords: list[Keyword], start: int, end: int
) -> list[DateMention]:
    """The clause's dates less those a relative clause without a trigger holds (", who resigned
    last month", ", which lost seats in the October 10 election")."""
    silent = _silent_relatives(lowered, keywords, start, end)
    if silent:
        dates = [d for d in dates if not any(s <= d.start < e for s, e in silent)]
    # "a medic said by Saturday afternoon that 25 had died", "claimed responsibility on Thursday for
    # the blasts", "the death toll rose to 100 on Tuesday": the day of the telling, not of the deaths
    return [
        d
        for d in dates
        if not _SAID_BEFORE.search(lowered, max(start, d.start - 30), d.start)
        and not _CLAIMED_AFTER.match(lowered, d.end)
        and not (
            ("toll" in lowered or "number of" in lowered)
            and _TOLL_ROSE_BEFORE.search(lowered, max(start, d.start - 30), d.start)
        )
    ]


_CLAIMED = r"(?:claimed responsibility|claimed the attacks?|took responsibility)"
_SAID_BEFORE = re.compile(
    rf"\b(?:said|says|told|reported|announced|added|stated|{_CLAIMED})\s+(?:by\s+|late\s+|early\s+)?$"
)
# "ISIS on Monday claimed responsibility for a suicide bombing": the day of the claim
_CLAIMED_AFTER = re.compile(rf"\s+{_CLAIMED}\b")
_TOLL_ROSE_BEFORE = re.compile(rf"\b{TOLL_VERB} (?:to |at )?[\w,]+ $")


def outside_silent_relatives(
    lowered: str, places: list[PlaceMention], keywords: list[Keyword], start: int, end: int
) -> list[PlaceMention]:
    """The places less those a relative clause without a trigger holds ("the attacks, which came
    while the prime minister was meeting the leader in Tehran")."""
    silent = _silent_relatives(lowered, keywords, start, end)
    return [p for p in places if not any(s <= p.start < e for s, e in silent)] if silent else places


def _silent_relatives(lowered: str, keywords: list[Keyword], start: int, end: int) -> list[tuple[int, int]]:
    spans = relative_spans(lowered, start, end)
    return [(s, e) for s, e in spans if not any(s <= k.start < e for k in keywords)]


def places_end(lowered: str, places: list[PlaceMention], start: int, end: int) -> int:
    """Where a clause's places end: ", where demonstrators have faced off with police on the road
    to the Green Zone" says what the place just named is, not where the event was."""
    where = lowered.find(_WHERE, start, end)
    if where < 0 or not any(start <= p.start < where for p in places):
        return end
    return where
