"""`eventgraph import` and `eventgraph export` as a user runs them."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pytest
from shapely.geometry import shape
from typer.testing import CliRunner

from api.cli.main import app
from tests import acled_rows, gdelt_rows
from tests.shared import shared_path

runner = CliRunner()


@pytest.fixture
def database(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("EVENTGRAPH_DATABASE_URL", database_url)
    monkeypatch.setenv("COLUMNS", "200")
    return database_url


def test_import_the_gdelt_sample_then_export_it(database: str, tmp_path: Path) -> None:
    sample = shared_path("data", "gdelt", "events-sample.tsv")
    lines = sum(1 for line in sample.read_text(encoding="utf-8").splitlines() if line.strip())
    result = runner.invoke(app, ["import", str(sample), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["dataset"] == "gdelt"  # recognised without --format
    assert summary["rows_loaded"] + summary["rows_skipped"] == summary["rows_read"] == lines
    assert summary["rows_loaded"] > 0 and summary["events_created"] + summary["events_merged"] == summary["rows_loaded"]

    again = runner.invoke(app, ["import", str(sample), "--format", "gdelt"])
    assert again.exit_code == 0 and f"{summary['rows_loaded']} already imported" in again.stdout

    out = tmp_path / "events.geojson"
    exported = runner.invoke(
        app, ["export", "--format", "geojson", "-o", str(out), "--filter", '{"eventTypes": ["BATTLES"]}']
    )
    assert exported.exit_code == 0, exported.output
    features = json.loads(out.read_text())["features"]
    assert features and {f["properties"]["event_type"] for f in features} == {"Battles"}
    assert all(shape(f["geometry"]).is_valid for f in features if f["geometry"])


def test_import_acled_and_export_csv_to_stdout(database: str, tmp_path: Path) -> None:
    path = acled_rows.write(
        tmp_path / "acled.csv", [*acled_rows.GOOD, {**acled_rows.TAJI, "event_id_cnty": "BAD1", "event_date": "soon"}]
    )
    result = runner.invoke(app, ["import", str(path)])
    assert result.exit_code == 3  # loaded, but not all of it: a script must notice
    assert "4 rows read, 3 rows loaded" in result.stdout and "1 skipped" in result.stdout
    assert f"{path}:5: skipped: event_date 'soon'" in result.stderr
    exported = runner.invoke(app, ["export", "--format", "csv"])
    rows = list(csv.DictReader(exported.stdout.splitlines()))
    assert sorted(r["event_id_cnty"] for r in rows) == ["IRQ90001", "IRQ90002", "SYR90003"]


def test_mistakes_are_errors_that_say_why(database: str, tmp_path: Path) -> None:
    text_file = tmp_path / "notes.txt"
    text_file.write_text("nothing to import\n")
    result = runner.invoke(app, ["import", str(text_file)])
    assert result.exit_code == 1 and "not a format any importer recognises" in result.stderr
    result = runner.invoke(app, ["import", str(text_file), "--format", "ucdp"])
    assert result.exit_code == 1 and "unknown format 'ucdp'" in result.stderr
    result = runner.invoke(app, ["export", "--format", "xlsx"])
    assert result.exit_code == 1 and "unknown format" in result.stderr
    result = runner.invoke(app, ["export", "--filter", '{"countries": ["Iraq"]}'])
    assert result.exit_code == 1 and "ISO 3166-1" in result.stderr


def test_bad_files_exit_1_with_the_file_named_and_nothing_stored(database: str, tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    result = runner.invoke(app, ["import", str(empty)])
    assert result.exit_code == 1 and f"{empty}: the file is empty" in result.stderr
    bad = acled_rows.write(tmp_path / "bad.csv", [{**acled_rows.TAJI, "event_date": "2020-02-30"}])
    result = runner.invoke(app, ["import", str(bad)])
    assert result.exit_code == 1 and f"{bad}:2: skipped: event_date '2020-02-30'" in result.stderr
    rows = [{**gdelt_rows.TAJI_SHELLING, "GLOBALEVENTID": str(10 + i)} for i in range(600)]
    whole = gzip.compress(gdelt_rows.write(tmp_path / "all.CSV", rows).read_bytes())
    cut = tmp_path / "cut.CSV.gz"
    cut.write_bytes(whole[: len(whole) * 3 // 4])
    result = runner.invoke(app, ["import", str(cut), "--format", "gdelt"])
    assert result.exit_code == 1 and f"{cut}: cannot be read after line" in result.stderr
    exported = runner.invoke(app, ["export", "--format", "jsonl"])
    assert exported.exit_code == 0 and exported.stdout == ""  # nothing of the broken file was stored


def test_an_export_that_cannot_be_written_leaves_no_file(database: str, tmp_path: Path) -> None:
    target = tmp_path / "missing-dir" / "events.csv"
    result = runner.invoke(app, ["export", "-o", str(target)])
    assert result.exit_code == 1 and str(target) in result.stderr
    assert not target.parent.exists()
