"""EventCandidate: an event found in one article, before it is resolved, merged and stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

ROLES = ("perpetrator", "target", "other")
DATE_PRECISIONS = ("day", "week", "month", "year")
ATTRIBUTIONS = ("reported", "suspected", "claimed")


@dataclass
class Place:
    """A place resolved through the gazetteer. ``precision`` is ACLED's geo precision:
    1 the exact place (a base, a town), 2 near it or its district, 3 only the province or country."""

    name: str
    feature_type: str  # base, airport, zone, district, city, province, country
    country: str | None = None  # ISO 3166-1 alpha-2
    admin1: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    precision: int = 1
    key: str | None = None  # the gazetteer's id, stable across runs

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "feature_type": self.feature_type,
            "country": self.country,
            "admin1": self.admin1,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "precision": self.precision,
            "key": self.key,
        }


@dataclass
class ActorRole:
    """An actor taking part in an event, resolved through the actor dictionary when it is known."""

    name: str
    role: str  # one of ROLES
    kind: str | None = None
    country: str | None = None
    parent: str | None = None
    aliases: tuple[str, ...] = ()
    attribution: str = "reported"  # "suspected" when the text only blames or suspects

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "aliases": list(self.aliases),
            "kind": self.kind,
            "country": self.country,
            "parent": self.parent,
            "role": self.role,
            "attribution": self.attribution,
        }


@dataclass
class EventCandidate:
    event_type: str  # one of ACLED's six
    sub_event_type: str
    date: date
    date_precision: str = "day"
    cameo_code: str | None = None
    location: Place | None = None
    actors: list[ActorRole] = field(default_factory=list)
    fatalities_low: int | None = None
    fatalities_best: int | None = None
    fatalities_high: int | None = None
    injuries: int | None = None
    summary: str = ""
    evidence: list[str] = field(default_factory=list)
    confidence: float = 0.5
    field_confidence: dict[str, float] = field(default_factory=dict)
    extractor: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "date_precision": self.date_precision,
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "cameo_code": self.cameo_code,
            "location": self.location.to_json() if self.location else None,
            "actors": [a.to_json() for a in self.actors],
            "fatalities": {"low": self.fatalities_low, "best": self.fatalities_best, "high": self.fatalities_high},
            "injuries": self.injuries,
            "summary": self.summary,
            "evidence": list(self.evidence),
            "confidence": self.confidence,
            "field_confidence": dict(self.field_confidence),
            "extractor": self.extractor,
        }
