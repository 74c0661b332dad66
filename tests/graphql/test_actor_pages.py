"""Pages of one actor's events, read through event_actors' date index (api/graphql/by_actor.py),
list what the filter means: every live event of the actor, once, newest first, across pages in
both directions, alone or with other conditions, and under ``Actor.events``."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, text

from api.graphql.ids import to_global_id
from api.store.synthetic import populate
from tests.conftest import LiveServer, graphql

EVENTS = 3000
PAGE = """
query ($filter: EventFilter, $first: Int, $after: String, $last: Int, $before: String) {
  events(filter: $filter, first: $first, after: $after, last: $last, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    nodes { id date }
  }
}
"""
OF_ACTOR = """
query ($id: ID!, $filter: EventFilter, $after: String) {
  node(id: $id) { ... on Actor { events(filter: $filter, first: 7, after: $after) {
    pageInfo { hasNextPage endCursor } nodes { id date }
  } } }
}
"""


def actor(pk: int) -> str:
    return to_global_id("Actor", pk)


@pytest.fixture
def data(engine: Engine) -> Engine:
    populate(engine, EVENTS)
    with engine.begin() as connection:
        # Actor 12 in two roles of one event (listed once), and in an event merged into another (not listed).
        twice, merged = connection.execute(
            text("SELECT event_id FROM event_actors WHERE actor_id = 12 AND role <> 'other' ORDER BY event_id LIMIT 2")
        ).scalars()
        connection.execute(
            text(
                "INSERT INTO event_actors (event_id, actor_id, role, attribution) VALUES (:e, 12, 'other', 'claimed')"
            ),
            {"e": twice},
        )
        connection.execute(text("UPDATE events SET merged_into_id = 1 WHERE id = :e"), {"e": merged})
    return engine


def expected(engine: Engine, where: str, role: str | None = None) -> list[str]:
    """The events, newest first, by plain SQL on the events' own dates."""
    sql = f"""
        SELECT e.id FROM events e WHERE e.merged_into_id IS NULL AND {where} AND EXISTS (
            SELECT 1 FROM event_actors ea WHERE ea.event_id = e.id AND ea.actor_id = :actor
            {"AND ea.role = :role" if role else ""})
        ORDER BY e.date DESC, e.id DESC
    """
    with engine.connect() as connection:
        ids = connection.execute(text(sql), {"actor": 12, "role": role}).scalars()
        return [to_global_id("Event", pk) for pk in ids]


def forwards(server: LiveServer, flt: dict[str, Any], size: int) -> tuple[list[str], int]:
    found: list[str] = []
    after = None
    while True:
        body = graphql(server, PAGE, {"filter": flt, "first": size, "after": after})
        assert "errors" not in body, body
        page = body["data"]["events"]
        found += [n["id"] for n in page["nodes"]]
        dates = [n["date"] for n in page["nodes"]]
        assert dates == sorted(dates, reverse=True)
        if not page["pageInfo"]["hasNextPage"]:
            return found, page["totalCount"]
        after = page["pageInfo"]["endCursor"]


def backwards(server: LiveServer, flt: dict[str, Any], size: int) -> list[str]:
    found: list[str] = []
    before = None
    while True:
        body = graphql(server, PAGE, {"filter": flt, "last": size, "before": before})
        assert "errors" not in body, body
        page = body["data"]["events"]
        found = [n["id"] for n in page["nodes"]] + found
        if not page["pageInfo"]["hasPreviousPage"]:
            return found
        before = page["pageInfo"]["startCursor"]


CASES: list[tuple[dict[str, Any], str, str | None]] = [
    ({"actor": actor(12)}, "1 = 1", None),
    ({"actorName": "Actor 11"}, "1 = 1", None),  # the synthetic actor 12
    ({"actor": actor(12), "actorRole": "TARGET"}, "1 = 1", "target"),
    ({"actor": actor(12), "eventTypes": ["BATTLES"], "countries": ["IQ"]}, "e.event_type = 'Battles' AND e.country_code = 'IQ'", None),
    ({"and": [{"countries": ["SY"]}, {"actor": actor(12)}]}, "e.country_code = 'SY'", None),
    ({"actor": actor(12), "not": {"fatalitiesMin": 1}}, "NOT (e.fatalities_best >= 1)", None),
]  # fmt: skip


@pytest.mark.parametrize(("flt", "where", "role"), CASES)
def test_pages_of_one_actor_list_its_live_events_once_newest_first(
    data: Engine, live_server: LiveServer, flt: dict[str, Any], where: str, role: str | None
) -> None:
    want = expected(data, where, role)
    assert len(want) >= 8
    size = len(want) // 4  # several pages, the last one short
    found, total = forwards(live_server, flt, size)
    assert found == want and total == len(want)
    assert backwards(live_server, flt, size + 1) == want


def test_the_page_by_name_is_the_page_by_id(data: Engine, live_server: LiveServer) -> None:
    by_id = graphql(live_server, PAGE, {"filter": {"actor": actor(12)}, "first": 100})["data"]["events"]
    by_name = graphql(live_server, PAGE, {"filter": {"actorName": "Actor 11"}, "first": 100})["data"]["events"]
    assert by_name == by_id and len(by_id["nodes"]) == by_id["totalCount"] > 40
    nobody = graphql(live_server, PAGE, {"filter": {"actorName": "Nobody"}, "first": 10})["data"]["events"]
    assert nobody["nodes"] == [] and nobody["totalCount"] == 0


def test_an_actors_events_field_pages_the_same(data: Engine, live_server: LiveServer) -> None:
    want = expected(data, "e.country_code = 'IQ'")
    found: list[str] = []
    after = None
    while True:
        body = graphql(live_server, OF_ACTOR, {"id": actor(12), "filter": {"countries": ["IQ"]}, "after": after})
        assert "errors" not in body, body
        page = body["data"]["node"]["events"]
        found += [n["id"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert found == want and len(want) > 14
