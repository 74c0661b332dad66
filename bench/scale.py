"""The scale curve: latency of indexed filters and database size at 10k, 100k and 1M events.

    .venv/bin/python -m bench.scale                         # 10k, 100k, 1M; writes docs/benchmarks-scale.png
    .venv/bin/python -m bench.scale --sizes 10000 100000

Each filter asks for the benchmark's page (100 events with location, actors and reports)
in-process, through eventgraph as served. With an index behind every filter the latency should
stay flat as the table grows; the database size grows linearly.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from pathlib import Path
from typing import Any

from api.graphql.context import Context
from api.graphql.ids import to_global_id
from api.graphql.schema import build_schema
from api.settings import Settings
from api.store.db import make_engine
from bench import datasets
from bench.report import environment, header, save
from bench.timing import interleaved, summary, table
from bench.workload import QUERY, VARIABLES

PLOT = Path(__file__).resolve().parents[1] / "docs" / "benchmarks-scale.png"
FILTERS: dict[str, dict[str, Any]] = {
    "type + country (the page)": VARIABLES["filter"],
    "newest, no filter": {},
    "one month": {"dateFrom": "2020-06-01", "dateTo": "2020-06-30"},
    "one actor": {"actor": to_global_id("Actor", 12)},
    "one rare actor": {"actor": to_global_id("Actor", 250)},
    "one location": {"location": to_global_id("Location", 17)},
    "fatalities ≥ 13": {"fatalitiesMin": 13},
}


def measure(url: str, rounds: int) -> dict[str, dict[str, float]]:
    engine = make_engine(url)
    settings = Settings(database_url=url)
    schema = build_schema(settings)

    def job(condition: dict[str, Any]) -> Any:
        async def run() -> None:
            variables = {"filter": condition, "first": 100}
            result = await schema.execute(QUERY, variable_values=variables, context_value=Context(engine, settings))
            if result.errors:
                raise RuntimeError(result.errors)

        return run

    jobs = {name: job(condition) for name, condition in FILTERS.items()}
    wall = interleaved(jobs, rounds)
    cpu = interleaved(jobs, max(5, rounds // 2), clock=time.thread_time)
    asyncio.run(jobs[next(iter(jobs))]())
    size = datasets.database_size(engine)
    engine.dispose()
    return {name: {**summary(wall[name]), "cpu_p50": summary(cpu[name])["p50"], "bytes": size} for name in jobs}


def plot(results: dict[str, dict[int, dict[str, dict[str, float]]]], sizes: list[int]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(1, len(results) + 1, figsize=(5 * (len(results) + 1), 4.2))
    for ax, (database, by_size) in zip(axes, results.items(), strict=False):
        for name in FILTERS:
            ax.plot(sizes, [by_size[n][name]["p50"] for n in sizes], marker="o", label=name)
        ax.set_xscale("log")
        ax.set_xlabel("events")
        ax.set_ylabel("p50 latency, ms (in-process)")
        ax.set_title(f"{database}: a 100-event page")
        ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=7)
    size_ax = axes[-1]
    for database, by_size in results.items():
        first = next(iter(FILTERS))
        size_ax.plot(sizes, [by_size[n][first]["bytes"] / 2**20 for n in sizes], marker="s", label=database)
    size_ax.set_xscale("log")
    size_ax.set_yscale("log")
    size_ax.set_xlabel("events")
    size_ax.set_ylabel("database size, MiB")
    size_ax.set_title("size on disk")
    size_ax.legend()
    size_ax.grid(alpha=0.3)
    figure.tight_layout()
    PLOT.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(PLOT, dpi=110)
    print(f"\n# plot: {PLOT}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"])
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL databases for the next script")
    parser.add_argument("--no-plot", action="store_true")
    args = parser.parse_args()
    env = header("bench.scale: indexed filters from 10k to 1M events")
    results: dict[str, dict[int, dict[str, dict[str, float]]]] = {}
    for database in args.databases:
        results[database] = {}
        for n in args.sizes:
            url = datasets.sqlite_url(n) if database == "sqlite" else datasets.postgres_url(n)
            results[database][n] = measure(url, args.rounds)
            if database == "postgresql" and not args.keep:
                datasets.drop_postgres(n)
        rows = [[name, *(results[database][n][name]["p50"] for n in args.sizes),
                 *(results[database][n][name]["p95"] for n in args.sizes)] for name in FILTERS]  # fmt: skip
        print(f"### {database}\n")
        print(
            table(["filter", *(f"p50 ms @ {n:,}" for n in args.sizes), *(f"p95 ms @ {n:,}" for n in args.sizes)], rows)
        )
        first = next(iter(FILTERS))
        sizes = [[f"{n:,}", results[database][n][first]["bytes"] / 2**20] for n in args.sizes]
        print()
        print(table(["events", "database MiB"], sizes))
        print()
    if not args.no_plot:
        plot(results, args.sizes)
    save("scale", {"environment": env, "results": results, "load_average_after": environment()["load_average_1m"]})


if __name__ == "__main__":
    main()
