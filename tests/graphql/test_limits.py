"""Abusive queries are refused before they touch the database: depth, aliases, tokens, cost, shape.

Each refusal is checked by counting the SQL statements the engine ran while answering it: zero.
(How fast a refusal is, is measured by bench/refusals.py, not asserted here.)
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from graphql import parse
from sqlalchemy import Engine, event

from api.graphql.limits import (
    LIST_GUESS,
    MAX_ALIASES,
    MAX_CHARACTERS,
    MAX_REPEATS,
    MAX_TOKENS,
    estimate_cost,
    shape_error,
    size_error,
)
from api.graphql.schema import build_schema
from api.settings import Settings
from tests.running import Running, running_app, seed_database, sqlite_engine

CORE = build_schema(Settings())._schema  # type: ignore[attr-defined]


def nested(levels: int, first: int = 100) -> str:
    """events → location → events → ... ``levels`` connections deep, each asking for ``first``."""
    query = "id"
    for level in range(levels):
        inner = f"events(first: {first}) {{ nodes {{ {query} }} }}"
        query = inner if level == levels - 1 else f"location {{ {inner} }}"
    return "{ " + query + " }"


REFUSED = {
    "three connections of 100 nested": nested(3),
    "two connections of 100 nested": nested(2),
    "too deep": "{ events(first: 1) { nodes { location { events(first: 1) { nodes { location { events(first: 1) "
    "{ nodes { location { events(first: 1) { nodes { location { name } } } } } } } } } } } } }",
    "too many aliases": "{ " + " ".join(f"a{i}: events(first: 1) {{ totalCount }}" for i in range(31)) + " }",
    "too many tokens": "{ events(first: 1) { nodes { " + "id " * (MAX_TOKENS + 1) + "} } }",
    "too long: a long string": '{ events(filter: {text: "' + "a" * MAX_CHARACTERS + '"}) { totalCount } }',
    "too long: a long comment": "{ events(first: 1) { totalCount } }\n#" + "c" * MAX_CHARACTERS,
    "directive pile-up": "{ events(first: 1) @include(if: true) @include(if: true) @skip(if: false) "
    "@skip(if: false) @include(if: true) { totalCount } }",
    "repeated field": "{ " + "sources { key } " * (MAX_REPEATS + 1) + "}",
    "cost through variables": (
        "query($n: Int) { events(first: $n) { nodes { location { events(first: $n) { nodes { id } } } } } }",
        {"n": 100},
    ),
    "cost through fragments": "{ ...A } fragment A on Query { events(first: 100) { nodes { ...B } } } "
    "fragment B on Event { location { events(first: 100) { nodes { id } } } }",
}


class StatementCounter:
    def __init__(self, engine: Engine) -> None:
        self.count = 0
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *args: Any) -> None:
        self.count += 1


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Running, StatementCounter]]:
    engine = sqlite_engine(tmp_path_factory.mktemp("limits") / "eventgraph.db")
    seed_database(engine)
    counter = StatementCounter(engine)
    with running_app(engine) as running:
        yield running, counter
    engine.dispose()


def send(server: Running, entry: str | tuple[str, dict[str, Any]]) -> httpx.Response:
    query, variables = (entry, {}) if isinstance(entry, str) else entry
    return httpx.post(server.graphql, json={"query": query, "variables": variables})


def test_the_counter_sees_an_accepted_query(server: tuple[Running, StatementCounter]) -> None:
    running, counter = server
    before = counter.count
    body = send(running, "{ events(first: 10) { totalCount nodes { id location { name } } } }").json()
    assert "errors" not in body and body["data"]["events"]["totalCount"] > 0
    assert counter.count > before


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_before_any_sql(server: tuple[Running, StatementCounter], name: str) -> None:
    running, counter = server
    before = counter.count
    response = send(running, REFUSED[name])
    body = response.json()
    assert body.get("data") is None and body["errors"], body
    assert "path" not in body["errors"][0]  # a request error: nothing executed
    assert counter.count == before, f"{name}: {counter.count - before} SQL statements ran"


def test_a_too_large_body_is_413_before_any_sql(server: tuple[Running, StatementCounter]) -> None:
    running, counter = server
    before = counter.count
    padding = " " * (running.settings.max_body_bytes + 1)
    response = httpx.post(running.graphql, content=b'{"query": "{ __typename }' + padding.encode() + b'"}',
                          headers={"content-type": "application/json"})  # fmt: skip
    assert response.status_code == 413 and counter.count == before


def test_an_ordinary_dashboard_query_is_within_the_cost_limit() -> None:
    query = """{ events(first: 100) { totalCount pageInfo { endCursor hasNextPage }
        nodes { id date eventType fatalities { best } location { name latitude longitude }
                actors { role actor { name kind } } reports { article { url source { name } } } } } }"""
    cost = estimate_cost(CORE, parse(query), None, None)
    assert 100 < cost <= Settings().max_cost, cost


def test_cost_follows_page_sizes_and_lists() -> None:
    def cost(query: str, variables: dict[str, Any] | None = None) -> int:
        return estimate_cost(CORE, parse(query), None, variables)

    assert cost("{ events(first: 10) { nodes { id } } }") == 1 + 10
    assert cost("{ events(first: 10) { nodes { location { name } } } }") == 1 + 10 * (1 + 1)
    assert cost("{ events(last: 7) { edges { node { id } } } }") == 1 + 7 * (1 + 1)
    assert cost("query($n: Int) { events(first: $n) { nodes { id } } }", {"n": 3}) == 1 + 3
    assert cost("query($n: Int = 4) { events(first: $n) { nodes { id } } }") == 1 + 4
    assert cost("query($n: Int) { events(first: $n) { nodes { id } } }", {"n": "junk"}) == 1 + 100
    assert cost("{ events { nodes { id } } }") == 1 + 100  # no page size: the worst case
    assert cost('{ nodes(ids: ["a", "b"]) { id } }') == 2
    assert cost("{ sources { key } }") == LIST_GUESS
    assert cost("{ __schema { types { name } } }") == 0


def test_a_fragment_bomb_is_costed_in_linear_time() -> None:
    """Each fragment spreads the next one twice: 2**40 fields if expanded, 40 fragments if memoised."""
    fragments = [f"fragment F{i} on Event {{ location {{ name }} ...F{i + 1} ...F{i + 1} }}" for i in range(40)]
    fragments.append("fragment F40 on Event { id }")
    query = "{ events(first: 1) { nodes { ...F0 } } } " + " ".join(fragments)
    started = time.perf_counter()
    estimate_cost(CORE, parse(query), None, None)
    assert time.perf_counter() - started < 2  # exponential would not finish at all


def test_size_counts_characters_tokens_and_aliases_and_takes_the_largest_real_documents() -> None:
    from graphql import get_introspection_query

    introspection = get_introspection_query(descriptions=True, directive_is_repeatable=True, schema_description=True)
    assert size_error(introspection) is None
    assert size_error("{ " + "a " * (MAX_TOKENS - 2) + "}") is None
    tokens = size_error("{ " + "a " * (MAX_TOKENS - 1) + "}")
    assert tokens is not None and tokens.extensions == {"code": "TOO_MANY_TOKENS"}
    # Strings count as one token each but are read a character at a time: their length is bounded too.
    long = size_error('{ events(filter: {text: "' + "a" * MAX_CHARACTERS + '"}) { totalCount } }')
    assert long is not None and long.extensions == {"code": "QUERY_TOO_LARGE"} and "variables" in long.message
    # Aliases are the colons outside parentheses; arguments, variables and their values have theirs inside.
    colons = ", ".join(f"{k}: {k}" for k in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP")
    inside = size_error(f"query Q($a: Int = 1, $b: [String!]) {{ x: events(filter: {{{colons}}}) {{ totalCount }} }}")
    assert inside is None
    aliases = size_error(
        "{ " + " ".join(f"a{i}: events(first: 1) {{ totalCount }}" for i in range(MAX_ALIASES + 1)) + " }"
    )
    assert aliases is not None and aliases.extensions == {"code": "TOO_MANY_ALIASES"}


def test_shape_accepts_ordinary_queries() -> None:
    assert shape_error(parse("{ a: events(first: 1) { totalCount } b: events(first: 2) { totalCount } }")) is None
    assert shape_error(parse("{ events(first: 1) @include(if: true) @skip(if: false) { totalCount } }")) is None
