"""The tables. One row per source, article, actor, alias, location, event, role and report."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, Table, UniqueConstraint, func, literal_column
from sqlmodel import Field, SQLModel

metadata = SQLModel.metadata


class Source(SQLModel, table=True):
    __tablename__ = "sources"
    __table_args__ = (Index("ix_sources_kind", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=64)
    name: str
    domains: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    country: str | None = Field(default=None, max_length=2)
    language: str = "en"
    kind: str = "other"
    notes: str | None = None


class Article(SQLModel, table=True):
    __tablename__ = "articles"
    __table_args__ = (Index("ix_articles_source_published", "source_id", "published_at"),)

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="sources.id")
    url: str | None = Field(default=None, unique=True)
    headline: str
    standfirst: str | None = None
    byline: str | None = None
    dateline: str | None = None
    published_at: datetime | None = None
    modified_at: datetime | None = None
    body: str
    captions: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    content_hash: str = Field(unique=True, max_length=64)
    parser: str
    parser_version: str
    ingested_at: datetime


class Actor(SQLModel, table=True):
    __tablename__ = "actors"
    __table_args__ = (Index("ix_actors_kind", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    kind: str | None = None
    country: str | None = Field(default=None, max_length=2)
    parent_id: int | None = Field(default=None, foreign_key="actors.id", index=True)


class ActorAlias(SQLModel, table=True):
    __tablename__ = "actor_aliases"
    __table_args__ = (UniqueConstraint("actor_id", "alias", "source_key", name="uq_actor_alias"),)

    id: int | None = Field(default=None, primary_key=True)
    actor_id: int = Field(foreign_key="actors.id", index=True)
    alias: str
    # "" when every outlet uses the name: NULLs would not be unique in the constraint above.
    source_key: str = ""


class Location(SQLModel, table=True):
    __tablename__ = "locations"
    __table_args__ = (
        Index("ix_locations_lat_lon", "latitude", "longitude"),
        Index("ix_locations_admin1", "admin1"),
    )

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)  # gazetteer id, or name|country|feature when it has none
    name: str
    feature_type: str
    country_code: str | None = Field(default=None, max_length=2, index=True)
    admin1: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    precision: int = 1


class Event(SQLModel, table=True):
    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_date_id", "date", "id"),
        Index("ix_events_type_date", "event_type", "date", "id"),
        Index("ix_events_country_date", "country_code", "date", "id"),
        Index("ix_events_updated", "updated_at", "id"),
        Index("ix_events_location_date", "location_id", "date"),
        Index("ix_events_reports", "report_count", "id"),
        Index("ix_events_cameo", "cameo_code"),
        Index("ix_events_date_precision", "date_precision", "date", "id"),
        Index("ix_events_geo_precision", "geo_precision", "date", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    event_type: str
    sub_event_type: str
    cameo_code: str | None = None
    date: date
    date_precision: str = "day"
    location_id: int | None = Field(default=None, foreign_key="locations.id")
    # Copied from the location so that "by country" filters and sorts use one index.
    country_code: str | None = Field(default=None, max_length=2)
    geo_precision: int | None = None
    fatalities_low: int | None = None
    fatalities_best: int | None = None
    fatalities_high: int | None = None
    injuries: int | None = None
    summary: str = ""
    confidence: float = 0.5
    report_count: int = 0
    created_at: datetime
    updated_at: datetime
    merged_into_id: int | None = Field(default=None, foreign_key="events.id")


# Sorting by fatalities puts unknown (NULL) lowest; the index is on the same expression.
Index(
    "ix_events_fatalities",
    func.coalesce(Event.__table__.c.fatalities_best, literal_column("-1")),  # type: ignore[attr-defined]
    Event.__table__.c.id,  # type: ignore[attr-defined]
)


class EventActor(SQLModel, table=True):
    __tablename__ = "event_actors"
    __table_args__ = (Index("ix_event_actors_actor_date", "actor_id", "event_date", "event_id"),)

    event_id: int = Field(foreign_key="events.id", primary_key=True)
    actor_id: int = Field(foreign_key="actors.id", primary_key=True)
    role: str = Field(primary_key=True)
    attribution: str = "reported"
    # The event's date, so that one actor's events in date order are one index range. Set by
    # triggers (migration 0005) on every insert and whenever the event's date changes: writers
    # need not give it, and a value they give is overwritten by the event's.
    event_date: date | None = None


class Report(SQLModel, table=True):
    __tablename__ = "reports"
    __table_args__ = (
        UniqueConstraint("event_id", "article_id", name="uq_report_event_article"),
        Index("ix_reports_article", "article_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="events.id", index=True)
    article_id: int = Field(foreign_key="articles.id")
    evidence: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # What this report said, so provenance shows which outlet claimed which value.
    claims: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    extractor: str = ""
    confidence: float = 0.5


class ApiKey(SQLModel, table=True):
    """A key for the mutations. Only a hash of the secret is kept; the prefix finds the row."""

    __tablename__ = "api_keys"

    id: int | None = Field(default=None, primary_key=True)
    # Names are never reused, so a name in the change history always means one key.
    name: str = Field(unique=True, max_length=64)
    prefix: str = Field(unique=True, max_length=16)
    secret_hash: str = Field(max_length=64)
    created_at: datetime
    revoked_at: datetime | None = None


class EventChange(SQLModel, table=True):
    """One entry of an event's history: created, reported, corrected, merged, split or deleted.

    ``event_id`` is not a foreign key: the history of a deleted event outlives it.
    """

    __tablename__ = "event_changes"
    __table_args__ = (Index("ix_event_changes_event", "event_id", "id"), Index("ix_event_changes_at", "at", "id"))

    id: int | None = Field(default=None, primary_key=True)
    event_id: int
    kind: str = Field(max_length=16)
    # {"before": {...}, "after": {...}} for corrections; related ids for merges and splits.
    changes: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    api_key: str | None = Field(default=None, max_length=64)  # the key's name; None for ingest
    at: datetime


class EventCorrection(SQLModel, table=True):
    """A value set by a person: it outranks every report when the event is recomputed."""

    __tablename__ = "event_corrections"

    event_id: int = Field(foreign_key="events.id", primary_key=True)
    field: str = Field(primary_key=True, max_length=32)
    value: Any = Field(default=None, sa_column=Column(JSON, nullable=True))
    api_key: str | None = Field(default=None, max_length=64)
    corrected_at: datetime


class EventOrigin(SQLModel, table=True):
    """Where an imported event came from: one row of a dataset (GDELT, ACLED) per origin.

    The unique (dataset, row_id) pair makes imports idempotent across runs and processes.
    """

    __tablename__ = "event_origins"
    __table_args__ = (UniqueConstraint("dataset", "row_id", name="uq_event_origin_row"),)

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="events.id", index=True)
    dataset: str = Field(max_length=32)
    row_id: str = Field(max_length=64)
    source_url: str | None = None
    # The row's fields the event model has no column for (GDELT's NumMentions, ACLED's inter codes).
    extra: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    imported_at: datetime


# The tables as SQLAlchemy Core sees them: queries are written against these.
sources_t: Table = Source.__table__  # type: ignore[attr-defined]
articles_t: Table = Article.__table__  # type: ignore[attr-defined]
actors_t: Table = Actor.__table__  # type: ignore[attr-defined]
aliases_t: Table = ActorAlias.__table__  # type: ignore[attr-defined]
locations_t: Table = Location.__table__  # type: ignore[attr-defined]
events_t: Table = Event.__table__  # type: ignore[attr-defined]
event_actors_t: Table = EventActor.__table__  # type: ignore[attr-defined]
reports_t: Table = Report.__table__  # type: ignore[attr-defined]


class EventTally(SQLModel, table=True):
    """The running vote of an event's reports (api/store/tally.py), so a new report need not
    re-read the others. Not a foreign key: merges and deletes leave it stale, and a stale tally
    is recognised by its ``at`` and rebuilt from the reports."""

    __tablename__ = "event_tallies"

    event_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    tally: str
