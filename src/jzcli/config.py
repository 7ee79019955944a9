"""The config file: TOML defaults for any command-line option.

    # ~/.config/jz/config.toml (the platform's config folder; JZ_CONFIG names another file)
    format = "json"              # top level: every command that has the option
    user-agent = "archive-bot/1.0"

    [column]                     # one command's table wins over the top level
    output = "~/archive"
    delay = 1.0

Keys are the long option names, with '-' or '_'. Precedence: a flag on the command line,
then its JZ_* environment variable, then this file, then jz's built-in default.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from jzcli.errors import ExitCode, JzError

CONFIG_ENV = "JZ_CONFIG"
CONFIG_NAME = "config.toml"
# Values that name files or folders: '~' is expanded as a shell would.
PATH_KEYS = frozenset({"output", "out", "warc", "cookies"})


class ConfigError(JzError):
    code = ExitCode.USAGE


def config_path() -> Path:
    """JZ_CONFIG if set, else config.toml in the platform's config folder for jz."""
    override = os.environ.get(CONFIG_ENV, "")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("jz", appauthor=False)) / CONFIG_NAME


def load_config(path: Path) -> dict[str, Any]:
    """The file's tables; {} when it does not exist (a missing JZ_CONFIG file is an error)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        if os.environ.get(CONFIG_ENV):
            raise ConfigError(
                f"config file {path} (from {CONFIG_ENV}) does not exist. "
                f"Create it, or unset {CONFIG_ENV}"
            ) from None
        return {}
    except OSError as exc:
        raise ConfigError(
            f"cannot read config file {path}: {exc.strerror or exc}. Check its permissions"
        ) from None
    # Loaded only when there is a file: most runs have none (start-up time).
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib  # type: ignore[import-not-found,no-redef,unused-ignore]
    try:
        loaded: dict[str, Any] = tomllib.loads(data.decode("utf-8"))
        return loaded
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"config file {path} is not valid TOML: {exc}. Fix it, or set {CONFIG_ENV} "
            "to another file"
        ) from None


def _key(name: str) -> str:
    return name.strip().replace("_", "-").lower()


def default_map(
    config: Mapping[str, Any], commands: Mapping[str, Iterable[tuple[str, str]]], path: Path
) -> dict[str, dict[str, Any]]:
    """Click's default_map from the config: {command: {parameter name: value}}.

    `commands` gives, for each command, its (option long name without dashes, parameter
    name) pairs. Unknown commands and options are errors, so a typo does not pass unseen.
    """
    names = {cmd: {_key(long): param for long, param in pairs} for cmd, pairs in commands.items()}
    known = {k for pairs in names.values() for k in pairs}
    result: dict[str, dict[str, Any]] = {cmd: {} for cmd in names}
    tables = {k: v for k, v in config.items() if isinstance(v, dict)}
    for key, value in config.items():
        if isinstance(value, dict):
            continue
        if _key(key) not in known:
            raise ConfigError(
                f"config file {path}: no command has an option --{_key(key)}. "
                "See 'jz COMMAND --help' for the option names"
            )
        for cmd, pairs in names.items():
            if _key(key) in pairs:
                result[cmd][pairs[_key(key)]] = _value(_key(key), value)
    for cmd, table in tables.items():
        if cmd not in names:
            raise ConfigError(
                f"config file {path}: [{cmd}] is not a jz command. "
                f"Use one of {', '.join(f'[{c}]' for c in names)}"
            )
        for key, value in table.items():
            if _key(key) not in names[cmd]:
                raise ConfigError(
                    f"config file {path}: jz {cmd} has no option --{_key(key)}. "
                    f"See 'jz {cmd} --help'"
                )
            result[cmd][names[cmd][_key(key)]] = _value(_key(key), value)
    return {cmd: values for cmd, values in result.items() if values}


def _value(key: str, value: Any) -> Any:
    if key in PATH_KEYS and isinstance(value, str):
        return str(Path(value).expanduser())
    return value


__all__ = ["CONFIG_ENV", "ConfigError", "config_path", "default_map", "load_config"]
