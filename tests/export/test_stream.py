"""The three exports, read back by the tools they are for, and the ACLED CSV round trip."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
import shapely
from shapely.geometry import Point, shape
from sqlalchemy import Engine, func, select

from api.datasets.acled_schema import COLUMNS, SUB_EVENT_TYPES
from api.export import records
from api.export.filter_json import parse_filter
from api.export.stream import export
from api.graphql.errors import BadInput
from api.store.db import make_engine
from api.store.importer import import_file, origins_t
from api.store.migrate import upgrade
from api.store.tables import events_t
from api.store.writer import Store
from plugins.acled.reader import AcledImporter
from tests.conftest import truncate_all
from tests.export.data import load, signatures


@pytest.fixture
def loaded(engine: Engine, tmp_path: Path) -> Engine:
    load(engine, tmp_path)
    return engine


def live_events(engine: Engine) -> int:
    with engine.connect() as connection:
        query = select(func.count()).select_from(events_t).where(events_t.c.merged_into_id.is_(None))
        return int(connection.execute(query).scalar_one())


def text_of(engine: Engine, fmt: str, flt: str | None = None) -> str:
    return b"".join(export(engine, fmt, parse_filter(flt))).decode("utf-8")


def test_csv_has_acled_columns_and_one_row_per_event(loaded: Engine) -> None:
    rows = list(csv.DictReader(io.StringIO(text_of(loaded, "csv"))))
    assert rows and len(rows) == live_events(loaded)
    assert list(rows[0]) == list(COLUMNS)
    for row in rows:
        assert row["sub_event_type"] in SUB_EVENT_TYPES[row["event_type"]]
        assert date.fromisoformat(row["event_date"]).year == int(row["year"])
        if row["latitude"]:
            assert -90 <= float(row["latitude"]) <= 90 and -180 <= float(row["longitude"]) <= 180
        assert row["fatalities"] == "" or int(row["fatalities"]) >= 0
    by_id = {row["event_id_cnty"]: row for row in rows}
    taji = by_id["IRQ90001"]  # an ACLED row keeps its id and the columns eventgraph has no field for
    assert (taji["admin2"], taji["region"], taji["inter1"], taji["inter2"], taji["interaction"]) == (
        "Al-Tarmia", "Middle East", "3", "8", "38",
    )  # fmt: skip
    # It merged with the Reuters and JPost articles: their outlets, then the sources ACLED named, once each.
    assert taji["source"].split("; ") == ["Reuters", "The Jerusalem Post", "Jerusalem Post"]
    assert taji["iso"] == "368" and taji["country"] == "Iraq"
    (airport,) = [row for row in rows if row["location"] == "Baghdad International Airport"]
    assert airport["event_id_cnty"].startswith("EG") and airport["source"] == "Reuters"
    assert airport["fatalities"] == ""  # unknown, not zero
    assert airport["actor2"] == "US-led coalition" and airport["inter2"] == "8"  # a coalition is an external force


def test_geojson_is_a_valid_feature_collection(loaded: Engine) -> None:
    collection = json.loads(text_of(loaded, "geojson"))
    assert collection["type"] == "FeatureCollection"
    features = collection["features"]
    assert len(features) == live_events(loaded)
    placed = [f for f in features if f["geometry"] is not None]
    assert 0 < len(placed) < len(features)  # the GDELT row with no ActionGeo has a null geometry
    for feature in features:
        assert feature["type"] == "Feature"
        assert all(not isinstance(v, dict | list) for v in feature["properties"].values())
    for feature in placed:
        geometry = shape(feature["geometry"])
        assert isinstance(geometry, Point) and shapely.is_valid(geometry)
        assert -180 <= geometry.x <= 180 and -90 <= geometry.y <= 90
    taji = next(
        f for f in placed if f["properties"]["location"] == "Camp Taji" and "Kataib" in f["properties"]["perpetrators"]
    )
    assert shape(taji["geometry"]).equals(Point(44.26, 33.52))


def test_jsonl_records_have_plover_fields(loaded: Engine) -> None:
    lines = text_of(loaded, "jsonl").splitlines()
    records_ = [json.loads(line) for line in lines]
    assert len(records_) == live_events(loaded) == len({r["id"] for r in records_})
    for record in records_:
        assert {"id", "date", "event", "source", "recipient", "event_loc", "quad_code", "cite_info"} <= set(record)
        date.fromisoformat(record["date"])
        assert all(isinstance(a["actor_text"], str) for a in record["source"] + record["recipient"])
    battle = next(r for r in records_ if r["acled"]["event_type"] == "Battles")
    assert battle["event"] == ["ASSAULT"] and battle["recipient"] == [] and len(battle["source"]) == 2
    protest = next(r for r in records_ if r["acled"]["event_type"] == "Protests")
    assert protest["event"] == ["PROTEST"] and protest["quad_code"] == 4


def test_filters_are_the_graphql_filters(loaded: Engine) -> None:
    protests = list(csv.DictReader(io.StringIO(text_of(loaded, "csv", '{"eventTypes": ["PROTESTS"]}'))))
    assert [r["event_id_cnty"] for r in protests] == ["IRQ90002"]
    syria = json.loads(text_of(loaded, "geojson", '{"countries": ["SY"]}'))["features"]
    assert [f["properties"]["location"] for f in syria] == ["Saraqab"]
    not_2020 = text_of(loaded, "jsonl", '{"not": {"dateFrom": "2020-01-01", "dateTo": "2020-12-31"}}').splitlines()
    assert [json.loads(line)["date"][:4] for line in not_2020] == ["2021"]


def test_a_bad_filter_fails_before_anything_is_streamed(loaded: Engine) -> None:
    with pytest.raises(BadInput, match="after"):
        export(loaded, "csv", parse_filter('{"dateFrom": "2020-02-01", "dateTo": "2020-01-01"}'))


def test_events_are_read_in_batches(loaded: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    sizes: list[int] = []
    attach = records._attach

    def counting(connection: object, events: list[records.ExportEvent]) -> None:
        sizes.append(len(events))
        attach(connection, events)

    monkeypatch.setattr(records, "_attach", counting)
    ids = [e.id for e in records.iter_events(loaded, batch=3)]
    assert ids == sorted(ids) and len(ids) == live_events(loaded)
    assert max(sizes) <= 3 and len(sizes) >= len(ids) // 3


def test_round_trip_through_acled_csv_gives_the_same_events(loaded: Engine, tmp_path: Path) -> None:
    before = signatures(loaded)
    csv_file = tmp_path / "events.csv"
    csv_file.write_bytes(b"".join(export(loaded, "csv")))
    if loaded.dialect.name == "sqlite":
        empty = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
        upgrade(empty)
    else:
        truncate_all(loaded)
        empty = loaded
    assert live_events(empty) == 0
    summary = import_file(Store(empty), AcledImporter(), csv_file)
    assert (summary.skipped, summary.merged, summary.created) == (0, 0, len(before))
    assert signatures(empty) == before
    with empty.connect() as connection:
        row_ids = set(connection.execute(select(origins_t.c.row_id)).scalars())
    assert {"IRQ90001", "IRQ90002", "SYR90003"} <= row_ids  # ACLED's ids survive the trip
