"""The object types: Event, Actor, Location, Source, Article, Report, linked both ways."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import strawberry
from sqlalchemy import ColumnElement, and_, func, select
from strawberry.types import Info

from api.graphql.by_actor import actor_anchor
from api.graphql.context import ctx
from api.graphql.enums import ActorRole, Attribution, DatePrecision, EventType, enum_value
from api.graphql.filters import EventFilter, Radius, compile_filter
from api.graphql.history import EventChange, event_history
from api.graphql.ids import to_global_id
from api.graphql.loaders import articles_t, events_t, reports_t
from api.graphql.pagination import Connection, paginate
from api.graphql.selectivity import probe_for


def present(row: dict[str, Any] | None) -> dict[str, Any]:
    """A row a foreign key points at: the database guarantees it, so its absence is a bug."""
    if row is None:
        raise LookupError("a foreign key points at a missing row")
    return row


@strawberry.interface(description="An object with a global ID, fetchable with `node(id:)`.")
class Node:
    id: strawberry.ID


@strawberry.type(description="Fatalities as ACLED reports them: a low, best and high estimate.")
class Fatalities:
    low: int | None
    best: int | None
    high: int | None


@strawberry.type(description="Another name for an actor, and the outlet that uses it (null: all outlets).")
class Alias:
    name: str
    source: str | None


@strawberry.type(description="An actor taking part in an event.")
class EventActor:
    role: ActorRole
    attribution: Attribution
    actor_id: strawberry.Private[int]

    @strawberry.field
    async def actor(self, info: Info) -> Actor:
        return Actor.from_row(present(await ctx(info).loaders.actor.load(self.actor_id)))


@strawberry.type(description="The dataset row (GDELT, ACLED) an imported event came from.")
class EventOrigin:
    dataset: str = strawberry.field(description="The importer that read it: gdelt, acled.")
    row_id: str = strawberry.field(description="The row's own id: GDELT's GLOBALEVENTID, ACLED's event_id_cnty.")
    source_url: str | None = strawberry.field(description="The article the row was coded from (GDELT's SOURCEURL).")
    fields: strawberry.scalars.JSON = strawberry.field(
        description="The row's fields the event has no place for: GDELT's NumMentions, NumSources, NumArticles, "
        "Actor1/Actor2 codes and ActionGeo codes (FeatureID); ACLED's inter codes, source, admin2/3, tags."
    )
    imported_at: datetime


@strawberry.type(description="A violent or political event, merged across every report of it.")
class Event(Node):
    pk: strawberry.Private[int]
    location_id: strawberry.Private[int | None]
    event_type: EventType | None
    sub_event_type: str
    cameo_code: str | None = strawberry.field(description="The closest CAMEO code, for GDELT users.")
    date: date
    date_precision: DatePrecision | None
    geo_precision: int | None = strawberry.field(description="ACLED geo precision: 1 exact place, 2 near, 3 region.")
    country_code: str | None = strawberry.field(description="ISO 3166-1 alpha-2 code of the event's country.")
    fatalities: Fatalities
    injuries: int | None
    summary: str
    confidence: float
    report_count: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Event:
        return cls(
            id=strawberry.ID(to_global_id("Event", row["id"])),
            pk=row["id"],
            location_id=row["location_id"],
            event_type=enum_value(EventType, row["event_type"]),
            sub_event_type=row["sub_event_type"],
            cameo_code=row["cameo_code"],
            date=row["date"],
            date_precision=enum_value(DatePrecision, row["date_precision"]),
            geo_precision=row["geo_precision"],
            country_code=row["country_code"],
            fatalities=Fatalities(low=row["fatalities_low"], best=row["fatalities_best"], high=row["fatalities_high"]),
            injuries=row["injuries"],
            summary=row["summary"],
            confidence=row["confidence"],
            report_count=row["report_count"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
        )

    @strawberry.field
    async def location(self, info: Info) -> Location | None:
        if self.location_id is None:
            return None
        row = await ctx(info).loaders.location.load(self.location_id)
        return Location.from_row(row) if row else None

    @strawberry.field(description="Actors with their roles.")
    async def actors(self, info: Info, role: ActorRole | None = None) -> list[EventActor]:
        rows = await ctx(info).loaders.event_actors.load(self.pk)
        return [
            EventActor(role=ActorRole(r["role"]), attribution=Attribution(r["attribution"]), actor_id=r["actor_id"])
            for r in rows
            if role is None or r["role"] == role.value
        ]

    @strawberry.field(description="Every article that reported the event, with what it said.")
    async def reports(self, info: Info) -> list[Report]:
        return [Report.from_row(r) for r in await ctx(info).loaders.reports_of_event.load(self.pk)]

    @strawberry.field(description="The supporting sentences from every report.")
    async def evidence(self, info: Info) -> list[str]:
        rows = await ctx(info).loaders.reports_of_event.load(self.pk)
        return [sentence for r in rows for sentence in r["evidence"]]

    @strawberry.field(
        description="The dataset rows this event was imported from, oldest first; empty for events only articles reported."
    )
    async def origins(self, info: Info) -> list[EventOrigin]:
        rows = await ctx(info).loaders.origins_of_event.load(self.pk)
        return [
            EventOrigin(
                dataset=r["dataset"],
                row_id=r["row_id"],
                source_url=r["source_url"],
                fields=r["extra"],
                imported_at=r["imported_at"],
            )
            for r in rows
        ]

    history: list[EventChange] = strawberry.field(
        resolver=event_history, description="What happened to the event, oldest first: reports, corrections, merges."
    )


@strawberry.type(description="What one article said about one event.")
class Report(Node):
    pk: strawberry.Private[int]
    event_id: strawberry.Private[int]
    article_id: strawberry.Private[int]
    evidence: list[str]
    extractor: str
    confidence: float
    claims: strawberry.scalars.JSON = strawberry.field(
        description="The values this report gave (type, date, place, casualties, actors) before merging."
    )

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Report:
        return cls(
            id=strawberry.ID(to_global_id("Report", row["id"])),
            pk=row["id"],
            event_id=row["event_id"],
            article_id=row["article_id"],
            evidence=list(row["evidence"]),
            extractor=row["extractor"],
            confidence=row["confidence"],
            claims=row["claims"],
        )

    @strawberry.field
    async def article(self, info: Info) -> Article:
        return Article.from_row(present(await ctx(info).loaders.article.load(self.article_id)))

    @strawberry.field
    async def event(self, info: Info) -> Event:
        return Event.from_row(present(await ctx(info).loaders.event.load(self.event_id)))


@strawberry.type(description="A place from the gazetteer.")
class Location(Node):
    pk: strawberry.Private[int]
    name: str
    feature_type: str = strawberry.field(description="base, airport, zone, district, city, province or country.")
    country_code: str | None
    admin1: str | None
    latitude: float | None
    longitude: float | None
    precision: int

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Location:
        return cls(
            id=strawberry.ID(to_global_id("Location", row["id"])),
            pk=row["id"],
            name=row["name"],
            feature_type=row["feature_type"],
            country_code=row["country_code"],
            admin1=row["admin1"],
            latitude=row["latitude"],
            longitude=row["longitude"],
            precision=row["precision"],
        )

    @strawberry.field(description="Events at this place.")
    def events(
        self,
        info: Info,
        filter: EventFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Event]:
        return events_of(info, events_t.c.location_id == self.pk, filter, first, after, last, before)

    @strawberry.field(description="Events within `km` kilometres of this place, this place included.")
    def nearby_events(
        self,
        info: Info,
        km: float = 25.0,
        filter: EventFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Event]:
        if self.latitude is None or self.longitude is None:
            return events_of(info, events_t.c.location_id == self.pk, filter, first, after, None, None)
        near = EventFilter(near=Radius(latitude=self.latitude, longitude=self.longitude, km=km))
        combined = EventFilter(and_=[near, filter]) if filter else near
        return events_of(info, events_t.c.id.isnot(None), combined, first, after, None, None)


@strawberry.type(description="A state force, armed group, coalition, government or other actor.")
class Actor(Node):
    pk: strawberry.Private[int]
    parent_id: strawberry.Private[int | None]
    name: str
    kind: str | None
    country: str | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Actor:
        return cls(
            id=strawberry.ID(to_global_id("Actor", row["id"])),
            pk=row["id"],
            parent_id=row["parent_id"],
            name=row["name"],
            kind=row["kind"],
            country=row["country"],
        )

    @strawberry.field(description="Other names, each with the outlet that uses it.")
    async def aliases(self, info: Info) -> list[Alias]:
        rows = await ctx(info).loaders.aliases.load(self.pk)
        return [Alias(name=r["alias"], source=r["source_key"] or None) for r in rows]

    @strawberry.field(description="The group this actor is part of (Kataib Hezbollah: the PMU).")
    async def parent(self, info: Info) -> Actor | None:
        if self.parent_id is None:
            return None
        row = await ctx(info).loaders.actor.load(self.parent_id)
        return Actor.from_row(row) if row else None

    @strawberry.field(description="Groups that are part of this actor.")
    async def members(self, info: Info) -> list[Actor]:
        return [Actor.from_row(r) for r in await ctx(info).loaders.members.load(self.pk)]

    @strawberry.field(description="Events this actor took part in, in any role unless `role` is given.")
    def events(
        self,
        info: Info,
        role: ActorRole | None = None,
        filter: EventFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Event]:
        by_actor = EventFilter(actor=self.id, actor_role=role)
        combined = EventFilter(and_=[by_actor, filter]) if filter else by_actor
        return events_of(info, events_t.c.id.isnot(None), combined, first, after, last, before)


@strawberry.type(description="A news outlet or dataset.")
class Source(Node):
    pk: strawberry.Private[int]
    key: str
    name: str
    domains: list[str]
    country: str | None
    language: str
    kind: str
    notes: str | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Source:
        return cls(
            id=strawberry.ID(to_global_id("Source", row["id"])),
            pk=row["id"],
            key=row["key"],
            name=row["name"],
            domains=list(row["domains"]),
            country=row["country"],
            language=row["language"],
            kind=row["kind"],
            notes=row["notes"],
        )

    @strawberry.field(description="This outlet's articles, newest first.")
    def articles(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Article]:
        return paginate(
            info, articles_t, articles_t.c.source_id == self.pk, order="published_at", descending=True,
            first=first, last=last, after=after, before=before, to_node=Article.from_row,
        )  # fmt: skip

    @strawberry.field(description="How many events no other source reported.")
    def exclusive_event_count(self, info: Info) -> int:
        per_event = (
            select(reports_t.c.event_id)
            .join(articles_t, articles_t.c.id == reports_t.c.article_id)
            .group_by(reports_t.c.event_id)
            .having(func.count(func.distinct(articles_t.c.source_id)) == 1)
            .having(func.max(articles_t.c.source_id) == self.pk)
        )
        live = select(func.count()).where(events_t.c.id.in_(per_event), events_t.c.merged_into_id.is_(None))
        return int(ctx(info).scalar(live) or 0)


@strawberry.type(description="A caption kept apart from the article body, with its photo credit.")
class Caption:
    text: str
    credit: str | None


@strawberry.type(description="One report as parsed from an outlet's page.")
class Article(Node):
    pk: strawberry.Private[int]
    source_id: strawberry.Private[int]
    url: str | None
    headline: str
    standfirst: str | None
    byline: str | None
    dateline: str | None
    published_at: datetime | None
    modified_at: datetime | None
    body: str
    captions: list[Caption]
    content_hash: str
    parser: str
    parser_version: str
    ingested_at: datetime

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Article:
        return cls(
            id=strawberry.ID(to_global_id("Article", row["id"])),
            pk=row["id"],
            source_id=row["source_id"],
            url=row["url"],
            headline=row["headline"],
            standfirst=row["standfirst"],
            byline=row["byline"],
            dateline=row["dateline"],
            published_at=row["published_at"],
            modified_at=row["modified_at"],
            body=row["body"],
            captions=[Caption(text=c["text"], credit=c.get("credit")) for c in row["captions"]],
            content_hash=row["content_hash"],
            parser=row["parser"],
            parser_version=row["parser_version"],
            ingested_at=row["ingested_at"],
        )

    @strawberry.field
    async def source(self, info: Info) -> Source:
        return Source.from_row(present(await ctx(info).loaders.source.load(self.source_id)))

    @strawberry.field(description="The events this article reported.")
    async def events(self, info: Info) -> list[Event]:
        loaders = ctx(info).loaders
        reports = await loaders.reports_of_article.load(self.pk)
        rows = await loaders.event.load_many([r["event_id"] for r in reports])
        return [Event.from_row(r) for r in rows if r]


def events_of(
    info: Info,
    condition: ColumnElement[bool],
    filter: EventFilter | None,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> Connection[Event]:
    """A page of the events an entity is linked to, narrowed further by ``filter``."""
    engine = ctx(info).engine
    dialect, probe = engine.dialect.name, probe_for(engine)
    where = and_(compile_filter(filter, dialect, probe), condition)
    anchor = actor_anchor(filter, dialect, probe)
    return paginate(
        info, events_t, where, order="date", descending=True, first=first, last=last,
        after=after, before=before, to_node=Event.from_row, anchor=anchor and anchor.narrowed(condition),
    )  # fmt: skip
