"""Fixtures: databases (SQLite and PostgreSQL), the pipeline, and a real HTTP server."""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from api.ingest.pipeline import Pipeline
from api.ingest.service import Ingestor
from api.store.db import make_engine, normalize_url
from api.store.migrate import upgrade
from api.store.tables import metadata
from api.store.writer import Store

POSTGRES_ENV = "EVENTGRAPH_TEST_POSTGRES_URL"
IN_CI = os.environ.get("CI", "").lower() == "true"


def _postgres_admin_url() -> str | None:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        if IN_CI:
            pytest.fail(f"{POSTGRES_ENV} is not set: CI must run the PostgreSQL half of the suite")
        return None
    return url


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str | None]:
    """A database of our own for this test run, created and dropped on the given server."""
    yield from migrated_postgres_database()


def migrated_postgres_database() -> Iterator[str | None]:
    admin_url = _postgres_admin_url()
    if admin_url is None:
        yield None
        return
    name = f"eventgraph_test_{uuid.uuid4().hex[:10]}"
    try:
        admin = make_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        message = f"PostgreSQL at {admin_url} is unreachable: {exc}"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    url = make_url(normalize_url(admin_url)).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def truncate_all(engine: Engine) -> None:
    names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated, empty database: a fresh SQLite file, or the run's PostgreSQL database emptied."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'eventgraph.db'}"
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        yield url
        return
    pg_url = request.getfixturevalue("postgres_database")
    if pg_url is None:
        pytest.skip(f"{POSTGRES_ENV} is not set")
    engine = make_engine(pg_url)
    truncate_all(engine)
    engine.dispose()
    yield pg_url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline()


@pytest.fixture
def ingestor(pipeline: Pipeline, engine: Engine) -> Ingestor:
    return Ingestor(pipeline, Store(engine))


class LiveServer:
    def __init__(self, url: str, app: object) -> None:
        self.url = url
        self.app = app

    @property
    def graphql(self) -> str:
        return f"{self.url}/graphql"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def live_server(engine: Engine) -> Iterator[LiveServer]:
    """The real app under uvicorn on a free port, in a thread: tests talk HTTP to it."""
    from api.app import create_app
    from api.settings import Settings

    settings = Settings(database_url=str(engine.url.render_as_string(hide_password=False)))
    app = create_app(settings, engine=engine)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start within 10 s")
        time.sleep(0.02)
    yield LiveServer(f"http://127.0.0.1:{port}", app)
    server.should_exit = True
    thread.join(timeout=10)


def graphql(server: LiveServer, query: str, variables: dict[str, object] | None = None, **headers: str) -> dict:
    """POST a query to the live server and return the decoded response body."""
    import httpx

    response = httpx.post(server.graphql, json={"query": query, "variables": variables or {}}, headers=headers)
    assert response.headers["content-type"].startswith("application/"), response.text
    return dict(response.json())
