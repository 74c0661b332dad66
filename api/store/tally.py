"""An event's running vote: the support each value of each field has from the event's reports.

An event's fields are the values its reports support best (``merge.vote``). Recounting every
report whenever one more joins costs as many rows as the event has reports, and an event that is
reported thousands of times (a general's killing) would make every later report slower. The
tally keeps the sums instead, in ``event_tallies``, so a report joins in constant time.

Sums are added in report order, as a recount from the reports does, so both give the same
floating-point sums and so the same winners. A tally says which write of the event it belongs
to (the event's ``updated_at`` and report count): a tally that does not match its event — the
event was merged or split by a person, or was stored before tallies existed — is rebuilt from
the reports instead of trusted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from api.store import merge

CLAIM_FIELDS = (
    "event_type", "sub_event_type", "cameo_code", "location_id", "fatalities_low", "fatalities_best",
    "fatalities_high", "injuries", "summary",
)  # fmt: skip
PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
VERSION = 1


@dataclass
class Tally:
    fields: dict[str, dict[Any, float]] = field(default_factory=dict)
    # date precision (None when a claim gave none) -> ISO day -> support
    dates: dict[str | None, dict[Any, float]] = field(default_factory=dict)
    count: int = 0
    top: float = 0.0  # the most confident report's confidence
    # Each field's leading value (hashable form), kept as reports are added: see merge.leader.
    leaders: dict[str | tuple[str, str | None], Any] = field(default_factory=dict)

    def add(self, claims: dict[str, Any], weight: float) -> None:
        """Count one report's claims with its confidence."""
        for name in CLAIM_FIELDS:
            self._count(self.fields.setdefault(name, {}), name, claims.get(name), weight)
        precision = claims.get("date_precision")
        self._count(self.dates.setdefault(precision, {}), ("date", precision), claims.get("date"), weight)
        self.top = weight if self.count == 0 else max(self.top, weight)
        self.count += 1

    def _count(self, support: dict[Any, float], name: str | tuple[str, str | None], value: Any, weight: float) -> None:
        merge.add_support(support, value, weight)
        if weight >= 0:
            self.leaders[name] = merge.leader(support, self.leaders.get(name), value)
        else:  # a support that shrank may lose the lead to any other value
            self.leaders[name] = _key(merge.winner(support))

    def values(self) -> dict[str, Any]:
        """The event's columns as its reports decide them (before any person's correction)."""
        found: dict[str, Any] = {name: _value(self.leaders.get(name)) for name in CLAIM_FIELDS}
        # The finest precision any report gives wins; its reports vote on the day.
        finest = min(self.dates, key=lambda p: PRECISION_RANK.get(p or "year", 9))
        precision = finest or "day"
        found["date"] = date.fromisoformat(_value(self.leaders.get(("date", precision))))
        found["date_precision"] = precision
        found["confidence"] = min(1.0, self.top + 0.1 * (self.count - 1))
        found["report_count"] = self.count
        return found

    # -- stored form -----------------------------------------------------------------------
    def dump(self, updated_at: datetime) -> str:
        return json.dumps(
            {
                "v": VERSION,
                "at": stamp(updated_at),
                "n": self.count,
                "top": self.top,
                "fields": {name: list(map(list, support.items())) for name, support in self.fields.items()},
                "dates": [[precision, list(map(list, support.items()))] for precision, support in self.dates.items()],
            },
            separators=(",", ":"),
        )

    @classmethod
    def load(cls, text: str | None, updated_at: datetime | None, report_count: int) -> Tally | None:
        """The stored tally, or None when there is none or it belongs to another write of the event."""
        if not text or updated_at is None:
            return None
        data = json.loads(text)
        if data.get("v") != VERSION or data.get("at") != stamp(updated_at) or data.get("n") != report_count:
            return None
        tally = cls(
            fields={name: {_key(v): s for v, s in pairs} for name, pairs in data["fields"].items()},
            dates={precision: {_key(v): s for v, s in pairs} for precision, pairs in data["dates"]},
            count=data["n"],
            top=data["top"],
        )
        for name, support in tally.fields.items():
            tally.leaders[name] = _key(merge.winner(support))
        for precision, support in tally.dates.items():
            tally.leaders[("date", precision)] = _key(merge.winner(support))
        return tally

    @classmethod
    def of(cls, reports: list[tuple[dict[str, Any], float]]) -> Tally:
        """A tally recounted from (claims, confidence) of every report, in report order."""
        tally = cls()
        for claims, weight in reports:
            tally.add(claims, weight)
        return tally


def stamp(moment: datetime) -> str:
    """One spelling of an instant whatever time zone the database hands it back in."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat()


def _key(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _value(key: Any) -> Any:
    return list(key) if isinstance(key, tuple) else key
