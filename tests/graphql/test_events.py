from __future__ import annotations

from datetime import date, timedelta

import httpx
import pytest
from sqlalchemy import Engine, event

from api.ingest.pipeline import Pipeline
from api.store.writer import Store
from tests.conftest import LiveServer, graphql
from tests.factories import AIN_AL_ASAD, AIRPORT, SOURCES, TAJI, extraction, rocket_attack

PAGE = """
query Page($first: Int, $after: String, $last: Int, $before: String, $filter: EventFilter) {
  events(first: $first, after: $after, last: $last, before: $before, filter: $filter) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    nodes {
      id date eventType subEventType cameoCode countryCode fatalities { best }
      location { name latitude longitude }
      actors { role actor { name kind parent { name } aliases { name source } } }
      reports { evidence article { headline url source { key name } } }
    }
  }
}
"""


def seed(engine: Engine, count: int = 3) -> None:
    store = Store(engine)
    store.register_sources(SOURCES)
    places = [TAJI, AIRPORT, AIN_AL_ASAD]
    for i in range(count):
        day = date(2020, 1, 1) + timedelta(days=i * 3)
        source = SOURCES[i % 3].key
        store.save(
            extraction(source, f"doc{i}", [rocket_attack(day, places[i % 3], killed=i, perpetrator="Kataib Hezbollah")])
        )


def test_events_page_with_nested_objects(engine: Engine, live_server: LiveServer) -> None:
    seed(engine)
    body = graphql(live_server, PAGE, {"first": 10})
    assert "errors" not in body, body
    events = body["data"]["events"]
    assert events["totalCount"] == 3
    newest = events["nodes"][0]
    assert newest["date"] == "2020-01-07"  # newest first
    assert newest["eventType"] == "EXPLOSIONS_REMOTE_VIOLENCE"
    assert newest["location"]["name"] == "Ain al-Asad air base"
    assert {a["role"] for a in newest["actors"]} == {"TARGET", "PERPETRATOR"}
    assert newest["reports"][0]["article"]["source"]["key"] == "tasnim"


def test_node_round_trip_and_bad_ids(engine: Engine, live_server: LiveServer) -> None:
    seed(engine, 1)
    first = graphql(live_server, PAGE, {"first": 1})["data"]["events"]["nodes"][0]
    node = graphql(live_server, "query($id: ID!) { node(id: $id) { id ... on Event { date } } }", {"id": first["id"]})
    assert node["data"]["node"] == {"id": first["id"], "date": first["date"]}
    bad = graphql(live_server, '{ node(id: "nonsense") { id } }')
    assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "not an ID" in bad["errors"][0]["message"]


def test_keyset_pagination_forwards_and_backwards(engine: Engine, live_server: LiveServer) -> None:
    seed(engine, 7)
    seen: list[str] = []
    after = None
    while True:
        page = graphql(live_server, PAGE, {"first": 3, "after": after})["data"]["events"]
        seen += [n["date"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == sorted(seen, reverse=True) and len(seen) == 7
    last = graphql(live_server, PAGE, {"last": 2})["data"]["events"]
    assert [n["date"] for n in last["nodes"]] == seen[-2:]
    before = graphql(live_server, PAGE, {"last": 2, "before": last["pageInfo"]["startCursor"]})["data"]["events"]
    assert [n["date"] for n in before["nodes"]] == seen[-4:-2]


@pytest.mark.parametrize(
    ("variables", "message"),
    [({}, "pass `first` or `last`"), ({"first": 101}, "between 1 and 100"), ({"first": 2, "last": 2}, "not both")],
)
def test_page_size_rules(engine: Engine, live_server: LiveServer, variables: dict, message: str) -> None:
    body = graphql(live_server, PAGE, variables)
    assert message in body["errors"][0]["message"]
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.mark.parametrize(
    ("filter", "expected"),
    [
        ({"dateFrom": "2020-01-04", "dateTo": "2020-01-10"}, 2),
        ({"eventTypes": ["BATTLES"]}, 0),
        ({"countries": ["IQ"]}, 3),
        ({"sources": ["jpost"]}, 1),
        ({"actorName": "Kataib Hezbollah", "actorRole": "PERPETRATOR"}, 3),
        ({"actorName": "Kataib Hezbollah", "actorRole": "TARGET"}, 0),
        ({"or": [{"sources": ["jpost"]}, {"sources": ["tasnim"]}]}, 2),
        ({"not": {"sources": ["jpost"]}}, 2),
    ],
)
def test_filters(engine: Engine, live_server: LiveServer, filter: dict, expected: int) -> None:
    seed(engine)
    body = graphql(live_server, PAGE, {"first": 100, "filter": filter})
    assert "errors" not in body, body
    assert body["data"]["events"]["totalCount"] == expected
    assert len(body["data"]["events"]["nodes"]) == expected


def test_bad_filter_values_are_named(engine: Engine, live_server: LiveServer) -> None:
    body = graphql(live_server, PAGE, {"first": 5, "filter": {"countries": ["Iraq"]}})
    assert "ISO 3166-1 alpha-2" in body["errors"][0]["message"]
    body = graphql(live_server, PAGE, {"first": 5, "filter": {"dateFrom": "2020-13-45"}})
    assert (body["errors"] and "dateFrom" in body["errors"][0]["message"]) or "Date" in body["errors"][0]["message"]


def test_statement_count_does_not_grow_with_page_size(engine: Engine, live_server: LiveServer) -> None:
    seed(engine, 100)
    statements: list[str] = []

    def count(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        graphql(live_server, PAGE, {"first": 5})
        small = len(statements)
        statements.clear()
        body = graphql(live_server, PAGE, {"first": 100})
        large = len(statements)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(body["data"]["events"]["nodes"]) == 100
    assert small == large, (small, large)
    assert large <= 12


def test_get_queries_health_and_graphiql(engine: Engine, live_server: LiveServer) -> None:
    response = httpx.get(live_server.graphql, params={"query": "{ sources { key } }"})
    assert response.status_code == 200 and response.json()["data"] == {"sources": []}
    assert httpx.get(f"{live_server.url}/healthz").json() == {"status": "ok"}
    page = httpx.get(live_server.graphql, headers={"accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()


def test_aliases_show_which_outlet_uses_them(engine: Engine, pipeline: Pipeline, live_server: LiveServer) -> None:
    from api.ingest.files import read_document
    from api.ingest.service import Ingestor
    from api.settings import SEEDS_DIR

    # One ingest into an empty database is enough: the actor dictionary comes with it.
    Ingestor(pipeline, Store(engine)).ingest(read_document(next((SEEDS_DIR / "articles" / "reuters").glob("*.html"))))
    query = '{ actors(first: 1, search: "Hashd al-Shaabi") { nodes { name aliases { name source } } } }'
    (actor,) = graphql(live_server, query)["data"]["actors"]["nodes"]
    assert actor["name"] == "Popular Mobilization Units"
    assert {"name": "Hashd al-Shaabi", "source": "tasnim"} in actor["aliases"]
