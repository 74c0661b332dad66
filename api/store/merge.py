"""Deciding whether two reports describe the same event, and which values an event keeps."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

# Reports of one event disagree by a day at most (time zones, "late on Tuesday" vs "early Wednesday").
DATE_WINDOW = {"day": 1, "week": 7, "month": 31, "year": 366}
# Two places this close are the same scene: a base and the district it sits in, say.
SAME_PLACE_KM = 30.0
# Two different named sites (a base, an airport) are different scenes unless they nearly touch.
SAME_SITE_KM = 5.0


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def date_window(day: date, precision: str) -> tuple[date, date]:
    days = DATE_WINDOW.get(precision, 1)
    return day - timedelta(days=days), day + timedelta(days=days)


def match_score(
    candidate: dict[str, Any], existing: dict[str, Any], candidate_actors: set[int], existing_actors: set[int]
) -> float | None:
    """A score in (0, 1] when ``existing`` may be the same event as ``candidate``, else None.

    Both dicts carry event_type, date, date_precision, latitude, longitude, country, and the
    place's gazetteer key and precision (1 exact, 2 near, 3 region).
    """
    if candidate["event_type"] != existing["event_type"]:
        return None
    low, high = date_window(candidate["date"], candidate["date_precision"])
    if not low <= existing["date"] <= high:
        return None
    score = 1.0 - abs((existing["date"] - candidate["date"]).days) * 0.2
    if None not in (candidate["latitude"], existing["latitude"]):
        km = km_between(candidate["latitude"], candidate["longitude"], existing["latitude"], existing["longitude"])
        both_exact = candidate.get("precision") == 1 and existing.get("precision") == 1
        limit = SAME_SITE_KM if both_exact and candidate.get("key") != existing.get("key") else SAME_PLACE_KM
        if km > limit:
            return None
        score -= km / SAME_PLACE_KM * 0.3
    elif candidate["country"] and existing["country"] and candidate["country"] != existing["country"]:
        return None
    else:
        score -= 0.3
    if candidate_actors and existing_actors:
        if candidate_actors & existing_actors:
            score += 0.2
        else:
            score -= 0.2
    return score if score > 0.3 else None


def vote(values: Iterable[tuple[Any, float]]) -> Any:
    """The value with the most support (summed confidence); ties go to the larger value.

    The result does not depend on the order reports arrived in.
    """
    support: dict[Any, float] = {}
    for value, weight in values:
        if value is not None:
            key = _hashable(value)
            support[key] = support.get(key, 0.0) + weight
    if not support:
        return None
    best = max(support.items(), key=lambda item: (item[1], _sort_key(item[0])))
    return _unhashable(best[0])


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _unhashable(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _sort_key(value: Any) -> tuple[int, str]:
    # Larger numbers win ties (death tolls rise as reports come in); otherwise a stable order.
    if isinstance(value, int | float):
        return (1, f"{value:020.4f}")
    return (0, str(value))
