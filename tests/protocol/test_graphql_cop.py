"""graphql-cop's checks, rewritten as tests (graphql-cop is not on PyPI).

Each test sends what graphql-cop sends and asserts the opposite of its finding. Severities are
graphql-cop's. Production mode (EVENTGRAPH_PRODUCTION) must leave no HIGH or MEDIUM finding but
one the project chose: queries over GET (MEDIUM, "possible CSRF") stay allowed because queries
are public reads and keys travel in a header that no cross-site form can set.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from api.store.keys import create_key
from api.store.tables import Article
from tests.running import Running, running_app, sqlite_engine

GRAPHIQL_HINTS = ("graphiql.min.css", "GraphQL Playground", "GraphiQL", "graphql-playground")
INGEST = 'mutation { ingestArticle(input: {source: "reuters", text: "BAGHDAD (Reuters) - Rockets hit Camp Taji."}) { alreadyKnown } }'


@pytest.fixture(scope="module", params=["production", "development"])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    engine = sqlite_engine(tmp_path_factory.mktemp("cop") / "eventgraph.db")
    settings: dict[str, Any] = {"production": True} if request.param == "production" else {
        "production": False, "introspection": True, "graphiql": True, "debug": False
    }  # fmt: skip
    with running_app(engine, **settings) as running:
        yield running
    engine.dispose()


@pytest.fixture(scope="module")
def production(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    engine = sqlite_engine(tmp_path_factory.mktemp("prod") / "eventgraph.db")
    with running_app(engine, production=True) as running:
        yield running
    engine.dispose()


def post(server: Running, query: str, **kwargs: Any) -> dict[str, Any]:
    response = httpx.post(server.graphql, json={"query": query}, **kwargs)
    return dict(response.json())


def articles(server: Running) -> int:
    with server.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(Article)).scalar_one())


# -- LOW: field suggestions, GraphiQL --------------------------------------------------------
def test_no_field_suggestions(server: Running) -> None:
    for query in (
        "query { __schema { directive } }",
        "{ evnts { totalCount } }",
        "{ events(frist: 1) { totalCount } }",
    ):
        body = post(server, query)
        assert body["errors"], body
        assert all("Did you mean" not in e["message"] for e in body["errors"]), body


def test_debug_mode_is_what_brings_suggestions_back(tmp_path: Any) -> None:
    """The check above can fail: with EVENTGRAPH_DEBUG the same typo gets a suggestion."""
    engine = sqlite_engine(tmp_path / "debug.db")
    with running_app(engine, debug=True) as running:
        assert "Did you mean" in post(running, "{ evnts { totalCount } }")["errors"][0]["message"]
    engine.dispose()


def test_no_graphiql_in_production(production: Running) -> None:
    for path in ("/graphiql", "/playground", "/console", "/graphql"):
        response = httpx.get(production.url + path, headers={"accept": "text/html"})
        assert not any(hint in response.text for hint in GRAPHIQL_HINTS), (path, response.status_code)
        assert response.status_code >= 400


def test_graphiql_outside_production_is_a_choice(server: Running) -> None:
    page = httpx.get(server.graphql, headers={"accept": "text/html"})
    assert (page.status_code == 200) is server.settings.graphiql


# -- HIGH: introspection, circular introspection -----------------------------------------------
def test_introspection_follows_the_setting(server: Running) -> None:
    body = post(server, "query cop { __schema { types { name fields { name } } } }")
    if server.settings.introspection:
        assert len(body["data"]["__schema"]["types"]) > 25
    else:
        assert body.get("data") is None and "introspection" in body["errors"][0]["message"].lower()


def test_production_turns_introspection_off_even_when_asked_for(tmp_path: Any) -> None:
    engine = sqlite_engine(tmp_path / "p.db")
    with running_app(engine, production=True, introspection=True, graphiql=True, debug=True) as running:
        assert post(running, "{ __schema { queryType { name } } }").get("data") is None
        assert httpx.get(running.graphql, headers={"accept": "text/html"}).status_code == 404
    engine.dispose()


def test_circular_introspection_is_refused(server: Running) -> None:
    query = "query { __schema { types { fields { type { fields { type { fields { type { fields { type { name } } } } } } } } } } }"
    body = post(server, query)
    assert body.get("data") is None and body["errors"]


# -- MEDIUM: GET and CSRF -----------------------------------------------------------------------
def test_queries_over_get_are_allowed(server: Running) -> None:
    response = httpx.get(server.graphql, params={"query": "{ __typename }"})
    assert response.json() == {"data": {"__typename": "Query"}}


def test_mutations_over_get_are_refused(server: Running) -> None:
    _, token = create_key(server.engine, f"get-{server.settings.production}")
    before = articles(server)
    for query in ("mutation { __typename }", INGEST):
        response = httpx.get(server.graphql, params={"query": query}, headers={"authorization": f"Bearer {token}"})
        assert response.status_code == 405 and "data" not in response.json()
    assert articles(server) == before


@pytest.mark.parametrize(
    ("content_type", "encode"),
    [
        ("application/x-www-form-urlencoded", lambda q: {"data": {"query": q}}),
        ("text/plain", lambda q: {"content": json.dumps({"query": q})}),
        ("multipart/form-data", lambda q: {"files": {"query": (None, q)}}),
        (None, lambda q: {"params": {"query": q}}),  # graphql-cop's own probe: the query in the URL of a POST
    ],
)
def test_post_csrf_simple_requests_are_refused(server: Running, content_type: str | None, encode: Any) -> None:
    """What a cross-site <form> can send: none of it runs, even with a valid key."""
    _, token = create_key(server.engine, f"csrf-{content_type}-{server.settings.production}".replace("/", "."))
    before = articles(server)
    for query in ("query { __typename }", INGEST):
        kwargs = encode(query)
        headers = {"authorization": f"Bearer {token}"}
        if content_type and "files" not in kwargs:
            headers["content-type"] = content_type
        response = httpx.post(server.graphql, headers=headers, **kwargs)
        assert 400 <= response.status_code < 500, (content_type, response.status_code, response.text)
        assert "data" not in response.json()
    assert articles(server) == before


# -- HIGH: aliases, batches, directives, duplicated fields, fragments ---------------------------
def test_alias_overloading_is_refused(server: Running) -> None:
    aliases = "".join(f"alias{i}:__typename \n" for i in range(101))
    body = post(server, "query { " + aliases + " }")
    assert body.get("data") is None and "aliases" in body["errors"][0]["message"].lower()


def test_batched_queries_are_refused(server: Running) -> None:
    response = httpx.post(server.graphql, json=[{"query": "query { __typename }"} for _ in range(11)])
    assert response.status_code == 400
    assert not isinstance(response.json(), list)


def test_directive_overloading_gets_one_error(server: Running) -> None:
    body = post(server, "query { __typename @aa@aa@aa@aa@aa@aa@aa@aa@aa@aa }")
    assert len(body["errors"]) == 1 and body["errors"][0]["extensions"]["code"] == "TOO_MANY_DIRECTIVES"


def test_field_duplication_is_refused(server: Running) -> None:
    body = post(server, "query { " + "__typename \n" * 500 + "} ")
    assert body.get("data") is None and body["errors"][0]["extensions"]["code"] == "REPEATED_FIELD"


def test_circular_fragments_are_refused(server: Running) -> None:
    query = "query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }"
    body = post(server, query)
    assert body.get("data") is None and "within itself" in body["errors"][0]["message"]


# -- INFO: unhandled errors, trace mode -----------------------------------------------------------
def test_errors_carry_no_exception_or_trace(server: Running) -> None:
    body = post(server, "qwerty cop { abc }")
    assert body["errors"]
    for error in body["errors"]:
        assert "exception" not in error.get("extensions", {}) and "stacktrace" not in str(error).lower()
    assert "tracing" not in (body.get("extensions") or {})


def test_an_internal_error_is_masked(server: Running, monkeypatch: pytest.MonkeyPatch) -> None:
    """A resolver that blows up: the client reads a generic message, never the exception or a path."""
    import api.graphql.schema as schema_module

    def explode(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret: /srv/eventgraph/db password=hunter2")

    monkeypatch.setattr(schema_module, "event_stats", explode)
    response = httpx.post(server.graphql, json={"query": "{ eventStats(groupBy: [MONTH]) { count } }"})
    assert response.status_code == 200
    text = response.text
    assert "hunter2" not in text and "RuntimeError" not in text and "/srv/" not in text
    assert response.json()["errors"][0]["message"]
