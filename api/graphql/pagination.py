"""Relay connections with keyset cursors: stable under inserts, no OFFSET."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, Generic, TypeVar

import strawberry
from sqlalchemy import ColumnElement, Select, Table, and_, func, or_, select
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


def _parse_value(sample: Any, raw: Any, column: Any) -> Any:
    python_type = getattr(column.type, "python_type", None)
    if raw is None:
        return None
    try:
        if python_type is datetime:
            return datetime.fromisoformat(raw)
        if python_type is date:
            return date.fromisoformat(raw)
    except (TypeError, ValueError):
        raise BadInput("that cursor is not from this connection or ordering") from None
    return raw


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
    base: Select[Any] | None = None,
) -> Connection[Any]:
    """One page of ``table`` ordered by ``order`` then id, with NULLs last whatever the direction."""
    size, backwards = page_size(first, last)
    column = table.c[order]
    pk = table.c.id
    query = base if base is not None else select(table)
    count = select(func.count()).select_from(table)
    if where is not None:
        query = query.where(where)
        count = count.where(where)
    # Sorting with NULLs last is expressed as sorting by (is null, value, id).
    null_flag = column.is_(None)
    reverse = descending != backwards
    for cursor, is_after in ((after, True), (before, False)):
        if cursor is None:
            continue
        raw_value, raw_id = decode_cursor(cursor)
        value = _parse_value(None, raw_value, column)
        if not isinstance(raw_id, int):
            raise BadInput(f"{cursor!r} is not a cursor from this connection")
        query = query.where(_beyond(column, pk, value, raw_id, descending, forward=is_after))
    ordering = [null_flag.asc() if not reverse else null_flag.desc()]
    ordering += [column.desc(), pk.desc()] if reverse else [column.asc(), pk.asc()]
    rows = ctx(info).rows(query.order_by(*ordering).limit(size + 1))
    has_more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
    edges = [Edge(cursor=encode_cursor([_cursor_value(r[order]), r["id"]]), node=to_node(dict(r))) for r in rows]
    info_ = PageInfo(
        has_next_page=has_more if not backwards else before is not None,
        has_previous_page=has_more if backwards else after is not None,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return Connection(edges=edges, nodes=[e.node for e in edges], page_info=info_, count_statement=count)


def _beyond(column: Any, pk: Any, value: Any, row_id: int, descending: bool, forward: bool) -> ColumnElement[bool]:
    """Rows strictly after (``forward``) or before the cursor row in the (nulls-last, value, id) order."""
    later = forward != descending  # in plain value terms: do we want larger values?
    if value is None:
        # Cursor sits among the NULLs at the end: only NULL rows with a larger/smaller id remain.
        same = pk > row_id if forward else pk < row_id
        if descending:
            same = pk < row_id if forward else pk > row_id
        return and_(column.is_(None), same) if forward else or_(column.is_not(None), and_(column.is_(None), same))
    if later:
        beyond = or_(column > value, and_(column == value, pk > row_id))
    else:
        beyond = or_(column < value, and_(column == value, pk < row_id))
    return or_(beyond, column.is_(None)) if forward else and_(beyond, column.is_not(None))
