"""A small HTTP/1.1 load generator: N keep-alive clients posting one body in a loop.

Written on asyncio streams rather than an HTTP client library so that the client spends as
little as possible of the two cores the server also needs (about 30 µs a request).
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from bench.timing import percentile


@dataclass
class LoadResult:
    clients: int
    requests: int
    seconds: float
    latencies_ms: list[float]
    errors: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def p50(self) -> float:
        return percentile(self.latencies_ms, 50)

    @property
    def p95(self) -> float:
        return percentile(self.latencies_ms, 95)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# The server's rate limits would answer 429 to a load generator on one address.
NO_RATE_LIMIT = {"EVENTGRAPH_RATE_LIMIT_IP": "0", "EVENTGRAPH_RATE_LIMIT_KEY": "0"}


@contextmanager
def server(database_url: str, env: dict[str, str] | None = None) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    """`bench.server` in its own process (its own interpreter and GIL), until the block ends."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.server", "--database-url", database_url, "--port", str(port)],
        env={**os.environ, **NO_RATE_LIMIT, **(env or {})},
    )
    try:
        wait_ready(port, process)
        yield port, process
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_ready(
    port: int, process: subprocess.Popen[bytes] | None = None, path: str = "/healthz", timeout: float = 60
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode} before it was ready")
        try:
            status, _ = asyncio.run(_one(port, b"GET " + path.encode() + b" HTTP/1.1\r\nHost: x\r\n\r\n"))
            if status < 500:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"nothing answered on port {port} within {timeout} s")


async def _one(port: int, request: bytes) -> tuple[int, bytes]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(request)
        return await _response(reader)
    finally:
        writer.close()


async def _response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    length = None
    chunked = False
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
    if length is not None:
        return status, await reader.readexactly(length)
    if not chunked:
        raise OSError("response without a length")
    body = bytearray()
    while True:
        size = int((await reader.readuntil(b"\r\n")).strip().split(b";")[0], 16)
        chunk = await reader.readexactly(size + 2)
        if size == 0:
            return status, bytes(body)
        body += chunk[:-2]


def post_request(path: str, body: bytes, headers: dict[str, str] | None = None) -> bytes:
    extra = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Accept: application/json\r\nContent-Length: {len(body)}\r\n{extra}\r\n"
    )
    return head.encode() + body


def load(port: int, request: bytes, clients: int, seconds: float, max_requests: int | None = None) -> LoadResult:
    """Each client sends ``request`` back to back on its own connection for ``seconds``."""
    return asyncio.run(_load(port, request, clients, seconds, max_requests))


async def _load(port: int, request: bytes, clients: int, seconds: float, max_requests: int | None) -> LoadResult:
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds
    budget = [max_requests if max_requests is not None else 1 << 62]

    async def client() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while time.perf_counter() < deadline and budget[0] > 0:
                budget[0] -= 1
                started = time.perf_counter()
                writer.write(request)
                status, _ = await _response(reader)
                latencies.append((time.perf_counter() - started) * 1000)
                if status != 200:
                    errors += 1
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    elapsed = time.perf_counter() - started
    return LoadResult(clients, len(latencies), elapsed, latencies, errors)
