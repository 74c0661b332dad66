"""Settings, read once from the environment (EVENTGRAPH_*)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = Path(os.environ.get("EVENTGRAPH_SEEDS_DIR", REPO_ROOT / "seeds"))


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() not in ("", "0", "false", "no", "off")


@dataclass(frozen=True)
class Settings:
    database_url: str = field(
        default_factory=lambda: os.environ.get("EVENTGRAPH_DATABASE_URL", "sqlite:///eventgraph.db")
    )
    debug: bool = field(default_factory=lambda: _flag("EVENTGRAPH_DEBUG"))
    introspection: bool = field(default_factory=lambda: _flag("EVENTGRAPH_INTROSPECTION", True))
    graphiql: bool = field(default_factory=lambda: _flag("EVENTGRAPH_GRAPHIQL", True))
    max_page_size: int = 100
    max_depth: int = field(default_factory=lambda: int(os.environ.get("EVENTGRAPH_MAX_DEPTH", "10")))
    host: str = field(default_factory=lambda: os.environ.get("EVENTGRAPH_HOST", "127.0.0.1"))
    port: int = field(default_factory=lambda: int(os.environ.get("EVENTGRAPH_PORT", "8000")))
    redis_url: str | None = field(default_factory=lambda: os.environ.get("EVENTGRAPH_REDIS_URL"))
    # Connections completed by the compiled executor (api/graphql/compiled.py); off: graphql-core alone.
    compiled: bool = field(default_factory=lambda: _flag("EVENTGRAPH_COMPILED", True))
    # Production mode: no GraphiQL, no introspection, no field suggestions, whatever else is set.
    production: bool = field(default_factory=lambda: _flag("EVENTGRAPH_PRODUCTION"))
    max_cost: int = field(default_factory=lambda: int(os.environ.get("EVENTGRAPH_MAX_COST", "10000")))
    # Requests per minute per client IP and per API key; 0 switches the limit off.
    rate_limit_ip: int = field(default_factory=lambda: int(os.environ.get("EVENTGRAPH_RATE_LIMIT_IP", "600")))
    rate_limit_key: int = field(default_factory=lambda: int(os.environ.get("EVENTGRAPH_RATE_LIMIT_KEY", "3000")))
    max_body_bytes: int = field(default_factory=lambda: int(os.environ.get("EVENTGRAPH_MAX_BODY_BYTES", "1048576")))

    def __post_init__(self) -> None:
        if self.production:  # frozen: set through object.__setattr__, once, at construction
            for name in ("debug", "introspection", "graphiql"):
                object.__setattr__(self, name, False)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")
