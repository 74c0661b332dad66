"""The same real event reported by Reuters, The Jerusalem Post and Tasnim becomes one event with
three reports, through the whole pipeline, in any order of ingest."""

from __future__ import annotations

from itertools import permutations

import pytest
from sqlalchemy import Engine, select

from api.ingest.files import read_document
from api.ingest.pipeline import Pipeline
from api.ingest.service import Ingestor
from api.settings import SEEDS_DIR
from api.store.db import make_engine
from api.store.migrate import upgrade
from api.store.tables import articles_t, events_t, locations_t, reports_t, sources_t
from api.store.writer import Store

STRIKES = [
    SEEDS_DIR / "articles" / "reuters" / "reuters-2020-01-08-iran-missiles-ain-al-asad-erbil.html",
    SEEDS_DIR / "articles" / "jpost" / "jpost-2020-01-08-iran-missiles-ain-al-asad.html",
    SEEDS_DIR / "articles" / "tasnim" / "tasnim-2020-01-08-irgc-missiles-ain-al-assad.html",
]


def events_with_sources(engine: Engine) -> dict[tuple[str, str, str], set[str]]:
    """(date, type, place) of every live event -> the keys of the sources that reported it."""
    query = (
        select(events_t.c.date, events_t.c.event_type, locations_t.c.name, sources_t.c.key)
        .join(locations_t, locations_t.c.id == events_t.c.location_id)
        .join(reports_t, reports_t.c.event_id == events_t.c.id)
        .join(articles_t, articles_t.c.id == reports_t.c.article_id)
        .join(sources_t, sources_t.c.id == articles_t.c.source_id)
        .where(events_t.c.merged_into_id.is_(None))
    )
    found: dict[tuple[str, str, str], set[str]] = {}
    with engine.connect() as conn:
        for day, kind, place, source in conn.execute(query):
            found.setdefault((str(day), kind, place), set()).add(source)
    return found


def test_one_strike_three_outlets_one_event(engine: Engine, pipeline: Pipeline) -> None:
    ingestor = Ingestor(pipeline, Store(engine))
    for path in STRIKES:
        result = ingestor.ingest(read_document(path))
        assert result.events, path
    events = events_with_sources(engine)
    ain_al_asad = {key: sources for key, sources in events.items() if "Asad" in key[2]}
    assert len(ain_al_asad) == 1, events
    assert next(iter(ain_al_asad.values())) == {"reuters", "jpost", "tasnim"}


@pytest.mark.slow
@pytest.mark.parametrize("batch", [1, 3], ids=["one by one", "one batch"])
def test_ingest_order_does_not_change_the_events(tmp_path: object, pipeline: Pipeline, batch: int) -> None:
    results = []
    for n, order in enumerate(permutations(STRIKES)):
        engine = make_engine(f"sqlite:///{tmp_path}/order{n}.db")
        upgrade(engine)
        ingestor = Ingestor(pipeline, Store(engine), batch_documents=batch)
        summary = ingestor.ingest_documents(read_document(path) for path in order)
        assert summary.stored == len(STRIKES) and not summary.failures
        results.append(events_with_sources(engine))
        engine.dispose()
    assert all(r == results[0] for r in results), results
    ain_al_asad = {key: sources for key, sources in results[0].items() if "Asad" in key[2]}
    assert list(ain_al_asad.values()) == [{"reuters", "jpost", "tasnim"}]
