"""Alembic environment: migrates the database named by the caller or EVENTGRAPH_DATABASE_URL."""

from __future__ import annotations

from alembic import context

from api.settings import Settings
from api.store.db import make_engine
from api.store.search import SEARCH_TABLES
from api.store.tables import metadata

config = context.config


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url") or Settings().database_url
    engine = make_engine(url)
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


def _run(connection: object) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=True,  # SQLite can only ALTER tables by copying them
        compare_type=True,
        include_object=_include,
    )
    with context.begin_transaction():
        context.run_migrations()


def _include(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    # The full-text tables have database-specific DDL, written by hand in the migrations.
    return not (type_ == "table" and name in SEARCH_TABLES)


if context.is_offline_mode():
    context.configure(url=Settings().database_url, target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations()
