"""Dates, bylines and near-duplicates."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from api.ingest.text import parse_datetime, similar, split_people, strip_repeat


def test_dates() -> None:
    assert parse_datetime("2019-11-19T21:57:01+0000") == datetime(2019, 11, 19, 21, 57, 1, tzinfo=UTC)
    assert parse_datetime("2019-11-20T10:43Z") == datetime(2019, 11, 20, 10, 43, tzinfo=UTC)
    assert parse_datetime("Mon, 27 Feb 2023 10:00:00 GMT") == datetime(2023, 2, 27, 10, tzinfo=UTC)
    assert parse_datetime("2020-01-08 02:40", ZoneInfo("Asia/Tehran")) == datetime(2020, 1, 7, 23, 10, tzinfo=UTC)
    assert parse_datetime("0001-01-01T00:00Z") is None
    assert parse_datetime("yesterday") is None
    assert parse_datetime("") is None


def test_bylines() -> None:
    assert split_people("By Stephanie Nebehay and Stephen Kalin") == ["Stephanie Nebehay", "Stephen Kalin"]
    assert split_people("By SETH J. FRANTZMAN") == ["Seth J. Frantzman"]
    assert split_people("By JERUSALEM POST STAFF") == []
    assert split_people("Reuters Staff") == []
    assert split_people("Reuters Editorial") == []
    assert split_people("Omar Kadhim, Lena Marsh") == ["Omar Kadhim", "Lena Marsh"]
    assert split_people("ByJill Serjeant") == ["Jill Serjeant"]
    assert split_people("Byron Auguste") == ["Byron Auguste"]


def test_standfirst_repeat() -> None:
    standfirst = "The attack comes on the anniversary of the fatwa that helped create the Popular Mobilization Units."
    repeat = (
        "The attack comes on the anniversary of the fatwa that helped create the Popular Mobilization Units (PMU). "
        "ISIS had taken Mosul in 2014."
    )
    assert strip_repeat(repeat, standfirst) == "ISIS had taken Mosul in 2014."
    assert strip_repeat(standfirst, standfirst) == ""
    other = "Rockets struck the base on Saturday evening, causing limited damage, officials said."
    assert strip_repeat(other, standfirst) == other
    assert not similar(other, standfirst)
