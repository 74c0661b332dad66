from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, delete, event, select, text
from sqlmodel import Session

from api.ingest.pipeline import Extraction
from api.store.batch import tallies_t
from api.store.db import make_engine
from api.store.migrate import upgrade
from api.store.tables import Event, EventActor, Report
from api.store.writer import SaveResult, Store, StoreError
from tests.conftest import truncate_all
from tests.crash.snapshot import differences, integrity_faults, snapshot
from tests.factories import AIN_AL_ASAD, AIRPORT, ERBIL, SOURCES, TAJI, extraction, rocket_attack


def store(engine: Engine) -> Store:
    s = Store(engine)
    s.register_sources(SOURCES)
    return s


def test_saves_article_event_actors_location_and_report(engine: Engine) -> None:
    result = store(engine).save(extraction("reuters", "a", [rocket_attack(date(2020, 3, 11), killed=3)]))
    assert not result.skipped and result.created == 1
    with Session(engine) as session:
        event = session.exec(select(Event)).one()[0]
        assert (event.event_type, event.date, event.fatalities_best, event.country_code) == (
            "Explosions/Remote violence", date(2020, 3, 11), 3, "IQ",
        )  # fmt: skip
        assert event.report_count == 1
        assert session.exec(select(EventActor.role)).all() == [("target",)]


def test_same_document_twice_changes_nothing(engine: Engine) -> None:
    s = store(engine)
    doc = extraction("reuters", "a", [rocket_attack(date(2020, 3, 11))])
    s.save(doc)
    before = s.counts()
    again = s.save(doc)
    assert again.skipped and s.counts() == before


def test_one_event_from_three_outlets_is_one_event_with_three_reports(engine: Engine) -> None:
    s = store(engine)
    day = date(2020, 1, 8)
    s.save(extraction("reuters", "r", [rocket_attack(day, AIN_AL_ASAD, killed=0, perpetrator="IRGC")]))
    s.save(extraction("jpost", "j", [rocket_attack(day, AIN_AL_ASAD, killed=0)]))
    # Tasnim dates it a day later and claims a toll the others do not: still the same event.
    s.save(extraction("tasnim", "t", [rocket_attack(date(2020, 1, 9), AIN_AL_ASAD, killed=80)]))
    with Session(engine) as session:
        events = session.exec(select(Event)).all()
        assert len(events) == 1
        event = events[0][0]
        assert event.report_count == 3
        assert event.date == day  # two reports against one
        assert event.fatalities_best == 0
        assert len(session.exec(select(Report)).all()) == 3


def test_different_places_or_days_stay_apart(engine: Engine) -> None:
    s = store(engine)
    s.save(extraction("reuters", "a", [rocket_attack(date(2020, 6, 8), AIRPORT)]))
    s.save(extraction("jpost", "b", [rocket_attack(date(2020, 6, 8), TAJI)]))  # 30+ km away
    s.save(extraction("tasnim", "c", [rocket_attack(date(2020, 6, 13), TAJI)]))  # days later
    with Session(engine) as session:
        assert len(session.exec(select(Event)).all()) == 3


def test_merge_result_does_not_depend_on_order(engine: Engine) -> None:
    docs = [
        extraction("reuters", "r", [rocket_attack(date(2020, 1, 8), AIN_AL_ASAD, killed=0)]),
        extraction("tasnim", "t", [rocket_attack(date(2020, 1, 8), AIN_AL_ASAD, killed=80)]),
        extraction("jpost", "j", [rocket_attack(date(2020, 1, 8), AIN_AL_ASAD, killed=0)]),
    ]
    s = store(engine)
    for doc in reversed(docs):
        s.save(doc)
    with Session(engine) as session:
        (event,) = session.exec(select(Event)).all()
        assert event[0].fatalities_best == 0 and event[0].report_count == 3


# -- many documents a transaction --------------------------------------------------------------
PLACES = [TAJI, AIRPORT, AIN_AL_ASAD, ERBIL]


def mixed_documents(count: int, seed: int = 5) -> list[Extraction]:
    """Documents whose events merge across outlets, move each other's date and toll by vote,
    repeat one another (same URL, same text), and sometimes report two events at once."""
    rng = random.Random(seed)
    docs = []
    for i in range(count):
        events = []
        for _ in range(rng.choice([1, 1, 2])):
            day = date(2020, 3, 10) + timedelta(days=rng.randrange(4))
            attack = rocket_attack(
                day, rng.choice(PLACES), killed=rng.choice([0, 1, 3, None]),
                perpetrator=rng.choice([None, "Kataib Hezbollah", "IRGC"]),
                date_precision=rng.choice(["day", "day", "day", "week"]),
            )  # fmt: skip
            attack.confidence = rng.choice([0.5, 0.8])
            attack.evidence = [f"Rockets struck on day {day.day}.", f"Report {i % 7} said\nso."]
            events.append(attack)
        source, slug, body = SOURCES[i % 3].key, f"d{i}", f"body {i}"
        if docs and rng.random() < 0.15:  # the URL of the document before, or its text under another URL
            before = docs[-1].article
            source = before.source
            slug, body = (before.url.rsplit("/", 1)[1], f"body {i}") if i % 2 else (slug, before.body)
            slug = slug if i % 2 else before.url.rsplit("/", 1)[1] + "-copy"
            if not i % 2:
                events[0] = docs[-1].events[0]
        docs.append(extraction(source, slug, events, body=body))
    return docs


def fresh(engine: Engine, tmp_path: Path, name: str) -> Engine:
    """An empty database of the same kind as ``engine``."""
    if engine.dialect.name == "sqlite":
        other = make_engine(f"sqlite:///{tmp_path / name}")
        upgrade(other)
        return other
    truncate_all(engine)
    return engine


def search_texts(engine: Engine) -> dict[tuple[str, ...], str]:
    """Each event's searchable text, by the URLs of its reports."""
    key = "rowid" if engine.dialect.name == "sqlite" else "event_id"
    with engine.connect() as connection:
        urls: dict[int, list[str]] = {}
        for event_id, url in connection.execute(
            text("SELECT r.event_id, a.url FROM reports r JOIN articles a ON a.id = r.article_id")
        ):
            urls.setdefault(event_id, []).append(url)
        docs = dict(connection.execute(text(f"SELECT {key}, document FROM event_search")).all())
    return {tuple(sorted(urls[pk])): doc for pk, doc in docs.items()}


def test_a_batch_stores_what_the_same_documents_one_by_one_store(engine: Engine, tmp_path: Path) -> None:
    docs = mixed_documents(60)
    one_by_one = store(engine)
    singles = [one_by_one.save(d) for d in docs]
    expected, expected_texts = snapshot(engine), search_texts(engine)
    assert any(r.skipped for r in singles) and sum(r.merged for r in singles) > 10  # the mix is what it says
    for size in (7, 60):
        batched = store(fresh(engine, tmp_path, f"batch{size}.db"))
        results = [r for start in range(0, len(docs), size) for r in batched.save_many(docs[start : start + size])]
        assert [(r.skipped, r.created, r.merged) for r in results] == [  # type: ignore[union-attr]
            (r.skipped, r.created, r.merged) for r in singles
        ]
        assert differences(expected, snapshot(batched.engine)) == [], f"batches of {size}"
        assert search_texts(batched.engine) == expected_texts
        assert integrity_faults(batched.engine) == {}
        batched.engine.dispose()


def test_the_same_url_or_text_twice_in_one_batch_is_stored_once(engine: Engine) -> None:
    first = extraction("reuters", "a", [rocket_attack(date(2020, 3, 11))], body="the text")
    same_url = extraction("reuters", "a", [rocket_attack(date(2020, 3, 11))], body="another text")
    same_text = extraction("reuters", "a", [rocket_attack(date(2020, 3, 11))], body="the text")
    same_text.article = replace(same_text.article, url="https://reuters.example/elsewhere")
    results = store(engine).save_many([first, same_url, same_text])
    assert [r.skipped for r in results] == [False, True, True]  # type: ignore[union-attr]
    assert len({r.article_id for r in results}) == 1  # type: ignore[union-attr]
    assert Store(engine).counts()["articles"] == 1 and Store(engine).counts()["reports"] == 1


def test_a_document_the_database_refuses_fails_alone(engine: Engine) -> None:
    good = [extraction("reuters", f"g{i}", [rocket_attack(date(2020, 3, 11 + i))]) for i in range(4)]
    bad = extraction("jpost", "bad", [rocket_attack(date(2021, 5, 1), ERBIL, killed=10**30)])  # an event of its own
    results = store(engine).save_many([*good[:2], bad, *good[2:]])
    failed = results[2]
    assert isinstance(failed, StoreError) and "bad" in str(failed) and "\n" not in str(failed)
    assert all(isinstance(r, SaveResult) and not r.skipped for r in results[:2] + results[3:])
    counts = Store(engine).counts()
    assert (counts["articles"], counts["reports"]) == (4, 4)
    with pytest.raises(StoreError, match="bad"):
        Store(engine).save(bad)


def test_an_event_without_a_current_tally_is_recounted_from_its_reports(engine: Engine, tmp_path: Path) -> None:
    """Events stored before tallies existed, or changed behind the writer's back, vote as if counted whole."""
    docs = mixed_documents(40, seed=9)
    reference = store(engine)
    for d in docs:
        reference.save(d)
    expected = snapshot(engine)
    other = store(fresh(engine, tmp_path, "stale.db"))
    for d in docs[:20]:
        other.save(d)
    with other.engine.begin() as connection:
        connection.execute(delete(tallies_t))
        key = "rowid" if other.engine.dialect.name == "sqlite" else "event_id"
        connection.execute(text(f"UPDATE event_search SET document = 'written by another version' WHERE {key} % 2 = 0"))
    for start in range(20, 40, 5):
        other.save_many(docs[start : start + 5])
    assert differences(expected, snapshot(other.engine)) == []
    other.engine.dispose()


def test_a_batch_takes_the_same_statements_whatever_its_size(engine: Engine, tmp_path: Path) -> None:
    counts = []
    for size in (8, 64):
        target = store(fresh(engine, tmp_path, f"count{size}.db"))
        docs = mixed_documents(size, seed=size)
        statements = [0]

        def count(*_args: object, seen: list[int] = statements) -> None:
            seen[0] += 1

        event.listen(target.engine, "before_cursor_execute", count)
        target.save_many(docs)
        event.remove(target.engine, "before_cursor_execute", count)
        counts.append(statements[0])
    assert counts[1] <= counts[0] + 2, counts  # about a dozen, not a few per document
