"""Ingest throughput: synthetic ~4 KB articles in the three outlets' formats through parse,
extract and store, in one process (SQLite, PostgreSQL) and in two processes on one PostgreSQL.

    .venv/bin/python -m bench.ingest                     # 10,000 articles
    .venv/bin/python -m bench.ingest --documents 2000

Each run starts from an empty, migrated database. Two processes split the documents between
them (even and odd) and write concurrently: the store's uniqueness constraints and advisory
locks keep them from creating the same event twice (api/store/writer.py). The parse and extract
steps are also timed alone, without the store, to show where the time goes. The PostgreSQL
runs are repeated with synchronous_commit off for the ingest sessions (PGOPTIONS): a commit then
does not wait for the WAL flush; a crash can lose the last few commits, which the idempotent
ingest stores again when the same documents are sent again.
"""

from __future__ import annotations

import argparse
import multiprocessing
import time
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import make_url

from api.store.db import make_engine, normalize_url
from api.store.migrate import upgrade
from bench import datasets
from bench.articles import documents
from bench.report import environment, header, save
from bench.timing import table

GDELT_DAILY = 200_000


def fresh_sqlite() -> str:
    path = datasets.CACHE / "ingest.db"
    datasets.CACHE.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


def fresh_postgres(name: str = "eventgraph_bench_ingest") -> str:
    admin = make_engine(datasets.POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = make_url(normalize_url(datasets.POSTGRES_ADMIN)).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return url


def drop_postgres(name: str = "eventgraph_bench_ingest") -> None:
    admin = make_engine(datasets.POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def worker(url: str, count: int, part: int, parts: int, start: Any, out: Any, async_commit: bool) -> None:
    """Ingest documents ``part``, ``part + parts``, ... once ``start`` is set; report to ``out``."""
    import os

    if async_commit:  # libpq reads PGOPTIONS: every session of this process commits without waiting for fsync
        os.environ["PGOPTIONS"] = "-c synchronous_commit=off"
    from api.ingest.pipeline import Pipeline
    from api.ingest.service import Ingestor
    from api.store.writer import Store

    mine = [d for i, d in enumerate(documents(count)) if i % parts == part]
    engine = make_engine(url)
    ingestor = Ingestor(Pipeline(), Store(engine))
    ingestor.ingest_documents(mine[:1])  # loads the dictionaries, registers the sources: not timed
    start.wait()
    began = time.perf_counter()
    marks: list[tuple[int, float]] = []

    def progress(_name: str) -> None:
        marks.append((len(marks) + 1, time.perf_counter() - began))

    summary = ingestor.ingest_documents(mine[1:], on_done=progress)
    out.put({"part": part, "seconds": time.perf_counter() - began, "documents": summary.documents + 1,
             "stored": summary.stored + 1, "unchanged": summary.unchanged, "failures": len(summary.failures),
             "created": summary.events_created, "merged": summary.events_merged,
             "marks": marks[249::250]})  # fmt: skip
    engine.dispose()


def ingest(url: str, count: int, processes: int, async_commit: bool = False) -> dict[str, Any]:
    context = multiprocessing.get_context("spawn")
    start, out = context.Event(), context.Queue()
    workers = [
        context.Process(target=worker, args=(url, count, k, processes, start, out, async_commit))
        for k in range(processes)
    ]
    for w in workers:
        w.start()
    time.sleep(0.5)
    while not all(w.is_alive() for w in workers):
        time.sleep(0.1)
    # Each worker waits for ``start`` after its warm-up document; give them time to get there.
    time.sleep(20 if count >= 1000 else 5)
    began = time.perf_counter()
    start.set()
    parts = [out.get(timeout=3600) for _ in workers]
    wall = time.perf_counter() - began
    for w in workers:
        w.join()
    engine = make_engine(url)
    with engine.connect() as connection:
        articles = connection.execute(text("SELECT count(*) FROM articles")).scalar_one()
        events = connection.execute(text("SELECT count(*) FROM events WHERE merged_into_id IS NULL")).scalar_one()
    engine.dispose()
    timed = sum(p["documents"] - 1 for p in parts)
    # Articles a second over the first and the last quarter: does the store slow down as it fills?
    marks = parts[0]["marks"]
    quarter = max(1, len(marks) // 4)
    first = marks[quarter - 1][0] / marks[quarter - 1][1] if marks else 0.0
    last = (
        (marks[-1][0] - marks[-quarter - 1][0]) / (marks[-1][1] - marks[-quarter - 1][1])
        if len(marks) > quarter
        else first
    )
    return {
        "first_quarter_per_process": first, "last_quarter_per_process": last,
        "processes": processes, "synchronous_commit": "off" if async_commit else "on", "documents": sum(p["documents"] for p in parts), "timed_documents": timed,
        "seconds": wall, "articles_per_s": timed / wall, "per_process": timed / wall / processes,
        "stored": sum(p["stored"] for p in parts), "failures": sum(p["failures"] for p in parts),
        "events_created": sum(p["created"] for p in parts), "events_merged": sum(p["merged"] for p in parts),
        "articles_in_db": articles, "live_events_in_db": events,
    }  # fmt: skip


def parse_and_extract(count: int) -> dict[str, Any]:
    from api.ingest.pipeline import Pipeline

    pipeline = Pipeline()
    docs = list(documents(count))
    pipeline.run(docs[0])
    began = time.perf_counter()
    events = sum(len(pipeline.run(d).events) for d in docs[1:])
    seconds = time.perf_counter() - began
    size = sum(len(d.content) for d in docs) / len(docs)
    return {"documents": len(docs) - 1, "seconds": seconds, "articles_per_s": (len(docs) - 1) / seconds,
            "events": events, "mean_bytes": size}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"])
    args = parser.parse_args()
    env = header(f"bench.ingest: {args.documents:,} synthetic articles")
    results: dict[str, Any] = {"environment": env}
    alone = parse_and_extract(min(args.documents, 2000))
    results["parse_extract"] = alone
    print(f"parse + extract alone: {alone['articles_per_s']:.0f} articles/s "
          f"({alone['mean_bytes']:,.0f} bytes a document on average, {alone['events']:,} events)\n")  # fmt: skip
    runs = []
    if "sqlite" in args.databases:
        runs.append(("SQLite", 1, ingest(fresh_sqlite(), args.documents, 1)))
    if "postgresql" in args.databases:
        for processes in (1, 2):
            runs.append(("PostgreSQL", processes, ingest(fresh_postgres(), args.documents, processes)))
        for processes in (1, 2):
            runs.append(("PostgreSQL, synchronous_commit off", processes,
                         ingest(fresh_postgres(), args.documents, processes, async_commit=True)))  # fmt: skip
        drop_postgres()
    rows = []
    for database, processes, r in runs:
        gdelt = GDELT_DAILY / r["articles_per_s"] / 60
        rows.append([database, processes, r["timed_documents"], r["seconds"], r["articles_per_s"], r["per_process"],
                     r["first_quarter_per_process"], r["last_quarter_per_process"], r["failures"],
                     r["events_created"], r["events_merged"], r["articles_in_db"], gdelt])  # fmt: skip
    print(table(["database", "processes", "articles", "seconds", "articles/s", "per process", "first ¼, per process",
                 "last ¼, per process", "failures", "events created", "merged", "articles stored",
                 "GDELT day (200k), min"], rows))  # fmt: skip
    results["runs"] = [{"database": d, **r} for d, _, r in runs]
    results["load_average_after"] = environment()["load_average_1m"]
    save(f"ingest-{args.documents}", results)


if __name__ == "__main__":
    main()
