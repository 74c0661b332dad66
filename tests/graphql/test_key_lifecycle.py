"""An API key's life over HTTP: `eventgraph keys create` (the real command, in its own process)
gives a token that mutations accept as `Authorization: Bearer`; after `keys revoke` they refuse it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import Engine

from tests.conftest import LiveServer, graphql
from tests.graphql.test_mutations import CORRECT, code, event_ids, ok, seed_two_reports

EVENTGRAPH = Path(sys.executable).with_name("eventgraph")


def cli(engine: Engine, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "EVENTGRAPH_DATABASE_URL": engine.url.render_as_string(hide_password=False)}
    return subprocess.run([str(EVENTGRAPH), "keys", *args], env=env, capture_output=True, text=True, timeout=120)


def test_a_key_from_the_command_works_until_revoked(engine: Engine, live_server: LiveServer) -> None:
    seed_two_reports(engine)
    event = event_ids(live_server)[0]
    created = cli(engine, "create", "night-desk")
    assert created.returncode == 0, created.stderr
    token = created.stdout.strip()
    bearer = {"Authorization": f"Bearer {token}"}
    change = ok(graphql(live_server, CORRECT, {"id": event, "input": {"injuries": 2}}, **bearer))["correctEvent"]
    assert change["change"]["apiKeyName"] == "night-desk" and change["event"]["injuries"] == 2
    revoked = cli(engine, "revoke", "night-desk")
    assert revoked.returncode == 0, revoked.stderr
    refused = graphql(live_server, CORRECT, {"id": event, "input": {"injuries": 5}}, **bearer)
    assert code(refused) == "UNAUTHENTICATED" and "revoked" in refused["errors"][0]["message"]
    assert ok(graphql(live_server, "query($id: ID!) { event(id: $id) { injuries } }", {"id": event}))["event"] == {
        "injuries": 2
    }
