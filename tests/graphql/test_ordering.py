"""`orderBy` on every field, both directions, and keyset cursors under inserts, over HTTP."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine

from api.store.writer import Store
from tests.conftest import LiveServer, graphql
from tests.factories import AIN_AL_ASAD, AIRPORT, ERBIL, SOURCES, TAJI, extraction, rocket_attack

PAGE = """
query($order: EventOrder, $first: Int, $after: String, $last: Int, $before: String) {
  events(orderBy: $order, first: $first, after: $after, last: $last, before: $before) {
    pageInfo { hasNextPage hasPreviousPage endCursor startCursor }
    nodes { id date reportCount updatedAt fatalities { best } }
  }
}
"""
# Read back from the node, so the assertion checks the order of the values the client sees.
KEYS = {
    "DATE": lambda n: n["date"],
    "FATALITIES": lambda n: n["fatalities"]["best"],
    "REPORTS": lambda n: n["reportCount"],
    "UPDATED_AT": lambda n: n["updatedAt"],
}


def seed(engine: Engine) -> None:
    """Four events whose dates, fatalities, report counts and update times all differ; one has no
    known fatalities (NULLs sort lowest)."""
    store = Store(engine)
    store.register_sources(SOURCES)
    plan = [(date(2020, 3, 11), TAJI, 3, 3), (date(2020, 1, 5), AIRPORT, 7, 2),
            (date(2020, 6, 1), AIN_AL_ASAD, 1, 1), (date(2020, 2, 2), ERBIL, None, 4)]  # fmt: skip
    for day, place, killed, reports in plan:
        for i in range(reports):
            source = SOURCES[i % len(SOURCES)].key
            store.save(extraction(source, f"{place.name}-{i}", [rocket_attack(day, place, killed=killed)]))


def page(server: LiveServer, **variables: Any) -> dict[str, Any]:
    body = graphql(server, PAGE, variables)
    assert "errors" not in body, body
    return dict(body["data"]["events"])


def sort_key(field: str) -> Any:
    # NULL lowest, as the API documents; None must not be compared with numbers.
    return lambda n: (KEYS[field](n) is not None, KEYS[field](n) if KEYS[field](n) is not None else 0)


@pytest.mark.parametrize("field", sorted(KEYS))
def test_every_order_field_in_both_directions(engine: Engine, live_server: LiveServer, field: str) -> None:
    seed(engine)
    up = page(live_server, order={"field": field, "direction": "ASC"}, first=100)["nodes"]
    down = page(live_server, order={"field": field, "direction": "DESC"}, first=100)["nodes"]
    assert len(up) == 4
    values = [KEYS[field](n) for n in up]
    assert len(set(values)) == 4, values  # the data separates every ordering
    assert up == sorted(up, key=sort_key(field)), values
    assert [n["id"] for n in down] == [n["id"] for n in reversed(up)]


@pytest.mark.parametrize("field", sorted(KEYS))
def test_one_at_a_time_both_ways_equals_the_whole_list(engine: Engine, live_server: LiveServer, field: str) -> None:
    seed(engine)
    order = {"field": field, "direction": "ASC"}
    whole = [n["id"] for n in page(live_server, order=order, first=100)["nodes"]]
    forwards: list[str] = []
    after = None
    while True:
        one = page(live_server, order=order, first=1, after=after)
        forwards += [n["id"] for n in one["nodes"]]
        if not one["pageInfo"]["hasNextPage"]:
            break
        after = one["pageInfo"]["endCursor"]
    assert forwards == whole
    backwards: list[str] = []
    before = None
    while True:
        one = page(live_server, order=order, last=1, before=before)
        backwards = [n["id"] for n in one["nodes"]] + backwards
        if not one["pageInfo"]["hasPreviousPage"]:
            break
        before = one["pageInfo"]["startCursor"]
    assert backwards == whole


def test_cursors_are_stable_under_inserts(engine: Engine, live_server: LiveServer) -> None:
    seed(engine)
    order = {"field": "DATE", "direction": "DESC"}
    first = page(live_server, order=order, first=2)
    seen = [n["date"] for n in first["nodes"]]
    assert seen == ["2020-06-01", "2020-03-11"]
    store = Store(engine)
    # One event newer than the whole first page, one between what was seen and what was not:
    # with OFFSET the first would push a seen event onto the next page.
    store.save(extraction("reuters", "newest", [rocket_attack(date(2021, 1, 1), TAJI, killed=0)]))
    store.save(extraction("reuters", "between", [rocket_attack(date(2020, 2, 20), AIRPORT, killed=0)]))
    rest = page(live_server, order=order, first=100, after=first["pageInfo"]["endCursor"])
    assert [n["date"] for n in rest["nodes"]] == ["2020-02-20", "2020-02-02", "2020-01-05"]
    assert rest["pageInfo"]["hasPreviousPage"] is True


@pytest.mark.parametrize(
    ("variables", "message"),
    [({"last": 101}, "between 1 and 100"), ({"first": 0}, "between 1 and 100"), ({"last": 0}, "between 1 and 100")],
)
def test_last_and_first_take_1_to_100(engine: Engine, live_server: LiveServer, variables: dict, message: str) -> None:
    body = graphql(live_server, PAGE, variables)
    assert message in body["errors"][0]["message"], body
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert len(page(live_server, last=100)["nodes"]) == 0  # the bounds themselves are accepted
