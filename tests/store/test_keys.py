from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from api.store.keys import ApiKeyError, create_key, keys_t, list_keys, revoke_key, verify_token


def test_a_created_key_verifies_and_only_its_hash_is_stored(engine: Engine) -> None:
    info, token = create_key(engine, "dashboard")
    assert token.startswith(f"eg_{info.prefix}_") and len(token) > 50
    assert verify_token(engine, token) == info
    with engine.connect() as connection:
        row = connection.execute(select(keys_t)).one()
    assert token not in {str(value) for value in row} and row.secret_hash != token
    assert row.name == "dashboard" and row.revoked_at is None


def test_wrong_secret_unknown_prefix_and_junk_are_refused(engine: Engine) -> None:
    info, token = create_key(engine, "dashboard")
    tampered = token[:-4] + ("aaaa" if not token.endswith("aaaa") else "bbbb")
    assert verify_token(engine, tampered) is None
    other_prefix = token.replace(info.prefix, "0" * 12, 1)
    assert verify_token(engine, other_prefix) is None
    for junk in ("", "Bearer x", "eg_", "eg_short_x", token.upper()):
        assert verify_token(engine, junk) is None


def test_revoked_keys_stop_working_and_names_are_never_reused(engine: Engine) -> None:
    _, token = create_key(engine, "ci-bot")
    _, other = create_key(engine, "analyst")
    revoked = revoke_key(engine, "ci-bot")
    assert revoked.revoked_at is not None and not revoked.active
    assert verify_token(engine, token) is None
    assert verify_token(engine, other) is not None
    assert revoke_key(engine, "ci-bot").revoked_at == revoked.revoked_at  # revoking twice changes nothing
    with pytest.raises(ApiKeyError, match="never reused"):
        create_key(engine, "ci-bot")
    assert [(k.name, k.active) for k in list_keys(engine)] == [("analyst", True), ("ci-bot", False)]


@pytest.mark.parametrize("name", ["", "has space", "-leading-dash", "x" * 65, "naïve"])
def test_bad_names_are_refused_with_the_rule(engine: Engine, name: str) -> None:
    with pytest.raises(ApiKeyError, match="letters, digits"):
        create_key(engine, name)


def test_revoking_an_unknown_key_names_it(engine: Engine) -> None:
    with pytest.raises(ApiKeyError, match="no key named 'ghost'"):
        revoke_key(engine, "ghost")
