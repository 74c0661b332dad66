"""How the compiled executor reads the object types straight from table rows.

`ROW_FIELDS` says how a field is computed from a row where that is more than reading the
column of the field's Python name: the same transformations as the types' ``from_row``.
`RELATIONS` says how a field that has a resolver in `types.py` is fetched for a whole level at
once: which key of the parent, which table and column it matches, in which order (the order the
DataLoaders in `loaders.py` use). `tests/graphql/test_compiled.py` compares every field of
every type here with normal execution, so a change to `types.py` that is not mirrored here fails.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from functools import partial
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Table

from api.graphql.enums import ActorRole, Attribution, DatePrecision, EventType, enum_value
from api.graphql.ids import to_global_id
from api.graphql.pagination import cursor
from api.store.tables import (
    actors_t,
    aliases_t,
    articles_t,
    event_actors_t,
    events_t,
    locations_t,
    reports_t,
    sources_t,
)

E = TypeVar("E", bound=Enum)


@dataclass(frozen=True)
class RowField:
    """A field computed by ``value`` from the values of ``columns`` of a row, in that order
    (``value`` None: the one column's value as it is)."""

    columns: tuple[str, ...]
    value: Callable[..., Any] | None = None


# The child object is read from the parent's own row (Event.fatalities from fatalities_* columns).
EMBEDDED = "embedded"


def _gid(type_name: str) -> RowField:
    return RowField(("id",), partial(to_global_id, type_name))


def _col(column: str) -> RowField:
    return RowField((column,))


def _member(enum: type[E], strict: bool) -> Callable[[Any], E | None]:
    """A stored string's enum member by one dict lookup (calling the enum costs a microsecond);
    ``strict``: a value the enum does not know raises, as calling it would."""
    members = {m.value: m for m in enum}

    def member(raw: Any) -> E | None:
        found = members.get(raw)
        if found is None and raw is not None:
            return enum(raw) if strict else enum_value(enum, raw)
        return found

    return member


ROW_FIELDS: dict[str, dict[str, RowField | str]] = {
    "Event": {
        "id": _gid("Event"),
        "eventType": RowField(("event_type",), _member(EventType, strict=False)),
        "datePrecision": RowField(("date_precision",), _member(DatePrecision, strict=False)),
        "fatalities": EMBEDDED,
    },
    "Fatalities": {"low": _col("fatalities_low"), "best": _col("fatalities_best"), "high": _col("fatalities_high")},
    "Location": {"id": _gid("Location")},
    "Actor": {"id": _gid("Actor")},
    "Alias": {"name": _col("alias"), "source": RowField(("source_key",), lambda key: key or None)},
    "EventActor": {
        "role": RowField(("role",), _member(ActorRole, strict=True)),
        "attribution": RowField(("attribution",), _member(Attribution, strict=True)),
    },
    "Report": {"id": _gid("Report"), "evidence": RowField(("evidence",), list)},
    "Source": {"id": _gid("Source"), "domains": RowField(("domains",), list)},
    "Article": {"id": _gid("Article")},
    # Captions are the dicts of the article's JSON column, not table rows.
    "Caption": {"text": _col("text"), "credit": _col("credit")},
}


# An edge of a connection is its page row (api/graphql/pagination.py): the cursor comes from the
# row's sort value and id, the node is the row itself. Connections of other node types are
# completed from objects.
for _node in ("Event", "Actor", "Location", "Article"):
    ROW_FIELDS[f"{_node}Edge"] = {"cursor": RowField(("_sort", "id"), cursor), "node": EMBEDDED}


@dataclass(frozen=True)
class Relation:
    """Rows of ``table`` whose ``match`` column equals the parent's key.

    The key is the attribute ``parent_attr`` of a Strawberry object, or the column
    ``parent_column`` of a row. ``many``: a list per parent, in ``order``; otherwise one row
    (``required``: the database guarantees it). ``leaves``: the value is computed from the
    matching rows, not objects (Event.evidence). ``where``: the field's arguments as a filter,
    (column, value) to keep the rows whose column has that value.
    """

    parent_attr: str
    parent_column: str
    table: Table
    match: str
    many: bool = False
    required: bool = False
    order: tuple[ColumnElement[Any], ...] = ()
    leaves: RowField | None = None
    where: Callable[[dict[str, Any]], tuple[str, Any] | None] = field(default=lambda args: None)


def _role(args: dict[str, Any]) -> tuple[str, Any] | None:
    role = args.get("role")  # graphql-core coerces the enum argument to its stored value
    return None if role is None else ("role", role)


RELATIONS: dict[tuple[str, str], Relation] = {
    ("Event", "location"): Relation("location_id", "location_id", locations_t, "id"),
    ("Event", "actors"): Relation(
        "pk", "id", event_actors_t, "event_id", many=True,
        order=(event_actors_t.c.role, event_actors_t.c.actor_id), where=_role,
    ),
    ("Event", "reports"): Relation("pk", "id", reports_t, "event_id", many=True, order=(reports_t.c.id,)),
    ("Event", "evidence"): Relation(
        "pk", "id", reports_t, "event_id", many=True, order=(reports_t.c.id,),
        leaves=RowField(("evidence",)),
    ),
    ("EventActor", "actor"): Relation("actor_id", "actor_id", actors_t, "id", required=True),
    ("Report", "article"): Relation("article_id", "article_id", articles_t, "id", required=True),
    ("Report", "event"): Relation("event_id", "event_id", events_t, "id", required=True),
    ("Article", "source"): Relation("source_id", "source_id", sources_t, "id", required=True),
    ("Actor", "parent"): Relation("parent_id", "parent_id", actors_t, "id"),
    ("Actor", "aliases"): Relation("pk", "id", aliases_t, "actor_id", many=True, order=(aliases_t.c.alias, aliases_t.c.id)),
    ("Actor", "members"): Relation("pk", "id", actors_t, "parent_id", many=True, order=(actors_t.c.name,)),
}  # fmt: skip
