"""EventFilter: one input object, composable with and/or/not, compiled to one SQL condition."""

from __future__ import annotations

from datetime import date

import strawberry
from sqlalchemy import ColumnElement, and_, exists, not_, or_, select, true

from api.graphql.enums import ActorRole, EventType
from api.graphql.errors import BadInput
from api.graphql.ids import from_global_id
from api.graphql.loaders import (
    actors_t,
    articles_t,
    event_actors_t,
    events_t,
    reports_t,
    sources_t,
)


@strawberry.input(description="Conditions on events. Fields combine with AND; use `and`, `or`, `not` for more.")
class EventFilter:
    date_from: date | None = strawberry.field(default=None, description="On or after this day (ISO 8601).")
    date_to: date | None = strawberry.field(default=None, description="On or before this day (ISO 8601).")
    event_types: list[EventType] | None = None
    sub_event_types: list[str] | None = None
    countries: list[str] | None = strawberry.field(default=None, description="ISO 3166-1 alpha-2 codes.")
    actor: strawberry.ID | None = strawberry.field(default=None, description="Events this actor took part in.")
    actor_name: str | None = strawberry.field(default=None, description="Same, by the actor's canonical name.")
    actor_role: ActorRole | None = strawberry.field(default=None, description="With `actor`: only in this role.")
    sources: list[str] | None = strawberry.field(default=None, description="Source keys, e.g. reuters.")
    and_: list[EventFilter] | None = strawberry.field(default=None, name="and")
    or_: list[EventFilter] | None = strawberry.field(default=None, name="or")
    not_: EventFilter | None = strawberry.field(default=None, name="not")


def compile_filter(f: EventFilter | None, depth: int = 0) -> ColumnElement[bool]:
    """The SQL condition on ``events`` for a filter; merged-away events are never listed."""
    live = events_t.c.merged_into_id.is_(None)
    return and_(live, _compile(f, depth)) if f is not None else live


def _compile(f: EventFilter, depth: int) -> ColumnElement[bool]:
    if depth > 5:
        raise BadInput("filters may nest and/or/not at most 5 levels deep")
    parts: list[ColumnElement[bool]] = []
    c = events_t.c
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
    if f.countries:
        codes = [code.strip().upper() for code in f.countries]
        if any(len(code) != 2 or not code.isalpha() for code in codes):
            raise BadInput(f"countries takes ISO 3166-1 alpha-2 codes such as IQ; got {f.countries}")
        parts.append(c.country_code.in_(codes))
    if f.actor or f.actor_name:
        parts.append(_actor_condition(f))
    if f.sources:
        parts.append(
            exists(
                select(reports_t.c.id)
                .join(articles_t, articles_t.c.id == reports_t.c.article_id)
                .join(sources_t, sources_t.c.id == articles_t.c.source_id)
                .where(reports_t.c.event_id == c.id, sources_t.c.key.in_(f.sources))
            )
        )
    if f.and_:
        parts.extend(_compile(sub, depth + 1) for sub in f.and_)
    if f.or_:
        parts.append(or_(*(_compile(sub, depth + 1) for sub in f.or_)))
    if f.not_:
        parts.append(not_(_compile(f.not_, depth + 1)))
    return and_(*parts) if parts else true()


def _actor_condition(f: EventFilter) -> ColumnElement[bool]:
    ea = event_actors_t.c
    if f.actor:
        actor_ids = select(actors_t.c.id).where(actors_t.c.id == from_global_id(str(f.actor), "Actor")[1])
    else:
        actor_ids = select(actors_t.c.id).where(actors_t.c.name == f.actor_name)
    condition = and_(ea.event_id == events_t.c.id, ea.actor_id.in_(actor_ids))
    if f.actor_role:
        condition = and_(condition, ea.role == f.actor_role.value)
    return exists(select(ea.event_id).where(condition))
