"""Enums of the schema: ACLED's event types, precisions, roles, orderings."""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

import strawberry


@strawberry.enum(description="ACLED's six event types.")
class EventType(Enum):
    BATTLES = "Battles"
    EXPLOSIONS_REMOTE_VIOLENCE = "Explosions/Remote violence"
    VIOLENCE_AGAINST_CIVILIANS = "Violence against civilians"
    PROTESTS = "Protests"
    RIOTS = "Riots"
    STRATEGIC_DEVELOPMENTS = "Strategic developments"


@strawberry.enum(description="How exactly the date of an event is known.")
class DatePrecision(Enum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


@strawberry.enum(description="The part an actor played in an event.")
class ActorRole(Enum):
    PERPETRATOR = "perpetrator"
    TARGET = "target"
    OTHER = "other"


@strawberry.enum(description="Whether the role is reported as fact or only suspected or claimed.")
class Attribution(Enum):
    REPORTED = "reported"
    SUSPECTED = "suspected"
    CLAIMED = "claimed"


@strawberry.enum
class EventOrderField(Enum):
    DATE = "date"
    FATALITIES = "fatalities_best"
    REPORTS = "report_count"
    UPDATED_AT = "updated_at"


@strawberry.enum
class OrderDirection(Enum):
    ASC = "asc"
    DESC = "desc"


E = TypeVar("E", bound=Enum)


def enum_value(enum: type[E], raw: str | None) -> E | None:
    """The member for a stored string; None for values this schema does not know."""
    if raw is None:
        return None
    try:
        return enum(raw)
    except ValueError:
        return None
