"""The uvicorn settings `eventgraph serve` uses: slow-loris headers, oversized websocket frames, too many
connections, and which peers may set the client address."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from api.app import create_app
from api.guard.buckets import Rate
from api.guard.server import WS_MAX_BYTES, HeaderTimeoutProtocol, server_options
from api.settings import Settings
from tests.running import UNLIMITED, serve, sqlite_engine


class QuickHeaderTimeout(HeaderTimeoutProtocol):
    header_timeout = 1.0


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    from api.app import create_app
    from api.settings import Settings

    engine = sqlite_engine(tmp_path / "eventgraph.db")
    app = create_app(Settings(database_url=str(engine.url), **UNLIMITED), engine=engine)
    with serve(app, **{**server_options(), "http": QuickHeaderTimeout}) as url:
        yield url
    engine.dispose()


def address(url: str) -> tuple[str, int]:
    host, port = url.split("//")[1].split(":")
    return host, int(port)


def trickle(url: str, seconds: int) -> float | None:
    """Send a request's headers a byte a second, the slow-loris way, for up to ``seconds``: how long
    until the server closed the connection, or None when it was still open at the end."""
    with socket.create_connection(address(url), timeout=1.0) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        started = time.monotonic()
        for _ in range(seconds):
            try:
                sock.sendall(b"X")
                if sock.recv(1024) == b"":
                    return time.monotonic() - started
            except TimeoutError:
                continue
            except OSError:
                return time.monotonic() - started
    return None


def test_slow_headers_are_cut_off(served: str) -> None:
    closed = trickle(served, 12)
    assert closed is not None and closed < 10


@pytest.mark.slow
def test_plain_uvicorn_waits_for_slow_headers() -> None:
    """The check above can fail: with uvicorn's own protocol the same trickle keeps its connection."""
    from starlette.applications import Starlette

    with serve(Starlette(), **{**server_options(), "http": "httptools"}) as url:
        assert trickle(url, 12) is None


def test_a_prompt_request_is_served_normally(served: str) -> None:
    with socket.create_connection(address(served), timeout=5) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert sock.recv(4096).startswith(b"HTTP/1.1 200")


def test_an_oversized_websocket_frame_closes_the_socket(served: str) -> None:
    with connect(served.replace("http", "ws") + "/graphql", subprotocols=["graphql-transport-ws"]) as ws:
        ws.send('{"type": "connection_init"}')
        assert "connection_ack" in str(ws.recv(timeout=5))
        ws.send("x" * (WS_MAX_BYTES + 1))
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=5)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009


def test_serve_passes_the_options_to_uvicorn() -> None:
    options = server_options()
    assert options["http"] is HeaderTimeoutProtocol and options["ws_max_size"] == WS_MAX_BYTES
    assert options["limit_concurrency"] > 0 and options["timeout_keep_alive"] <= 10 and not options["server_header"]


def get_healthz(url: str) -> int:
    """The status of one request on a connection of its own."""
    with socket.create_connection(address(url), timeout=5) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        return int(sock.recv(4096).split(b" ", 2)[1])


def test_connections_past_the_limit_get_503(tmp_path: Path) -> None:
    """limit_concurrency counts open connections, idle ones too: past it, 503 at once instead of a queue."""
    engine = sqlite_engine(tmp_path / "eventgraph.db")
    app = create_app(Settings(database_url=str(engine.url), rate_limit_ip=0, rate_limit_key=0), engine=engine)
    with serve(app, **{**server_options(), "limit_concurrency": 2}) as url:
        assert get_healthz(url) == 200
        held = [socket.create_connection(address(url), timeout=5) for _ in range(2)]
        time.sleep(0.2)  # the server registers them
        assert get_healthz(url) == 503
        for sock in held:
            sock.close()
        deadline = time.monotonic() + 5
        while (status := get_healthz(url)) == 503 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert status == 200
    engine.dispose()


@pytest.mark.parametrize(("trusted", "separate"), [("127.0.0.1", True), ("10.9.9.9", False)])
def test_x_forwarded_for_counts_only_from_a_trusted_proxy(tmp_path: Path, trusted: str, separate: bool) -> None:
    """The per-IP limit follows X-Forwarded-For when the peer is a trusted proxy, and ignores it otherwise:
    a client cannot buy itself fresh buckets by making up addresses."""
    per_minute = 40
    burst = Rate.of(per_minute).burst
    engine = sqlite_engine(tmp_path / "eventgraph.db")
    app = create_app(Settings(database_url=str(engine.url), rate_limit_ip=per_minute, rate_limit_key=0), engine=engine)
    with serve(app, **{**server_options(), "forwarded_allow_ips": trusted}) as url, httpx.Client() as client:

        def status(forwarded: str) -> int:
            response = client.post(f"{url}/graphql", json={"query": "{ __typename }"},
                                   headers={"x-forwarded-for": forwarded})  # fmt: skip
            return response.status_code

        assert [status("203.0.113.1") for _ in range(burst)] == [200] * burst
        assert status("203.0.113.1") == 429
        assert (status("203.0.113.2") == 200) is separate
    engine.dispose()
