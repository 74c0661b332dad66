"""OpenTelemetry: off by default; when on, a span per request named after the route, with the GraphQL operation."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from starlette.testclient import TestClient

from api.app import create_app
from api.ops import tracing
from api.settings import Settings

pytest.importorskip("opentelemetry.sdk")
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter


def app_for(engine: Engine) -> object:
    return create_app(Settings(database_url=engine.url.render_as_string(hide_password=False)), engine=engine)


def test_off_unless_switched_on(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EVENTGRAPH_OTEL", raising=False)
    assert not tracing.enabled()
    app = app_for(engine)
    assert not any("OpenTelemetry" in m.cls.__name__ for m in app.user_middleware)  # type: ignore[attr-defined]


def test_spans_for_requests_with_the_operation(engine: Engine) -> None:
    exporter = InMemorySpanExporter()
    app = app_for(engine)
    assert tracing.instrument(app, exporter=exporter)  # type: ignore[arg-type]
    with TestClient(app) as client:  # type: ignore[arg-type]
        client.post("/graphql", json={"query": "query Traced { events(first: 2) { totalCount } }"})
    spans = exporter.get_finished_spans()
    server = [s for s in spans if s.kind.name == "SERVER"]
    assert server, [s.name for s in spans]
    attributes = dict(server[0].attributes or {})
    assert attributes.get("graphql.operation.name") == "Traced"
    assert attributes.get("graphql.operation.type") == "query"
    assert "/graphql" in server[0].name
