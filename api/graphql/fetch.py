"""The SQL of a compiled plan (api/graphql/compiled.py): one statement per table a level reads.

A to-one relation under a selection on rows (an event's location, a report's article and its
source) is joined into its parent's statement, as hand-written SQL would do, instead of costing
a statement of its own. A to-many relation (an event's actors, its reports) is one statement for
all the parents of a level; their keys travel as one parameter (a JSON array on SQLite, an array
on PostgreSQL), so the statement's text is the same whatever their number: SQLAlchemy compiles it
once, and PostgreSQL can keep it prepared. Only the columns the selection reads are fetched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from operator import attrgetter, itemgetter
from typing import Any

import orjson
from sqlalchemy import ColumnElement, Connection, Dialect, FromClause, Select, Table, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlmodel.sql.sqltypes import UTCDateTime

from api.graphql.codegen import NotCompiled
from api.graphql.relations import Relation


@dataclass(eq=False)
class Needs:
    """What a selection on rows reads from its table: columns, and to-one relations joined in.

    ``positions`` (column -> index in the result rows) is filled when the statement is laid out;
    selections that read the same rows (an event's fatalities read the event's) share it.
    """

    columns: set[str] = field(default_factory=set)
    joins: dict[str, tuple[Relation, Needs]] = field(default_factory=dict)
    positions: dict[str, int] = field(default_factory=dict)
    shares: list[dict[str, int]] = field(default_factory=list)

    def merge(self, other: Needs) -> None:
        """Read ``other``'s columns and joins from these same rows."""
        self.columns |= other.columns
        self.joins.update(other.joins)
        self.shares += [other.positions, *other.shares]

    def place(self, positions: dict[str, int]) -> None:
        for shared in (self.positions, *self.shares):
            shared.update(positions)  # in place: plans hold these dicts


@dataclass(frozen=True)
class Joined:
    """The select list and FROM clause for a table and what is joined to it."""

    columns: list[ColumnElement[Any]]
    from_: FromClause


def joined(table: Table, needs: Needs, always: Iterable[str], leading: Sequence[str] = ()) -> Joined:
    """Lays out a statement's columns and places them in ``needs`` and its joins. ``leading``:
    names of columns the caller puts first in the select list itself (a sort key)."""
    columns: list[ColumnElement[Any]] = []
    from_: FromClause = table

    def add(source: Any, wanted: Needs, names: list[str], label: str) -> None:
        nonlocal from_
        start = len(leading) + len(columns)
        columns.extend(source.c[n].label(f"{label}{n}") if label else source.c[n] for n in names)
        wanted.place({name: start + i for i, name in enumerate(names)})
        for key, (relation, child) in wanted.joins.items():
            alias = relation.table.alias()
            from_ = from_.outerjoin(alias, alias.c[relation.match] == source.c[relation.parent_column])
            add(alias, child, sorted(child.columns | {relation.match}), f"{key}_")

    names = sorted({c for c in needs.columns if not c.startswith("_")} | set(always))
    needs.place({name: i for i, name in enumerate(leading)})
    add(table, needs, names, "")
    return Joined(columns, from_)


def any_of(column: ColumnElement[Any], dialect: str) -> ColumnElement[bool]:
    """``column IN (:keys)`` with the keys as one parameter."""
    if dialect == "postgresql":
        return column == func.any(bindparam("keys", type_=ARRAY(column.type)))
    if dialect == "sqlite":
        return column.in_(select(func.json_each(bindparam("keys")).table_valued("value").c.value))
    return column.in_(bindparam("keys", expanding=True))


def relation_fetch(
    relation: Relation, args: dict[str, Any], child: Needs, parent: Needs | None, dialect: Dialect
) -> Callable[[Sequence[Any], Any], list[Any]]:
    """A function from the parents of one level (objects, or rows laid out by ``parent``) to each
    one's related row, list of rows, or list of leaf values."""
    keep = relation.where(args)
    table = relation.table
    match = relation.match
    parts = joined(table, child, (match,))
    statement = (
        select(*parts.columns)
        .select_from(parts.from_)
        .where(any_of(table.c[match], dialect.name))
        .order_by(*relation.order)
    )
    run = prepared(statement, parts.columns, dialect)
    at = child.positions
    leaves = relation.leaves

    def fetch(parents: Sequence[Any], rt: Any) -> list[Any]:
        key_of = itemgetter(parent.positions[relation.parent_column]) if parent else attrgetter(relation.parent_attr)
        keys = [key_of(p) for p in parents]
        wanted = list(dict.fromkeys(k for k in keys if k is not None))
        found = run(rt.connection, wanted) if wanted else []
        m = at[match]
        if not relation.many:
            by_key = {row[m]: row for row in found}
            values = [None if k is None else by_key.get(k) for k in keys]
            if relation.required and any(v is None for v in values):  # not `None in`: rows compare slowly
                raise NotCompiled  # normal execution raises the missing-row error
            return values
        groups: dict[Any, list[Any]] = {}
        if keep is None:
            for row in found:
                groups.setdefault(row[m], []).append(row)
        else:
            column, value = keep
            k = at[column]
            for row in found:
                if row[k] == value:
                    groups.setdefault(row[m], []).append(row)
        if leaves is not None:
            get = leaves.value or (lambda v: v)
            (leaf,) = leaves.columns
            lv = at[leaf]
            return [[v for row in groups.get(key, ()) for v in get(row[lv])] for key in keys]
        return [groups.get(key, []) for key in keys]

    return fetch


def prepared(
    statement: Select[Any], columns: list[ColumnElement[Any]], dialect: Dialect
) -> Callable[[Connection, list[Any]], Sequence[Any]]:
    """The statement, taking the keys, compiled once: run as the driver's SQL, its rows converted by
    the columns' own result processors. SQLAlchemy's per-execution work (cache lookup, result
    adaptation, a Python call per value of a TypeDecorator) costs more than the query here."""
    if dialect.name not in ("sqlite", "postgresql"):
        return lambda connection, keys: connection.execute(statement, {"keys": keys}).fetchall()
    sql = str(statement.compile(dialect=dialect))
    sqlite = dialect.name == "sqlite"
    converts: list[Callable[[Sequence[Any]], list[Any]] | None] = []

    def run(connection: Connection, keys: list[Any]) -> Sequence[Any]:
        # Integer keys as the array's text: psycopg takes a millisecond to dump a list of 100 ints.
        if sqlite:
            parameters: Any = (orjson.dumps(keys).decode(),)
        elif all(type(k) is int for k in keys):
            parameters = {"keys": "{" + ",".join(map(str, keys)) + "}"}
        else:
            parameters = {"keys": keys}
        result = connection.exec_driver_sql(sql, parameters)
        if not converts:  # a processor may depend on the driver's type of the column (PostgreSQL numerics)
            described = result.cursor.description
            converts.append(converter([reader(c.type, dialect, d[1]) for c, d in zip(columns, described, strict=True)]))
        rows = result.fetchall()
        return converts[0](rows) if converts[0] else rows

    return run


def reader(type_: Any, dialect: Dialect, driver_type: Any) -> Callable[[Any], Any] | None:
    """How a raw driver value of ``type_`` becomes what SQLAlchemy would have returned."""
    if isinstance(type_, UTCDateTime):
        return as_utc  # its own conversion, without TypeDecorator's layers (5 µs a value)
    return type_.dialect_impl(dialect).result_processor(dialect, driver_type)


def as_utc(value: Any) -> datetime | None:
    """UTCDateTime's result: SQLite gives text, PostgreSQL a datetime; stored without an offset means UTC."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.utcoffset() is None else value.astimezone(UTC)


def converter(readers: list[Callable[[Any], Any] | None]) -> Callable[[Sequence[Any]], list[Any]] | None:
    """A function converting rows column by column (one tuple display per row), or None when no
    column needs converting."""
    if not any(readers):
        return None
    namespace = {f"r{i}": f for i, f in enumerate(readers) if f is not None}
    items = ", ".join(f"r{i}(row[{i}])" if f is not None else f"row[{i}]" for i, f in enumerate(readers))
    code = f"def convert(rows):\n    return [({items},) for row in rows]"
    exec(compile(code, "<eventgraph row converter>", "exec"), namespace)
    convert: Callable[[Sequence[Any]], list[Any]] = namespace["convert"]
    return convert
