"""Every numeric option has a bound: a value past it (inf, 1e300, NaN), from the command
line, the environment or the config file, is one usage-error line, never an endless wait."""

from __future__ import annotations

from pathlib import Path

import pytest

from jzcli.errors import ExitCode
from tests.cli.helpers import jz

# command line; the URL list / WARC is never read: the option is refused before any of it
PAST_THE_BOUND = [
    ("batch", "--delay", "inf"),
    ("batch", "--delay", "1e300"),
    ("batch", "--delay", "3601"),
    ("batch", "--delay", "nan"),
    ("fetch", "--timeout", "inf"),
    ("fetch", "--timeout", "3601"),
    ("fetch", "--timeout", "nan"),
    ("column", "--max-pages", "1000001"),
    ("warc", "--shard-size", "1000001"),
    ("fetch", "--max-bytes", "2G"),
    ("warc", "--max-bytes", "99999999999999999999G"),
    ("warc", "--split-size", "1025G"),
    ("column", "--since", "99999999999d"),
    ("column", "--until", "99999999999999999999w"),
]


def _target(command: str) -> str:
    return "http://127.0.0.1:9/" if command in ("fetch", "column") else "-"


@pytest.mark.parametrize(("command", "option", "value"), PAST_THE_BOUND)
def test_a_value_past_the_bound_is_a_usage_error(command: str, option: str, value: str) -> None:
    result = jz(command, option, value, _target(command), input="", env={"JZ_CONFIG": "/dev/null"})
    assert result.code == ExitCode.USAGE, result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("jz: error: ")
    assert option in result.stderr


@pytest.mark.parametrize("value", ["inf", "1e300", "nan", "-1"])
def test_delay_from_the_environment_is_bounded(value: str) -> None:
    result = jz("batch", "-", input="", env={"JZ_CONFIG": "/dev/null", "JZ_DELAY": value})
    assert result.code == ExitCode.USAGE, result.stderr
    assert "--delay" in result.stderr


@pytest.mark.parametrize(
    "line", ["delay = inf", "delay = nan", "delay = 1e300", "timeout = inf", "timeout = nan"]
)
def test_numbers_from_the_config_file_are_bounded(tmp_path: Path, line: str) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f"[batch]\n{line}\n", encoding="utf-8")
    result = jz("batch", "-", input="", env={"JZ_CONFIG": str(config)})
    assert result.code == ExitCode.USAGE, result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("jz: error: ")


@pytest.mark.parametrize(
    ("command", "option", "value"),
    [
        ("batch", "--delay", "3600"),
        ("batch", "--timeout", "3600"),
        ("column", "--max-pages", "1000000"),
        ("warc", "--shard-size", "1000000"),
        ("batch", "--max-bytes", "1G"),
        ("warc", "--split-size", "1024G"),
    ],
)
def test_the_bound_itself_is_accepted(command: str, option: str, value: str) -> None:
    # past option parsing: the empty input is what stops it (no URLs / no WARC read)
    result = jz(command, option, value, _target(command), input="", env={"JZ_CONFIG": "/dev/null"})
    assert option not in result.stderr, result.stderr
