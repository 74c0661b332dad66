"""Full-text search over event summaries and evidence: SQLite FTS5, PostgreSQL tsvector + GIN.

The ``event_search`` table is created by migration 0001 with each database's own DDL; it is
kept outside the SQLModel metadata because SQLite's FTS5 table cannot be described there.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Column, Integer, MetaData, Table, Text, text
from sqlalchemy.orm import Session

from api.store import bulk

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


def document(summary: str | None, sentences: Iterable[str]) -> str:
    """An event's searchable text: its summary, then each distinct evidence sentence, one a line.

    Line breaks inside a sentence become spaces (the tokenizers treat both alike), so the stored
    text splits back into exactly these lines and a new report can add its sentences to it.
    """
    return "\n".join([line(summary or ""), *dict.fromkeys(line(s) for s in sentences)])


def line(text_: str) -> str:
    return text_.replace("\r", " ").replace("\n", " ")


def sentences_of(stored: str | None, summary: str | None) -> list[str] | None:
    """The sentences of a text ``document`` wrote for ``summary``; None when it was written otherwise."""
    if stored is None:
        return None
    head = line(summary or "")
    if stored == head:
        return []
    if not stored.startswith(head + "\n"):
        return None
    return stored[len(head) + 1 :].split("\n")


def documents(session: Session, event_ids: Iterable[int]) -> dict[int, str]:
    """The stored searchable text of each of these events that has one."""
    key = "rowid" if bulk.dialect(session) == "sqlite" else "event_id"
    query = text(f"SELECT {key}, document FROM event_search WHERE {bulk.member_of(session, key, 'ids')}")
    return {int(pk): doc for pk, doc in session.execute(query, {"ids": bulk.values(session, event_ids)})}


def index_many(session: Session, texts: dict[int, str]) -> None:
    """Replace the searchable text of these events (inside the caller's transaction), in bulk."""
    if not texts:
        return
    if bulk.dialect(session) == "sqlite":
        # FTS5 has no upsert; its rowid is the event id.
        connection = session.connection()
        connection.exec_driver_sql("DELETE FROM event_search WHERE rowid = ?", [(pk,) for pk in texts])
        connection.exec_driver_sql("INSERT INTO event_search (rowid, document) VALUES (?, ?)", list(texts.items()))
    else:
        bulk.insert(
            session, event_search, ("event_id", "document"), texts.items(),
            "ON CONFLICT (event_id) DO UPDATE SET document = excluded.document",
        )  # fmt: skip


def index_event(session: Session, event_id: int, document: str) -> None:
    """Replace the searchable text of one event (inside the caller's transaction)."""
    index_many(session, {event_id: document})
