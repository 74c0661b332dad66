"""Engines: an SQLite file by default, PostgreSQL when EVENTGRAPH_DATABASE_URL says so."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url


def normalize_url(url: str) -> str:
    """Accept postgres:// and postgresql:// and use the psycopg 3 driver for both."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


@dataclass(frozen=True)
class SqliteMemory:
    """How much memory each SQLite connection may hold of the database: its page cache and its map."""

    cache_kib: int
    mmap_bytes: int


# The API reads a large database at random: a big page cache and memory map pay off there
# (docs/benchmarks.md, section 1).
QUERIES = SqliteMemory(cache_kib=200_000, mmap_bytes=2**30)
# Ingest writes at the end of the tables and reads a small working set (the recent events, the
# indexes' upper levels); an export reads the events once, in order. With the API's sizes their
# memory grew with the database, up to 1.2 GB a connection; this much keeps bench/ingest.py and
# bench/export.py as fast (bench/memory.py, docs/datasets.md).
WRITES = SqliteMemory(cache_kib=32_000, mmap_bytes=0)


def make_engine(url: str, sqlite_memory: SqliteMemory = QUERIES, **kwargs: Any) -> Engine:
    url = normalize_url(url)
    if make_url(url).get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **kwargs)
        event.listen(engine, "connect", partial(_sqlite_pragmas, sqlite_memory))
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10, **kwargs)


def _sqlite_pragmas(memory: SqliteMemory, dbapi_connection: Any, _record: Any) -> None:
    # WAL lets the API read while ingest writes.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute(f"PRAGMA cache_size=-{int(memory.cache_kib)}")
    cursor.execute(f"PRAGMA mmap_size={int(memory.mmap_bytes)}")
    cursor.close()


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"
