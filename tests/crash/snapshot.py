"""A database's content without its ids and clocks, to compare two runs; and its integrity faults.

Two runs that stored the same things get the same snapshot even when their ids differ (a killed
transaction burns PostgreSQL sequence values) and their timestamps differ. An event is known by
what it says and by the articles that reported it, so two runs that grouped the same reports
into different events have different snapshots.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, text

PARTS = ("articles", "events", "actors", "locations", "history", "reports")


@dataclass
class Snapshot:
    articles: list[tuple[Any, ...]]
    events: list[tuple[Any, ...]]
    actors: list[tuple[Any, ...]]
    locations: list[tuple[Any, ...]]
    history: list[tuple[Any, ...]]
    reports: list[tuple[Any, ...]]

    def order_independent(self) -> Snapshot:
        """What any order of ingest must agree on: which event a report joins may depend on arrival
        order (merging is greedy), so events and their history are left out."""
        return Snapshot(self.articles, [], self.actors, self.locations, [], self.reports)

    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in PARTS}


def _rows(engine: Engine, sql: str) -> list[Any]:
    with engine.connect() as connection:
        return list(connection.execute(text(sql)))


def snapshot(engine: Engine) -> Snapshot:
    articles = sorted(
        (r.url, r.content_hash, r.headline, str(r.published_at)[:19], r.key)
        for r in _rows(
            engine,
            "SELECT a.url, a.content_hash, a.headline, a.published_at, s.key "
            "FROM articles a JOIN sources s ON s.id = a.source_id",
        )
    )
    reports: dict[int, list[tuple[str, str]]] = {}
    for r in _rows(
        engine, "SELECT r.event_id, a.url, r.evidence FROM reports r JOIN articles a ON a.id = r.article_id"
    ):
        evidence = json.loads(r.evidence) if isinstance(r.evidence, str) else r.evidence  # SQLite: JSON text
        reports.setdefault(r.event_id, []).append((r.url, json.dumps(evidence, sort_keys=True)))
    actors: dict[int, list[tuple[str, str]]] = {}
    for r in _rows(
        engine, "SELECT ea.event_id, a.name, ea.role FROM event_actors ea JOIN actors a ON a.id = ea.actor_id"
    ):
        actors.setdefault(r.event_id, []).append((r.name, r.role))
    events = list(
        (
            r.event_type,
            r.sub_event_type,
            str(r.date),
            r.date_precision,
            r.key,
            r.country_code,
            r.fatalities_low,
            r.fatalities_best,
            r.fatalities_high,
            r.injuries,
            r.summary,
            r.report_count,
            r.merged_into_id is not None,
            tuple(sorted(reports.get(r.id, []))),
            tuple(sorted(actors.get(r.id, []))),
        )
        for r in _rows(engine, "SELECT e.*, l.key FROM events e LEFT JOIN locations l ON l.id = e.location_id")
    )
    events.sort(key=repr)  # unknown tolls are None, which does not sort beside numbers
    return Snapshot(
        articles=articles,
        events=events,
        actors=sorted(tuple(r) for r in _rows(engine, "SELECT name, kind, country FROM actors")),
        locations=sorted(tuple(r) for r in _rows(engine, "SELECT key, name, country_code FROM locations")),
        history=sorted(
            (r.kind, tuple(sorted(reports.get(r.event_id, []))))
            for r in _rows(engine, "SELECT event_id, kind FROM event_changes")
        ),
        reports=sorted(report for event_reports in reports.values() for report in event_reports),
    )


INTEGRITY = {
    "duplicate article url": "SELECT url FROM articles WHERE url IS NOT NULL GROUP BY url HAVING COUNT(*) > 1",
    "duplicate article hash": "SELECT content_hash FROM articles GROUP BY content_hash HAVING COUNT(*) > 1",
    "duplicate actor": "SELECT lower(name) FROM actors GROUP BY lower(name) HAVING COUNT(*) > 1",
    "duplicate location": "SELECT key FROM locations GROUP BY key HAVING COUNT(*) > 1",
    "report without article": "SELECT r.id FROM reports r LEFT JOIN articles a ON a.id = r.article_id WHERE a.id IS NULL",
    "report without event": "SELECT r.id FROM reports r LEFT JOIN events e ON e.id = r.event_id WHERE e.id IS NULL",
    "live event without report": "SELECT e.id FROM events e WHERE e.merged_into_id IS NULL "
    "AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.event_id = e.id)",
    "report count off": "SELECT e.id FROM events e WHERE e.merged_into_id IS NULL "
    "AND e.report_count <> (SELECT COUNT(*) FROM reports r WHERE r.event_id = e.id)",
    "event actor without event": "SELECT ea.event_id FROM event_actors ea LEFT JOIN events e ON e.id = ea.event_id "
    "WHERE e.id IS NULL",
    "article without source": "SELECT a.id FROM articles a LEFT JOIN sources s ON s.id = a.source_id WHERE s.id IS NULL",
    "history without event": "SELECT c.id FROM event_changes c LEFT JOIN events e ON e.id = c.event_id WHERE e.id IS NULL",
    "two articles reporting one event twice": "SELECT event_id FROM reports GROUP BY event_id, article_id "
    "HAVING COUNT(*) > 1",
}


def integrity_faults(engine: Engine) -> dict[str, int]:
    """Each check that found rows, with how many: an empty dict is a sound database."""
    faults = {}
    for name, sql in INTEGRITY.items():
        found = len(_rows(engine, sql))
        if found:
            faults[name] = found
    return faults


def duplicate_events(engine: Engine) -> int:
    """Live events sharing type, day and place. One process never leaves such a pair (it would have
    merged them) unless one article reports two of them; two processes racing to create the same
    event would."""
    sql = (
        "SELECT event_type, date, location_id FROM events WHERE merged_into_id IS NULL AND location_id IS NOT NULL "
        "GROUP BY event_type, date, location_id HAVING COUNT(*) > 1"
    )
    return len(_rows(engine, sql))


def differences(expected: Snapshot, actual: Snapshot, limit: int = 5) -> list[str]:
    """What differs, readably: a few rows missing and extra per part."""
    lines = []
    for part in PARTS:
        want, got = Counter(getattr(expected, part)), Counter(getattr(actual, part))
        missing, extra = list((want - got).elements()), list((got - want).elements())
        if missing or extra:
            lines.append(f"{part}: {len(missing)} missing, {len(extra)} extra")
            lines.extend(f"  - {str(row)[:300]}" for row in missing[:limit])
            lines.extend(f"  + {str(row)[:300]}" for row in extra[:limit])
    return lines
