"""The example queries GraphiQL opens as tabs: api/web/examples/*.graphql, with their variables
(NAME.json) and request headers (NAME.headers.json) beside them."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from graphql import GraphQLError, GraphQLSchema, parse, validate

EXAMPLES_DIR = Path(__file__).resolve().parent / "examples"

log = logging.getLogger("eventgraph.web")


@dataclass(frozen=True)
class Example:
    name: str
    query: str
    variables: str | None = None
    headers: str | None = None

    def tab(self) -> dict[str, str]:
        tab = {"query": self.query}
        if self.variables:
            tab["variables"] = self.variables
        if self.headers:
            tab["headers"] = self.headers
        return tab


def load_examples(directory: Path = EXAMPLES_DIR) -> list[Example]:
    return [
        Example(
            path.stem,
            path.read_text(encoding="utf-8"),
            _json_file(path.with_suffix(".json")),
            _json_file(path.with_suffix(".headers.json")),
        )
        for path in sorted(directory.glob("*.graphql"))
    ]


def _json_file(path: Path) -> str | None:
    if not path.exists():
        return None
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise ValueError(f"{path}: not valid JSON: {exc}") from exc
    # Re-dumped so GraphiQL shows it tidily, whatever the file's layout.
    return json.dumps(value, indent=2)


def problems(example: Example, schema: GraphQLSchema) -> list[str]:
    """Why the example would fail on this schema (empty: it is valid)."""
    try:
        document = parse(example.query)
    except GraphQLError as exc:
        return [exc.message]
    return [error.message for error in validate(schema, document)]


def valid_examples(schema: GraphQLSchema, directory: Path = EXAMPLES_DIR) -> list[Example]:
    """The examples this schema can run: one for a field the server lacks (no subscriptions yet) is left out."""
    kept = []
    for example in load_examples(directory):
        errors = problems(example, schema)
        if errors:
            log.warning("GraphiQL example %s left out: %s", example.name, "; ".join(errors))
        else:
            kept.append(example)
    return kept
