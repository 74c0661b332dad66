"""One stream for the three exports: GraphQL filters, a bad filter refused before streaming, batches."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import Engine

from api.export import records
from api.export.filter_json import parse_filter
from api.export.stream import export
from api.graphql.errors import BadInput
from tests.export.data import live_events, text_of


def test_filters_are_the_graphql_filters(loaded: Engine) -> None:
    protests = list(csv.DictReader(io.StringIO(text_of(loaded, "csv", '{"eventTypes": ["PROTESTS"]}'))))
    assert [r["event_id_cnty"] for r in protests] == ["IRQ90002"]
    syria = json.loads(text_of(loaded, "geojson", '{"countries": ["SY"]}'))["features"]
    assert [f["properties"]["location"] for f in syria] == ["Saraqab"]
    not_2020 = text_of(loaded, "jsonl", '{"not": {"dateFrom": "2020-01-01", "dateTo": "2020-12-31"}}').splitlines()
    assert [json.loads(line)["date"][:4] for line in not_2020] == ["2021"]


def test_a_bad_filter_fails_before_anything_is_streamed(loaded: Engine) -> None:
    with pytest.raises(BadInput, match="after"):
        export(loaded, "csv", parse_filter('{"dateFrom": "2020-02-01", "dateTo": "2020-01-01"}'))


def test_events_are_read_in_batches(loaded: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    sizes: list[int] = []
    attach = records._attach

    def counting(connection: object, events: list[records.ExportEvent]) -> None:
        sizes.append(len(events))
        attach(connection, events)

    monkeypatch.setattr(records, "_attach", counting)
    ids = [e.id for e in records.iter_events(loaded, batch=3)]
    assert ids == sorted(ids) and len(ids) == live_events(loaded)
    assert max(sizes) <= 3 and len(sizes) >= len(ids) // 3
