"""Exports: peak memory and speed of `eventgraph export` over N synthetic events, per format.

    .venv/bin/python -m bench.export                                  # 100,000 and 1,000,000, SQLite
    .venv/bin/python -m bench.export --events 100000 --postgres --http

Each run is the real command (`python -m api.cli export --format F`) in a process of its own,
its output read from a pipe and thrown away; its peak RSS and CPU time come from the kernel
(``wait4``'s rusage). RSS counts the SQLite file's pages that the engine maps (``mmap_size``) as
well as the process's own memory, so /proc/PID/status is also sampled every 20 ms for the peak
of RssAnon (heap: Python objects, SQLite's page cache) apart from RssFile (the mapped database).
A run with a filter that matches nothing gives the process before any event is read. Streaming
means the heap does not grow with the number of events: the tables compare the sizes.

With ``--http`` the same export is downloaded from ``/export.<fmt>`` of a server in its own
process (bench.server), whose RSS is sampled every 50 ms while one client reads the stream.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import psutil

from bench import datasets
from bench.loadgen import server
from bench.memory import sample
from bench.report import header, save
from bench.timing import table

MiB = 2**20
FORMATS = ("csv", "geojson", "jsonl")
NOTHING = '{"dateFrom": "2999-01-01"}'  # matches no event: the process before the stream


def proc_status(
    pid: int, stop: threading.Event, peaks: dict[str, float], heap: list[float], every: float = 0.02
) -> None:
    """The peaks of /proc/PID/status's RssAnon and RssFile (MiB) until ``stop`` is set, and RssAnon
    once a second in ``heap``: a heap that grows with the events read rises to the end."""
    last = 0.0
    while not stop.is_set():
        try:
            text = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            return
        for line in text.splitlines():
            name, _, value = line.partition(":")
            if name in ("RssAnon", "RssFile"):
                peaks[name] = max(peaks.get(name, 0.0), int(value.split()[0]) * 1024 / MiB)
            if name == "RssAnon" and time.monotonic() - last >= 1:
                heap.append(int(value.split()[0]) * 1024 / MiB)
                last = time.monotonic()
        time.sleep(every)


def cli_export(database_url: str, fmt: str, flt: str | None = None) -> dict[str, float]:
    """One `eventgraph export` process: bytes written, peak RSS (MiB), wall and CPU seconds."""
    command = [sys.executable, "-m", "api.cli", "export", "--format", fmt, *(["--filter", flt] if flt else [])]
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, env={**os.environ, "EVENTGRAPH_DATABASE_URL": database_url}
    )
    assert process.stdout is not None
    peaks: dict[str, float] = {}
    heap: list[float] = []
    stop = threading.Event()
    sampler = threading.Thread(target=proc_status, args=(process.pid, stop, peaks, heap), daemon=True)
    sampler.start()
    written = 0
    while chunk := process.stdout.read(1 << 20):
        written += len(chunk)
    stop.set()  # before wait4 reaps the process and its /proc entry goes
    sampler.join()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise RuntimeError(f"{' '.join(command)} exited with {process.returncode}")
    return {
        "bytes": written,
        "peak_rss_mib": usage.ru_maxrss * 1024 / MiB,  # ru_maxrss is in KiB on Linux
        "peak_anon_mib": peaks.get("RssAnon", float("nan")),
        "peak_file_mib": peaks.get("RssFile", float("nan")),
        # The heap a quarter, half, three quarters of the way through the run, and at its end.
        **{
            f"heap_{q}_mib": heap[min(len(heap) - 1, len(heap) * q // 100)] if heap else float("nan")
            for q in (25, 50, 75, 100)
        },
        "wall_s": time.perf_counter() - started,
        "cpu_s": usage.ru_utime + usage.ru_stime,
    }


def http_export(database_url: str, fmt: str) -> dict[str, float]:
    """The server's RSS before and while one client downloads /export.<fmt>."""
    with server(database_url) as (port, process):
        idle = psutil.Process(process.pid).memory_info().rss / MiB
        stop = threading.Event()
        samples: list[float] = []
        sampler = threading.Thread(target=lambda: samples.extend(sample(process.pid, stop)))
        sampler.start()
        started = time.perf_counter()
        written = 0
        try:
            with httpx.stream("GET", f"http://127.0.0.1:{port}/export.{fmt}", timeout=None) as response:
                response.raise_for_status()
                for chunk in response.iter_raw(1 << 20):
                    written += len(chunk)
        finally:
            stop.set()
            sampler.join()
        return {
            "bytes": written,
            "idle_rss_mib": idle,
            "peak_rss_mib": max(samples, default=idle),
            "wall_s": time.perf_counter() - started,
        }


def count_events(database_url: str) -> int:
    from sqlalchemy import func, select

    from api.store.db import make_engine
    from api.store.tables import events_t

    engine = make_engine(database_url)
    with engine.connect() as connection:
        total = connection.execute(select(func.count()).select_from(events_t)).scalar_one()
    engine.dispose()
    return int(total)


def run(sizes: list[int], postgres: bool, http: bool, formats: tuple[str, ...] = FORMATS) -> dict[str, Any]:
    results: dict[str, Any] = {"cli": [], "http": []}
    databases = [("SQLite", datasets.sqlite_url)] + ([("PostgreSQL", datasets.postgres_url)] if postgres else [])
    for backend, url_for in databases:
        for size in sizes:
            url = url_for(size)
            events = count_events(url)
            for fmt in formats:
                before = cli_export(url, fmt, NOTHING)
                full = cli_export(url, fmt)
                row = {"backend": backend, "events": events, "format": fmt, "baseline_rss_mib": before["peak_rss_mib"],
                       "baseline_anon_mib": before["peak_anon_mib"], **full}  # fmt: skip
                results["cli"].append(row)
                print(f"# {backend} {events:,} {fmt}: peak {full['peak_rss_mib']:.0f} MiB, {full['wall_s']:.0f} s")
                if http:
                    results["http"].append({"backend": backend, "events": events, "format": fmt,
                                            **http_export(url, fmt)})  # fmt: skip
    return results


def report(results: dict[str, Any]) -> None:
    rows = [
        (r["backend"], r["events"], r["format"], r["baseline_rss_mib"], r["peak_rss_mib"], r["baseline_anon_mib"],
         r["peak_anon_mib"], r["peak_file_mib"], r["bytes"] / MiB, r["wall_s"], r["cpu_s"], r["events"] / r["cpu_s"])
        for r in results["cli"]
    ]  # fmt: skip
    print("\n### `eventgraph export` (one process per run, output to a pipe)\n")
    print("heap: RssAnon (Python objects and SQLite's page cache); mapped file: the database pages")
    print("SQLite maps (mmap_size); RSS, no events: the same command with a filter that matches nothing.\n")
    print(table(["backend", "events", "format", "RSS, no events (MiB)", "peak RSS (MiB)", "heap, no events (MiB)",
                 "peak heap (MiB)", "peak mapped file (MiB)", "output (MiB)", "wall (s)", "CPU (s)",
                 "events/CPU-s"], rows))  # fmt: skip
    by_key: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in results["cli"]:
        by_key.setdefault((r["backend"], r["format"]), []).append(r)
    ratios = [
        (
            backend,
            fmt,
            runs[0]["events"],
            runs[-1]["events"],
            runs[-1]["peak_rss_mib"] / runs[0]["peak_rss_mib"],
            runs[-1]["peak_anon_mib"] / runs[0]["peak_anon_mib"],
        )
        for (backend, fmt), runs in by_key.items()
        if len(runs) > 1
    ]
    over_time = [(r["backend"], r["events"], r["format"], *(r[f"heap_{q}_mib"] for q in (25, 50, 75, 100)))
                 for r in results["cli"]]  # fmt: skip
    print("\n### Heap through the run (MiB): flat once SQLite's page cache is full\n")
    print(table(["backend", "events", "format", "25 %", "50 %", "75 %", "end"], over_time))
    if ratios:
        print("\n### Largest size over smallest (1.0: memory does not grow with the number of events)\n")
        print(table(["backend", "format", "from events", "to events", "peak RSS ratio", "peak heap ratio"], ratios))
    if results["http"]:
        rows = [(r["backend"], r["events"], r["format"], r["idle_rss_mib"], r["peak_rss_mib"], r["bytes"] / MiB,
                 r["wall_s"]) for r in results["http"]]  # fmt: skip
        print("\n### `GET /export.<format>` (server process RSS sampled every 50 ms)\n")
        print(table(["backend", "events", "format", "idle RSS (MiB)", "peak RSS (MiB)", "output (MiB)",
                     "wall (s)"], rows))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--postgres", action="store_true", help="also on PostgreSQL (EVENTGRAPH_BENCH_POSTGRES_URL)")
    parser.add_argument("--http", action="store_true", help="also over HTTP, sampling the server's RSS")
    parser.add_argument("--formats", nargs="+", choices=FORMATS, default=list(FORMATS))
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL bench databases")
    args = parser.parse_args()
    env = header("Exports: memory and speed")
    # The children are what is measured; this process's own peak is printed to show it stays small.
    try:
        results = run(sorted(args.events), args.postgres, args.http, tuple(args.formats))
    finally:
        if args.postgres and not args.keep:
            for size in args.events:
                datasets.drop_postgres(size)
    report(results)
    print(f"\n# this process's own peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    save("export", {"environment": env, "args": vars(args), **results})


if __name__ == "__main__":
    main()
