"""api keys and event history: api_keys, event_changes, event_corrections

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 07:38:22.095397
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op


revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "api_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("prefix", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("secret_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("revoked_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
        sa.UniqueConstraint("prefix"),
    )
    # No foreign key on event_id: the history of a deleted event outlives it.
    op.create_table(
        "event_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("api_key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("event_changes", schema=None) as batch_op:
        batch_op.create_index("ix_event_changes_at", ["at", "id"], unique=False)
        batch_op.create_index("ix_event_changes_event", ["event_id", "id"], unique=False)

    op.create_table(
        "event_corrections",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("field", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("api_key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("corrected_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"]),
        sa.PrimaryKeyConstraint("event_id", "field"),
    )


def downgrade() -> None:
    op.drop_table("event_corrections")
    with op.batch_alter_table("event_changes", schema=None) as batch_op:
        batch_op.drop_index("ix_event_changes_event")
        batch_op.drop_index("ix_event_changes_at")
    op.drop_table("event_changes")
    op.drop_table("api_keys")
