"""Per-IP and per-key rate limits over HTTP: 429 with Retry-After, and nothing else slowed down."""

from __future__ import annotations

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
    burst = Rate.of(PER_MINUTE).burst
    with httpx.Client() as client:
        statuses = [query(limited, client).status_code for _ in range(burst + 3)]
        assert statuses[:burst] == [200] * burst and set(statuses[burst:]) == {429}
        refused = query(limited, client)
        assert refused.status_code == 429
        assert int(refused.headers["retry-after"]) >= 1
        assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
        # Health probes and the pages' assets are not counted.
        assert client.get(f"{limited.url}/healthz").status_code == 200


def test_a_valid_key_has_its_own_bucket_and_a_made_up_one_does_not(limited: Running) -> None:
    _, token = create_key(limited.engine, "ratelimited")
    burst = Rate.of(PER_MINUTE).burst
    with httpx.Client() as client:
        for _ in range(burst):
            assert query(limited, client).status_code == 200
        assert query(limited, client).status_code == 429
        # A made-up token is still this address: no fresh bucket for rotating junk tokens.
        assert query(limited, client, authorization="Bearer eg_aaaaaaaaaaaa_" + "x" * 40).status_code == 429
        keyed = [query(limited, client, authorization=f"Bearer {token}").status_code for _ in range(burst)]
        assert keyed == [200] * burst


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
