"""Real servers for the protocol, abuse and crash tests: an app with chosen settings under uvicorn."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from sqlalchemy import Engine

from api.app import create_app
from api.ingest.pipeline import Pipeline
from api.ingest.seed import seed
from api.ingest.service import Ingestor
from api.settings import Settings
from api.store.db import make_engine
from api.store.migrate import upgrade
from api.store.writer import Store

REPO = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI", "").lower() == "true"
# Rate limits off unless a test asks for them: these tests send hundreds of requests on purpose.
UNLIMITED = {"rate_limit_ip": 0, "rate_limit_key": 0}


def require(condition: bool, message: str) -> None:
    """Skip when a tool is missing on a laptop; fail in CI, where everything must run."""
    if not condition:
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


def node_tool(*parts: str) -> Path:
    """A file under node_modules (installed by `npm ci`), or a skip/fail naming the command to run."""
    path = REPO.joinpath("node_modules", *parts)
    require(shutil.which("node") is not None, "node is not installed")
    require(path.exists(), f"{path} is missing: run `npm ci`")
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Running:
    url: str
    app: Any
    engine: Engine
    settings: Settings

    @property
    def graphql(self) -> str:
        return f"{self.url}/graphql"


@contextmanager
def serve(app: Any, **options: Any) -> Iterator[str]:
    """Run ``app`` under uvicorn in a thread on a free port; yield its base URL."""
    port = free_port()
    config = uvicorn.Config(
        app, **{"host": "127.0.0.1", "port": port, "log_level": "warning", "lifespan": "on", **options}
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start within 15 s")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)


def sqlite_engine(path: Path) -> Engine:
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    upgrade(engine)
    return engine


def seed_database(engine: Engine, pipeline: Pipeline | None = None) -> None:
    summary = seed(Ingestor(pipeline or Pipeline(), Store(engine)))
    assert summary.stored > 0, summary.to_json()


@contextmanager
def running_app(engine: Engine, **settings: Any) -> Iterator[Running]:
    """The real app on ``engine`` with ``settings`` overriding the environment's."""
    url = engine.url.render_as_string(hide_password=False)
    resolved = Settings(database_url=url, **{**UNLIMITED, **settings})
    app = create_app(resolved, engine=engine)
    with serve(app) as base:
        yield Running(base, app, engine, resolved)
