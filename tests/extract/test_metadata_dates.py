"""Date parsing: the formats news pages show, written as ISO 8601."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jzcli.extract import dates
from jzcli.extract.dates import month_first, parse_date, parse_relative_date, reference_time
from jzcli.models import Page
from jzcli.pipeline import process_page
from jzcli.settings import Settings


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


@pytest.mark.parametrize("text", ["v1.2.3", "10.10.10.10", "31.02.23", "1.2.23", "12.10.2"])
def test_two_digit_years_need_a_whole_day_month_year(text: str) -> None:
    assert parse_date(text) == ""


def test_parse_date_takes_the_first_valid_date() -> None:
    assert parse_date("2021-02-30 then 2020-02-29") == "2020-02-29"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("29.01.2020", "2020-01-29"),
        ("am 29.01.2020 um 10:15", "2020-01-29T10:15"),
        ("29. Januar 2020", "2020-01-29"),
        ("30 septembre 2018", "2018-09-30"),
        ("1 de mayo de 2020", "2020-05-01"),
        ("12 de março de 2021", "2021-03-12"),
        ("3 giugno 2019", "2019-06-03"),
        ("12 марта 2020 г. 10:20", "2020-03-12T10:20"),
        ("November 22, 2011", "2011-11-22"),
        ("二〇二四年五月十二日", "2024-05-12"),
        ("二〇二〇年十月三十一日", "2020-10-31"),
        ("16/05/2024", "2024-05-16"),
        ("05/16/2024", "2024-05-16"),
        ("Party, 30.10.23", "2023-10-30"),
        ("02.12.19 um 14:20", "2019-12-02T14:20"),
        ("duminică, 20 septembrie 2020 16:20", "2020-09-20T16:20"),
        ("12 maja 2021", "2021-05-12"),
        ("3. března 2020", "2020-03-03"),
        ("5 Ekim 2020", "2020-10-05"),
        ("17 augusti 2022", "2022-08-17"),
        ("1 Desember 2021", "2021-12-01"),
        # Arabic: Egyptian names, Levantine ones, and both with a slash between
        ("الأربعاء، 07 أكتوبر 2020 12:19", "2020-10-07T12:19"),
        ("نشر في 3 حزيران 2021", "2021-06-03"),
        ("الجمعة 24 نيسان / أبريل 2020", "2020-04-24"),
        # آب, August in the Levant, is a month name of two letters, in either order
        ("نشر في 14 آب / أغسطس 2019", "2019-08-14"),
        ("14 أغسطس / آب 2019", "2019-08-14"),
        ("الخميس 3 آب 2023", "2023-08-03"),
    ],
)
def test_parse_date_other_languages_and_orders(text: str, expected: str) -> None:
    assert parse_date(text) == expected


def test_two_names_of_two_months_are_no_date() -> None:
    assert parse_date("24 April / May 2020") == ""
    assert parse_date("14 آب / أيار 2019") == ""


def test_a_word_that_starts_like_a_two_letter_month_is_none() -> None:
    assert parse_date("14 آبار 2019") == ""  # wells, not August


def test_ambiguous_numeric_date_follows_the_page_country() -> None:
    assert parse_date("05/01/2024") == "2024-01-05"
    assert parse_date("05/01/2024", month_first=True) == "2024-05-01"
    assert month_first("en-US") and not month_first("en-GB") and not month_first("en")


REFERENCE = "Wed, 01 May 2024 02:30:00 GMT"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3小时前", "2024-04-30"),
        ("30分钟前", "2024-05-01"),
        ("昨天 10:20", "2024-04-30T10:20"),
        ("刚刚", "2024-05-01"),
        ("2 hours ago", "2024-05-01"),
        ("yesterday", "2024-04-30"),
        ("2 days ago", "2024-04-29"),
    ],
)
def test_relative_dates_resolve_against_the_reference(text: str, expected: str) -> None:
    assert parse_relative_date(text, reference_time(REFERENCE)) == expected


def test_relative_dates_need_a_reference() -> None:
    assert parse_relative_date("3小时前", None) == ""
    assert parse_relative_date("no date here", reference_time(REFERENCE)) == ""
    assert reference_time("2024-05-01T10:00:00Z") is not None
    assert reference_time("not a date") is None


@pytest.mark.parametrize(
    "stamp", ["Wed, 01 May 2024 12:00:00 GMT", "2024-05-01T12:00:00Z"]
)  # an HTTP Date header, or a WARC-Date an archive reader passes as the page's date
def test_pipeline_resolves_relative_dates_against_the_page_date_header(stamp: str) -> None:
    html = (
        "<html><head><title>河道清淤工程完工</title></head><body><h1>河道清淤工程完工</h1>"
        "<span class='time'>发布时间：3小时前</span><article>"
        + "".join(
            f"<p>第{n}段：河道清淤工程今天完工，沿河居民反映水质明显好转，环境更整洁。</p>"
            for n in range(6)
        )
        + "</article></body></html>"
    )
    page = Page("https://news.example.cn/a/1", html.encode(), headers={"date": stamp})
    assert process_page(page, Settings(), require_text=False).published == "2024-05-01"


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["２０２４", "年", "月", "日", "٢٠٢٤", "May", "June", " ", "/", ".", "-", ":", "〇",
             "一", "二", "十", "１２", "at", "T", "Z", "pm", "४"]
        ),
        max_size=12,
    )
)  # fmt: skip
def test_dates_need_ascii_digits(pieces: list[str]) -> None:
    # parse_date returns at once on a text without ASCII digits (after Chinese numerals are
    # read): every date pattern needs one, even where \d would also take other digits.
    text = "".join(pieces)
    for pattern in (dates._NUMERIC, dates._EN_MDY, dates._DMY, dates._DOTTED, dates._SLASHED,
                    dates._DOTTED_SHORT, dates._COMPACT):  # fmt: skip
        assert pattern.search(text) is None, (pattern.pattern, text)


@settings(max_examples=500, deadline=None)
@given(
    pieces=st.lists(
        st.sampled_from(
            ["2021", "1999", "20", "19", "21", "06", "6", "16", "30", "10.", "23", ".", "/", "-",
             "年", "月", "日", " ", "June", "juin", "de", ",", "08:40", "Z", "٢", "x"]
        ),
        max_size=8,
    )
)  # fmt: skip
def test_parse_date_shortcuts_skip_only_patterns_that_cannot_match(pieces: list[str]) -> None:
    # parse_date tries its year patterns only on text with a `(19|20)\d\d` in it, and the
    # short dotted one only on text with a dot: each pattern that matches has them.
    text = "".join(pieces)
    year_patterns = (
        dates._NUMERIC,
        dates._EN_MDY,
        dates._DMY,
        dates._DOTTED,
        dates._SLASHED,
        dates._COMPACT,
    )
    for pattern in year_patterns:
        if pattern.search(text):
            assert dates._YEAR.search(text), (pattern.pattern, text)
    if dates._DOTTED_SHORT.search(text):
        assert "." in text
    assert parse_date(text + " 2021-06-16")  # a text with a year is still read in full
