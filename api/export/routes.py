"""HTTP exports: /export.csv, /export.geojson, /export.jsonl, each with ``?filter=<EventFilter JSON>``.

Responses stream: rows are read from the database as the client takes them, so memory stays
flat however many events match. A bad filter is a 400 with the reason, before anything is sent.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from api.errors import EventgraphError
from api.export.filter_json import parse_filter
from api.export.stream import FORMATS, Format, export
from api.graphql.errors import ApiError


def export_routes() -> list[Route]:
    return [Route(f"/export.{fmt.extension}", _endpoint(fmt), methods=["GET"]) for fmt in FORMATS.values()]


def _endpoint(fmt: Format) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        engine = request.app.state.eventgraph.engine
        try:
            chunks = export(engine, fmt.name, parse_filter(request.query_params.get("filter")))
        except (EventgraphError, ApiError) as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        headers = {"Content-Disposition": f'attachment; filename="events.{fmt.extension}"'}
        return StreamingResponse(chunks, media_type=fmt.media_type, headers=headers)

    return endpoint
