"""The gdelt importer on the real GDELT 1.0 sample in ../shared, and on rows broken on purpose."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from api.datasets.importer import ImportedRow, RowError, read_head
from api.errors import DocumentError
from plugins.gdelt import cameo
from plugins.gdelt.columns import LAYOUTS
from plugins.gdelt.reader import GdeltImporter
from tests import gdelt_rows
from tests.shared import shared_path

SAMPLE = ("data", "gdelt", "events-sample.tsv")


def rows(path: Path) -> list[ImportedRow | RowError]:
    return list(GdeltImporter().read(path))


def with_field(line: str, index: int, value: str) -> str:
    fields = line.split("\t")
    fields[index] = value
    return "\t".join(fields)


def data_lines(path: Path) -> list[list[str]]:
    return [line.rstrip("\r\n").split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_column_names_beside_the_sample_match_the_58_field_layout() -> None:
    names = shared_path("data", "gdelt", "column-names.tsv").read_text().strip().split("\t")
    # The file uses BigQuery's names, where SQLDATE is called "day".
    assert [{"sqldate": "day"}.get(n.lower(), n.lower()) for n in LAYOUTS[58][1]] == names


def test_every_row_of_the_sample_loads() -> None:
    path = shared_path(*SAMPLE)
    lines = data_lines(path)
    read = rows(path)
    assert GdeltImporter().sniff(path, read_head(path))
    loaded = [r for r in read if isinstance(r, ImportedRow)]
    assert len(read) == len(lines) and [e for e in read if isinstance(e, RowError)] == []
    assert [r.row_id for r in loaded] == [fields[0] for fields in lines]
    # The ragged rows: 57 fields have no SOURCEURL, 58 have one.
    assert sum(r.source_url is not None for r in loaded) == sum(len(f) == 58 for f in lines) > 0
    assert sum(r.source_url is None for r in loaded) == sum(len(f) == 57 for f in lines) > 0


def test_rows_keep_codes_counts_and_the_action_place() -> None:
    path = shared_path(*SAMPLE)
    by_id = {fields[0]: fields for fields in data_lines(path)}
    for row in rows(path):
        assert isinstance(row, ImportedRow)
        fields = by_id[row.row_id]
        candidate = row.candidate
        assert candidate.cameo_code == fields[26]
        assert candidate.date.strftime("%Y%m%d") == fields[1]
        assert [row.extra[n] for n in ("NumMentions", "NumSources", "NumArticles")] == [int(x) for x in fields[31:34]]
        if fields[49] in ("", "0"):
            assert candidate.location is None
        else:
            place = candidate.location
            assert place is not None
            assert (place.latitude, place.longitude) == (float(fields[53]), float(fields[54]))
            assert place.key == (f"gdelt:{fields[55]}" if fields[55] not in ("", "0") else None)
            assert place.country is not None and len(place.country) == 2
        names = {a.role: a.name.upper() for a in candidate.actors}
        assert names.get("perpetrator", "") == fields[6] and names.get("target", "") == fields[16]


def test_fips_country_codes_become_iso() -> None:
    path = shared_path(*SAMPLE)
    iraq = [r for r in rows(path) if isinstance(r, ImportedRow) and r.extra["ActionGeo"].get("CountryCode") == "IZ"]
    assert iraq and all(r.candidate.location and r.candidate.location.country == "IQ" for r in iraq)


def test_unreadable_rows_are_reported_by_line_and_the_rest_load(tmp_path: Path) -> None:
    lines = shared_path(*SAMPLE).read_text(encoding="utf-8").splitlines()[:6]
    broken = [
        lines[0],
        "\t".join(lines[1].split("\t")[:40]),  # cut short
        with_field(lines[2], 1, "20150231"),  # no 31 February
        with_field(lines[3], 26, "999"),  # no such CAMEO code
        with_field(lines[4], 53, "north"),
        lines[5],
    ]
    path = tmp_path / "broken.tsv"
    path.write_text("\n".join(broken) + "\n", encoding="utf-8")
    read = rows(path)
    errors = {e.line: e.problem for e in read if isinstance(e, RowError)}
    assert sorted(errors) == [2, 3, 4, 5]
    assert "40 tab-separated fields" in errors[2]
    assert "SQLDATE" in errors[3]
    assert "EventCode" in errors[4] and "999" in errors[4]
    assert "ActionGeo_Lat" in errors[5]
    assert [r.line for r in read if isinstance(r, ImportedRow)] == [1, 6]


def test_gdelt_2_rows_with_adm2_codes_are_read(tmp_path: Path) -> None:
    path = gdelt_rows.write(tmp_path / "20200311180000.export.CSV", [gdelt_rows.TAJI_SHELLING])
    assert GdeltImporter().sniff(path, read_head(path))
    (row,) = rows(path)
    assert isinstance(row, ImportedRow)
    c = row.candidate
    assert (c.event_type, c.sub_event_type) == ("Explosions/Remote violence", "Shelling/artillery/missile attack")
    assert c.location is not None and (c.location.name, c.location.country, c.location.admin1) == (
        "Taji",
        "IQ",
        "Baghdad",
    )
    assert row.extra["gdelt_version"] == "2.0" and row.extra["ActionGeo"]["ADM2Code"] == "33261"
    assert [(a.name, a.role, a.kind, a.country) for a in c.actors] == [
        ("Militia", "perpetrator", "non-state armed group", None),
        ("United States", "target", None, "US"),
    ]


@pytest.mark.parametrize(
    ("code", "actor_type", "expected"),
    [
        ("010", None, ("Strategic developments", "Other")),
        ("0871", None, ("Strategic developments", "Agreement")),
        ("1451", None, ("Riots", "Violent demonstration")),
        ("141", None, ("Protests", "Peaceful protest")),
        ("1831", None, ("Explosions/Remote violence", "Suicide bomb")),
        ("1832", None, ("Explosions/Remote violence", "Remote explosive/landmine/IED")),
        ("192", "MIL", ("Battles", "Government regains territory")),
        ("192", "REB", ("Battles", "Non-state actor overtakes territory")),
        ("195", None, ("Explosions/Remote violence", "Air/drone strike")),
        ("1951", None, ("Explosions/Remote violence", "Air/drone strike")),
        ("202", None, ("Violence against civilians", "Attack")),
    ],
)
def test_cameo_codes_map_to_the_closest_acled_type(
    code: str, actor_type: str | None, expected: tuple[str, str]
) -> None:
    assert cameo.classify(code, actor_type)[:2] == expected


@pytest.mark.parametrize("code", ["", "21", "999", "19a", "01234"])
def test_codes_that_are_not_cameo_are_refused(code: str) -> None:
    with pytest.raises(cameo.UnknownCode):
        cameo.classify(code)


def test_every_mapped_type_is_an_acled_type_and_sub_type() -> None:
    from api.datasets.acled_schema import SUB_EVENT_TYPES

    pairs = [(t, s) for _, t, s in cameo.ROOTS.values()] + list(cameo.REFINED.values())
    assert all(s in SUB_EVENT_TYPES[t] for t, s in pairs)


def test_lines_that_are_not_utf8_are_skipped_by_line_number(tmp_path: Path) -> None:
    good = gdelt_rows.line(**gdelt_rows.TAJI_SHELLING).encode()
    latin1 = gdelt_rows.line(**{**gdelt_rows.TAJI_SHELLING, "GLOBALEVENTID": "2", "Actor1Name": "CAFÉ"})
    nul = gdelt_rows.line(**{**gdelt_rows.TAJI_SHELLING, "GLOBALEVENTID": "3", "Actor2Name": "A\x00B"})
    path = tmp_path / "mixed.CSV"
    path.write_bytes(b"\n".join([good, latin1.encode("latin-1"), nul.encode(), good.replace(b"1002345678", b"4")]))
    read = rows(path)
    errors = {e.line: e for e in read if isinstance(e, RowError)}
    assert sorted(errors) == [2, 3]
    assert errors[2].problem.startswith("not UTF-8 (byte 0xc9 at column") and errors[2].row_id == "2"
    assert "NUL" in errors[3].problem
    assert [r.row_id for r in read if isinstance(r, ImportedRow)] == ["1002345678", "4"]


def test_a_utf16_file_is_refused_whole(tmp_path: Path) -> None:
    path = tmp_path / "utf16.CSV"
    path.write_bytes(gdelt_rows.line(**gdelt_rows.TAJI_SHELLING).encode("utf-16"))
    with pytest.raises(DocumentError, match=r"utf16\.CSV: is UTF-16"):
        rows(path)


def test_a_truncated_archive_is_refused_naming_the_last_line_read(tmp_path: Path) -> None:
    many = [{**gdelt_rows.TAJI_SHELLING, "GLOBALEVENTID": str(i)} for i in range(1, 400)]
    whole = gzip.compress(gdelt_rows.write(tmp_path / "all.CSV", many).read_bytes())
    path = tmp_path / "cut.CSV.gz"
    path.write_bytes(whole[: len(whole) * 2 // 3])
    with pytest.raises(DocumentError, match=r"cut\.CSV\.gz: cannot be read after line \d+"):
        rows(path)
    good = tmp_path / "whole.CSV.gz"
    good.write_bytes(whole)
    assert len(rows(good)) == len(many)  # the same file, whole, reads
