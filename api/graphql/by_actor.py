"""Pages of one actor's events in date order, read from ``event_actors``' copy of the dates.

A filter on one actor (by id or name, in a role or any), alone or ANDed with other conditions,
is anchored on the index ``ix_event_actors_actor_date (actor_id, event_date, event_id)``: the
page walks the actor's role rows newest first, joins each to its event and checks the rest of
the filter there, and stops after the page. Without the anchor the databases could only walk all
events in date order probing each for the actor (a frequent actor) or gather the actor's events
and sort them (a rare one), and both grow with the table (docs/benchmarks.md, scale curve).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import ColumnElement, exists, select

from api.graphql.filters import EventFilter, compile_filter, filter_key
from api.graphql.ids import from_global_id
from api.graphql.pagination import Anchor, anchor
from api.graphql.selectivity import Probe
from api.store.tables import actors_t, event_actors_t, events_t

# Anchors of filters seen before, by value, for the reasons compile_filter keeps conditions.
_anchors: dict[tuple[Any, ...], Anchor | None] = {}
ANCHORS_KEPT = 1024


def actor_anchor(f: EventFilter | None, dialect: str, probe: Probe | None) -> Anchor | None:
    """The anchor for a filter that names one actor at its top level (or in a top-level ``and``),
    serving the date order; None for any other filter."""
    if f is None:
        return None
    key = filter_key(f, dialect, probe)
    if key in _anchors:
        return _anchors[key]
    split = _split(f)
    found = None if split is None else _anchor(*split, dialect, probe)
    if len(_anchors) >= ANCHORS_KEPT:
        _anchors.clear()
    _anchors[key] = found
    return found


def _split(f: EventFilter) -> tuple[int | str, str | None, EventFilter] | None:
    """The actor (id or name), its role, and the filter without them; None without one actor."""
    if f.actor or f.actor_name:
        # As compile_filter reads them: the id wins over the name, and the role stays when it
        # also narrows actorParent.
        actor: int | str = from_global_id(str(f.actor), "Actor")[1] if f.actor else str(f.actor_name)
        role = f.actor_role.value if f.actor_role else None
        rest = replace(f, actor=None, actor_name=None, actor_role=f.actor_role if f.actor_parent else None)
        return actor, role, rest
    for i, sub in enumerate(f.and_ or []):
        found = _split(sub)
        if found is not None:
            actor, role, rest_of_sub = found
            return actor, role, replace(f, and_=[*f.and_[:i], rest_of_sub, *f.and_[i + 1 :]])  # type: ignore[index]
    return None


def _anchor(actor: int | str, role: str | None, rest: EventFilter, dialect: str, probe: Probe | None) -> Anchor:
    # Aliases: a condition of the rest of the filter on event_actors (actorKinds) must not
    # correlate to the anchor's rows.
    ea = event_actors_t.alias("by_actor")
    if isinstance(actor, int):
        conditions = [ea.c.actor_id == actor]
    else:
        conditions = [ea.c.actor_id == select(actors_t.c.id).where(actors_t.c.name == actor).scalar_subquery()]
    if role is not None:
        conditions.append(ea.c.role == role)
    else:
        # An actor in two roles of one event has two rows: the page takes the first role's only.
        # NOT EXISTS, not "role = (SELECT min(role) ...)": PostgreSQL estimates an anti-join well,
        # but guesses that a comparison with a subquery keeps 0.5 % of the rows, and then sorts
        # all of a frequent actor's events instead of walking them (and JIT-compiles the plan).
        other = event_actors_t.alias("by_actor_roles")
        conditions.append(
            ~exists(
                select(other.c.role).where(
                    other.c.event_id == ea.c.event_id, other.c.actor_id == ea.c.actor_id, other.c.role < ea.c.role
                )
            )
        )
    where: ColumnElement[bool] = compile_filter(rest, dialect, probe)
    return anchor(
        ea, ea.c.event_id == events_t.c.id, conditions, where, order="date", key=ea.c.event_date, pk=ea.c.event_id
    )
