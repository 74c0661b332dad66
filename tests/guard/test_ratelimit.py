"""Per-IP and per-key rate limits over HTTP: 429 with Retry-After, and nothing else slowed down."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from api.guard.buckets import Rate
from api.store.keys import create_key
from tests.running import Running, running_app, sqlite_engine

PER_MINUTE = 40  # burst: 10


@pytest.fixture
def limited(tmp_path: Path) -> Iterator[Running]:
    engine = sqlite_engine(tmp_path / "eventgraph.db")
    with running_app(engine, rate_limit_ip=PER_MINUTE, rate_limit_key=PER_MINUTE * 3) as running:
        yield running
    engine.dispose()


def query(server: Running, client: httpx.Client, **headers: str) -> httpx.Response:
    return client.post(server.graphql, json={"query": "{ __typename }"}, headers=headers)


def test_an_address_gets_its_burst_then_429_with_retry_after(limited: Running) -> None:
    rate = Rate.of(PER_MINUTE)
    with httpx.Client() as client:
        started = time.monotonic()
        passed, _ = until_refused(limited, client, rate.burst)
        assert_burst(passed, started, rate)
        refused = query(limited, client)
        assert refused.status_code == 429
        assert int(refused.headers["retry-after"]) >= 1
        assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
        # Health probes and the pages' assets are not counted.
        assert client.get(f"{limited.url}/healthz").status_code == 200


def test_a_valid_key_has_its_own_bucket_and_a_made_up_one_does_not(limited: Running) -> None:
    _, token = create_key(limited.engine, "ratelimited")
    rate = Rate.of(PER_MINUTE)
    burst = rate.burst
    with httpx.Client() as client:
        started = time.monotonic()
        passed, _ = until_refused(limited, client, burst)
        assert_burst(passed, started, rate)
        # A made-up token is still this address: no fresh bucket for rotating junk tokens.
        assert query(limited, client, authorization="Bearer eg_aaaaaaaaaaaa_" + "x" * 40).status_code == 429
        keyed = [query(limited, client, authorization=f"Bearer {token}").status_code for _ in range(burst)]
        assert keyed == [200] * burst


def assert_burst(passed: int, started: float, rate: Rate) -> None:
    """The bucket refills while the burst is sent: a slow machine may pass a few more, never fewer."""
    refilled = (time.monotonic() - started) * rate.per_second
    assert rate.burst <= passed <= rate.burst + refilled + 1, (passed, refilled)


def until_refused(server: Running, client: httpx.Client, limit: int, **headers: str) -> tuple[int, httpx.Response]:
    """Requests until the first 429: how many passed, and the refusal."""
    for passed in range(limit * 2):
        response = query(server, client, **headers)
        if response.status_code == 429:
            return passed, response
        assert response.status_code == 200, response.text
    raise AssertionError(f"{limit * 2} requests and no 429")


def test_a_key_over_its_own_limit_gets_429_with_retry_after(limited: Running) -> None:
    _, token = create_key(limited.engine, "busykey")
    _, other = create_key(limited.engine, "quietkey")
    rate = Rate.of(PER_MINUTE * 3)
    with httpx.Client() as client:
        started = time.monotonic()
        passed, refused = until_refused(limited, client, rate.burst, authorization=f"Bearer {token}")
        assert_burst(passed, started, rate)
        assert int(refused.headers["retry-after"]) >= 1
        error = refused.json()["errors"][0]
        assert error["extensions"]["code"] == "RATE_LIMITED" and "this API key" in error["message"]
        # Another key, and the address itself without a key, have buckets of their own.
        assert query(limited, client, authorization=f"Bearer {other}").status_code == 200
        assert query(limited, client).status_code == 200


def test_retry_after_is_long_enough(limited: Running) -> None:
    """A client that waits as told is served: Retry-After is not a guess that is too short."""
    with httpx.Client() as client:
        _, refused = until_refused(limited, client, Rate.of(PER_MINUTE).burst)
        time.sleep(int(refused.headers["retry-after"]))
        assert query(limited, client).status_code == 200


def test_a_websocket_handshake_over_the_limit_is_refused(limited: Running) -> None:
    burst = Rate.of(PER_MINUTE).burst
    with httpx.Client() as client:
        for _ in range(burst + 1):
            query(limited, client)
    with pytest.raises(InvalidStatus) as refused:
        connect(limited.graphql.replace("http", "ws"), subprotocols=["graphql-transport-ws"], open_timeout=5)
    assert refused.value.response.status_code == 403


def test_limits_can_be_switched_off(tmp_path: Path) -> None:
    engine = sqlite_engine(tmp_path / "off.db")
    with running_app(engine, rate_limit_ip=0) as running, httpx.Client() as client:
        assert {query(running, client).status_code for _ in range(200)} == {200}
    engine.dispose()
