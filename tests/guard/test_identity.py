"""API keys are never logged or kept: not by the server's logs at DEBUG, not by the rate limiter."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import event

from api.app import create_app
from api.guard.identity import KeyCache
from api.settings import Settings
from api.store.keys import create_key
from tests.running import running_app, serve, sqlite_engine

LOGGERS = ("", "uvicorn", "uvicorn.error", "uvicorn.access", "eventgraph", "strawberry", "api")
MUTATION = 'mutation { ingestArticle(input: {source: "nowhere", text: "x"}) { alreadyKnown } }'
# The server's first mutation loads the ingest pipeline (plugins, dictionaries): seconds on a busy machine.
TIMEOUT = 120


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record) + "\n" + (record.exc_text or "") + repr(record.__dict__))


async def test_the_key_cache_keeps_digests_not_tokens(tmp_path: Path) -> None:
    engine = sqlite_engine(tmp_path / "keys.db")
    _, token = create_key(engine, "cached")
    cache = KeyCache(engine)
    assert await cache.key_name(token) == "cached"
    assert await cache.key_name(token + "x") is None
    secret = token.split("_", 2)[2]  # token_urlsafe may itself hold "_": split off the prefix only
    assert all(token not in key and secret not in key for key in cache.entries)
    engine.dispose()


def test_tokens_never_reach_the_logs(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    engine = sqlite_engine(tmp_path / "logs.db")
    _, token = create_key(engine, "logged")
    secret = token.split("_", 2)[2]
    revoked_name = "old"
    _, revoked = create_key(engine, revoked_name)
    from api.store.keys import revoke_key

    revoke_key(engine, revoked_name)
    settings = Settings(database_url=str(engine.url), rate_limit_ip=5, rate_limit_key=5, max_body_bytes=200)
    app = create_app(settings, engine=engine)
    handler = Collect()
    root = logging.getLogger()
    old_level = root.level
    with serve(app, log_level="debug", access_log=True) as url:
        for name in LOGGERS:
            logging.getLogger(name).addHandler(handler)
        root.setLevel(logging.DEBUG)
        try:
            for bearer in (token, revoked, token[:-3] + "abc"):
                headers = {"authorization": f"Bearer {bearer}"}
                for _ in range(12):  # past the rate limit, so the limiter's path runs too
                    httpx.post(f"{url}/graphql", json={"query": MUTATION}, headers=headers, timeout=TIMEOUT)
                httpx.post(f"{url}/graphql", content=b"{" + b" " * 5000 + b"}", headers=headers)
                httpx.get(f"{url}/graphql", params={"query": "{ __typename }"}, headers=headers)
        finally:
            for name in LOGGERS:
                logging.getLogger(name).removeHandler(handler)
            root.setLevel(old_level)
    captured = capfd.readouterr()
    logged = "\n".join(handler.lines) + captured.out + captured.err
    assert len(handler.lines) > 10, "nothing was logged: the test would prove nothing"
    for leaked in (secret, revoked.split("_", 2)[2], token[:-3]):
        assert leaked not in logged
    engine.dispose()


def test_a_key_is_looked_up_once_by_the_guard_and_then_only_by_mutations(tmp_path: Path) -> None:
    """Queries, accepted or refused by the limits, carry the key without a trip to the database."""
    engine = sqlite_engine(tmp_path / "lookups.db")
    _, token = create_key(engine, "lookups")
    lookups: list[str] = []

    def seen(connection: Any, cursor: Any, statement: str, *args: Any) -> None:
        if "api_keys" in statement:
            lookups.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    headers = {"authorization": f"Bearer {token}"}
    with running_app(engine) as running, httpx.Client(headers=headers, timeout=TIMEOUT) as client:
        assert client.post(running.graphql, json={"query": "{ __typename }"}).status_code == 200
        assert len(lookups) == 1  # the guard's, cached for a minute
        for query in (
            "{ sources { key } }",
            "{ " + "__typename " * 2100 + "}",
            "{ events(first: 1000) { totalCount } }",
        ):
            client.post(running.graphql, json={"query": query})
        assert len(lookups) == 1
        body = client.post(running.graphql, json={"query": MUTATION}).json()
        assert body["errors"][0]["extensions"]["code"] == "UNKNOWN_SOURCE"  # the key was accepted
        assert len(lookups) == 2
    event.remove(engine, "before_cursor_execute", seen)
    engine.dispose()


def test_tokens_are_compared_in_constant_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every check goes through hmac.compare_digest, found prefix or not: timing tells nothing."""
    import hmac

    import api.store.keys as keys

    engine = sqlite_engine(tmp_path / "ct.db")
    _, token = create_key(engine, "timed")
    calls: list[tuple[str, str]] = []
    original = hmac.compare_digest

    def recording(a: str, b: str) -> bool:
        calls.append((a, b))
        return original(a, b)

    monkeypatch.setattr(keys.hmac, "compare_digest", recording)
    prefix = token.split("_")[1]
    assert keys.verify_token(engine, token) is not None
    assert keys.verify_token(engine, token[:-2] + "zz") is None  # known prefix, wrong secret
    assert keys.verify_token(engine, f"eg_{'0' * 12}_" + "a" * 43) is None  # unknown prefix
    assert len(calls) == 3 and all(len(a) == len(b) == 64 for a, b in calls)
    assert prefix not in "".join(a + b for a, b in calls)
    engine.dispose()
