"""Databases for the crash tests: SQLite files, and PostgreSQL databases of their own."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from api.store.db import make_engine, normalize_url
from api.store.migrate import upgrade
from tests.running import require

POSTGRES_ENV = "EVENTGRAPH_TEST_POSTGRES_URL"


def sqlite_url(folder: Path, name: str) -> str:
    url = f"sqlite:///{folder / name}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


@contextmanager
def postgres_database() -> Iterator[str]:
    """A migrated, empty PostgreSQL database, dropped afterwards; skip (fail in CI) without a server."""
    admin_url = os.environ.get(POSTGRES_ENV)
    require(admin_url is not None, f"{POSTGRES_ENV} is not set")
    assert admin_url is not None
    name = f"eventgraph_crash_{uuid.uuid4().hex[:10]}"
    admin = make_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        admin.dispose()
        require(False, f"PostgreSQL at {admin_url} is unreachable: {exc}")
    url = make_url(normalize_url(admin_url)).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
