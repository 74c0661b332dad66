from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from api.cli.main import app
from api.store.db import make_engine
from api.store.keys import verify_token


@pytest.fixture
def runner(database_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("EVENTGRAPH_DATABASE_URL", database_url)
    return CliRunner()


def test_create_prints_a_working_token_once_then_list_and_revoke(runner: CliRunner, database_url: str) -> None:
    created = runner.invoke(app, ["keys", "create", "newsroom"])
    assert created.exit_code == 0, created.output
    token = created.stdout.strip()
    assert token.startswith("eg_") and "\n" not in token  # the token alone on stdout, for scripts
    engine = make_engine(database_url)
    try:
        assert verify_token(engine, token) is not None

        listed = runner.invoke(app, ["keys", "list", "--json"])
        assert listed.exit_code == 0
        keys = json.loads(listed.stdout)
        assert [(k["name"], k["revoked_at"]) for k in keys] == [("newsroom", None)]
        assert token not in listed.stdout  # tokens are never shown again

        revoked = runner.invoke(app, ["keys", "revoke", "newsroom"])
        assert revoked.exit_code == 0 and "revoked" in revoked.stdout
        assert verify_token(engine, token) is None
        assert json.loads(runner.invoke(app, ["keys", "list", "--json"]).stdout)[0]["revoked_at"] is not None
    finally:
        engine.dispose()


def test_errors_exit_non_zero_and_say_why(runner: CliRunner) -> None:
    assert runner.invoke(app, ["keys", "create", "ops"]).exit_code == 0
    again = runner.invoke(app, ["keys", "create", "ops"])
    assert again.exit_code == 1 and "never reused" in again.stderr
    bad = runner.invoke(app, ["keys", "create", "two words"])
    assert bad.exit_code == 1 and "letters, digits" in bad.stderr
    missing = runner.invoke(app, ["keys", "revoke", "ghost"])
    assert missing.exit_code == 1 and "no key named 'ghost'" in missing.stderr
