"""API keys for the mutations: created with a random token shown once, stored hashed, revocable.

A token looks like ``eg_<prefix>_<secret>``. The prefix finds the row with one indexed lookup;
the stored SHA-256 of the whole token is compared in constant time. The secret carries 256 bits
of randomness, so a slow password hash would add nothing but latency.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, select, update
from sqlalchemy.exc import IntegrityError

from api.errors import EventgraphError
from api.store.tables import ApiKey

TOKEN_PREFIX = "eg_"
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_TOKEN_PATTERN = re.compile(r"^eg_([a-z0-9]{12})_([A-Za-z0-9_-]{20,})$")

keys_t = ApiKey.__table__  # type: ignore[attr-defined]


class ApiKeyError(EventgraphError):
    """A key cannot be created or revoked as asked."""

    code = "API_KEY_ERROR"


@dataclass(frozen=True)
class KeyInfo:
    name: str
    prefix: str
    created_at: datetime
    revoked_at: datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _info(row: object) -> KeyInfo:
    return KeyInfo(row.name, row.prefix, row.created_at, row.revoked_at)  # type: ignore[attr-defined]


def create_key(engine: Engine, name: str) -> tuple[KeyInfo, str]:
    """A new key named ``name`` and its token; the token is not stored and cannot be shown again."""
    if not NAME_PATTERN.match(name):
        raise ApiKeyError(
            f"key name {name!r}: use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit"
        )
    prefix = secrets.token_hex(6)
    token = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    created = datetime.now(UTC)
    try:
        with engine.begin() as connection:
            connection.execute(
                keys_t.insert().values(name=name, prefix=prefix, secret_hash=_hash(token), created_at=created)
            )
    except IntegrityError:
        raise ApiKeyError(f"a key named {name!r} exists or existed; names are never reused, choose another") from None
    return KeyInfo(name, prefix, created, None), token


def list_keys(engine: Engine) -> list[KeyInfo]:
    with engine.connect() as connection:
        return [_info(r) for r in connection.execute(select(keys_t).order_by(keys_t.c.name))]


def revoke_key(engine: Engine, name: str) -> KeyInfo:
    """Revoke the key named ``name``; revoking a revoked key changes nothing."""
    with engine.begin() as connection:
        connection.execute(
            update(keys_t)
            .where(keys_t.c.name == name, keys_t.c.revoked_at.is_(None))
            .values(revoked_at=datetime.now(UTC))
        )
        row = connection.execute(select(keys_t).where(keys_t.c.name == name)).first()
    if row is None:
        raise ApiKeyError(f"no key named {name!r} (see `eventgraph keys list`)")
    return _info(row)


def verify_token(engine: Engine, token: str) -> KeyInfo | None:
    """The active key this token belongs to, or None. Never logs or echoes the token."""
    match = _TOKEN_PATTERN.match(token.strip())
    if match is None:
        return None
    with engine.connect() as connection:
        row = connection.execute(select(keys_t).where(keys_t.c.prefix == match.group(1))).first()
    # Compare even when no row was found, so timing does not tell whether a prefix exists.
    expected = row.secret_hash if row is not None else _hash("")
    if not hmac.compare_digest(expected, _hash(token.strip())) or row is None or row.revoked_at is not None:
        return None
    return _info(row)
