"""Ingest throughput: synthetic ~4 KB articles in the three outlets' formats through parse,
extract and store, in one process (SQLite, PostgreSQL) and in two processes on one PostgreSQL.

    .venv/bin/python -m bench.ingest                     # 10,000 articles
    .venv/bin/python -m bench.ingest --documents 2000

Each run starts from an empty, migrated database. Two processes split the documents between
them (even and odd) and write concurrently: the store's uniqueness constraints and advisory
locks keep them from creating the same event twice (api/store/writer.py). The parse and extract
steps are also timed alone, without the store, and the store alone (``--modes store``: the
documents are extracted before the clock starts, then stored in the ingest's batches), so each
side's figure does not depend on the other's. "client CPU" is the ingest processes' own CPU time
(time.process_time), which the other programs on a shared machine disturb far less than the
wall clock. ``--modes async`` adds runs with synchronous_commit off for the ingest sessions
(PGOPTIONS): a commit then does not wait for the WAL flush; a crash can lose the last few
commits, which the idempotent ingest stores again when the same documents are sent again.

    .venv/bin/python -m bench.ingest --documents 2000 --modes store --databases postgresql
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


def fresh_sqlite(name: str = "ingest.db") -> str:
    """An empty, migrated SQLite file of this name in the bench cache (each script its own)."""
    path = datasets.CACHE / name
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


def worker(url: str, count: int, part: int, parts: int, ready: Any, start: Any, out: Any, mode: str) -> None:
    """Ingest documents ``part``, ``part + parts``, ... once ``start`` is set; report to ``out``.

    ``mode`` "pipeline": parse, extract and store, as `eventgraph ingest` does. "store": the
    documents are parsed and extracted before the clock starts, and only the store is timed.
    "async": the pipeline, with synchronous_commit off for this process's sessions.
    """
    import os

    if mode == "async":  # libpq reads PGOPTIONS: every session of this process commits without waiting for fsync
        os.environ["PGOPTIONS"] = "-c synchronous_commit=off"
    from api.ingest.pipeline import Pipeline
    from api.ingest.service import BATCH_DOCUMENTS, Ingestor
    from api.store.writer import Store

    mine = [d for i, d in enumerate(documents(count)) if i % parts == part]
    engine = make_engine(url)
    ingestor = Ingestor(Pipeline(), Store(engine))
    ingestor.ingest_documents(mine[:1])  # loads the dictionaries, registers the sources: not timed
    extracted = [ingestor.pipeline.run(d) for d in mine[1:]] if mode == "store" else []
    ready.put(part)
    start.wait()
    began, cpu = time.perf_counter(), time.process_time()
    marks: list[tuple[int, float]] = []

    def progress(_name: str) -> None:
        marks.append((len(marks) + 1, time.perf_counter() - began))

    if mode == "store":
        failures = stored = 0
        for at in range(0, len(extracted), BATCH_DOCUMENTS):
            for result in ingestor.store.save_many(extracted[at : at + BATCH_DOCUMENTS]):
                failures += isinstance(result, Exception)
                stored += not isinstance(result, Exception) and not result.skipped
                progress("")
        summary = {"documents": len(extracted) + 1, "stored": stored + 1, "failures": failures}
    else:
        done = ingestor.ingest_documents(mine[1:], on_done=progress)
        summary = {"documents": done.documents + 1, "stored": done.stored + 1, "failures": len(done.failures)}
    out.put({"part": part, "seconds": time.perf_counter() - began, "cpu_seconds": time.process_time() - cpu,
             **summary, "marks": marks[249::250]})  # fmt: skip
    engine.dispose()


def ingest(url: str, count: int, processes: int, mode: str = "pipeline") -> dict[str, Any]:
    context = multiprocessing.get_context("spawn")
    ready, start, out = context.Queue(), context.Event(), context.Queue()
    workers = [
        context.Process(target=worker, args=(url, count, k, processes, ready, start, out, mode))
        for k in range(processes)
    ]
    for w in workers:
        w.start()
    for _ in workers:  # each has loaded its plugins and dictionaries (and, for "store", extracted)
        ready.get(timeout=3600)
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
        "first_quarter_per_process": first, "last_quarter_per_process": last, "mode": mode,
        "processes": processes, "synchronous_commit": "off" if mode == "async" else "on",
        "documents": sum(p["documents"] for p in parts), "timed_documents": timed,
        "seconds": wall, "articles_per_s": timed / wall, "per_process": timed / wall / processes,
        "cpu_ms_per_article": 1000 * sum(p["cpu_seconds"] for p in parts) / max(1, timed),
        "stored": sum(p["stored"] for p in parts), "failures": sum(p["failures"] for p in parts),
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
    parser.add_argument("--modes", nargs="+", default=["pipeline", "store"], choices=["pipeline", "store", "async"],
                        help="pipeline: parse, extract and store; store: the store alone, on documents extracted "
                        "beforehand; async: the pipeline with synchronous_commit off (PostgreSQL)")  # fmt: skip
    args = parser.parse_args()
    env = header(f"bench.ingest: {args.documents:,} synthetic articles")
    results: dict[str, Any] = {"environment": env}
    alone = parse_and_extract(min(args.documents, 2000))
    results["parse_extract"] = alone
    print(f"parse + extract alone: {alone['articles_per_s']:.0f} articles/s "
          f"({alone['mean_bytes']:,.0f} bytes a document on average, {alone['events']:,} events)\n")  # fmt: skip
    runs = []
    for mode in args.modes:
        if "sqlite" in args.databases and mode != "async":
            runs.append(("SQLite", ingest(fresh_sqlite(), args.documents, 1, mode)))
        if "postgresql" in args.databases:
            for processes in (1, 2):
                runs.append(("PostgreSQL", ingest(fresh_postgres(), args.documents, processes, mode)))
    if "postgresql" in args.databases:
        drop_postgres()
    rows = []
    for database, r in runs:
        gdelt = GDELT_DAILY / r["articles_per_s"] / 60
        what = {"pipeline": "parse+extract+store", "store": "store alone", "async": "pipeline, sync commit off"}
        rows.append([database, what[r["mode"]], r["processes"], r["timed_documents"], r["seconds"],
                     r["articles_per_s"], r["per_process"], r["cpu_ms_per_article"], r["first_quarter_per_process"],
                     r["last_quarter_per_process"], r["failures"], r["articles_in_db"], r["live_events_in_db"],
                     gdelt])  # fmt: skip
    print(table(["database", "what", "processes", "articles", "seconds", "articles/s", "per process",
                 "client CPU ms/article", "first ¼, per process", "last ¼, per process", "failures",
                 "articles stored", "live events", "GDELT day (200k), min"], rows))  # fmt: skip
    results["runs"] = [{"database": d, **r} for d, r in runs]
    results["load_average_after"] = environment()["load_average_1m"]
    save(f"ingest-{args.documents}", results)


if __name__ == "__main__":
    main()
