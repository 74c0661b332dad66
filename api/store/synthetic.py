"""Synthetic events at scale, for benchmarks and query-plan tests (never for the real data).

Distributions follow what conflict data looks like: most events are explosions/remote violence
and battles, a long tail of places (Zipf-like), 1-3 actors and 1-3 reports per event.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, insert, text

from api.store.tables import Actor, Article, Event, EventActor, Location, Report, Source

TYPES = [
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", "194", 30),
    ("Explosions/Remote violence", "Air/drone strike", "195", 15),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", "183", 10),
    ("Battles", "Armed clash", "190", 20),
    ("Violence against civilians", "Attack", "180", 10),
    ("Protests", "Peaceful protest", "141", 8),
    ("Riots", "Violent demonstration", "145", 4),
    ("Strategic developments", "Arrests", "173", 3),
]
COUNTRIES = [("IQ", 33.3, 44.4, 40), ("SY", 35.0, 38.5, 30), ("YE", 15.4, 44.2, 15), ("IL", 31.8, 35.2, 10),
             ("IR", 35.7, 51.4, 5)]  # fmt: skip
SOURCES = [("reuters", "wire service"), ("jpost", "national newspaper"), ("tasnim", "state-affiliated agency")]
KINDS = ["state force", "non-state armed group", "coalition", "government", "civilians"]
ROLES = ["perpetrator", "target", "other"]


def _chunks(rows: Iterator[dict[str, Any]], size: int = 5000) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def populate(engine: Engine, events: int, seed: int = 7, locations: int = 2000, actors: int = 300) -> None:
    """Insert ``events`` events with their places, actors, articles and reports, then ANALYZE."""
    rng = random.Random(seed)
    now = datetime(2024, 1, 1, tzinfo=UTC)
    start = date(2015, 1, 1)
    type_weights = [t[3] for t in TYPES]
    country_weights = [c[3] for c in COUNTRIES]
    with engine.begin() as conn:
        conn.execute(insert(Source.__table__), [  # type: ignore[attr-defined]
            {"id": i + 1, "key": k, "name": k.title(), "domains": [], "language": "en", "kind": kind}
            for i, (k, kind) in enumerate(SOURCES)
        ])  # fmt: skip
        loc_rows = []
        for i in range(locations):
            code, lat, lon, _ = rng.choices(COUNTRIES, country_weights)[0]
            loc_rows.append({
                "id": i + 1, "key": f"synthetic:{i}", "name": f"Place {i}", "feature_type": "city",
                "country_code": code, "admin1": f"{code}-{i % 18}", "latitude": lat + rng.uniform(-3, 3),
                "longitude": lon + rng.uniform(-3, 3), "precision": rng.choice([1, 1, 1, 2, 3]),
            })  # fmt: skip
        conn.execute(insert(Location.__table__), loc_rows)  # type: ignore[attr-defined]
        conn.execute(insert(Actor.__table__), [  # type: ignore[attr-defined]
            {"id": i + 1, "name": f"Actor {i}", "kind": KINDS[i % len(KINDS)], "country": COUNTRIES[i % 5][0],
             "parent_id": (i % 20) + 1 if i >= 20 else None}
            for i in range(actors)
        ])  # fmt: skip
        # Zipf-like: a few places and actors appear in most events.
        loc_weights = [1 / (i + 1) for i in range(locations)]
        actor_weights = [1 / (i + 1) for i in range(actors)]
        article_id = 0
        report_id = 0
        for batch_start in range(0, events, 5000):
            n = min(5000, events - batch_start)
            ev, ea, art, rep = [], [], [], []
            locs = rng.choices(range(1, locations + 1), loc_weights, k=n)
            for j in range(n):
                event_id = batch_start + j + 1
                event_type, sub, cameo, _ = rng.choices(TYPES, type_weights)[0]
                killed = rng.choice([None, 0, 0, 0, 1, 2, 3, 5, 8, 13, 40])
                loc = loc_rows[locs[j] - 1]
                day = start + timedelta(days=rng.randrange(3300))
                reports = rng.choice([1, 1, 1, 2, 2, 3])
                ev.append({
                    "id": event_id, "event_type": event_type, "sub_event_type": sub, "cameo_code": cameo,
                    "date": day, "date_precision": "day", "location_id": loc["id"], "country_code": loc["country_code"],
                    "geo_precision": loc["precision"], "fatalities_low": killed, "fatalities_best": killed,
                    "fatalities_high": killed, "injuries": None, "summary": f"{sub} at {loc['name']}",
                    "confidence": 0.7, "report_count": reports, "created_at": now, "updated_at": now,
                    "merged_into_id": None,
                })  # fmt: skip
                for actor_id in set(rng.choices(range(1, actors + 1), actor_weights, k=rng.choice([1, 2, 2, 3]))):
                    ea.append({"event_id": event_id, "actor_id": actor_id, "role": rng.choice(ROLES),
                               "attribution": "reported", "event_date": day})  # fmt: skip
                for _ in range(reports):
                    article_id += 1
                    report_id += 1
                    art.append({
                        "id": article_id, "source_id": rng.randrange(1, 4), "url": f"https://example.org/{article_id}",
                        "headline": f"Report {article_id}", "body": "", "captions": [],
                        "content_hash": f"{article_id:064d}", "parser": "synthetic", "parser_version": "1",
                        "published_at": datetime(day.year, day.month, day.day, tzinfo=UTC), "ingested_at": now,
                    })  # fmt: skip
                    rep.append({"id": report_id, "event_id": event_id, "article_id": article_id,
                                "evidence": [f"{sub} reported."], "claims": {}, "extractor": "synthetic",
                                "confidence": 0.7})  # fmt: skip
            conn.execute(insert(Event.__table__), ev)  # type: ignore[attr-defined]
            conn.execute(insert(EventActor.__table__), ea)  # type: ignore[attr-defined]
            conn.execute(insert(Article.__table__), art)  # type: ignore[attr-defined]
            conn.execute(insert(Report.__table__), rep)  # type: ignore[attr-defined]
            search = [{"id": e["id"], "doc": e["summary"]} for e in ev]
            if engine.dialect.name == "sqlite":
                conn.execute(text("INSERT INTO event_search (rowid, document) VALUES (:id, :doc)"), search)
            else:
                conn.execute(text("INSERT INTO event_search (event_id, document) VALUES (:id, :doc)"), search)
        if engine.dialect.name == "sqlite":
            # One full-text segment: the batches' inserts are flushed as separate segments (each
            # write to event_actors, whose triggers open a savepoint, flushes the pending terms),
            # and a word's lookup costs one probe per segment.
            conn.execute(text("INSERT INTO event_search (event_search) VALUES ('optimize')"))
        if engine.dialect.name == "postgresql":
            for table in ("sources", "locations", "actors", "events", "articles", "reports"):
                conn.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
                )
    with engine.connect() as conn:
        conn.execute(text("ANALYZE"))
        conn.commit()
