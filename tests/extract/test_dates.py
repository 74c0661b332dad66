"""Dates resolved against the publication date, with their precision."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from api.extract.dates import find_dates, later_than

SATURDAY = date(2020, 6, 13)


@pytest.mark.parametrize(
    ("text", "days", "precision"),
    [
        ("Reports on Saturday evening said a rocket had landed", [date(2020, 6, 13)], "day"),
        ("missiles struck early on Wednesday", [date(2020, 6, 10)], "day"),
        ("Last Saturday, gunmen attacked", [date(2020, 6, 6)], "day"),
        ("rockets were fired on June 8 and 10 near the airport", [date(2020, 6, 8), date(2020, 6, 10)], "day"),
        ("On March 11, three coalition personnel were killed", [date(2020, 3, 11)], "day"),
        ("a strike on a base near Kirkuk in December", [date(2019, 12, 1)], "month"),
        ("clashes earlier in January", [date(2020, 1, 1)], "month"),
        ("ISIS had taken Mosul in 2014", [date(2014, 1, 1)], "year"),
        ("protests last week", [date(2020, 6, 1)], "week"),
        ("an attack last month", [date(2020, 5, 1)], "month"),
        ("a raid two days ago", [date(2020, 6, 11)], "day"),
        ("killed yesterday", [date(2020, 6, 12)], "day"),
        ("on 8 January 2020", [date(2020, 1, 8)], "day"),
        ("on Jan. 3", [date(2020, 1, 3)], "day"),
        ("In March last year, a roadside bomb went off", [date(2019, 3, 1)], "month"),
        ("In May last year, gunmen stormed a clinic", [date(2019, 5, 1)], "month"),
        ("in August of last year", [date(2019, 8, 1)], "month"),
        ("the strike in February this year", [date(2020, 2, 1)], "month"),
        ("On Palm Sunday in April, bombers struck two churches", [date(2020, 4, 1)], "month"),  # a Sunday of April
        # a Friday of that May, not the last Friday before publication
        ("In May last year, a bomber struck a mosque during Friday prayers", [date(2019, 5, 1)], "month"),
        # "since" before a month and day: the day, not the month
        ("the deadliest since March 27, when a suicide bomber struck a park", [date(2020, 3, 27)], "day"),
        # holidays on fixed days
        ("The gunman struck shortly after midnight on New Year's, killing 39", [date(2020, 1, 1)], "day"),
        ("a truck ploughed into a Christmas market on Christmas Eve 2016", [date(2016, 12, 24)], "day"),
        # a rough date told again exactly: the exact one
        ("A month ago, on May 30, gunmen attacked the town hall", [date(2020, 5, 30)], "day"),
        ("Two years ago, in March 2018, troops entered the town", [date(2018, 3, 1)], "month"),
        # a part of a month: the first day of that part
        ("In late July, rebels said they had killed dozens of soldiers", [date(2019, 7, 21)], "month"),
        ("fighting in mid-March left the town empty", [date(2020, 3, 11)], "month"),
        ("an offensive in early May 2018", [date(2018, 5, 1)], "month"),
    ],
)
def test_dates(text: str, days: list[date], precision: str) -> None:
    found = find_dates(text, SATURDAY)
    assert len(found) == 1, found
    assert list(found[0].days) == days
    assert found[0].precision == precision


@pytest.mark.parametrize(
    "text",
    [
        "Officials may 5 times reconsider.",  # "may" the verb
        "dozens of rockets in the last year",  # a stretch of time
        "over the past week",
        "They march on.",
        "a truck ploughed into a Christmas market",  # a bare "Christmas" names no day
    ],
)
def test_not_dates(text: str) -> None:
    assert find_dates(text, SATURDAY) == []


def test_without_a_publication_date_only_full_dates_resolve() -> None:
    assert [d.days for d in find_dates("On March 11, 2020 and on Saturday", None)] == [(date(2020, 3, 11),)]


def test_a_weekday_one_day_ahead_of_utc_is_the_local_today() -> None:
    # filed at 02:40 in Tehran on Wednesday, 23:10 UTC on Tuesday
    assert find_dates("early on Wednesday", date(2020, 1, 7), ahead=True)[0].days == (date(2020, 1, 8),)
    assert find_dates("on Wednesday", date(2020, 1, 7))[0].days == (date(2020, 1, 1),)


def test_a_clause_counts_its_day_from_the_date_told_before_it() -> None:
    [monday] = find_dates("Gunmen seized the school on Monday", SATURDAY)
    later = later_than("; troops stormed it two days later", monday)
    assert later is not None and list(later.days) == [monday.days[0] + timedelta(days=2)]
    [month] = find_dates("Last month, militants took the staff hostage", SATURDAY)
    later = later_than("; special forces stormed the compound two days later", month)
    assert later is not None and (list(later.days), later.precision) == (list(month.days), "month")
    assert later_than("; troops stormed it", monday) is None
