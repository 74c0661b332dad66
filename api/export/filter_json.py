"""The GraphQL ``EventFilter`` written as JSON (``--filter``, ``?filter=``) turned into the input object.

The JSON is what a GraphQL client would send as the variable: camelCase field names, ISO 8601
dates, enum names (``"BATTLES"``; their values, ``"Battles"``, are accepted too), and nested
``and``/``or``/``not``. The conversion walks the Strawberry type definitions, so a field added to
``EventFilter`` works here without a change.
"""

from __future__ import annotations

import json
from dataclasses import MISSING
from datetime import date, datetime
from typing import Any

from strawberry.types.base import StrawberryList, StrawberryOptional, has_object_definition
from strawberry.types.enum import StrawberryEnumDefinition
from strawberry.utils.str_converters import to_camel_case

from api.errors import EventgraphError
from api.graphql.filters import EventFilter


class FilterError(EventgraphError):
    code = "BAD_FILTER"


def parse_filter(raw: str | dict[str, Any] | None) -> EventFilter | None:
    """``EventFilter`` from its JSON text (or decoded dict); None for no filter."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError as exc:
            raise FilterError(f"filter: not JSON ({exc})") from None
    value = _input(EventFilter, raw, "filter")
    assert isinstance(value, EventFilter)
    return value


def _input(cls: type, data: Any, path: str) -> object:
    if not isinstance(data, dict):
        raise FilterError(f"{path}: expected an object, got {json.dumps(data)}")
    fields = {f.graphql_name or to_camel_case(f.python_name): f for f in cls.__strawberry_definition__.fields}  # type: ignore[attr-defined]
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        field = fields.get(key) or next((f for f in fields.values() if f.python_name == key), None)
        if field is None:
            raise FilterError(f"{path}: unknown field {key!r} (known: {', '.join(sorted(fields))})")
        kwargs[field.python_name] = _value(field.type, value, f"{path}.{key}")
    missing = [
        name
        for name, f in fields.items()
        if f.python_name not in kwargs and f.default is MISSING and f.default_factory is MISSING
    ]
    if missing:
        raise FilterError(f"{path}: missing {', '.join(missing)}")
    return cls(**kwargs)


def _value(kind: Any, value: Any, path: str) -> Any:
    if isinstance(kind, StrawberryOptional):
        return None if value is None else _value(kind.of_type, value, path)
    if value is None:
        raise FilterError(f"{path}: may not be null")
    if isinstance(kind, StrawberryList):
        items = value if isinstance(value, list) else [value]  # GraphQL coerces a single value to a list
        return [_value(kind.of_type, item, f"{path}[{i}]") for i, item in enumerate(items)]
    if isinstance(kind, StrawberryEnumDefinition):
        for member in kind.values:
            if value in (member.name, member.value):
                return kind.wrapped_cls(member.value)
        raise FilterError(f"{path}: {value!r} is not one of {', '.join(m.name for m in kind.values)}")
    if has_object_definition(kind):
        return _input(kind, value, path)
    return _scalar(kind, value, path)


def _scalar(kind: Any, value: Any, path: str) -> Any:
    try:
        if kind is datetime:
            return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        if kind is date:
            return date.fromisoformat(str(value))
    except ValueError:
        raise FilterError(f"{path}: {value!r} is not an ISO 8601 {kind.__name__}") from None
    if kind is bool:
        if not isinstance(value, bool):
            raise FilterError(f"{path}: expected true or false, got {json.dumps(value)}")
        return value
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise FilterError(f"{path}: expected an integer, got {json.dumps(value)}")
        return value
    if kind is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise FilterError(f"{path}: expected a number, got {json.dumps(value)}")
        return float(value)
    if isinstance(value, str):
        return value
    if kind is not str and isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # GraphQL accepts an ID written as a number
    raise FilterError(f"{path}: expected a string, got {json.dumps(value)}")
