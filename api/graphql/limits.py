"""Query limits the stock extensions lack: cost, directives per field, repeated fields.

All of them run before any resolver, so a refused query never reaches the database:

- **size** (before parsing): more than ``MAX_CHARACTERS`` characters, or more than ``MAX_TOKENS``
  tokens or ``MAX_ALIASES`` aliases counted by a regex scan. graphql-core's lexer is pure Python:
  it reads a 1 MB string, comment or run of spaces one character at a time (0.1 to 0.3 s), and a
  token in ~12 µs, so what it may be given is bounded first;
- **shape** (before validation): more than ``MAX_DIRECTIVES`` directives on one node, or one
  field repeated more than ``MAX_REPEATS`` times in a selection set, is refused with one error.
  Checking before validation matters: ``@aa@aa@aa…`` would otherwise get one "unknown directive"
  error per copy, which is work (and response size) an attacker chooses.
- **cost** (before validation too): an estimate of how many objects the query
  may return. A connection multiplies what is inside it by its ``first``/``last`` (100 when
  absent), other lists by ``LIST_GUESS`` (``nodes`` by its number of IDs); scalars are free.
  ``events(first: 100) { nodes { location { events(first: 100) { nodes { id } } } } }`` costs
  10,201: over the default 10,000.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    Node,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    is_composite_type,
)
from strawberry.extensions import SchemaExtension

from api.graphql.pagination import MAX_PAGE

MAX_DIRECTIVES = 4
MAX_REPEATS = 10
# Also given to the stock limiters (api/graphql/schema.py), but checked here before the expensive
# step: graphql-core's lexer takes ~12 ms per 1,000 tokens, and its validation compares every pair
# of fields, so the limits are best enforced before parsing and validating. The largest documents
# the project sends (GraphiQL's introspection query, the pages' queries) have under 200 tokens and
# 1,500 characters; 1,000 tokens is graphql-armor's default. Long values belong in variables.
MAX_CHARACTERS = 16 * 1024
MAX_TOKENS = 1000
MAX_ALIASES = 30
LIST_GUESS = 5  # an event has a handful of actors and reports, an actor a handful of aliases
PAGE_ARGUMENTS = ("first", "last")


def limit_error(message: str, code: str) -> GraphQLError:
    # No path: a request error, answered with 400 to clients that accept graphql-response+json.
    return GraphQLError(message, extensions={"code": code})


# -- size, before parsing ------------------------------------------------------------------
_TOKEN = re.compile(
    r'"""[^"\\]*(?:(?:\\"""|\\|"(?!""))[^"\\]*)*"""'  # block string, as an unrolled loop: fast on long ones
    r'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"'  # string
    r"|#[^\n\r]*"  # comment: skipped, as graphql-core's parser skips it
    r"|\.\.\.|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|[_A-Za-z][_0-9A-Za-z]*|[!$&():=@\[\]{|}]"
)


def size_error(query: str) -> GraphQLError | None:
    """A request error for a document too long, with too many tokens or too many aliases, else None.

    One regex scan, before any parser: outside parentheses (arguments, variable definitions and
    the values in them) a colon only ever follows an alias, so aliases are counted here too.
    """
    if len(query) > MAX_CHARACTERS:
        return limit_error(
            f"the document has {len(query):,} characters, more than the {MAX_CHARACTERS:,} allowed: "
            "send long values, such as an article's text, in `variables`",
            "QUERY_TOO_LARGE",
        )
    tokens = aliases = parentheses = 0
    for match in _TOKEN.finditer(query):
        first = match.group()[0]
        if first == "#":
            continue
        tokens += 1
        if tokens > MAX_TOKENS:
            return limit_error(f"the document has more than {MAX_TOKENS:,} tokens", "TOO_MANY_TOKENS")
        if first == "(":
            parentheses += 1
        elif first == ")":
            parentheses = max(0, parentheses - 1)
        elif first == ":" and parentheses == 0:
            aliases += 1
            if aliases > MAX_ALIASES:
                return limit_error(f"more than {MAX_ALIASES} aliases; ask for fewer fields at once", "TOO_MANY_ALIASES")
    return None


# -- shape -------------------------------------------------------------------------------
def shape_error(document: DocumentNode) -> GraphQLError | None:
    """One error for the first directive pile-up or field repetition found, else None (aliases were
    counted before parsing, by ``size_error``)."""
    for node in _walk(document):
        directives = getattr(node, "directives", None) or ()
        if len(directives) > MAX_DIRECTIVES:
            return limit_error(
                f"at most {MAX_DIRECTIVES} directives on one field or fragment, found {len(directives)}",
                "TOO_MANY_DIRECTIVES",
            )
        selection_set = getattr(node, "selection_set", None)
        if isinstance(selection_set, SelectionSetNode):
            seen: dict[str, int] = {}
            for selection in selection_set.selections:
                if isinstance(selection, FieldNode):
                    key = (selection.alias or selection.name).value
                    seen[key] = seen.get(key, 0) + 1
                    if seen[key] > MAX_REPEATS:
                        return limit_error(
                            f"the field {key!r} is repeated more than {MAX_REPEATS} times in one selection",
                            "REPEATED_FIELD",
                        )
    return None


def _walk(document: DocumentNode) -> Iterator[Node]:
    stack: list[Node] = list(document.definitions)
    while stack:
        node = stack.pop()
        yield node
        selection_set = getattr(node, "selection_set", None)
        if isinstance(selection_set, SelectionSetNode):
            stack.extend(selection_set.selections)


# -- cost --------------------------------------------------------------------------------
class CostEstimator:
    """Walks one operation with the schema's types; fragments are costed once each."""

    def __init__(self, schema: GraphQLSchema, document: DocumentNode, variables: Mapping[str, Any] | None) -> None:
        self.schema = schema
        self.fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        self.variables = dict(variables or {})
        self.defaults: dict[str, Any] = {}
        self.memo: dict[tuple[str, int], int] = {}
        self.active: set[str] = set()

    def operation(self, operation: OperationDefinitionNode) -> int:
        root = self.schema.get_root_type(operation.operation)
        if root is None:
            return 0
        for definition in operation.variable_definitions or ():
            if isinstance(definition.default_value, IntValueNode):
                self.defaults[definition.variable.name.value] = int(definition.default_value.value)
        return self.selections(operation.selection_set, root, LIST_GUESS)

    def selections(self, selection_set: SelectionSetNode, parent: Any, list_size: int) -> int:
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self.field(selection, parent, list_size)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = self.schema.get_type(condition.name.value) if condition else parent
                total += self.selections(selection.selection_set, target or parent, list_size)
            elif isinstance(selection, FragmentSpreadNode):
                total += self.spread(selection.name.value, list_size)
        return total

    def spread(self, name: str, list_size: int) -> int:
        fragment = self.fragments.get(name)
        if fragment is None or name in self.active:  # unknown or cyclic: validation reports those
            return 0
        key = (name, list_size)
        if key not in self.memo:
            self.active.add(name)
            target = self.schema.get_type(fragment.type_condition.name.value)
            self.memo[key] = self.selections(fragment.selection_set, target, list_size) if target else 0
            self.active.discard(name)
        return self.memo[key]

    def field(self, node: FieldNode, parent: Any, list_size: int) -> int:
        name = node.name.value
        if name.startswith("__") or not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            return 0  # introspection has its own depth rule; unions only hold fragments
        definition = parent.fields.get(name)
        if definition is None:
            return 0
        named = get_named_type(definition.type)
        if not is_composite_type(named) or node.selection_set is None:
            return 0
        multiplier = self.list_length(node, list_size) if _is_list(definition.type) else 1
        page = self.page_size(node, definition.args)
        inner = self.selections(node.selection_set, named, page if page is not None else LIST_GUESS)
        return multiplier * (1 + inner)

    def page_size(self, node: FieldNode, accepted: Mapping[str, Any]) -> int | None:
        """A connection's page: ``first``/``last`` as given, MAX_PAGE when unknown; None for other fields."""
        if not any(name in accepted for name in PAGE_ARGUMENTS):
            return None
        arguments = {a.name.value: a.value for a in node.arguments or ()}
        sizes = [self.int_value(arguments[name]) for name in PAGE_ARGUMENTS if name in arguments]
        return max(sizes) if sizes else MAX_PAGE

    def list_length(self, node: FieldNode, list_size: int) -> int:
        for argument in node.arguments or ():
            if argument.name.value == "ids":
                value = argument.value
                if isinstance(value, ListValueNode):
                    return max(1, len(value.values))
                if isinstance(value, VariableNode):
                    given = self.variables.get(value.name.value)
                    return max(1, len(given)) if isinstance(given, list) else MAX_PAGE
        return list_size

    def int_value(self, value: Any) -> int:
        if isinstance(value, IntValueNode):
            return max(0, int(value.value))
        if isinstance(value, VariableNode):
            name = value.name.value
            given = self.variables.get(name, self.defaults.get(name))
            if isinstance(given, int) and not isinstance(given, bool):
                return max(0, given)
        return MAX_PAGE  # unknown or invalid: assume the worst; the resolver will refuse it anyway


def _is_list(type_: Any) -> bool:
    while isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    return isinstance(type_, GraphQLList)


def estimate_cost(
    schema: GraphQLSchema, document: DocumentNode, operation_name: str | None, variables: Mapping[str, Any] | None
) -> int:
    """The estimated cost of the operation that would run (the costliest one when unsure)."""
    estimator = CostEstimator(schema, document, variables)
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is not None:
        operations = [o for o in operations if o.name and o.name.value == operation_name]
    return max((estimator.operation(o) for o in operations), default=0)


class Costs:
    """Estimates already made, by document (the parser cache hands back the same object for the same
    text), operation and variables: walking a page query's selection costs a millisecond."""

    def __init__(self, maxsize: int = 1024) -> None:
        self.maxsize = maxsize
        self._known: dict[tuple[Any, ...], tuple[DocumentNode, int]] = {}

    def cost(
        self, schema: GraphQLSchema, document: DocumentNode, operation_name: str | None,
        variables: Mapping[str, Any] | None,
    ) -> int:  # fmt: skip
        try:
            key = (id(schema), id(document), operation_name, _frozen(variables))
            hash(key)
        except TypeError:
            return estimate_cost(schema, document, operation_name, variables)
        known = self._known.get(key)
        if known is not None and known[0] is document:  # held below, so its id is still its own
            return known[1]
        cost = estimate_cost(schema, document, operation_name, variables)
        if len(self._known) >= self.maxsize:
            self._known.clear()
        self._known[key] = (document, cost)
        return cost


def _frozen(value: Any) -> Any:
    if isinstance(value, Mapping):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    return value


_costs = Costs()


class QueryLimits(SchemaExtension):
    """Shape, then cost, both before validation: graphql-core's validation of even a small query
    costs milliseconds, and the estimate needs none of it (unknown fields and fragments cost 0).
    The cost is checked every time, for a text already known to be valid too: its variables
    (`first: $n`) may differ."""

    def __init__(self, max_cost: int) -> None:
        self.max_cost = max_cost

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and not context.pre_execution_errors:
            error = shape_error(document) if context.pre_execution_errors is None else None
            if error is None:
                cost = _costs.cost(context.schema._schema, document, context.operation_name, context.variables)
                if cost > self.max_cost:
                    error = limit_error(
                        f"the query may return about {cost:,} objects, more than the {self.max_cost:,} allowed: "
                        "ask for smaller pages (`first`) or fewer nested connections",
                        "QUERY_TOO_COSTLY",
                    )
            if error is not None:
                # Setting the errors here makes strawberry skip validation: one error, not hundreds.
                context.pre_execution_errors = [error]
        yield


class TokenBudget(SchemaExtension):
    """The size limits, before any parser (list it first: a parse cache parses in its own on_parse)."""

    def on_parse(self) -> Iterator[None]:
        query = self.execution_context.query
        if query and query not in _within_budget:
            error = size_error(query)
            if error is not None:
                # Raised before the parser starts: strawberry answers it as a request error.
                raise error
            if len(_within_budget) >= 1024:
                _within_budget.clear()
            _within_budget.add(query)  # clients send the same few texts: count each once
        yield


_within_budget: set[str] = set()
