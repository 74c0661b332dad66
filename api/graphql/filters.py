"""EventFilter: one input object, composable with and/or/not, compiled to one SQL condition."""

from __future__ import annotations

import math
from datetime import date, datetime

import strawberry
from sqlalchemy import ColumnElement, and_, exists, not_, or_, select, true

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


def compile_filter(f: EventFilter | None, dialect: str = "sqlite") -> ColumnElement[bool]:
    """The SQL condition on ``events`` for a filter; merged-away events are never listed."""
    live = events_t.c.merged_into_id.is_(None)
    return and_(live, _compile(f, dialect, 0)) if f is not None else live


def _compile(f: EventFilter, dialect: str, depth: int) -> ColumnElement[bool]:
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
        parts.append(c.event_type.in_([t.value for t in f.event_types]))
    if f.sub_event_types:
        parts.append(c.sub_event_type.in_(f.sub_event_types))
    if f.cameo_codes:
        parts.append(or_(*(or_(c.cameo_code == code, c.cameo_code.startswith(code)) for code in f.cameo_codes)))
    if f.countries:
        parts.append(c.country_code.in_(_country_codes(f.countries)))
    if f.admin1:
        parts.append(c.location_id.in_(select(locations_t.c.id).where(locations_t.c.admin1.in_(f.admin1))))
    if f.location:
        parts.append(c.location_id == from_global_id(str(f.location), "Location")[1])
    if f.within:
        parts.append(c.location_id.in_(select(locations_t.c.id).where(_box(f.within))))
    if f.near:
        parts.append(c.location_id.in_(select(locations_t.c.id).where(_near(f.near))))
    if f.actor or f.actor_name:
        parts.append(_with_actor(_actor_ids(f), f.actor_role))
    if f.actor_kinds:
        parts.append(_with_actor(select(actors_t.c.id).where(actors_t.c.kind.in_(f.actor_kinds)), None))
    if f.actor_parent:
        parent = from_global_id(str(f.actor_parent), "Actor")[1]
        family = select(actors_t.c.id).where(or_(actors_t.c.id == parent, actors_t.c.parent_id == parent))
        parts.append(_with_actor(family, f.actor_role))
    if f.sources:
        parts.append(_reported_by(sources_t.c.key.in_(f.sources)))
    if f.source_kinds:
        parts.append(_reported_by(sources_t.c.kind.in_(f.source_kinds)))
    if f.fatalities_min is not None:
        parts.append(c.fatalities_best >= f.fatalities_min)
    if f.fatalities_max is not None:
        parts.append(c.fatalities_best <= f.fatalities_max)
    if f.date_precisions:
        parts.append(c.date_precision.in_([p.value for p in f.date_precisions]))
    if f.geo_precisions:
        parts.append(c.geo_precision.in_(f.geo_precisions))
    if f.text is not None:
        parts.append(search_condition(f.text, dialect))
    if f.updated_since:
        parts.append(c.updated_at >= f.updated_since)
    if f.and_:
        parts.extend(_compile(sub, dialect, depth + 1) for sub in f.and_)
    if f.or_:
        parts.append(or_(*(_compile(sub, dialect, depth + 1) for sub in f.or_)))
    if f.not_:
        parts.append(not_(_compile(f.not_, dialect, depth + 1)))
    return and_(*parts) if parts else true()


def _country_codes(values: list[str]) -> list[str]:
    codes = [code.strip().upper() for code in values]
    if any(len(code) != 2 or not code.isalpha() for code in codes):
        raise BadInput(f"countries takes ISO 3166-1 alpha-2 codes such as IQ; got {values}")
    return codes


def _actor_ids(f: EventFilter) -> object:
    if f.actor:
        return select(actors_t.c.id).where(actors_t.c.id == from_global_id(str(f.actor), "Actor")[1])
    return select(actors_t.c.id).where(actors_t.c.name == f.actor_name)


def _with_actor(actor_ids: object, role: ActorRole | None) -> ColumnElement[bool]:
    ea = event_actors_t.c
    condition = and_(ea.event_id == events_t.c.id, ea.actor_id.in_(actor_ids))  # type: ignore[arg-type]
    if role:
        condition = and_(condition, ea.role == role.value)
    return exists(select(ea.event_id).where(condition))


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
