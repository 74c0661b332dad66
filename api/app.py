"""The Starlette application: GraphQL at /graphql (GraphiQL in a browser), health at /healthz."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from api.graphql.context import Context
from api.graphql.schema import build_schema
from api.plugins import PluginHost, build_host
from api.settings import Settings
from api.store.db import make_engine


@dataclass
class AppState:
    settings: Settings
    engine: Engine
    host: PluginHost


class EventgraphGraphQL(GraphQL[Context, None]):
    def __init__(self, state: AppState, **kwargs: Any) -> None:
        super().__init__(build_schema(state.settings), **kwargs)
        self.state = state

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        return Context(engine=self.state.engine, settings=self.state.settings, app_state=self.state, request=request)


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> Starlette:
    settings = settings or Settings()
    state = AppState(settings=settings, engine=engine or make_engine(settings.database_url), host=build_host())
    graphql = EventgraphGraphQL(state, graphql_ide="graphiql" if settings.graphiql else None)

    async def healthz(request: Request) -> JSONResponse:
        try:
            with state.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception as exc:  # the probe reports, it must not crash
            return JSONResponse({"status": "error", "database": type(exc).__name__}, status_code=503)
        return JSONResponse({"status": "ok"})

    app = Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
        ]
    )
    app.state.eventgraph = state
    return app
