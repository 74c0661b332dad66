"""Full-text search over event summaries and evidence: SQLite FTS5, PostgreSQL tsvector + GIN.

The ``event_search`` table is created by migration 0004 with each database's own DDL; it is
kept outside the SQLModel metadata because SQLite's FTS5 table cannot be described there.
"""

from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, Table, Text, text
from sqlalchemy.orm import Session

search_metadata = MetaData()
# On SQLite the event id is the FTS5 rowid; on PostgreSQL it is the event_id column.
event_search = Table(
    "event_search",
    search_metadata,
    Column("event_id", Integer, primary_key=True),
    Column("document", Text, nullable=False),
)
SEARCH_TABLES = {"event_search", "event_search_data", "event_search_idx", "event_search_content",
                 "event_search_docsize", "event_search_config"}  # fmt: skip
TS_CONFIG = "english"


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """For Alembic: the full-text tables have database-specific DDL, written by hand in migrations."""
    return not (type_ == "table" and name in SEARCH_TABLES)


def index_event(session: Session, event_id: int, document: str) -> None:
    """Replace the searchable text of one event (inside the caller's transaction)."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("DELETE FROM event_search WHERE rowid = :id"), {"id": event_id})
        session.execute(
            text("INSERT INTO event_search (rowid, document) VALUES (:id, :doc)"), {"id": event_id, "doc": document}
        )
    else:
        session.execute(
            text(
                "INSERT INTO event_search (event_id, document) VALUES (:id, :doc) "
                "ON CONFLICT (event_id) DO UPDATE SET document = excluded.document"
            ),
            {"id": event_id, "doc": document},
        )
