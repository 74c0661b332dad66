"""Memory: peak RSS of the server under load, and of ingest over 10,000 documents.

    .venv/bin/python -m bench.memory                            # server on 1M events, ingest of 10,000
    .venv/bin/python -m bench.memory --events 100000 --documents 2000
    .venv/bin/python -m bench.memory --only ingest --documents 50000

The server runs in its own process (bench.server) and is sampled every 50 ms while 32 clients
ask for the benchmark page. Ingest runs in its own process on an empty SQLite database, reading
the documents one at a time from a generator, and records its RSS every 500 documents: a
process whose memory grows with the number of documents would show it as a slope.
"""

from __future__ import annotations

import argparse
import multiprocessing
import threading
import time
from pathlib import Path
from typing import Any

import psutil

from bench import datasets
from bench.ingest import fresh_sqlite
from bench.loadgen import load, post_request, server
from bench.report import environment, header, save
from bench.timing import table
from bench.workload import BODY

MiB = 2**20


def sample(pid: int, stop: threading.Event, every: float = 0.05) -> list[float]:
    """RSS of ``pid`` in MiB until ``stop`` is set."""
    process = psutil.Process(pid)
    found: list[float] = []

    def run() -> None:
        while not stop.is_set():
            try:
                found.append(process.memory_info().rss / MiB)
            except psutil.NoSuchProcess:
                return
            time.sleep(every)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    stop.wait()
    thread.join()
    return found


def server_under_load(url: str, clients: int, seconds: float) -> dict[str, float]:
    with server(url) as (port, process):
        idle = psutil.Process(process.pid).memory_info().rss / MiB
        request = post_request("/graphql", BODY)
        load(port, request, 1, 1.0)
        warm = psutil.Process(process.pid).memory_info().rss / MiB
        stop = threading.Event()
        samples: list[float] = []
        sampler = threading.Thread(target=lambda: samples.extend(sample(process.pid, stop)))
        sampler.start()
        result = load(port, request, clients, seconds)
        stop.set()
        sampler.join()
        after = psutil.Process(process.pid).memory_info().rss / MiB
    return {"idle_mib": idle, "after_first_request_mib": warm, "peak_mib": max(samples), "after_load_mib": after,
            "requests": result.requests, "rps": result.rps, "clients": clients}  # fmt: skip


def resident(pid: int | None = None) -> tuple[float, float]:
    """(RSS, of which anonymous) in MiB. The rest is files mapped in, such as SQLite's memory
    map of the database: pages the kernel can drop and shares with its file cache."""
    status = Path(f"/proc/{pid or 'self'}/status")
    if status.exists():
        fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        if "RssAnon" in fields:
            return int(fields["VmRSS"].split()[0]) / 1024, int(fields["RssAnon"].split()[0]) / 1024
    rss = psutil.Process(pid).memory_info().rss / MiB
    return rss, rss


def ingest_worker(url: str, count: int, out: Any) -> None:
    from api.cli.main import ingest_engine
    from api.ingest.pipeline import Pipeline
    from api.ingest.service import Ingestor
    from api.store.writer import Store
    from bench.articles import documents

    ingestor = Ingestor(Pipeline(), Store(ingest_engine(url)))  # the engine `eventgraph ingest` uses
    began = time.perf_counter()
    points: list[tuple[int, float, float, float]] = [(0, *resident(), 0.0)]
    done = [0]

    def progress(_name: str) -> None:
        done[0] += 1
        if done[0] % 500 == 0:
            points.append((done[0], *resident(), time.perf_counter() - began))

    summary = ingestor.ingest_documents(documents(count), on_done=progress)
    out.put({"points": points, "stored": summary.stored, "failures": len(summary.failures)})


def ingest_memory(count: int) -> dict[str, Any]:
    url = fresh_sqlite("memory-ingest.db")
    context = multiprocessing.get_context("spawn")
    out = context.Queue()
    worker = context.Process(target=ingest_worker, args=(url, count, out))
    worker.start()
    stop = threading.Event()
    samples: list[float] = []
    while worker.pid is None:
        time.sleep(0.01)
    sampler = threading.Thread(target=lambda: samples.extend(sample(worker.pid, stop, 0.2)))  # type: ignore[arg-type]
    sampler.start()
    report = out.get(timeout=7200)
    stop.set()
    sampler.join()
    worker.join()
    points = report["points"]
    return {"points": points, "peak_mib": max(samples) if samples else max(p[1] for p in points),
            "mib_per_1000_after_1000": slope(points, 1), "anon_mib_per_1000_after_1000": slope(points, 2),
            "stored": report["stored"], "failures": report["failures"]}  # fmt: skip


def slope(points: list[Any], column: int, after: int = 1000) -> float:
    """MiB per 1,000 documents after the first ``after``, when the dictionaries and caches are loaded."""
    settled = [(p[0], p[column]) for p in points if p[0] >= after]
    if len(settled) < 2:
        return 0.0
    return (settled[-1][1] - settled[0][1]) / max(1, (settled[-1][0] - settled[0][0]) / 1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--only", choices=["server", "ingest"], help="measure one of the two")
    args = parser.parse_args()
    env = header("bench.memory: server under load, ingest over many documents")
    results: dict[str, Any] = {"environment": env}
    if args.only != "ingest":
        served = server_under_load(datasets.sqlite_url(args.events), args.clients, args.seconds)
        print(table(["server (SQLite, " + f"{args.events:,} events)", "MiB"], [
            ["idle, after start", served["idle_mib"]], ["after the first request", served["after_first_request_mib"]],
            [f"peak, {args.clients} clients for {args.seconds:.0f} s ({served['requests']:,} requests)",
             served["peak_mib"]],
            ["after the load", served["after_load_mib"]],
        ]))  # fmt: skip
        print()
        results["server"] = served
    if args.only != "server":
        ingested = ingest_memory(args.documents)
        print(table(["ingest: documents done", "RSS MiB", "of which anonymous", "seconds"],
                    [[f"{n:,}", rss, anon, t] for n, rss, anon, t in ingested["points"]]))  # fmt: skip
        print(f"\ningest peak {ingested['peak_mib']:.0f} MiB; growth after the first 1,000 documents: "
              f"{ingested['mib_per_1000_after_1000']:.2f} MiB per 1,000 "
              f"({ingested['anon_mib_per_1000_after_1000']:.2f} anonymous; {ingested['stored']:,} stored, "
              f"{ingested['failures']} failures)")  # fmt: skip
        results["ingest"] = ingested
    results["load_average_after"] = environment()["load_average_1m"]
    save("memory" if args.only is None else f"memory-{args.only}", results)


if __name__ == "__main__":
    main()
