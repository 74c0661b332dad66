"""What /proc says about a server process and its children: resident memory and CPU time."""

from __future__ import annotations

import os
from pathlib import Path


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


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process and its children have used: what the load cost the server,
    however busy the machine was with other work."""
    total = 0.0
    for proc in [pid, *children(pid)]:
        try:
            fields = Path(f"/proc/{proc}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def children(pid: int) -> list[int]:
    try:
        found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return [int(c) for c in found] + [g for c in found for g in children(int(c))]
