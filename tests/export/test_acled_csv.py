"""The ACLED-compatible CSV: read by csv and by pandas as ACLED scripts read it, and its round trip."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import date
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, select

from api.datasets.acled_schema import COLUMNS, SUB_EVENT_TYPES
from api.export.stream import export
from api.store.db import make_engine
from api.store.importer import import_file, origins_t
from api.store.migrate import upgrade
from api.store.tables import events_t
from api.store.writer import Store
from plugins.acled.reader import AcledImporter
from tests.conftest import truncate_all
from tests.export.data import live_events, signatures, text_of


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


def test_pandas_reads_it_as_an_acled_export(loaded: Engine) -> None:
    frame = pd.read_csv(io.StringIO(text_of(loaded, "csv")), parse_dates=["event_date"], date_format="%Y-%m-%d")
    assert list(frame.columns) == list(COLUMNS) and len(frame) == live_events(loaded)
    assert frame["event_id_cnty"].is_unique
    assert pd.api.types.is_datetime64_any_dtype(frame["event_date"]) and frame["event_date"].notna().all()
    assert (frame["event_date"].dt.year == frame["year"]).all()
    for column in ("latitude", "longitude", "fatalities", "timestamp", "year"):
        assert pd.api.types.is_numeric_dtype(frame[column]), column  # no stray text in a numeric column
    # What an ACLED user computes first: fatalities by event type, unknown counted as none.
    by_type = frame.groupby("event_type")["fatalities"].sum(min_count=1).dropna().astype(int).to_dict()
    expected: defaultdict[str, int] = defaultdict(int)
    with loaded.connect() as connection:
        e = events_t.c
        for event_type, killed in connection.execute(
            select(e.event_type, e.fatalities_best).where(e.merged_into_id.is_(None), e.fatalities_best.is_not(None))
        ):
            expected[event_type] += killed
    assert by_type == dict(expected) and by_type


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
