"""Structured logs: structlog over the standard library, one JSON object per line.

Every record, ours or a library's (uvicorn, SQLAlchemy, Alembic), goes through one handler on
the root logger and carries the request id the request middleware binds. Settings:
EVENTGRAPH_LOG_FORMAT (json, or console for people) and EVENTGRAPH_LOG_LEVEL (INFO).
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

import structlog

SHARED: list[Any] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def _setup_structlog() -> None:
    """structlog loggers hand their records to the standard library, so its handlers and levels rule."""
    structlog.configure(
        processors=[
            *SHARED,
            structlog.processors.StackInfoRenderer(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )


class _Handler(logging.StreamHandler):
    """Ours, so that configuring twice replaces it rather than doubling every line."""


def formatter(fmt: str) -> logging.Formatter:
    renderer: Any = structlog.dev.ConsoleRenderer() if fmt == "console" else structlog.processors.JSONRenderer()
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=SHARED,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            renderer,
        ],
    )


def configure_logging(level: str | None = None, fmt: str | None = None, stream: Any = None) -> logging.Handler:
    """Send every log record to ``stream`` (stderr) as JSON lines; returns the handler."""
    level = (level or os.environ.get("EVENTGRAPH_LOG_LEVEL", "INFO")).upper()
    fmt = (fmt or os.environ.get("EVENTGRAPH_LOG_FORMAT", "json")).lower()
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _Handler)]:
        root.removeHandler(old)
    handler = _Handler(stream or sys.stderr)
    handler.setFormatter(formatter(fmt))
    root.addHandler(handler)
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers.clear()  # theirs would print a second, unstructured line
        logging.getLogger(name).propagate = True
    logging.getLogger("uvicorn.access").setLevel(logging.WARNING)  # our middleware writes the access log
    return handler


if not structlog.is_configured():
    _setup_structlog()
