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


EARTH_KM = 6371.0
# No two places further apart in latitude than this are within SAME_PLACE_KM of each other
# (a great circle is never shorter than its north-south part); 1 % spare for rounding.
LATITUDE_REACH = SAME_PLACE_KM / (EARTH_KM * math.pi / 180) * 1.01


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(a))


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
        if abs(candidate["latitude"] - existing["latitude"]) > LATITUDE_REACH:
            return None  # further than SAME_PLACE_KM whatever the longitudes: spare the trigonometry
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
        add_support(support, value, weight)
    return winner(support)


def add_support(support: dict[Any, float], value: Any, weight: float) -> None:
    """Count ``weight`` for ``value`` (None says nothing and counts for nothing)."""
    if value is not None:
        key = _hashable(value)
        support[key] = support.get(key, 0.0) + weight


def winner(support: dict[Any, float]) -> Any:
    """The best-supported value of a tally built with ``add_support``, or None when it is empty."""
    if len(support) < 2:  # most fields: every report says the same, or none says anything
        return _unhashable(next(iter(support))) if support else None
    return _unhashable(max(support.items(), key=_rank)[0])


def leader(support: dict[Any, float], current: Any, value: Any) -> Any:
    """The key that leads ``support`` after ``value``'s support grew, ``current`` having led before
    (None for none): what ``winner`` would find, without looking at every value."""
    if value is None:
        return current
    key = _hashable(value)
    if current is None or key == current:
        return key
    return key if _rank((key, support[key])) > _rank((current, support[current])) else current


def _rank(item: tuple[Any, float]) -> tuple[float, tuple[int, str]]:
    return (item[1], _sort_key(item[0]))


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _unhashable(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _sort_key(value: Any) -> tuple[int, str]:
    # Larger numbers win ties (death tolls rise as reports come in); otherwise a stable order.
    if isinstance(value, int | float):
        return (1, f"{value:020.4f}")
    return (0, str(value))
