"""The browser pages: the events map at `/` and the offline GraphiQL page at GET /graphql."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from pathlib import Path
from string import Template
from typing import Any

from graphql import GraphQLSchema
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route
from strawberry.schema.base import BaseSchema

from api.web.assets import Assets, AssetsMissing
from api.web.examples import valid_examples

TEMPLATES = Path(__file__).resolve().parent / "templates"

# Pages are small and change with the code: never cache them, so they always name current assets.
PAGE_HEADERS = {"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"}


def _template(name: str) -> Template:
    return Template((TEMPLATES / name).read_text(encoding="utf-8"))


def _json_for_script(value: Any) -> str:
    """JSON safe inside <script type="application/json">: no `</script>` can close the element early."""
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@dataclass
class WebUI:
    assets: Assets = field(default_factory=Assets)
    graphql_path: str = "/graphql"

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/", self.events_page, methods=["GET", "HEAD"]),
            Route("/assets/npm/{rest:path}", self.assets.serve_npm, methods=["GET", "HEAD"]),
            Route("/assets/app/{digest}/{path:path}", self.assets.serve_app, methods=["GET", "HEAD"]),
        ]

    async def events_page(self, request: Request) -> Response:
        try:
            self.assets.check()
            config = {"endpoint": self.graphql_path, "borders": self.assets.npm("world-atlas", "countries-50m.json")}
            scripts = [
                self.assets.npm("d3-array", "dist/d3-array.min.js"),
                self.assets.npm("d3-geo", "dist/d3-geo.min.js"),
                self.assets.npm("topojson-client", "dist/topojson-client.min.js"),
                self.assets.npm("graphql-ws", "umd/graphql-ws.min.js"),
            ]
            page = _template("events.html").substitute(
                css=self.assets.app("events.css"),
                scripts="\n    ".join(f'<script src="{url}"></script>' for url in scripts),
                main=self.assets.app("events/main.js"),
                config=_json_for_script(config),
            )
        except AssetsMissing as exc:
            return unavailable(exc)
        return HTMLResponse(page, headers=PAGE_HEADERS)

    def graphiql_page(self, request: Request, schema: GraphQLSchema | BaseSchema) -> Response:
        try:
            self.assets.check()
            examples = valid_examples(core_schema(schema))
            config = {"endpoint": request.url.path, "tabs": [example.tab() for example in examples]}
            page = _template("graphiql.html").substitute(
                react=self.assets.npm("react", "umd/react.production.min.js"),
                react_dom=self.assets.npm("react-dom", "umd/react-dom.production.min.js"),
                graphiql_js=self.assets.npm("graphiql", "graphiql.min.js"),
                graphiql_css=self.assets.npm("graphiql", "graphiql.min.css"),
                explorer_js=self.assets.npm("@graphiql/plugin-explorer", "dist/index.umd.js"),
                explorer_css=self.assets.npm("@graphiql/plugin-explorer", "dist/style.css"),
                app_css=self.assets.app("graphiql.css"),
                app_js=self.assets.app("graphiql.js"),
                config=_json_for_script(config),
            )
        except AssetsMissing as exc:
            return unavailable(exc)
        return HTMLResponse(page, headers=PAGE_HEADERS)


def core_schema(schema: GraphQLSchema | BaseSchema) -> GraphQLSchema:
    """graphql-core's schema, which validates the examples; strawberry.Schema keeps it in `_schema`."""
    core = schema if isinstance(schema, GraphQLSchema) else getattr(schema, "_schema", None)
    if not isinstance(core, GraphQLSchema):
        raise TypeError(f"cannot find the graphql-core schema of {type(schema).__name__}")
    return core


def unavailable(exc: AssetsMissing) -> Response:
    page = _template("unavailable.html").substitute(
        message=html.escape(str(exc)),
        missing=html.escape(", ".join(exc.missing[:5]) + (" …" if len(exc.missing) > 5 else "")),
        repo=html.escape(str(exc.node_modules.parent)),
    )
    return HTMLResponse(page, status_code=503, headers={**PAGE_HEADERS, "Retry-After": "60"})


def web_routes(ui: WebUI | None = None) -> list[BaseRoute]:
    """The pages' routes for create_app: `/` and /assets/... (GraphiQL itself hangs off /graphql)."""
    return (ui or WebUI()).routes()
