"""The running vote gives what a recount of every report gives, and refuses to be trusted when stale."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from api.store import merge
from api.store.tally import CLAIM_FIELDS, PRECISION_RANK, Tally

PRECISIONS = ("day", "week", "month", "year")


def claims(rng: random.Random) -> dict[str, object]:
    day = date(2020, 3, 1) + timedelta(days=rng.randrange(4))
    return {
        "event_type": rng.choice(["Battles", "Explosions/Remote violence"]),
        "sub_event_type": rng.choice(["Armed clash", "Air/drone strike", None]),
        "cameo_code": rng.choice(["190", "194", None]),
        "location_id": rng.choice([1, 2, 3, None]),
        "fatalities_low": rng.choice([0, 1, 2, None]),
        "fatalities_best": rng.choice([0, 1, 2, 3, None]),
        "fatalities_high": rng.choice([2, 3, 10, None]),
        "injuries": rng.choice([0, 5, None]),
        "summary": rng.choice(["Rockets hit the base", "A strike on the base", ""]),
        "date": day.isoformat(),
        "date_precision": rng.choice(PRECISIONS),
    }


def recount(reports: list[tuple[dict[str, object], float]]) -> dict[str, object]:
    """The vote as the writer computed it before tallies: from every report at once."""
    found: dict[str, object] = {name: merge.vote((c.get(name), w) for c, w in reports) for name in CLAIM_FIELDS}
    finest = min(reports, key=lambda r: PRECISION_RANK.get(str(r[0].get("date_precision", "year")), 9))[0]
    precision = finest.get("date_precision", "day")
    found["date"] = date.fromisoformat(
        merge.vote((c["date"], w) for c, w in reports if c["date_precision"] == precision)
    )
    found["date_precision"] = precision
    found["confidence"] = min(1.0, max(w for _, w in reports) + 0.1 * (len(reports) - 1))
    found["report_count"] = len(reports)
    return found


def test_adding_reports_one_by_one_gives_the_recount_of_all_of_them() -> None:
    rng = random.Random(7)
    for _ in range(300):
        reports = [(claims(rng), rng.choice([0.3, 0.5, 0.55, 0.8, 0.9])) for _ in range(rng.randint(1, 12))]
        tally = Tally()
        for i, (claim, weight) in enumerate(reports, start=1):
            tally.add(claim, weight)
            assert tally.values() == recount(reports[:i])


def test_a_stored_tally_comes_back_whole_and_only_for_its_own_write() -> None:
    rng = random.Random(3)
    reports = [(claims(rng), 0.1 * rng.randint(1, 9)) for _ in range(20)]
    tally = Tally.of(reports)
    at = datetime(2026, 11, 24, 18, 30, 5, 123456, tzinfo=UTC)
    text = tally.dump(at)
    again = Tally.load(text, at, len(reports))
    assert again is not None and again.values() == tally.values()
    more = claims(rng)
    again.add(more, 0.7)
    assert again.values() == recount([*reports, (more, 0.7)])
    # The same instant in another zone is the same write; another instant or count is not.
    assert Tally.load(text, at.astimezone(UTC).replace(tzinfo=None), len(reports)) is not None
    assert Tally.load(text, at + timedelta(microseconds=1), len(reports)) is None
    assert Tally.load(text, at, len(reports) + 1) is None
    assert Tally.load(None, at, len(reports)) is None
