"""event origins: which dataset row (GDELT, ACLED) each imported event came from

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 07:37:08.271024
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op


revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event_origins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("dataset", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("row_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("source_url", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.Column("imported_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dataset", "row_id", name="uq_event_origin_row"),
    )
    with op.batch_alter_table("event_origins", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_origins_event_id"), ["event_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("event_origins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_origins_event_id"))
    op.drop_table("event_origins")
