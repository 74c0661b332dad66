"""GraphQL over HTTP as the spec asks: content negotiation, status codes, JSON error bodies.

Strawberry answers every request in ``application/json`` with status 200. The GraphQL-over-HTTP
spec adds ``application/graphql-response+json``: a client that accepts it is told about a
*request error* (the document does not parse, does not validate, or its variables do not
coerce, so nothing executed) by status 400 and a body without ``data``. A response with field
errors still executed, so it stays 200 whatever the media type. Clients that only know
``application/json`` keep getting 200 for every GraphQL answer, as the spec requires.
"""

from __future__ import annotations

from typing import Any

from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send
from strawberry.http import GraphQLHTTPResponse
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types import ExecutionResult

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
# The code of a request refused before GraphQL saw it, by its status.
HTTP_CODES = {400: "BAD_REQUEST", 405: "METHOD_NOT_ALLOWED", 415: "UNSUPPORTED_MEDIA_TYPE"}
JSON = "application/json"
_MEDIA_ATTR = "_eventgraph_media_type"


def negotiate(accept: str | None) -> str:
    """The media type to answer in: the client's preferred one of the two we speak.

    Exact types win over wildcards at equal quality, then the earlier entry wins. A missing
    header, ``*/*`` or a header naming neither type gets ``application/json``, the legacy default.
    """
    if not accept:
        return JSON
    best: tuple[float, int, int] | None = None
    chosen = JSON
    for position, part in enumerate(accept.split(",")):
        media, _, params = part.strip().partition(";")
        media = media.strip().lower()
        quality = _quality(params)
        if quality <= 0:
            continue
        if media in (GRAPHQL_RESPONSE_JSON, JSON):
            candidate, specificity = media, 2
        elif media in ("*/*", "application/*"):
            candidate, specificity = JSON, 1
        else:
            continue
        rank = (quality, specificity, -position)
        if best is None or rank > best:
            best, chosen = rank, candidate
    return chosen


def _quality(params: str) -> float:
    for param in params.split(";"):
        key, _, value = param.strip().partition("=")
        if key.strip().lower() == "q":
            try:
                return max(0.0, min(1.0, float(value)))
            except ValueError:
                return 0.0
    return 1.0


def is_request_error(result: ExecutionResult) -> bool:
    """Nothing executed: no data, and no error points at a field (field errors carry a path)."""
    errors = result.errors or []
    return result.data is None and bool(errors) and all(not error.path for error in errors)


class GraphQLOverHTTP:
    """Mixin for strawberry.asgi.GraphQL: put it first among the bases."""

    async def get_sub_response(self, request: Any) -> Response:
        sub_response: Response = await super().get_sub_response(request)  # type: ignore[misc]
        if isinstance(request, Request):
            setattr(sub_response, _MEDIA_ATTR, negotiate(request.headers.get("accept")))
            request.state.graphql_sub_response = sub_response
        return sub_response

    async def parse_http_body(self, request: Any) -> Any:
        """Strawberry checks the types of `query`, `variables` and `extensions`; the spec's 400 for
        an `operationName` that is neither a string nor null is added here."""
        data = await super().parse_http_body(request)  # type: ignore[misc]
        for item in data if isinstance(data, list) else [data]:
            if not isinstance(item.operation_name, str | None):
                raise HTTPException(
                    400, "The GraphQL operation's `operationName` must be a string or null, if provided."
                )
        return data

    async def process_result(self, request: Any, result: ExecutionResult) -> GraphQLHTTPResponse:
        data: GraphQLHTTPResponse = await super().process_result(request, result)  # type: ignore[misc]
        sub_response = getattr(getattr(request, "state", None), "graphql_sub_response", None)
        if getattr(sub_response, _MEDIA_ATTR, JSON) == GRAPHQL_RESPONSE_JSON and is_request_error(result):
            assert sub_response is not None
            sub_response.status_code = 400
            data.pop("data", None)
        return data

    def create_response(self, response_data: Any, sub_response: Response) -> Response:
        response: Response = super().create_response(response_data, sub_response)  # type: ignore[misc]
        media_type = getattr(sub_response, _MEDIA_ATTR, JSON)
        del response.headers["content-type"]
        response.headers["content-type"] = media_type  # JSON is UTF-8 by definition: no charset
        # Stored text can hold anything an article held, <script> included: never let a browser sniff HTML.
        response.headers["x-content-type-options"] = "nosniff"
        return response

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)  # type: ignore[misc]
            return
        request = Request(scope, receive)
        try:
            response = await self.run(request)  # type: ignore[attr-defined]
        except HTTPException as exc:
            response = error_response(request, exc)
        await response(scope, receive, send)


def error_response(request: Request, exc: HTTPException) -> Response:
    """A refused HTTP request, as a GraphQL-shaped JSON body clients already know how to read."""
    status = exc.status_code
    headers: dict[str, str] = {}
    if request.method == "GET" and isinstance(exc.__cause__, InvalidOperationTypeError):
        # The spec's answer to a mutation over GET: 405, and where to send it instead.
        status, headers = 405, {"Allow": "POST"}
    elif status == 405:
        headers = {"Allow": "GET, POST"}
    media_type = negotiate(request.headers.get("accept"))
    headers["x-content-type-options"] = "nosniff"
    code = HTTP_CODES.get(status, "BAD_REQUEST")
    return JSONResponse(
        {"errors": [{"message": exc.reason, "extensions": {"code": code}}]},
        status_code=status, headers=headers, media_type=media_type,
    )  # fmt: skip
