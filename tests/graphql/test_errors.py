"""Errors: validation messages reach the client, internal ones are masked outside debug mode."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.settings import Settings

QUERY = "{ events(first: 1) { totalCount } }"


def client(tmp_path: Path, debug: bool) -> TestClient:
    # A database file in a folder that does not exist: every query fails inside the server.
    broken = f"sqlite:///{tmp_path / 'missing' / 'x.db'}"
    return TestClient(create_app(Settings(database_url=broken, debug=debug)))


def test_internal_errors_are_masked(tmp_path: Path) -> None:
    body = client(tmp_path, debug=False).post("/graphql", json={"query": QUERY}).json()
    assert body["errors"][0]["message"] == "Unexpected error."
    assert "sqlite" not in str(body).lower()


def test_debug_mode_shows_internal_errors(tmp_path: Path) -> None:
    body = client(tmp_path, debug=True).post("/graphql", json={"query": QUERY}).json()
    assert "unable to open database" in body["errors"][0]["message"]


@pytest.mark.parametrize("debug", [False, True])
def test_validation_errors_are_never_masked(tmp_path: Path, debug: bool) -> None:
    body = client(tmp_path, debug).post("/graphql", json={"query": "{ events(first: 1) { nope } }"}).json()
    assert "Cannot query field 'nope' on type 'EventConnection'" in body["errors"][0]["message"]


def test_depth_limit_is_explained(tmp_path: Path) -> None:
    # Cheap, so that the cost limit does not answer first: one event a level, through its location.
    deep = "{ events(first: 1) { nodes { location { events(first: 1) { nodes { location { events(first: 1) { nodes {"
    deep += " location { events(first: 1) { nodes { location { name } } } } } } } } } } } } }"
    body = client(tmp_path, debug=False).post("/graphql", json={"query": deep}).json()
    assert "exceeds maximum operation depth" in body["errors"][0]["message"]
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_DEEP"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"query": "{ events(first: 1) { nodes { id }"}, "GRAPHQL_PARSE_FAILED"),
        ({"query": "{ noSuchField }"}, "GRAPHQL_VALIDATION_FAILED"),
        ({"query": "query($n: Int!) { events(first: $n) { totalCount } }", "variables": {"n": "ten"}}, "BAD_USER_INPUT"),
        ({"query": "{ __schema { types { fields { type { fields { type { fields { type { name } } } } } } } } }"},
         "QUERY_TOO_DEEP"),
        ({"query": QUERY}, "INTERNAL"),  # the database is missing: masked, and the server's fault
        ({"nothing": "here"}, "BAD_REQUEST"),
    ],
)  # fmt: skip
def test_every_error_carries_a_code(tmp_path: Path, body: dict, code: str) -> None:
    errors = client(tmp_path, debug=False).post("/graphql", json=body).json()["errors"]
    assert [e["extensions"]["code"] for e in errors] == [code], errors
