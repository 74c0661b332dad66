"""The schema: queries over events and entities, with limits and error masking."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from graphql import GraphQLError
from sqlalchemy import select
from strawberry.extensions import (
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
)
from strawberry.extensions.disable_introspection import DisableIntrospection
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext, Info

from api.graphql import types as t
from api.graphql.by_actor import actor_anchor
from api.graphql.compiled import CompiledExecutor
from api.graphql.context import ctx
from api.graphql.enums import EventOrderField, OrderDirection
from api.graphql.errors import BadInput, ErrorCodes, is_user_facing
from api.graphql.filters import EventFilter, compile_filter
from api.graphql.history import EventChange, EventChangeKind, event_changes
from api.graphql.ids import from_global_id
from api.graphql.limits import MAX_ALIASES, MAX_TOKENS, QueryLimits, TokenBudget
from api.graphql.loaders import actors_t, articles_t, events_t, locations_t, sources_t
from api.graphql.mutations import Mutation
from api.graphql.pagination import MAX_PAGE, Connection, paginate
from api.graphql.selectivity import probe_for
from api.graphql.stats import StatBucket, StatDimension, event_stats
from api.graphql.subscriptions import Subscription
from api.graphql.suggestions import NoSuggestions
from api.graphql.validated import SkipRevalidation, ValidQueries
from api.ops.graphql import OperationMetrics
from api.settings import Settings

NODE_TYPES: dict[str, Any] = {
    "Event": ("event", t.Event),
    "Actor": ("actor", t.Actor),
    "Location": ("location", t.Location),
    "Source": ("source", t.Source),
    "Article": ("article", t.Article),
    "Report": ("report", t.Report),
}


@strawberry.input
class EventOrder:
    field: EventOrderField = EventOrderField.DATE
    direction: OrderDirection = OrderDirection.DESC


@strawberry.type(description="A loaded plugin and the hooks it implements.")
class Plugin:
    name: str
    version: str
    sources: list[str]
    hooks: list[str]


async def load_node(info: Info, global_id: str) -> t.Node | None:
    type_name, pk = from_global_id(global_id)
    loader_name, cls = NODE_TYPES[type_name]
    row = await getattr(ctx(info).loaders, loader_name).load(pk)
    return cls.from_row(row) if row else None


def events_connection(
    info: Info,
    filter: EventFilter | None,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
    order_by: EventOrder | None,
) -> Connection[t.Event]:
    order = order_by or EventOrder()
    dialect, probe = ctx(info).engine.dialect.name, probe_for(ctx(info).engine)
    return paginate(
        info,
        events_t,
        compile_filter(filter, dialect, probe),
        order=order.field.value,
        descending=order.direction is OrderDirection.DESC,
        first=first,
        last=last,
        after=after,
        before=before,
        to_node=t.Event.from_row,
        anchor=actor_anchor(filter, dialect, probe),
    )


@strawberry.type
class Query:
    @strawberry.field(description="Fetch any object by its global ID.")
    async def node(self, info: Info, id: strawberry.ID) -> t.Node | None:
        return await load_node(info, str(id))

    @strawberry.field(description=f"Fetch up to {MAX_PAGE} objects by global ID, in order; null where none.")
    async def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[t.Node | None]:
        if len(ids) > MAX_PAGE:
            raise BadInput(f"nodes takes at most {MAX_PAGE} IDs, got {len(ids)}")
        return [await load_node(info, str(i)) for i in ids]

    @strawberry.field(description="One event by ID; merged-away IDs resolve to the surviving event.")
    async def event(self, info: Info, id: strawberry.ID) -> t.Event | None:
        _, pk = from_global_id(str(id), "Event")
        row = await ctx(info).loaders.event.load(pk)
        seen = set()
        while row and row["merged_into_id"] is not None and row["id"] not in seen:
            seen.add(row["id"])
            row = await ctx(info).loaders.event.load(row["merged_into_id"])
        return t.Event.from_row(row) if row else None

    @strawberry.field(description="Events matching `filter`, newest first unless `orderBy` says otherwise.")
    def events(
        self,
        info: Info,
        filter: EventFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        order_by: EventOrder | None = None,
    ) -> Connection[t.Event]:
        return events_connection(info, filter, first, after, last, before, order_by)

    @strawberry.field(
        description="Counts, fatalities and reports of the events matching `filter`, grouped by `groupBy` "
        "(e.g. [MONTH, EVENT_TYPE]); ordered by key. Ask for several groupings at once with aliases."
    )
    def event_stats(
        self, info: Info, group_by: list[StatDimension], filter: EventFilter | None = None
    ) -> list[StatBucket]:
        return event_stats(info, filter, group_by)

    @strawberry.field(
        description="Changes to events since a time, oldest first: how a syncing client learns which IDs were "
        "merged away (MERGED_AWAY) or deleted (DELETED). Overlap `since` by a few seconds: writers commit in parallel."
    )
    def event_changes(
        self,
        info: Info,
        since: datetime,
        kinds: list[EventChangeKind] | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[EventChange]:
        return event_changes(info, since, kinds, first, after, last, before)

    @strawberry.field(description="Actors, by name; `search` matches names and aliases.")
    def actors(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        search: str | None = None,
    ) -> Connection[t.Actor]:
        where = None
        if search:
            from api.graphql.loaders import aliases_t

            pattern = f"%{search.lower()}%"
            matching = select(aliases_t.c.actor_id).where(aliases_t.c.alias.ilike(pattern))
            where = actors_t.c.name.ilike(pattern) | actors_t.c.id.in_(matching)
        return paginate(
            info, actors_t, where, order="name", descending=False, first=first, last=last,
            after=after, before=before, to_node=t.Actor.from_row,
        )  # fmt: skip

    @strawberry.field(description="Places events happened at, by name; filter by country.")
    def locations(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        country: str | None = None,
    ) -> Connection[t.Location]:
        where = locations_t.c.country_code == country.upper() if country else None
        return paginate(
            info, locations_t, where, order="name", descending=False, first=first, last=last,
            after=after, before=before, to_node=t.Location.from_row,
        )  # fmt: skip

    @strawberry.field(description="Every outlet and dataset known to this server.")
    def sources(self, info: Info) -> list[t.Source]:
        return [t.Source.from_row(r) for r in ctx(info).rows(select(sources_t).order_by(sources_t.c.key))]

    @strawberry.field(description="Articles, newest first; filter by source key.")
    def articles(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        source: str | None = None,
    ) -> Connection[t.Article]:
        where = None
        if source:
            where = articles_t.c.source_id.in_(select(sources_t.c.id).where(sources_t.c.key == source))
        return paginate(
            info, articles_t, where, order="published_at", descending=True, first=first, last=last,
            after=after, before=before, to_node=t.Article.from_row,
        )  # fmt: skip

    @strawberry.field(description="The plugins this server loaded.")
    def plugins(self, info: Info) -> list[Plugin]:
        host = ctx(info).app_state.host
        return [
            Plugin(name=p.name, version=p.version, sources=list(p.sources), hooks=list(p.hooks))
            for p in host.plugin_infos()
        ]


class Schema(strawberry.Schema):
    """Logs only the errors that are ours: a client's bad query is its answer, not our incident."""

    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        super().process_errors([e for e in errors if not is_user_facing(e)], execution_context)


def build_schema(settings: Settings | None = None) -> strawberry.Schema:
    settings = settings or Settings()
    valid = ValidQueries()  # per schema: what passed depends on its rules
    extensions: list[Any] = [
        TokenBudget,  # first: before anything parses
        ErrorCodes,  # before MaskErrors: it codes the masked errors too
        lambda: ParserCache(maxsize=1024),
        lambda: SkipRevalidation(valid),
        OperationMetrics,
        lambda: QueryDepthLimiter(max_depth=settings.max_depth),
        lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        lambda: QueryLimits(max_cost=settings.max_cost),
    ]
    if not settings.introspection:
        extensions.append(DisableIntrospection)
    if not settings.debug:
        extensions.append(NoSuggestions)
        extensions.append(lambda: MaskErrors(should_mask_error=lambda error: not is_user_facing(error)))
    return Schema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=[t.Event, t.Actor, t.Location, t.Source, t.Article, t.Report],
        extensions=extensions,
        config=StrawberryConfig(disable_field_suggestions=not settings.debug),
        execution_context_class=CompiledExecutor if settings.compiled else None,
    )
