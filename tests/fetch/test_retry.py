"""Retry-After parsing and backoff."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from jzcli.fetch.retry import backoff_delay, parse_retry_after

NOW = datetime(2024, 5, 1, 8, 0, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("120", 120.0),
        (" 5 ", 5.0),
        ("0", 0.0),
        ("-3", 0.0),
        ("Wed, 01 May 2024 08:00:30 GMT", 30.0),
        ("Wed, 01 May 2024 07:59:00 GMT", 0.0),  # already past
        ("soon", None),
        ("", None),
        (None, None),
        ("nan", None),
    ],
)
def test_parse_retry_after(value: str | None, seconds: float | None) -> None:
    assert parse_retry_after(value, now=NOW) == seconds


def test_backoff_doubles_and_is_capped() -> None:
    delays = [backoff_delay(n, 0.5, 100.0) for n in range(4)]
    for n, delay in enumerate(delays):
        assert 0.5 * 2**n <= delay <= 0.5 * 2**n * 1.25
    assert backoff_delay(20, 0.5, 3.0) == 3.0
