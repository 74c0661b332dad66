"""Timing helpers: interleaved runs, percentiles, markdown tables."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

Job = Callable[[], Any]


def percentile(samples: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation; samples in any order."""
    ordered = sorted(samples)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q / 100
    low = int(k)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def interleaved(
    jobs: dict[str, Job], rounds: int, warmup: int = 3, clock: Callable[[], float] = time.perf_counter
) -> dict[str, list[float]]:
    """Milliseconds per call of each job, alternating jobs every round so that drift hits all alike.

    A job may return an awaitable; it is run to completion on one event loop. ``clock``
    time.thread_time measures CPU time: what the work costs, whatever else the machine runs.
    """
    loop = asyncio.new_event_loop()

    def run(job: Job) -> None:
        result = job()
        if isinstance(result, Awaitable):
            loop.run_until_complete(result)  # type: ignore[arg-type]

    try:
        for _ in range(warmup):
            for job in jobs.values():
                run(job)
        samples: dict[str, list[float]] = {name: [] for name in jobs}
        for _ in range(rounds):
            for name, job in jobs.items():
                started = clock()
                run(job)
                samples[name].append((clock() - started) * 1000)
        return samples
    finally:
        loop.close()


def summary(samples: Sequence[float]) -> dict[str, float]:
    return {"p50": percentile(samples, 50), "p95": percentile(samples, 95), "mean": statistics.fmean(samples)}


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A markdown table; floats to 3 significant figures."""

    def cell(value: Any) -> str:
        if isinstance(value, float):
            return f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"
        if isinstance(value, int):
            return f"{value:,}"
        return str(value)

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)
