"""Validate each distinct query text once: clients send the same few queries again and again.

Validation (the spec's rules plus depth, aliases and introspection limits) costs about 2 ms
for a page query with nested actors and reports, as much as fetching the page. It depends only
on the document and the schema, so a text that passed once passes again. Only passes are
remembered (a failing query is validated each time it comes), and the memory is bounded.
Parsing is cached by Strawberry's own ParserCache, listed beside this extension.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator

from strawberry.extensions import SchemaExtension


class ValidQueries:
    """The query texts that passed validation, least recently used first."""

    def __init__(self, maxsize: int = 1024) -> None:
        self.maxsize = maxsize
        self._texts: OrderedDict[str, None] = OrderedDict()

    def __contains__(self, text: str) -> bool:
        if text in self._texts:
            self._texts.move_to_end(text)
            return True
        return False

    def add(self, text: str) -> None:
        self._texts[text] = None
        self._texts.move_to_end(text)
        while len(self._texts) > self.maxsize:
            self._texts.popitem(last=False)


class SkipRevalidation(SchemaExtension):
    """Marks a known-good query as validated, so Strawberry skips its validation step."""

    def __init__(self, valid: ValidQueries) -> None:
        self.valid = valid

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        text = context.query
        known = text is not None and context.pre_execution_errors is None and text in self.valid
        if known:
            context.pre_execution_errors = []  # Strawberry runs validation only while this is None
        yield
        if not known and text is not None and context.pre_execution_errors == []:
            self.valid.add(text)
