"""Store one extraction in one transaction: article, actors, places, events merged across reports."""

from __future__ import annotations

import json
import math
import random
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Engine, and_, func, or_, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session

from api.extract.candidate import ActorRole, EventCandidate, Place
from api.ingest.pipeline import Extraction
from api.ingest.source import SourceInfo
from api.store import corrections, history, merge
from api.store.search import index_event
from api.store.tables import (
    Actor,
    ActorAlias,
    Article,
    Event,
    EventActor,
    Location,
    Report,
    Source,
    actors_t,
    articles_t,
    event_actors_t,
    events_t,
    locations_t,
    reports_t,
    sources_t,
)

KM_PER_DEGREE = 111.32
NOTIFY_CHANNEL = "eventgraph_events"
# deadlock_detected, serialization_failure: the transaction was rolled back and may simply be retried.
RETRYABLE = ("40P01", "40001")
DEADLOCK_ATTEMPTS = 5
CLAIM_FIELDS = (
    "event_type", "sub_event_type", "cameo_code", "location_id", "fatalities_low", "fatalities_best",
    "fatalities_high", "injuries", "summary",
)  # fmt: skip


@dataclass
class StoredEvent:
    event_id: int
    created: bool
    candidate: EventCandidate


@dataclass
class SaveResult:
    article_id: int | None
    skipped: bool = False
    events: list[StoredEvent] = field(default_factory=list)

    @property
    def created(self) -> int:
        return sum(1 for e in self.events if e.created)

    @property
    def merged(self) -> int:
        return sum(1 for e in self.events if not e.created)


def now() -> datetime:
    return datetime.now(UTC)


class Store:
    """Writes to the database. Safe with several processes: uniqueness lives in the database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name

    # -- reference data --------------------------------------------------------------------
    def register_sources(self, infos: Iterable[SourceInfo]) -> None:
        with Session(self.engine) as session, session.begin():
            for info in infos:
                self._upsert(
                    session,
                    Source,
                    ["key"],
                    key=info.key,
                    name=info.name,
                    domains=list(info.domains),
                    country=info.country,
                    language=info.language,
                    kind=info.kind,
                    notes=info.notes,
                )

    def seed_actors(self, entries: Iterable[Any]) -> int:
        """Load the actor dictionary: names, kinds, countries, parents and aliases with outlets.

        A handful of bulk statements whatever the dictionary's size, and safe to repeat: it runs
        whenever an ingest process starts, so aliases are in the database before any event is.
        """
        entries = list(entries)
        if not entries:
            return 0
        a = actors_t.c
        names = {e.name for e in entries} | {e.parent for e in entries if e.parent}
        with Session(self.engine) as session, session.begin():
            known = {e.name: e for e in entries}
            rows = [
                {
                    "name": n,
                    "kind": getattr(known.get(n), "kind", None),
                    "country": getattr(known.get(n), "country", None),
                }
                for n in sorted(names)
            ]
            session.execute(self._insert_stmt(Actor, rows).on_conflict_do_nothing(index_elements=["name"]))
            ids: dict[str, int] = {
                name: pk for name, pk in session.execute(select(a.name, a.id).where(a.name.in_(names)))
            }
            for entry in entries:
                if entry.parent:
                    session.execute(
                        actors_t.update()
                        .where(a.id == ids[entry.name], a.parent_id.is_(None))
                        .values(parent_id=ids[entry.parent])
                    )
            aliases = [
                {"actor_id": ids[e.name], "alias": alias, "source_key": source or ""}
                for e in entries
                for alias, source in e.aliases
            ]
            if aliases:
                session.execute(self._insert_stmt(ActorAlias, aliases).on_conflict_do_nothing())
        return len(entries)

    # -- articles and events ---------------------------------------------------------------
    def save(self, extraction: Extraction) -> SaveResult:
        for attempt in range(1, DEADLOCK_ATTEMPTS + 1):
            try:
                return self._save(extraction)
            except IntegrityError:
                # Another process stored the same article between our check and our insert.
                if self._existing_article(extraction) is not None:
                    return SaveResult(article_id=self._existing_article(extraction), skipped=True)
                raise
            except OperationalError as exc:
                # Two writers each waiting for the other (one holds an event's advisory lock, the other an
                # uncommitted place or actor row): PostgreSQL rolls one back; storing it again is safe.
                if getattr(exc.orig, "sqlstate", None) not in RETRYABLE or attempt == DEADLOCK_ATTEMPTS:
                    raise
                time.sleep(random.uniform(0.01, 0.05) * attempt)
        raise AssertionError("unreachable")

    def _existing_article(self, extraction: Extraction) -> int | None:
        article = extraction.article
        with Session(self.engine) as session:
            a = articles_t.c
            conditions = [a.content_hash == article.content_hash]
            if article.url:
                conditions.append(a.url == article.url)
            found = session.execute(select(a.id).where(or_(*conditions))).first()
            return int(found[0]) if found else None

    def _save(self, extraction: Extraction) -> SaveResult:
        existing = self._existing_article(extraction)
        if existing is not None:
            return SaveResult(article_id=existing, skipped=True)
        parsed = extraction.article
        with Session(self.engine) as session, session.begin():
            source_id = session.execute(select(sources_t.c.id).where(sources_t.c.key == extraction.source)).scalar()
            if source_id is None:
                source_id = self._upsert(session, Source, ["key"], key=extraction.source, name=extraction.source)
            row = Article(
                source_id=source_id,
                url=parsed.url,
                headline=parsed.headline,
                standfirst=parsed.standfirst,
                byline=parsed.byline,
                dateline=parsed.dateline,
                published_at=_utc(parsed.published_at),
                modified_at=_utc(parsed.modified_at),
                body=parsed.body,
                captions=[{"text": c.text, "credit": c.credit} for c in parsed.captions],
                content_hash=parsed.content_hash,
                parser=parsed.parser,
                parser_version=parsed.parser_version,
                ingested_at=now(),
            )
            session.add(row)
            session.flush()
            assert row.id is not None
            result = SaveResult(article_id=row.id)
            for candidate in extraction.events:
                result.events.append(self._save_event(session, row.id, candidate))
            for stored in result.events:
                kind = history.CREATED if stored.created else history.REPORTED
                history.record(session, stored.event_id, kind, {"article": row.id})
            if self.dialect == "postgresql" and result.events:
                payload = json.dumps([{"id": e.event_id, "created": e.created} for e in result.events])
                session.execute(
                    text("SELECT pg_notify(:channel, :payload)"), {"channel": NOTIFY_CHANNEL, "payload": payload}
                )
        return result

    def _save_event(self, session: Session, article_id: int, candidate: EventCandidate) -> StoredEvent:
        place = self._location(session, candidate.location) if candidate.location else None
        location_id, country = (place[0], place[1]) if place else (None, None)
        # An actor may hold two roles in one event (attacker and, in the clashes, target).
        roles = [(self._resolve_actor(session, actor), actor) for actor in candidate.actors]
        self.lock_event_family(session, candidate.event_type, country)
        target = self._find_match(session, candidate, candidate.location, country, {i for i, _ in roles}, article_id)
        created = target is None
        if target is None:
            target = self.new_event(session, candidate)
        session.add(
            Report(
                event_id=target,
                article_id=article_id,
                evidence=list(candidate.evidence),
                claims=_claims(candidate, location_id),
                extractor=candidate.extractor,
                confidence=candidate.confidence,
            )
        )
        for actor_id, actor in roles:
            self._insert_ignore(
                session, EventActor, event_id=target, actor_id=actor_id, role=actor.role, attribution=actor.attribution
            )
        session.flush()
        self._recompute(session, target)
        return StoredEvent(target, created, candidate)

    def lock_event_family(self, session: Session, event_type: str, country: str | None) -> None:
        """Two workers must not both create the same event: on PostgreSQL, serialise the
        find-or-create per event type and country for the rest of the transaction."""
        if self.dialect == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": f"{event_type}|{country}"})

    def new_event(self, session: Session, candidate: EventCandidate) -> int:
        """An empty event row; its fields are set from its reports by ``_recompute``."""
        event = Event(
            event_type=candidate.event_type,
            sub_event_type=candidate.sub_event_type,
            date=candidate.date,
            created_at=now(),
            updated_at=now(),
        )
        session.add(event)
        session.flush()
        assert event.id is not None
        return event.id

    def _find_match(
        self,
        session: Session,
        candidate: EventCandidate,
        place: Place | None,
        country: str | None,
        actor_ids: set[int],
        article_id: int,
    ) -> int | None:
        low, high = merge.date_window(candidate.date, candidate.date_precision)
        already = select(reports_t.c.event_id).where(reports_t.c.article_id == article_id)
        e, loc = events_t.c, locations_t.c
        rows = session.execute(
            select(e.id, e.date, e.date_precision, e.country_code, loc.latitude, loc.longitude, loc.key, loc.precision)
            .outerjoin(locations_t, loc.id == e.location_id)
            .where(
                e.event_type == candidate.event_type,
                e.date >= low,
                e.date <= high,
                e.merged_into_id.is_(None),
                e.id.not_in(already),
                *near_conditions(candidate, country),
            )
        ).all()
        return best_match(session, candidate, country, rows, actor_ids)

    def _recompute(self, session: Session, event_id: int) -> None:
        """Set each field to the value best supported by the event's reports."""
        reports = session.execute(
            select(reports_t.c.claims, reports_t.c.confidence, reports_t.c.evidence).where(
                reports_t.c.event_id == event_id
            )
        ).all()
        values: dict[str, Any] = {name: merge.vote((c.get(name), w) for c, w, _ in reports) for name in CLAIM_FIELDS}
        finest = min(reports, key=lambda r: _PRECISION_RANK.get(r[0].get("date_precision", "year"), 9))[0]
        precision = finest.get("date_precision", "day")
        values["date"] = date.fromisoformat(
            merge.vote((c["date"], w) for c, w, _ in reports if c.get("date_precision") == precision)
        )
        values["date_precision"] = precision
        values["confidence"] = min(1.0, max(w for _, w, _ in reports) + 0.1 * (len(reports) - 1))
        values["report_count"] = len(reports)
        values["updated_at"] = now()
        corrections.apply(session, event_id, values)  # a person's correction outranks every report
        if values["location_id"] is not None:
            loc = session.get(Location, values["location_id"])
            values["country_code"] = loc.country_code if loc else None
            values["geo_precision"] = loc.precision if loc else None
        session.execute(
            Event.__table__.update().where(Event.__table__.c.id == event_id).values(**values)  # type: ignore[attr-defined]
        )
        sentences = dict.fromkeys(s for _, _, evidence in reports for s in evidence)
        index_event(session, event_id, "\n".join([values["summary"] or "", *sentences]))

    # -- entities --------------------------------------------------------------------------
    def _location(self, session: Session, place: Place) -> tuple[int, str | None]:
        key = location_key(place)
        location_id = self._upsert(
            session,
            Location,
            ["key"],
            update=False,
            key=key,
            name=place.name,
            feature_type=place.feature_type,
            country_code=place.country,
            admin1=place.admin1,
            latitude=place.latitude,
            longitude=place.longitude,
            precision=place.precision,
        )
        return location_id, place.country

    def _resolve_actor(self, session: Session, actor: ActorRole) -> int:
        actor_id = self._actor_id(session, actor.name, actor.kind, actor.country)
        if actor.parent:
            parent_id = self._actor_id(session, actor.parent, None, None)
            session.execute(
                actors_t.update()
                .where(actors_t.c.id == actor_id, actors_t.c.parent_id.is_(None))
                .values(parent_id=parent_id)
            )
        return actor_id

    def _actor_id(self, session: Session, name: str, kind: str | None, country: str | None) -> int:
        return self._upsert(session, Actor, ["name"], update=False, name=name, kind=kind, country=country)

    def _insert_stmt(self, model: Any, values: dict[str, Any] | list[dict[str, Any]]) -> Any:
        table = model.__table__
        insert = (pg_insert if self.dialect == "postgresql" else sqlite_insert)(table)
        return insert.values(values) if isinstance(values, list) else insert.values(**values)

    def _insert_ignore(self, session: Session, model: Any, **values: Any) -> None:
        session.execute(self._insert_stmt(model, values).on_conflict_do_nothing())

    def _upsert(self, session: Session, model: Any, keys: list[str], update: bool = True, **values: Any) -> int:
        """Insert or (when ``update``) refresh a row found by its unique ``keys``; return its id.

        ON CONFLICT keeps concurrent writers from creating duplicates without Python locks.
        """
        stmt = self._insert_stmt(model, values)
        if update:
            stmt = stmt.on_conflict_do_update(
                index_elements=keys, set_={k: v for k, v in values.items() if k not in keys}
            )
        else:
            stmt = stmt.on_conflict_do_nothing(index_elements=keys)
        session.execute(stmt)
        table = model.__table__
        found = session.execute(select(table.c.id).where(*(table.c[k] == values[k] for k in keys))).scalar_one()
        return int(found)

    def counts(self) -> dict[str, int]:
        with Session(self.engine) as session:
            return {
                table.__tablename__: session.execute(select(func.count()).select_from(table)).scalar_one()
                for table in (Source, Article, Actor, Location, Event, Report)
            }


def near_conditions(candidate: EventCandidate, country: str | None) -> list[ColumnElement[bool]]:
    """Conditions that drop only events ``merge.match_score`` would refuse anyway: too far away,
    or in another country. A daily GDELT file has 10^5 rows of one type and day; without these
    every row would be scored against all of them."""
    e, loc = events_t.c, locations_t.c
    place = candidate.location
    other_country = [or_(e.country_code.is_(None), e.country_code == country)] if country else []
    if place is None or place.latitude is None or place.longitude is None:
        return other_country
    dlat = merge.SAME_PLACE_KM / KM_PER_DEGREE
    dlon = dlat / max(math.cos(math.radians(place.latitude)), 0.01)
    close = and_(
        loc.latitude.between(place.latitude - dlat, place.latitude + dlat),
        or_(
            loc.longitude.between(place.longitude - dlon, place.longitude + dlon),
            # across the antimeridian
            loc.longitude.between(place.longitude - dlon + 360, place.longitude + dlon + 360),
            loc.longitude.between(place.longitude - dlon - 360, place.longitude + dlon - 360),
        ),
    )
    return [or_(close, and_(loc.latitude.is_(None), *other_country))]


def best_match(
    session: Session, candidate: EventCandidate, country: str | None, rows: Sequence[Any], actor_ids: set[int]
) -> int | None:
    """The best-scoring event among ``rows`` (id, date, date precision, country, latitude,
    longitude, location key, geo precision), or None; the actors of all of them in one query."""
    if not rows:
        return None
    place = candidate.location
    mine = {
        "event_type": candidate.event_type,
        "date": candidate.date,
        "date_precision": candidate.date_precision,
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
        "country": country,
        "key": location_key(place) if place else None,
        "precision": place.precision if place else None,
    }
    actors_of: dict[int, set[int]] = {row[0]: set() for row in rows}
    ea = event_actors_t.c
    for event_id, actor_id in session.execute(select(ea.event_id, ea.actor_id).where(ea.event_id.in_(list(actors_of)))):
        actors_of[event_id].add(actor_id)
    best: tuple[float, int] | None = None
    for event_id, day, precision, event_country, lat, lon, key, geo_precision in rows:
        theirs = {
            "event_type": candidate.event_type,
            "date": day,
            "date_precision": precision,
            "latitude": lat,
            "longitude": lon,
            "country": event_country,
            "key": key,
            "precision": geo_precision,
        }
        score = merge.match_score(mine, theirs, actor_ids, actors_of[event_id])
        if score is not None and (best is None or (score, -event_id) > (best[0], -best[1])):
            best = (score, event_id)
    return best[1] if best else None


def location_key(place: Place) -> str:
    return place.key or f"{place.name}|{place.country or ''}|{place.feature_type}".lower()


_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


def _claims(candidate: EventCandidate, location_id: int | None) -> dict[str, Any]:
    return {
        "event_type": candidate.event_type,
        "sub_event_type": candidate.sub_event_type,
        "cameo_code": candidate.cameo_code,
        "date": candidate.date.isoformat(),
        "date_precision": candidate.date_precision,
        "location_id": location_id,
        "fatalities_low": candidate.fatalities_low,
        "fatalities_best": candidate.fatalities_best,
        "fatalities_high": candidate.fatalities_high,
        "injuries": candidate.injuries,
        "summary": candidate.summary,
        "actors": [{"name": a.name, "role": a.role, "attribution": a.attribution} for a in candidate.actors],
        "field_confidence": candidate.field_confidence,
    }


def _utc(value: datetime | None) -> datetime | None:
    """Times are stored in UTC; a naive time from a plugin is taken to be UTC already."""
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value
