"""Events as a GeoJSON FeatureCollection (RFC 7946): one Point feature per event.

Properties are flat (strings, numbers) so that GIS tools show them as attribute columns; lists
are "; "-separated. An event with no coordinates has a null geometry, as RFC 7946 allows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import orjson

from api.export.acled_csv import sources
from api.export.records import ExportEvent
from api.graphql.ids import to_global_id

OPEN = b'{"type":"FeatureCollection","features":['
CLOSE = b"]}\n"


def render(events: Iterable[ExportEvent]) -> Iterator[bytes]:
    chunk = bytearray(OPEN)
    first = True
    for event in events:
        if not first:
            chunk += b","
        first = False
        chunk += orjson.dumps(feature(event))
        if len(chunk) > 1 << 16:
            yield bytes(chunk)
            chunk.clear()
    chunk += CLOSE
    yield bytes(chunk)


def feature(event: ExportEvent) -> dict[str, Any]:
    location = event.location or {}
    lat, lon = location.get("latitude"), location.get("longitude")
    geometry = {"type": "Point", "coordinates": [lon, lat]} if lat is not None and lon is not None else None
    return {
        "type": "Feature",
        "id": event.id,
        "geometry": geometry,
        "properties": {
            "id": to_global_id("Event", event.id),
            "event_id": event.id,
            "event_type": event.event_type,
            "sub_event_type": event.sub_event_type,
            "cameo_code": event.cameo_code,
            "date": event.date.isoformat(),
            "date_precision": event.date_precision,
            "location": location.get("name"),
            "feature_type": location.get("feature_type"),
            "admin1": location.get("admin1"),
            "country": location.get("country_code") or event.country_code,
            "geo_precision": event.geo_precision,
            "perpetrators": "; ".join(a.name for a in event.with_role("perpetrator")),
            "targets": "; ".join(a.name for a in event.with_role("target")),
            "other_actors": "; ".join(a.name for a in event.with_role("other")),
            "fatalities": event.fatalities_best,
            "fatalities_low": event.fatalities_low,
            "fatalities_high": event.fatalities_high,
            "injuries": event.injuries,
            "summary": event.summary,
            "sources": "; ".join(sources(event)),
            "report_count": event.report_count,
            "confidence": round(event.confidence, 3),
            "origins": "; ".join(f"{o.dataset}:{o.row_id}" for o in event.origins),
            "updated_at": event.updated_at.isoformat(),
        },
    }
