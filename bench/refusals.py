"""How long the server takes to refuse an abusive request, over HTTP, against `eventgraph serve`.

The promise (docs/security.md) is that a query too deep, too costly, too wide or too large is
refused before it touches the database, within 10 ms. Tests assert "before the database" (zero
SQL statements); this script measures the time, which no test asserts.

    .venv/bin/python -m bench.refusals --repeat 200
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from api.graphql.limits import MAX_TOKENS, size_error
from bench.loadgen import NO_RATE_LIMIT, free_port, wait_ready
from bench.proc import cpu_seconds
from bench.timing import percentile

EVENTGRAPH = str(Path(sys.executable).with_name("eventgraph"))
BUDGET_MS = 10.0


def nested(levels: int) -> str:
    query = "id"
    for level in range(levels):
        inner = f"events(first: 100) {{ nodes {{ {query} }} }}"
        query = inner if level == levels - 1 else f"location {{ {inner} }}"
    return "{ " + query + " }"


DEEP = ("{ events(first: 1) { nodes { location { events(first: 1) { nodes { location { events(first: 1) { nodes { "
        "location { events(first: 1) { nodes { id } } } } } } } } } } } } }")  # fmt: skip


def padded(query: str) -> str:
    """``query`` with a list argument that takes it to just under the size limits: the largest document
    that still gets parsed and validated before it is refused, so the slowest refusal there is."""

    def with_room(room: int) -> str:
        return "{ nodes(ids: [" + ", ".join(['"x"'] * room) + "]) { id } " + query.strip()[1:]

    room = MAX_TOKENS
    while size_error(with_room(room)) is not None:
        room -= 1
    return with_room(room)


ABUSE: dict[str, bytes | dict[str, object]] = {
    "cost: first 100 nested 3 levels": {"query": nested(3)},
    "depth: 13 levels": {"query": DEEP},
    "aliases: 101": {"query": "{ " + " ".join(f"a{i}: __typename" for i in range(101)) + " }"},
    f"tokens: {MAX_TOKENS + 100:,}": {"query": "{ " + "__typename " * (MAX_TOKENS + 100) + "}"},
    "characters: a 900 KB string": {"query": '{ events(filter: {text: "' + "a" * 900_000 + '"}) { totalCount } }'},
    "directives: 10 on one field": {"query": "{ __typename @aa@aa@aa@aa@aa@aa@aa@aa@aa@aa }"},
    "repeated field: 500": {"query": "{ " + "__typename " * 500 + "}"},
    "batch of 11": b"[" + b",".join([b'{"query": "{ __typename }"}'] * 11) + b"]",
    "body: 2 MB": b'{"query": "{ __typename }", "x": "' + b"a" * 2_000_000 + b'"}',
    f"worst: depth 13 padded to {MAX_TOKENS:,} tokens": {"query": padded(DEEP)},
    f"worst: cost padded to {MAX_TOKENS:,} tokens": {"query": padded(nested(3))},
}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="eventgraph-refusals-"))
    env = {**os.environ, **NO_RATE_LIMIT, "EVENTGRAPH_DATABASE_URL": f"sqlite:///{work / 'r.db'}"}
    subprocess.run([EVENTGRAPH, "db", "upgrade"], env=env, check=True, capture_output=True)
    subprocess.run([EVENTGRAPH, "seed"], env=env, check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen([EVENTGRAPH, "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    worst = 0.0
    try:
        wait_ready(port, None)
        url = f"http://127.0.0.1:{port}/graphql"
        print(f"| refused request ({args.repeat} each) | status | p50 ms | p95 ms | max ms | server CPU ms |")
        print("|---|---|---|---|---|---|")
        with httpx.Client(timeout=30) as client:
            for name, body in ABUSE.items():
                times, statuses = [], set()
                cpu = cpu_seconds(server.pid)
                for i in range(args.repeat):
                    # A comment of its own makes each document new to the server's parse cache, as an
                    # attacker's variations would be.
                    content = body if isinstance(body, bytes) else httpx.Request(
                        "POST", url, json={**body, "query": f"{body['query']}\n# {i}"}).content  # fmt: skip
                    started = time.perf_counter()
                    response = client.post(url, content=content, headers={"content-type": "application/json"})
                    times.append((time.perf_counter() - started) * 1000)
                    refused = response.status_code >= 400 or response.json().get("data") is None
                    assert refused, f"{name} was not refused: {response.text[:200]}"
                    statuses.add(response.status_code)
                cpu_ms = (cpu_seconds(server.pid) - cpu) / args.repeat * 1000
                p95 = percentile(times, 95)
                worst = max(worst, p95)
                print(f"| {name} | {', '.join(map(str, sorted(statuses)))} | {percentile(times, 50):.1f} | {p95:.1f}"
                      f" | {max(times):.1f} | {cpu_ms:.1f} |")  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"\nslowest p95: {worst:.1f} ms (budget {BUDGET_MS:g} ms, HTTP round trip on loopback included); "
          "server CPU is the mean per request, whatever else the machine runs")  # fmt: skip
    sys.exit(0 if worst <= BUDGET_MS else 1)


if __name__ == "__main__":
    main()
