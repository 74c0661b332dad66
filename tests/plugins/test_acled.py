"""The acled importer on made-up rows in ACLED's 31-column export format."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from api.datasets.acled_schema import COLUMNS
from api.datasets.importer import ImportedRow, RowError, read_head
from api.errors import DocumentError
from plugins.acled.reader import AcledImporter
from plugins.gdelt.reader import GdeltImporter
from tests import acled_rows
from tests.acled_rows import BASRA, IDLIB, TAJI


def read(path: Path) -> list[ImportedRow | RowError]:
    return list(AcledImporter().read(path))


def test_acled_has_31_columns() -> None:
    assert len(COLUMNS) == 31 == len(set(COLUMNS))


def test_rows_become_events(tmp_path: Path) -> None:
    path = acled_rows.write(tmp_path / "acled.csv", [TAJI, BASRA, IDLIB])
    assert AcledImporter().sniff(path, read_head(path))
    assert not GdeltImporter().sniff(path, read_head(path))
    taji, basra, idlib = read(path)
    assert isinstance(taji, ImportedRow) and isinstance(basra, ImportedRow) and isinstance(idlib, ImportedRow)
    assert (taji.row_id, taji.line, basra.line, idlib.line) == ("IRQ90001", 2, 3, 4)
    c = taji.candidate
    assert (c.event_type, c.sub_event_type, c.date, c.date_precision) == (
        "Explosions/Remote violence", "Shelling/artillery/missile attack", date(2020, 3, 11), "day",
    )  # fmt: skip
    assert (c.fatalities_low, c.fatalities_best, c.fatalities_high) == (3, 3, 3)
    assert c.location is not None
    assert (c.location.name, c.location.country, c.location.admin1, c.location.latitude, c.location.precision) == (
        "Camp Taji", "IQ", "Baghdad", 33.52, 1,
    )  # fmt: skip
    assert [(a.name, a.role, a.kind) for a in c.actors] == [
        ("Unidentified Armed Group (Iraq)", "perpetrator", "non-state armed group"),
        ("Military Forces of the United States (2017-2021)", "target", "external force"),
        ("Military Forces of the United Kingdom (2019-2022)", "target", None),
    ]
    assert c.summary == TAJI["notes"]
    assert taji.extra["source"] == "Reuters; Jerusalem Post" and taji.extra["admin2"] == "Al-Tarmia"
    # "14 March 2020", time precision 2 (a week); no actor2; fatalities 0 is a known zero.
    assert (basra.candidate.date, basra.candidate.date_precision) == (date(2020, 3, 14), "week")
    assert [a.role for a in basra.candidate.actors] == ["perpetrator"] and basra.candidate.fatalities_best == 0
    # An empty fatalities cell is unknown, not zero.
    assert idlib.candidate.fatalities_best is None and idlib.candidate.location
    assert idlib.candidate.location.country == "SY"


def test_newer_exports_with_inter_labels_and_fewer_columns(tmp_path: Path) -> None:
    columns = ("event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "inter1", "country",
               "location", "latitude", "longitude", "fatalities")  # fmt: skip
    path = acled_rows.write(tmp_path / "acled.csv", [{**TAJI, "inter1": "Political militias", "iso": ""}], columns)
    (row,) = read(path)
    assert isinstance(row, ImportedRow)
    assert row.candidate.actors[0].kind == "non-state armed group"
    assert row.candidate.location and row.candidate.location.country == "IQ"  # from the country name


def test_bad_rows_are_reported_by_line(tmp_path: Path) -> None:
    bad = [
        TAJI,
        {**TAJI, "event_id_cnty": "X2", "event_type": "Fighting"},
        {**TAJI, "event_id_cnty": "X3", "sub_event_type": "Peaceful protest"},
        {**TAJI, "event_id_cnty": "X4", "event_date": "2020-13-45"},
        {**TAJI, "event_id_cnty": "X5", "latitude": "abc"},
        {**TAJI, "event_id_cnty": "X6", "fatalities": "-2"},
        {**TAJI, "event_id_cnty": "X7", "longitude": ""},
        {**TAJI, "event_id_cnty": ""},
        BASRA,
    ]
    path = acled_rows.write(tmp_path / "acled.csv", bad)
    with path.open("a", encoding="utf-8") as handle:
        handle.write("X10,2020-01-01,2020\n")  # a short line
    found = read(path)
    errors = {e.line: e for e in found if isinstance(e, RowError)}
    assert sorted(errors) == [3, 4, 5, 6, 7, 8, 9, 11]
    assert "Fighting" in errors[3].problem and errors[3].row_id == "X2"
    assert "not a sub-type" in errors[4].problem
    assert "2020-13-45" in errors[5].problem
    assert "latitude" in errors[6].problem
    assert "negative" in errors[7].problem
    assert "both" in errors[8].problem
    assert "event_id_cnty" in errors[9].problem
    assert "3 fields" in errors[11].problem
    assert [r.row_id for r in found if isinstance(r, ImportedRow)] == ["IRQ90001", "IRQ90002"]


def test_a_csv_without_acled_columns_is_refused_whole(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("id,date,what\n1,2020-01-01,x\n")
    assert not AcledImporter().sniff(path, read_head(path))
    with pytest.raises(DocumentError, match="event_id_cnty"):
        read(path)
