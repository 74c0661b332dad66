"""The events a batch of candidates may merge into, loaded in one query and matched in memory.

One probe per candidate (its event type, its date window and, when it has coordinates, the band
of latitudes within merge range) selects every stored live event that ``merge.match_score``
could accept for it; the score itself is then computed in Python, against the events as the
batch changes them: a report that moves an event's date or place is seen by the next candidate,
and an event created earlier in the batch can take the next candidate's report, exactly as if
the documents had been stored one by one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Boolean, Date, Float, Integer, String, column, text
from sqlalchemy.orm import Session
from sqlmodel.sql.sqltypes import UTCDateTime

from api.extract.candidate import EventCandidate
from api.store import bulk, corrections, merge
from api.store.entities import LocationRow, location_key
from api.store.tally import Tally

# Columns of the pool query, in its order, with their types (the SQL is text: see below).
_COLUMNS = (
    column("id", Integer), column("event_type", String), column("sub_event_type", String), column("date", Date),
    column("date_precision", String), column("location_id", Integer), column("country_code", String),
    column("geo_precision", Integer), column("summary", String), column("report_count", Integer),
    column("updated_at", UTCDateTime()), column("latitude", Float), column("longitude", Float),
    column("place_key", String), column("place_precision", Integer), column("place_country", String),
    column("tally", String), column("corrected", Boolean), column("same_dataset", Boolean),
    column("cameo_code", String), column("fatalities_low", Integer), column("fatalities_best", Integer),
    column("fatalities_high", Integer), column("injuries", Integer), column("confidence", Float),
)  # fmt: skip
# What a report can change in an event row (all but the clocks).
EVENT_COLUMNS = (
    "event_type", "sub_event_type", "cameo_code", "location_id", "fatalities_low", "fatalities_best",
    "fatalities_high", "injuries", "summary", "date", "date_precision", "confidence", "report_count",
    "country_code", "geo_precision",
)  # fmt: skip
_SELECT = """
SELECT e.id, e.event_type, e.sub_event_type, e.date, e.date_precision, e.location_id, e.country_code,
       e.geo_precision, e.summary, e.report_count, e.updated_at, l.latitude, l.longitude, l.key AS place_key,
       l.precision AS place_precision, l.country_code AS place_country, t.tally,
       EXISTS (SELECT 1 FROM event_corrections c WHERE c.event_id = e.id) AS corrected,
       EXISTS (SELECT 1 FROM event_origins o WHERE o.event_id = e.id AND o.dataset = :dataset) AS same_dataset,
       e.cameo_code, e.fatalities_low, e.fatalities_best, e.fatalities_high, e.injuries, e.confidence
FROM events e
LEFT JOIN locations l ON l.id = e.location_id
LEFT JOIN event_tallies t ON t.event_id = e.id
WHERE e.id IN ({probes})
"""
# The probes travel as one JSON parameter, so the statement is the same whatever the batch's size
# (one compiled and cached statement; no thousands of bound parameters).
_PROBES = {
    "sqlite": """
SELECT p_e.id FROM json_each(:probes) AS p
JOIN events p_e ON p_e.event_type = json_extract(p.value, '$.t')
    AND p_e.date BETWEEN json_extract(p.value, '$.lo') AND json_extract(p.value, '$.hi')
LEFT JOIN locations p_l ON p_l.id = p_e.location_id
WHERE p_e.merged_into_id IS NULL
    AND (p_l.latitude IS NULL OR p_l.latitude BETWEEN json_extract(p.value, '$.la0') AND json_extract(p.value, '$.la1'))
""",
    "postgresql": """
SELECT p_e.id FROM jsonb_to_recordset(CAST(:probes AS jsonb)) AS p(t text, lo date, hi date, la0 float8, la1 float8)
JOIN events p_e ON p_e.event_type = p.t AND p_e.date BETWEEN p.lo AND p.hi
LEFT JOIN locations p_l ON p_l.id = p_e.location_id
WHERE p_e.merged_into_id IS NULL AND (p_l.latitude IS NULL OR p_l.latitude BETWEEN p.la0 AND p.la1)
""",
}
NO_BAND = (-1000.0, 1000.0)


@dataclass
class EventState:
    """An event as the batch sees it: its matching attributes, its tally, what the batch added."""

    key: int  # the event's id; for an event the batch creates, a number above every stored id
    new: bool
    event_type: str
    sub_event_type: str
    date: date
    date_precision: str
    location_id: int | None
    country_code: str | None
    geo_precision: int | None
    summary: str | None  # as stored: the search text was written with it
    report_count: int = 0
    updated_at: datetime | None = None
    place: LocationRow | None = None
    actors: set[int] = field(default_factory=set)
    articles: set[int] = field(default_factory=set)  # articles known to report it
    same_dataset: bool = False
    corrections: dict[str, Any] | None = None
    stored_tally: str | None = None
    tally: Tally | None = None
    values: dict[str, Any] | None = None  # the columns to write, once a report joined
    row: Any = field(default=None, repr=False)  # the stored row, with every column a report can change
    sentences: list[str] = field(default_factory=list)  # evidence the batch's reports added
    base_sentences: list[str] | None = None  # evidence of the reports before the batch, once read
    _theirs: dict[str, Any] | None = field(default=None, repr=False)

    def theirs(self) -> dict[str, Any]:
        """What ``merge.match_score`` compares; kept until the batch changes the event."""
        if self._theirs is None:
            self._theirs = self._view()
        return self._theirs

    def changed(self) -> None:
        self._theirs = None

    def _view(self) -> dict[str, Any]:
        place = self.place
        where = (place.latitude, place.longitude, place.key, place.precision) if place else None
        return view(self.event_type, self.date, self.date_precision, self.country_code, where)


def mine(candidate: EventCandidate, country: str | None) -> dict[str, Any]:
    place = candidate.location
    where = (place.latitude, place.longitude, location_key(place), place.precision) if place else None
    return view(candidate.event_type, candidate.date, candidate.date_precision, country, where)


def view(
    event_type: str, day: date, precision: str, country: str | None, where: tuple[Any, Any, Any, Any] | None
) -> dict[str, Any]:
    """An event or candidate as ``merge.match_score`` reads it; ``where`` is (latitude,
    longitude, place key, place precision), None for no place."""
    latitude, longitude, key, place_precision = where or (None, None, None, None)
    return {
        "event_type": event_type, "date": day, "date_precision": precision, "latitude": latitude,
        "longitude": longitude, "country": country, "key": key, "precision": place_precision,
    }  # fmt: skip


def probe(candidate: EventCandidate) -> tuple[str, str, str, float, float]:
    low, high = merge.date_window(candidate.date, candidate.date_precision)
    place = candidate.location
    if place is None or place.latitude is None or place.longitude is None:
        band = NO_BAND
    else:
        band = (place.latitude - merge.LATITUDE_REACH, place.latitude + merge.LATITUDE_REACH)
    return (candidate.event_type, low.isoformat(), high.isoformat(), *band)


class Pool:
    """The live events a batch may touch, indexed by (event type, day)."""

    def __init__(self) -> None:
        self.events: dict[int, EventState] = {}
        self._by_day: dict[tuple[str, date], set[int]] = {}

    def add(self, event: EventState) -> None:
        self.events[event.key] = event
        self._by_day.setdefault((event.event_type, event.date), set()).add(event.key)

    def move(self, event: EventState, event_type: str, day: date) -> None:
        """The event's type or date changed: file it under the new ones."""
        if (event_type, day) != (event.event_type, event.date):
            self._by_day[(event.event_type, event.date)].discard(event.key)
            event.event_type, event.date = event_type, day
            event.changed()
            self._by_day.setdefault((event_type, day), set()).add(event.key)

    def near(self, candidate: EventCandidate) -> Iterator[EventState]:
        """Events of the candidate's type dated within its window."""
        low, high = merge.date_window(candidate.date, candidate.date_precision)
        day = low
        while day <= high:
            for key in self._by_day.get((candidate.event_type, day), ()):
                yield self.events[key]
            day += timedelta(days=1)

    def load(self, session: Session, probes: Iterable[tuple[Any, ...]], dataset: str | None) -> None:
        """Add every stored live event a probe reaches, with its place, actors and corrections."""
        unique = sorted(set(probes))
        if not unique:
            return
        dialect = session.get_bind().dialect.name
        payload = json.dumps([dict(zip(("t", "lo", "hi", "la0", "la1"), p, strict=True)) for p in unique])
        query = text(_SELECT.format(probes=_PROBES[dialect])).columns(*_COLUMNS)
        corrected = []
        places: dict[int, LocationRow] = {}
        for row in session.execute(query, {"probes": payload, "dataset": dataset}):
            if row.id in self.events:
                continue
            place = None
            if row.location_id is not None and row.place_key is not None:
                place = places.get(row.location_id)
                if place is None:
                    place = places[row.location_id] = LocationRow(
                        row.location_id, row.place_key, row.place_country, row.latitude, row.longitude,
                        row.place_precision,
                    )  # fmt: skip
            event = EventState(
                key=row.id, new=False, event_type=row.event_type, sub_event_type=row.sub_event_type,
                date=row.date, date_precision=row.date_precision, location_id=row.location_id,
                country_code=row.country_code, geo_precision=row.geo_precision, summary=row.summary,
                report_count=row.report_count, updated_at=row.updated_at, place=place,
                same_dataset=bool(row.same_dataset), stored_tally=row.tally, row=row,
            )  # fmt: skip
            self.add(event)
            if row.corrected:
                corrected.append(row.id)
        roles = f"SELECT event_id, actor_id FROM event_actors WHERE {bulk.member_of(session, 'event_id', 'ids')}"
        for event_id, actor_id in session.execute(text(roles), {"ids": bulk.values(session, self.events)}):
            self.events[event_id].actors.add(actor_id)
        for event_id in corrected:  # a person's corrections: rare, so one query each
            event = self.events[event_id]
            event.corrections = corrections.corrected(session, event_id)
            if "actors" in event.corrections:
                event.actors = {a["actor_id"] for a in event.corrections["actors"]}

    def reported_by(self, session: Session, article_ids: Iterable[int]) -> None:
        """Note which of the pool's events these articles already report (dataset imports)."""
        query = f"SELECT event_id, article_id FROM reports WHERE {bulk.member_of(session, 'article_id', 'ids')}"
        for event_id, article_id in session.execute(text(query), {"ids": bulk.values(session, set(article_ids))}):
            if event_id in self.events:
                self.events[event_id].articles.add(article_id)
