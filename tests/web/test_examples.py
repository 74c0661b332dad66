"""GraphiQL's example tabs: every one runs on the served schema, and a broken one is left out."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.graphql.schema import build_schema
from api.web.examples import load_examples, problems, valid_examples
from api.web.ui import core_schema


def test_every_example_is_valid_on_the_schema() -> None:
    schema = core_schema(build_schema())
    examples = load_examples()
    assert len(examples) >= 6
    for example in examples:
        assert problems(example, schema) == [], example.name


def test_examples_cover_queries_stats_a_subscription_and_a_mutation() -> None:
    text = "\n".join(e.query for e in load_examples())
    for needle in ("query RecentEvents", "eventStats", "subscription LiveEvents", "mutation IngestArticle"):
        assert needle in text


def test_a_stale_example_is_left_out_with_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "01-good.graphql").write_text("query Good { sources { key } }\n")
    (tmp_path / "02-stale.graphql").write_text("query Stale { noSuchField }\n")
    (tmp_path / "02-stale.json").write_text('{"a": 1}')
    kept = valid_examples(core_schema(build_schema()), tmp_path)
    assert [e.name for e in kept] == ["01-good"]
    assert "02-stale" in caplog.text and "noSuchField" in caplog.text


def test_broken_variables_name_the_file(tmp_path: Path) -> None:
    (tmp_path / "01-a.graphql").write_text("{ sources { key } }\n")
    (tmp_path / "01-a.json").write_text("{not json")
    with pytest.raises(ValueError, match=r"01-a\.json: not valid JSON"):
        load_examples(tmp_path)
