"""Every query in docs/api.md runs without errors against the seeded data, on both databases."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import Engine

from api.ingest.pipeline import Pipeline
from api.ingest.seed import seed
from api.ingest.service import Ingestor
from api.store.writer import Store
from tests.conftest import LiveServer, graphql

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"
BLOCKS = re.findall(r"```graphql\n(.*?)```", DOC.read_text(), re.S)


def test_the_guide_has_examples() -> None:
    assert len(BLOCKS) >= 10


@pytest.fixture
def seeded(engine: Engine, pipeline: Pipeline) -> Engine:
    summary = seed(Ingestor(pipeline, Store(engine)))
    assert summary.failures == []
    return engine


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_example_runs(seeded: Engine, live_server: LiveServer, index: int) -> None:
    query = BLOCKS[index]
    if query.lstrip().startswith("mutation"):
        pytest.skip("mutations are tested with an API key in tests/graphql/test_mutations.py")
    if query.lstrip().startswith("subscription"):
        pytest.skip("subscriptions are tested over WebSocket in tests/graphql/test_subscriptions.py")
    body = graphql(live_server, query)
    assert "errors" not in body, body
    assert body["data"]


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_example_fits_the_schema(index: int) -> None:
    """Mutations and subscriptions cannot run against seeded data here; they must still be valid."""
    from graphql import parse, validate

    from api.graphql.schema import build_schema

    errors = validate(build_schema()._schema, parse(BLOCKS[index]))
    assert errors == [], errors
