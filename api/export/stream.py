"""One entry point for every export format: the CLI and the HTTP routes both stream from here."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import Engine

from api.export import acled_csv, geojson, plover
from api.export.records import ExportEvent, iter_events
from api.graphql.filters import EventFilter


@dataclass(frozen=True)
class Format:
    name: str
    media_type: str
    extension: str
    render: Callable[[Iterable[ExportEvent]], Iterator[bytes]]


FORMATS = {
    "csv": Format("csv", "text/csv; charset=utf-8", "csv", acled_csv.render),
    "geojson": Format("geojson", "application/geo+json", "geojson", geojson.render),
    "jsonl": Format("jsonl", "application/x-ndjson", "jsonl", plover.render),
}


def export(engine: Engine, fmt: str, flt: EventFilter | None = None) -> Iterator[bytes]:
    """The export as chunks of bytes. The filter is checked now; rows are read as chunks are taken."""
    return FORMATS[fmt].render(iter_events(engine, flt))
