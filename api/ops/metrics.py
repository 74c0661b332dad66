"""The Prometheus metrics, through prometheus-client's default registry (process metrics included).

- ``eventgraph_http_request_duration_seconds{method,route,status}``: every HTTP request.
- ``eventgraph_graphql_operation_duration_seconds{operation,type,outcome}``: every GraphQL operation,
  by operation name (sanitised, and capped at OPERATION_NAMES distinct names: clients choose them).
- ``eventgraph_graphql_operation_sql_statements{operation,type}``: statements one operation ran (N+1 shows here).
- ``eventgraph_sql_statements_total{dialect,verb}``: every statement the process sent.
- ``eventgraph_graphql_connections_total{completion}``: connections completed compiled, fallen back, or not compiled.
- ``eventgraph_ingest_documents_total{source,outcome}``, ``eventgraph_ingest_events_total{source,outcome}``,
  ``eventgraph_ingest_duration_seconds{source}``: the ingest service, wherever it runs.
- ``eventgraph_plugin_errors_total{plugin,hook}``: plugins that raised or returned something wrong.

Several worker processes of one server (uvicorn --workers) share counts when
PROMETHEUS_MULTIPROC_DIR is set, as prometheus-client documents.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import CounterMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import Engine, event
from starlette.requests import Request
from starlette.responses import Response

OPERATION_NAMES = 200
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
STATEMENT_BUCKETS = (0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233)

HTTP_LATENCY = Histogram(
    "eventgraph_http_request_duration_seconds", "HTTP requests by route and status.",
    ["method", "route", "status"], buckets=LATENCY_BUCKETS,
)  # fmt: skip
OPERATION_LATENCY = Histogram(
    "eventgraph_graphql_operation_duration_seconds", "GraphQL operations by operation name.",
    ["operation", "type", "outcome"], buckets=LATENCY_BUCKETS,
)  # fmt: skip
OPERATION_STATEMENTS = Histogram(
    "eventgraph_graphql_operation_sql_statements", "SQL statements run by one GraphQL operation.",
    ["operation", "type"], buckets=STATEMENT_BUCKETS,
)  # fmt: skip
SQL_STATEMENTS = Counter("eventgraph_sql_statements", "SQL statements sent to the database.", ["dialect", "verb"])
INGEST_DOCUMENTS = Counter(
    "eventgraph_ingest_documents", "Documents through the ingest service: stored, unchanged or failed.",
    ["source", "outcome"],
)  # fmt: skip
INGEST_EVENTS = Counter(
    "eventgraph_ingest_events", "Events stored: created or merged into a known one.", ["source", "outcome"]
)
INGEST_LATENCY = Histogram(
    "eventgraph_ingest_duration_seconds", "Time to parse, extract and store one document.", ["source"],
    buckets=LATENCY_BUCKETS,
)  # fmt: skip
PLUGIN_ERRORS = Counter(
    "eventgraph_plugin_errors", "Plugin hooks that raised or returned a wrong value.", ["plugin", "hook"]
)

# Statements run by the current GraphQL operation, when one is being counted.
operation_statements: ContextVar[list[int] | None] = ContextVar("eventgraph_operation_statements", default=None)
_names: set[str] = set()
_NAME = re.compile(r"[^A-Za-z0-9_]")


def operation_label(name: str | None) -> str:
    """A bounded label for a client-chosen operation name."""
    if not name:
        return "anonymous"
    label = _NAME.sub("_", name)[:64]
    if label in _names:
        return label
    if len(_names) >= OPERATION_NAMES:
        return "other"
    _names.add(label)
    return label


def count_statements(engine: Engine) -> None:
    """Count every statement the engine sends, once per engine however often it is asked."""
    if event.contains(engine, "before_cursor_execute", _before_execute):
        return
    event.listen(engine, "before_cursor_execute", _before_execute)


def _before_execute(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
    verb = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else "?"
    if verb not in ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH"):
        verb = "OTHER"
    SQL_STATEMENTS.labels(conn.dialect.name, verb).inc()
    counter = operation_statements.get()
    if counter is not None:
        counter[0] += 1


def record_ingest(source: str | None, outcome: str, seconds: float, created: int = 0, merged: int = 0) -> None:
    source = source or "unknown"
    INGEST_DOCUMENTS.labels(source, outcome).inc()
    INGEST_LATENCY.labels(source).observe(seconds)
    if created:
        INGEST_EVENTS.labels(source, "created").inc(created)
    if merged:
        INGEST_EVENTS.labels(source, "merged").inc(merged)


def record_plugin_error(plugin: str, hook: str) -> None:
    PLUGIN_ERRORS.labels(plugin, hook).inc()


def record_ingest_failure(source: str | None, error: Exception, seconds: float) -> None:
    record_ingest(source, "failed", seconds)
    plugin, hook = getattr(error, "plugin", None), getattr(error, "hook", None)
    if isinstance(plugin, str) and isinstance(hook, str):  # a PluginError
        record_plugin_error(plugin, hook)


class CompiledRuns(Collector):
    """How the compiled executor completed connections, read at scrape time."""

    def collect(self) -> Iterator[CounterMetricFamily]:
        from api.graphql.compiled import RUNS

        family = CounterMetricFamily(
            "eventgraph_graphql_connections",
            "Connections completed by the compiled executor or not.",
            labels=["completion"],
        )
        for completion in ("compiled", "fell back", "not compiled"):
            family.add_metric([completion.replace(" ", "_")], RUNS[completion])
        yield family


REGISTRY.register(CompiledRuns())


def registry() -> CollectorRegistry:
    if "PROMETHEUS_MULTIPROC_DIR" not in os.environ:
        return REGISTRY
    collected = CollectorRegistry()
    multiprocess.MultiProcessCollector(collected)
    return collected


async def metrics_endpoint(request: Request) -> Response:
    return Response(generate_latest(registry()), media_type=CONTENT_TYPE_LATEST)
