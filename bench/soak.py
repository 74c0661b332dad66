"""Soak: the real server (`eventgraph serve`) at a steady request rate for minutes, with `eventgraph
ingest` writing to the same database the whole time. Not a test: run it by hand.

    .venv/bin/python -m bench.soak                      # 10 minutes, 20 requests/s, SQLite
    .venv/bin/python -m bench.soak --minutes 2 --rate 50 --database-url postgresql://postgres@127.0.0.1/soak

It fails (exit 1) on any error: a status other than 200, a GraphQL error, a timeout, a failed
ingest batch or an error in the server's log; when the server's heap (RssAnon) grows by more than
``--max-growth`` percent between the end of warm-up and the end; and when the p95 latency is over
``--max-p95`` ms, the server having fallen behind the rate. Minute by minute it prints the
requests, errors and latency, the articles ingested so far, the server's memory (RSS, heap,
file-backed) and the database's size: SQLite's page cache and memory map grow with the database
until their caps, so a leak shows in the heap, whose trend after warm-up is printed as MB a
minute. The server's CPU time per request is printed too: unlike latency, it does not depend on
what else the machine runs. The requests are open-loop (sent on schedule whether or not earlier
ones have answered), so a stall shows as latency instead of as a lower rate. The server's log
goes to a file, whose error lines are counted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families

from bench.articles import documents
from bench.loadgen import NO_RATE_LIMIT, free_port, wait_ready
from bench.proc import cpu_seconds, memory_mb
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
    # (seconds since the start when sent, latency ms, answered without error)
    requests: list[tuple[float, float, bool]] = field(default_factory=list)


def database_mb(url: str) -> float:
    """The SQLite file and its WAL, in MB (0 for other databases)."""
    if not url.startswith("sqlite:///"):
        return 0.0
    path = Path(url.removeprefix("sqlite:///"))
    return sum(p.stat().st_size for p in (path, path.with_name(path.name + "-wal")) if p.exists()) / 2**20


async def steady_load(url: str, rate: float, seconds: float, tally: Tally) -> None:
    rng = random.Random(5)
    started = time.monotonic()
    pending: set[asyncio.Task[None]] = set()
    async with httpx.AsyncClient(timeout=30, limits=httpx.Limits(max_connections=64)) as client:

        async def one(query: str) -> None:
            sent = time.monotonic()
            error = None
            try:
                response = await client.post(url, json={"query": query})
                body = response.json()
                if response.status_code != 200 or body.get("errors"):
                    error = f"{response.status_code}: {str(body)[:300]}"
            except Exception as exc:
                error = repr(exc)[:300]
            latency = (time.monotonic() - sent) * 1000
            tally.latencies.append(latency)
            tally.requests.append((sent - started, latency, error is None))
            if error is not None:
                tally.errors.append(error)

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


def ingest_loop(
    database_url: str, work: Path, stop: threading.Event, batch: int, results: list[dict], epoch: float
) -> None:
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
                        "stored": summary.get("articles_stored", 0), "failures": len(summary.get("failures", [])),
                        "first_failure": (summary.get("failures") or [{}])[0].get("reason", "")[:300],
                        "ended": time.monotonic() - epoch})  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)
        start += batch


def server_time(port: int) -> tuple[float, float]:
    """The mean time /graphql requests spent in the server and the histogram bucket holding its 95th
    percentile, in ms, from its /metrics: the rest of a latency is the client's queue and the network."""
    text = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=30).text
    buckets: list[tuple[float, float]] = []
    total = count = 0.0
    for family in text_string_to_metric_families(text):
        if family.name != "eventgraph_http_request_duration_seconds":
            continue
        for sample in family.samples:
            if sample.labels.get("route") != "/graphql":
                continue
            if sample.name.endswith("_bucket"):
                buckets.append((float(sample.labels["le"]), sample.value))
            elif sample.name.endswith("_sum"):
                total += sample.value
            elif sample.name.endswith("_count"):
                count += sample.value
    by_bound: dict[float, float] = {}
    for bound, value in buckets:  # one series per status: add them up
        by_bound[bound] = by_bound.get(bound, 0.0) + value
    p95 = next((bound for bound, n in sorted(by_bound.items()) if n >= 0.95 * count), float("nan"))
    return (total / count * 1000 if count else float("nan")), p95 * 1000


def logged_errors(lines: list[str]) -> list[str]:
    """The server log's lines at error level, in uvicorn's plain format or as JSON, and tracebacks."""
    return [line for line in lines if line.startswith(("ERROR", "CRITICAL", "Traceback"))
            or '"level": "error"' in line or '"level": "critical"' in line]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--rate", type=float, default=20.0, help="requests per second")
    parser.add_argument("--warmup", type=float, default=0.2, help="fraction of the run before memory is compared")
    parser.add_argument("--batch", type=int, default=200, help="articles per ingest batch")
    parser.add_argument("--max-growth", type=float, default=10.0, help="percent of heap growth after warm-up")
    parser.add_argument("--max-p95", type=float, default=1000.0, help="ms: a slower p95 means the server fell behind")
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="eventgraph-soak-"))
    database_url = args.database_url or f"sqlite:///{work / 'soak.db'}"
    env = {**os.environ, **NO_RATE_LIMIT, "EVENTGRAPH_DATABASE_URL": database_url}
    subprocess.run([EVENTGRAPH, "db", "upgrade"], env=env, check=True, capture_output=True)
    subprocess.run([EVENTGRAPH, "seed", "--if-empty"], env=env, check=True, capture_output=True)
    port = free_port()
    log_path = work / "server.log"
    # To a file, not a pipe: nobody reads a pipe while the load runs, and a full one stalls the server.
    with log_path.open("w") as log:
        server = subprocess.Popen([EVENTGRAPH, "serve", "--port", str(port)], env=env, stdout=log, stderr=log)
    seconds = args.minutes * 60
    tally: Tally = Tally()
    batches: list[dict] = []
    memory: list[tuple[float, dict[str, float]]] = []
    stop = threading.Event()
    try:
        wait_ready(port, None)
        epoch = time.monotonic()
        ingester = threading.Thread(target=ingest_loop, args=(database_url, work, stop, args.batch, batches, epoch))

        def watch() -> None:
            while not stop.wait(5.0):
                sample = memory_mb(server.pid)
                sample["db"] = database_mb(database_url)
                memory.append((time.monotonic() - epoch, sample))

        watcher = threading.Thread(target=watch)
        ingester.start()
        watcher.start()
        cpu_before = cpu_seconds(server.pid)
        asyncio.run(steady_load(f"http://127.0.0.1:{port}/graphql", args.rate, seconds, tally))
        cpu_used = cpu_seconds(server.pid) - cpu_before
        stop.set()
        ingester.join()
        watcher.join()
        served = server_time(port)
    finally:
        stop.set()
        server.terminate()
        server.wait(timeout=30)
        log_lines = log_path.read_text(errors="replace").splitlines() if log_path.exists() else []
        shutil.rmtree(work, ignore_errors=True)

    warm = [(t, sample) for t, sample in memory if t >= seconds * args.warmup]
    first, last = warm[0][1], warm[-1][1]
    peak = max(sample["VmRSS"] for _, sample in warm)
    # A leak grows the heap; SQLite's page cache and mmap grow with the database and stop at their caps.
    growth = (last["RssAnon"] - first["RssAnon"]) / first["RssAnon"] * 100
    trend = statistics.linear_regression([t / 60 for t, _ in warm], [s["RssAnon"] for _, s in warm]).slope
    failed_batches = [b for b in batches if b["rc"] != 0]
    stored = sum(b["stored"] for b in batches)
    latencies = tally.latencies
    errors_logged = logged_errors(log_lines)
    print(f"| soak | {args.minutes:g} min at {args.rate:g} req/s, {database_url.split(':')[0]} |")
    print("|---|---|")
    print(f"| requests | {len(latencies)} ({len(latencies) / seconds:.1f}/s) |")
    print(f"| errors | {len(tally.errors)} |")
    print(f"| latency p50 / p95 / p99 / max | {percentile(latencies, 50):.0f} / {percentile(latencies, 95):.0f}"
          f" / {percentile(latencies, 99):.0f} / {max(latencies):.0f} ms |")  # fmt: skip
    print(f"| of which in the server (/metrics) mean / p95 bucket | {served[0]:.0f} / ≤ {served[1]:.0f} ms |")
    print(f"| server CPU | {cpu_used:.0f} s, {cpu_used / max(1, len(latencies)) * 1000:.1f} ms a request "
          f"({cpu_used / seconds * 100:.0f} % of a core) |")  # fmt: skip
    print(f"| concurrent ingest | {stored} articles in {len(batches)} batches, {len(failed_batches)} failed |")
    print(f"| server RSS after warm-up / end / peak | {first['VmRSS']:.0f} / {last['VmRSS']:.0f} / {peak:.0f} MB |")
    print(f"| of which heap (RssAnon) after warm-up / end | {first['RssAnon']:.0f} / {last['RssAnon']:.0f} MB"
          f" ({growth:+.1f} %, trend {trend:+.2f} MB/min) |")  # fmt: skip
    print(f"| database size after warm-up / end | {first['db']:.0f} / {last['db']:.0f} MB |")
    print(f"| server log | {len(log_lines)} lines, {len(errors_logged)} at error level |")
    print("\nminute | requests | errors | p95 ms | articles | RSS MB | heap MB | file-backed MB | database MB")
    for minute in range(1, int(seconds // 60) + (seconds % 60 > 0) + 1):
        done = [r for r in tally.requests if minute - 1 <= r[0] / 60 < minute]
        at = [sample for t, sample in memory if t <= minute * 60]
        if not done or not at:
            continue
        sample = at[-1]
        articles = sum(b["stored"] for b in batches if b["ended"] <= minute * 60)
        print(f"{minute:6d} | {len(done):8d} | {sum(not ok for _, _, ok in done):6d} "
              f"| {percentile([r[1] for r in done], 95):6.0f} | {articles:8d} | {sample['VmRSS']:6.0f} "
              f"| {sample['RssAnon']:7.0f} | {sample['RssFile']:14.0f} | {sample['db']:.0f}")  # fmt: skip
    for error in tally.errors[:5]:
        print(f"error: {error}")
    for batch in failed_batches[:3]:
        print(f"ingest batch failed: {batch}")
    for line in errors_logged[:5]:
        print(f"server log: {line[:500]}")
    p95 = percentile(latencies, 95)
    if p95 > args.max_p95:
        print(f"the server fell behind the request rate: p95 {p95:.0f} ms > {args.max_p95:g} ms "
              "(on a busy machine, try again when it is quiet or with a lower --rate)")  # fmt: skip
    failed = tally.errors or failed_batches or errors_logged or growth > args.max_growth or p95 > args.max_p95
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
