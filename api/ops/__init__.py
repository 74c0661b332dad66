"""Operating eventgraph: Prometheus metrics, structured logs with request ids, OpenTelemetry tracing.

`install_operations(app, engine)` is the one hook create_app calls: it adds the request
middleware (request id, access log, HTTP latency), /metrics, SQL statement counting on the
engine, and tracing when EVENTGRAPH_OTEL is set. docs/deployment.md says how to use them.
"""

from __future__ import annotations

import os

from sqlalchemy import Engine
from starlette.applications import Starlette
from starlette.routing import Route

from api.ops.logs import configure_logging
from api.ops.metrics import count_statements, metrics_endpoint
from api.ops.requests import RequestContextMiddleware
from api.ops.tracing import instrument


def install_operations(app: Starlette, engine: Engine) -> None:
    if os.environ.get("EVENTGRAPH_LOG_FORMAT"):  # `eventgraph serve` sets it, for every worker process
        configure_logging()
    count_statements(engine)
    app.router.routes.append(Route("/metrics", metrics_endpoint, methods=["GET"]))
    app.add_middleware(RequestContextMiddleware)
    instrument(app)  # outermost, so a trace covers everything else; a no-op unless EVENTGRAPH_OTEL is set
