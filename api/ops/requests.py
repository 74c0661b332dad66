"""Per request: an id (X-Request-ID, kept from the client when it is sane), bound to every log
line of the request; one access-log line; the HTTP latency histogram. Pure ASGI: no buffering."""

from __future__ import annotations

import re
import time
import uuid

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.ops.metrics import HTTP_LATENCY

HEADER = b"x-request-id"
_SANE = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
log = structlog.get_logger("eventgraph.http")


def request_id(scope: Scope) -> str:
    """The caller's id when a proxy or client sent a usable one, else a new one."""
    for name, value in scope.get("headers") or ():
        if name == HEADER:
            text = value.decode("latin-1")
            if _SANE.match(text):
                return text
    return uuid.uuid4().hex


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        rid = request_id(scope)
        scope.setdefault("state", {})["request_id"] = rid
        started = time.perf_counter()
        status = [500]

        async def send_with_id(message: Message) -> None:
            if message["type"] in ("http.response.start", "websocket.accept"):
                status[0] = message.get("status", 101)
                message["headers"] = [*message.get("headers", []), (HEADER, rid.encode())]
            await send(message)

        with structlog.contextvars.bound_contextvars(request_id=rid):
            try:
                await self.app(scope, receive, send_with_id)
            finally:
                seconds = time.perf_counter() - started
                route = getattr(scope.get("route"), "path", None) or "unmatched"
                if scope["type"] == "http":
                    HTTP_LATENCY.labels(scope["method"], route, str(status[0])).observe(seconds)
                log.info(
                    "request", method=scope.get("method", "WS"), path=scope["path"], route=route,
                    status=status[0], duration_ms=round(seconds * 1000, 2),
                )  # fmt: skip
