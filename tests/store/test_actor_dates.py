"""``event_actors.event_date`` is its event's date after every write path (migration 0005's triggers).

The copy lets one actor's page be one index range (api/graphql/by_actor.py); a stale copy would
put events on the wrong page or in the wrong order, so each path that inserts a role or moves an
event's date is run here and the copy checked against the events, on both databases.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, select, text

from api.store.edits import EventEditor
from api.store.tables import event_actors_t, events_t
from tests.factories import AIN_AL_ASAD, AIRPORT, ERBIL, TAJI, extraction, rocket_attack
from tests.store.test_writer import mixed_documents, store


def stale(engine: Engine) -> list[tuple[int, str, object, object]]:
    """Role rows whose copied date is not their event's: (event, role, copy, event's date)."""
    sql = """
        SELECT ea.event_id, ea.role, ea.event_date, e.date FROM event_actors ea JOIN events e ON e.id = ea.event_id
        WHERE ea.event_date IS NULL OR ea.event_date <> e.date ORDER BY ea.event_id, ea.role
    """
    with engine.connect() as connection:
        return [(row[0], row[1], row[2], row[3]) for row in connection.execute(text(sql))]


def roles(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM event_actors")).scalar_one())


def date_of(engine: Engine, event_id: int) -> date:
    with engine.connect() as connection:
        value = connection.execute(select(events_t.c.date).where(events_t.c.id == event_id)).scalar_one()
    assert isinstance(value, date)
    return value


def copies_of(engine: Engine, event_id: int) -> set[date]:
    ea = event_actors_t.c
    with engine.connect() as connection:
        return set(connection.execute(select(ea.event_date).where(ea.event_id == event_id)).scalars())


def test_ingest_copies_the_date_and_follows_the_vote(engine: Engine) -> None:
    s = store(engine)
    s.save(extraction("reuters", "r", [rocket_attack(date(2020, 3, 11), TAJI, perpetrator="IRGC")]))
    (event_id,) = [
        r.event_id for r in s.save(extraction("jpost", "j", [rocket_attack(date(2020, 3, 12), TAJI)])).events
    ]
    assert copies_of(engine, event_id) == {date_of(engine, event_id)}
    # Two more outlets date it the 12th: the vote moves the event, and its roles with it.
    s.save(extraction("tasnim", "t", [rocket_attack(date(2020, 3, 12), TAJI)]))
    assert date_of(engine, event_id) == date(2020, 3, 12)
    assert copies_of(engine, event_id) == {date(2020, 3, 12)}
    assert roles(engine) == 2 and stale(engine) == []


def test_batches_whose_votes_move_dates_leave_no_stale_copy(engine: Engine) -> None:
    s = store(engine)
    docs = mixed_documents(60)
    s.save_many(docs[:30])
    for doc in docs[30:]:
        s.save(doc)
    with engine.connect() as connection:
        moved = connection.execute(text("SELECT count(DISTINCT date) FROM events")).scalar_one()
    assert moved > 1 and roles(engine) > 20
    assert stale(engine) == []


def test_a_date_correction_moves_the_copies(engine: Engine) -> None:
    s = store(engine)
    (stored,) = s.save(extraction("reuters", "r", [rocket_attack(date(2020, 3, 11), perpetrator="IRGC")])).events
    editor = EventEditor(engine)
    editor.correct(stored.event_id, {"date": date(2020, 4, 2)}, api_key=None)
    assert copies_of(engine, stored.event_id) == {date(2020, 4, 2)}
    # A later report does not undo a person's correction, nor the copy.
    s.save(extraction("jpost", "j", [rocket_attack(date(2020, 3, 11))]))
    assert date_of(engine, stored.event_id) == date(2020, 4, 2)
    assert stale(engine) == []


def test_an_actors_correction_dates_the_new_roles(engine: Engine) -> None:
    s = store(engine)
    (stored,) = s.save(extraction("reuters", "r", [rocket_attack(date(2020, 3, 11))])).events
    actors = [{"name": "Kataib Hezbollah", "role": "perpetrator"}, {"name": "US-led coalition", "role": "target"}]
    EventEditor(engine).correct(stored.event_id, {"actors": actors, "date": date(2020, 3, 9)}, api_key=None)
    assert roles(engine) == 2
    assert copies_of(engine, stored.event_id) == {date(2020, 3, 9)}
    assert stale(engine) == []


def test_a_merge_gives_the_moved_roles_the_survivors_date(engine: Engine) -> None:
    s = store(engine)
    (a,) = s.save(extraction("reuters", "a", [rocket_attack(date(2020, 6, 8), AIRPORT)])).events
    (b,) = s.save(extraction("jpost", "b", [rocket_attack(date(2020, 6, 20), ERBIL, perpetrator="IRGC")])).events
    (c,) = s.save(extraction("tasnim", "c", [rocket_attack(date(2020, 6, 20), ERBIL, perpetrator="IRGC")])).events
    others = sorted({b.event_id, c.event_id} - {a.event_id})
    assert others  # Erbil is far from the airport: a separate event until merged
    EventEditor(engine).merge([a.event_id, *others], api_key=None)
    survivor = date_of(engine, a.event_id)
    assert survivor == date(2020, 6, 20)  # two reports against one: the merge moved the date
    assert copies_of(engine, a.event_id) == {survivor}
    assert stale(engine) == []


def test_a_split_dates_both_halves(engine: Engine) -> None:
    s = store(engine)
    s.save(extraction("reuters", "a", [rocket_attack(date(2020, 1, 8), AIN_AL_ASAD, perpetrator="IRGC")]))
    (stored,) = s.save(extraction("jpost", "b", [rocket_attack(date(2020, 1, 9), AIN_AL_ASAD)])).events
    with engine.connect() as connection:
        report = connection.execute(text("SELECT max(id) FROM reports")).scalar_one()
    new_id, _ = EventEditor(engine).split(stored.event_id, [report], api_key=None)
    assert date_of(engine, new_id) == date(2020, 1, 9)
    assert copies_of(engine, new_id) == {date(2020, 1, 9)}
    assert stale(engine) == []


def test_raw_sql_cannot_leave_a_wrong_copy(engine: Engine) -> None:
    """Writers outside this package (plugins, scripts) get the same guarantee."""
    s = store(engine)
    (stored,) = s.save(extraction("reuters", "r", [rocket_attack(date(2020, 3, 11))])).events
    with engine.begin() as connection:
        actor = connection.execute(text("SELECT actor_id FROM event_actors")).scalar_one()
        connection.execute(
            text("INSERT INTO event_actors (event_id, actor_id, role, attribution, event_date) "
                 "VALUES (:e, :a, 'other', 'reported', '1999-01-01')"),
            {"e": stored.event_id, "a": actor},
        )  # fmt: skip
        connection.execute(
            text(
                "INSERT INTO event_actors (event_id, actor_id, role, attribution) VALUES (:e, :a, 'perpetrator', 'claimed')"
            ),
            {"e": stored.event_id, "a": actor},
        )
    assert roles(engine) == 3 and stale(engine) == []
    with engine.begin() as connection:
        connection.execute(text("UPDATE event_actors SET event_date = '1999-01-01'"))
    assert stale(engine) == []
    with engine.begin() as connection:
        connection.execute(text("UPDATE events SET date = '2021-05-05'"))
    assert copies_of(engine, stored.event_id) == {date(2021, 5, 5)}
