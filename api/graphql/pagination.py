"""Relay connections with keyset cursors: stable under inserts, no OFFSET."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, Generic, TypeVar

import strawberry
from sqlalchemy import ColumnElement, FromClause, Select, Table, and_, func, literal_column, or_, select
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


Row = dict[str, Any]


@dataclass(frozen=True, eq=False)
class Anchor:
    """Another table whose index holds a connection's order: the page is read from it, joined to
    the connection's table, so that it is one index range however large the table grows (one
    actor's events by date: api/graphql/by_actor.py). On every joined row ``key`` and ``pk`` equal
    the row's own sort value and id, so cursors are the same either way."""

    table: FromClause
    on: ColumnElement[bool]  # the join to the connection's table
    conditions: tuple[ColumnElement[bool], ...]  # the anchor's own, on its table
    where: ColumnElement[bool]  # what else the rows must meet, in place of the connection's ``where``
    order: str  # the ordering it serves
    key: ColumnElement[Any]
    pk: ColumnElement[Any]
    # The ORDER BY, descending and ascending, built once so that statements can be reused (plans.py).
    orders: dict[bool, list[ColumnElement[Any]]]

    def narrowed(self, condition: ColumnElement[bool]) -> Anchor:
        return replace(self, where=and_(self.where, condition))


def anchor(
    table: FromClause, on: ColumnElement[bool], conditions: list[ColumnElement[bool]], where: ColumnElement[bool],
    order: str, key: ColumnElement[Any], pk: ColumnElement[Any],
) -> Anchor:  # fmt: skip
    orders: dict[bool, list[ColumnElement[Any]]] = {True: [key.desc(), pk.desc()], False: [key.asc(), pk.asc()]}
    return Anchor(table, on, tuple(conditions), where, order, key, pk, orders)


@dataclass(eq=False)
class Page:
    """One page of a connection, read when a field first needs it.

    Normal execution reads every column of the table (`rows`). The compiled executor
    (api/graphql/compiled.py) reads the page itself through `statement`, with only the columns
    its selection needs and the to-one relations joined in, then `trim`s what it got.
    """

    table: Table
    key: ColumnElement[Any]  # the sort expression, read back as "_sort" for cursors
    where: ColumnElement[bool] | None  # what the connection lists, on every page
    criteria: list[ColumnElement[bool]]  # ``where`` and the cursors
    order: list[ColumnElement[Any]]
    size: int
    backwards: bool
    after: bool
    before: bool
    fetch: Callable[[Select[Any]], list[Row]]
    to_node: Callable[[Row], Any]
    anchor: Anchor | None = None  # read through it; ``where`` still counts the connection
    _read: tuple[list[Row], bool] | None = None
    _edges: list[Edge[Any]] | None = None
    # What a compiled plan read, and which plan part read it: the page's fields share one read.
    read_by: tuple[object, tuple[list[Any], bool]] | None = None

    def count_statement(self) -> Select[Any]:
        count = select(func.count()).select_from(self.table)
        return count if self.where is None else count.where(self.where)

    def sort_column(self) -> ColumnElement[Any]:
        return self.key.label("_sort")

    def statement(self, columns: list[Any], from_: FromClause | None = None) -> Select[Any]:
        query = select(*columns)
        if self.anchor is not None:
            query = query.select_from(self.anchor.table.join(self.table if from_ is None else from_, self.anchor.on))
        elif from_ is not None:
            query = query.select_from(from_)
        return query.where(*self.criteria).order_by(*self.order).limit(self.size + 1)

    def trim(self, rows: Sequence[Any]) -> tuple[list[Any], bool]:
        """The page's rows in the connection's order, and whether there are more past them."""
        has_more = len(rows) > self.size
        rows = list(rows[: self.size])
        if self.backwards:
            rows.reverse()
        return rows, has_more

    def rows(self) -> tuple[list[Row], bool]:
        if self._read is None:
            self._read = self.trim(self.fetch(self.statement([self.table, self.sort_column()])))
        return self._read

    def edges(self) -> list[Edge[Any]]:
        if self._edges is None:
            self._edges = [Edge(cursor=row_cursor(r), node=self.to_node(r)) for r in self.rows()[0]]
        return self._edges

    def info(self, rows: Sequence[Any], has_more: bool, cursor_of: Callable[[Any], str] | None = None) -> PageInfo:
        """``cursor_of``: how to read a row's cursor, when the rows are not dicts."""
        cursor_of = cursor_of or row_cursor
        return PageInfo(
            has_next_page=has_more if not self.backwards else self.before,
            has_previous_page=has_more if self.backwards else self.after,
            start_cursor=cursor_of(rows[0]) if rows else None,
            end_cursor=cursor_of(rows[-1]) if rows else None,
        )


def cursor(sort_value: Any, pk: int) -> str:
    """The keyset cursor of a page row: its sort value and its id."""
    return encode_cursor([_cursor_value(sort_value), pk])


def row_cursor(row: Row) -> str:
    return cursor(row["_sort"], row["id"])


@strawberry.type
class Connection(Generic[T]):
    page: strawberry.Private[Page]

    @strawberry.field
    def edges(self) -> list[Edge[T]]:
        return self.page.edges()

    @strawberry.field
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.page.edges()]

    @strawberry.field
    def page_info(self) -> PageInfo:
        return self.page.info(*self.page.rows())

    @strawberry.field(description="How many items match, across all pages.")
    def total_count(self, info: Info) -> int:
        return int(ctx(info).scalar(self.page.count_statement()) or 0)


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


# Per (column, direction): the sort key and the ORDER BY, built once, so that a page without
# cursors is made of the same objects each time and its statement can be reused (plans.py).
_orders: dict[tuple[Any, bool], tuple[Any, type, list[ColumnElement[Any]]]] = {}


def _ordering(table: Table, order: str, reverse: bool) -> tuple[Any, type, list[ColumnElement[Any]]]:
    column = table.c[order]
    found = _orders.get((column, reverse))
    if found is None:
        key, python_type = sort_expression(column)
        pk = table.c.id
        found = _orders[(column, reverse)] = (
            key, python_type, [key.desc(), pk.desc()] if reverse else [key.asc(), pk.asc()]
        )  # fmt: skip
    return found


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
    anchor: Anchor | None = None,
) -> Connection[Any]:
    """One page of ``table`` ordered by ``order`` then id (NULLs lowest), with keyset cursors;
    read through ``anchor`` when it serves that order."""
    size, backwards = page_size(first, last)
    reverse = descending != backwards
    key, python_type, ordering = _ordering(table, order, reverse)
    pk: ColumnElement[Any] = table.c.id
    criteria: list[ColumnElement[bool]] = [] if where is None else [where]
    if anchor is not None and anchor.order != order:
        anchor = None
    if anchor is not None:
        key, pk, ordering = anchor.key, anchor.pk, anchor.orders[reverse]
        criteria = [*anchor.conditions, anchor.where]
    for given, is_after in ((after, True), (before, False)):
        if given is None:
            continue
        raw_value, raw_id = decode_cursor(given)
        if not isinstance(raw_id, int):
            raise BadInput(f"{given!r} is not a cursor from this connection")
        value = _parse_value(raw_value, python_type)
        larger = is_after != descending  # do we want larger sort values than the cursor's?
        if larger:
            criteria.append(or_(key > value, and_(key == value, pk > raw_id)))
        else:
            criteria.append(or_(key < value, and_(key == value, pk < raw_id)))
    page = Page(
        table=table, key=key, where=where, criteria=criteria, order=ordering, size=size, backwards=backwards,
        after=after is not None, before=before is not None, fetch=ctx(info).rows, to_node=to_node, anchor=anchor,
    )  # fmt: skip
    return Connection(page=page)
