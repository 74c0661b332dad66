"""GraphQL errors with a machine-readable ``extensions.code`` that survive error masking."""

from __future__ import annotations

from graphql import GraphQLError


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
