"""Soak: the real server (`eventgraph serve`) at a steady request rate for minutes, with `eventgraph
ingest` writing to the same database the whole time. Not a test: run it by hand.

    .venv/bin/python -m bench.soak                      # 10 minutes, 20 requests/s, SQLite
    .venv/bin/python -m bench.soak --minutes 2 --rate 50 --database-url postgresql://postgres@127.0.0.1/soak

It fails (exit 1) on any error: a status other than 200, a GraphQL error, a timeout, or a
failed ingest batch; and when the server's heap (RssAnon) grows by more than ``--max-growth``
percent between the end of warm-up and the end. Total RSS is printed too, minute by minute, beside
the database's size: SQLite's page cache and memory map grow with the database until their caps.
The requests are open-loop (sent on schedule whether or not earlier ones have answered), so a
stall shows as latency instead of as a lower rate.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bench.articles import documents
from bench.loadgen import NO_RATE_LIMIT, free_port, wait_ready
from bench.timing import percentile

EVENTGRAPH = str(Path(sys.executable).with_name("eventgraph"))
QUERIES = [
    "{ events(first: 50) { totalCount nodes { id date eventType fatalities { best } location { name latitude longitude }"
    " actors { role actor { name } } } } }",
    "{ events(first: 20, orderBy: {field: FATALITIES}) { nodes { id summary reports { article { url source { name } } } } } }",
    "{ eventStats(groupBy: [MONTH, EVENT_TYPE]) { count fatalities } }",
    '{ actors(first: 20, search: "hezbollah") { nodes { name kind aliases { name source } } } }',
    "{ locations(first: 20) { nodes { name countryCode events(first: 5) { totalCount } } } }",
    "{ articles(first: 10) { totalCount nodes { headline url source { key } } } }",
    "{ sources { key name articles(first: 3) { nodes { headline } } } }",
]


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def memory_mb(pid: int) -> dict[str, float]:
    """Resident memory of a process and its children (uvicorn may fork), from /proc: all of it, the
    anonymous part (heap: what a leak grows) and the file-backed part (SQLite's mmap of the database,
    which grows with the database and is given back under pressure)."""
    totals = {"VmRSS": 0.0, "RssAnon": 0.0, "RssFile": 0.0}
    for proc in [pid, *children(pid)]:
        try:
            for line in Path(f"/proc/{proc}/status").read_text().splitlines():
                name, _, value = line.partition(":")
                if name in totals:
                    totals[name] += int(value.split()[0]) / 1024
        except OSError:
            continue
    return totals


def database_mb(url: str) -> float:
    """The SQLite file and its WAL, in MB (0 for other databases)."""
    if not url.startswith("sqlite:///"):
        return 0.0
    path = Path(url.removeprefix("sqlite:///"))
    return sum(p.stat().st_size for p in (path, path.with_name(path.name + "-wal")) if p.exists()) / 2**20


def children(pid: int) -> list[int]:
    try:
        found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return [int(c) for c in found] + [g for c in found for g in children(int(c))]


async def steady_load(url: str, rate: float, seconds: float, tally: Tally) -> None:
    rng = random.Random(5)
    started = time.monotonic()
    pending: set[asyncio.Task[None]] = set()
    async with httpx.AsyncClient(timeout=30, limits=httpx.Limits(max_connections=64)) as client:

        async def one(query: str) -> None:
            sent = time.monotonic()
            try:
                response = await client.post(url, json={"query": query})
                body = response.json()
                if response.status_code != 200 or body.get("errors"):
                    tally.errors.append(f"{response.status_code}: {str(body)[:300]}")
            except Exception as exc:
                tally.errors.append(repr(exc)[:300])
            tally.latencies.append((time.monotonic() - sent) * 1000)

        i = 0
        while (now := time.monotonic() - started) < seconds:
            due = i / rate
            if due > now:
                await asyncio.sleep(due - now)
            task = asyncio.create_task(one(rng.choice(QUERIES)))
            pending.add(task)
            task.add_done_callback(pending.discard)
            i += 1
        await asyncio.gather(*pending)


def write_batch(folder: Path, start: int, count: int) -> None:
    """``count`` JSON envelopes, numbered from ``start``: each batch has URLs of its own."""
    folder.mkdir(parents=True)
    for i, document in enumerate(documents(count, seed=start)):
        assert document.url is not None
        url = document.url.rsplit("/", 1)[0] + f"/soak-{start + i}"
        envelope = {
            "url": url,
            "source": document.source,
            "published_at": document.published_at.isoformat() if document.published_at else None,
            ("html" if document.is_html else "text"): document.text.replace(document.url, url),
        }
        (folder / f"{start + i:06d}.json").write_text(json.dumps(envelope))


def ingest_loop(database_url: str, work: Path, stop: threading.Event, batch: int, results: list[dict]) -> None:
    """`eventgraph ingest` on fresh batches of articles, one after another, until told to stop."""
    env = {**os.environ, "EVENTGRAPH_DATABASE_URL": database_url}
    start = 0
    while not stop.is_set():
        folder = work / f"batch-{start:06d}"
        write_batch(folder, start, batch)
        began = time.monotonic()
        done = subprocess.run([EVENTGRAPH, "ingest", str(folder), "--json"], env=env, capture_output=True, text=True)
        summary = json.loads(done.stdout) if done.stdout.strip().startswith("{") else {}
        results.append({"rc": done.returncode, "seconds": time.monotonic() - began, "stderr": done.stderr[-500:],
                        "stored": summary.get("articles_stored", 0), "failures": len(summary.get("failures", []))})  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)
        start += batch


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--rate", type=float, default=20.0, help="requests per second")
    parser.add_argument("--warmup", type=float, default=0.2, help="fraction of the run before memory is compared")
    parser.add_argument("--batch", type=int, default=200, help="articles per ingest batch")
    parser.add_argument("--max-growth", type=float, default=10.0, help="percent of heap growth after warm-up")
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="eventgraph-soak-"))
    database_url = args.database_url or f"sqlite:///{work / 'soak.db'}"
    env = {**os.environ, **NO_RATE_LIMIT, "EVENTGRAPH_DATABASE_URL": database_url}
    subprocess.run([EVENTGRAPH, "db", "upgrade"], env=env, check=True, capture_output=True)
    subprocess.run([EVENTGRAPH, "seed", "--if-empty"], env=env, check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen([EVENTGRAPH, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)  # fmt: skip
    seconds = args.minutes * 60
    tally, batches, memory = Tally(), [], []
    stop = threading.Event()
    try:
        wait_ready(port, None)
        ingester = threading.Thread(target=ingest_loop, args=(database_url, work, stop, args.batch, batches))

        def watch() -> None:
            began = time.monotonic()
            while not stop.wait(5.0):
                sample = memory_mb(server.pid)
                sample["db"] = database_mb(database_url)
                memory.append((time.monotonic() - began, sample))

        watcher = threading.Thread(target=watch)
        ingester.start()
        watcher.start()
        asyncio.run(steady_load(f"http://127.0.0.1:{port}/graphql", args.rate, seconds, tally))
        stop.set()
        ingester.join()
        watcher.join()
    finally:
        stop.set()
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)

    warm = [sample for t, sample in memory if t >= seconds * args.warmup]
    first, last = warm[0], warm[-1]
    peak = max(sample["VmRSS"] for sample in warm)
    # A leak grows the heap; SQLite's page cache and mmap grow with the database and stop at their caps.
    growth = (last["RssAnon"] - first["RssAnon"]) / first["RssAnon"] * 100
    failed_batches = [b for b in batches if b["rc"] != 0]
    stored = sum(b["stored"] for b in batches)
    latencies = tally.latencies
    print(f"| soak | {args.minutes:g} min at {args.rate:g} req/s, {database_url.split(':')[0]} |")
    print("|---|---|")
    print(f"| requests | {len(latencies)} ({len(latencies) / seconds:.1f}/s) |")
    print(f"| errors | {len(tally.errors)} |")
    print(f"| latency p50 / p95 / p99 / max | {percentile(latencies, 50):.0f} / {percentile(latencies, 95):.0f}"
          f" / {percentile(latencies, 99):.0f} / {max(latencies):.0f} ms |")  # fmt: skip
    print(f"| concurrent ingest | {stored} articles in {len(batches)} batches, {len(failed_batches)} failed |")
    print(f"| server RSS after warm-up / end / peak | {first['VmRSS']:.0f} / {last['VmRSS']:.0f} / {peak:.0f} MB |")
    print(f"| of which heap (RssAnon) after warm-up / end | {first['RssAnon']:.0f} / {last['RssAnon']:.0f} MB"
          f" ({growth:+.1f} %) |")  # fmt: skip
    print(f"| database size after warm-up / end | {first['db']:.0f} / {last['db']:.0f} MB |")
    print("\nminute | RSS MB | heap MB | file-backed MB | database MB")
    for t, sample in memory[11::12]:
        print(
            f"{t / 60:6.1f} | {sample['VmRSS']:6.0f} | {sample['RssAnon']:7.0f} | {sample['RssFile']:14.0f} | {sample['db']:.0f}"
        )
    for error in tally.errors[:5]:
        print(f"error: {error}")
    for batch in failed_batches[:3]:
        print(f"ingest batch failed: {batch}")
    sys.exit(1 if tally.errors or failed_batches or growth > args.max_growth else 0)


if __name__ == "__main__":
    main()
