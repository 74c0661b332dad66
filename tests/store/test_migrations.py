from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, insert, inspect, text, update
from sqlalchemy.engine import make_url

from api.store.db import make_engine, normalize_url
from api.store.migrate import alembic_config, current_revision, upgrade
from api.store.search import include_object
from api.store.tables import actors_t, events_t, metadata
from tests.conftest import POSTGRES_ENV


def test_migrations_create_exactly_the_tables_the_models_describe(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_object": include_object})
        assert compare_metadata(context, metadata) == []


def test_database_is_at_the_newest_revision(engine: Engine) -> None:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert current_revision(engine) == head


# -- 0005: event_actors.event_date ----------------------------------------------------------------
@pytest.fixture(params=["sqlite", "postgresql"])
def blank(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A database with no tables at all, so that migrations can be run up and down on it."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'blank.db'}")
        yield engine
        engine.dispose()
        return
    admin_url = os.environ.get(POSTGRES_ENV)
    if not admin_url:
        pytest.skip(f"{POSTGRES_ENV} is not set")
    name = f"eventgraph_migrate_{uuid.uuid4().hex[:10]}"
    admin = make_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(make_url(normalize_url(admin_url)).set(database=name).render_as_string(hide_password=False))
    yield engine
    engine.dispose()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def downgrade(engine: Engine, revision: str) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def event_actor_dates(engine: Engine) -> dict[tuple[int, int], date | None]:
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT event_id, actor_id, event_date FROM event_actors")).all()
    return {(e, a): d if d is None or isinstance(d, date) else date.fromisoformat(d) for e, a, d in rows}


def indexes(engine: Engine) -> set[str]:
    return {str(ix["name"]) for ix in inspect(engine).get_indexes("event_actors")}


def test_0005_backfills_event_dates_and_goes_back_down(blank: Engine) -> None:
    upgrade(blank, "0004")
    at = datetime(2024, 1, 1, tzinfo=UTC)
    days = {1: date(2020, 1, 8), 2: date(2021, 7, 30), 3: date(2019, 2, 1)}
    with blank.begin() as connection:
        connection.execute(insert(actors_t), [{"id": i, "name": f"Actor {i}"} for i in (1, 2)])
        connection.execute(insert(events_t), [
            {"id": pk, "event_type": "Battles", "sub_event_type": "Armed clash", "date": day, "date_precision": "day",
             "summary": "", "confidence": 0.5, "report_count": 1, "created_at": at, "updated_at": at}
            for pk, day in days.items()
        ])  # fmt: skip
        connection.execute(
            text(
                "INSERT INTO event_actors (event_id, actor_id, role, attribution) VALUES (:e, :a, 'target', 'reported')"
            ),
            [{"e": 1, "a": 1}, {"e": 2, "a": 1}, {"e": 2, "a": 2}, {"e": 3, "a": 2}],
        )
    upgrade(blank)
    assert event_actor_dates(blank) == {(1, 1): days[1], (2, 1): days[2], (2, 2): days[2], (3, 2): days[3]}
    assert "ix_event_actors_actor_date" in indexes(blank) and "ix_event_actors_actor" not in indexes(blank)
    with blank.begin() as connection:
        connection.execute(update(events_t).where(events_t.c.id == 2).values(date=date(2022, 2, 2)))
    assert event_actor_dates(blank)[(2, 2)] == date(2022, 2, 2)

    downgrade(blank, "0004")
    assert "event_date" not in {c["name"] for c in inspect(blank).get_columns("event_actors")}
    assert "ix_event_actors_actor" in indexes(blank) and "ix_event_actors_actor_date" not in indexes(blank)
    with blank.begin() as connection:  # the triggers went with the column
        connection.execute(update(events_t).where(events_t.c.id == 1).values(date=date(2018, 8, 8)))
        connection.execute(
            text("INSERT INTO event_actors (event_id, actor_id, role, attribution) VALUES (1, 2, 'other', 'reported')")
        )

    upgrade(blank)
    assert event_actor_dates(blank) == {
        (1, 1): date(2018, 8, 8), (1, 2): date(2018, 8, 8), (2, 1): date(2022, 2, 2), (2, 2): date(2022, 2, 2),
        (3, 2): days[3],
    }  # fmt: skip
