"""The browser side: the events map at `/`, offline GraphiQL, and the static assets both load."""

from __future__ import annotations

from api.web.assets import Assets, AssetsMissing
from api.web.ui import WebUI, web_routes

__all__ = ["Assets", "AssetsMissing", "WebUI", "web_routes"]
