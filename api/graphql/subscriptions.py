"""Subscriptions over graphql-transport-ws: events as they are added or changed, with the query filter.

Each change is checked against the subscriber's filter in the database (the filter's own SQL
plus `id = :id`), so a subscription matches exactly what `events(filter:)` would list.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from typing import Any

import strawberry
from sqlalchemy import ColumnElement, select
from strawberry.types import Info

from api.graphql import types as t
from api.graphql.context import ctx
from api.graphql.filters import EventFilter, compile_filter
from api.graphql.history import EventChangeKind
from api.graphql.ids import to_global_id
from api.graphql.loaders import Loaders, events_t
from api.store.history import ADDED_KINDS, DELETED, MERGED_AWAY

REMOVED_KINDS = frozenset({MERGED_AWAY, DELETED})


async def _events(info: Info, filter: EventFilter | None, added: bool) -> AsyncGenerator[t.Event, None]:
    context = ctx(info)
    condition = compile_filter(filter, context.engine.dialect.name)  # a bad filter fails before subscribing
    broadcaster = context.app_state.broadcaster
    async with broadcaster.subscribe() as subscriber:
        async for change in subscriber.changes():
            if change.kind in REMOVED_KINDS or (change.kind in ADDED_KINDS) != added:
                continue
            row = await asyncio.to_thread(_matching_row, context.engine, condition, change.event_id)
            if row is None:
                continue
            # The connection's loaders would serve what they cached for an earlier message.
            context.loaders = Loaders(context.engine)
            yield t.Event.from_row(row)


def _matching_row(engine: Any, condition: ColumnElement[bool], event_id: int) -> dict[str, Any] | None:
    with engine.connect() as connection:
        row = connection.execute(select(events_t).where(condition, events_t.c.id == event_id)).mappings().first()
    return dict(row) if row else None


@strawberry.type(description="An ID that no longer lists: merged into another event, or deleted.")
class EventRemoval:
    event_id: strawberry.ID
    kind: EventChangeKind = strawberry.field(description="MERGED_AWAY or DELETED.")
    merged_into: strawberry.ID | None = strawberry.field(description="For MERGED_AWAY: the event it resolves to.")


async def _removals(info: Info) -> AsyncGenerator[EventRemoval, None]:
    context = ctx(info)
    async with context.app_state.broadcaster.subscribe() as subscriber:
        async for change in subscriber.changes():
            if change.kind not in REMOVED_KINDS:
                continue
            survivor = None
            if change.kind == MERGED_AWAY:
                row = await asyncio.to_thread(_matching_row, context.engine, events_t.c.id.isnot(None), change.event_id)
                survivor = row["merged_into_id"] if row else None
            yield EventRemoval(
                event_id=strawberry.ID(to_global_id("Event", change.event_id)),
                kind=EventChangeKind(change.kind),
                merged_into=strawberry.ID(to_global_id("Event", survivor)) if survivor else None,
            )


@strawberry.type
class Subscription:
    @strawberry.subscription(description="Events as they are first stored (ingest, or split off another event) "
                             "that match `filter`.")  # fmt: skip
    async def event_added(self, info: Info, filter: EventFilter | None = None) -> AsyncGenerator[t.Event, None]:
        async for event in _events(info, filter, added=True):
            yield event

    @strawberry.subscription(description="Events that match `filter` after they change: a new report, a correction, "
                             "a merge or a split. Merged-away and deleted IDs show up in `eventChanges`.")  # fmt: skip
    async def event_updated(self, info: Info, filter: EventFilter | None = None) -> AsyncGenerator[t.Event, None]:
        async for event in _events(info, filter, added=False):
            yield event

    @strawberry.subscription(description="IDs to drop from a live view: events merged into others, or deleted. "
                             "Not filtered: a removed event no longer has the fields a filter looks at.")  # fmt: skip
    async def event_removed(self, info: Info) -> AsyncGenerator[EventRemoval, None]:
        async for removal in _removals(info):
            yield removal
