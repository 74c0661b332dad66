"""Guards in front of the app: rate limits, body size and read time. See docs/security.md."""

from __future__ import annotations

from sqlalchemy import Engine
from starlette.applications import Starlette

from api.guard.body import BodyLimitMiddleware
from api.guard.buckets import make_buckets
from api.guard.identity import KeyCache
from api.guard.ratelimit import RateLimitMiddleware
from api.ingest.files import MAX_BYTES
from api.settings import Settings

# A key holder may send an article of up to MAX_BYTES inside JSON, where escaping can double it.
KEYED_BODY_BYTES = 2 * MAX_BYTES + 1024 * 1024


def install_guards(app: Starlette, settings: Settings, engine: Engine) -> None:
    """Add the middleware; the rate limit runs first, so a flood never reaches the body reader."""
    keys = KeyCache(engine)
    app.add_middleware(
        BodyLimitMiddleware,
        keys=keys,
        anonymous=settings.max_body_bytes,
        keyed=max(KEYED_BODY_BYTES, settings.max_body_bytes),
    )
    app.add_middleware(
        RateLimitMiddleware,
        buckets=make_buckets(settings.redis_url),
        keys=keys,
        per_ip=settings.rate_limit_ip,
        per_key=settings.rate_limit_key,
    )
