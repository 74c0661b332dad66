"""Token buckets: in process memory by default, in Redis when several processes must share them.

A bucket holds up to ``burst`` tokens and refills at ``per_minute / 60`` tokens a second; a
request takes one token or is told how long until one is there. In memory each process counts
on its own, so N API processes behind a load balancer allow up to N times the configured rate;
with EVENTGRAPH_REDIS_URL set, every process draws from the same buckets.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any, Protocol

log = logging.getLogger("eventgraph.guard")


@dataclass(frozen=True)
class Rate:
    per_minute: int
    burst: int

    @classmethod
    def of(cls, per_minute: int) -> Rate:
        # A quarter of a minute's allowance may come at once: enough for a page's burst of queries.
        return cls(per_minute, max(10, per_minute // 4))

    @property
    def per_second(self) -> float:
        return self.per_minute / 60.0


class Buckets(Protocol):
    async def take(self, key: str, rate: Rate) -> float:
        """0 when a token was taken, else the seconds until one will be there."""
        ...


class MemoryBuckets:
    """Buckets in this process. Idle buckets are full again, so they are dropped now and then."""

    def __init__(self, clock: Any = time.monotonic, max_keys: int = 100_000) -> None:
        self.clock = clock
        self.max_keys = max_keys
        self.state: dict[str, tuple[float, float]] = {}  # key -> (tokens, when)

    async def take(self, key: str, rate: Rate) -> float:
        now = self.clock()
        tokens, when = self.state.get(key, (float(rate.burst), now))
        tokens = min(float(rate.burst), tokens + (now - when) * rate.per_second)
        if tokens >= 1.0:
            self.state[key] = (tokens - 1.0, now)
            wait = 0.0
        else:
            self.state[key] = (tokens, now)
            wait = (1.0 - tokens) / rate.per_second
        if len(self.state) > self.max_keys:
            self._prune(now, rate)
        return wait

    def _prune(self, now: float, rate: Rate) -> None:
        full_after = rate.burst / rate.per_second
        self.state = {k: v for k, v in self.state.items() if now - v[1] < full_after}
        while len(self.state) > self.max_keys:  # still too many clients at once: forget the oldest
            self.state.pop(next(iter(self.state)))


# Atomic in Redis, with Redis's clock so that processes on different hosts agree.
_TAKE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'when')
local tokens = tonumber(state[1]) or burst
local when = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - when) * rate)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = (1 - tokens) / rate end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'when', tostring(now))
redis.call('EXPIRE', KEYS[1], math.ceil(burst / rate) + 1)
return tostring(wait)
"""


class RedisBuckets:
    """Buckets shared by every process through Redis. When Redis is down, requests pass (and we log)."""

    def __init__(self, url: str, prefix: str = "eventgraph:rate:") -> None:
        import redis.asyncio as redis

        self.client = redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self.script = self.client.register_script(_TAKE)
        self.prefix = prefix
        self._last_warning = 0.0

    async def take(self, key: str, rate: Rate) -> float:
        try:
            answer = await self.script(keys=[self.prefix + key], args=[rate.per_second, rate.burst])
        except Exception as exc:  # failing open: an outage of Redis must not become an outage of the API
            if time.monotonic() - self._last_warning > 60:
                self._last_warning = time.monotonic()
                log.warning("rate limiting is off while Redis is unreachable: %s", type(exc).__name__)
            return 0.0
        return float(answer.decode() if isinstance(answer, bytes) else answer)


def make_buckets(redis_url: str | None) -> Buckets:
    return RedisBuckets(redis_url) if redis_url else MemoryBuckets()
