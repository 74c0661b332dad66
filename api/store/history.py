"""The change log of events, and the notification that tells subscribers about each change.

Every write to an event records what happened in ``event_changes`` inside the writer's
transaction, so the log and the data never disagree. On PostgreSQL the same transaction sends a
NOTIFY on ``eventgraph_events``; it is delivered only if the transaction commits, to every API
process that LISTENs (see api/store/notify.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from api.store import bulk
from api.store.tables import EventChange

NOTIFY_CHANNEL = "eventgraph_events"  # the writer's channel; payload: a JSON list of {"id", "kind"}
# PostgreSQL refuses NOTIFY payloads over 8000 bytes; an entry takes about 40.
NOTIFY_CHUNK = 150

CREATED = "created"  # first stored, from an article or split off another event
REPORTED = "reported"  # another article's report joined the event
CORRECTED = "corrected"  # a person changed fields (attributed to their API key)
MERGED = "merged"  # this event absorbed others
MERGED_AWAY = "merged_away"  # this ID now resolves to the event it was merged into
SPLIT = "split"  # some reports moved to a new event
DELETED = "deleted"  # the event is gone; its last state is in `before`
KINDS = (CREATED, REPORTED, CORRECTED, MERGED, MERGED_AWAY, SPLIT, DELETED)
# Kinds after which the event is new to subscribers; every other kind is an update.
ADDED_KINDS = frozenset({CREATED})

changes_t = EventChange.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Change:
    event_id: int
    kind: str
    id: int | None = None  # the log entry's id; None when heard from another process


def record(
    session: Session, event_id: int, kind: str, changes: dict[str, Any] | None = None, api_key: str | None = None
) -> Change:
    """Add one entry to the log, in the caller's transaction."""
    assert kind in KINDS, kind
    entry = session.execute(
        changes_t.insert()
        .values(event_id=event_id, kind=kind, changes=changes or {}, api_key=api_key, at=datetime.now(UTC))
        .returning(changes_t.c.id)
    ).scalar_one()
    return Change(event_id, kind, int(entry))


def record_many(session: Session, entries: Sequence[tuple[int, str, dict[str, Any]]]) -> list[Change]:
    """Add (event id, kind, changes) entries to the log in one statement, in the caller's transaction."""
    if not entries:
        return []
    at = datetime.now(UTC)
    for _, kind, _ in entries:
        assert kind in KINDS, kind
    bulk.insert(session, changes_t, ("event_id", "kind", "changes", "at"), [(e, k, c, at) for e, k, c in entries])
    return [Change(event_id, kind) for event_id, kind, _ in entries]


def notify(session: Session, changes: Iterable[Change]) -> None:
    """NOTIFY the listeners on PostgreSQL, delivered at commit; SQLite publishes in-process instead."""
    payload = [{"id": c.event_id, "kind": c.kind} for c in changes]
    if not payload or session.get_bind().dialect.name != "postgresql":
        return
    for start in range(0, len(payload), NOTIFY_CHUNK):
        session.execute(
            text("SELECT pg_notify(:channel, :payload)"),
            {"channel": NOTIFY_CHANNEL, "payload": json.dumps(payload[start : start + NOTIFY_CHUNK])},
        )


def parse_payload(payload: str) -> list[Change]:
    """Changes from a NOTIFY payload; the writer's {"id", "created"} form is read too."""
    try:
        items = json.loads(payload)
    except ValueError:
        return []
    found: list[Change] = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict) or not isinstance(item.get("id"), int):
            continue
        kind = item.get("kind") or (CREATED if item.get("created") else REPORTED)
        if kind in KINDS:
            found.append(Change(item["id"], kind))
    return found
