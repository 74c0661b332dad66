"""Every response carries X-Request-ID, and every log line of the request carries the same id."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from starlette.testclient import TestClient

from api.app import create_app
from api.ops.logs import configure_logging
from api.settings import Settings


@pytest.fixture
def client(engine: Engine) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=engine.url.render_as_string(hide_password=False)), engine=engine)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    root = logging.getLogger()
    level = root.level
    handler = configure_logging(level="INFO", fmt="json", stream=stream)
    yield stream
    root.removeHandler(handler)
    root.setLevel(level)


def test_a_new_id_for_each_request(client: TestClient) -> None:
    ids = {client.get("/healthz").headers["x-request-id"] for _ in range(3)}
    assert len(ids) == 3
    assert all(len(i) == 32 and int(i, 16) >= 0 for i in ids)


def test_the_callers_id_is_kept_when_sane_and_replaced_when_not(client: TestClient) -> None:
    kept = client.post("/graphql", json={"query": "{ __typename }"}, headers={"X-Request-ID": "lb-7f3a.12:9"})
    assert kept.headers["x-request-id"] == "lb-7f3a.12:9"
    for bad in ("a" * 200, "bad id", "<script>"):
        replaced = client.get("/healthz", headers={"X-Request-ID": bad}).headers["x-request-id"]
        assert replaced != bad and len(replaced) == 32


def test_log_lines_are_json_with_the_request_id(client: TestClient, log_lines: io.StringIO) -> None:
    response = client.post(
        "/graphql",
        json={"query": "query Count { events(first: 1) { totalCount } }"},
        headers={"X-Request-ID": "req-42"},
    )
    assert response.status_code == 200
    records = [json.loads(line) for line in log_lines.getvalue().splitlines() if line.strip()]
    access = [r for r in records if r.get("event") == "request" and r.get("request_id") == "req-42"]
    assert len(access) == 1, records
    line = access[0]
    assert line["path"] == "/graphql" and line["status"] == 200 and line["level"] == "info"
    assert line["duration_ms"] > 0 and line["timestamp"].endswith("Z")
