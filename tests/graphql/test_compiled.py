"""The compiled executor answers exactly as normal execution does, on SQLite and PostgreSQL.

Each query runs through two schemas over the same database, one with the compiled executor
(api/graphql/compiled.py) and one with graphql-core alone, and the two responses must be equal:
data, order and errors. The queries select every field of every type the compiled path knows,
with aliases, fragments, directives, variables inside the selection, nulls and pagination.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, event

from api.extract.actors import ActorEntry
from api.extract.candidate import ActorRole
from api.graphql import compiled
from api.graphql.context import Context
from api.graphql.schema import build_schema
from api.ingest.article import Caption
from api.settings import Settings
from api.store.synthetic import populate
from api.store.writer import Store
from tests.factories import AIRPORT, SOURCES, TAJI, extraction, rocket_attack

EVENT_FIELDS = """
  id __typename eventType subEventType cameoCode date datePrecision geoPrecision countryCode
  fatalities { low best high } injuries summary confidence reportCount createdAt updatedAt evidence
"""
EVERYTHING = f"""
query All($first: Int!, $filter: EventFilter, $after: String) {{
  events(first: $first, filter: $filter, after: $after) {{
    totalCount
    pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }}
    edges {{
      cursor
      node {{
        {EVENT_FIELDS}
        location {{ id name featureType countryCode admin1 latitude longitude precision }}
        actors {{
          role attribution
          actor {{ id name kind country aliases {{ name source }} parent {{ id name parent {{ name }} }} members {{ name }} }}
        }}
        reports {{
          id evidence extractor confidence claims
          event {{ id date }}
          article {{
            id url headline standfirst byline dateline publishedAt modifiedAt body content: contentHash
            parser parserVersion ingestedAt captions {{ text credit }}
            source {{ id key name domains country language kind notes }}
          }}
        }}
      }}
    }}
  }}
}}
"""
SHAPES = """
query Shapes($withActors: Boolean!, $skipLocation: Boolean!, $role: ActorRole) {
  recent: events(first: 7) {
    nodes { ...Basics location @skip(if: $skipLocation) { name } }
    edges { cursor }
  }
  older: events(last: 5, filter: {eventTypes: [BATTLES, PROTESTS]}) {
    pageInfo { startCursor hasPreviousPage }
    nodes {
      ... on Event { when: date kind: eventType }
      ... on Node { id }
      actors(role: $role) @include(if: $withActors) { role who: actor { name } }
      perpetrators: actors(role: PERPETRATOR) { actor { name } }
    }
  }
}
fragment Basics on Event { id summary fatalities { best } reports { article { source { key } } } }
"""
OTHER_CONNECTIONS = """
{
  actors(first: 40) { totalCount nodes { id name kind aliases { name source } parent { name } members { name } } }
  named: actors(first: 5, search: "hezbollah") { nodes { name aliases { name source } parent { name aliases { name } } } }
  locations(first: 30, country: "IQ") { edges { cursor node { id name latitude } } }
  articles(first: 20) { nodes { headline captions { text credit } source { key name } } }
}
"""
BACKWARDS = """
query Back($last: Int!, $before: String, $filter: EventFilter) {
  events(last: $last, before: $before, filter: $filter, orderBy: {field: FATALITIES, direction: DESC}) {
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id fatalities { best } location { name } } }
    nodes { id }
  }
}
"""
# Only the page's bookkeeping, no node fields; and a connection of a type read as objects.
BOOKKEEPING = """
{
  events(first: 3) { totalCount pageInfo { hasNextPage endCursor } }
  eventChanges(since: "2000-01-01T00:00:00Z", first: 20) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { kind eventId at } } nodes { kind }
  }
}
"""
# The benchmark's page (bench/workload.py): three statements, as hand-written SQL would take.
PAGE = """
query Page($filter: EventFilter, $first: Int!) {
  events(filter: $filter, first: $first) {
    edges { cursor node {
      id eventType date fatalities { best } location { id name latitude }
      actors { role actor { id name } } reports { id article { id publishedAt source { key } } }
    } }
  }
}
"""
FALLS_BACK = """
{ events(first: 5) { nodes { id history { kind } location { events(first: 2) { nodes { id location { name } } } } } } }
"""


@pytest.fixture
def data(engine: Engine) -> Engine:
    """Synthetic events, plus hand-made ones with what the generator never makes: captions,
    aliases per outlet, an event with no place, nulls in optional columns."""
    populate(engine, 400)
    store = Store(engine)
    store.register_sources(SOURCES)
    store.seed_actors([
        ActorEntry("Popular Mobilization Forces", "non-state armed group", "IQ", aliases=[("PMU", None), ("PMF", "jpost")]),
        ActorEntry("Kataib Hezbollah", "non-state armed group", "IQ", parent="Popular Mobilization Forces",
                   aliases=[("KH", None), ("KH", "reuters"), ("Hezbollah Brigades", "reuters")]),
    ])  # fmt: skip
    later = datetime(2025, 6, 1, tzinfo=UTC)
    for i, place in enumerate([TAJI, AIRPORT, None]):
        event = rocket_attack(
            date(2025, 6, 1) + timedelta(days=20 * i),
            TAJI,
            killed=None if i == 1 else i,
            perpetrator="Kataib Hezbollah",
        )
        event = replace(event, location=place, actors=[*event.actors, ActorRole("Iraq", "other", kind="government")])
        found = extraction(SOURCES[i].key, f"hand{i}", [event], published=later)
        article = replace(found.article, captions=(Caption("Smoke over the base", "REUTERS/Staff"), Caption("A map")),
                          standfirst="Rockets again" if i else None)  # fmt: skip
        store.save(replace(found, article=article))
    return engine


def run(engine: Engine, compiled_executor: bool, query: str, variables: dict[str, Any] | None = None) -> Any:
    url = engine.url.render_as_string(hide_password=False)
    settings = Settings(database_url=url, compiled=compiled_executor, max_cost=1_000_000)
    schema = build_schema(settings)
    result = asyncio.run(schema.execute(query, variable_values=variables, context_value=Context(engine, settings)))
    return result.data, [error.formatted for error in result.errors or []]


def same(engine: Engine, query: str, variables: dict[str, Any] | None = None) -> Any:
    expected = run(engine, False, query, variables)
    assert expected[1] == [], expected[1]
    assert run(engine, True, query, variables) == expected
    return expected[0]


def test_every_field_of_every_type(data: Engine) -> None:
    compiled.RUNS.clear()
    page = same(data, EVERYTHING, {"first": 100})
    assert compiled.RUNS["compiled"] == 1 and compiled.RUNS["fell back"] == 0
    nodes = [e["node"] for e in page["events"]["edges"]]
    assert len(nodes) == 100
    # The data has what the comparison needs to mean something.
    assert any(n["location"] is None for n in nodes)
    assert any(a["actor"]["aliases"] for n in nodes for a in n["actors"])
    assert any(r["article"]["captions"] for n in nodes for r in n["reports"])
    assert any(n["fatalities"]["best"] is None for n in nodes)


def test_pages_filters_and_cursors(data: Engine) -> None:
    first = same(
        data, EVERYTHING, {"first": 30, "filter": {"countries": ["IQ"], "eventTypes": ["EXPLOSIONS_REMOTE_VIOLENCE"]}}
    )
    after = first["events"]["pageInfo"]["endCursor"]
    second = same(data, EVERYTHING, {"first": 30, "after": after, "filter": {"countries": ["IQ"]}})
    assert second["events"]["edges"]


@pytest.mark.parametrize(
    "variables",
    [
        {"withActors": True, "skipLocation": False, "role": "TARGET"},
        {"withActors": True, "skipLocation": True, "role": "PERPETRATOR"},
        {"withActors": False, "skipLocation": False, "role": None},
        {"withActors": True, "skipLocation": False, "role": None},
    ],
)
def test_aliases_fragments_directives_and_variables(data: Engine, variables: dict[str, Any]) -> None:
    # The same text with other variables must not reuse a plan made for the first ones.
    result = same(data, SHAPES, variables)
    assert ("location" in result["recent"]["nodes"][0]) is not variables["skipLocation"]


def test_other_connections(data: Engine) -> None:
    result = same(data, OTHER_CONNECTIONS)
    assert any(a["aliases"] and a["parent"] for a in result["named"]["nodes"])


def test_selections_it_cannot_compile_go_through_normal_execution(data: Engine) -> None:
    compiled.RUNS.clear()
    same(data, FALLS_BACK)
    assert compiled.RUNS["not compiled"] >= 1


def test_errors_are_the_same(data: Engine) -> None:
    for query in ("{ events(first: 500) { nodes { id } } }", '{ events(first: 2, after: "bogus") { nodes { id } } }'):
        expected = run(data, False, query)
        assert expected[1], "the query should fail"
        assert run(data, True, query) == expected


def test_backward_pages_with_nulls_in_the_sort_key(data: Engine) -> None:
    last = same(data, BACKWARDS, {"last": 40})
    assert last["events"]["pageInfo"]["hasPreviousPage"]
    before = same(data, BACKWARDS, {"last": 40, "before": last["events"]["pageInfo"]["startCursor"]})
    assert before["events"]["edges"] and before["events"]["pageInfo"]["hasNextPage"]
    assert any(e["node"]["fatalities"]["best"] is None for e in before["events"]["edges"] + last["events"]["edges"])


def test_bookkeeping_only_and_connections_of_objects(data: Engine) -> None:
    result = same(data, BOOKKEEPING)
    assert result["events"]["totalCount"] > 3 and result["eventChanges"]["edges"]


def test_to_one_relations_are_joined_into_their_parents_statement(data: Engine) -> None:
    statements: list[str] = []

    def count(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement)

    same(data, PAGE, {"first": 100})  # plans and caches warm
    event.listen(data, "before_cursor_execute", count)
    try:
        result = run(data, True, PAGE, {"first": 100})
    finally:
        event.remove(data, "before_cursor_execute", count)
    assert len(result[0]["events"]["edges"]) == 100
    # The page with its location, the actors with theirs, the reports with article and source.
    assert len(statements) == 3, statements


def test_a_cached_plan_answers_other_values_of_its_variables(data: Engine) -> None:
    """One schema, so one plan and one page statement per shape: each answer must still be its own."""
    url = data.url.render_as_string(hide_password=False)
    settings = {flag: Settings(database_url=url, compiled=flag, max_cost=1_000_000) for flag in (True, False)}
    schemas = {flag: build_schema(settings[flag]) for flag in (True, False)}

    def answer(flag: bool, variables: dict[str, Any]) -> Any:
        context = Context(data, settings[flag])
        result = asyncio.run(schemas[flag].execute(PAGE, variable_values=variables, context_value=context))
        assert not result.errors, result.errors
        return result.data

    filters = [{"countries": ["IQ"]}, {"countries": ["SY"]}, {"countries": ["IQ"]}, {"eventTypes": ["BATTLES"]}, None]
    answers = []
    for f in filters:
        expected = answer(False, {"first": 25, "filter": f})
        assert answer(True, {"first": 25, "filter": f}) == expected
        answers.append(expected)
    assert answers[0] == answers[2] and answers[0] != answers[1]
