"""GraphQL errors with a machine-readable ``extensions.code`` that survive error masking."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension


class ApiError(Exception):
    """Raised in resolvers: shown to clients even outside debug mode, with ``code``."""

    code = "INTERNAL"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.extensions = {"code": self.code}


class BadInput(ApiError):
    code = "BAD_USER_INPUT"


class NotFound(ApiError):
    code = "NOT_FOUND"


class Unauthenticated(ApiError):
    code = "UNAUTHENTICATED"


def is_user_facing(error: GraphQLError) -> bool:
    """Validation and syntax errors, and ApiError, are the client's to read; anything else is masked."""
    from strawberry.exceptions import StrawberryInputCoercionError

    original = error.original_error
    return original is None or isinstance(original, ApiError | StrawberryInputCoercionError | GraphQLError)


# Apollo's names for the request errors graphql-core and strawberry leave without a code.
PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
TOO_DEEP = "QUERY_TOO_DEEP"
_DEPTH_MESSAGES = ("exceeds maximum operation depth", "Maximum introspection depth exceeded")


def _tag(errors: Iterable[GraphQLError] | None, code: Callable[[GraphQLError], str]) -> None:
    for error in errors or ():
        if not (error.extensions or {}).get("code"):
            error.extensions = {**(error.extensions or {}), "code": code(error)}


def _validation_code(error: GraphQLError) -> str:
    return TOO_DEEP if any(m in error.message for m in _DEPTH_MESSAGES) else VALIDATION_FAILED


def _operation_code(error: GraphQLError) -> str:
    if error.path:
        return "INTERNAL"  # an error in a resolver that is not an ApiError: masked, and ours
    return PARSE_FAILED if error.message.startswith("Syntax Error") else "BAD_USER_INPUT"


class ErrorCodes(SchemaExtension):
    """Every error gets an ``extensions.code``: a document that does not parse, one that does not
    validate (too deep among them), variables that do not coerce (BAD_USER_INPUT), and a masked
    failure of ours (INTERNAL). List it before MaskErrors, so that it sees the masked errors."""

    def on_validate(self) -> Iterator[None]:
        yield
        _tag(self.execution_context.pre_execution_errors, _validation_code)

    def on_operation(self) -> Iterator[None]:
        try:
            yield
        except GraphQLError as error:  # raised inside another hook (the parser cache parses in its own)
            _tag([error], _operation_code)
            raise
        _tag(getattr(self.execution_context.result, "errors", None), _operation_code)
