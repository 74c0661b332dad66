"""A database with events from every path (articles, ACLED, GDELT) for the export tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select

from api.export.filter_json import parse_filter
from api.export.stream import export
from api.store.importer import import_file
from api.store.tables import actors_t, event_actors_t, events_t, locations_t
from api.store.writer import Store
from plugins.acled.reader import AcledImporter
from plugins.gdelt.reader import GdeltImporter
from tests import acled_rows, gdelt_rows
from tests.factories import AIN_AL_ASAD, AIRPORT, ERBIL, SOURCES, TAJI, extraction, rocket_attack


def load(engine: Engine, tmp_path: Path) -> Store:
    s = Store(engine)
    s.register_sources(SOURCES)
    s.save(
        extraction(
            "reuters", "taji", [rocket_attack(date(2020, 3, 11), TAJI, killed=3, perpetrator="Kataib Hezbollah")]
        )
    )
    s.save(extraction("jpost", "taji", [rocket_attack(date(2020, 3, 11), TAJI, killed=3)]))
    s.save(extraction("reuters", "bgw", [rocket_attack(date(2020, 6, 8), AIRPORT, killed=None)]))
    s.save(extraction("tasnim", "asad", [rocket_attack(date(2020, 1, 8), AIN_AL_ASAD, killed=0, perpetrator="IRGC")]))
    s.save(extraction("reuters", "erbil", [rocket_attack(date(2021, 2, 15), ERBIL, killed=1)]))
    import_file(s, AcledImporter(), acled_rows.write(tmp_path / "acled.csv", list(acled_rows.GOOD)))
    unplaced = {**gdelt_rows.TAJI_SHELLING, "GLOBALEVENTID": "1002345680", "SQLDATE": "20200401", "ActionGeo_Type": "0"}
    import_file(s, GdeltImporter(), gdelt_rows.write(tmp_path / "gdelt.CSV", [gdelt_rows.TAJI_SHELLING, unplaced]))
    return s


def signatures(engine: Engine) -> list[tuple[Any, ...]]:
    """What makes two databases hold the same events, whatever their ids."""
    e, loc = events_t.c, locations_t.c
    with engine.connect() as connection:
        rows = connection.execute(
            select(e.id, e.event_type, e.sub_event_type, e.date, e.date_precision, loc.name, loc.latitude,
                   loc.longitude, loc.country_code, loc.admin1, e.geo_precision, e.fatalities_best, e.summary)
            .outerjoin(locations_t, loc.id == e.location_id)
            .where(e.merged_into_id.is_(None))
        ).all()  # fmt: skip
        actors: dict[int, set[tuple[str, str]]] = {row[0]: set() for row in rows}
        for event_id, name, role in connection.execute(
            select(event_actors_t.c.event_id, actors_t.c.name, event_actors_t.c.role).join(
                actors_t, actors_t.c.id == event_actors_t.c.actor_id
            )
        ):
            actors[event_id].add((name, role))
    return sorted((*row[1:], tuple(sorted(actors[row[0]]))) for row in rows)


def live_events(engine: Engine) -> int:
    with engine.connect() as connection:
        query = select(func.count()).select_from(events_t).where(events_t.c.merged_into_id.is_(None))
        return int(connection.execute(query).scalar_one())


def text_of(engine: Engine, fmt: str, flt: str | None = None) -> str:
    return b"".join(export(engine, fmt, parse_filter(flt))).decode("utf-8")
