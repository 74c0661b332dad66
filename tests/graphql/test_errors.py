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
    deep = "{ events(first: 1) { nodes { reports { article { events { reports { article { events { reports {"
    deep += " article { events { id } } } } } } } } } } } }"
    body = client(tmp_path, debug=False).post("/graphql", json={"query": deep}).json()
    assert "exceeds maximum operation depth" in body["errors"][0]["message"]
