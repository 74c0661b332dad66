"""Many event candidates stored in one transaction: resolved, locked, matched and written in bulk.

The article writer and the dataset importer both hand their candidates here, in the order they
would have stored them one by one; the outcome is the same as that order one at a time (each
candidate sees the events the ones before it created or changed), in about a dozen statements
whatever the batch's size:

1. places and actors, found or inserted in bulk (api/store/entities.py);
2. on PostgreSQL, the advisory lock of every (event type, country) the batch touches, taken in
   one statement in a fixed order, so two writers never both create the same event and never
   wait for each other crosswise;
3. every stored event a candidate may merge into, in one query (api/store/pool.py);
4. matching and voting in memory, each event's fields recounted from its tally
   (api/store/tally.py) instead of re-reading its reports;
5. new events, reports, roles, changed events, tallies and search text, one statement each.

Two rules differ between the callers. An article never reports one event twice, so its
candidates skip events the same article already reports. A dataset is a coder, not a report:
its rows skip events that already hold a row of the same dataset, and may join the event of the
very article a row was coded from, keeping that report link once (api/store/importer.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from api.extract.candidate import ActorRole, EventCandidate
from api.store import bulk, corrections, entities, merge, search
from api.store.entities import LocationRow, location_key
from api.store.pool import EVENT_COLUMNS, EventState, Pool, mine, probe
from api.store.tables import EventTally, event_actors_t, events_t, reports_t
from api.store.tally import Tally

tallies_t = EventTally.__table__  # type: ignore[attr-defined]
REPORT_COLUMNS = ("event_id", "article_id", "evidence", "claims", "extractor", "confidence")
# Keys for events the batch creates, above any stored id, in creation order: ties between equal
# scores go to the older event, as they do between stored ones.
NEW_KEYS = 2**62


def now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Item:
    """One candidate to store, reported by ``article_id``."""

    candidate: EventCandidate
    article_id: int
    extractor: str = ""
    claims: dict[str, Any] = field(default_factory=dict)  # more to keep in the report's claims


@dataclass(frozen=True)
class Placed:
    event_id: int
    created: bool


def family(candidate: EventCandidate) -> str:
    """The lock key of the events a candidate may create: its type and country."""
    country = candidate.location.country if candidate.location else None
    return f"{candidate.event_type}|{country}"


def lock_families(session: Session, keys: list[str]) -> None:
    """Keep other writers from adding events of these families until the transaction ends.

    PostgreSQL: the advisory lock of each key, all in one statement, in hash order. SQLite has one
    writer at a time: its write lock is enough.
    """
    if bulk.dialect(session) == "sqlite":
        bulk.write_lock(session)
    elif keys:
        session.execute(
            text(
                "SELECT pg_advisory_xact_lock(h) FROM "
                "(SELECT DISTINCT hashtext(k) AS h FROM unnest(CAST(:keys AS text[])) AS k) AS locks ORDER BY h"
            ),
            {"keys": sorted(set(keys))},
        )


class EventBatch:
    """Places the candidates of one transaction into events; ``dataset`` selects the importer's rules."""

    def __init__(self, session: Session, dataset: str | None = None) -> None:
        self.session = session
        self.dialect = bulk.dialect(session)
        self.dataset = dataset
        self.pool = Pool()
        self.places: dict[int, LocationRow] = {}
        self._created: list[EventState] = []
        self._reports: list[tuple[EventState, dict[str, Any]]] = []
        self._roles: dict[tuple[int, int, str], str] = {}  # (event key, actor id, role) -> attribution

    def place(self, items: list[Item]) -> list[Placed]:
        if not items:
            return []
        session = self.session
        places = entities.locations(session, [i.candidate.location for i in items if i.candidate.location])
        self.places.update((row.id, row) for row in places.values())
        actor_ids = entities.actors(session, [a for i in items for a in i.candidate.actors])
        lock_families(session, [family(i.candidate) for i in items])
        # Under the locks: no other writer can add an event of these families until we commit.
        self.pool.load(session, [probe(i.candidate) for i in items], self.dataset)
        if self.dataset is not None:
            self.pool.reported_by(session, [i.article_id for i in items])
        placed: list[tuple[EventState, bool]] = []
        for item in items:
            candidate = item.candidate
            location = places[location_key(candidate.location)] if candidate.location else None
            roles = [(actor_ids[a.name], a) for a in candidate.actors]
            event = self._match(item, {actor_id for actor_id, _ in roles})
            placed.append((event or self._create(candidate), event is None))
            self._join(placed[-1][0], item, location, roles)
        ids = self._write()
        return [Placed(ids[event.key], created) for event, created in placed]

    # -- in memory -------------------------------------------------------------------------
    def _match(self, item: Item, actor_ids: set[int]) -> EventState | None:
        candidate = item.candidate
        me = mine(candidate, candidate.location.country if candidate.location else None)
        best: tuple[float, EventState] | None = None
        for event in self.pool.near(candidate):
            if event.same_dataset if self.dataset else item.article_id in event.articles:
                continue
            score = merge.match_score(me, event.theirs(), actor_ids, event.actors)
            if score is not None and (best is None or (score, -event.key) > (best[0], -best[1].key)):
                best = (score, event)
        return best[1] if best else None

    def _create(self, candidate: EventCandidate) -> EventState:
        event = EventState(
            key=NEW_KEYS + len(self._created), new=True, event_type=candidate.event_type,
            sub_event_type=candidate.sub_event_type, date=candidate.date, date_precision="day", location_id=None,
            country_code=None, geo_precision=None, summary="", tally=Tally(), base_sentences=[],
        )  # fmt: skip
        self._created.append(event)
        self.pool.add(event)
        return event

    def _join(self, event: EventState, item: Item, location: LocationRow | None, roles: list[Any]) -> None:
        candidate = item.candidate
        event.same_dataset = event.same_dataset or self.dataset is not None  # its origin is written with it
        if self.dataset is not None and item.article_id in event.articles:
            pass  # a row coded from an article that already reports the event: one report link
        else:
            claims = {**report_claims(candidate, location.id if location else None), **item.claims}
            self._tally(event).add(claims, candidate.confidence)
            event.articles.add(item.article_id)
            event.sentences.extend(candidate.evidence)
            self._reports.append(
                (
                    event,
                    {
                        "article_id": item.article_id,
                        "evidence": list(candidate.evidence),
                        "claims": claims,
                        "extractor": item.extractor,
                        "confidence": candidate.confidence,
                    },
                )
            )
        actor: ActorRole
        corrected_actors = event.corrections is not None and "actors" in event.corrections
        for actor_id, actor in roles:
            self._roles.setdefault((event.key, actor_id, actor.role), actor.attribution)
            if not corrected_actors:
                event.actors.add(actor_id)
        self._recount(event)

    def _tally(self, event: EventState) -> Tally:
        if event.tally is None:
            event.tally = Tally.load(event.stored_tally, event.updated_at, event.report_count)
            if event.tally is None:  # stale, or stored before tallies: recount from the reports once
                r = reports_t.c
                rows = self.session.execute(
                    select(r.claims, r.confidence, r.evidence).where(r.event_id == event.key).order_by(r.id)
                ).all()
                event.tally = Tally.of([(claims, weight) for claims, weight, _ in rows])
                event.base_sentences = [s for _, _, evidence in rows for s in evidence]
        return event.tally

    def _recount(self, event: EventState) -> None:
        """The event's columns from its tally and corrections, as ``Store._recompute`` sets them."""
        values = self._tally(event).values()
        for name, value in (event.corrections or {}).items():
            if name != "actors":  # roles are a table of their own: rewritten when written
                values[name] = date.fromisoformat(value) if name == "date" else value
        if values["location_id"] is not None:
            event.place = self._place(values["location_id"])
            values["country_code"] = event.place.country_code if event.place else None
            values["geo_precision"] = event.place.precision if event.place else None
        else:  # an event that loses its place keeps the country it had
            event.place = None
            values["country_code"], values["geo_precision"] = event.country_code, event.geo_precision
        event.values = values
        event.changed()
        event.date_precision, event.location_id = values["date_precision"], values["location_id"]
        event.country_code, event.geo_precision = values["country_code"], values["geo_precision"]
        self.pool.move(event, values["event_type"], values["date"])

    def _place(self, location_id: int) -> LocationRow | None:
        if location_id not in self.places:
            self.places.update(entities.locations_by("id", self.session, [location_id]))
        return self.places.get(location_id)

    # -- the writes ------------------------------------------------------------------------
    def _write(self) -> dict[int, int]:
        """Write what the batch decided; the id of every event it touched, by key."""
        session, at = self.session, now()
        touched = [e for e in self.pool.events.values() if e.values is not None]
        stored = sorted((e for e in touched if not e.new), key=_key)
        texts = self._search_texts(stored)
        ids = {e.key: e.key for e in stored}
        ids.update(
            zip((e.key for e in self._created), bulk.next_ids(session, events_t, len(self._created)), strict=True)
        )
        columns = (*EVENT_COLUMNS, "created_at", "updated_at", "id")
        rows = [(*(_values(e)[c] for c in EVENT_COLUMNS), at, at, ids[e.key]) for e in self._created]
        bulk.insert(session, events_t, columns, rows)
        bulk.insert(
            session,
            reports_t,
            REPORT_COLUMNS,
            [(ids[e.key], *(row[c] for c in REPORT_COLUMNS[1:])) for e, row in self._reports],
        )
        roles = [
            (ids[key], actor, role, attribution) for (key, actor, role), attribution in sorted(self._roles.items())
        ]
        bulk.insert(
            session, event_actors_t, ("event_id", "actor_id", "role", "attribution"), roles, "ON CONFLICT DO NOTHING"
        )
        # Only the columns that changed, so the events table's indexes on the others are left alone;
        # in id order, so two writers updating the same events lock them in the same order.
        changes: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
        for e in stored:
            new = _values(e)
            changed = tuple(c for c in EVENT_COLUMNS if new[c] != getattr(e.row, c))
            changes.setdefault(changed, []).append((*(new[c] for c in changed), at, e.key))
        for changed, rows in changes.items():
            bulk.update(session, events_t, (*changed, "updated_at"), "id", rows)
        for e in touched:
            if e.corrections and "actors" in e.corrections:
                corrections.set_actors(session, ids[e.key], e.corrections["actors"])
        tallies = [(ids[e.key], self._tally(e).dump(at)) for e in touched]
        bulk.insert(
            session,
            tallies_t,
            ("event_id", "tally"),
            tallies,
            "ON CONFLICT (event_id) DO UPDATE SET tally = excluded.tally",
        )
        changed_texts = {}
        for e in touched:
            document = search.document(_values(e)["summary"], [*(e.base_sentences or []), *e.sentences])
            if texts.get(e.key) != document:
                changed_texts[ids[e.key]] = document
        search.index_many(session, changed_texts)
        return ids

    def _search_texts(self, events: list[EventState]) -> dict[int, str]:
        """The stored search text of these events; each one's sentences so far set on it."""
        texts = search.documents(self.session, [e.key for e in events if e.base_sentences is None])
        unreadable = []
        for e in events:
            if e.base_sentences is None:
                e.base_sentences = search.sentences_of(texts.get(e.key), e.summary)
                if e.base_sentences is None:
                    unreadable.append(e)
        if unreadable:  # written otherwise (or not at all): rebuilt from every report's evidence
            by_key = {e.key: e for e in unreadable}
            for e in unreadable:
                e.base_sentences = []
            query = f"SELECT event_id, evidence FROM reports WHERE {bulk.member_of(self.session, 'event_id', 'ids')}"
            rows = self.session.execute(text(query + " ORDER BY id").columns(reports_t.c.event_id, reports_t.c.evidence),
                                        {"ids": bulk.values(self.session, by_key)})  # fmt: skip
            for event_id, evidence in rows:
                by_key[event_id].base_sentences.extend(evidence)  # type: ignore[union-attr]
        return texts


def recount(session: Session, event_id: int) -> None:
    """Set an event's fields, tally and search text from all its reports (after a person's edit)."""
    r = reports_t.c
    rows = session.execute(
        select(r.claims, r.confidence, r.evidence).where(r.event_id == event_id).order_by(r.id)
    ).all()
    tally = Tally.of([(claims, weight) for claims, weight, _ in rows])
    values = tally.values()
    values["updated_at"] = now()
    corrections.apply(session, event_id, values)  # a person's correction outranks every report
    if values["location_id"] is not None:
        place = entities.locations_by("id", session, [values["location_id"]]).get(values["location_id"])
        values["country_code"] = place.country_code if place else None
        values["geo_precision"] = place.precision if place else None
    session.execute(events_t.update().where(events_t.c.id == event_id).values(**values))
    upsert = entities.insert(bulk.dialect(session), tallies_t)
    upsert = upsert.values(event_id=event_id, tally=tally.dump(values["updated_at"]))
    session.execute(upsert.on_conflict_do_update(index_elements=["event_id"], set_={"tally": upsert.excluded.tally}))
    sentences = [s for _, _, evidence in rows for s in evidence]
    search.index_event(session, event_id, search.document(values["summary"], sentences))


def report_claims(candidate: EventCandidate, location_id: int | None) -> dict[str, Any]:
    """What one report said, kept with it so provenance shows which outlet claimed which value."""
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


def _key(event: EventState) -> int:
    return event.key


def _values(event: EventState) -> dict[str, Any]:
    assert event.values is not None
    return event.values
