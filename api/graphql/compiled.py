"""A compiled executor for connections: one pass per level of the response instead of one per field.

graphql-core resolves and completes every field of every object on its own, at 10-15 µs a
field; a page of 100 events with their places, actors and reports has about 5,000 of them
(docs/benchmarks.md). For a connection whose whole selection is made of plain fields and of
relations listed in `api/graphql/relations.py`, this executor turns the selection into Python
functions (api/graphql/codegen.py), cached per query text, that complete the page level by
level: one SQL statement per relation for all the objects of a level, reading only the columns
the selection needs, then one dict display per object. The response is the dict normal
execution builds; `tests/graphql/test_compiled.py` checks that on many queries.

Anything the plan does not cover (a resolver with no relation entry, an abstract type, @defer,
a middleware) leaves the connection to normal execution, and so does any error while completing
it: normal execution then produces the error, with its path, exactly as it would have.
"""

from __future__ import annotations

import logging
from collections import Counter, OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any
from weakref import WeakKeyDictionary

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    Node,
    VariableNode,
    is_leaf_type,
    is_list_type,
    is_non_null_type,
    is_object_type,
)
from graphql.execution.collect_fields import FieldDetailsList
from graphql.execution.values import get_argument_values
from graphql.pyutils import AwaitableOrValue, Path
from sqlalchemy import Connection
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from api.graphql.codegen import NotCompiled, Source, leaf_expression, leaf_function, object_function
from api.graphql.fetch import relation_fetch
from api.graphql.relations import EMBEDDED, RELATIONS, ROW_FIELDS, RowField

log = logging.getLogger("eventgraph.graphql.compiled")

Values = list[Any]
Complete = Callable[[Values, "Runtime"], Values]
Plan = Callable[[Sequence[Any], "Runtime"], list[dict[str, Any]]]
STRAWBERRY_FIELD = "strawberry-definition"
PLANS_KEPT = 256


@dataclass
class Runtime:
    """What a cached plan needs from the request it runs for."""

    connection: Connection
    context: Any


def is_root(type_name: str) -> bool:
    """Where to compile: connections, whose pages are where per-field costs add up."""
    return type_name.endswith("Connection")


# How connections were completed in this process: "compiled", "fell back" (an error while
# completing: normal execution redid it) or "not compiled" (the selection needs normal execution).
RUNS: Counter[str] = Counter()

# Plans per schema, then per selection: (connection type, dialect, field nodes) by identity ->
# (those objects, so that their ids stay theirs; the variables the selection reads; a plan per
# values of those variables). A schema's plans go when the schema does.
_Entry = tuple[tuple[Any, ...], tuple[str, ...] | None, dict[tuple[Any, ...], "Plan | None"]]
_plans: WeakKeyDictionary[Any, OrderedDict[tuple[int, ...], _Entry]] = WeakKeyDictionary()


class CompiledExecutor(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's executor, completing connection pages through cached compiled plans."""

    def complete_object_value(
        self,
        return_type: GraphQLObjectType,
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo,
        path: Path,
        result: Any,
        position_context: Any,
    ) -> AwaitableOrValue[dict[str, Any]]:
        engine = getattr(self.context_value, "engine", None)  # another context: nothing to compile against
        if engine is not None and is_root(return_type.name) and not self._has_middleware():
            plan = self._cached_plan(return_type, field_details_list)
            if plan is None:
                RUNS["not compiled"] += 1
            else:
                try:
                    with engine.connect() as connection:
                        completed = plan([result], Runtime(connection, self.context_value))[0]
                    RUNS["compiled"] += 1
                    return completed
                except Exception as exc:  # normal execution gives the answer, or the error with its path
                    RUNS["fell back"] += 1
                    log.debug("compiled completion of %s fell back: %r", return_type.name, exc)
        return super().complete_object_value(return_type, field_details_list, info, path, result, position_context)

    def _has_middleware(self) -> bool:
        manager = self.middleware_manager
        return bool(manager and getattr(manager, "middlewares", None))

    def _cached_plan(self, return_type: GraphQLObjectType, field_details_list: FieldDetailsList) -> Plan | None:
        nodes = tuple(d.node for d in field_details_list)
        dialect = self.context_value.engine.dialect.name
        plans = _plans.get(self.schema)
        if plans is None:
            plans = _plans[self.schema] = OrderedDict()
        key = (id(return_type), hash(dialect), *map(id, nodes))
        entry = plans.get(key)
        if entry is None:
            try:
                used: tuple[str, ...] | None = tuple(sorted(self._variables_used(field_details_list)))
            except NotCompiled:
                used = None
            entry = ((return_type, dialect, nodes), used, {})
            plans[key] = entry
            while len(plans) > PLANS_KEPT:
                plans.popitem(last=False)
        else:
            plans.move_to_end(key)
        _, used, by_values = entry
        if used is None:
            return self._plan(return_type, field_details_list, rows=False)
        try:
            values = tuple(_frozen(self.variable_values.coerced.get(name)) for name in used)
            hash(values)
        except TypeError:
            return self._plan(return_type, field_details_list, rows=False)
        if values not in by_values:
            if len(by_values) >= PLANS_KEPT:
                by_values.clear()
            by_values[values] = self._plan(return_type, field_details_list, rows=False)
        return by_values[values]

    def _variables_used(self, field_details_list: FieldDetailsList) -> set[str]:
        """Variables a selection's arguments and directives read: they can change the plan."""
        used: set[str] = set()
        seen: set[str] = set()

        def walk(node: Any) -> None:
            if isinstance(node, VariableNode):
                used.add(node.name.value)
            elif isinstance(node, FragmentSpreadNode):
                if node.arguments or node.name.value not in self.fragments:
                    raise NotCompiled  # fragment arguments: not worth caching around
                walk(node.directives)
                if node.name.value not in seen:
                    seen.add(node.name.value)
                    walk(self.fragments[node.name.value].definition)
            elif isinstance(node, Node):
                for attribute in node.keys:
                    if attribute != "loc":
                        walk(getattr(node, attribute))
            elif isinstance(node, tuple | list):
                for item in node:
                    walk(item)

        for details in field_details_list:
            if details.fragment_variable_values:
                raise NotCompiled
            node: FieldNode = details.node
            walk(node.selection_set)
        return used

    # -- planning ------------------------------------------------------------------------
    def _plan(self, object_type: GraphQLObjectType, field_details_list: FieldDetailsList, rows: bool) -> Plan | None:
        try:
            return self._build(object_type, field_details_list, rows)[0]
        except NotCompiled:
            return None
        except Exception as exc:  # e.g. a bad argument: normal execution reports it
            log.debug("no compiled plan for %s: %r", object_type.name, exc)
            return None

    def _build(
        self, object_type: GraphQLObjectType, field_details_list: FieldDetailsList, rows: bool
    ) -> tuple[Plan, set[str]]:
        """The function completing a selection on objects (``rows`` False) or on table rows, with the columns it reads."""
        grouped, defer_usages, _ = self.collect_subfields(object_type, field_details_list)
        if defer_usages:
            raise NotCompiled
        source = Source({})
        fields: list[tuple[str, str]] = []
        levels: list[tuple[str, Callable[..., Any]]] = []
        columns: set[str] = set()
        for response_key, sub_fields in grouped.items():
            name = sub_fields[0].node.name.value
            if name == "__typename":
                fields.append((response_key, repr(object_type.name)))
                continue
            field_def = self.schema.get_field(object_type, name)
            if field_def is None:
                raise NotCompiled
            expression, level, needed = self._field(source, object_type, name, field_def, sub_fields, rows)
            if level is not None:
                level_name = f"l{len(levels)}"
                levels.append((level_name, level))
                expression = f"{level_name}[i]"
            fields.append((response_key, expression))
            columns |= needed
        return object_function(fields, levels, source.namespace), columns

    def _field(
        self,
        source: Source,
        object_type: GraphQLObjectType,
        name: str,
        field_def: GraphQLField,
        sub_fields: FieldDetailsList,
        rows: bool,
    ) -> tuple[str, Callable[..., Any] | None, set[str]]:
        """An inline expression for a scalar field, or a function computing the field for a whole
        level; and the parent columns it reads."""
        relation = RELATIONS.get((object_type.name, name))
        gtype = field_def.type
        if relation is not None:
            complete, child_columns = (
                (self._completer(gtype, sub_fields, True)[0], set(relation.leaves.columns))
                if relation.leaves
                else self._completer(gtype, sub_fields, True)
            )
            node = sub_fields[0].node
            args = (
                get_argument_values(
                    field_def, node, self.variable_values, sub_fields[0].fragment_variable_values, self.hide_suggestions
                )
                if field_def.args or node.arguments
                else {}
            )
            fetch = relation_fetch(relation, args, child_columns, rows, self.context_value.engine.dialect.name)
            return "", lambda objects, rt: complete(fetch(objects, rt), rt), {relation.parent_column}
        definition = field_def.extensions.get(STRAWBERRY_FIELD)
        if not rows:
            if name == "totalCount" and is_root(object_type.name):
                complete = self._completer(gtype, sub_fields, False)[0]
                return "", lambda objects, rt: complete([int(rt.context.scalar(o.count_statement) or 0) for o in objects], rt), set()  # fmt: skip
            if definition is None or not definition.is_basic_field or definition.default_resolver is not getattr:
                raise NotCompiled
            if not definition.python_name.isidentifier():
                raise NotCompiled
            getter = f"o.{definition.python_name}"
            return self._plain(source, getter, gtype, sub_fields, rows=False, level=lambda objects: [getattr(o, definition.python_name) for o in objects])  # fmt: skip
        spec = ROW_FIELDS.get(object_type.name, {}).get(name)
        if spec == EMBEDDED:  # the child reads the parent's own row
            complete, child_columns = self._completer(gtype, sub_fields, True)
            return "", lambda objects, rt: complete(list(objects), rt), child_columns
        if spec is None:
            if definition is None or not definition.is_basic_field:
                raise NotCompiled
            spec = RowField((definition.python_name,), itemgetter(definition.python_name))
            getter = f"o[{definition.python_name!r}]"
        else:
            assert isinstance(spec, RowField)
            getter = f"{source.bind(spec.value, 'f')}(o)"
        value = spec.value
        expression, level, _ = self._plain(source, getter, gtype, sub_fields, rows=True, level=lambda objects: [value(o) for o in objects])  # fmt: skip
        return expression, level, set(spec.columns)

    def _plain(
        self, source: Source, getter: str, gtype: GraphQLOutputType, sub_fields: FieldDetailsList,
        rows: bool, level: Callable[[Sequence[Any]], Values],
    ) -> tuple[str, Callable[..., Any] | None, set[str]]:  # fmt: skip
        """A field read from the object or row itself: inline when a scalar, else completed per level."""
        nullable = not is_non_null_type(gtype)
        named = gtype if nullable else gtype.of_type  # type: ignore[union-attr]
        if is_leaf_type(named):
            return leaf_expression(source, getter, named, nullable), None, set()
        complete, columns = self._completer(gtype, sub_fields, rows)
        return "", lambda objects, rt: complete(level(objects), rt), columns

    def _completer(
        self, gtype: GraphQLOutputType, sub_fields: FieldDetailsList, rows: bool
    ) -> tuple[Complete, set[str]]:
        """Completion of a level's raw values by the field's type, and the columns an object plan inside reads."""
        if is_non_null_type(gtype):
            inner, columns = self._completer(gtype.of_type, sub_fields, rows)

            def non_null(values: Values, rt: Runtime) -> Values:
                done = inner(values, rt)
                if None in done:
                    raise NotCompiled  # normal execution raises "Cannot return null" with the path
                return done

            return non_null, columns
        if is_list_type(gtype):
            item, columns = self._completer(gtype.of_type, sub_fields, rows)

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

            return list_, columns
        if is_leaf_type(gtype):
            leaf = leaf_function(gtype)
            return (lambda values, rt: [leaf(v) for v in values]), set()
        if is_object_type(gtype):
            plan, columns = self._build(gtype, sub_fields, rows)

            def objects(values: Values, rt: Runtime) -> Values:
                present = [v for v in values if v is not None]
                if len(present) == len(values):
                    return plan(present, rt)
                done = iter(plan(present, rt))
                return [None if v is None else next(done) for v in values]

            return objects, columns
        raise NotCompiled  # interfaces and unions: the runtime type is resolved per object


def _frozen(value: Any) -> Any:
    """A hashable stand-in for a variable's value, for the plan cache's key."""
    if isinstance(value, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    return value
