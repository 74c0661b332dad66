"""Plans of the compiled executor (api/graphql/compiled.py): a selection turned into functions
that complete a whole level of the response at once.

A plan completes one of three kinds of values:

- objects (``OBJECTS``): what resolvers returned — the connection, its PageInfo, nodes of types
  without a row mapping; fields are attributes.
- rows (``ROWS``): result rows of the plan's own statements (api/graphql/fetch.py), read by
  position. A selection's columns are known only once all of it is planned, so each plan reads
  their positions from its `Needs` when it runs, once per level.
- values (``VALUES``): dicts inside a column's JSON (an article's captions); fields are keys.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from graphql import (
    GraphQLField,
    GraphQLObjectType,
    GraphQLOutputType,
    get_named_type,
    is_enum_type,
    is_leaf_type,
    is_list_type,
    is_non_null_type,
    is_object_type,
)
from graphql.execution.collect_fields import FieldDetailsList
from graphql.execution.values import get_argument_values
from sqlalchemy import Connection

from api.graphql.codegen import NotCompiled, Source, leaf_expression, leaf_function, memo_expression, object_function
from api.graphql.fetch import Joined, Needs, joined, relation_fetch
from api.graphql.pagination import Page, cursor
from api.graphql.relations import EMBEDDED, RELATIONS, ROW_FIELDS, Relation, RowField

if TYPE_CHECKING:
    from api.graphql.compiled import CompiledExecutor

Values = list[Any]
Complete = Callable[[Values, "Runtime"], Values]
Plan = Callable[[Sequence[Any], "Runtime"], list[dict[str, Any]]]
OBJECTS, ROWS, VALUES = "objects", "rows", "values"
STRAWBERRY_FIELD = "strawberry-definition"
# The fields of a connection that read its page (api/graphql/pagination.py), or count it.
PAGE_FIELDS = frozenset({"edges", "nodes", "pageInfo", "totalCount"})
_join_keys = itertools.count()
STATEMENTS_KEPT = 256


@dataclass
class Runtime:
    """What a cached plan needs from the request it runs for."""

    connection: Connection
    context: Any


def is_root(type_name: str) -> bool:
    """Where to compile: connections, whose pages are where per-field costs add up."""
    return type_name.endswith("Connection")


class PageReader:
    """A connection's page as one plan reads it: once per page, with the columns and joins of all
    the plan's fields on it. Node types without a row mapping are read as objects, as normal
    execution does."""

    def __init__(self, connection_type: GraphQLObjectType) -> None:
        node_type = get_named_type(connection_type.fields["nodes"].type)
        self.rows = f"{node_type.name}Edge" in ROW_FIELDS
        self.needs = Needs({"id"})
        self._parts: tuple[str, Joined] | None = None
        self._statements: dict[tuple[Any, ...], tuple[Any, Any, tuple[Any, ...]]] = {}

    def read(self, page: Page, rt: Runtime) -> tuple[list[Any], bool]:
        if not self.rows:
            return page.rows()
        if page.read_by is not None and page.read_by[0] is self:
            return page.read_by[1]
        if self._parts is None:
            self._parts = (page.table.name, joined(page.table, self.needs, ("id",), leading=("_sort",)))
        table, parts = self._parts
        if table != page.table.name:  # one connection type, one table: never seen, but not ours to guess
            raise NotCompiled
        result = rt.connection.execute(self._statement(page, parts))
        read = page.trim(result.fetchall())
        page.read_by = (self, read)
        return read

    def _statement(self, page: Page, parts: Joined) -> Any:
        """The page's statement; the same object as last time for the same filter, order and size
        (pages without cursors), which spares SQLAlchemy building it and adapting its result."""
        key = (page.size, id(page.order), *map(id, page.criteria))
        kept = self._statements.get(key)
        if (
            kept is not None
            and kept[1] is page.order
            and all(a is b for a, b in zip(kept[2], page.criteria, strict=True))
        ):
            return kept[0]
        statement = page.statement([page.sort_column(), *parts.columns], parts.from_)
        if len(self._statements) >= STATEMENTS_KEPT:
            self._statements.clear()
        self._statements[key] = (statement, page.order, tuple(page.criteria))  # held, so their ids stay theirs
        return statement

    def info(self, page: Page, rt: Runtime) -> Any:
        rows, has_more = self.read(page, rt)
        if not self.rows:
            return page.info(rows, has_more)
        at = self.needs.positions["id"]
        return page.info(rows, has_more, lambda row: cursor(row[0], row[at]))


class Planner:
    """Builds the plan of one selection, with the executor's fragments, variables and schema."""

    def __init__(self, executor: CompiledExecutor) -> None:
        self.executor = executor
        self.dialect = executor.context_value.engine.dialect

    def build(self, object_type: GraphQLObjectType, field_details_list: FieldDetailsList, mode: str) -> tuple[Plan, Needs]:  # fmt: skip
        """The function completing a selection on a list of values of ``mode``, and what it reads of rows."""
        grouped, defer_usages, _ = self.executor.collect_subfields(object_type, field_details_list)
        if defer_usages:
            raise NotCompiled
        source = Source({})
        fields: list[tuple[str, str]] = []
        levels: list[tuple[str, Callable[..., Any]]] = []
        needs = Needs()
        page = PageReader(object_type) if mode == OBJECTS and is_root(object_type.name) else None
        for response_key, sub_fields in grouped.items():
            name = sub_fields[0].node.name.value
            if name == "__typename":
                fields.append((response_key, repr(object_type.name)))
                continue
            field_def = self.executor.schema.get_field(object_type, name)
            if field_def is None:
                raise NotCompiled
            level: Callable[..., Any] | None
            if page is not None and name in PAGE_FIELDS:
                expression, level = "", self._page_field(page, name, field_def.type, sub_fields)
            else:
                expression, level = self._field(source, needs, object_type, name, field_def, sub_fields, mode)
            if level is not None:
                level_name = f"l{len(levels)}"
                levels.append((level_name, level))
                expression = f"{level_name}[i]"
            fields.append((response_key, expression))
        return object_function(fields, levels, source), needs

    def _page_field(
        self, page: PageReader, name: str, gtype: GraphQLOutputType, sub_fields: FieldDetailsList
    ) -> Callable[..., Any]:
        """`edges`, `nodes` and `pageInfo` of a connection: from the page's rows, read once for all three
        with the columns and joins they need; or, for node types with no row mapping, from its objects."""
        if name == "pageInfo":
            info = self.completer(gtype, sub_fields, OBJECTS)[0]
            return lambda objects, rt: info([page.info(o.page, rt) for o in objects], rt)
        if name == "totalCount":
            total = self.completer(gtype, sub_fields, OBJECTS)[0]
            return lambda objects, rt: total([int(rt.connection.execute(o.page.count_statement()).scalar() or 0) for o in objects], rt)  # fmt: skip
        complete, needs = self.completer(gtype, sub_fields, ROWS if page.rows else OBJECTS)
        if not page.rows:
            if name == "edges":
                return lambda objects, rt: complete([o.page.edges() for o in objects], rt)
            return lambda objects, rt: complete([[e.node for e in o.page.edges()] for o in objects], rt)
        page.needs.merge(needs)
        return lambda objects, rt: complete([page.read(o.page, rt)[0] for o in objects], rt)

    def _field(
        self,
        source: Source,
        needs: Needs,
        object_type: GraphQLObjectType,
        name: str,
        field_def: GraphQLField,
        sub_fields: FieldDetailsList,
        mode: str,
    ) -> tuple[str, Callable[..., Any] | None]:
        """An inline expression for a scalar field, or a function computing the field for a whole
        level; what it reads of a row goes into ``needs``."""
        relation = RELATIONS.get((object_type.name, name))
        if relation is not None:
            return "", self._relation(needs, relation, field_def, sub_fields, mode)
        gtype = field_def.type
        definition = field_def.extensions.get(STRAWBERRY_FIELD)
        if mode == OBJECTS:
            if definition is None or not definition.is_basic_field or definition.default_resolver is not getattr:
                raise NotCompiled
            attribute = definition.python_name
            if not attribute.isidentifier():
                raise NotCompiled
            read = attrgetter(attribute)
            return self._plain(source, f"o.{attribute}", gtype, sub_fields, OBJECTS, lambda objects: [read(o) for o in objects])  # fmt: skip
        spec = ROW_FIELDS.get(object_type.name, {}).get(name)
        if spec == EMBEDDED:  # the child reads the parent's own row
            if mode != ROWS:
                raise NotCompiled
            complete, child = self.completer(gtype, sub_fields, ROWS)
            needs.merge(child)
            return "", lambda objects, rt: complete(list(objects), rt)
        if spec is None:
            if definition is None or not definition.is_basic_field:
                raise NotCompiled
            spec = RowField((definition.python_name,))
        assert isinstance(spec, RowField)
        needs.columns.update(spec.columns)
        if mode == ROWS:
            reads = [f"o[{source.position(needs.positions, c)}]" for c in spec.columns]
        else:
            reads = [f"o.get({c!r})" for c in spec.columns]
        nullable = not is_non_null_type(gtype)
        named = gtype if nullable else gtype.of_type  # type: ignore[union-attr]
        if spec.value is not None and len(reads) == 1 and is_enum_type(named):
            return memo_expression(source, reads[0], spec.value, named, nullable), None
        getter = reads[0] if spec.value is None else f"{source.bind(spec.value, 'f')}({', '.join(reads)})"
        return self._plain(source, getter, gtype, sub_fields, VALUES, _reader(spec, needs, mode))

    def _relation(
        self, needs: Needs, relation: Relation, field_def: GraphQLField, sub_fields: FieldDetailsList, mode: str
    ) -> Callable[..., Any]:
        """A field from another table: joined into the parent's statement when it is one row per
        parent row, else one statement for the whole level."""
        if mode == VALUES:
            raise NotCompiled
        gtype = field_def.type
        complete, child = self.completer(gtype, sub_fields, ROWS)
        if mode == ROWS and not relation.many and relation.leaves is None:
            needs.joins[f"_j{next(_join_keys)}"] = (relation, child)
            required, match = relation.required, relation.match

            def embedded(objects: Sequence[Any], rt: Runtime) -> Values:
                at = child.positions[match]  # NULL when the LEFT JOIN found no row
                keys = [o[at] for o in objects]
                if None not in keys:
                    return complete(list(objects), rt)
                if required:
                    raise NotCompiled  # normal execution raises the missing-row error
                return complete([None if k is None else o for k, o in zip(keys, objects, strict=True)], rt)

            return embedded
        if relation.leaves:
            child = Needs(set(relation.leaves.columns))
        node = sub_fields[0].node
        args = (
            get_argument_values(
                field_def, node, self.executor.variable_values, sub_fields[0].fragment_variable_values,
                self.executor.hide_suggestions,
            )
            if field_def.args or node.arguments
            else {}
        )  # fmt: skip
        parent = needs if mode == ROWS else None
        if parent is not None:
            parent.columns.add(relation.parent_column)
        fetch = relation_fetch(relation, args, child, parent, self.dialect)
        return lambda objects, rt: complete(fetch(objects, rt), rt)

    def _plain(
        self, source: Source, getter: str, gtype: GraphQLOutputType, sub_fields: FieldDetailsList,
        inner: str, read: Callable[[Sequence[Any]], Values],
    ) -> tuple[str, Callable[..., Any] | None]:  # fmt: skip
        """A field read from the value itself: inline when a scalar, else completed per level from
        what ``read`` gives (values of kind ``inner`` when they are objects)."""
        nullable = not is_non_null_type(gtype)
        named = gtype if nullable else gtype.of_type  # type: ignore[union-attr]
        if is_leaf_type(named):
            return leaf_expression(source, getter, named, nullable), None
        complete, _ = self.completer(gtype, sub_fields, inner)
        return "", lambda objects, rt: complete(read(objects), rt)

    def completer(self, gtype: GraphQLOutputType, sub_fields: FieldDetailsList, mode: str) -> tuple[Complete, Needs]:
        """Completion of a level's raw values by the field's type, and what an object plan inside reads."""
        if is_non_null_type(gtype):
            inner, needs = self.completer(gtype.of_type, sub_fields, mode)

            def non_null(values: Values, rt: Runtime) -> Values:
                done = inner(values, rt)
                if None in done:
                    raise NotCompiled  # normal execution raises "Cannot return null" with the path
                return done

            return non_null, needs
        if is_list_type(gtype):
            item, needs = self.completer(gtype.of_type, sub_fields, mode)

            def list_(values: Values, rt: Runtime) -> Values:
                flat: Values = []
                sizes: list[int] = []
                for value in values:
                    if value is None:
                        sizes.append(-1)
                        continue
                    before = len(flat)
                    flat.extend(value)
                    sizes.append(len(flat) - before)
                done = item(flat, rt)
                out: Values = []
                at = 0
                for size in sizes:
                    if size < 0:
                        out.append(None)
                    else:
                        out.append(done[at : at + size])
                        at += size
                return out

            return list_, needs
        if is_leaf_type(gtype):
            leaf = leaf_function(gtype)
            return (lambda values, rt: [leaf(v) for v in values]), Needs()
        if is_object_type(gtype):
            plan, needs = self.build(gtype, sub_fields, mode)

            def objects(values: Values, rt: Runtime) -> Values:
                present = [v for v in values if v is not None]
                if len(present) == len(values):
                    return plan(present, rt)
                done = iter(plan(present, rt))
                return [None if v is None else next(done) for v in values]

            return objects, needs
        raise NotCompiled  # interfaces and unions: the runtime type is resolved per object


def _reader(spec: RowField, needs: Needs, mode: str) -> Callable[[Sequence[Any]], Values]:
    """The field's raw values for a whole level, for fields that are not scalars (lists, JSON objects)."""
    value = spec.value or (lambda v: v)
    columns = spec.columns

    def read(objects: Sequence[Any]) -> Values:
        if mode == ROWS:
            at = [needs.positions[c] for c in columns]
            return [value(*[o[p] for p in at]) for o in objects]
        return [value(*[o.get(c) for c in columns]) for o in objects]

    return read
