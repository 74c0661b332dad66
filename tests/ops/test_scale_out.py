"""docs/deployment.md, run: two API processes and two ingest processes on one PostgreSQL.

Both ingest processes are given the same real pages at the same time, in opposite orders, so
they race for the same articles and the same events. The database's uniqueness constraints and
the writer's advisory locks must leave exactly what one process alone would have stored; a
subscriber on one API process must hear about events the ingest processes stored; and both API
processes, which share nothing but the database, must answer alike.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import websockets
from sqlalchemy import text
from sqlalchemy.engine import make_url

from api.settings import SEEDS_DIR
from api.store.db import make_engine, normalize_url
from api.store.migrate import upgrade
from tests.conftest import free_port, truncate_all
from tests.shared import shared_path

pytestmark = pytest.mark.slow
EVENTS = "query Count { events(first: 100) { totalCount nodes { id reportCount } } }"
ADDED = "subscription { eventAdded { id } }"


def documents() -> list[Path]:
    pages = [p for p in shared_path("corpus").rglob("*") if p.suffix in (".html", ".txt")]
    seeds = [p for p in SEEDS_DIR.joinpath("articles").rglob("*") if p.suffix in (".html", ".txt")]
    return sorted(pages) + sorted(seeds)


def environment(url: str) -> dict[str, str]:
    return {**os.environ, "EVENTGRAPH_DATABASE_URL": url, "EVENTGRAPH_RATE_LIMIT_IP": "0"}


@contextmanager
def api_process(url: str) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning"],
        env=environment(url), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"an API process exited: {process.stderr.read().decode() if process.stderr else ''}")
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "an API process did not start within 60 s"
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def ingest_process(url: str, paths: list[Path]) -> subprocess.Popen[str]:
    command = [sys.executable, "-c", "from api.cli.main import main; main()", "ingest", "--json", *map(str, paths)]
    return subprocess.Popen(command, env=environment(url), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.fixture
def second_database(postgres_database: str | None) -> Iterator[str]:
    """A database of its own for the one-process baseline."""
    if postgres_database is None:
        pytest.skip("two API and two ingest processes need PostgreSQL (EVENTGRAPH_TEST_POSTGRES_URL)")
    name = f"eventgraph_baseline_{uuid.uuid4().hex[:8]}"
    admin = make_engine(os.environ["EVENTGRAPH_TEST_POSTGRES_URL"], isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(normalize_url(postgres_database)).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def stored(url: str) -> dict[str, Any]:
    """What the ingest left: reports per article URL, and the counts that must not double."""
    engine = make_engine(url)
    with engine.connect() as connection:
        per_article = dict(connection.execute(text(
            "SELECT a.url, count(r.id) FROM articles a LEFT JOIN reports r ON r.article_id = a.id GROUP BY a.url"
        )).all())  # fmt: skip
        counts = {
            table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in ("articles", "reports", "locations", "actors")
        }
        counts["live events"] = connection.execute(
            text("SELECT count(*) FROM events WHERE merged_into_id IS NULL")
        ).scalar_one()
    engine.dispose()
    return {"per_article": per_article, **counts}


async def listen(base: str, ready: asyncio.Event, received: list[dict[str, Any]], stop: asyncio.Event) -> None:
    socket_url = base.replace("http://", "ws://") + "/graphql"
    async with websockets.connect(socket_url, subprotocols=["graphql-transport-ws"]) as socket:
        await socket.send(json.dumps({"type": "connection_init", "payload": {}}))
        assert json.loads(await socket.recv())["type"] == "connection_ack"
        await socket.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": ADDED}}))
        await asyncio.sleep(1.0)  # the server has registered the subscription before anything is stored
        ready.set()
        while not stop.is_set():
            try:
                message = json.loads(await asyncio.wait_for(socket.recv(), 0.5))
            except TimeoutError:
                continue
            if message.get("type") == "next":
                received.append(message["payload"])


def test_two_api_and_two_ingest_processes_on_one_database(postgres_database: str | None, second_database: str) -> None:
    assert postgres_database is not None
    url = postgres_database
    # The run's shared database may hold what earlier tests stored: start from empty tables.
    engine = make_engine(url)
    truncate_all(engine)
    engine.dispose()
    paths = documents()
    assert len(paths) >= 10

    baseline = ingest_process(second_database, paths)
    _, errors = baseline.communicate(timeout=600)
    assert baseline.returncode == 0, errors
    expected = stored(second_database)
    assert expected["reports"] > 0

    async def scenario() -> tuple[list[dict[str, Any]], list[str]]:
        received: list[dict[str, Any]] = []
        ready, stop = asyncio.Event(), asyncio.Event()
        with api_process(url) as first, api_process(url) as second:
            listener = asyncio.create_task(listen(first, ready, received, stop))
            await asyncio.wait_for(ready.wait(), 30)
            workers = [ingest_process(url, paths), ingest_process(url, list(reversed(paths)))]
            outputs = []
            for worker in workers:
                out, err = await asyncio.to_thread(worker.communicate, timeout=600)
                assert worker.returncode == 0, err
                outputs.append(out)
            deadline = time.monotonic() + 20
            while len(received) < expected["live events"] and time.monotonic() < deadline:
                await asyncio.sleep(0.2)
            stop.set()
            await listener
            answers = []
            for base in (first, second):
                async with httpx.AsyncClient(timeout=60) as client:
                    response = await client.post(f"{base}/graphql", json={"query": EVENTS})
                answers.append(json.dumps(response.json(), sort_keys=True))
        return received, answers, outputs  # type: ignore[return-value]

    received, answers, outputs = asyncio.run(scenario())  # type: ignore[misc]
    summaries = [json.loads(out) for out in outputs]
    after = stored(url)

    # Nothing stored twice: every article once, with the reports one process alone gives it.
    assert after["per_article"] == expected["per_article"]
    for key in ("articles", "reports", "locations", "actors"):
        assert after[key] == expected[key], key
    # Between them the two processes stored each article once; the other found it already there.
    assert sum(s["articles_stored"] for s in summaries) == expected["articles"]
    assert sum(s["unchanged"] for s in summaries) == len(paths) * 2 - expected["articles"] - sum(
        len(s["failures"]) for s in summaries
    )
    # The subscriber on one API process heard of events the ingest processes created.
    assert received, "no eventAdded reached the subscriber"
    assert all("errors" not in message for message in received)
    # The two API processes share nothing but the database, and answer alike.
    assert answers[0] == answers[1]
    assert json.loads(answers[0])["data"]["events"]["totalCount"] == after["live events"]
