"""OpenTelemetry tracing, off unless EVENTGRAPH_OTEL is set (1, or the exporter's name).

A span per HTTP request (opentelemetry-instrumentation-asgi), with the GraphQL operation's name
and type as attributes (api/ops/graphql.py). Spans go to the OTLP exporter when
`opentelemetry-exporter-otlp` is installed and EVENTGRAPH_OTEL=otlp (it reads the standard
OTEL_EXPORTER_OTLP_* variables), else to stderr (EVENTGRAPH_OTEL=console or 1). Install with
`pip install 'eventgraph[tracing]'`.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from starlette.applications import Starlette

log = logging.getLogger("eventgraph.tracing")
_provider: Any = None


def enabled() -> bool:
    return os.environ.get("EVENTGRAPH_OTEL", "").strip().lower() not in ("", "0", "false", "no", "off")


def tracer_provider(exporter: Any = None) -> Any:
    """The process's tracer provider, made on first use; ``exporter`` for tests (in-memory)."""
    global _provider
    from opentelemetry import trace
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor

    if _provider is None:
        _provider = TracerProvider(
            resource=Resource.create({"service.name": os.environ.get("OTEL_SERVICE_NAME", "eventgraph")})
        )
        trace.set_tracer_provider(_provider)
    if exporter is not None:
        _provider.add_span_processor(SimpleSpanProcessor(exporter))
        return _provider
    if os.environ.get("EVENTGRAPH_OTEL", "").lower() == "otlp":
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        _provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    else:
        from opentelemetry.sdk.trace.export import ConsoleSpanExporter

        _provider.add_span_processor(BatchSpanProcessor(ConsoleSpanExporter()))
    return _provider


def instrument(app: Starlette, exporter: Any = None) -> bool:
    """Wrap the app in OpenTelemetry's ASGI middleware when tracing is on; whether it did."""
    if not enabled() and exporter is None:
        return False
    try:
        from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware
    except ImportError:
        log.warning("EVENTGRAPH_OTEL is set but OpenTelemetry is not installed: pip install 'eventgraph[tracing]'")
        return False
    provider = tracer_provider(exporter)
    app.add_middleware(OpenTelemetryMiddleware, tracer_provider=provider, excluded_urls="healthz,metrics")
    return True


def annotate(operation: str, operation_type: str) -> None:
    """Name the current span after the GraphQL operation, when tracing is on."""
    if _provider is None:
        return
    from opentelemetry import trace

    span = trace.get_current_span()
    if span.is_recording():
        span.set_attribute("graphql.operation.name", operation)
        span.set_attribute("graphql.operation.type", operation_type)
