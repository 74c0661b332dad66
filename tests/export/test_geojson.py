"""The GeoJSON export: valid by the GeoJSON models (geojson-pydantic) and by shapely, and read back
into the same events as the database holds."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import shapely
from geojson_pydantic import FeatureCollection
from shapely.geometry import Point, shape
from sqlalchemy import Engine

from tests.export.data import live_events, signatures, text_of


def test_geojson_is_a_valid_feature_collection(loaded: Engine) -> None:
    text = text_of(loaded, "geojson")
    FeatureCollection.model_validate_json(text)  # RFC 7946 structure: raises on any violation
    collection = json.loads(text)
    features = collection["features"]
    assert len(features) == live_events(loaded)
    placed = [f for f in features if f["geometry"] is not None]
    assert 0 < len(placed) < len(features)  # the GDELT row with no ActionGeo has a null geometry
    for feature in features:
        assert all(not isinstance(v, dict | list) for v in feature["properties"].values())
    for feature in placed:
        geometry = shape(feature["geometry"])
        assert isinstance(geometry, Point) and shapely.is_valid(geometry)
        assert -180 <= geometry.x <= 180 and -90 <= geometry.y <= 90
    taji = next(
        f for f in placed if f["properties"]["location"] == "Camp Taji" and "Kataib" in f["properties"]["perpetrators"]
    )
    assert shape(taji["geometry"]).equals(Point(44.26, 33.52))


def _actors(properties: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    roles = {"perpetrators": "perpetrator", "targets": "target", "other_actors": "other"}
    found = [(name, role) for key, role in roles.items() for name in properties[key].split("; ") if name]
    return tuple(sorted(found))


def signature(feature: dict[str, Any]) -> tuple[Any, ...]:
    p, geometry = feature["properties"], feature["geometry"]
    lon, lat = geometry["coordinates"] if geometry else (None, None)
    country = p["country"] if p["location"] else None
    return (p["event_type"], p["sub_event_type"], date.fromisoformat(p["date"]), p["date_precision"], p["location"],
            lat, lon, country, p["admin1"], p["geo_precision"], p["fatalities"], p["summary"], _actors(p))  # fmt: skip


def test_read_back_it_holds_the_same_events(loaded: Engine) -> None:
    features = json.loads(text_of(loaded, "geojson"))["features"]
    assert sorted(signature(f) for f in features) == signatures(loaded)
