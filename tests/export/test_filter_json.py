"""The EventFilter JSON of --filter and ?filter= becomes the same input object GraphQL builds."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from api.export.filter_json import FilterError, parse_filter
from api.graphql.enums import EventType
from api.graphql.filters import BoundingBox, EventFilter


def test_camel_case_fields_enums_dates_and_nesting() -> None:
    f = parse_filter(
        '{"dateFrom": "2020-01-01", "eventTypes": ["BATTLES", "Riots"], "updatedSince": "2020-05-01T00:00:00Z",'
        ' "within": {"south": 29, "west": 38, "north": 37.5, "east": 49}, "or": [{"countries": ["IQ"]},'
        ' {"not": {"fatalitiesMin": 3}}], "actor": 12}'
    )
    assert isinstance(f, EventFilter)
    assert f.date_from == date(2020, 1, 1) and f.updated_since == datetime(2020, 5, 1, tzinfo=UTC)
    assert f.event_types == [EventType.BATTLES, EventType.RIOTS]
    assert f.within == BoundingBox(south=29.0, west=38.0, north=37.5, east=49.0)
    assert f.or_ is not None and f.or_[0].countries == ["IQ"]
    assert f.or_[1].not_ is not None and f.or_[1].not_.fatalities_min == 3
    assert f.actor == "12"


def test_no_filter() -> None:
    assert parse_filter(None) is None and parse_filter("  ") is None


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("{x", "not JSON"),
        ("[]", "expected an object"),
        ('{"colour": "red"}', "unknown field 'colour'"),
        ('{"eventTypes": ["WAR"]}', "filter.eventTypes[0]: 'WAR' is not one of"),
        ('{"dateFrom": "yesterday"}', "filter.dateFrom: 'yesterday' is not an ISO 8601 date"),
        ('{"fatalitiesMin": "3"}', "filter.fatalitiesMin: expected an integer"),
        ('{"within": {"south": 1}}', "filter.within: missing west, north, east"),
        ('{"and": [{"countries": null, "sources": 5}]}', "filter.and[0].sources[0]: expected a string"),
    ],
)
def test_mistakes_are_named_with_their_path(raw: str, message: str) -> None:
    with pytest.raises(FilterError) as caught:
        parse_filter(raw)
    assert message in str(caught.value)
