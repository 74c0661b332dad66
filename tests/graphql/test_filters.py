"""Every EventFilter field over HTTP, on both databases."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from api.extract.candidate import ActorRole, EventCandidate
from api.store.writer import Store
from tests.conftest import LiveServer, graphql
from tests.factories import AIN_AL_ASAD, AIRPORT, ERBIL, SOURCES, TAJI, extraction, rocket_attack

QUERY = "query($f: EventFilter) { events(first: 100, filter: $f) { totalCount nodes { summary } } }"


def seed(engine: Engine) -> None:
    store = Store(engine)
    store.register_sources(SOURCES)
    pmu = ActorRole("Popular Mobilization Units", "other", kind="non-state armed group", country="IQ")
    store.seed_actors([])
    kh = ActorRole("Kataib Hezbollah", "perpetrator", kind="non-state armed group", country="IQ",
                   parent="Popular Mobilization Units")  # fmt: skip
    store.save(extraction("reuters", "taji", [rocket_attack(date(2020, 3, 11), TAJI, killed=3)]))
    store.save(extraction("jpost", "airport", [rocket_attack(date(2020, 6, 8), AIRPORT, killed=0)]))
    strike = EventCandidate(
        "Explosions/Remote violence", "Air/drone strike", date(2020, 1, 3), "day", "195", AIRPORT,
        [ActorRole("Military Forces of the United States", "perpetrator", kind="state force", country="US"), kh, pmu],
        9, 10, 10, None, "A drone strike near the airport killed ten people", ["A US drone strike killed ten."], 0.9,
    )  # fmt: skip
    store.save(extraction("tasnim", "strike", [strike]))
    protest = EventCandidate(
        "Protests", "Peaceful protest", date(2020, 1, 10), "week", "141", ERBIL, [], None, None, None, None,
        "Demonstrators marched in Erbil against the missile strikes", ["Hundreds marched."], 0.6,
    )  # fmt: skip
    store.save(extraction("reuters", "protest", [protest]))
    store.save(extraction("jpost", "asad", [rocket_attack(date(2020, 1, 8), AIN_AL_ASAD, killed=0)]))


def count(server: LiveServer, f: dict) -> int:
    body = graphql(server, QUERY, {"f": f})
    assert "errors" not in body, body
    return int(body["data"]["events"]["totalCount"])


def actor_id(server: LiveServer, name: str) -> str:
    body = graphql(server, "query($s: String) { actors(first: 5, search: $s) { nodes { id name } } }", {"s": name})
    return next(n["id"] for n in body["data"]["actors"]["nodes"] if n["name"] == name)


@pytest.mark.parametrize(
    ("f", "expected"),
    [
        ({"subEventTypes": ["Air/drone strike"]}, 1),
        ({"cameoCodes": ["19"]}, 4),
        ({"cameoCodes": ["195"]}, 1),
        ({"admin1": ["Anbar"]}, 1),
        ({"within": {"south": 33.0, "west": 44.0, "north": 33.6, "east": 44.5}}, 3),
        ({"near": {"latitude": 33.26, "longitude": 44.23, "km": 5}}, 2),
        ({"near": {"latitude": 33.26, "longitude": 44.23, "km": 40}}, 3),
        ({"actorKinds": ["state force"]}, 1),
        ({"sourceKinds": ["state-affiliated agency"]}, 1),
        ({"fatalitiesMin": 3}, 2),
        ({"fatalitiesMax": 0}, 2),
        ({"fatalitiesMin": 1, "fatalitiesMax": 5}, 1),
        ({"datePrecisions": ["WEEK"]}, 1),
        ({"geoPrecisions": [1]}, 5),
        ({"text": "drone"}, 1),
        ({"text": "marched demonstrators"}, 1),
        ({"text": "rockets struck"}, 3),
        ({"updatedSince": "2000-01-01T00:00:00Z"}, 5),
        ({"updatedSince": "2999-01-01T00:00:00Z"}, 0),
        ({"and": [{"countries": ["IQ"]}, {"not": {"eventTypes": ["PROTESTS"]}}]}, 4),
    ],
)
def test_filter(engine: Engine, live_server: LiveServer, f: dict, expected: int) -> None:
    seed(engine)
    assert count(live_server, f) == expected


def test_actor_parent_finds_events_of_member_groups(engine: Engine, live_server: LiveServer) -> None:
    seed(engine)
    pmu = actor_id(live_server, "Popular Mobilization Units")
    assert count(live_server, {"actorParent": pmu}) == 1
    assert count(live_server, {"actorParent": pmu, "actorRole": "PERPETRATOR"}) == 1
    kh = actor_id(live_server, "Kataib Hezbollah")
    assert count(live_server, {"actor": kh}) == 1


def test_text_search_is_not_a_syntax(engine: Engine, live_server: LiveServer) -> None:
    seed(engine)
    # FTS operators and quotes in user input are words, not syntax.
    assert count(live_server, {"text": 'drone" OR "rockets'}) == 0
    body = graphql(live_server, QUERY, {"f": {"text": "  ,;  "}})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.mark.parametrize(
    ("f", "message"),
    [
        ({"within": {"south": 40, "west": 0, "north": 30, "east": 1}}, "south"),
        ({"near": {"latitude": 95, "longitude": 0, "km": 5}}, "latitude"),
        ({"near": {"latitude": 33, "longitude": 44, "km": 0}}, "km"),
        ({"dateFrom": "2020-02-01", "dateTo": "2020-01-01"}, "after dateTo"),
        ({"actor": "nonsense"}, "not an ID"),
    ],
)
def test_bad_filters_are_explained(engine: Engine, live_server: LiveServer, f: dict, message: str) -> None:
    body = graphql(live_server, QUERY, {"f": f})
    assert message in body["errors"][0]["message"]
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
