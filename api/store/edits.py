"""Edits by people: correct, merge, split and delete events, each in one transaction with its history.

Each method returns the changes it made, for the in-process broadcast; on PostgreSQL the same
changes were NOTIFYed inside the transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from sqlalchemy import Column, Engine, Table, delete, select, text, update
from sqlmodel import Session

from api.errors import EventgraphError
from api.store import corrections, history
from api.store.history import Change
from api.store.tables import Actor, Event, EventActor, Location, Report, metadata
from api.store.writer import Store, now

events_t = Event.__table__  # type: ignore[attr-defined]
reports_t = Report.__table__  # type: ignore[attr-defined]
event_actors_t = EventActor.__table__  # type: ignore[attr-defined]
actors_t = Actor.__table__  # type: ignore[attr-defined]
locations_t = Location.__table__  # type: ignore[attr-defined]


class EditError(EventgraphError):
    """The edit cannot be made as asked; nothing was written."""

    code = "BAD_USER_INPUT"


class EventNotFound(EditError):
    code = "NOT_FOUND"


class EventEditor(Store):
    """The write side of the mutations; shares the writer's recompute so votes work the same way.

    ``name`` says how error messages name a row: the API passes its global IDs.
    """

    def __init__(self, engine: Engine, name: Callable[[str, int], str] | None = None) -> None:
        super().__init__(engine)
        self.name = name or (lambda kind, pk: f"{kind.lower()} {pk}")

    def correct(self, event_id: int, values: dict[str, Any], api_key: str | None, note: str | None = None) -> Change:
        """Set ``values`` (column names; actors as [{actor_id | name, role, attribution}]) on a live event."""
        unknown = set(values) - set(corrections.FIELDS)
        assert not unknown, unknown
        if not values:
            raise EditError("the correction changes nothing: give at least one field")
        with Session(self.engine) as session, session.begin():
            self._lock(session, [event_id])
            values = {k: corrections.as_json(v) for k, v in values.items()}
            if "location_id" in values and session.get(Location, values["location_id"]) is None:
                raise EditError(f"no location {self.name('Location', values['location_id'])}")
            if "actors" in values:
                values["actors"] = [self._actor_role(session, a) for a in values["actors"]]
            before = snapshot(session, event_id)
            corrections.save(session, event_id, values, api_key)
            self._recompute(session, event_id)
            after = snapshot(session, event_id)
            diff = {
                "before": {k: before[k] for k in values},
                "after": {k: after[k] for k in values},
                **({"note": note} if note else {}),
            }
            change = history.record(session, event_id, history.CORRECTED, diff, api_key)
            history.notify(session, [change])
        return change

    def merge(self, event_ids: list[int], api_key: str | None) -> list[Change]:
        """Merge the events into the first one; the others resolve to it from now on."""
        if len(set(event_ids)) != len(event_ids) or len(event_ids) < 2:
            raise EditError("mergeEvents takes two or more different event IDs")
        survivor, others = event_ids[0], event_ids[1:]
        with Session(self.engine) as session, session.begin():
            self._lock(session, event_ids)
            changes = [self._absorb(session, survivor, other, api_key) for other in others]
            self._recompute(session, survivor)
            changes.append(history.record(session, survivor, history.MERGED, {"absorbed": others}, api_key))
            history.notify(session, changes)
        return changes

    def split(self, event_id: int, report_ids: list[int], api_key: str | None) -> tuple[int, list[Change]]:
        """Move the given reports of an event to a new event; both are recomputed from their reports."""
        with Session(self.engine) as session, session.begin():
            self._lock(session, [event_id])
            reports = session.execute(
                select(reports_t.c.id, reports_t.c.claims)
                .where(reports_t.c.event_id == event_id)
                .order_by(reports_t.c.id)
            ).all()
            mine = {r.id for r in reports}
            strangers = sorted(set(report_ids) - mine)
            if strangers:
                names = ", ".join(self.name("Report", r) for r in strangers)
                raise EditError(f"not reports of event {self.name('Event', event_id)}: {names}")
            if not report_ids or set(report_ids) == mine:
                raise EditError("splitEvent moves some of an event's reports, not none and not all")
            moving = [r for r in reports if r.id in set(report_ids)]
            first = moving[0].claims
            new = Event(
                event_type=first["event_type"],
                sub_event_type=first["sub_event_type"],
                date=date.fromisoformat(first["date"]),
                created_at=now(),
                updated_at=now(),
            )
            session.add(new)
            session.flush()
            new_id = new.id  # the row object expires at commit
            assert new_id is not None
            session.execute(update(reports_t).where(reports_t.c.id.in_(report_ids)).values(event_id=new_id))
            for target in (event_id, new_id):
                self._actors_from_reports(session, target)
                self._recompute(session, target)
            moved = sorted(report_ids)
            changes = [
                history.record(session, event_id, history.SPLIT, {"reports": moved, "into": new_id}, api_key),
                history.record(session, new_id, history.CREATED, {"reports": moved, "splitFrom": event_id}, api_key),
            ]
            history.notify(session, changes)
        return new_id, changes

    def delete(self, event_id: int, api_key: str | None, reason: str | None = None) -> list[Change]:
        """Delete a live event and the IDs merged into it; the history keeps its last state."""
        with Session(self.engine) as session, session.begin():
            self._lock(session, [event_id])
            before = snapshot(session, event_id)
            shells = list(session.execute(select(events_t.c.id).where(events_t.c.merged_into_id == event_id)).scalars())
            changes = [
                history.record(session, event_id, history.DELETED, {"before": before, "reason": reason}, api_key)
            ]
            changes += [
                history.record(session, s, history.DELETED, {"mergedInto": event_id, "reason": reason}, api_key)
                for s in shells
            ]
            for table in (event_actors_t, reports_t, corrections.corrections_t):
                session.execute(delete(table).where(table.c.event_id == event_id))
            for table, column in _other_children():
                session.execute(delete(table).where(column.in_([*shells, event_id])))
            for gone in [*shells, event_id]:
                _unindex(session, gone)
            session.execute(delete(events_t).where(events_t.c.id.in_(shells)))
            session.execute(delete(events_t).where(events_t.c.id == event_id))
            history.notify(session, changes)
        return changes

    # -- helpers ---------------------------------------------------------------------------
    def _lock(self, session: Session, event_ids: Iterable[int]) -> None:
        """Lock the events (and, on PostgreSQL, ingest's merge keys); every one must exist and be live."""
        ids = list(event_ids)
        rows = {
            r.id: r
            for r in session.execute(
                select(events_t.c.id, events_t.c.merged_into_id, events_t.c.event_type, events_t.c.country_code)
                .where(events_t.c.id.in_(ids))
                .with_for_update()
            )
        }
        for event_id in ids:
            row = rows.get(event_id)
            if row is None:
                raise EventNotFound(f"no event {self.name('Event', event_id)}")
            if row.merged_into_id is not None:
                raise EditError(
                    f"event {self.name('Event', event_id)} was merged into "
                    f"{self.name('Event', row.merged_into_id)}; edit that one"
                )
        if self.dialect == "postgresql":
            # The same keys ingest locks before matching, so no report joins an event being merged.
            for key in sorted({f"{r.event_type}|{r.country_code}" for r in rows.values()}):
                session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": key})

    def _absorb(self, session: Session, survivor: int, other: int, api_key: str | None) -> Change:
        kept = {
            r.article_id: r
            for r in session.execute(
                select(reports_t.c.id, reports_t.c.article_id, reports_t.c.evidence).where(
                    reports_t.c.event_id == survivor
                )
            )
        }
        for report in session.execute(
            select(reports_t.c.id, reports_t.c.article_id, reports_t.c.evidence).where(reports_t.c.event_id == other)
        ).all():
            twin = kept.get(report.article_id)
            if twin is None:
                session.execute(update(reports_t).where(reports_t.c.id == report.id).values(event_id=survivor))
                continue
            # One article reported both: one report, with the evidence of both.
            evidence = list(dict.fromkeys([*twin.evidence, *report.evidence]))
            session.execute(update(reports_t).where(reports_t.c.id == twin.id).values(evidence=evidence))
            session.execute(delete(reports_t).where(reports_t.c.id == report.id))
        for role in session.execute(select(event_actors_t).where(event_actors_t.c.event_id == other)).mappings().all():
            self._insert_ignore(session, EventActor, **{**role, "event_id": survivor})
        session.execute(delete(event_actors_t).where(event_actors_t.c.event_id == other))
        corrections.move(session, other, survivor)
        for table, column in _other_children():
            session.execute(update(table).where(column == other).values({column.name: survivor}))
        # IDs merged into `other` earlier now point straight at the survivor.
        session.execute(update(events_t).where(events_t.c.merged_into_id == other).values(merged_into_id=survivor))
        session.execute(
            update(events_t)
            .where(events_t.c.id == other)
            .values(merged_into_id=survivor, report_count=0, updated_at=now())
        )
        _unindex(session, other)
        return history.record(session, other, history.MERGED_AWAY, {"mergedInto": survivor}, api_key)

    def _actors_from_reports(self, session: Session, event_id: int) -> None:
        """Rebuild an event's roles from what its reports said (corrections are laid over later)."""
        session.execute(delete(event_actors_t).where(event_actors_t.c.event_id == event_id))
        claims = session.execute(select(reports_t.c.claims).where(reports_t.c.event_id == event_id)).scalars()
        for claim in claims:
            for actor in claim.get("actors", []):
                actor_id = self._actor_id(session, actor["name"], None, None)
                self._insert_ignore(
                    session, EventActor, event_id=event_id, actor_id=actor_id, role=actor["role"],
                    attribution=actor.get("attribution") or "reported",
                )  # fmt: skip

    def _actor_role(self, session: Session, actor: dict[str, Any]) -> dict[str, Any]:
        if actor.get("actor_id") is not None:
            if session.get(Actor, actor["actor_id"]) is None:
                raise EditError(f"no actor {self.name('Actor', actor['actor_id'])}")
            actor_id = int(actor["actor_id"])
        elif actor.get("name", "").strip():
            actor_id = self._actor_id(session, actor["name"].strip(), None, None)
        else:
            raise EditError("each actor needs an `actor` ID or a `name`")
        return {"actor_id": actor_id, "role": actor["role"], "attribution": actor.get("attribution") or "reported"}


def snapshot(session: Session, event_id: int) -> dict[str, Any]:
    """The correctable fields of an event, JSON-ready, for the history."""
    row = session.execute(select(events_t).where(events_t.c.id == event_id)).mappings().one()
    actors = session.execute(
        select(event_actors_t.c.actor_id, event_actors_t.c.role, event_actors_t.c.attribution)
        .where(event_actors_t.c.event_id == event_id)
        .order_by(event_actors_t.c.role, event_actors_t.c.actor_id)
    ).mappings()
    found = {f: corrections.as_json(row[f]) for f in corrections.FIELDS if f != "actors"}
    found["actors"] = [dict(a) for a in actors]
    return found


def _other_children() -> list[tuple[Table, Column[int]]]:
    """Rows in other tables that point at an event (dataset origins, say): they follow merges and deletes."""
    handled = {events_t, reports_t, event_actors_t, corrections.corrections_t}
    return [
        (table, fk.parent)
        for table in metadata.sorted_tables
        if table not in handled
        for fk in table.foreign_keys
        if fk.column.table is events_t
    ]


def _unindex(session: Session, event_id: int) -> None:
    column = "rowid" if session.get_bind().dialect.name == "sqlite" else "event_id"
    session.execute(text(f"DELETE FROM event_search WHERE {column} = :id"), {"id": event_id})
