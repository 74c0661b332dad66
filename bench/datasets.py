"""Databases of N synthetic events, built once and reused by every bench script.

SQLite files live in bench/.cache/ (ignored by git). PostgreSQL databases are named
``eventgraph_bench_<n>`` on the server given by EVENTGRAPH_BENCH_POSTGRES_URL; a script drops
the ones it created unless told to keep them (``--keep``), and ``python -m bench.datasets --drop``
drops them all.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import make_url

from api.store.db import make_engine, normalize_url
from api.store.migrate import upgrade
from api.store.synthetic import populate

CACHE = Path(os.environ.get("EVENTGRAPH_BENCH_DIR", Path(__file__).resolve().parent / ".cache"))
POSTGRES_ADMIN = os.environ.get("EVENTGRAPH_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
# Bump when populate() changes what it writes, so stale caches are rebuilt.
GENERATION = "2"
MARKER = "bench_dataset"


def _log(message: str) -> None:
    print(f"# {message}", flush=True)


def _complete(engine: Engine, events: int) -> bool:
    """Whether a previous run finished building this database (a crash leaves no marker)."""
    if MARKER not in inspect(engine).get_table_names():
        return False
    with engine.connect() as connection:
        row = connection.execute(text(f"SELECT events, generation FROM {MARKER}")).first()
    if row is None or row[0] != events or row[1] != GENERATION:
        return False
    # A database built before a migration is brought to head as a deployment would be (the
    # migration's backfill included), rather than rebuilt.
    upgrade(engine)
    return True


def _build(engine: Engine, events: int, where: str) -> None:
    _log(f"building {events:,} synthetic events in {where} (once; later runs reuse it)")
    started = time.perf_counter()
    upgrade(engine)
    populate(engine, events)
    with engine.begin() as connection:
        connection.execute(text(f"CREATE TABLE {MARKER} (events INTEGER, generation VARCHAR(8))"))
        connection.execute(text(f"INSERT INTO {MARKER} VALUES (:n, :g)"), {"n": events, "g": GENERATION})
    _log(f"built in {time.perf_counter() - started:.0f} s")


def sqlite_url(events: int) -> str:
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"events-{events}.db"
    url = f"sqlite:///{path}"
    if path.exists():
        engine = make_engine(url)
        ready = _complete(engine, events)
        engine.dispose()
        if ready:
            return url
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    engine = make_engine(url)
    _build(engine, events, str(path))
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return url


def _admin() -> Engine:
    return make_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")


def postgres_name(events: int) -> str:
    return f"eventgraph_bench_{events}"


def postgres_url(events: int) -> str:
    name = postgres_name(events)
    url = make_url(normalize_url(POSTGRES_ADMIN)).set(database=name).render_as_string(hide_password=False)
    admin = _admin()
    with admin.connect() as connection:
        exists = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first()
        if exists:
            engine = make_engine(url)
            ready = _complete(engine, events)
            engine.dispose()
            if ready:
                admin.dispose()
                return url
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    engine = make_engine(url)
    _build(engine, events, f"PostgreSQL database {name}")
    engine.dispose()
    return url


def drop_postgres(events: int | None = None) -> None:
    """Drop one bench database, or every one (``events`` None)."""
    admin = _admin()
    with admin.connect() as connection:
        names = [
            r[0]
            for r in connection.execute(text("SELECT datname FROM pg_database WHERE datname LIKE 'eventgraph_bench_%'"))
        ]
        for name in names:
            if events is None or name == postgres_name(events):
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                _log(f"dropped {name}")
    admin.dispose()


def database_size(engine: Engine) -> int:
    """Bytes on disk: the SQLite file with its WAL, or pg_database_size."""
    if engine.dialect.name == "sqlite":
        path = Path(str(engine.url.database))
        return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT pg_database_size(current_database())")).scalar_one())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, nargs="*", default=[], help="build these sizes now")
    parser.add_argument("--drop", action="store_true", help="drop every eventgraph_bench_* PostgreSQL database")
    args = parser.parse_args()
    if args.drop:
        drop_postgres()
    for n in args.events:
        print(sqlite_url(n))
        print(postgres_url(n))


if __name__ == "__main__":
    main()
