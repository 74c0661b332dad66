"""Request bodies: refused with 413 past a size limit, with 408 when they trickle in too slowly.

The limit is checked against Content-Length before anything is read, and again while the body
streams in (a chunked body has no length to check). Callers with a valid API key may send
articles to ingest, so their limit is the ingest limit plus room for JSON escaping.
"""

from __future__ import annotations

import asyncio
import time

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.guard.identity import KeyCache, identify


class BodyRefused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, *, keys: KeyCache, anonymous: int, keyed: int, read_seconds: float = 30.0) -> None:
        self.app = app
        self.keys = keys
        self.anonymous = anonymous
        self.keyed = keyed
        self.read_seconds = read_seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        client = await identify(scope, self.keys)
        limit = self.keyed if client.key_name else self.anonymous
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await refuse(send, 413, f"the request body is {declared:,} bytes; the limit is {limit:,}")
            return
        started = False
        received = 0
        body_done = False
        deadline = time.monotonic() + self.read_seconds

        async def limited_receive() -> Message:
            nonlocal received, body_done
            if body_done:
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), timeout=max(0.0, deadline - time.monotonic()))
            except TimeoutError:
                raise BodyRefused(408, f"the request body did not arrive within {self.read_seconds:g} s") from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyRefused(413, f"the request body is over the limit of {limit:,} bytes")
                body_done = not message.get("more_body", False)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyRefused as exc:
            if started:
                raise
            await refuse(send, exc.status, exc.message)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def refuse(send: Send, status: int, message: str) -> None:
    body = orjson.dumps({"errors": [{"message": message, "extensions": {"code": "BAD_REQUEST_BODY"}}]})
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
