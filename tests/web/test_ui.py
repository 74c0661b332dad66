"""The pages: `/` (events map) and GET /graphql in a browser (GraphiQL), both on local assets only."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import websockets
from websockets.typing import Subprotocol

from api.app import create_app
from api.settings import Settings
from api.store.db import make_engine
from api.store.migrate import upgrade
from api.web.examples import load_examples
from tests.conftest import LiveServer
from tests.web.support import require_node_modules

HTML = {"Accept": "text/html"}
ASSET = re.compile(r'<(?:script[^>]*\ssrc|link[^>]*\shref)="([^"]+)"')


@pytest.fixture
async def http(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    url = f"sqlite:///{tmp_path / 'web.db'}"
    engine = make_engine(url)
    upgrade(engine)
    app = create_app(Settings(database_url=url), engine=engine)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1") as client:
        yield client
    engine.dispose()


def config_of(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="eventgraph-config">(.*?)</script>', page, re.S)
    assert found, "the page carries its config"
    return dict(json.loads(found.group(1)))


async def assert_assets_local_and_served(http: httpx.AsyncClient, page: str) -> list[str]:
    urls = [u for u in ASSET.findall(page) if not u.startswith("data:")]
    assert urls, "the page names its assets"
    for url in urls:
        assert url.startswith("/"), f"{url} is not served by this server: the page would break offline"
        response = await http.get(url)
        assert response.status_code == 200, url
        assert "immutable" in response.headers["cache-control"], url
    return urls


async def test_events_page_loads_only_local_assets(http: httpx.AsyncClient) -> None:
    require_node_modules()
    response = await http.get("/")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-cache"
    urls = await assert_assets_local_and_served(http, response.text)
    assert any("/d3-geo@" in u for u in urls) and any("/graphql-ws@" in u for u in urls)
    config = config_of(response.text)
    assert config["endpoint"] == "/graphql"
    borders = await http.get(config["borders"])
    assert borders.status_code == 200 and borders.json()["type"] == "Topology"


async def test_graphiql_page_is_our_own_with_every_example_as_a_tab(http: httpx.AsyncClient) -> None:
    require_node_modules()
    response = await http.get("/graphql", headers=HTML)
    assert response.status_code == 200
    assert "unpkg" not in response.text and "cdn" not in response.text.lower()
    urls = await assert_assets_local_and_served(http, response.text)
    assert any("/graphiql@" in u for u in urls) and any("/@graphiql/plugin-explorer@" in u for u in urls)
    tabs = config_of(response.text)["tabs"]
    examples = load_examples()
    assert [tab["query"] for tab in tabs] == [e.query for e in examples]  # all valid on the served schema
    ingest = next(tab for tab in tabs if "mutation IngestArticle" in tab["query"])
    assert "Authorization" in json.loads(ingest["headers"])
    assert json.loads(ingest["variables"])["input"]["text"]


async def test_queries_still_work_on_get_and_post(http: httpx.AsyncClient) -> None:
    post = await http.post("/graphql", json={"query": "{ sources { key } }"})
    assert post.status_code == 200 and "errors" not in post.json()
    get = await http.get("/graphql", params={"query": "{ sources { key } }"}, headers={"Accept": "application/json"})
    assert get.status_code == 200 and "errors" not in get.json()


async def test_without_node_modules_the_pages_say_how_to_install_them(
    http: httpx.AsyncClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EVENTGRAPH_NODE_MODULES", str(tmp_path / "nowhere"))
    url = f"sqlite:///{tmp_path / 'bare.db'}"
    engine = make_engine(url)
    upgrade(engine)
    app = create_app(Settings(database_url=url), engine=engine)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1") as bare:
        for path in ("/", "/graphql"):
            response = await bare.get(path, headers=HTML)
            assert response.status_code == 503, path
            assert "make serve" in response.text and "npm ci" in response.text, path
            assert "nowhere" in response.text  # names where it looked
        asset = await bare.get("/assets/npm/react@18.2.0/umd/react.production.min.js")
        assert asset.status_code == 503 and "npm ci" in asset.text
        api = await bare.post("/graphql", json={"query": "{ sources { key } }"})
        assert api.status_code == 200 and "errors" not in api.json()  # the API does not need them
    engine.dispose()


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """SQLite only for the live server below: the pages do not depend on the database kind."""
    url = f"sqlite:///{tmp_path / 'live.db'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


async def test_subscription_messages_are_text_frames_browsers_accept(live_server: LiveServer) -> None:
    # graphql-ws in a browser closes the socket on a binary frame: every message must be text.
    url = live_server.url.replace("http://", "ws://") + "/graphql"
    async with websockets.connect(url, subprotocols=[Subprotocol("graphql-transport-ws")]) as ws:
        await ws.send(json.dumps({"type": "connection_init"}))
        ack = await asyncio.wait_for(ws.recv(), 5)
        assert isinstance(ack, str) and json.loads(ack) == {"type": "connection_ack"}
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": "subscription { nope }"}}))
        error = await asyncio.wait_for(ws.recv(), 5)
        assert isinstance(error, str) and json.loads(error)["type"] == "error"
