"""Bulk statements at the driver's speed: one executemany for many rows, one parameter for many ids.

SQLAlchemy's own executemany builds a parameter dictionary per row through its compiler, which
costs more than the database's work for the writer's narrow rows (bench/ingest.py measured
100-240 us a row against 5-20 for the driver). Here the statement text is made once per table
and column list, each value goes through the column type's own bind processor (so what is
stored is exactly what SQLAlchemy would store), and the driver gets plain tuples.

Lists of ids travel as one parameter (a PostgreSQL array, an SQLite JSON array), so an
``IN`` over thousands of ids is one short, cached statement instead of thousands of parameters.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from typing import Any

from sqlalchemy import Dialect, Table, text
from sqlalchemy.orm import Session

Processor = Callable[[Any], Any] | None


def dialect(session: Session) -> str:
    return session.get_bind().dialect.name


@cache
def _mark(paramstyle: str) -> str:
    return "?" if paramstyle == "qmark" else "%s"


def _processors(table: Table, columns: Sequence[str], on: Dialect) -> list[Processor]:
    return [table.c[name].type.dialect_impl(on).bind_processor(on) for name in columns]


def _rows(processors: list[Processor], rows: Iterable[Sequence[Any]]) -> list[tuple[Any, ...]]:
    needed = [(i, p) for i, p in enumerate(processors) if p is not None]
    if not needed:
        return [tuple(row) for row in rows]
    converted: list[tuple[Any, ...]] = []
    for row in rows:
        values = list(row)
        for i, process in needed:
            if values[i] is not None:
                values[i] = process(values[i])
        converted.append(tuple(values))
    return converted


def insert(
    session: Session, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]], conflict: str = ""
) -> None:
    """INSERT rows (tuples in ``columns`` order); ``conflict`` is an ON CONFLICT clause, or empty."""
    connection = session.connection()
    on = connection.dialect
    data = _rows(_processors(table, columns, on), rows)
    if data:
        marks = ", ".join([_mark(on.paramstyle)] * len(columns))
        sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks}) {conflict}"
        connection.exec_driver_sql(sql, data)


def update(session: Session, table: Table, columns: Sequence[str], key: str, rows: Iterable[Sequence[Any]]) -> None:
    """UPDATE ``columns`` of the rows whose ``key`` is each tuple's last value."""
    connection = session.connection()
    on = connection.dialect
    data = _rows(_processors(table, [*columns, key], on), rows)
    if data:
        mark = _mark(on.paramstyle)
        sql = f"UPDATE {table.name} SET {', '.join(f'{c} = {mark}' for c in columns)} WHERE {key} = {mark}"
        connection.exec_driver_sql(sql, data)


def member_of(session: Session, expression: str, name: str) -> str:
    """SQL for "``expression`` is one of the values of parameter ``name``" (see ``values``)."""
    if dialect(session) == "postgresql":
        return f"{expression} = ANY(:{name})"
    return f"{expression} IN (SELECT value FROM json_each(:{name}))"


def values(session: Session, items: Iterable[Any]) -> Any:
    """The parameter for ``member_of``: a list for PostgreSQL, JSON text for SQLite."""
    found = list(items)
    return found if dialect(session) == "postgresql" else json.dumps(found)


def next_ids(session: Session, table: Table, count: int) -> list[int]:
    """``count`` new ids for ``table``, ascending. On SQLite the caller holds the write lock."""
    if count == 0:
        return []
    if dialect(session) == "postgresql":
        sequence = f"pg_get_serial_sequence('{table.name}', 'id')"
        found = session.execute(text(f"SELECT nextval({sequence}) FROM generate_series(1, :n)"), {"n": count}).scalars()
        return sorted(int(pk) for pk in found)
    top = session.execute(text(f"SELECT coalesce(max(id), 0) FROM {table.name}")).scalar_one()
    return list(range(int(top) + 1, int(top) + 1 + count))


def write_lock(session: Session) -> None:
    """On SQLite, take the database's write lock now (a write that changes nothing): what is read
    after it stays current until commit. PostgreSQL writers rely on row and advisory locks."""
    if dialect(session) == "sqlite":
        session.execute(text("UPDATE events SET id = id WHERE 0"))
