"""The acled importer on made-up rows in ACLED's 31-column export format."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from api.datasets.acled_schema import COLUMNS
from api.datasets.importer import ImportedRow, RowError, read_head, read_through
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


def test_precision_fields_assoc_actors_and_multiline_notes(tmp_path: Path) -> None:
    monthly = {
        **IDLIB, "event_id_cnty": "SYR90004", "time_precision": "3", "geo_precision": "3",
        "assoc_actor_1": "Hezbollah; Military Forces of Russia (2000-)", "notes": "First line.\nSecond line.",
    }  # fmt: skip
    path = acled_rows.write(tmp_path / "acled.csv", [monthly, TAJI])
    row, taji = read(path)
    assert isinstance(row, ImportedRow) and isinstance(taji, ImportedRow)
    c = row.candidate
    assert (
        c.date_precision == "month"
        and c.location
        and (c.location.precision, c.location.feature_type) == (3, "province")
    )
    assert [(a.name, a.role, a.kind) for a in c.actors if a.role == "perpetrator"] == [
        ("Military Forces of Syria (2000-2024)", "perpetrator", "state force"),
        ("Hezbollah", "perpetrator", None),
        ("Military Forces of Russia (2000-)", "perpetrator", None),
    ]
    assert c.summary == "First line.\nSecond line."
    assert (row.line, taji.line) == (2, 4)  # a row is named by the line it starts on
    assert (row.extra["inter1"], row.extra["inter2"], row.extra["time_precision"]) == ("1", "2", "3")


def test_bad_values_that_would_not_fit_are_row_errors(tmp_path: Path) -> None:
    bad = [
        {**TAJI, "event_id_cnty": "X1", "time_precision": "7"},
        {**TAJI, "event_id_cnty": "X2", "fatalities": "1e20"},
        {**TAJI, "event_id_cnty": "X3", "geo_precision": "2.5"},
    ]
    errors = [e for e in read(acled_rows.write(tmp_path / "acled.csv", bad)) if isinstance(e, RowError)]
    assert [(e.line, e.row_id) for e in errors] == [(2, "X1"), (3, "X2"), (4, "X3")]
    assert "time_precision 7" in errors[0].problem
    assert "too large" in errors[1].problem
    assert "whole number" in errors[2].problem


def test_rows_that_are_not_utf8_are_skipped_and_a_bom_is_fine(tmp_path: Path) -> None:
    path = acled_rows.write(tmp_path / "acled.csv", [TAJI, {**BASRA, "notes": "Protest in Basra__"}, IDLIB])
    data = path.read_bytes().replace(b"Basra__", "Bassora é".encode("latin-1"))
    path.write_bytes(b"\xef\xbb\xbf" + data)  # Excel writes a BOM before the header
    found = read(path)
    assert [type(r).__name__ for r in found] == ["ImportedRow", "RowError", "ImportedRow"]
    error = found[1]
    assert isinstance(error, RowError) and error.line == 3 and error.problem.startswith("not UTF-8 (byte 0xe9")


def test_an_unclosed_quote_refuses_the_file(tmp_path: Path) -> None:
    path = acled_rows.write(tmp_path / "acled.csv", [TAJI, BASRA])
    text = path.read_text(encoding="utf-8").replace("Protesters demanded", '"Protesters demanded', 1)
    path.write_text(text + "x" * 200_000 + "\n", encoding="utf-8")
    with pytest.raises(DocumentError, match=r"acled\.csv: line 3: not CSV"):
        read(path)


def test_an_empty_file_and_a_header_only_file_are_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(DocumentError, match=r"empty\.csv: the file is empty"):
        read(empty)
    header_only = acled_rows.write(tmp_path / "header.csv", [])
    assert read(header_only) == []
    with pytest.raises(DocumentError, match=r"header\.csv: the file holds no rows"):
        read_through(AcledImporter(), header_only)
