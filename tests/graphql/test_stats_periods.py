"""eventStats by DAY and YEAR, and the report and fatality totals per bucket, over HTTP."""

from __future__ import annotations

from sqlalchemy import Engine

from tests.conftest import LiveServer, graphql
from tests.graphql.test_ordering import seed

STATS = """
{
  days: eventStats(groupBy: [DAY], filter: {dateFrom: "2020-02-01"}) { key count fatalities reports }
  years: eventStats(groupBy: [YEAR]) { key count fatalities reports }
  placesByYear: eventStats(groupBy: [YEAR, ADMIN1], filter: {fatalitiesMin: 1}) { key count }
}
"""


def test_days_and_years_with_their_totals(engine: Engine, live_server: LiveServer) -> None:
    seed(engine)  # 2020-01-05 (7 killed, 2 reports), 02-02 (unknown, 4), 03-11 (3, 3), 06-01 (1, 1)
    body = graphql(live_server, STATS)
    assert "errors" not in body, body
    days = {b["key"][0]: (b["count"], b["fatalities"], b["reports"]) for b in body["data"]["days"]}
    # Unknown fatalities add nothing to a sum; the filter drops January.
    assert days == {"2020-02-02": (1, 0, 4), "2020-03-11": (1, 3, 3), "2020-06-01": (1, 1, 1)}
    assert [b["key"] for b in body["data"]["days"]] == sorted(b["key"] for b in body["data"]["days"])
    (year,) = body["data"]["years"]
    assert (year["key"], year["count"], year["fatalities"], year["reports"]) == (["2020-01-01"], 4, 11, 10)
    by_place = {tuple(b["key"]): b["count"] for b in body["data"]["placesByYear"]}
    assert by_place == {("2020-01-01", "Baghdad"): 2, ("2020-01-01", "Anbar"): 1}
