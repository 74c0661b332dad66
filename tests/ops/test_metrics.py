"""/metrics in Prometheus' text format: GraphQL latency by operation, SQL statements, ingest, plugin errors."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import Engine
from starlette.testclient import TestClient

from api import hookimpl
from api.app import create_app
from api.errors import DocumentError
from api.ingest.document import Document
from api.ingest.files import read_document
from api.ingest.pipeline import Pipeline
from api.ingest.service import Ingestor
from api.plugins import build_host
from api.settings import Settings
from api.store.writer import Store
from tests.shared import shared_path


@pytest.fixture
def client(engine: Engine) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=engine.url.render_as_string(hide_password=False)), engine=engine)
    with TestClient(app) as test_client:
        yield test_client


def samples(client: TestClient) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Every sample of /metrics, by name and labels."""
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    found = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            found[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return found


def value(found: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str) -> float:
    return found.get((name, frozenset(labels.items())), 0.0)


def test_graphql_operations_are_timed_by_name_with_their_sql_statements(client: TestClient) -> None:
    before = samples(client)
    query = "query RecentEvents { events(first: 5) { totalCount nodes { id location { name } } } }"
    for _ in range(3):
        assert client.post("/graphql", json={"query": query}).json()["data"]["events"]["totalCount"] == 0
    client.post("/graphql", json={"query": "query Broken { nope }"})
    after = samples(client)

    timed = "eventgraph_graphql_operation_duration_seconds_count"
    assert (
        value(after, timed, operation="RecentEvents", type="query", outcome="ok")
        - value(before, timed, operation="RecentEvents", type="query", outcome="ok")
        == 3
    )
    assert value(after, timed, operation="Broken", type="query", outcome="error") >= 1
    # The page and its count: at least two statements per operation, all counted.
    statements = "eventgraph_graphql_operation_sql_statements_sum"
    ran = value(after, statements, operation="RecentEvents", type="query") - value(
        before, statements, operation="RecentEvents", type="query"
    )
    assert ran >= 6
    dialect = client.app.state.eventgraph.engine.dialect.name  # type: ignore[attr-defined]
    total = "eventgraph_sql_statements_total"
    assert (
        value(after, total, dialect=dialect, verb="SELECT") - value(before, total, dialect=dialect, verb="SELECT")
        >= ran
    )
    http = "eventgraph_http_request_duration_seconds_count"
    assert value(after, http, method="POST", route="/graphql", status="200") >= 4


def test_operation_names_chosen_by_clients_are_sanitised(client: TestClient) -> None:
    client.post("/graphql", json={"query": "query Odd_Name { __typename }"})
    found = samples(client)
    assert value(
        found, "eventgraph_graphql_operation_duration_seconds_count", operation="Odd_Name", type="query", outcome="ok"
    )


class Exploding:
    """Fails after every stored event: the ingest goes on, the error is counted."""

    @hookimpl
    def eventgraph_event_stored(self, event_id: int, created: bool, candidate: object, article: object) -> None:
        raise RuntimeError("notifier down")


def test_ingest_outcomes_by_source_and_plugin_errors(client: TestClient, engine: Engine) -> None:
    host = build_host()
    host.register(Exploding(), "exploding", "1.0")
    ingestor = Ingestor(Pipeline(host), Store(engine))
    page = read_document(shared_path("corpus", "jpost", "jpost-2020-06-13-camp-taji-rockets.txt"), source="jpost")
    before = samples(client)
    first = ingestor.ingest(page)
    ingestor.ingest(page)
    with pytest.raises(DocumentError):
        ingestor.ingest(Document(b"   ", name="empty.txt", source="jpost"))
    after = samples(client)

    def grew(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert grew("eventgraph_ingest_documents_total", source="jpost", outcome="stored") == 1
    assert grew("eventgraph_ingest_documents_total", source="jpost", outcome="unchanged") == 1
    assert grew("eventgraph_ingest_documents_total", source="jpost", outcome="failed") == 1
    assert first.events, "the Camp Taji article reports events"
    assert grew("eventgraph_ingest_events_total", source="jpost", outcome="created") == first.created
    assert grew("eventgraph_plugin_errors_total", plugin="exploding", hook="eventgraph_event_stored") == len(
        first.events
    )
    assert grew("eventgraph_ingest_duration_seconds_count", source="jpost") == 3
