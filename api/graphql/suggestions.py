"""No "Did you mean …?" outside debug mode: suggestions map a schema whose introspection is off.

Strawberry's ``disable_field_suggestions`` covers field names only; graphql-core also suggests
arguments, types, enum values and input fields. This strips the suggestion from every message.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from strawberry.extensions import SchemaExtension

SUGGESTION = re.compile(r"\s*Did you mean\b.*$", re.DOTALL)


def without_suggestion(message: str) -> str:
    return SUGGESTION.sub("", message)


class NoSuggestions(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        for error in getattr(result, "errors", None) or ():
            error.message = without_suggestion(error.message)
