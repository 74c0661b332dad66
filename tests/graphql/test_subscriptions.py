from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import date
from typing import Any

import httpx
import pytest
import websockets
from sqlalchemy import Engine

from api.store.keys import create_key
from api.store.writer import Store
from tests.conftest import LiveServer, free_port, graphql
from tests.factories import AIN_AL_ASAD, SOURCES, TAJI, extraction, rocket_attack
from tests.shared import shared_path

ADDED = "subscription($filter: EventFilter) { eventAdded(filter: $filter) { id countryCode reportCount } }"
UPDATED = "subscription($filter: EventFilter) { eventUpdated(filter: $filter) { id fatalities { best } } }"
INGEST = "mutation($input: IngestArticleInput!) { ingestArticle(input: $input) { eventsCreated events { id } } }"
CORRECT = (
    "mutation($id: ID!, $best: Int!) { correctEvent(id: $id, input: {fatalities: {best: $best}}) { event { id } } }"
)
SPLIT = "mutation($id: ID!, $r: [ID!]!) { splitEvent(id: $id, reportIds: $r) { newEvent { id } } }"
MERGE = "mutation($ids: [ID!]!) { mergeEvents(ids: $ids) { event { id } } }"
EVENTS = "{ events(first: 100, orderBy: {field: DATE, direction: ASC}) { nodes { id reports { id } } } }"
TAJI_TEXT = ("corpus", "jpost", "jpost-2020-06-13-camp-taji-rockets.txt")
WAIT = 20.0


class Client:
    """A graphql-transport-ws client: one socket, several subscriptions told apart by id."""

    def __init__(self, socket: Any) -> None:
        self.socket = socket
        self.inbox: dict[str, list[dict[str, Any]]] = {}

    async def subscribe(self, sub_id: str, query: str, variables: dict[str, Any] | None = None) -> None:
        self.inbox[sub_id] = []
        message = {"id": sub_id, "type": "subscribe", "payload": {"query": query, "variables": variables or {}}}
        await self.socket.send(json.dumps(message))

    async def receive(self, sub_id: str, count: int, timeout: float = WAIT) -> list[dict[str, Any]]:
        """Wait until ``sub_id`` has ``count`` messages; messages for other ids are kept for later."""
        deadline = time.monotonic() + timeout
        while len(self.inbox[sub_id]) < count:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{sub_id}: got {self.inbox[sub_id]} within {timeout}s, wanted {count}")
            try:
                raw = await asyncio.wait_for(self.socket.recv(), left)
            except TimeoutError:
                continue
            message = json.loads(raw)
            if message["type"] in ("next", "error"):
                self.inbox.setdefault(message["id"], []).append(message)
        return self.inbox[sub_id]

    async def quiet(self, seconds: float = 0.5) -> None:
        """Collect whatever arrives for a while (to show that nothing did)."""
        with_deadline = time.monotonic() + seconds
        while (left := with_deadline - time.monotonic()) > 0:
            try:
                message = json.loads(await asyncio.wait_for(self.socket.recv(), left))
            except TimeoutError:
                return
            self.inbox.setdefault(message.get("id", ""), []).append(message)


@asynccontextmanager
async def connect(http_url: str) -> AsyncIterator[Client]:
    ws_url = http_url.replace("http://", "ws://", 1) + "/graphql"
    async with websockets.connect(ws_url, subprotocols=["graphql-transport-ws"]) as socket:
        await socket.send(json.dumps({"type": "connection_init", "payload": {}}))
        assert json.loads(await socket.recv())["type"] == "connection_ack"
        yield Client(socket)


async def until_subscribed(server: LiveServer, count: int) -> None:
    broadcaster = server.app.state.eventgraph.broadcaster  # type: ignore[attr-defined]
    deadline = time.monotonic() + WAIT
    while broadcaster.subscriber_count < count:
        assert time.monotonic() < deadline, "the subscriptions did not start"
        await asyncio.sleep(0.02)


async def post(url: str, query: str, variables: dict[str, Any], token: str | None = None) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with httpx.AsyncClient(timeout=120) as client:
        response = await client.post(f"{url}/graphql", json={"query": query, "variables": variables}, headers=headers)
    body = response.json()
    assert "errors" not in body, body
    return dict(body["data"])


def taji_input() -> dict[str, Any]:
    return {
        "text": shared_path(*TAJI_TEXT).read_text(),
        "source": "jpost",
        "url": "https://www.jpost.com/middle-east/camp-taji-rockets",
        "publishedAt": "2020-06-13T19:30:00Z",
    }


def ids(messages: list[dict[str, Any]], field: str) -> list[str]:
    return [m["payload"]["data"][field]["id"] for m in messages]


async def test_event_added_after_ingest_article_with_filters(engine: Engine, live_server: LiveServer) -> None:
    _, token = create_key(engine, "ingest-bot")
    async with connect(live_server.url) as client:
        await client.subscribe("iraq", ADDED, {"filter": {"countries": ["IQ"]}})
        await client.subscribe("france", ADDED, {"filter": {"countries": ["FR"]}})
        await client.subscribe("updates", UPDATED)
        await until_subscribed(live_server, 3)
        result = (await post(live_server.url, INGEST, {"input": taji_input()}, token))["ingestArticle"]
        assert result["eventsCreated"] >= 1
        iraq = graphql(live_server, '{ events(first: 100, filter: {countries: ["IQ"]}) { nodes { id } } }')
        expected = sorted(n["id"] for n in iraq["data"]["events"]["nodes"])
        received = await client.receive("iraq", len(expected))
        assert sorted(ids(received, "eventAdded")) == expected
        await client.quiet()
        assert client.inbox["france"] == [] and client.inbox["updates"] == []
        assert len(client.inbox["iraq"]) == len(expected)  # each event once


async def test_event_updated_and_added_by_edits(engine: Engine, live_server: LiveServer) -> None:
    store = Store(engine)
    store.register_sources(SOURCES)
    store.save(extraction("reuters", "a", [rocket_attack(date(2020, 1, 8), AIN_AL_ASAD, killed=0)]))
    store.save(extraction("jpost", "b", [rocket_attack(date(2020, 3, 11), TAJI, killed=3)]))
    store.save(extraction("tasnim", "c", [rocket_attack(date(2020, 3, 11), TAJI, killed=3)]))
    events = graphql(live_server, EVENTS)["data"]["events"]["nodes"]
    asad, taji = events[0], events[1]
    _, token = create_key(engine, "editor")
    async with connect(live_server.url) as client:
        await client.subscribe("deadly", UPDATED, {"filter": {"fatalitiesMin": 10}})
        await client.subscribe("added", ADDED)
        await client.subscribe("removed", "subscription { eventRemoved { eventId kind mergedInto } }")
        await until_subscribed(live_server, 3)
        await post(live_server.url, CORRECT, {"id": taji["id"], "best": 2}, token)  # below the filter
        await post(live_server.url, CORRECT, {"id": asad["id"], "best": 11}, token)
        [update] = await client.receive("deadly", 1)
        assert update["payload"]["data"]["eventUpdated"] == {"id": asad["id"], "fatalities": {"best": 11}}
        split = await post(live_server.url, SPLIT, {"id": taji["id"], "r": [taji["reports"][1]["id"]]}, token)
        [added] = await client.receive("added", 1)
        new = split["splitEvent"]["newEvent"]["id"]
        assert added["payload"]["data"]["eventAdded"]["id"] == new
        await post(live_server.url, MERGE, {"ids": [taji["id"], new]}, token)
        [removed] = await client.receive("removed", 1)
        assert removed["payload"]["data"]["eventRemoved"] == {
            "eventId": new,
            "kind": "MERGED_AWAY",
            "mergedInto": taji["id"],
        }
        await client.quiet()
        assert len(client.inbox["deadly"]) == 1 and len(client.inbox["added"]) == 1


async def test_a_bad_filter_is_refused_on_subscribe(engine: Engine, live_server: LiveServer) -> None:
    async with connect(live_server.url) as client:
        await client.subscribe("bad", ADDED, {"filter": {"countries": ["Iraq"]}})
        [message] = await client.receive("bad", 1)
        assert message["type"] in ("error", "next")
        errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
        assert "ISO 3166-1 alpha-2" in errors[0]["message"]


# -- several processes on PostgreSQL ---------------------------------------------------------------
@contextmanager
def server_process(database_url: str) -> Iterator[str]:
    """`uvicorn api.app:create_app` in its own process, as an operator runs several workers."""
    port = free_port()
    env = {**os.environ, "EVENTGRAPH_DATABASE_URL": database_url}
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited: {process.stderr.read().decode() if process.stderr else ''}")
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not start within 30 s")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def postgres_url(database_url: str) -> str:
    if not database_url.startswith("postgresql"):
        pytest.skip("LISTEN/NOTIFY across processes is PostgreSQL's; SQLite serves one process")
    return database_url


@pytest.mark.slow  # two server processes to start: 10 s, nearer 20 s on a loaded machine
async def test_two_server_processes_share_subscriptions(engine: Engine, postgres_url: str) -> None:
    _, token = create_key(engine, "ingest-bot")
    with server_process(postgres_url) as one, server_process(postgres_url) as two:
        async with connect(one) as client:
            await client.subscribe("added", ADDED, {"filter": {"countries": ["IQ"]}})
            await client.subscribe("updated", UPDATED)
            await asyncio.sleep(1.0)  # the subscription starts on the server after `subscribe`; no ack exists
            ingested = (await post(two, INGEST, {"input": taji_input()}, token))["ingestArticle"]
            created = sorted(e["id"] for e in ingested["events"])
            assert created, "the Camp Taji article reports several attacks"
            iraq = await post(one, '{ events(first: 100, filter: {countries: ["IQ"]}) { nodes { id } } }', {})
            expected = sorted(n["id"] for n in iraq["events"]["nodes"])
            assert expected and set(expected) <= set(created)
            received = await client.receive("added", len(expected))
            assert sorted(ids(received, "eventAdded")) == expected

            await post(two, CORRECT, {"id": created[0], "best": 7}, token)
            [update] = await client.receive("updated", 1)
            assert update["payload"]["data"]["eventUpdated"] == {"id": created[0], "fatalities": {"best": 7}}
