"""`node` and `nodes` for every type, provenance on events, and the entity links that take IDs."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from api.graphql.ids import to_global_id
from tests.conftest import LiveServer, graphql
from tests.graphql.test_filters import actor_id, count, seed
from tests.graphql.test_mutations import seed_two_reports

# One object of each type, reached through an event, with its ID.
IDS = """
{
  events(first: 1, filter: {sources: ["tasnim"]}) {
    nodes {
      id location { id } actors { actor { id } }
      reports { id article { id source { id } } }
    }
  }
}
"""
NODE = """
query($id: ID!) {
  node(id: $id) {
    __typename id
    ... on Event { summary }
    ... on Actor { name }
    ... on Location { name }
    ... on Source { key }
    ... on Article { headline }
    ... on Report { confidence }
  }
}
"""
NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }"
PROVENANCE = """
{
  events(first: 10, filter: {sources: ["tasnim"]}) {
    nodes {
      confidence evidence
      reports { evidence extractor confidence claims article { parser parserVersion source { key } } }
    }
  }
}
"""


def ok(body: dict[str, Any]) -> dict[str, Any]:
    assert "errors" not in body, body
    return dict(body["data"])


def one_of_each(server: LiveServer) -> dict[str, str]:
    (event,) = ok(graphql(server, IDS))["events"]["nodes"]
    report = event["reports"][0]
    return {
        "Event": event["id"],
        "Location": event["location"]["id"],
        "Actor": event["actors"][0]["actor"]["id"],
        "Report": report["id"],
        "Article": report["article"]["id"],
        "Source": report["article"]["source"]["id"],
    }


def test_node_resolves_every_type(engine: Engine, live_server: LiveServer) -> None:
    seed(engine)
    ids = one_of_each(live_server)
    for type_name, global_id in ids.items():
        node = ok(graphql(live_server, NODE, {"id": global_id}))["node"]
        assert node["__typename"] == type_name and node["id"] == global_id, node
        assert len(node) == 3 and all(v not in (None, "") for v in node.values()), node
    assert ok(graphql(live_server, NODE, {"id": to_global_id("Article", 999_999)}))["node"] is None


def test_nodes_keeps_order_and_nulls_unknown_ids(engine: Engine, live_server: LiveServer) -> None:
    seed(engine)
    ids = one_of_each(live_server)
    asked = [*reversed(ids.values()), to_global_id("Event", 999_999)]
    got = ok(graphql(live_server, NODES, {"ids": asked}))["nodes"]
    assert [n["id"] if n else None for n in got] == [*reversed(ids.values()), None]
    assert [n["__typename"] for n in got[:-1]] == list(reversed(ids))
    too_many = graphql(live_server, NODES, {"ids": [ids["Event"]] * 101})
    assert too_many["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "at most 100" in too_many["errors"][0]["message"]


def test_provenance_names_report_plugin_and_evidence(engine: Engine, live_server: LiveServer) -> None:
    seed(engine)
    (event,) = ok(graphql(live_server, PROVENANCE))["events"]["nodes"]
    (report,) = event["reports"]
    assert report["article"]["source"]["key"] == "tasnim"
    assert report["article"]["parser"] == "tasnim" and report["article"]["parserVersion"] == "1"
    assert report["evidence"] == ["A US drone strike killed ten."]
    assert event["evidence"] == report["evidence"]
    assert 0 < report["confidence"] <= 1 and 0 < event["confidence"] <= 1
    # `extractor` is blank here: these extractions are built by tests/factories.py, not by a plugin.
    assert report["claims"]["fatalities_best"] == 10, report["claims"]


def test_each_report_keeps_what_its_outlet_said(engine: Engine, live_server: LiveServer) -> None:
    seed_two_reports(engine)  # one attack: Reuters says 3 killed, the Jerusalem Post 2
    query = "{ events(first: 5) { nodes { reportCount reports { claims article { source { key } } } } } }"
    (event,) = ok(graphql(live_server, query))["events"]["nodes"]
    assert event["reportCount"] == 2
    said = {r["article"]["source"]["key"]: r["claims"]["fatalities_best"] for r in event["reports"]}
    assert said == {"reuters": 3, "jpost": 2}


def test_actor_events_in_a_role(engine: Engine, live_server: LiveServer) -> None:
    seed(engine)
    query = """
    query($id: ID!) { node(id: $id) { ... on Actor {
      any: events(first: 10) { totalCount }
      perpetrator: events(first: 10, role: PERPETRATOR) { totalCount }
      target: events(first: 10, role: TARGET) { totalCount nodes { subEventType } }
    } } }
    """
    coalition = ok(graphql(live_server, query, {"id": actor_id(live_server, "US-led coalition")}))["node"]
    # The seed's three rocket attacks target the coalition; it is nobody's perpetrator.
    assert coalition["any"]["totalCount"] == 3
    assert coalition["perpetrator"]["totalCount"] == 0
    assert coalition["target"]["totalCount"] == 3
    assert {n["subEventType"] for n in coalition["target"]["nodes"]} == {"Shelling/artillery/missile attack"}


def test_filters_by_location_and_actor_id(engine: Engine, live_server: LiveServer) -> None:
    seed(engine)
    places = ok(graphql(live_server, '{ locations(first: 10, country: "IQ") { nodes { id name } } }'))
    airport = next(p["id"] for p in places["locations"]["nodes"] if p["name"] == "Baghdad International Airport")
    assert count(live_server, {"location": airport}) == 2
    coalition = actor_id(live_server, "US-led coalition")
    assert count(live_server, {"actor": coalition}) == 3
    assert count(live_server, {"actor": coalition, "actorRole": "TARGET"}) == 3
    assert count(live_server, {"actor": coalition, "actorRole": "PERPETRATOR"}) == 0
    assert count(live_server, {"eventTypes": ["PROTESTS"]}) == 1
    wrong = graphql(live_server, "query($f: EventFilter) { events(first: 1, filter: $f) { totalCount } }",
                    {"f": {"location": coalition}})  # fmt: skip
    assert wrong["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", wrong
