"""The PLOVER JSON Lines export: PLOVER's field names and categories, read back into the same events."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import Engine

from tests.export.data import live_events, signatures, text_of

# The fields PLOVER's "PLOVER JSON" table names, and the ones it requires.
PLOVER_FIELDS = {"id", "date", "source", "recipient", "event", "event_loc", "event_text", "quad_code", "mode",
                 "context", "cite_info", "coder", "coded_date", "comment"}  # fmt: skip
REQUIRED = {"id", "date", "source", "event"}


def records(engine: Engine, flt: str | None = None) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text_of(engine, "jsonl", flt).splitlines()]


def test_jsonl_records_have_plover_fields(loaded: Engine) -> None:
    found = records(loaded)
    assert len(found) == live_events(loaded) == len({r["id"] for r in found})
    for record in found:
        assert set(record) >= PLOVER_FIELDS and all(record[name] is not None for name in REQUIRED)
        date.fromisoformat(record["date"])
        assert all(isinstance(a["actor_text"], str) for a in record["source"] + record["recipient"])
        assert record["quad_code"] in (1, 2, 3, 4) if record["event"] else record["quad_code"] is None
    battle = next(r for r in found if r["acled"]["event_type"] == "Battles")
    assert battle["event"] == ["ASSAULT"] and battle["recipient"] == [] and len(battle["source"]) == 2
    protest = next(r for r in found if r["acled"]["event_type"] == "Protests")
    assert protest["event"] == ["PROTEST"] and protest["quad_code"] == 4 and protest["mode"] == ["demo"]
    shelling = next(r for r in found if r["acled"]["sub_event_type"] == "Shelling/artillery/missile attack")
    assert shelling["mode"] == ["heavy-weapons"] and shelling["event_loc"]["country code"] == "IQ"
    assert shelling["event_loc"]["cc3"] == "IRQ"
    gdelt = next(r for r in found if any(o["dataset"] == "gdelt" for o in r["origins"]) and r["event_loc"])
    assert gdelt["event_loc"]["admin1 code"] == "IZ07"  # GDELT's ADM1 code, as GeoNames names the field


def _actors(record: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    sides = {"source": "perpetrator", "recipient": "target", "other_actors": "other"}
    battle = record["acled"]["event_type"] == "Battles"
    found = [(a["actor_text"], "source" if battle and side == "source" else role)
             for side, role in sides.items() for a in record[side]]  # fmt: skip
    return tuple(sorted(found))


def signature(record: dict[str, Any]) -> tuple[Any, ...]:
    loc = record["event_loc"] or {}
    return (record["acled"]["event_type"], record["acled"]["sub_event_type"], date.fromisoformat(record["date"]),
            record["date_precision"], loc.get("name"), loc.get("latitude"), loc.get("longitude"),
            loc.get("country code"), loc.get("admin1"), loc.get("geo_precision"), record["fatalities"]["best"],
            record["comment"], _actors(record))  # fmt: skip


def test_read_back_it_holds_the_same_events(loaded: Engine) -> None:
    expected = []
    for row in signatures(loaded):
        if row[0] == "Battles":  # PLOVER codes both sides of reciprocal violence as sources
            row = (*row[:-1], tuple(sorted((name, "source") for name, _ in row[-1])))
        expected.append(row)
    assert sorted(signature(r) for r in records(loaded)) == sorted(expected)
