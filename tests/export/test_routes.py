"""/export.csv, /export.geojson and /export.jsonl over a real HTTP server."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import httpx
from shapely.geometry import shape
from sqlalchemy import Engine

from api.datasets.acled_schema import COLUMNS
from tests.conftest import LiveServer
from tests.export.data import load


def get(server: LiveServer, path: str, **params: str) -> httpx.Response:
    return httpx.get(f"{server.url}{path}", params=params, timeout=30)


def test_the_three_exports_stream_over_http(engine: Engine, live_server: LiveServer, tmp_path: Path) -> None:
    load(engine, tmp_path)
    csv_response = get(live_server, "/export.csv")
    assert csv_response.status_code == 200 and csv_response.headers["content-type"].startswith("text/csv")
    assert 'filename="events.csv"' in csv_response.headers["content-disposition"]
    # Streamed as it is read: chunked, with no length known up front.
    assert csv_response.headers.get("transfer-encoding") == "chunked" and "content-length" not in csv_response.headers
    rows = list(csv.DictReader(io.StringIO(csv_response.text)))
    assert rows and list(rows[0]) == list(COLUMNS)

    geo = get(live_server, "/export.geojson", filter=json.dumps({"countries": ["IQ"]}))
    assert geo.status_code == 200 and geo.headers["content-type"] == "application/geo+json"
    features = geo.json()["features"]
    assert features and all(f["properties"]["country"] == "IQ" for f in features)
    assert all(shape(f["geometry"]).is_valid for f in features if f["geometry"])
    assert len(features) < len(rows)

    lines = get(live_server, "/export.jsonl", filter='{"eventTypes": ["BATTLES"]}').text.splitlines()
    assert [json.loads(line)["acled"]["event_type"] for line in lines] == ["Battles"]


def test_a_bad_filter_is_a_400_with_the_reason(engine: Engine, live_server: LiveServer) -> None:
    response = get(live_server, "/export.geojson", filter='{"eventTypes": ["WAR"]}')
    assert response.status_code == 400
    assert "WAR" in response.json()["error"]
    response = get(live_server, "/export.csv", filter="{not json")
    assert response.status_code == 400 and "not JSON" in response.json()["error"]
