"""Every event filter and ordering is served by an index at 100k events, on both databases."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, select, text

from api.graphql.enums import ActorRole, DatePrecision, EventType
from api.graphql.filters import BoundingBox, EventFilter, Radius, compile_filter
from api.graphql.ids import to_global_id
from api.graphql.loaders import events_t
from api.graphql.pagination import sort_expression
from api.store.db import make_engine
from api.store.migrate import upgrade
from api.store.synthetic import populate
from tests.conftest import migrated_postgres_database

pytestmark = pytest.mark.slow

FILTERS: dict[str, EventFilter] = {
    "none": EventFilter(),
    "dates": EventFilter(date_from=date(2020, 1, 1), date_to=date(2020, 1, 31)),
    "event type": EventFilter(event_types=[EventType.BATTLES]),
    "sub-type": EventFilter(sub_event_types=["Air/drone strike"]),
    "cameo": EventFilter(cameo_codes=["195"]),
    "country": EventFilter(countries=["YE"]),
    "admin1": EventFilter(admin1=["IQ-3"]),
    "location": EventFilter(location=to_global_id("Location", 17)),
    "bounding box": EventFilter(within=BoundingBox(south=33, west=44, north=33.5, east=44.5)),
    "radius": EventFilter(near=Radius(latitude=33.3, longitude=44.4, km=20)),
    "actor": EventFilter(actor=to_global_id("Actor", 120)),
    "actor role": EventFilter(actor=to_global_id("Actor", 120), actor_role=ActorRole.TARGET),
    "actor kind": EventFilter(actor_kinds=["civilians"]),
    "actor parent": EventFilter(actor_parent=to_global_id("Actor", 3)),
    "source": EventFilter(sources=["tasnim"]),
    "source kind": EventFilter(source_kinds=["state-affiliated agency"]),
    "fatalities": EventFilter(fatalities_min=40),
    "fatalities range": EventFilter(fatalities_min=5, fatalities_max=8),
    "date precision": EventFilter(date_precisions=[DatePrecision.WEEK]),
    "geo precision": EventFilter(geo_precisions=[3]),
    "text": EventFilter(text="drone"),
    "updated since": EventFilter(updated_since=datetime(2030, 1, 1, tzinfo=UTC)),
}
ORDERS = ["date", "fatalities_best", "report_count", "updated_at"]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def big(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """100k synthetic events, built once per database for the whole module."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('plans') / 'big.db'}"
        engine = make_engine(url)
        upgrade(engine)
        populate(engine, 100_000)
        yield engine
        engine.dispose()
        return
    databases = migrated_postgres_database()
    url = next(databases)
    if url is None:
        pytest.skip("EVENTGRAPH_TEST_POSTGRES_URL is not set")
    engine = make_engine(url)
    populate(engine, 100_000)
    yield engine
    engine.dispose()
    next(databases, None)


def plan(engine: Engine, statement: Any) -> list[str]:
    """Full scans of the events table found in the plan, as readable lines."""
    sql = str(statement.compile(engine, compile_kwargs={"literal_binds": True}))
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            details = [row[3] for row in conn.execute(text(f"EXPLAIN QUERY PLAN {sql}"))]
            return [d for d in details if d.strip() == "SCAN events"]
        document = conn.execute(text(f"EXPLAIN (FORMAT JSON) {sql}")).scalar()
    found: list[str] = []

    def walk(node: dict[str, Any]) -> None:
        if node.get("Node Type") == "Seq Scan" and node.get("Relation Name") == "events":
            found.append(json.dumps({k: node.get(k) for k in ("Node Type", "Relation Name", "Filter")}))
        for child in node.get("Plans", []):
            walk(child)

    walk((document if isinstance(document, list) else json.loads(document))[0]["Plan"])
    return found


def page(engine: Engine, f: EventFilter, order: str = "date") -> Any:
    key, _ = sort_expression(events_t.c[order])
    return (
        select(events_t)
        .where(compile_filter(f, engine.dialect.name))
        .order_by(key.desc(), events_t.c.id.desc())
        .limit(101)
    )


def test_every_filter_uses_an_index(big: Engine) -> None:
    scans = {name: plan(big, page(big, f)) for name, f in FILTERS.items()}
    assert {name: s for name, s in scans.items() if s} == {}


@pytest.mark.parametrize("order", ORDERS)
def test_every_ordering_uses_an_index(big: Engine, order: str) -> None:
    assert plan(big, page(big, EventFilter(), order)) == []
