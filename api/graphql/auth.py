"""API keys on requests: `Authorization: Bearer <token>` finds the key; mutations require one."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sqlalchemy import Engine
from strawberry.types import Info

from api.graphql.context import ctx
from api.graphql.errors import Unauthenticated
from api.store.keys import KeyInfo, verify_token

SCHEME = "bearer"


def bearer_token(request: Any) -> str | None:
    """The token of an `Authorization: Bearer …` header, or None when there is none."""
    headers = getattr(request, "headers", None)
    header = headers.get("authorization") if headers is not None else None
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == SCHEME and token.strip() else None


@dataclass
class PendingKey:
    """The token a request carried, checked against the database only when a mutation asks: a query
    (refused by the limits or not) never pays for the lookup."""

    engine: Engine
    token: str = field(repr=False)  # a repr may end up in a log

    @cached_property
    def info(self) -> KeyInfo | None:
        return verify_token(self.engine, self.token)


def api_key_from(engine: Engine, request: Any) -> PendingKey | None:
    """The key a request carries, to be checked when needed; a request without one is a public read."""
    token = bearer_token(request)
    return PendingKey(engine, token) if token else None


def require_key(info: Info) -> KeyInfo:
    """The caller's active key, or an UNAUTHENTICATED error saying what to send."""
    context = ctx(info)
    key = context.api_key.info if isinstance(context.api_key, PendingKey) else context.api_key
    if isinstance(key, KeyInfo):
        return key
    headers = getattr(context.request, "headers", None)
    if headers is not None and headers.get("authorization"):
        raise Unauthenticated("the API key is not valid or has been revoked; send `Authorization: Bearer <key>`")
    raise Unauthenticated(
        "mutations need an API key: send `Authorization: Bearer <key>` (an operator creates one with "
        "`eventgraph keys create NAME`)"
    )
