"""A compiled executor for connections: one pass per level of the response instead of one per field.

graphql-core resolves and completes every field of every object on its own, at 10-15 µs a
field; a page of 100 events with their places, actors and reports has about 5,000 of them
(docs/benchmarks.md). For a connection whose whole selection is made of plain fields and of
relations listed in `api/graphql/relations.py`, this executor turns the selection into Python
functions (api/graphql/plans.py, codegen.py), cached per query text, that complete the page
level by level: the page itself read with only the columns the selection needs and its to-one
relations joined in, one statement per to-many relation for all the objects of a level
(api/graphql/fetch.py), then one dict display per object. The response is the dict normal
execution builds; `tests/graphql/test_compiled.py` checks that on many queries.

Anything the plan does not cover (a resolver with no relation entry, an abstract type, @defer,
a middleware) leaves the connection to normal execution, and so does any error while completing
it: normal execution then produces the error, with its path, exactly as it would have.
"""

from __future__ import annotations

import logging
from collections import Counter, OrderedDict
from typing import Any
from weakref import WeakKeyDictionary

from graphql import FieldNode, FragmentSpreadNode, GraphQLObjectType, GraphQLResolveInfo, Node, VariableNode
from graphql.execution.collect_fields import FieldDetailsList
from graphql.pyutils import AwaitableOrValue, Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from api.graphql.codegen import NotCompiled
from api.graphql.plans import OBJECTS, Plan, Planner, Runtime, is_root

log = logging.getLogger("eventgraph.graphql.compiled")

PLANS_KEPT = 256


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
            return self._plan(return_type, field_details_list)
        try:
            values = tuple(_frozen(self.variable_values.coerced.get(name)) for name in used)
            hash(values)
        except TypeError:
            return self._plan(return_type, field_details_list)
        if values not in by_values:
            if len(by_values) >= PLANS_KEPT:
                by_values.clear()
            by_values[values] = self._plan(return_type, field_details_list)
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

    def _plan(self, object_type: GraphQLObjectType, field_details_list: FieldDetailsList) -> Plan | None:
        try:
            return Planner(self).build(object_type, field_details_list, OBJECTS)[0]
        except NotCompiled:
            return None
        except Exception as exc:  # e.g. a bad argument: normal execution reports it
            log.debug("no compiled plan for %s: %r", object_type.name, exc)
            return None


def _frozen(value: Any) -> Any:
    """A hashable stand-in for a variable's value, for the plan cache's key."""
    if isinstance(value, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    return value
