"""The uvicorn settings `eventgraph serve` uses: slow-loris headers and oversized websocket frames."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from api.guard.server import WS_MAX_BYTES, HeaderTimeoutProtocol, server_options
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
