"""Events for export, streamed in id order with constant memory.

The events come through one server-side cursor (``yield_per``); for each batch of events the
location, actors, reports and dataset origins are loaded with one query each, so a million
events cost a few thousand queries and never more than one batch in memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, select

from api.graphql.filters import EventFilter, compile_filter
from api.store.importer import origins_t
from api.store.tables import (
    actors_t,
    articles_t,
    event_actors_t,
    events_t,
    locations_t,
    reports_t,
    sources_t,
)

BATCH = 500


@dataclass(frozen=True)
class ExportActor:
    name: str
    role: str
    kind: str | None
    country: str | None
    attribution: str


@dataclass(frozen=True)
class ExportReport:
    source_key: str
    source_name: str
    source_kind: str
    url: str | None
    headline: str
    published_at: datetime | None
    language: str
    evidence: tuple[str, ...]
    extractor: str


@dataclass(frozen=True)
class ExportOrigin:
    dataset: str
    row_id: str
    source_url: str | None
    extra: dict[str, Any]


@dataclass
class ExportEvent:
    id: int
    event_type: str
    sub_event_type: str
    cameo_code: str | None
    date: date
    date_precision: str
    geo_precision: int | None
    country_code: str | None
    fatalities_low: int | None
    fatalities_best: int | None
    fatalities_high: int | None
    injuries: int | None
    summary: str
    confidence: float
    report_count: int
    created_at: datetime
    updated_at: datetime
    location_id: int | None = None
    location: dict[str, Any] | None = None
    actors: list[ExportActor] = field(default_factory=list)
    reports: list[ExportReport] = field(default_factory=list)
    origins: list[ExportOrigin] = field(default_factory=list)

    def with_role(self, role: str) -> list[ExportActor]:
        return [a for a in self.actors if a.role == role]


def iter_events(engine: Engine, flt: EventFilter | None = None, batch: int = BATCH) -> Iterator[ExportEvent]:
    """Every live event matching ``flt``, oldest id first, with its related rows.

    The filter is compiled here, before the first row is read, so a bad filter raises at the
    call (an HTTP 400) and not halfway through a stream.
    """
    condition = compile_filter(flt, engine.dialect.name)
    query = select(events_t).where(condition).order_by(events_t.c.id).execution_options(yield_per=batch)
    return _stream(engine, query)


def _stream(engine: Engine, query: Any) -> Iterator[ExportEvent]:
    with engine.connect() as connection:
        result = connection.execute(query)
        # The event columns ExportEvent takes, looked up once rather than per row.
        present = set(result.keys())
        columns = [name for name in ExportEvent.__dataclass_fields__ if name in present]
        for rows in result.partitions():
            events = [ExportEvent(**{name: row._mapping[name] for name in columns}) for row in rows]
            _attach(connection, events)
            yield from events


def _attach(connection: Any, events: list[ExportEvent]) -> None:
    by_id = {e.id: e for e in events}
    ids = list(by_id)
    _attach_locations(connection, events)
    ea, a = event_actors_t.c, actors_t.c
    actor_rows = connection.execute(
        select(ea.event_id, ea.role, ea.attribution, a.name, a.kind, a.country)
        .join(actors_t, a.id == ea.actor_id)
        .where(ea.event_id.in_(ids))
        .order_by(ea.event_id, ea.role, a.name)
    )
    for event_id, role, attribution, name, kind, country in actor_rows:
        by_id[event_id].actors.append(ExportActor(name, role, kind, country, attribution))
    r, art, s = reports_t.c, articles_t.c, sources_t.c
    report_rows = connection.execute(
        select(
            r.event_id,
            s.key,
            s.name,
            s.kind,
            s.language,
            art.url,
            art.headline,
            art.published_at,
            r.evidence,
            r.extractor,
        )
        .join(articles_t, art.id == r.article_id)
        .join(sources_t, s.id == art.source_id)
        .where(r.event_id.in_(ids))
        .order_by(r.event_id, r.id)
    )
    for event_id, key, name, kind, language, url, headline, published, evidence, extractor in report_rows:
        report = ExportReport(key, name, kind, url, headline, published, language, tuple(evidence or ()), extractor)
        by_id[event_id].reports.append(report)
    o = origins_t.c
    origin_rows = connection.execute(
        select(o.event_id, o.dataset, o.row_id, o.source_url, o.extra).where(o.event_id.in_(ids)).order_by(o.id)
    )
    for event_id, dataset, row_id, source_url, extra in origin_rows:
        by_id[event_id].origins.append(ExportOrigin(dataset, row_id, source_url, dict(extra or {})))


def _attach_locations(connection: Any, events: list[ExportEvent]) -> None:
    """Events share places: each location row is loaded once per batch."""
    wanted = {e.location_id for e in events if e.location_id is not None}
    if not wanted:
        return
    found = {
        row.id: dict(row._mapping)
        for row in connection.execute(select(locations_t).where(locations_t.c.id.in_(wanted)))
    }
    for event in events:
        event.location = found.get(event.location_id) if event.location_id is not None else None
