"""Per-IP and per-key rate limits on the API's endpoints, answered with 429 and Retry-After."""

from __future__ import annotations

import math

import orjson
from starlette.types import ASGIApp, Receive, Scope, Send

from api.guard.buckets import Buckets, Rate
from api.guard.identity import KeyCache, identify

# The pages' static assets, health and metrics probes are not what an abuser would hammer.
LIMITED_PREFIXES = ("/graphql", "/export")


class RateLimitMiddleware:
    def __init__(self, app: ASGIApp, *, buckets: Buckets, keys: KeyCache, per_ip: int, per_key: int) -> None:
        self.app = app
        self.buckets = buckets
        self.keys = keys
        self.ip_rate = Rate.of(per_ip) if per_ip > 0 else None
        self.key_rate = Rate.of(per_key) if per_key > 0 else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or not scope["path"].startswith(LIMITED_PREFIXES):
            await self.app(scope, receive, send)
            return
        client = await identify(scope, self.keys)
        rate = self.key_rate if client.key_name else self.ip_rate
        wait = await self.buckets.take(client.bucket, rate) if rate is not None else 0.0
        if wait <= 0:
            await self.app(scope, receive, send)
            return
        assert rate is not None
        retry_after = max(1, math.ceil(wait))
        if scope["type"] == "websocket":
            # Closing before accepting refuses the handshake (HTTP 403): a socket has no Retry-After.
            await send({"type": "websocket.close", "code": 1008, "reason": f"rate limited; retry in {retry_after}s"})
            return
        who = "this API key" if client.key_name else "this address"
        body = orjson.dumps(
            {
                "errors": [
                    {
                        "message": f"too many requests from {who} (limit {rate.per_minute} a minute): "
                        f"retry in {retry_after} s",
                        "extensions": {"code": "RATE_LIMITED"},
                    }
                ]
            }
        )
        await send(
            {
                "type": "http.response.start",
                "status": 429,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"retry-after", str(retry_after).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
