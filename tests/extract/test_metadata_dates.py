"""Date parsing: the formats news pages show, written as ISO 8601."""

from __future__ import annotations

import pytest

from jzcli.extract.dates import parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-06-16 08:40", "2021-06-16T08:40"),
        ("发布时间：2021年06月16日 08时40分", "2021-06-16T08:40"),
        ("2021年6月6日", "2021-06-06"),
        ("来源：焦作日报 2021/6/16", "2021-06-16"),
        ("2021.06.16", "2021-06-16"),
        ("2021-06-16T08:40:00+08:00", "2021-06-16T08:40:00+08:00"),
        ("2021-06-16T08:40:00+0800", "2021-06-16T08:40:00+08:00"),
        ("Wed, 16 Jun 2021 08:40:00 GMT", "2021-06-16T08:40:00Z"),
        ("Published June 16, 2021", "2021-06-16"),
        ("16 Jun 2021 8:40 pm", "2021-06-16T20:40"),
        ("Sept. 3rd, 2019 at 12:05 a.m.", "2019-09-03T00:05"),
        ("2019-11-05T14:03:12.123Z", "2019-11-05T14:03:12Z"),
    ],
)
def test_parse_date_formats(text: str, expected: str) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["", "no date here", "2021-02-30", "2021-13-01", "1850-01-01"])
def test_parse_date_rejects_non_dates(text: str) -> None:
    assert parse_date(text) == ""


def test_parse_date_takes_the_first_valid_date() -> None:
    assert parse_date("2021-02-30 then 2020-02-29") == "2020-02-29"
