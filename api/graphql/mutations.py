"""Mutations: ingest an article, correct, merge, split and delete events. Each needs an API key.

Writes run in a worker thread (parsing and SQL must not stall the event loop that serves
subscriptions), commit in one transaction, and then reach subscribers: through NOTIFY on
PostgreSQL, through the in-process broadcast on SQLite.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, date, datetime, timedelta
from typing import Any

import strawberry
from sqlalchemy import select
from strawberry.types import Info

from api.errors import EventgraphError, PluginError
from api.graphql import types as t
from api.graphql.auth import require_key
from api.graphql.context import ctx
from api.graphql.enums import ActorRole, Attribution, DatePrecision, EventType
from api.graphql.errors import ApiError, BadInput, NotFound
from api.graphql.history import EventChange
from api.graphql.ids import from_global_id, to_global_id
from api.graphql.loaders import Loaders, changes_t
from api.ingest.document import Document
from api.ingest.files import MAX_BYTES
from api.store import history
from api.store.edits import EventEditor
from api.store.history import Change

log = logging.getLogger("eventgraph.mutations")


@strawberry.input(description="An article to ingest: its page as `html` or its plain `text`, not both.")
class IngestArticleInput:
    url: str | None = strawberry.field(default=None, description="The article's URL; also how reingest is spotted.")
    source: str | None = strawberry.field(default=None, description="Source key (e.g. reuters); detected when null.")
    published_at: datetime | None = strawberry.field(default=None, description="When the outlet published it.")
    html: str | None = None
    text: str | None = None


@strawberry.type
class IngestArticlePayload:
    article: t.Article
    events: list[t.Event] = strawberry.field(description="The events the article reported, after merging.")
    already_known: bool = strawberry.field(description="True when the article was stored before: nothing changed.")
    events_created: int
    events_merged: int = strawberry.field(description="Events the article added a report to.")


@strawberry.input(description="Casualties; `low` and `high` default to `best`.")
class FatalitiesInput:
    best: int
    low: int | None = None
    high: int | None = None


@strawberry.input(description="An actor in a role: an Actor `actor` ID, or a `name` (created when unknown).")
class EventActorInput:
    role: ActorRole
    actor: strawberry.ID | None = None
    name: str | None = None
    attribution: Attribution = Attribution.REPORTED


@strawberry.input(description="The fields to correct; fields left out keep their value. `actors` replaces all roles.")
class CorrectEventInput:
    event_type: EventType | None = None
    sub_event_type: str | None = None
    date: date | None = None
    date_precision: DatePrecision | None = None
    location: strawberry.ID | None = strawberry.field(default=None, description="A Location ID.")
    fatalities: FatalitiesInput | None = None
    injuries: int | None = None
    actors: list[EventActorInput] | None = None
    note: str | None = strawberry.field(default=None, description="Why; kept in the history.")


@strawberry.type
class CorrectEventPayload:
    event: t.Event
    change: EventChange


@strawberry.type
class MergeEventsPayload:
    event: t.Event = strawberry.field(description="The surviving event (the first ID given).")
    merged_ids: list[strawberry.ID] = strawberry.field(description="IDs that now resolve to `event`.")


@strawberry.type
class SplitEventPayload:
    event: t.Event = strawberry.field(description="The event, with the reports that stayed.")
    new_event: t.Event = strawberry.field(description="The new event, with the reports that moved.")


@strawberry.type
class DeleteEventPayload:
    deleted_event_id: strawberry.ID
    deleted_ids: list[strawberry.ID] = strawberry.field(description="The event and every ID merged into it.")


def _user_error(exc: EventgraphError, debug: bool) -> ApiError:
    """The store's and pipeline's errors, with their own code (BAD_DOCUMENT, UNKNOWN_SOURCE, ...).

    A plugin's crash is the server's problem, not the client's: its details go to the log.
    """
    message = str(exc)
    if isinstance(exc, PluginError):
        log.error("%s", exc)
        if not debug:
            message = f"plugin {exc.plugin!r} failed in {exc.hook} on this article; the server log has the details"
    error = ApiError(message)
    error.extensions = {"code": getattr(exc, "code", "BAD_USER_INPUT")}
    return error


async def _write(info: Info, work: Any, *args: Any) -> Any:
    """Run a write in a worker thread; afterwards this request's loaders must not serve stale rows."""
    context = ctx(info)
    try:
        result = await asyncio.to_thread(work, *args)
    except EventgraphError as exc:
        raise _user_error(exc, context.settings.debug) from None
    finally:
        context.loaders = Loaders(context.engine)
    return result


def _committed(info: Info, changes: list[Change]) -> None:
    state = ctx(info).app_state
    if state is not None:
        state.broadcaster.committed(changes)


def _editor(info: Info) -> EventEditor:
    return EventEditor(ctx(info).engine, name=to_global_id)


async def _event(info: Info, pk: int) -> t.Event:
    row = await ctx(info).loaders.event.load(pk)
    if row is None:
        raise NotFound(f"event {to_global_id('Event', pk)} no longer exists")
    return t.Event.from_row(row)


def _event_pk(global_id: strawberry.ID) -> int:
    return from_global_id(str(global_id), "Event")[1]


def _document(data: IngestArticleInput) -> Document:
    if (data.html is None) == (data.text is None):
        raise BadInput("ingestArticle takes the page as `html` or its plain `text`: give exactly one")
    body = data.html if data.html is not None else data.text
    assert body is not None
    content = body.encode("utf-8")
    if len(content) > MAX_BYTES:
        raise BadInput(f"the article is larger than {MAX_BYTES // (1024 * 1024)} MB")
    published = data.published_at
    if published is not None and published.tzinfo is None:
        published = published.replace(tzinfo=UTC)
    try:
        published = published.astimezone(UTC) if published else None
    except OverflowError:  # year 1 or 9999 pushed out of range by its offset
        raise BadInput(f"publishedAt {data.published_at} is out of range once converted to UTC") from None
    return Document(
        content=content,
        name=data.url or "ingestArticle input",
        url=data.url,
        source=data.source,
        published_at=published,
        content_type="text/html" if data.html is not None else "text/plain",
    )


def _correction(data: CorrectEventInput) -> tuple[dict[str, Any], str | None]:
    values: dict[str, Any] = {}
    if data.event_type is not None:
        values["event_type"] = data.event_type.value
    if data.sub_event_type is not None:
        if not data.sub_event_type.strip():
            raise BadInput("subEventType must not be empty")
        values["sub_event_type"] = data.sub_event_type.strip()
    if data.date is not None:
        if data.date > datetime.now(UTC).date() + timedelta(days=1):
            raise BadInput(f"date {data.date} is in the future")
        values["date"] = data.date
    if data.date_precision is not None:
        values["date_precision"] = data.date_precision.value
    if data.location is not None:
        values["location_id"] = from_global_id(str(data.location), "Location")[1]
    if data.fatalities is not None:
        f = data.fatalities
        low = f.best if f.low is None else f.low
        high = f.best if f.high is None else f.high
        if min(low, f.best, high) < 0 or not low <= f.best <= high:
            raise BadInput(f"fatalities must satisfy 0 <= low <= best <= high, got {low}, {f.best}, {high}")
        values.update(fatalities_low=low, fatalities_best=f.best, fatalities_high=high)
    if data.injuries is not None:
        if data.injuries < 0:
            raise BadInput(f"injuries must be 0 or more, got {data.injuries}")
        values["injuries"] = data.injuries
    if data.actors is not None:
        values["actors"] = [_actor(a) for a in data.actors]
    return values, data.note


def _actor(data: EventActorInput) -> dict[str, Any]:
    if (data.actor is None) == (data.name is None):
        raise BadInput("each actor takes an `actor` ID or a `name`: give exactly one")
    actor_id = from_global_id(str(data.actor), "Actor")[1] if data.actor is not None else None
    return {"actor_id": actor_id, "name": data.name, "role": data.role.value, "attribution": data.attribution.value}


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Parse, extract and store an article, as `eventgraph ingest` does. Idempotent.")
    async def ingest_article(self, info: Info, input: IngestArticleInput) -> IngestArticlePayload:
        require_key(info)
        document = _document(input)
        state = ctx(info).app_state
        result = await _write(info, state.ingestor.ingest, document)
        if not result.skipped:
            _committed(
                info, [Change(e.event_id, history.CREATED if e.created else history.REPORTED) for e in result.events]
            )
        loaders = ctx(info).loaders
        article = await loaders.article.load(result.article_id)
        assert article is not None
        reports = await loaders.reports_of_article.load(result.article_id)
        rows = await loaders.event.load_many(list(dict.fromkeys(r["event_id"] for r in reports)))
        return IngestArticlePayload(
            article=t.Article.from_row(article),
            events=[t.Event.from_row(r) for r in rows if r],
            already_known=result.skipped,
            events_created=result.created,
            events_merged=result.merged,
        )

    @strawberry.mutation(description="Correct an event's fields. The change is recorded and attributed to the key; "
                         "corrections outrank reports, including reports that arrive later.")  # fmt: skip
    async def correct_event(self, info: Info, id: strawberry.ID, input: CorrectEventInput) -> CorrectEventPayload:
        key = require_key(info)
        pk = _event_pk(id)
        values, note = _correction(input)
        change = await _write(info, _editor(info).correct, pk, values, key.name, note)
        _committed(info, [change])
        row = ctx(info).rows(select(changes_t).where(changes_t.c.id == change.id))[0]
        return CorrectEventPayload(event=await _event(info, pk), change=EventChange.from_row(row))

    @strawberry.mutation(description="Merge events into the first one; the other IDs resolve to it from now on.")
    async def merge_events(self, info: Info, ids: list[strawberry.ID]) -> MergeEventsPayload:
        key = require_key(info)
        pks = [_event_pk(i) for i in ids]
        changes = await _write(info, _editor(info).merge, pks, key.name)
        _committed(info, changes)
        return MergeEventsPayload(
            event=await _event(info, pks[0]), merged_ids=[strawberry.ID(to_global_id("Event", p)) for p in pks[1:]]
        )

    @strawberry.mutation(description="Move some of an event's reports to a new event; both are recomputed.")
    async def split_event(self, info: Info, id: strawberry.ID, report_ids: list[strawberry.ID]) -> SplitEventPayload:
        key = require_key(info)
        pk = _event_pk(id)
        reports = [from_global_id(str(r), "Report")[1] for r in report_ids]
        new_pk, changes = await _write(info, _editor(info).split, pk, reports, key.name)
        _committed(info, changes)
        return SplitEventPayload(event=await _event(info, pk), new_event=await _event(info, new_pk))

    @strawberry.mutation(description="Delete an event that is not one (a misreading). Syncing clients see DELETED "
                         "in `eventChanges`; the article stays, so reingesting it does not bring the event back.")  # fmt: skip
    async def delete_event(self, info: Info, id: strawberry.ID, reason: str | None = None) -> DeleteEventPayload:
        key = require_key(info)
        changes = await _write(info, _editor(info).delete, _event_pk(id), key.name, reason)
        _committed(info, changes)
        return DeleteEventPayload(
            deleted_event_id=id, deleted_ids=[strawberry.ID(to_global_id("Event", c.event_id)) for c in changes]
        )
