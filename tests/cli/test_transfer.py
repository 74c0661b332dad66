"""`eventgraph import` and `eventgraph export` as a user runs them."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from shapely.geometry import shape
from typer.testing import CliRunner

from api.cli.main import app
from tests import acled_rows
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
    assert summary["rows_loaded"] + summary["rows_skipped"] == lines and summary["rows_loaded"] > 0

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
    assert result.exit_code == 0
    assert "3 rows loaded" in result.stdout and "1 skipped" in result.stdout
    assert "line 5:" in result.stderr and "soon" in result.stderr
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
