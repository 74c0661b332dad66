"""eventgraph: conflict and security events extracted from news reporting, served over GraphQL."""

from __future__ import annotations

import pluggy

__version__ = "0.1.0"

hookimpl = pluggy.HookimplMarker("eventgraph")
"""Decorate a plugin's hook implementations with this: ``@hookimpl``."""

__all__ = ["__version__", "hookimpl"]
