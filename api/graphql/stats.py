"""Aggregations: counts, fatalities and reports grouped by any dimensions, with the events filter."""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry
from sqlalchemy import String, cast, func, select
from strawberry.types import Info

from api.graphql.context import ctx
from api.graphql.errors import BadInput
from api.graphql.filters import EventFilter, compile_filter
from api.graphql.loaders import actors_t, articles_t, event_actors_t, events_t, locations_t, reports_t, sources_t

MAX_BUCKETS = 5000


@strawberry.enum(description="What to group events by. Periods are keyed by their first day (ISO 8601).")
class StatDimension(Enum):
    EVENT_TYPE = "event_type"
    SUB_EVENT_TYPE = "sub_event_type"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    COUNTRY = "country"
    ADMIN1 = "admin1"
    ACTOR = "actor"
    SOURCE = "source"


@strawberry.type(description="One group: its key (one value per groupBy dimension) and its totals.")
class StatBucket:
    key: list[str | None]
    count: int = strawberry.field(description="Events in the group.")
    fatalities: int = strawberry.field(description="Sum of the events' best fatality estimates.")
    reports: int = strawberry.field(description="Reports of the group's events.")


def _period(dimension: StatDimension, dialect: str) -> Any:
    day = events_t.c.date
    if dialect == "sqlite":
        formats = {
            StatDimension.DAY: func.date(day),
            StatDimension.WEEK: func.date(day, "weekday 0", "-6 days"),  # the Monday of its ISO week
            StatDimension.MONTH: func.strftime("%Y-%m-01", day),
            StatDimension.YEAR: func.strftime("%Y-01-01", day),
        }
    else:
        unit = {StatDimension.DAY: "day", StatDimension.WEEK: "week", StatDimension.MONTH: "month",
                StatDimension.YEAR: "year"}[dimension]  # fmt: skip
        formats = {dimension: func.to_char(func.date_trunc(unit, day), "YYYY-MM-DD")}
    return formats[dimension]


def event_stats(info: Info, filter: EventFilter | None, group_by: list[StatDimension]) -> list[StatBucket]:
    if not group_by:
        raise BadInput("groupBy needs at least one dimension, e.g. [EVENT_TYPE]")
    if len(set(group_by)) != len(group_by):
        raise BadInput("groupBy lists a dimension twice")
    dialect = ctx(info).engine.dialect.name
    columns: list[Any] = []
    query = select(events_t.c.id, events_t.c.fatalities_best, events_t.c.report_count)
    joined: set[str] = set()
    source = sources_t.alias("stat_source")
    for position, dimension in enumerate(group_by):
        label = f"k{position}"
        if dimension in (StatDimension.DAY, StatDimension.WEEK, StatDimension.MONTH, StatDimension.YEAR):
            column = _period(dimension, dialect)
        elif dimension is StatDimension.EVENT_TYPE:
            column = events_t.c.event_type
        elif dimension is StatDimension.SUB_EVENT_TYPE:
            column = events_t.c.sub_event_type
        elif dimension is StatDimension.COUNTRY:
            column = events_t.c.country_code
        elif dimension is StatDimension.ADMIN1:
            # joined under aliases: the filter's own subqueries on these tables must not correlate to them
            place = locations_t.alias("stat_location")
            query = query.outerjoin(place, place.c.id == events_t.c.location_id)
            column = place.c.admin1
        elif dimension is StatDimension.ACTOR:
            role, actor = event_actors_t.alias("stat_role"), actors_t.alias("stat_actor")
            query = query.join(role, role.c.event_id == events_t.c.id).join(actor, actor.c.id == role.c.actor_id)
            column = actor.c.name
        else:
            if "reports" not in joined:
                report, article = reports_t.alias("stat_report"), articles_t.alias("stat_article")
                query = (
                    query.join(report, report.c.event_id == events_t.c.id)
                    .join(article, article.c.id == report.c.article_id)
                    .join(source, source.c.id == article.c.source_id)
                )
                joined.add("reports")
            column = source.c.key
        columns.append(cast(column, String).label(label))
    # Distinct (event, key) pairs first, so an event with two reports from one outlet counts once.
    inner = query.add_columns(*columns).where(compile_filter(filter, dialect)).distinct().subquery()
    keys = [inner.c[f"k{i}"] for i in range(len(group_by))]
    outer = (
        select(
            *keys,
            func.count().label("n"),
            func.coalesce(func.sum(inner.c.fatalities_best), 0).label("fatalities"),
            func.coalesce(func.sum(inner.c.report_count), 0).label("reports"),
        )
        .group_by(*keys)
        .order_by(*keys)
        .limit(MAX_BUCKETS)
    )
    return [
        StatBucket(
            key=[row[f"k{i}"] for i in range(len(group_by))],
            count=row["n"],
            fatalities=int(row["fatalities"]),
            reports=int(row["reports"]),
        )
        for row in ctx(info).rows(outer)
    ]
