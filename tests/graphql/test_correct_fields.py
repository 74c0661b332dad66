"""correctEvent on the event's type and date (tests/graphql/test_mutations.py covers place, actors
and casualties), seen by filters and by a client syncing with `updatedSince`, over HTTP."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Engine

from api.store.writer import Store
from tests.conftest import LiveServer, graphql
from tests.factories import SOURCES, TAJI, extraction, rocket_attack
from tests.graphql.test_mutations import CORRECT, bearer, event_ids, ok

SYNC = """
query($since: DateTime!, $types: [EventType!]) {
  events(first: 10, filter: {updatedSince: $since, eventTypes: $types}) { nodes { id eventType updatedAt } }
}
"""
DETAIL = """
query($id: ID!) {
  event(id: $id) { eventType subEventType date datePrecision history { kind apiKeyName before after } }
}
"""


def test_type_and_date_corrections_show_everywhere(engine: Engine, live_server: LiveServer) -> None:
    store = Store(engine)
    store.register_sources(SOURCES)
    store.save(extraction("reuters", "taji", [rocket_attack(date(2020, 3, 11), TAJI, killed=0)]))
    store.save(extraction("jpost", "other", [rocket_attack(date(2020, 5, 1), TAJI, killed=0)]))
    events = event_ids(live_server)
    assert len(events) == 2  # seven weeks apart: two events
    since = datetime.now(UTC)
    target = events[-1]
    fix = {"eventType": "BATTLES", "subEventType": "Armed clash", "date": "2020-03-10", "datePrecision": "WEEK",
           "note": "it was a clash, the day before"}  # fmt: skip
    change = ok(graphql(live_server, CORRECT, {"id": target, "input": fix}, **bearer(engine, "desk")))["correctEvent"]
    assert change["event"]["date"] == "2020-03-10"
    after = ok(graphql(live_server, DETAIL, {"id": target}))["event"]
    assert (after["eventType"], after["subEventType"], after["date"], after["datePrecision"]) == (
        "BATTLES", "Armed clash", "2020-03-10", "WEEK",
    )  # fmt: skip
    corrected = after["history"][-1]
    assert corrected["kind"] == "CORRECTED" and corrected["apiKeyName"] == "desk"
    assert corrected["before"]["date"] != corrected["after"]["date"] == "2020-03-10", corrected
    # A syncing client sees exactly the corrected event, and filters see its new values.
    synced = ok(graphql(live_server, SYNC, {"since": since.isoformat()}))["events"]["nodes"]
    assert [n["id"] for n in synced] == [target] and synced[0]["eventType"] == "BATTLES"
    battles = ok(graphql(live_server, SYNC, {"since": "2000-01-01T00:00:00Z", "types": ["BATTLES"]}))
    assert [n["id"] for n in battles["events"]["nodes"]] == [target]
