"""schemathesis in GraphQL mode against a running, seeded server: no 5xx, no failed check.

Every query and mutation field is an operation; hypothesis-graphql writes the queries from the
schema (arguments, nested selections, fragments, variables). Mutations run with a valid key, so
they reach the store instead of stopping at UNAUTHENTICATED. IDs are drawn from the seeded
objects' real global IDs as well as random strings, so that lookups find something to resolve.

Every schemathesis check runs but two whose GraphQL heuristics do not fit this API:

- ``positive_data_acceptance`` takes any schema-valid input to be valid; here ``first: 0``, an ID
  of no object or an article from no known outlet are schema-valid and refused by design.
- ``not_a_server_error`` reads an error with a path as the server's fault unless its code is one
  of Apollo's; ours are NOT_FOUND, UNKNOWN_SOURCE, BAD_DOCUMENT... ``server_errors`` below
  replaces it with a stricter rule that knows them: no 5xx, and every error that happened while
  executing carries one of the client-error codes. A masked crash (no code), INTERNAL or a
  plugin's failure (PLUGIN_ERROR) on generated input fails the test.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterator

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import checks as schemathesis_checks
from sqlalchemy import select

from api.graphql.ids import to_global_id
from api.store.keys import create_key
from api.store.tables import metadata
from tests.running import Running, running_app, seed_database, sqlite_engine

EXAMPLES_PER_OPERATION = 100
MINIMUM_QUERIES = 1_000
# Generous on purpose: a slow answer on a loaded machine is not what this test looks for (bench/ measures speed).
REQUEST_SECONDS = 120
# The codes of errors that are the client's: what api.errors and api.graphql.errors raise on bad input.
CLIENT_CODES = {"BAD_USER_INPUT", "NOT_FOUND", "UNAUTHENTICATED", "BAD_DOCUMENT", "UNKNOWN_SOURCE", "BAD_FILTER"}
NODE_TABLES = {
    "Event": "events",
    "Actor": "actors",
    "Location": "locations",
    "Source": "sources",
    "Article": "articles",
    "Report": "reports",
}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    engine = sqlite_engine(tmp_path_factory.mktemp("fuzz") / "eventgraph.db")
    seed_database(engine)
    with running_app(engine) as running:
        yield running
    engine.dispose()


def warm_up(running: Running, headers: dict[str, str]) -> None:
    """The first mutation builds the server's ingest pipeline (plugins, dictionaries, gazetteer): seconds of
    start-up, not of answering. Pay it here, so that no generated case is timed against it."""
    response = requests.post(
        running.graphql, json={"query": 'mutation { ingestArticle(input: {html: ""}) { alreadyKnown } }'},
        headers=headers, timeout=300,
    )  # fmt: skip
    assert response.json()["errors"][0]["extensions"]["code"] == "UNKNOWN_SOURCE", response.text


def real_ids(running: Running) -> list[str]:
    ids = []
    with running.engine.connect() as connection:
        for type_name, table in NODE_TABLES.items():
            for (pk,) in connection.execute(select(metadata.tables[table].c.id).limit(20)):
                ids.append(to_global_id(type_name, pk))
    return ids


def server_errors(response: requests.Response) -> None:
    assert response.status_code < 500, f"{response.status_code}: {response.text[:500]}"
    body = response.json()
    for error in body.get("errors") or []:
        code = (error.get("extensions") or {}).get("code")
        assert code, f"an error without a code: {error}"
        if "path" not in error:
            continue  # a request error (syntax, validation, limits): nothing executed
        assert code in CLIENT_CODES, f"server error while executing: {error}"


@pytest.mark.slow
def test_generated_queries_never_break_the_server(seeded: Running) -> None:
    ids = real_ids(seeded)
    assert ids
    schemathesis.graphql.scalar(
        "ID", st.one_of(st.sampled_from(ids), st.text(max_size=30)).map(schemathesis.graphql.nodes.String)
    )
    excluded = [schemathesis_checks.positive_data_acceptance, schemathesis_checks.not_a_server_error]
    _, token = create_key(seeded.engine, "schemathesis")
    headers = {"Authorization": f"Bearer {token}"}
    warm_up(seeded, headers)
    schema = schemathesis.graphql.from_url(seeded.graphql)
    session = requests.Session()
    answered = 0
    distinct: set[str] = set()  # hypothesis may send one case twice: count the different ones too
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10, [o.label for o in operations]
    for operation in operations:

        @given(case=operation.as_strategy(), data=st.data())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            phases=[Phase.explicit, Phase.generate],  # no shrinking: report the first case as sent
            suppress_health_check=list(HealthCheck),
        )
        def fuzz(case: schemathesis.Case, data: st.DataObject) -> None:
            nonlocal answered
            response = case.call(session=session, headers=headers, timeout=REQUEST_SECONDS)
            answered += 1
            distinct.add(repr(case.body))
            server_errors(response)
            case.validate_response(response, headers=headers, excluded_checks=excluded)

        try:
            fuzz()
        except (Exception, BaseExceptionGroup) as exc:  # collect every operation's failure, then report them together
            failures.append(f"{operation.label}: " + "".join(traceback.format_exception(exc))[-4000:])
    assert not failures, "\n\n".join(failures)
    assert len(distinct) >= MINIMUM_QUERIES, f"only {len(distinct)} different generated queries ({answered} sent)"
    print(
        f"schemathesis: {answered} generated queries answered ({len(distinct)} different) over "
        f"{len(operations)} operations, no failure"
    )
