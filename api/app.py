"""The Starlette application: GraphQL at /graphql (GraphiQL in a browser), health at /healthz."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import orjson
from sqlalchemy import Engine, text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from api.export.routes import export_routes
from api.graphql.auth import api_key_from
from api.graphql.context import Context
from api.graphql.http import GraphQLOverHTTP
from api.graphql.schema import build_schema
from api.guard import install_guards
from api.ingest.service import Ingestor
from api.ops import install_operations
from api.plugins import PluginHost, build_host
from api.settings import Settings
from api.store.db import make_engine
from api.store.notify import Broadcaster
from api.web import WebUI


@dataclass
class AppState:
    settings: Settings
    engine: Engine
    host: PluginHost
    broadcaster: Broadcaster = field(init=False)

    def __post_init__(self) -> None:
        self.broadcaster = Broadcaster(self.engine.url.render_as_string(hide_password=False))

    @cached_property
    def ingestor(self) -> Ingestor:
        """The same ingest path as the CLI, built on first use: loading the plugins is not free."""
        from api.ingest.pipeline import Pipeline
        from api.store.writer import Store

        return Ingestor(Pipeline(self.host), Store(self.engine))


class EventgraphGraphQL(GraphQLOverHTTP, GraphQL[Context, None]):
    def __init__(self, state: AppState, web: WebUI | None = None, **kwargs: Any) -> None:
        super().__init__(build_schema(state.settings), **kwargs)
        self.state = state
        self.web = web or WebUI()

    def encode_json(self, data: object) -> str | bytes:
        try:
            # 8x faster than json.dumps on a page of events (docs/benchmarks.md). A str, not bytes: the same
            # encoder writes graphql-transport-ws messages, and browsers' clients reject binary frames.
            return orjson.dumps(data).decode()
        except TypeError:  # what orjson refuses (ints past 64 bits in a JSON scalar), the stdlib writes
            return super().encode_json(data)

    async def render_graphql_ide(self, request: Request) -> Response:
        # Our own page, assets served locally: Strawberry's loads them from a CDN.
        return self.web.graphiql_page(request, self.schema)

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        return Context(
            engine=self.state.engine,
            settings=self.state.settings,
            app_state=self.state,
            api_key=api_key_from(self.state.engine, request),
            request=request,
        )


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> Starlette:
    settings = settings or Settings()
    state = AppState(settings=settings, engine=engine or make_engine(settings.database_url), host=build_host())
    web = WebUI()
    graphql = EventgraphGraphQL(state, web, graphql_ide="graphiql" if settings.graphiql else None)

    async def healthz(request: Request) -> JSONResponse:
        try:
            with state.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception as exc:  # the probe reports, it must not crash
            return JSONResponse({"status": "error", "database": type(exc).__name__}, status_code=503)
        return JSONResponse({"status": "ok"})

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await state.broadcaster.start()  # LISTEN on PostgreSQL so other processes' changes reach subscribers
        yield
        await state.broadcaster.stop()

    app = Starlette(
        lifespan=lifespan,
        routes=[
            Route("/healthz", healthz),
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
            *web.routes(),
            *export_routes(),
        ],
    )
    install_guards(app, settings, state.engine)
    install_operations(app, state.engine)  # /metrics, request ids and JSON logs, tracing
    app.state.eventgraph = state
    return app
