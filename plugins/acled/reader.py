"""Read ACLED exports (CSV with ACLED's 31 columns) into events, one row at a time."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from api.datasets import acled_schema as acled
from api.datasets import countries
from api.datasets.importer import ImportedRow, Importer, RowError, RowProblem, bounded_float, clean
from api.datasets.lines import Lines, open_lines
from api.errors import DocumentError
from api.extract.candidate import ActorRole, EventCandidate, Place
from api.ingest.source import SourceInfo

NAME = "acled"
# Human-coded and reviewed by ACLED's researchers.
CONFIDENCE = 0.9
DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d/%m/%Y")
INT_MAX = 2**31 - 1
FEATURE_BY_PRECISION = {1: "city", 2: "district", 3: "province"}
# Columns copied into the origin so an export can give them back as they were.
KEPT = ("actor1", "actor2", "disorder_type", "inter1", "inter2", "interaction", "civilian_targeting", "iso", "region",
        "admin2", "admin3", "source", "source_scale", "tags", "timestamp", "time_precision")  # fmt: skip


class AcledImporter(Importer):
    name = NAME
    version = "1"
    source = SourceInfo(
        key=NAME,
        name="ACLED",
        domains=("acleddata.com",),
        kind="dataset",
        notes="Armed Conflict Location & Event Data: political violence and protest events coded by researchers.",
    )

    def sniff(self, path: Path, head: bytes) -> bool:
        first = head.decode("utf-8-sig", errors="replace").splitlines()[:1]
        if not first:
            return False
        header = {name.strip().strip('"').lower() for name in next(csv.reader(first))}
        return set(acled.REQUIRED) <= header

    def read(self, path: Path) -> Iterator[ImportedRow | RowError]:
        with open_lines(path) as lines:
            reader = csv.reader(lines)
            try:
                header = [name.strip().lower() for name in next(reader)]
            except StopIteration:
                raise DocumentError(str(path), "the file is empty") from None
            except csv.Error as exc:
                raise DocumentError(str(path), f"line 1: the header is not CSV ({exc})") from None
            if lines.problem(1, reader.line_num):
                raise DocumentError(str(path), f"line 1: the header is {lines.problem(1, reader.line_num)}")
            missing = [name for name in acled.REQUIRED if name not in header]
            if missing:
                raise DocumentError(str(path), f"not an ACLED export: no {', '.join(missing)} column")
            yield from _rows(reader, lines, header, str(path))


def _rows(reader: Any, lines: Lines, header: list[str], name: str) -> Iterator[ImportedRow | RowError]:
    while True:
        first = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            # An unclosed quote swallows the rest of the file: nothing after it can be trusted.
            raise DocumentError(name, f"line {first}: not CSV ({exc})") from None
        line = reader.line_num
        if not any(field.strip() for field in fields):
            continue
        problem = lines.problem(first, line)
        if problem:
            yield RowError(first, problem, None)
        elif len(fields) != len(header):
            yield RowError(first, f"{len(fields)} fields where the header has {len(header)}")
        else:
            row = {name: clean(value) for name, value in zip(header, fields, strict=True)}
            try:
                yield parse_row(row, first)
            except RowProblem as exc:
                yield RowError(first, str(exc), row.get("event_id_cnty"))


def parse_row(row: dict[str, str | None], line: int) -> ImportedRow:
    row_id = row.get("event_id_cnty")
    if not row_id:
        raise RowProblem("event_id_cnty is empty")
    event_type = row.get("event_type") or ""
    sub_type = row.get("sub_event_type") or ""
    if event_type not in acled.SUB_EVENT_TYPES:
        raise RowProblem(f"event_type {event_type!r} is not one of ACLED's six")
    if sub_type not in acled.SUB_EVENT_TYPES[event_type]:
        raise RowProblem(f"sub_event_type {sub_type!r} is not a sub-type of {event_type}")
    precision = _int(row, "time_precision")
    if precision is not None and precision not in acled.DATE_PRECISION:
        raise RowProblem(f"time_precision {precision} is not 1, 2 or 3")
    fatalities = _int(row, "fatalities")
    if fatalities is not None and fatalities < 0:
        raise RowProblem(f"fatalities {fatalities} is negative")
    candidate = EventCandidate(
        event_type=event_type,
        sub_event_type=sub_type,
        date=_date(row.get("event_date")),
        date_precision=acled.DATE_PRECISION.get(precision or 1, "day"),
        location=_place(row),
        actors=_actors(row),
        fatalities_low=fatalities,
        fatalities_best=fatalities,
        fatalities_high=fatalities,
        summary=row.get("notes") or "",
        confidence=CONFIDENCE,
        extractor=NAME,
    )
    extra: dict[str, Any] = {name: row[name] for name in KEPT if row.get(name) is not None}
    return ImportedRow(row_id, line, candidate, source_url=None, extra=extra)


def _int(row: dict[str, str | None], name: str) -> int | None:
    value = row.get(name)
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        raise RowProblem(f"{name} {value!r} is not a number") from None
    if not number.is_integer():  # spreadsheets write 3 as "3.0"; 2.5 is not a count
        raise RowProblem(f"{name} {value!r} is not a whole number")
    if abs(number) > INT_MAX:  # the database's integer columns hold no more
        raise RowProblem(f"{name} {value!r} is too large")
    return int(number)


def _date(value: str | None) -> date:
    if not value:
        raise RowProblem("event_date is empty")
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise RowProblem(f"event_date {value!r} is not a date (2020-03-11 or 11 March 2020)")


def _place(row: dict[str, str | None]) -> Place | None:
    name = row.get("location")
    latitude = bounded_float(row, "latitude", -90, 90)
    longitude = bounded_float(row, "longitude", -180, 180)
    if (latitude is None) != (longitude is None):
        raise RowProblem("latitude and longitude must both be given or both be empty")
    if not name:
        if latitude is not None:
            raise RowProblem("coordinates without a location name")
        return None
    country = countries.from_numeric(row.get("iso")) or countries.from_name(row.get("country"))
    precision = _int(row, "geo_precision") or 1
    if precision not in FEATURE_BY_PRECISION:
        raise RowProblem(f"geo_precision {precision} is not 1, 2 or 3")
    # ACLED has no place ids: the name and the coordinates together tell its places apart.
    key = f"acled:{name}|{country or ''}|{latitude:.4f},{longitude:.4f}".lower() if latitude is not None else None
    return Place(
        name=name,
        feature_type=FEATURE_BY_PRECISION[precision],
        country=country,
        admin1=row.get("admin1"),
        latitude=latitude,
        longitude=longitude,
        precision=precision,
        key=key,
    )


def _actors(row: dict[str, str | None]) -> list[ActorRole]:
    """actor1 and its associates as perpetrators (ACLED's initiating side), actor2's side as targets."""
    actors: list[ActorRole] = []
    for main, assoc, inter, role in (("actor1", "assoc_actor_1", "inter1", "perpetrator"),
                                     ("actor2", "assoc_actor_2", "inter2", "target")):  # fmt: skip
        kind = acled.kind_for_inter(acled.inter_code(row.get(inter)))
        if row.get(main):
            actors.append(ActorRole(str(row[main]), role, kind=kind))
        for name in (row.get(assoc) or "").split(";"):
            if name.strip():
                actors.append(ActorRole(name.strip(), role))
    return actors
