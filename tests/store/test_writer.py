from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, select
from sqlmodel import Session

from api.store.tables import Event, EventActor, Report
from api.store.writer import Store
from tests.factories import AIN_AL_ASAD, AIRPORT, SOURCES, TAJI, extraction, rocket_attack


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
