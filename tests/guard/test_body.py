"""Request bodies: 413 past the limit (declared or streamed), 408 when they trickle, more for key holders."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from api.guard.body import BodyLimitMiddleware
from api.guard.identity import KeyCache
from api.store.keys import create_key
from tests.running import serve, sqlite_engine

ANONYMOUS, KEYED = 1_000, 10_000


async def echo(request: Request) -> JSONResponse:
    return JSONResponse({"received": len(await request.body())})


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, str]]:
    engine = sqlite_engine(tmp_path / "eventgraph.db")
    _, token = create_key(engine, "bodies")
    app = Starlette(routes=[Route("/echo", echo, methods=["POST"])])
    app.add_middleware(BodyLimitMiddleware, keys=KeyCache(engine), anonymous=ANONYMOUS, keyed=KEYED, read_seconds=1.0)
    with serve(app) as url:
        yield url + "/echo", token
    engine.dispose()


def test_within_the_limit_passes(server: tuple[str, str]) -> None:
    url, _ = server
    assert httpx.post(url, content=b"x" * ANONYMOUS).json() == {"received": ANONYMOUS}


def test_a_declared_length_over_the_limit_is_413_before_reading(server: tuple[str, str]) -> None:
    url, _ = server
    response = httpx.post(url, content=b"x" * (ANONYMOUS + 1))
    assert response.status_code == 413 and "limit" in response.json()["errors"][0]["message"]


def test_a_chunked_body_over_the_limit_is_413(server: tuple[str, str]) -> None:
    url, _ = server

    def chunks() -> Iterator[bytes]:
        for _ in range(50):
            yield b"y" * 100

    response = httpx.post(url, content=chunks())  # no Content-Length: the middleware counts
    assert response.status_code == 413


def test_a_valid_key_may_send_more(server: tuple[str, str]) -> None:
    url, token = server
    body = b"z" * (ANONYMOUS * 5)
    assert httpx.post(url, content=body, headers={"authorization": f"Bearer {token}"}).status_code == 200
    assert (
        httpx.post(url, content=body, headers={"authorization": "Bearer eg_aaaaaaaaaaaa_" + "q" * 40}).status_code
        == 413
    )
    assert httpx.post(url, content=b"z" * (KEYED + 1), headers={"authorization": f"Bearer {token}"}).status_code == 413


def test_a_body_that_never_arrives_is_408(server: tuple[str, str]) -> None:
    url, _ = server
    host, port = url.split("//")[1].split("/")[0].split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 500\r\n\r\nabc")
        started = time.monotonic()
        answer = sock.recv(4096)
        assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
        assert time.monotonic() - started < 8
