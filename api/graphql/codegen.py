"""Python source for the compiled executor: one function per selection set, one dict display per object.

A selection on a type becomes a function that, given every object of one level of the response,
returns their response dicts in one list comprehension. Scalar fields are inline expressions
(`name` is `o["name"]`, checked to be a str); fields that need more (relations, lists, nested
objects) are computed for the whole level before the comprehension and indexed inside it.
Generated once per distinct query and cached (api/graphql/compiled.py), so `exec` runs rarely.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from graphql import GraphQLBoolean, GraphQLFloat, GraphQLID, GraphQLInt, GraphQLString, is_enum_type
from graphql.pyutils import Undefined
from strawberry.schema.types.base_scalars import isoformat

INT_MIN, INT_MAX = -(2**31), 2**31 - 1
# Scalars whose output is the value's isoformat(), for values of exactly this type.
ISO_SCALARS: dict[str, type] = {"Date": date, "DateTime": datetime}
_names = itertools.count()


class NotCompiled(Exception):
    """The selection (or, while completing, the data) needs normal execution."""


def checked(gtype: Any, nullable: bool) -> Callable[[Any], Any]:
    """The type's own output coercion; a value it refuses, or a null where none may be, is not ours to report."""
    coerce = gtype.coerce_output_value

    def complete(value: Any) -> Any:
        if value is None:
            if nullable:
                return None
            raise NotCompiled  # normal execution raises "Cannot return null" with the path
        result = coerce(value)
        if result is None or result is Undefined:
            raise NotCompiled
        return result

    return complete


def leaf_function(gtype: Any) -> Callable[[Any], Any]:
    """Completion of one nullable scalar or enum value (items of lists)."""
    return enum_names(gtype, True) if is_enum_type(gtype) else checked(gtype, True)


def enum_names(gtype: Any, nullable: bool) -> Callable[[Any], Any]:
    """An enum's coercion, remembered per value: there are few members and many rows."""
    slow = checked(gtype, nullable)
    names: dict[Any, Any] = {}

    def complete(value: Any) -> Any:
        try:
            return names[value]
        except KeyError:
            names[value] = slow(value)
            return names[value]
        except TypeError:  # unhashable, so not a member
            return slow(value)

    return complete


@dataclass
class Source:
    """A function being generated, the helpers its text refers to by name, and the positions of
    row columns it reads, looked up once per call (they are known only when the statement is)."""

    namespace: dict[str, Any]
    prologue: dict[str, str] = field(default_factory=dict)

    def bind(self, value: Any, prefix: str = "h") -> str:
        name = f"{prefix}{next(_names)}"
        self.namespace[name] = value
        return name

    def position(self, positions: dict[str, int], column: str) -> str:
        """A local variable holding ``column``'s index in the rows, taken from ``positions`` per call."""
        self.namespace["POSITIONS"] = positions
        if column not in self.prologue:
            self.prologue[column] = f"p{len(self.prologue)}"
        return self.prologue[column]


def leaf_expression(source: Source, value: str, gtype: Any, nullable: bool) -> str:
    """An expression completing ``value`` (an expression over ``o``) as a scalar or enum.

    Values already in their final form (a str for String, an int in range for Int, a finite
    float for Float) are kept by an inline type check; anything else goes to the type's coercion.
    """
    if is_enum_type(gtype):
        return f"{source.bind(enum_names(gtype, nullable), 'e')}({value})"
    slow = source.bind(checked(gtype, nullable), "c")
    iso = ISO_SCALARS.get(gtype.name)
    if iso is not None and gtype.coerce_output_value is isoformat:  # Strawberry's Date and DateTime
        return f"(v.isoformat() if type(v := {value}) is {source.bind(iso, 't')} else {slow}(v))"
    if gtype is GraphQLString or gtype is GraphQLID:
        test = "type(v) is str"
    elif gtype is GraphQLInt:
        test = f"type(v) is int and {INT_MIN} <= v <= {INT_MAX}"
    elif gtype is GraphQLFloat:
        source.namespace["INF"] = math.inf
        test = "type(v) is float and -INF < v < INF"
    elif gtype is GraphQLBoolean:
        test = "type(v) is bool"
    else:
        return f"{slow}({value})"
    return f"(v if ((v := {value}) is not None and {test}) else {slow}(v))"


_MISSING = object()
MEMO_KEPT = 1024


def memo_expression(source: Source, raw: str, value: Callable[[Any], Any], gtype: Any, nullable: bool) -> str:
    """An enum field computed from one column: the response value of each stored value remembered,
    so that most rows cost one dict lookup (an enum call and its coercion cost a microsecond each)."""
    complete = enum_names(gtype, nullable)
    memo: dict[Any, Any] = {}

    def compute(stored: Any) -> Any:
        done = complete(value(stored))  # raises before anything is kept
        if len(memo) < MEMO_KEPT:
            memo[stored] = done
        return done

    found, missing, slow = source.bind(memo, "m"), source.bind(_MISSING, "x"), source.bind(compute, "s")
    return f"(v if (v := {found}.get(r := {raw}, {missing})) is not {missing} else {slow}(r))"


def object_function(
    fields: list[tuple[str, str]], levels: list[tuple[str, Callable[..., Any]]], source: Source
) -> Callable[..., list[dict[str, Any]]]:
    """``fields``: (response key, expression over ``o``, ``i`` and the level values); ``levels``:
    (name, function of the objects and the runtime) computed once for the whole level first."""
    namespace = source.namespace
    lines = ["def run(objects, rt):"]
    lines += [f"    {name} = POSITIONS[{column!r}]" for column, name in source.prologue.items()]
    for name, function in levels:
        namespace[f"{name}_fn"] = function
        lines.append(f"    {name} = {name}_fn(objects, rt)")
    body = ", ".join(f"{key!r}: {expression}" for key, expression in fields)
    loop = "for i, o in enumerate(objects)" if levels else "for o in objects"
    lines.append(f"    return [{{{body}}} {loop}]")
    exec(compile("\n".join(lines), "<eventgraph compiled selection>", "exec"), namespace)
    run: Callable[..., list[dict[str, Any]]] = namespace["run"]
    return run
