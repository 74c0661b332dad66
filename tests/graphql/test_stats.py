from __future__ import annotations

from sqlalchemy import Engine

from tests.conftest import LiveServer, graphql
from tests.graphql.test_filters import actor_id, seed

STATS = """
query($f: EventFilter) {
  byType: eventStats(groupBy: [EVENT_TYPE], filter: $f) { key count fatalities reports }
  byMonth: eventStats(groupBy: [MONTH, COUNTRY], filter: $f) { key count fatalities }
  byWeek: eventStats(groupBy: [WEEK]) { key count }
  bySource: eventStats(groupBy: [SOURCE]) { key count }
  byActor: eventStats(groupBy: [ACTOR]) { key count }
  byAdmin: eventStats(groupBy: [ADMIN1, SUB_EVENT_TYPE]) { key count }
}
"""


def test_dashboard_aggregations_in_one_request(engine: Engine, live_server: LiveServer) -> None:
    seed(engine)
    body = graphql(live_server, STATS)
    assert "errors" not in body, body
    data = body["data"]
    by_type = {b["key"][0]: b for b in data["byType"]}
    assert by_type["Explosions/Remote violence"]["count"] == 4
    assert by_type["Explosions/Remote violence"]["fatalities"] == 13
    assert by_type["Protests"]["count"] == 1
    assert {tuple(b["key"]): b["count"] for b in data["byMonth"]} == {
        ("2020-01-01", "IQ"): 3, ("2020-03-01", "IQ"): 1, ("2020-06-01", "IQ"): 1,
    }  # fmt: skip
    # 2020-01-08 (a Wednesday) and 2020-01-10 (a Friday) share the week starting Monday 2020-01-06.
    assert {b["key"][0]: b["count"] for b in data["byWeek"]}["2020-01-06"] == 2
    assert {b["key"][0]: b["count"] for b in data["bySource"]} == {"jpost": 2, "reuters": 2, "tasnim": 1}
    assert {b["key"][0]: b["count"] for b in data["byActor"]}["US-led coalition"] == 3
    assert ["Anbar", "Shelling/artillery/missile attack"] in [b["key"] for b in data["byAdmin"]]


def test_aggregations_take_the_events_filter(engine: Engine, live_server: LiveServer) -> None:
    seed(engine)
    body = graphql(live_server, STATS, {"f": {"sources": ["reuters"]}})
    assert sum(b["count"] for b in body["data"]["byType"]) == 2


def test_empty_group_by_is_refused(engine: Engine, live_server: LiveServer) -> None:
    body = graphql(live_server, "{ eventStats(groupBy: []) { count } }")
    assert "groupBy needs at least one" in body["errors"][0]["message"]


ENTITIES = """
query($actor: ID!) {
  actor: node(id: $actor) {
    ... on Actor { name parent { name } members { name }
                   events(first: 10) { totalCount nodes { date } } }
  }
  sources { key exclusiveEventCount articles(first: 5) { totalCount nodes { headline events { id } } } }
  locations(first: 10, country: "IQ") {
    nodes { name events(first: 5) { totalCount } nearbyEvents(km: 40, first: 10) { totalCount } }
  }
}
"""


def test_entities_link_both_ways(engine: Engine, live_server: LiveServer) -> None:
    seed(engine)
    pmu = actor_id(live_server, "Popular Mobilization Units")
    body = graphql(live_server, ENTITIES, {"actor": pmu})
    assert "errors" not in body, body
    actor = body["data"]["actor"]
    assert actor["members"] == [{"name": "Kataib Hezbollah"}]
    assert actor["events"]["totalCount"] == 1
    sources = {s["key"]: s for s in body["data"]["sources"]}
    assert sources["tasnim"]["exclusiveEventCount"] == 1
    assert sources["reuters"]["articles"]["totalCount"] == 2
    assert all(len(a["events"]) == 1 for a in sources["reuters"]["articles"]["nodes"])
    places = {p["name"]: p for p in body["data"]["locations"]["nodes"]}
    assert places["Baghdad International Airport"]["events"]["totalCount"] == 2
    assert places["Baghdad International Airport"]["nearbyEvents"]["totalCount"] == 3  # Taji is ~29 km away


def test_grouping_by_joined_tables_with_filters_on_the_same_tables(engine: Engine, live_server: LiveServer) -> None:
    # found by schemathesis: a filter's subquery on the table a grouping joins (locations for
    # ADMIN1, actors for ACTOR, sources for SOURCE) must not correlate to the joined table
    seed(engine)
    coalition = actor_id(live_server, "US-led coalition")
    query = """query($f: EventFilter, $by: [StatDimension!]!) {
      events(filter: $f, first: 1) { totalCount }
      eventStats(groupBy: $by, filter: $f) { key count }
    }"""
    cases = [
        (["ADMIN1"], {"admin1": ["Anbar", "Baghdad"]}),
        (["ADMIN1", "SUB_EVENT_TYPE"], {"within": {"south": 29, "west": 38, "north": 38, "east": 49}}),
        (["ACTOR"], {"actorKinds": ["state force", "non-state armed group", "coalition"]}),
        (["ACTOR"], {"actor": coalition}),
        (["ACTOR", "ADMIN1"], {"actorName": "US-led coalition"}),
        (["SOURCE"], {"sources": ["reuters", "jpost"]}),
        (["ADMIN1", "SUB_EVENT_TYPE", "ACTOR", "SOURCE"], {"admin1": ["Anbar"], "actor": coalition}),
    ]
    for by, f in cases:
        body = graphql(live_server, query, {"f": f, "by": by})
        assert "errors" not in body, (by, f, body)
        total = body["data"]["events"]["totalCount"]
        assert total > 0, (by, f)
        buckets = body["data"]["eventStats"]
        # every filtered event falls in some bucket, and no bucket holds more than the filter let in
        assert buckets and max(b["count"] for b in buckets) <= total, (by, f, buckets)
        if by == ["ADMIN1"]:
            assert sum(b["count"] for b in buckets) == total
            assert {b["key"][0] for b in buckets} <= {"Anbar", "Baghdad"}
        if by == ["ACTOR"] and "actor" in f:  # each event has the actor the filter names
            assert {b["key"][0]: b["count"] for b in buckets}["US-led coalition"] == total
