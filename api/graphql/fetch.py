"""One SQL statement per relation and level of a compiled plan (api/graphql/compiled.py).

The keys travel as one parameter (a JSON array on SQLite, an array on PostgreSQL), so the
statement's text is the same whatever their number: SQLAlchemy compiles it once, and
PostgreSQL can keep it prepared. Only the columns the selection reads are fetched.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import attrgetter, itemgetter
from typing import Any

import orjson
from sqlalchemy import ColumnElement, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY

from api.graphql.codegen import NotCompiled
from api.graphql.relations import Relation, Row


def any_of(column: ColumnElement[Any], dialect: str) -> ColumnElement[bool]:
    """``column IN (:keys)`` with the keys as one parameter."""
    if dialect == "postgresql":
        return column == func.any(bindparam("keys", type_=ARRAY(column.type)))
    if dialect == "sqlite":
        return column.in_(select(func.json_each(bindparam("keys")).table_valued("value").c.value))
    return column.in_(bindparam("keys", expanding=True))


def keys_parameter(keys: list[Any], dialect: str) -> Any:
    return orjson.dumps(keys).decode() if dialect == "sqlite" else keys


def relation_fetch(
    relation: Relation, args: dict[str, Any], child_columns: set[str], rows: bool, dialect: str
) -> Callable[[Sequence[Any], Any], list[Any]]:
    """A function from the parents of one level (objects, or rows when ``rows``) to each one's
    related row, list of rows, or list of leaf values."""
    keep = relation.where(args)
    table = relation.table
    match = relation.match
    selected = [table.c[c] for c in sorted(child_columns | {match})]
    statement = select(*selected).where(any_of(table.c[match], dialect)).order_by(*relation.order)
    parent_key = itemgetter(relation.parent_column) if rows else attrgetter(relation.parent_attr)
    leaves = relation.leaves.value if relation.leaves else None

    def fetch(parents: Sequence[Any], rt: Any) -> list[Any]:
        keys = [parent_key(p) for p in parents]
        wanted = list(dict.fromkeys(k for k in keys if k is not None))
        found: list[Row] = []
        if wanted:
            result = rt.connection.execute(statement, {"keys": keys_parameter(wanted, dialect)})
            names = list(result.keys())
            found = [dict(zip(names, row, strict=True)) for row in result.fetchall()]
        if not relation.many:
            by_key = {row[match]: row for row in found}
            values = [None if k is None else by_key.get(k) for k in keys]
            if relation.required and None in values:
                raise NotCompiled  # normal execution raises the missing-row error
            return values
        groups: dict[Any, list[Row]] = {}
        for row in found:
            if keep is None or keep(row):
                groups.setdefault(row[match], []).append(row)
        if leaves is not None:
            return [[v for row in groups.get(k, ()) for v in leaves(row)] for k in keys]
        return [groups.get(k, []) for k in keys]

    return fetch
