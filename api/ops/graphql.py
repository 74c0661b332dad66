"""A Strawberry extension timing each GraphQL operation and counting the SQL statements it ran."""

from __future__ import annotations

import time
from collections.abc import Iterator

from strawberry.extensions import SchemaExtension

from api.ops.metrics import OPERATION_LATENCY, OPERATION_STATEMENTS, operation_label, operation_statements
from api.ops.tracing import annotate


class OperationMetrics(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        counter = [0]
        token = operation_statements.set(counter)
        started = time.perf_counter()
        try:
            yield
        finally:
            try:
                operation_statements.reset(token)
            except ValueError:  # a subscription's generator ends in another context
                operation_statements.set(None)
            context = self.execution_context
            name = operation_label(context.operation_name or _document_name(context))
            try:
                kind = context.operation_type.value
            except Exception:  # no parsable operation: nothing was executed
                kind = "unknown"
            result = context.result
            failed = bool(context.pre_execution_errors) or (result is not None and bool(result.errors))
            OPERATION_LATENCY.labels(name, kind, "error" if failed else "ok").observe(time.perf_counter() - started)
            OPERATION_STATEMENTS.labels(name, kind).observe(counter[0])
            annotate(name, kind)


def _document_name(context: object) -> str | None:
    """The operation's own name when the client did not send operationName."""
    document = getattr(context, "graphql_document", None)
    if document is None:
        return None
    names = [d.name.value for d in document.definitions if getattr(d, "operation", None) and d.name]
    return names[0] if len(names) == 1 else None
