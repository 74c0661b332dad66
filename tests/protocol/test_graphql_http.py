"""GraphQL over HTTP: graphql-http's own audit, then the behaviours it checks, one by one."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.graphql.http import GRAPHQL_RESPONSE_JSON, JSON, negotiate
from tests.running import REPO, Running, node_tool, running_app, sqlite_engine

AUDIT = Path(__file__).with_name("audit.mjs")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    engine = sqlite_engine(tmp_path_factory.mktemp("http") / "eventgraph.db")
    with running_app(engine) as running:
        yield running
    engine.dispose()


def audit(url: str) -> dict[str, Any]:
    """graphql-http's audit of the server at ``url``: {ok: count, warn: [...], error: [...], other: [...]}."""
    node_tool("graphql-http", "package.json")
    done = subprocess.run(["node", str(AUDIT), url], cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout))


def test_graphql_http_audit_has_no_errors_and_no_warnings(server: Running) -> None:
    report = audit(server.graphql)
    assert report["error"] == [] and report["warn"] == [], json.dumps(report, indent=2)
    # The MAY items too ("notice"): all of them pass today, so a regression there is one as well.
    assert report["other"] == [], json.dumps(report["other"], indent=2)
    assert report["ok"] >= 50  # the audit ran in full, not against an empty list
    print(f"graphql-http audit: {report['ok']} passed, 0 warnings, 0 errors, 0 notices")


def test_in_production_the_audit_fails_only_its_introspection_probes(tmp_path: Path) -> None:
    """The audit's {variables} items ask `__type(name: $name)`, which production's introspection switch
    refuses; every other item passes, and variables themselves work there, in a map or a GET's JSON string."""
    engine = sqlite_engine(tmp_path / "production.db")
    with running_app(engine, production=True) as running:
        report = audit(running.graphql)
        query = "query Count($n: Int) { events(first: $n) { totalCount } }"
        for accept in (GRAPHQL_RESPONSE_JSON, JSON):
            answers = [
                httpx.post(running.graphql, json={"query": query, "variables": {"n": 1}}, headers={"accept": accept}),
                httpx.get(
                    running.graphql, params={"query": query, "variables": '{"n": 1}'}, headers={"accept": accept}
                ),
            ]
            for response in answers:
                assert response.status_code == 200 and response.json() == {"data": {"events": {"totalCount": 0}}}
    engine.dispose()
    failed = report["error"] + report["warn"] + report["other"]
    # Some fail (`__type` stays refused in production) and nothing else does.
    assert failed and all("{variables}" in item["name"] for item in failed), json.dumps(failed, indent=2)
    assert report["ok"] >= 50


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, JSON),
        ("", JSON),
        ("*/*", JSON),
        ("application/json", JSON),
        (GRAPHQL_RESPONSE_JSON, GRAPHQL_RESPONSE_JSON),
        (f"{GRAPHQL_RESPONSE_JSON}, application/json;q=0.9", GRAPHQL_RESPONSE_JSON),
        (f"application/json, {GRAPHQL_RESPONSE_JSON}", JSON),
        (f"application/json;q=0.5, {GRAPHQL_RESPONSE_JSON}", GRAPHQL_RESPONSE_JSON),
        (f"*/*, {GRAPHQL_RESPONSE_JSON}", GRAPHQL_RESPONSE_JSON),
        (f"{GRAPHQL_RESPONSE_JSON};q=0, */*", JSON),
        ("text/html", JSON),
        ("application/json;q=nonsense, text/plain", JSON),
    ],
)
def test_accept_header_negotiation(accept: str | None, expected: str) -> None:
    assert negotiate(accept) == expected


def post(server: Running, body: object, accept: str) -> httpx.Response:
    return httpx.post(server.graphql, json=body, headers={"accept": accept})


@pytest.mark.parametrize(
    "body",
    [
        {"query": "{ events(first: 1) { nodes { id } }"},  # does not parse
        {"query": "{ noSuchField }"},  # does not validate
        {"query": "query($n: Int!) { events(first: $n) { totalCount } }", "variables": {"n": "ten"}},  # coercion
    ],
)
def test_request_errors_are_400_without_data_for_graphql_response_json(server: Running, body: dict) -> None:
    response = post(server, body, GRAPHQL_RESPONSE_JSON)
    assert response.status_code == 400
    assert response.headers["content-type"] == GRAPHQL_RESPONSE_JSON
    assert "data" not in response.json() and response.json()["errors"]
    legacy = post(server, body, "application/json")  # the same request from an older client: 200
    assert legacy.status_code == 200 and legacy.headers["content-type"] == JSON
    assert legacy.json()["errors"]


def test_a_field_error_is_still_200_with_data(server: Running) -> None:
    """The query executed: its error is a field error, and the status stays 200 in both media types."""
    response = post(server, {"query": "{ events(first: 1000) { totalCount } }"}, GRAPHQL_RESPONSE_JSON)
    assert response.status_code == 200
    body = response.json()
    assert "data" in body and body["errors"][0]["path"] == ["events"]


def test_success_answers_in_the_negotiated_media_type(server: Running) -> None:
    for accept in (GRAPHQL_RESPONSE_JSON, "application/json", "*/*"):
        response = post(server, {"query": "{ __typename }"}, accept)
        assert response.status_code == 200 and response.json() == {"data": {"__typename": "Query"}}
        assert response.headers["content-type"] == negotiate(accept)


def test_mutation_over_get_is_405_with_allow(server: Running) -> None:
    response = httpx.get(server.graphql, params={"query": "mutation { __typename }"})
    assert response.status_code == 405 and response.headers["allow"] == "POST"
    assert "mutations are not allowed" in response.json()["errors"][0]["message"]


def test_other_methods_are_405(server: Running) -> None:
    response = httpx.put(server.graphql, json={"query": "{ __typename }"})
    assert response.status_code == 405
