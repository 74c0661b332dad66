"""Corrections: values a person set on an event, which outrank every report.

An event's fields are recomputed from its reports whenever a report joins it, it absorbs
another event, or reports are split off. A correction is stored apart from the vote and laid over
its result each time, so a later report or merge cannot undo it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from api.store.tables import EventActor, EventCorrection

corrections_t = EventCorrection.__table__  # type: ignore[attr-defined]
event_actors_t = EventActor.__table__  # type: ignore[attr-defined]

# Fields a correction may set, as the events table names them; "actors" replaces the roles.
FIELDS = (
    "event_type", "sub_event_type", "date", "date_precision", "location_id",
    "fatalities_low", "fatalities_best", "fatalities_high", "injuries", "actors",
)  # fmt: skip


def corrected(session: Session, event_id: int) -> dict[str, Any]:
    rows = session.execute(
        select(corrections_t.c.field, corrections_t.c.value).where(corrections_t.c.event_id == event_id)
    ).all()
    return {field: value for field, value in rows}


def save(session: Session, event_id: int, values: dict[str, Any], api_key: str | None) -> None:
    """Store ``values`` (JSON-ready: dates as ISO strings) as corrections of ``event_id``."""
    for field, value in values.items():
        assert field in FIELDS, field
        session.execute(
            delete(corrections_t).where(corrections_t.c.event_id == event_id, corrections_t.c.field == field)
        )
        session.execute(
            corrections_t.insert().values(
                event_id=event_id, field=field, value=value, api_key=api_key, corrected_at=datetime.now(UTC)
            )
        )


def apply(session: Session, event_id: int, values: dict[str, Any]) -> None:
    """Lay the event's corrections over ``values`` (the vote's result) and over its actor roles."""
    for field, value in corrected(session, event_id).items():
        if field == "actors":
            set_actors(session, event_id, value)
        elif field == "date":
            values["date"] = date.fromisoformat(value)
        else:
            values[field] = value


def set_actors(session: Session, event_id: int, actors: list[dict[str, Any]]) -> None:
    session.execute(delete(event_actors_t).where(event_actors_t.c.event_id == event_id))
    seen: set[tuple[int, str]] = set()
    for actor in actors:
        key = (actor["actor_id"], actor["role"])
        if key not in seen:
            seen.add(key)
            session.execute(
                event_actors_t.insert().values(
                    event_id=event_id, actor_id=actor["actor_id"], role=actor["role"], attribution=actor["attribution"]
                )
            )


def move(session: Session, from_event: int, to_event: int) -> None:
    """On a merge: the absorbed event's corrections carry over where the survivor has none."""
    taken = set(corrected(session, to_event))
    rows = session.execute(select(corrections_t).where(corrections_t.c.event_id == from_event)).mappings().all()
    for row in rows:
        if row["field"] not in taken:
            session.execute(corrections_t.insert().values({**row, "event_id": to_event}))
    session.execute(delete(corrections_t).where(corrections_t.c.event_id == from_event))


def as_json(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value
