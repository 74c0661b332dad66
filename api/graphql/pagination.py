"""Relay connections with keyset cursors: stable under inserts, no OFFSET."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, Generic, TypeVar

import strawberry
from sqlalchemy import ColumnElement, Select, Table, and_, func, literal_column, or_, select
from strawberry.types import Info

from api.graphql.context import ctx
from api.graphql.errors import BadInput
from api.graphql.ids import decode_cursor, encode_cursor

T = TypeVar("T")
MAX_PAGE = 100


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    nodes: list[T]
    page_info: PageInfo
    count_statement: strawberry.Private[Select[Any]]

    @strawberry.field(description="How many items match, across all pages.")
    def total_count(self, info: Info) -> int:
        return int(ctx(info).scalar(self.count_statement) or 0)


def page_size(first: int | None, last: int | None) -> tuple[int, bool]:
    """The page size and whether we page backwards; GitHub's rules: one of first/last, 1 to 100."""
    if first is not None and last is not None:
        raise BadInput("pass either `first` or `last`, not both")
    if first is None and last is None:
        raise BadInput(f"pass `first` or `last` (1 to {MAX_PAGE}) to choose a page size")
    size = first if first is not None else last
    assert size is not None
    if not 1 <= size <= MAX_PAGE:
        name = "first" if first is not None else "last"
        raise BadInput(f"`{name}` must be between 1 and {MAX_PAGE}, got {size}")
    return size, last is not None


def _cursor_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _parse_value(raw: Any, python_type: type) -> Any:
    try:
        if python_type is datetime:
            return datetime.fromisoformat(raw)
        if python_type is date:
            return date.fromisoformat(raw)
    except (TypeError, ValueError):
        raise BadInput("that cursor is not from this connection or ordering") from None
    if not isinstance(raw, python_type):
        raise BadInput("that cursor is not from this connection or ordering")
    return raw


# Nullable sort columns sort as if NULL were the lowest value, through an expression the
# indexes are built on (see api/store/tables.py), so keyset pages need no NULL special cases.
# Literal SQL, not bound values: SQLite only uses an expression index whose text matches exactly.
NULL_SORTS_AS: dict[type, Any] = {int: "-1", float: "-1.0", str: "''", datetime: "'0001-01-01 00:00:00'"}


def sort_expression(column: Any) -> tuple[Any, type]:
    python_type = getattr(column.type, "impl", column.type).python_type
    if not column.nullable:
        return column, python_type
    return func.coalesce(column, literal_column(NULL_SORTS_AS[python_type])), python_type


def paginate(
    info: Info,
    table: Table,
    where: ColumnElement[bool] | None,
    *,
    order: str,
    descending: bool,
    first: int | None,
    last: int | None,
    after: str | None,
    before: str | None,
    to_node: Callable[[dict[str, Any]], Any],
) -> Connection[Any]:
    """One page of ``table`` ordered by ``order`` then id (NULLs lowest), with keyset cursors."""
    size, backwards = page_size(first, last)
    key, python_type = sort_expression(table.c[order])
    pk = table.c.id
    query = select(table, key.label("_sort"))
    count = select(func.count()).select_from(table)
    if where is not None:
        query = query.where(where)
        count = count.where(where)
    for cursor, is_after in ((after, True), (before, False)):
        if cursor is None:
            continue
        raw_value, raw_id = decode_cursor(cursor)
        if not isinstance(raw_id, int):
            raise BadInput(f"{cursor!r} is not a cursor from this connection")
        value = _parse_value(raw_value, python_type)
        larger = is_after != descending  # do we want larger sort values than the cursor's?
        if larger:
            query = query.where(or_(key > value, and_(key == value, pk > raw_id)))
        else:
            query = query.where(or_(key < value, and_(key == value, pk < raw_id)))
    reverse = descending != backwards
    query = query.order_by(*([key.desc(), pk.desc()] if reverse else [key.asc(), pk.asc()]))
    rows = ctx(info).rows(query.limit(size + 1))
    has_more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
    edges = [Edge(cursor=encode_cursor([_cursor_value(r["_sort"]), r["id"]]), node=to_node(dict(r))) for r in rows]
    page = PageInfo(
        has_next_page=has_more if not backwards else before is not None,
        has_previous_page=has_more if backwards else after is not None,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return Connection(edges=edges, nodes=[e.node for e in edges], page_info=page, count_statement=count)
