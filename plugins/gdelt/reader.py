"""Read GDELT event files (1.0 and 2.0) into events, one row at a time."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from api.datasets import countries
from api.datasets.importer import ImportedRow, Importer, RowError, RowProblem, bounded_float, clean
from api.datasets.lines import open_lines
from api.extract.candidate import ActorRole, EventCandidate, Place
from api.ingest.source import SourceInfo
from plugins.gdelt import cameo
from plugins.gdelt.columns import LAYOUTS

NAME = "gdelt"
# Machine-coded from one article by a dictionary coder: weaker than a human-coded dataset.
CONFIDENCE = 0.4
# ActionGeo_Type: 1 country, 2 US state, 3 US city or landmark, 4 world city or landmark, 5 world ADM1.
FEATURE = {"1": ("country", 3), "2": ("province", 3), "3": ("city", 1), "4": ("city", 1), "5": ("province", 3)}
_SQLDATE = re.compile(r"^\d{8}$")


class GdeltImporter(Importer):
    name = NAME
    version = "1"
    source = SourceInfo(
        key=NAME,
        name="GDELT",
        domains=("gdeltproject.org",),
        kind="dataset",
        notes="The GDELT Project's event database: CAMEO events machine-coded from world news.",
    )

    def sniff(self, path: Path, head: bytes) -> bool:
        first = head.decode("utf-8", errors="replace").splitlines()[:1]
        if not first:
            return False
        fields = first[0].split("\t")
        return len(fields) in LAYOUTS and fields[0].isdigit() and bool(_SQLDATE.match(fields[1]))

    def read(self, path: Path) -> Iterator[ImportedRow | RowError]:
        with open_lines(path) as lines:
            for line in lines:
                line = line.rstrip("\r\n")
                if not line.strip():
                    continue
                fields = line.split("\t")
                row_id = fields[0].strip() or None
                problem = lines.problem(lines.number)
                if problem:
                    yield RowError(lines.number, problem, row_id)
                    continue
                try:
                    yield parse_row(fields, lines.number)
                except RowProblem as exc:
                    yield RowError(lines.number, str(exc), row_id)


def parse_row(fields: list[str], line: int) -> ImportedRow:
    layout = LAYOUTS.get(len(fields))
    if layout is None:
        raise RowProblem(f"{len(fields)} tab-separated fields; GDELT rows have 57 or 58 (1.0) or 61 (2.0)")
    version, names = layout
    row = {name: clean(value) for name, value in zip(names, fields, strict=True)}
    row_id = row["GLOBALEVENTID"]
    if not row_id or not row_id.isdigit():
        raise RowProblem(f"GLOBALEVENTID {row_id!r} is not a number")
    day = _date(row["SQLDATE"])
    code = row["EventCode"] or ""
    try:
        event_type, sub_type, description = cameo.classify(code, row["Actor1Type1Code"])
    except cameo.UnknownCode as exc:
        raise RowProblem(f"EventCode: {exc}") from None
    place = _place(row)
    actors = [a for a in (_actor(row, "Actor1", "perpetrator"), _actor(row, "Actor2", "target")) if a]
    candidate = EventCandidate(
        event_type=event_type,
        sub_event_type=sub_type,
        date=day,
        cameo_code=code,
        location=place,
        actors=actors,
        summary=_summary(description, code, actors, row["ActionGeo_FullName"]),
        confidence=CONFIDENCE,
        extractor=NAME,
    )
    return ImportedRow(row_id, line, candidate, source_url=row.get("SOURCEURL"), extra=_extra(row, version))


def _date(value: str | None) -> date:
    if not value or not _SQLDATE.match(value):
        raise RowProblem(f"SQLDATE {value!r} is not a YYYYMMDD date")
    try:
        return datetime.strptime(value, "%Y%m%d").date()
    except ValueError:
        raise RowProblem(f"SQLDATE {value!r} is not a real day") from None


def _place(row: dict[str, str | None]) -> Place | None:
    geo_type = row["ActionGeo_Type"]
    if geo_type not in FEATURE:
        return None  # 0 or empty: GDELT could not place the event
    full_name = row["ActionGeo_FullName"]
    if not full_name:
        raise RowProblem(f"ActionGeo_Type is {geo_type} but ActionGeo_FullName is empty")
    feature, precision = FEATURE[geo_type]
    parts = [p.strip() for p in full_name.split(",") if p.strip()]
    admin1 = parts[1] if len(parts) >= 3 else (parts[0] if feature == "province" else None)
    feature_id = row["ActionGeo_FeatureID"]
    return Place(
        name=parts[0],
        feature_type=feature,
        country=countries.from_fips(row["ActionGeo_CountryCode"]),
        admin1=admin1,
        latitude=bounded_float(row, "ActionGeo_Lat", -90, 90),
        longitude=bounded_float(row, "ActionGeo_Long", -180, 180),
        precision=precision,
        # FeatureID is GNS/GNIS for places, an ADM1 or country code for regions; "0" means none.
        key=f"gdelt:{feature_id}" if feature_id and feature_id != "0" else None,
    )


def _actor(row: dict[str, str | None], prefix: str, role: str) -> ActorRole | None:
    name = row[f"{prefix}Name"]
    if not name:
        return None
    types = (row[f"{prefix}Type1Code"], row[f"{prefix}Type2Code"], row[f"{prefix}Type3Code"])
    return ActorRole(
        name=_title(name),
        role=role,
        kind=cameo.actor_kind(types),
        country=countries.from_alpha3(row[f"{prefix}CountryCode"]),
    )


def _title(name: str) -> str:
    # GDELT writes names in capitals; str.title() would give "President'S".
    return " ".join(word.capitalize() for word in name.split()) if name.isupper() else name


def _summary(description: str, code: str, actors: list[ActorRole], where: str | None) -> str:
    text = f"{description} (CAMEO {code})"
    by = [a.name for a in actors if a.role == "perpetrator"]
    to = [a.name for a in actors if a.role == "target"]
    if by:
        text = f"{by[0]}: {text}"
    if to:
        text += f" with {to[0]}"
    if where:
        text += f", {where}"
    return text


def _int(value: str | None) -> int | float | str | None:
    if value is None:
        return None
    for kind in (int, float):
        try:
            return kind(value)
        except ValueError:
            continue
    return value


def _extra(row: dict[str, str | None], version: str) -> dict[str, Any]:
    extra: dict[str, Any] = {"gdelt_version": version}
    for name in ("NumMentions", "NumSources", "NumArticles", "IsRootEvent", "QuadClass", "GoldsteinScale",
                 "AvgTone", "EventBaseCode", "EventRootCode", "DATEADDED", "FractionDate"):  # fmt: skip
        value = row[name]
        extra[name] = value if name in ("EventBaseCode", "EventRootCode", "DATEADDED") else _int(value)
    for prefix in ("Actor1", "Actor2"):
        codes = {
            key[len(prefix) :]: value for key, value in row.items() if key.startswith(prefix) and "Geo_" not in key
        }
        if any(codes.values()):
            extra[prefix] = {k: v for k, v in codes.items() if v}
    extra["ActionGeo"] = {
        key[len("ActionGeo_") :]: value
        for key, value in row.items()
        if key.startswith("ActionGeo_")
        and value
        and key.endswith(("Type", "CountryCode", "ADM1Code", "ADM2Code", "FeatureID"))
    }
    return extra
