"""event tallies: each event's running vote, so a report joins without re-reading the others

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 18:40:00.000000

Existing events get no tally here: the writer rebuilds an event's tally from its reports the
first time a report joins it (api/store/tally.py), so upgrading a large database is instant.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op


revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event_tallies",
        sa.Column("event_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("tally", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("event_id"),
    )


def downgrade() -> None:
    op.drop_table("event_tallies")
