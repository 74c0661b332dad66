"""Who is calling: the client's IP address, and the API key when the request carries a valid one.

The key is checked against the database once a minute at most per token (the answer is cached
under the token's SHA-256, never the token itself), so that a made-up token cannot buy a client
its own fresh rate-limit bucket or the larger body allowance of key holders.
"""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict
from dataclasses import dataclass
from types import SimpleNamespace

from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.types import Scope

from api.graphql.auth import bearer_token
from api.store.keys import verify_token

SCOPE_KEY = "eventgraph_client"


@dataclass(frozen=True)
class Client:
    ip: str
    key_name: str | None  # the name of a valid, active API key; never the token

    @property
    def bucket(self) -> str:
        return f"key:{self.key_name}" if self.key_name else f"ip:{self.ip}"


class KeyCache:
    """token digest -> (key name or None, expiry); bounded, oldest dropped first."""

    def __init__(self, engine: Engine, ttl: float = 60.0, size: int = 4096) -> None:
        self.engine = engine
        self.ttl = ttl
        self.size = size
        self.entries: OrderedDict[str, tuple[str | None, float]] = OrderedDict()

    async def key_name(self, token: str) -> str | None:
        digest = hashlib.sha256(token.encode()).hexdigest()
        now = time.monotonic()
        cached = self.entries.get(digest)
        if cached is not None and cached[1] > now:
            return cached[0]
        info = await run_in_threadpool(verify_token, self.engine, token)
        name = info.name if info is not None else None
        self.entries[digest] = (name, now + self.ttl)
        self.entries.move_to_end(digest)
        while len(self.entries) > self.size:
            self.entries.popitem(last=False)
        return name


async def identify(scope: Scope, keys: KeyCache) -> Client:
    """The caller of this request, computed once and kept in the scope for the next middleware."""
    known = scope.get(SCOPE_KEY)
    if isinstance(known, Client):
        return known
    client = scope.get("client")
    ip = client[0] if client else "unknown"
    token = bearer_token(SimpleNamespace(headers=Headers(scope=scope)))  # it reads request.headers
    client_info = Client(ip=ip, key_name=await keys.key_name(token) if token else None)
    scope[SCOPE_KEY] = client_info
    return client_info
