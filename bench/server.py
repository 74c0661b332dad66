"""The app under uvicorn for the HTTP benchmarks, with the floor beside it at /floor.

`python -m bench.server --database-url URL --port 8123`: /graphql is eventgraph as served in
production; /floor answers the benchmark's page with the floor's hand-written SQL through a
plain Starlette route, so the two are compared over the same server and the same HTTP stack.
"""

from __future__ import annotations

import argparse

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from api.app import create_app
from api.settings import Settings
from bench.workload import Floor


def build(database_url: str) -> Starlette:
    app = create_app(Settings(database_url=database_url, graphiql=False))
    floor = Floor(app.state.eventgraph.engine)

    async def floor_page(request: Request) -> Response:
        await request.body()
        return Response(floor.fetch(), media_type="application/json")

    app.router.routes.insert(0, Route("/floor", floor_page, methods=["POST"]))
    return app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    uvicorn.run(build(args.database_url), host="127.0.0.1", port=args.port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
