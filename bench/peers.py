"""eventgraph beside its peers on the same data: datasette-graphql over the same SQLite file,
PostGraphile over the same PostgreSQL database, each answering the closest equivalent query.

    .venv/bin/python -m bench.peers                  # 1,000,000 events
    .venv/bin/python -m bench.peers --events 100000 --seconds 5

The peers are installed here, at bench time, from their registries into bench/.cache/peers/
(ignored by git): datasette-graphql 2.2 in a virtualenv of its own (it needs graphql-core 3.2),
PostGraphile 4 with npm (PostGraphile 5 needs Node 22). Their own limits are raised so that a
nested 100-row page can finish: datasette-graphql allows 100 SQL queries and 1 s per request
by default, and this page takes thousands of queries. datasette-graphql types SQLite's DATE and
DATETIME columns as Float and fails on them, so its query leaves out `date` and `published_at`.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson

from bench import datasets
from bench.loadgen import LoadResult, free_port, load, post_request, server, wait_ready
from bench.report import environment, header, save
from bench.timing import table
from bench.workload import BODY, COUNTRY, EVENT_TYPE, PAGE

PEERS = datasets.CACHE / "peers"
DATASETTE_GRAPHQL = "datasette-graphql==2.2"
POSTGRAPHILE = "postgraphile@4.14.1"

DATASETTE_QUERY = """
{ events(filter: {event_type: {eq: "__TYPE__"}, country_code: {eq: "__COUNTRY__"}, merged_into_id: {isnull: true}},
         sort_desc: date, first: __PAGE__) {
    pageInfo { hasNextPage endCursor }
    edges { cursor node {
      id event_type sub_event_type date_precision country_code fatalities_best summary report_count
      location_id { id name feature_type admin1 latitude longitude }
      event_actors_list { nodes { role attribution actor_id { id name kind } } }
      reports_list { nodes { id confidence article_id { id headline url source_id { key name } } } }
    } }
} }
"""
POSTGRAPHILE_QUERY = """
{ allEvents(condition: {eventType: "__TYPE__", countryCode: "__COUNTRY__", mergedIntoId: null},
             orderBy: [DATE_DESC, ID_DESC], first: __PAGE__) {
    pageInfo { hasNextPage endCursor }
    edges { cursor node {
      id eventType subEventType date datePrecision countryCode fatalitiesBest summary reportCount
      locationByLocationId { id name featureType admin1 latitude longitude }
      eventActorsByEventId { nodes { role attribution actorByActorId { id name kind } } }
      reportsByEventId { nodes { id confidence articleByArticleId { id headline url publishedAt sourceBySourceId { key name } } } }
    } }
} }
"""


def _fill(query: str) -> str:
    return query.replace("__TYPE__", EVENT_TYPE).replace("__COUNTRY__", COUNTRY).replace("__PAGE__", str(PAGE))


def run(command: list[str], cwd: Path | None = None) -> None:
    print("#", " ".join(command), flush=True)
    subprocess.run(command, check=True, cwd=cwd)


def install_datasette() -> Path:
    venv = PEERS / "datasette-venv"
    python = venv / "bin" / "python"
    if not (venv / "bin" / "datasette").exists():
        shutil.rmtree(venv, ignore_errors=True)
        run([sys.executable, "-m", "venv", str(venv)])
        run([str(python), "-m", "pip", "install", "--quiet", DATASETTE_GRAPHQL])
    versions = subprocess.run(
        [str(python), "-m", "pip", "list", "--format=json"], check=True, capture_output=True, text=True
    ).stdout
    wanted = {"datasette", "datasette-graphql", "graphql-core", "graphene"}
    print("#", ", ".join(f"{p['name']} {p['version']}" for p in json.loads(versions) if p["name"].lower() in wanted))
    return venv / "bin" / "datasette"


def install_postgraphile() -> Path:
    prefix = PEERS / "postgraphile"
    binary = prefix / "node_modules" / ".bin" / "postgraphile"
    if not binary.exists():
        prefix.mkdir(parents=True, exist_ok=True)
        run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(prefix), POSTGRAPHILE])
    package = json.loads((prefix / "node_modules" / "postgraphile" / "package.json").read_text())
    print(
        f"# postgraphile {package['version']}, node {subprocess.run(['node', '--version'], capture_output=True, text=True).stdout.strip()}"
    )
    return binary


@contextmanager
def process(command: list[str]) -> Iterator[int]:
    """A peer server on a free port (``{port}`` in the command), stopped when the block ends."""
    port = free_port()
    proc = subprocess.Popen(
        [part.replace("{port}", str(port)) for part in command], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        wait_ready(port, proc, path="/", timeout=120)
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def datasette(binary: Path, sqlite_file: str) -> Any:
    metadata = PEERS / "datasette-metadata.json"
    metadata.write_text(
        json.dumps({"plugins": {"datasette-graphql": {"num_queries_limit": 100000, "time_limit_ms": 600000}}})
    )
    return process([
        str(binary), "serve", sqlite_file, "--host", "127.0.0.1", "--port", "{port}", "--metadata", str(metadata),
        "--setting", "sql_time_limit_ms", "600000", "--setting", "max_returned_rows", "1000",
    ])  # fmt: skip


def postgraphile(binary: Path, database_url: str) -> Any:
    return process([
        str(binary), "-c", database_url.replace("postgresql+psycopg://", "postgres://").replace("postgresql://", "postgres://"),
        "--schema", "public", "--host", "127.0.0.1", "--port", "{port}", "--disable-query-log", "--disable-default-mutations",
    ])  # fmt: skip


def check(port: int, request: bytes, path: list[str], who: str) -> None:
    """The peer answers the page with 100 nested events, not an error."""
    import asyncio

    from bench.loadgen import _one

    status, body = asyncio.run(_one(port, request))
    document = orjson.loads(body)
    if status != 200 or document.get("errors"):
        raise SystemExit(f"{who} failed the query: {status} {body[:500]!r}")
    node = document["data"]
    for key in path:
        node = node[key]
    print(f"# {who}: {len(node)} events in {len(body):,} bytes")


def measure(
    targets: dict[str, tuple[int, bytes]], clients: list[int], seconds: float
) -> dict[str, dict[int, LoadResult]]:
    results: dict[str, dict[int, LoadResult]] = {name: {} for name in targets}
    for port, request in targets.values():
        load(port, request, 1, 1.0)  # warm
    for n in clients:
        for name, (port, request) in targets.items():
            results[name][n] = load(port, request, n, seconds)
    return results


def report(results: dict[str, dict[int, LoadResult]], ours: str, peer: str) -> list[list[Any]]:
    lines = []
    for n in results[ours]:
        a, b = results[ours][n], results[peer][n]
        lines.append([n, a.p50, b.p50, a.p95, b.p95, a.rps, b.rps, b.p50 / a.p50, a.rps / b.rps, b.requests])
    print(table(["clients", "eventgraph p50 ms", f"{peer} p50 ms", "eventgraph p95", f"{peer} p95", "eventgraph req/s",
                 f"{peer} req/s", f"{peer} latency ÷ eventgraph", f"eventgraph req/s ÷ {peer}", f"{peer} requests"], lines))  # fmt: skip
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--peers", nargs="+", default=["datasette-graphql", "postgraphile"])
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database for the next script")
    args = parser.parse_args()
    env = header(f"bench.peers: the same page from {args.events:,} events")
    results: dict[str, Any] = {"environment": env, "events": args.events}
    ours = post_request("/graphql", BODY)
    if "datasette-graphql" in args.peers:
        binary = install_datasette()
        url = datasets.sqlite_url(args.events)
        theirs = post_request("/graphql", orjson.dumps({"query": _fill(DATASETTE_QUERY)}))
        with server(url) as (port, _), datasette(binary, url.removeprefix("sqlite:///")) as peer_port:
            check(port, ours, ["events", "edges"], "eventgraph")
            check(peer_port, theirs, ["events", "edges"], "datasette-graphql")
            print("\n### eventgraph and datasette-graphql on SQLite\n")
            measured = measure(
                {"eventgraph": (port, ours), "datasette-graphql": (peer_port, theirs)}, args.clients, args.seconds
            )
            results["datasette-graphql"] = report(measured, "eventgraph", "datasette-graphql")
    if "postgraphile" in args.peers:
        binary = install_postgraphile()
        url = datasets.postgres_url(args.events)
        theirs = post_request("/graphql", orjson.dumps({"query": _fill(POSTGRAPHILE_QUERY)}))
        with server(url) as (port, _), postgraphile(binary, url) as peer_port:
            check(port, ours, ["events", "edges"], "eventgraph")
            check(peer_port, theirs, ["allEvents", "edges"], "postgraphile")
            print("\n### eventgraph and PostGraphile on PostgreSQL\n")
            measured = measure(
                {"eventgraph": (port, ours), "postgraphile": (peer_port, theirs)}, args.clients, args.seconds
            )
            results["postgraphile"] = report(measured, "eventgraph", "postgraphile")
        if not args.keep:
            datasets.drop_postgres(args.events)
    results["load_average_after"] = environment()["load_average_1m"]
    save(f"peers-{args.events}", results)


if __name__ == "__main__":
    main()
