"""EventFilter: one input object, composable with and/or/not, compiled to one SQL condition."""

from __future__ import annotations

import math
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from typing import Any

import strawberry
from sqlalchemy import ColumnElement, and_, exists, func, not_, or_, select, true

from api.graphql.enums import ActorRole, DatePrecision, EventType
from api.graphql.errors import BadInput
from api.graphql.ids import from_global_id
from api.graphql.loaders import (
    actors_t,
    articles_t,
    event_actors_t,
    events_t,
    locations_t,
    reports_t,
    sources_t,
)
from api.graphql.search import search_condition
from api.graphql.selectivity import Matching, Probe, choose

KM_PER_DEGREE = 111.32
MAX_NESTING = 5


@strawberry.input(description="A rectangle in WGS84 degrees; west may exceed east across the antimeridian.")
class BoundingBox:
    south: float
    west: float
    north: float
    east: float


@strawberry.input(description="Within `km` kilometres of a point.")
class Radius:
    latitude: float
    longitude: float
    km: float


@strawberry.input(description="Conditions on events. Fields combine with AND; use `and`, `or`, `not` for more.")
class EventFilter:
    date_from: date | None = strawberry.field(default=None, description="On or after this day (ISO 8601).")
    date_to: date | None = strawberry.field(default=None, description="On or before this day (ISO 8601).")
    event_types: list[EventType] | None = None
    sub_event_types: list[str] | None = strawberry.field(default=None, description="ACLED sub-types, exact.")
    cameo_codes: list[str] | None = strawberry.field(
        default=None, description="CAMEO codes; a code matches itself and its children (19 matches 194)."
    )
    countries: list[str] | None = strawberry.field(default=None, description="ISO 3166-1 alpha-2 codes.")
    admin1: list[str] | None = strawberry.field(default=None, description="First-level admin areas (provinces).")
    location: strawberry.ID | None = strawberry.field(default=None, description="Events at this Location.")
    within: BoundingBox | None = strawberry.field(default=None, description="Events inside this box.")
    near: Radius | None = strawberry.field(default=None, description="Events within a radius of a point.")
    actor: strawberry.ID | None = strawberry.field(default=None, description="Events this actor took part in.")
    actor_name: str | None = strawberry.field(default=None, description="Same, by the actor's canonical name.")
    actor_role: ActorRole | None = strawberry.field(default=None, description="With `actor`: only in this role.")
    actor_kinds: list[str] | None = strawberry.field(
        default=None, description="Events with an actor of these kinds (e.g. non-state armed group)."
    )
    actor_parent: strawberry.ID | None = strawberry.field(
        default=None, description="Events by this actor or any group that is part of it (the PMU and its members)."
    )
    sources: list[str] | None = strawberry.field(default=None, description="Source keys, e.g. reuters.")
    source_kinds: list[str] | None = strawberry.field(
        default=None, description="wire service, national newspaper, state-affiliated agency, dataset."
    )
    fatalities_min: int | None = strawberry.field(default=None, description="Best estimate at least this.")
    fatalities_max: int | None = strawberry.field(default=None, description="Best estimate at most this.")
    date_precisions: list[DatePrecision] | None = None
    geo_precisions: list[int] | None = strawberry.field(default=None, description="ACLED geo precision 1, 2, 3.")
    text: str | None = strawberry.field(
        default=None, description="Full-text search over summaries and evidence (all words must match)."
    )
    updated_since: datetime | None = strawberry.field(
        default=None, description="Changed at or after this time: for incremental sync."
    )
    and_: list[EventFilter] | None = strawberry.field(default=None, name="and")
    or_: list[EventFilter] | None = strawberry.field(default=None, name="or")
    not_: EventFilter | None = strawberry.field(default=None, name="not")


LIVE = events_t.c.merged_into_id.is_(None)
# Conditions of filters seen before, by value: clients send the same few filters again and again,
# and building one (SQLAlchemy expressions) costs as much as running the page's query. A
# condition is immutable, so one object serves every statement it goes into.
_conditions: dict[tuple[Any, ...], ColumnElement[bool]] = {}
CONDITIONS_KEPT = 1024


def compile_filter(f: EventFilter | None, dialect: str = "sqlite", probe: Probe | None = None) -> ColumnElement[bool]:
    """The SQL condition on ``events`` for a filter; merged-away events are never listed.

    ``probe``: how to ask the database how many events match a part, so that SQLite gets the
    form it plans well (api/graphql/selectivity.py); a page query gives one, other uses need not.
    """
    if f is None:
        return LIVE
    probe = probe if dialect == "sqlite" else None
    key = filter_key(f, dialect, probe)
    condition = _conditions.get(key)
    if condition is None:
        condition = and_(LIVE, _compile(f, dialect, 0, probe))  # a bad filter raises here, and is not kept
        if len(_conditions) >= CONDITIONS_KEPT:
            _conditions.clear()
        _conditions[key] = condition
    return condition


def filter_key(f: EventFilter, dialect: str, probe: Probe | None) -> tuple[Any, ...]:
    """What a filter's compiled forms are kept by: its value, the dialect and, on SQLite, the
    database its probe asks (PostgreSQL plans without one)."""
    probe = probe if dialect == "sqlite" else None
    return (dialect, probe.key if probe else None, _frozen(f))


def _frozen(value: Any) -> Any:
    """A filter (and what it holds: lists, boxes, nested filters) as a hashable value."""
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    if is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, *(_frozen(getattr(value, f.name)) for f in fields(value)))
    return value


def _compile(f: EventFilter, dialect: str, depth: int, probe: Probe | None) -> ColumnElement[bool]:
    if depth > MAX_NESTING:
        raise BadInput(f"filters may nest and/or/not at most {MAX_NESTING} levels deep")
    c = events_t.c
    parts: list[ColumnElement[bool]] = []
    if f.date_from and f.date_to and f.date_from > f.date_to:
        raise BadInput(f"dateFrom {f.date_from} is after dateTo {f.date_to}")
    if f.date_from:
        parts.append(c.date >= f.date_from)
    if f.date_to:
        parts.append(c.date <= f.date_to)
    if f.event_types:
        parts.append(one_of(c.event_type, [t.value for t in f.event_types]))
    if f.sub_event_types:
        parts.append(one_of(c.sub_event_type, f.sub_event_types))
    if f.cameo_codes:
        parts.append(or_(*(or_(c.cameo_code == code, c.cameo_code.startswith(code)) for code in f.cameo_codes)))
    if f.countries:
        parts.append(one_of(c.country_code, _country_codes(f.countries)))
    if f.admin1:
        parts.append(c.location_id.in_(select(locations_t.c.id).where(one_of(locations_t.c.admin1, f.admin1))))
    if f.location:
        parts.append(c.location_id == from_global_id(str(f.location), "Location")[1])
    if f.within:
        parts.append(c.location_id.in_(select(locations_t.c.id).where(_box(f.within))))
    if f.near:
        parts.append(c.location_id.in_(select(locations_t.c.id).where(_near(f.near))))
    if f.actor or f.actor_name:
        parts.append(_with_actor(_actor_ids(f), f.actor_role, probe))
    if f.actor_kinds:
        parts.append(_with_actor(one_of(actors_t.c.kind, f.actor_kinds), None, probe))
    if f.actor_parent:
        parent = from_global_id(str(f.actor_parent), "Actor")[1]
        family = or_(actors_t.c.id == parent, actors_t.c.parent_id == parent)
        parts.append(_with_actor(family, f.actor_role, probe))
    if f.sources:
        parts.append(_reported_by(one_of(sources_t.c.key, f.sources)))
    if f.source_kinds:
        parts.append(_reported_by(one_of(sources_t.c.kind, f.source_kinds)))
    if f.fatalities_min is not None:
        parts.append(c.fatalities_best >= f.fatalities_min)
    if f.fatalities_max is not None:
        parts.append(c.fatalities_best <= f.fatalities_max)
    if f.date_precisions:
        parts.append(one_of(c.date_precision, [p.value for p in f.date_precisions]))
    if f.geo_precisions:
        parts.append(one_of(c.geo_precision, f.geo_precisions))
    if f.text is not None:
        parts.append(search_condition(f.text, dialect, probe))
    if f.updated_since:
        since = c.updated_at >= f.updated_since
        ids = select(c.id).where(since)
        parts.append(choose(Matching(ids, since, func.unlikely(since)), probe, since))  # not Boolean: no "= 1"
    if f.and_:
        parts.extend(_compile(sub, dialect, depth + 1, probe) for sub in f.and_)
    if f.or_:
        parts.append(or_(*(_compile(sub, dialect, depth + 1, probe) for sub in f.or_)))
    if f.not_:
        parts.append(not_(_compile(f.not_, dialect, depth + 1, probe)))
    return and_(*parts) if parts else true()


def one_of(column: ColumnElement[Any], values: list[Any]) -> ColumnElement[bool]:
    """``column IN values``; one value is an equality, which SQLAlchemy need not rewrite at every
    execution (an IN list is expanded into the SQL text each time)."""
    distinct = list(dict.fromkeys(values))
    return column == distinct[0] if len(distinct) == 1 else column.in_(distinct)


def _country_codes(values: list[str]) -> list[str]:
    codes = [code.strip().upper() for code in values]
    if any(len(code) != 2 or not code.isalpha() for code in codes):
        raise BadInput(f"countries takes ISO 3166-1 alpha-2 codes such as IQ; got {values}")
    return codes


def _actor_ids(f: EventFilter) -> int | ColumnElement[bool]:
    if f.actor:
        # The id itself, not a subquery that yields it: PostgreSQL then plans with the actor's own
        # frequency and walks the page's index for a frequent one, instead of hashing all events.
        return from_global_id(str(f.actor), "Actor")[1]
    return actors_t.c.name == f.actor_name


def _with_actor(actors: int | ColumnElement[bool], role: ActorRole | None, probe: Probe | None) -> ColumnElement[bool]:
    """Events with an actor: ``actors`` is one actor's id, or a condition on the actors table."""
    ea = event_actors_t.c
    role_is = [ea.role == role.value] if role else []
    if isinstance(actors, int):
        ids = select(ea.event_id).where(ea.actor_id == actors, *role_is)
        walk = exists(select(ea.event_id).where(ea.event_id == events_t.c.id, ea.actor_id == actors, *role_is))
    else:
        ids = select(ea.event_id).where(ea.actor_id.in_(select(actors_t.c.id).where(actors)), *role_is)
        # Each event's own few actors, joined: not each matching actor probed for each event.
        with_actors = event_actors_t.join(actors_t, actors_t.c.id == ea.actor_id)
        walk = exists(
            select(ea.event_id).select_from(with_actors).where(ea.event_id == events_t.c.id, actors, *role_is)
        )
    return choose(Matching(ids, walk, events_t.c.id.in_(ids)), probe, walk)


def _reported_by(source_condition: ColumnElement[bool]) -> ColumnElement[bool]:
    return exists(
        select(reports_t.c.id)
        .join(articles_t, articles_t.c.id == reports_t.c.article_id)
        .join(sources_t, sources_t.c.id == articles_t.c.source_id)
        .where(reports_t.c.event_id == events_t.c.id, source_condition)
    )


def _check_lat_lon(lat: float, lon: float, what: str) -> None:
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise BadInput(f"{what}: latitude must be within ±90 and longitude within ±180, got {lat}, {lon}")


def _box(box: BoundingBox) -> ColumnElement[bool]:
    _check_lat_lon(box.south, box.west, "within")
    _check_lat_lon(box.north, box.east, "within")
    if box.south > box.north:
        raise BadInput(f"within: south {box.south} is north of north {box.north}")
    lat, lon = locations_t.c.latitude, locations_t.c.longitude
    lats = lat.between(box.south, box.north)
    if box.west <= box.east:
        return and_(lats, lon.between(box.west, box.east))
    return and_(lats, or_(lon >= box.west, lon <= box.east))


def _near(radius: Radius) -> ColumnElement[bool]:
    """A box that the index can use, then an equirectangular distance: exact enough below ~500 km."""
    _check_lat_lon(radius.latitude, radius.longitude, "near")
    if not 0 < radius.km <= 2000:
        raise BadInput(f"near: km must be between 0 and 2000, got {radius.km}")
    dlat = radius.km / KM_PER_DEGREE
    scale = max(math.cos(math.radians(radius.latitude)), 0.01)
    dlon = dlat / scale
    lat, lon = locations_t.c.latitude, locations_t.c.longitude
    dy = lat - radius.latitude
    dx = (lon - radius.longitude) * scale
    return and_(
        lat.between(radius.latitude - dlat, radius.latitude + dlat),
        lon.between(radius.longitude - dlon, radius.longitude + dlon),
        dx * dx + dy * dy <= dlat * dlat,
    )
