"""Change history: `Event.history`, and `eventChanges(since:)` for clients that sync.

A client that mirrors events asks `events(filter: {updatedSince})` for what is new or changed
and `eventChanges(since:, kinds: [MERGED_AWAY, DELETED])` for IDs it must drop or re-point.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from api.graphql.context import ctx
from api.graphql.enums import ActorRole, Attribution, DatePrecision, EventType
from api.graphql.ids import to_global_id
from api.graphql.pagination import Connection, paginate
from api.store import history
from api.store.history import changes_t

if TYPE_CHECKING:
    from api.graphql.types import Article, Event

LazyEvent = Annotated["Event", strawberry.lazy("api.graphql.types")]
LazyArticle = Annotated["Article", strawberry.lazy("api.graphql.types")]


@strawberry.enum(description="What happened to an event.")
class EventChangeKind(Enum):
    CREATED = history.CREATED
    REPORTED = history.REPORTED
    CORRECTED = history.CORRECTED
    MERGED = history.MERGED
    MERGED_AWAY = history.MERGED_AWAY
    SPLIT = history.SPLIT
    DELETED = history.DELETED


@strawberry.type(description="One entry in an event's history.")
class EventChange:
    kind: EventChangeKind = strawberry.field(
        description="CREATED, REPORTED (another article joined), CORRECTED, MERGED (absorbed `relatedEventIds`), "
        "MERGED_AWAY (this ID now resolves to `relatedEventIds[0]`), SPLIT (reports moved to "
        "`relatedEventIds[0]`) or DELETED."
    )
    event_id: strawberry.ID = strawberry.field(description="The event this change is about, as it was then.")
    related_event_ids: list[strawberry.ID]
    before: strawberry.scalars.JSON | None = strawberry.field(description="Corrected fields before the change.")
    after: strawberry.scalars.JSON | None = strawberry.field(description="Corrected fields after the change.")
    note: str | None = strawberry.field(description="Why, as the editor put it.")
    api_key_name: str | None = strawberry.field(description="The API key that made the change; null for ingest.")
    at: datetime
    pk: strawberry.Private[int]
    event_pk: strawberry.Private[int]
    article_pk: strawberry.Private[int | None]

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> EventChange:
        data = row["changes"] or {}
        related = [data[k] for k in ("mergedInto", "into", "splitFrom") if isinstance(data.get(k), int)]
        related += [i for i in data.get("absorbed", []) if isinstance(i, int)]
        return cls(
            kind=EventChangeKind(row["kind"]),
            event_id=strawberry.ID(to_global_id("Event", row["event_id"])),
            related_event_ids=[strawberry.ID(to_global_id("Event", i)) for i in related],
            before=api_shape(data["before"]) if isinstance(data.get("before"), dict) else None,
            after=api_shape(data["after"]) if isinstance(data.get("after"), dict) else None,
            note=data.get("note") or data.get("reason"),
            api_key_name=row["api_key"],
            at=row["at"],
            pk=row["id"],
            event_pk=row["event_id"],
            article_pk=data.get("article") if isinstance(data.get("article"), int) else None,
        )

    @strawberry.field(description="The event now: merged-away IDs resolve to the survivor; null once deleted.")
    async def event(self, info: Info) -> LazyEvent | None:
        from api.graphql.types import Event

        loader = ctx(info).loaders.event
        row = await loader.load(self.event_pk)
        seen: set[int] = set()
        while row and row["merged_into_id"] is not None and row["id"] not in seen:
            seen.add(row["id"])
            row = await loader.load(row["merged_into_id"])
        return Event.from_row(row) if row else None

    @strawberry.field(description="For CREATED and REPORTED: the article whose report it was.")
    async def article(self, info: Info) -> LazyArticle | None:
        from api.graphql.types import Article

        if self.article_pk is None:
            return None
        row = await ctx(info).loaders.article.load(self.article_pk)
        return Article.from_row(row) if row else None


_ENUMS: dict[str, type[Enum]] = {"event_type": EventType, "date_precision": DatePrecision}


def api_shape(fields: dict[str, Any]) -> Any:
    """Stored field values as the API names them: camelCase, enum names, global IDs."""
    shaped: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "location_id":
            shaped["location"] = to_global_id("Location", value) if value is not None else None
        elif name == "actors":
            shaped["actors"] = [
                {
                    "actor": to_global_id("Actor", a["actor_id"]),
                    "role": ActorRole(a["role"]).name,
                    "attribution": Attribution(a.get("attribution") or "reported").name,
                }
                for a in value or []
            ]
        elif name in _ENUMS and value is not None:
            try:
                shaped[_camel(name)] = _ENUMS[name](value).name
            except ValueError:
                shaped[_camel(name)] = value
        else:
            shaped[_camel(name)] = value
    return shaped


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


async def event_history(root: Any, info: Info) -> list[EventChange]:
    """Resolver of `Event.history`: one statement for a whole page of events."""
    rows = await ctx(info).loaders.event_changes.load(root.pk)
    return [EventChange.from_row(r) for r in rows]


def event_changes(
    info: Info,
    since: datetime,
    kinds: list[EventChangeKind] | None,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> Connection[EventChange]:
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    where = changes_t.c.at >= since.astimezone(UTC)
    if kinds:
        where = where & changes_t.c.kind.in_([k.value for k in kinds])
    return paginate(
        info, changes_t, where, order="at", descending=False, first=first, last=last, after=after,
        before=before, to_node=EventChange.from_row,
    )  # fmt: skip
