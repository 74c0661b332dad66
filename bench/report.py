"""What every bench script prints beside its figures: the machine, its load, and where results went."""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.datasets import CACHE

RESULTS = CACHE / "results"


def environment() -> dict[str, Any]:
    from importlib.metadata import version

    import sqlalchemy
    import strawberry  # noqa: F401

    load = os.getloadavg()
    return {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cores": os.cpu_count(),
        "load_average_1m": round(load[0], 2),
        "sqlite": sqlite3.sqlite_version,
        "sqlalchemy": sqlalchemy.__version__,
        "strawberry": version("strawberry-graphql"),
        "graphql-core": version("graphql-core"),
    }


def header(title: str) -> dict[str, Any]:
    env = environment()
    print(f"## {title}\n")
    print(", ".join(f"{k} {v}" for k, v in env.items()))
    print()
    return env


def save(name: str, data: dict[str, Any]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, default=str))
    print(f"\n# results: {path}")
    return path
