"""Conditions that SQLite answers well in one form when few events match, in another when many do.

SQLite plans a query by its form and keeps no per-value statistics (its ANALYZE stores
averages), so it cannot tell a rare actor from a frequent one. A correlated ``EXISTS (…)`` walks
the page's index and checks each event: a page comes quickly when many events match, and the
whole table is read when few do. ``id IN (subquery)`` gathers the matching events and sorts
them: quick when few match, everything matching when many do. At 100,000 events the wrong form
costs up to 2.5 full scans (tests/store/test_query_plans.py), so a page query asks first, once
per filter and database, how many events match, counting no further than the point where the
two forms cost the same. PostgreSQL chooses between the two plans itself from its statistics.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import isqrt
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import ColumnElement, Connection, Engine, Select, func, select

from api.store.tables import events_t


@dataclass(frozen=True)
class Matching:
    """A condition on events in its two forms, and the ids of the events it matches."""

    ids: Select[Any]
    walk: ColumnElement[bool]  # for many matches: checked event by event in the page's order
    gather: ColumnElement[bool]  # for few: the matching events fetched, then sorted


class Probe:
    """Tells whether many events of one database match; ``key`` names the database, since the
    answers are kept with the filters' conditions."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.key = engine.url.render_as_string(hide_password=True)

    def many(self, ids: Select[Any]) -> bool:
        with self.engine.connect() as connection:
            return many_match(connection, ids)


_probes: WeakKeyDictionary[Engine, Probe] = WeakKeyDictionary()


def probe_for(engine: Engine) -> Probe:
    probe = _probes.get(engine)
    if probe is None:
        probe = _probes[engine] = Probe(engine)
    return probe


def many_match(connection: Connection, ids: Select[Any]) -> bool:
    """Whether walking the page's order would meet a page of matches (101 rows) no later than
    gathering every match costs: with n of N events matching, the walk reads about 101·N/n rows,
    the gathering n, so the forms cost the same at n = √(101·N)."""
    total = int(connection.execute(select(func.max(events_t.c.id))).scalar() or 0)
    enough = max(100, isqrt(101 * total))
    counted = select(func.count()).select_from(ids.limit(enough).subquery())
    return int(connection.execute(counted).scalar() or 0) >= enough


def choose(matching: Matching, probe: Probe | None, default: ColumnElement[bool]) -> ColumnElement[bool]:
    """The form for the data, or ``default`` when there is nobody to ask (or PostgreSQL)."""
    if probe is None:
        return default
    return matching.walk if probe.many(matching.ids) else matching.gather
