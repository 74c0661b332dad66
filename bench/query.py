"""The query floor and eventgraph's overhead over it: in-process and over HTTP, SQLite and PostgreSQL.

    .venv/bin/python -m bench.query                 # 1,000,000 events (built once, minutes)
    .venv/bin/python -m bench.query --events 100000 --seconds 5

The page (bench/workload.py): the 100 most recent events of one type in one country with
location, actors and reports. Measured in one run, interleaved: (a) the floor, three
hand-written statements encoded with orjson; (b) eventgraph in-process (schema.execute + the
app's JSON encoding) with the compiled executor, and (c) with graphql-core alone; then over
HTTP (uvicorn, one worker, its own process) at 1, 8 and 32 concurrent clients, the floor served
by a plain Starlette route in the same server. All three answer the same JSON, checked first.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from typing import Any

import orjson

from api.store.db import make_engine
from bench import datasets
from bench.loadgen import LoadResult, load, post_request, server
from bench.report import environment, header, save
from bench.timing import interleaved, summary, table
from bench.workload import BODY, Floor, InProcess, canonical


def check_same_answer(floor: Floor, compiled: InProcess, plain: InProcess) -> None:
    expected = canonical(orjson.loads(floor.fetch()))
    for name, job in (("compiled", compiled), ("graphql-core", plain)):
        if canonical(orjson.loads(asyncio.run(job.fetch()))) != expected:
            raise SystemExit(f"eventgraph ({name}) and the floor disagree: the comparison would mean nothing")
    print(f"same JSON from all three: yes ({len(floor.fetch()):,} bytes)\n")


def in_process(url: str, rounds: int) -> dict[str, Any]:
    engine = make_engine(url)
    floor, compiled, plain = Floor(engine), InProcess(engine), InProcess(engine, compiled=False)
    check_same_answer(floor, compiled, plain)
    jobs = {"floor (SQL + orjson)": floor.fetch, "eventgraph": compiled.fetch}
    wall = interleaved(jobs, rounds)
    cpu = interleaved(jobs, rounds, clock=time.thread_time)
    slow = {"floor (SQL + orjson)": floor.fetch, "eventgraph, graphql-core only": plain.fetch}
    slow_rounds = max(10, rounds // 5)
    wall_slow = interleaved(slow, slow_rounds)
    cpu_slow = interleaved(slow, slow_rounds, clock=time.thread_time)
    engine.dispose()
    rows = {}
    for name in jobs:
        rows[name] = {**summary(wall[name]), "cpu_p50": summary(cpu[name])["p50"]}
    name = "eventgraph, graphql-core only"
    floor_again = summary(wall_slow["floor (SQL + orjson)"])["p50"]
    rows[name] = {**summary(wall_slow[name]), "cpu_p50": summary(cpu_slow[name])["p50"]}
    rows[name]["floor_p50_same_run"] = floor_again
    rows[name]["floor_cpu_p50_same_run"] = summary(cpu_slow["floor (SQL + orjson)"])["p50"]
    return rows


def print_in_process(rows: dict[str, Any]) -> None:
    floor = rows["floor (SQL + orjson)"]
    lines = []
    for name, r in rows.items():
        base_wall = r.get("floor_p50_same_run", floor["p50"])
        base_cpu = r.get("floor_cpu_p50_same_run", floor["cpu_p50"])
        lines.append(
            [name, r["p50"], r["p95"], 1000 / r["mean"], r["cpu_p50"], r["p50"] / base_wall, r["cpu_p50"] / base_cpu]
        )
    print(table(["in-process", "p50 ms", "p95 ms", "req/s", "CPU p50 ms", "× floor (p50)", "× floor (CPU)"], lines))


def over_http(url: str, clients: list[int], seconds: float) -> dict[str, dict[int, LoadResult]]:
    results: dict[str, dict[int, LoadResult]] = {"floor": {}, "eventgraph": {}, "eventgraph, graphql-core only": {}}
    graphql, floor = post_request("/graphql", BODY), post_request("/floor", BODY)
    with server(url) as (port, _), server(url, {"EVENTGRAPH_COMPILED": "0"}) as (plain_port, _):
        for p, request in ((port, graphql), (port, floor), (plain_port, graphql)):
            load(p, request, 2, 2.0)  # warm: caches, prepared statements, plans
        for n in clients:
            results["floor"][n] = load(port, floor, n, seconds)
            results["eventgraph"][n] = load(port, graphql, n, seconds)
            results["eventgraph, graphql-core only"][n] = load(plain_port, graphql, n, seconds / 2)
    return results


def print_http(results: dict[str, dict[int, LoadResult]]) -> None:
    lines = []
    for name, by_clients in results.items():
        for n, r in by_clients.items():
            floor = results["floor"][n]
            lines.append([name, n, r.p50, r.p95, r.rps, r.p50 / floor.p50, r.rps / floor.rps, r.requests, r.errors])
    print(
        table(
            ["over HTTP", "clients", "p50 ms", "p95 ms", "req/s", "× floor p50", "× floor req/s", "requests", "errors"],
            lines,
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"])
    parser.add_argument("--rounds", type=int, default=200, help="in-process calls of each job")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--seconds", type=float, default=10.0, help="per HTTP measurement")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database for the next script")
    args = parser.parse_args()
    env = header(f"bench.query: a 100-event page from {args.events:,} events")
    results: dict[str, Any] = {"environment": env, "events": args.events}
    for database in args.databases:
        url = datasets.sqlite_url(args.events) if database == "sqlite" else datasets.postgres_url(args.events)
        print(f"### {database}\n")
        rows = in_process(url, args.rounds)
        print_in_process(rows)
        print()
        http = over_http(url, args.clients, args.seconds)
        print_http(http)
        print()
        results[database] = {
            "in_process": rows,
            "http": {
                name: {n: {"p50": r.p50, "p95": r.p95, "rps": r.rps, "requests": r.requests, "errors": r.errors}
                       for n, r in by.items()}
                for name, by in http.items()
            },
        }  # fmt: skip
        if database == "postgresql" and not args.keep:
            datasets.drop_postgres(args.events)
    results["load_average_after"] = environment()["load_average_1m"]
    save(f"query-{args.events}", results)


if __name__ == "__main__":
    main()
