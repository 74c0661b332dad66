"""Crashes and concurrency: `eventgraph ingest` killed with SIGKILL at random points and run again,
several ingest processes at once on overlapping inputs, and the API answering through it all.

The reference is one uninterrupted run over the same 2,000 articles. A killed and rerun ingest
must end with the same snapshot (tests/crash/snapshot.py: same articles, events, reports,
actors, places, history; ids and clocks aside) and no integrity fault (no duplicate, no orphan).
Parallel runs see the articles in another order, and which event a report joins depends on
arrival order even in one process; they must agree on everything else and leave no duplicate.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, func, select

from api.store.db import make_engine
from api.store.tables import Article
from tests.crash.articles import write_articles
from tests.crash.databases import postgres_database, sqlite_url
from tests.crash.snapshot import Snapshot, differences, duplicate_events, integrity_faults, snapshot
from tests.running import REPO, running_app

pytestmark = pytest.mark.slow

COUNT = int(os.environ.get("EVENTGRAPH_CRASH_DOCUMENTS", "2000"))
KILLS = 4
EVENTGRAPH = str(REPO / ".venv" / "bin" / "eventgraph")
SEED = int(os.environ.get("EVENTGRAPH_CRASH_SEED", str(random.SystemRandom().randrange(10**6))))


@dataclass
class Reference:
    folder: Path
    files: list[Path]
    snapshot: Snapshot
    seconds: float


def ingest(url: str, *paths: Path | str) -> subprocess.Popen[str]:
    env = {**os.environ, "EVENTGRAPH_DATABASE_URL": url}
    return subprocess.Popen(
        [EVENTGRAPH, "ingest", *map(str, paths), "--json"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def finish(process: subprocess.Popen[str], timeout: float = 1800) -> None:
    _, err = process.communicate(timeout=timeout)
    assert process.returncode == 0, f"ingest failed ({process.returncode}):\n{err[-3000:]}"
    assert "Traceback" not in err


def stored(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(Article)).scalar_one())


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Reference:
    root = tmp_path_factory.mktemp("crash")
    files = write_articles(root / "articles", COUNT)
    url = sqlite_url(root, "reference.db")
    started = time.monotonic()
    finish(ingest(url, root / "articles"))
    seconds = time.monotonic() - started
    engine = make_engine(url)
    assert stored(engine) == COUNT
    assert integrity_faults(engine) == {}
    assert duplicate_events(engine) == 0  # calibrates the check the parallel runs are held to
    result = Reference(root / "articles", files, snapshot(engine), seconds)
    engine.dispose()
    print(f"reference: {COUNT} articles in {seconds:.0f}s, {result.snapshot.counts()}")
    return result


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield sqlite_url(tmp_path, "crash.db")
    else:
        with postgres_database() as url:
            yield url


def test_sigkill_at_random_points_then_rerun_equals_an_uninterrupted_run(reference: Reference, database: str) -> None:
    """Each round kills a fresh `eventgraph ingest` once a random number of articles is stored, a random
    fraction of a second later: anywhere in a document's parse, extraction or transaction."""
    rng = random.Random(SEED)
    engine = make_engine(database)
    targets = sorted(rng.sample(range(1, COUNT), KILLS))
    progress = []
    for target in targets:
        process = ingest(database, reference.folder)
        wait_for(engine, target, process)
        time.sleep(rng.uniform(0.0, 0.5))
        process.send_signal(signal.SIGKILL)
        process.wait()
        progress.append(stored(engine))
    assert any(0 < n < COUNT for n in progress), f"no kill landed mid-ingest (seed {SEED}): {progress}"
    finish(ingest(database, reference.folder))
    assert integrity_faults(engine) == {}
    diff = differences(reference.snapshot, snapshot(engine))
    engine.dispose()
    assert diff == [], f"seed {SEED}, articles stored at each kill {progress}:\n" + "\n".join(diff)


def wait_for(engine: Engine, articles: int, process: subprocess.Popen[str], seconds: float = 900) -> None:
    deadline = time.monotonic() + seconds
    while stored(engine) < articles and process.poll() is None:
        assert time.monotonic() < deadline, f"ingest stored fewer than {articles} articles in {seconds:.0f}s"
        time.sleep(0.1)


def windows(files: list[Path], processes: int) -> list[list[Path]]:
    """Overlapping, rotated slices: together they cover every file, most files twice."""
    n = len(files)
    size = n // 2 + n // (2 * processes) if processes > 2 else (n * 6) // 10
    return [[files[(start + i) % n] for i in range(size)] for start in (k * n // processes for k in range(processes))]


@pytest.mark.parametrize("processes", [2, 4])
def test_parallel_ingest_on_postgres_equals_one_process(reference: Reference, processes: int) -> None:
    slices = windows(reference.files, processes)
    assert set().union(*map(set, slices)) == set(reference.files)
    with postgres_database() as url:
        running = [ingest(url, *paths) for paths in slices]
        for process in running:
            finish(process)
        engine = make_engine(url)
        assert integrity_faults(engine) == {}
        duplicates = duplicate_events(engine)
        result = snapshot(engine)
        engine.dispose()
    # One process in another order groups a few reports differently too (merging is greedy), so the
    # events are held to "no duplicate" rather than to the reference's exact grouping.
    diff = differences(reference.snapshot.order_independent(), result.order_independent())
    assert diff == [], f"{processes} processes:\n" + "\n".join(diff)
    assert duplicates == 0, f"{processes} processes left {duplicates} duplicated events"
    print(f"{processes} processes: events {len(result.events)} (one process: {len(reference.snapshot.events)})")


def test_the_api_keeps_answering_through_heavy_ingest_and_a_restart(reference: Reference, tmp_path: Path) -> None:
    """SQLite: queries during a long ingest, a SIGKILL and a restart of it. No error, no lock timeout."""
    url = sqlite_url(tmp_path, "busy.db")
    engine = make_engine(url)
    query = "{ articles(first: 5) { totalCount } events(first: 20) { totalCount nodes { id date location { name } reports { article { url } } } } }"
    answers: list[tuple[int, float, int | None, str]] = []
    done = threading.Event()

    def ask() -> None:
        with httpx.Client(timeout=30) as client:
            while not done.is_set():
                started = time.monotonic()
                try:
                    response = client.post(server.graphql, json={"query": query})
                    body = response.json()
                    count = body["data"]["articles"]["totalCount"] if not body.get("errors") else None
                    answers.append((response.status_code, time.monotonic() - started, count, str(body.get("errors"))))
                except Exception as exc:  # a refused connection or timeout is an answer too: a wrong one
                    answers.append((0, time.monotonic() - started, None, repr(exc)))
                time.sleep(0.02)

    with running_app(engine) as server:
        asker = threading.Thread(target=ask)
        asker.start()
        try:
            first = ingest(url, reference.folder)
            wait_for(engine, COUNT // 4, first)  # kill it a quarter of the way in, mid-stride
            first.send_signal(signal.SIGKILL)
            first.wait()
            killed_at = stored(engine)
            finish(ingest(url, reference.folder))
        finally:
            done.set()
            asker.join()
    engine.dispose()
    failures = [a for a in answers if a[0] != 200 or a[2] is None]
    assert not failures, failures[:5]
    counts = [a[2] for a in answers if a[2] is not None]
    assert len(answers) > 100 and counts == sorted(counts) and counts[-1] == COUNT
    assert 0 < killed_at < COUNT
    slowest = max(a[1] for a in answers)
    print(f"API during ingest: {len(answers)} answers, slowest {slowest:.2f}s, killed at {killed_at} articles")
