"""Masked errors, validation errors, suggestions and the introspection setting, over HTTP on both
databases (tests/graphql/test_errors.py and tests/protocol/test_graphql_cop.py use SQLite only)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from api.store.db import make_engine
from tests.running import Running, running_app

TYPO = "{ evnts(first: 1) { totalCount } }"
WRONG_FIELD = "{ events(first: 1) { nope } }"
WRONG_ARGUMENT = '{ events(first: 1, filter: {countries: ["Iraq"]}) { totalCount } }'


def post(server: Running, query: str) -> dict[str, Any]:
    return dict(httpx.post(server.graphql, json={"query": query}).json())


@pytest.mark.parametrize("debug", [False, True])
def test_validation_and_input_errors_reach_the_client(engine: Engine, debug: bool) -> None:
    with running_app(engine, debug=debug) as server:
        wrong_field = post(server, WRONG_FIELD)["errors"][0]
        assert "Cannot query field 'nope' on type 'EventConnection'" in wrong_field["message"]
        assert wrong_field["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
        wrong_argument = post(server, WRONG_ARGUMENT)["errors"][0]
        assert "ISO 3166-1 alpha-2" in wrong_argument["message"]
        assert wrong_argument["extensions"]["code"] == "BAD_USER_INPUT"
        typo = post(server, TYPO)["errors"][0]["message"]
        assert ("Did you mean" in typo) is debug, typo


def test_introspection_is_on_by_default_and_can_be_turned_off(engine: Engine) -> None:
    query = "{ __schema { queryType { name } } }"
    with running_app(engine) as server:
        assert post(server, query)["data"] == {"__schema": {"queryType": {"name": "Query"}}}
    with running_app(engine, introspection=False) as server:
        body = post(server, query)
        assert body.get("data") is None and "introspection" in body["errors"][0]["message"].lower()
        assert post(server, "{ events(first: 1) { totalCount } }")["data"] == {"events": {"totalCount": 0}}


@pytest.mark.parametrize("debug", [False, True])
def test_internal_errors_are_masked_outside_debug(engine: Engine, debug: bool) -> None:
    """A server on a database that is not there: every query fails inside it."""
    url = make_url(engine.url.render_as_string(hide_password=False))
    if url.get_backend_name() == "sqlite":
        missing = url.set(database=f"{url.database}-missing/none.db")
    else:
        missing = url.set(database=f"{url.database}_missing")
    broken = make_engine(missing.render_as_string(hide_password=False))
    try:
        with running_app(broken, debug=debug) as server:
            error = post(server, "{ events(first: 1) { totalCount } }")["errors"][0]
    finally:
        broken.dispose()
    assert error["extensions"]["code"] == "INTERNAL", error
    if debug:
        assert error["message"] != "Unexpected error.", error
    else:
        assert error["message"] == "Unexpected error.", error
        assert str(missing.database) not in str(error)
