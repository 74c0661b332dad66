"""A page with nested actors, location, reports, articles and sources takes the same number of SQL
statements whatever its size and its filter, on both databases, over HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event

from tests.conftest import LiveServer, graphql
from tests.graphql.test_events import PAGE, seed

FILTERS: list[dict[str, Any] | None] = [
    None,
    {"countries": ["IQ"], "dateFrom": "2020-01-01"},
    {"actorName": "Kataib Hezbollah", "actorRole": "PERPETRATOR"},
    {"sources": ["reuters", "jpost"]},
    {"within": {"south": 33.0, "west": 42.0, "north": 34.0, "east": 45.0}},
    {"near": {"latitude": 33.5, "longitude": 44.2, "km": 100}},
    {"text": "rockets"},
    {"fatalitiesMin": 0, "fatalitiesMax": 1000},
    {"updatedSince": "2000-01-01T00:00:00Z"},
    {"or": [{"sources": ["tasnim"]}, {"not": {"eventTypes": ["PROTESTS"]}}]},
]


@contextmanager
def counting(engine: Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def statements_for(server: LiveServer, engine: Engine, variables: dict[str, Any]) -> int:
    with counting(engine) as statements:
        body = graphql(server, PAGE, variables)
    assert "errors" not in body, body
    assert body["data"]["events"]["nodes"], variables  # a count of empty pages would prove nothing
    return len(statements)


def test_statement_count_is_the_same_for_every_filter_and_size(engine: Engine, live_server: LiveServer) -> None:
    seed(engine, 100)
    counts: dict[tuple[str, int], int] = {}
    cold: dict[str, int] = {}
    for f in FILTERS:
        for first in (1, 100):
            if first == 1:
                # On SQLite a filter's first use may ask how many events its parts match
                # (api/graphql/selectivity.py); the answer is kept, so later pages do not ask.
                cold[str(f)] = statements_for(live_server, engine, {"first": first, "filter": f})
            counts[(str(f), first)] = statements_for(live_server, engine, {"first": first, "filter": f})
    assert len(set(counts.values())) == 1, counts
    assert next(iter(counts.values())) <= 12, counts
    assert max(cold.values()) <= next(iter(counts.values())) + 2, cold
