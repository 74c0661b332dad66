"""The places and actors of many event candidates, found or created in a few statements.

Rows are looked up by their unique key, the missing ones inserted with ON CONFLICT DO NOTHING
(a concurrent writer's row wins, never a duplicate), in key order so that two writers inserting
overlapping sets wait for each other in the same order instead of deadlocking. As with one row
at a time, the first writer's attributes stay: a later candidate never rewrites a place.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, bindparam, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from api.extract.candidate import ActorRole, Place
from api.store import bulk
from api.store.tables import actors_t, locations_t

CHUNK = 500  # keys an IN list carries, well under SQLite's limit on bound parameters


@dataclass(frozen=True)
class LocationRow:
    """What merging needs of a stored place."""

    id: int
    key: str
    country_code: str | None
    latitude: float | None
    longitude: float | None
    precision: int


def location_key(place: Place) -> str:
    return place.key or f"{place.name}|{place.country or ''}|{place.feature_type}".lower()


def insert(dialect: str, table: Table) -> Any:
    """INSERT with ON CONFLICT clauses, in the dialect's own form."""
    return (pg_insert if dialect == "postgresql" else sqlite_insert)(table)


def _in_chunks(keys: Sequence[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(keys), CHUNK):
        yield list(keys[start : start + CHUNK])


def locations(session: Session, places: Iterable[Place]) -> dict[str, LocationRow]:
    """Every place's stored row by its key, inserting the places not stored yet."""
    wanted: dict[str, dict[str, Any]] = {}
    for place in places:
        wanted.setdefault(
            location_key(place),
            {
                "key": location_key(place),
                "name": place.name,
                "feature_type": place.feature_type,
                "country_code": place.country,
                "admin1": place.admin1,
                "latitude": place.latitude,
                "longitude": place.longitude,
                "precision": place.precision,
            },
        )
    found = locations_by("key", session, list(wanted))
    missing = sorted(set(wanted) - set(found))
    if missing:
        stmt = insert(bulk.dialect(session), locations_t).on_conflict_do_nothing(index_elements=["key"])
        session.execute(stmt, [wanted[key] for key in missing])
        found.update(locations_by("key", session, missing))
    return found


def locations_by(column: str, session: Session, values: Sequence[Any]) -> dict[Any, LocationRow]:
    """Stored places whose ``column`` (key or id) is one of ``values``, by that value."""
    loc = locations_t.c
    query = select(loc.id, loc.key, loc.country_code, loc.latitude, loc.longitude, loc.precision).where(
        loc[column].in_(bindparam("values", expanding=True))
    )
    found: dict[Any, LocationRow] = {}
    for chunk in _in_chunks(values):
        for row in session.execute(query, {"values": chunk}):
            place = LocationRow(*row)
            found[getattr(place, column)] = place
    return found


def actors(session: Session, roles: Iterable[ActorRole]) -> dict[str, int]:
    """Every actor's (and parent's) id by name, inserting the missing ones and setting parents
    where none is set yet; the first mention of a name decides its kind and country."""
    wanted: dict[str, dict[str, Any]] = {}
    parents: dict[str, str] = {}
    for role in roles:
        wanted.setdefault(role.name, {"name": role.name, "kind": role.kind, "country": role.country})
        if role.parent:
            wanted.setdefault(role.parent, {"name": role.parent, "kind": None, "country": None})
            parents.setdefault(role.name, role.parent)
    a = actors_t.c
    query = select(a.name, a.id, a.parent_id).where(a.name.in_(bindparam("names", expanding=True)))

    def lookup(names: Sequence[str]) -> dict[str, tuple[int, int | None]]:
        rows: dict[str, tuple[int, int | None]] = {}
        for chunk in _in_chunks(names):
            rows.update((name, (pk, parent)) for name, pk, parent in session.execute(query, {"names": chunk}))
        return rows

    found = lookup(list(wanted))
    missing = sorted(set(wanted) - set(found))
    if missing:
        stmt = insert(bulk.dialect(session), actors_t).on_conflict_do_nothing(index_elements=["name"])
        session.execute(stmt, [wanted[name] for name in missing])
        found.update(lookup(missing))
    orphans = [
        {"actor": found[name][0], "parent": found[parent][0]}
        for name, parent in sorted(parents.items())
        if found[name][1] is None
    ]
    if orphans:
        session.execute(
            actors_t.update()
            .where(a.id == bindparam("actor"), a.parent_id.is_(None))
            .values(parent_id=bindparam("parent")),
            orphans,
        )
    return {name: pk for name, (pk, _) in found.items()}
