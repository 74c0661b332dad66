"""Each query limit answers with its own code and a message that says what to change, over HTTP on
both databases (tests/graphql/test_limits.py proves, on SQLite, that no SQL runs first)."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import Engine

from tests.conftest import LiveServer
from tests.graphql.test_limits import REFUSED

CASES = [
    ("too deep", "QUERY_TOO_DEEP", "exceeds maximum operation depth"),
    ("too many aliases", "TOO_MANY_ALIASES", "aliases"),
    ("too many tokens", "TOO_MANY_TOKENS", "tokens"),
    ("three connections of 100 nested", "QUERY_TOO_COSTLY", "smaller pages"),
    ("cost through variables", "QUERY_TOO_COSTLY", "smaller pages"),
]


@pytest.mark.parametrize(("name", "code", "words"), CASES)
def test_each_limit_has_its_code_and_says_why(
    engine: Engine, live_server: LiveServer, name: str, code: str, words: str
) -> None:
    entry = REFUSED[name]
    query, variables = (entry, {}) if isinstance(entry, str) else entry
    body = httpx.post(live_server.graphql, json={"query": query, "variables": variables}).json()
    assert body.get("data") is None, body
    (error,) = body["errors"]
    assert error["extensions"]["code"] == code, error
    assert words in error["message"].lower(), error


def test_connections_need_first_or_last(engine: Engine, live_server: LiveServer) -> None:
    for query in ("{ actors { totalCount } }", "{ locations { totalCount } }", "{ articles { totalCount } }",
                  '{ eventChanges(since: "2000-01-01T00:00:00Z") { totalCount } }'):  # fmt: skip
        error = httpx.post(live_server.graphql, json={"query": query}).json()["errors"][0]
        assert "pass `first` or `last`" in error["message"] and error["extensions"]["code"] == "BAD_USER_INPUT", error
