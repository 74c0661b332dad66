"""event actor dates: each role row carries its event's date, so one actor's page is one index range

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 02:00:00.000000

A page of one actor's events, newest first, used to walk the events' date index and probe each
event for the actor (a frequent actor), or gather all the actor's events and sort them (a rare
one): both grow with the table. With the date copied into ``event_actors`` and indexed as
``(actor_id, event_date, event_id)``, the page is the first 101 entries of one range.

The copy is kept by triggers, not by the writers: every path that inserts a role or changes an
event's date (ingest, merges, corrections, the importer, plugins, raw SQL) is covered, including
ones written later. A role row always takes its event's date (a value given is overwritten), and
changing an event's date moves its rows. The new index replaces ``(actor_id, event_id)``, whose
lookups it serves as well.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = [
    # SQLite's BEFORE triggers cannot set NEW, so the row is fixed after it is written; the WHEN
    # keeps that to rows whose date is missing or wrong (writers that know the date give it).
    """
    CREATE TRIGGER event_actors_date_insert AFTER INSERT ON event_actors
    WHEN NEW.event_date IS NOT (SELECT date FROM events WHERE id = NEW.event_id)
    BEGIN
        UPDATE event_actors SET event_date = (SELECT date FROM events WHERE id = NEW.event_id)
        WHERE rowid = NEW.rowid;
    END
    """,
    """
    CREATE TRIGGER event_actors_date_update AFTER UPDATE OF event_id, event_date ON event_actors
    WHEN NEW.event_date IS NOT (SELECT date FROM events WHERE id = NEW.event_id)
    BEGIN
        UPDATE event_actors SET event_date = (SELECT date FROM events WHERE id = NEW.event_id)
        WHERE rowid = NEW.rowid;
    END
    """,
    """
    CREATE TRIGGER events_date_moves_actors AFTER UPDATE OF date ON events
    WHEN NEW.date IS NOT OLD.date
    BEGIN
        UPDATE event_actors SET event_date = NEW.date WHERE event_id = NEW.id;
    END
    """,
]
POSTGRES_TRIGGERS = [
    """
    CREATE FUNCTION event_actors_take_date() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.event_date := (SELECT date FROM events WHERE id = NEW.event_id);
        RETURN NEW;
    END $$
    """,
    """
    CREATE TRIGGER event_actors_date BEFORE INSERT OR UPDATE OF event_id, event_date ON event_actors
    FOR EACH ROW EXECUTE FUNCTION event_actors_take_date()
    """,
    """
    CREATE FUNCTION events_move_actor_dates() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE event_actors SET event_date = NEW.date WHERE event_id = NEW.id;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER events_date_moves_actors AFTER UPDATE OF date ON events
    FOR EACH ROW WHEN (OLD.date IS DISTINCT FROM NEW.date) EXECUTE FUNCTION events_move_actor_dates()
    """,
]
SQLITE_DROPS = [
    "DROP TRIGGER IF EXISTS event_actors_date_insert",
    "DROP TRIGGER IF EXISTS event_actors_date_update",
    "DROP TRIGGER IF EXISTS events_date_moves_actors",
]
POSTGRES_DROPS = [
    "DROP TRIGGER IF EXISTS event_actors_date ON event_actors",
    "DROP TRIGGER IF EXISTS events_date_moves_actors ON events",
    "DROP FUNCTION IF EXISTS event_actors_take_date()",
    "DROP FUNCTION IF EXISTS events_move_actor_dates()",
]


def _postgres() -> bool:
    return bool(op.get_bind().dialect.name == "postgresql")


def upgrade() -> None:
    op.add_column("event_actors", sa.Column("event_date", sa.Date(), nullable=True))
    # Backfilled before the index exists: one pass, and no index entry written twice.
    if _postgres():
        op.execute("UPDATE event_actors SET event_date = e.date FROM events e WHERE e.id = event_actors.event_id")
    else:
        op.execute("UPDATE event_actors SET event_date = (SELECT date FROM events WHERE id = event_actors.event_id)")
    op.create_index("ix_event_actors_actor_date", "event_actors", ["actor_id", "event_date", "event_id"])
    op.drop_index("ix_event_actors_actor", table_name="event_actors")
    for statement in POSTGRES_TRIGGERS if _postgres() else SQLITE_TRIGGERS:
        op.execute(statement)
    # The planners' statistics for the new index, so that they know it is as good as the old one.
    op.execute("ANALYZE event_actors")


def downgrade() -> None:
    for statement in POSTGRES_DROPS if _postgres() else SQLITE_DROPS:
        op.execute(statement)
    op.create_index("ix_event_actors_actor", "event_actors", ["actor_id", "event_id"])
    op.drop_index("ix_event_actors_actor_date", table_name="event_actors")
    with op.batch_alter_table("event_actors", schema=None) as batch_op:
        batch_op.drop_column("event_date")
