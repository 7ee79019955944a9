"""The command classes behind `jz`: plain help text and one-line usage errors.

Typer's help shows internal types (`<list[str]>`, `<float range>`) and its usage errors take
three lines (`Usage:` / `Try:` / `Error:`); jz's conventions are a help text a user can read
and one `jz: error: <what>. <what to try>` line with exit code 2 for every usage error.
"""

from __future__ import annotations

import enum
import importlib
import os
import re
import sys
from collections.abc import Mapping, MutableMapping, Sequence
from typing import Annotated, Any, ClassVar, NamedTuple

import typer
from typer._click import Command, Context, HelpFormatter
from typer._click.exceptions import (
    BadParameter,
    ClickException,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)
from typer._click.utils import make_default_short_help
from typer.core import TyperCommand, TyperGroup

from jzcli.cli.coerce import install_plain_params
from jzcli.errors import ExitCode

# Flags that belong to jz as a whole but are accepted after the command too.
GLOBAL_FLAGS = ("--debug",)
DEBUG_HELP = "Show a traceback with an error (before or after the command; or JZ_DEBUG=1)."
DebugOpt = Annotated[
    bool, typer.Option("--debug", help="Show a traceback on errors.", envvar="JZ_DEBUG")
]


def param_choices(param: Any) -> tuple[str, ...]:
    """The values a choice option accepts, as strings; () for a free value."""
    descriptor = getattr(param, "type_descriptor", None)
    choices = getattr(descriptor, "choices", None) or ()
    return tuple(str(c.value if isinstance(c, enum.Enum) else c) for c in choices)


def takes_value(param: Any) -> bool:
    return not getattr(param, "is_flag", False) and not getattr(param, "count", False)


def param_metavar(param: Any) -> str:
    """The word shown for an option's value: its metavar, its choices, or its name."""
    if getattr(param, "metavar", None):
        return str(param.metavar)
    choices = param_choices(param)
    if choices:
        return "|".join(choices)
    return str(param.name or "value").upper()


def default_text(param: Any) -> str:
    """The default worth showing in help ('' for none): flags and unset values show none."""
    if isinstance(param.show_default, str):
        return param.show_default
    if not param.show_default or not takes_value(param):
        return ""
    value = param.default
    if value is None or value == "" or value == [] or callable(value):
        return ""
    if isinstance(value, enum.Enum):
        return str(value.value)
    return str(value)


def option_record(param: Any) -> tuple[str, str]:
    """The (names, help) pair `--help` prints for one option or argument."""
    if param.param_type_name == "argument":
        return param_metavar(param) + ("..." if param.nargs != 1 else ""), param.help or ""
    names = ", ".join(sorted([*param.opts, *param.secondary_opts], key=lambda n: n[:2] == "--"))
    if takes_value(param):
        names += " " + param_metavar(param)
    text = param.help or ""
    default = default_text(param)
    envvar = param.envvar if isinstance(param.envvar, str) else ""
    if default or envvar:
        said = [f"default: {default}"] if default else []
        said += [f"env: {envvar}"] if envvar else []
        text += f" ({'; '.join(said)})"
    return names, text


def _usage_pieces(command: Any, ctx: Context) -> list[str]:
    pieces = ["[OPTIONS]"]
    for param in command.get_params(ctx):
        if param.param_type_name != "argument":
            continue
        word = param_metavar(param) + ("..." if param.nargs != 1 else "")
        pieces.append(word if param.required else f"[{word}]")
    return pieces


class PlainParams:
    """Mixin for a Typer command class: its parameters, the help flag included, are read
    without pydantic where their type allows (`jzcli.cli.coerce`)."""

    params: list[Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        install_plain_params(self.params)

    def get_help_option(self, ctx: Context) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        install_plain_params([option])
        return option


class JzCommand(PlainParams, TyperCommand):
    """A jz subcommand: help without internal type names, `--debug` listed."""

    def format_usage(self, ctx: Context, formatter: HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(_usage_pieces(self, ctx)))

    def format_options(self, ctx: Context, formatter: HelpFormatter) -> None:
        params = self.get_params(ctx)
        args = [option_record(p) for p in params if p.param_type_name == "argument"]
        opts = [option_record(p) for p in params if p.param_type_name == "option"]
        opts.append(("--debug", DEBUG_HELP))
        if args:
            with formatter.section("Arguments"):
                formatter.write_dl(args)
        with formatter.section("Options"):
            formatter.write_dl(opts)


def hoist_global_flags(args: Sequence[str]) -> list[str]:
    """Move `--debug` given after the command to the front, where the group reads it."""
    args = list(args)
    if "--" in args:
        head, tail = args[: args.index("--")], args[args.index("--") :]
    else:
        head, tail = args, []
    flags = [a for a in head if a in GLOBAL_FLAGS]
    rest = [a for a in head if a not in GLOBAL_FLAGS]
    return [*flags, *rest, *tail]


def usage_message(exc: ClickException, fallback_path: str = "jz") -> str:
    """One sentence for a usage error, then what to try."""
    ctx = getattr(exc, "ctx", None)
    hint = f"See '{ctx.command_path if ctx is not None else fallback_path} --help'."
    if isinstance(exc, MissingParameter) and exc.param is not None:
        param = exc.param
        if param.param_type_name == "argument":
            return f"missing {param_metavar(param)}. {hint}"
        return f"{param.opts[0]} needs a value. {hint}"
    if isinstance(exc, NoSuchOption):
        name = exc.option_name
        if exc.possibilities:
            close = " or ".join(sorted(exc.possibilities)[:3])
            return f"no option {name} here. Did you mean {close}? {hint}"
        return f"no option {name} here. {hint}"
    if isinstance(exc, BadParameter):
        return _bad_value(exc, hint)
    message = " ".join(exc.format_message().split()).rstrip(".")
    match = re.match(r"No such command '(.*)'", message)
    if match:
        return f"no command {match.group(1)!r}. See 'jz --help' for the commands."
    match = re.match(r"Option '(.*)' requires an argument", message)
    if match:
        return f"{match.group(1)} needs a value. {hint}"
    if message:
        message = message[0].lower() + message[1:]
    return f"{message}. {hint}"


def _bad_value(exc: BadParameter, hint: str) -> str:
    param = exc.param
    name = (
        exc.param_hint
        if isinstance(exc.param_hint, str)
        else (param.opts[0] if param is not None and param.param_type_name == "option" else "")
    )
    if param is not None and not name:
        name = param_metavar(param)
    if param is not None:
        choices = param_choices(param)
        if choices and "is not one of" in exc.message:
            return f"{name} takes one of {', '.join(choices)}. {hint}"
        if re.search(r"valid (number|integer)|unable to parse", exc.message, re.I):
            kind = "a whole number" if "integer" in exc.message else "a number"
            return f"{name} takes {kind}. {hint}"
        low, high = getattr(param, "min", None), getattr(param, "max", None)
        if (low is not None or high is not None) and re.search(
            r"greater than|less than|should be", exc.message
        ):
            if low is not None and high is not None:
                span = f"from {low:g} to {high:g}"
            elif low is not None:
                span = f"of at least {low:g}"
            else:
                span = f"of at most {high:g}"
            return f"{name} takes a number {span}. {hint}"
    message = " ".join(exc.message.split()).rstrip(".")
    message = re.sub(r"^Value error, ", "", message)
    return f"{name}: {message}. {hint}" if name else f"{message}. {hint}"


def _exit(code: int) -> None:
    from jzcli.cli.interrupts import exiting

    exiting()
    sys.exit(code)


def _closed_streams() -> None:
    """Started with stdout or stderr closed (`>&-`, `2>&-`): /dev/null takes their places,
    so no file jz opens gets descriptor 1 or 2. Messages then go nowhere and the exit code
    stays; sys.stdout stays None, for write_stdout to refuse (exit 14) what was asked."""
    for fd in (1, 2):
        try:
            os.fstat(fd)
        except OSError:
            null = os.open(os.devnull, os.O_WRONLY)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (for the process)


def _stopped() -> None:
    # Ctrl-C (130) or SIGTERM (143) outside a command's own handling.
    from jzcli.cli.interrupts import stopped

    what, code = stopped()
    error_line(what)
    _exit(code)


def error_line(message: str) -> None:
    """The one-line error (`jz: error: …`), from the module that writes it for every command."""
    from jzcli.cli.common import error_line as write  # not loaded for `jz --help`

    write(message)


class LazyCommand(NamedTuple):
    """A subcommand built on first use: where its function lives, and its help's first line."""

    module: str
    function: str
    summary: str
    """The first paragraph of the function's docstring (the command list in `jz --help`)."""


def build_command(name: str, spec: LazyCommand) -> Command:
    """The click command Typer makes of one jz command function."""
    function = getattr(importlib.import_module(spec.module), spec.function)
    single = typer.Typer(
        add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None
    )
    single.command(name, cls=JzCommand)(function)
    return typer.main.get_command(single)


class JzGroup(PlainParams, TyperGroup):
    """The `jz` group: global flags anywhere, usage errors as one line.

    Subcommands named in `lazy_commands` are imported and built when first asked for, so
    `jz --help` and `jz fix` do not import (or have Typer inspect) every command's module.
    `commands` builds them all, for whatever needs the whole tree (config, completions).
    """

    lazy_commands: ClassVar[Mapping[str, LazyCommand]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._built: MutableMapping[str, Command] = {}
        super().__init__(*args, **kwargs)

    @property
    def commands(self) -> MutableMapping[str, Command]:
        for name in self.lazy_commands:
            self._build(name)
        return self._built

    @commands.setter
    def commands(self, value: MutableMapping[str, Command]) -> None:
        self._built = value

    def _build(self, name: str) -> Command | None:
        if name not in self._built and name in self.lazy_commands:
            self._built[name] = build_command(name, self.lazy_commands[name])
        return self._built.get(name)

    def command_names(self) -> list[str]:
        """Every subcommand's name, in the order `jz --help` lists them (builds none)."""
        return [*self.lazy_commands, *(n for n in self._built if n not in self.lazy_commands)]

    def list_commands(self, ctx: Context) -> list[str]:
        return self.command_names()

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        return self._build(cmd_name)

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        names = self.command_names()
        if not names:
            return
        limit = formatter.width - 6 - max(len(n) for n in names)
        rows = []
        for name in names:
            command = self._built.get(name)
            if command is None:
                summary = self.lazy_commands[name].summary
                rows.append((name, make_default_short_help(summary, limit)))
            elif not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def format_usage(self, ctx: Context, formatter: HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, "[OPTIONS] COMMAND [ARGS]...")

    def format_options(self, ctx: Context, formatter: HelpFormatter) -> None:
        opts = [option_record(p) for p in self.get_params(ctx) if p.param_type_name == "option"]
        with formatter.section("Options"):
            formatter.write_dl(opts)
        self.format_commands(ctx, formatter)

    def format_epilog(self, ctx: Context, formatter: HelpFormatter) -> None:
        from jzcli.config import config_path

        formatter.write_paragraph()
        formatter.write_text(
            f"Defaults for any option can be set in {config_path()} (TOML; JZ_CONFIG names "
            "another file). A flag wins over its JZ_* environment variable, which wins over "
            "the file, which wins over jz's default."
        )

    def option_names(self) -> dict[str, list[tuple[str, str]]]:
        """For each command, its (long option name without dashes, parameter name) pairs."""
        names: dict[str, list[tuple[str, str]]] = {}
        for name, command in self.commands.items():
            names[name] = [
                (opt[2:], str(param.name))
                for param in command.params
                if param.param_type_name == "option"
                for opt in [*param.opts, *param.secondary_opts]
                if opt.startswith("--")
            ]
        return names

    def _config_defaults(self) -> dict[str, Any]:
        from jzcli.config import config_path, default_map, load_config

        path = config_path()
        config = load_config(path)
        if not config:  # nothing to check against the options: build no command for it
            return {}
        defaults = default_map(config, self.option_names(), path)
        for name, values in defaults.items():
            for param in self.commands[name].params:
                # `header = "X: 1"` means the one-item list a repeatable option takes.
                if getattr(param, "multiple", False) and isinstance(values.get(param.name), str):
                    values[str(param.name)] = [values[str(param.name)]]
        return defaults

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        argv = hoist_global_flags(sys.argv[1:] if args is None else args)
        if not standalone_mode:
            return super().main(argv, prog_name, complete_var, False, **extra)
        _closed_streams()
        from jzcli.config import ConfigError

        try:
            extra.setdefault("default_map", self._config_defaults())
        except ConfigError as exc:
            error_line(str(exc))
            _exit(int(exc.code))

        words = [a for a in argv if not a.startswith("-")][:1]
        path = f"jz {words[0]}" if words and words[0] in self.command_names() else "jz"
        try:
            result = super().main(argv, prog_name, complete_var, False, **extra)
        except NoArgsIsHelpError as exc:
            sys.stderr.write(exc.format_message() + "\n")
            _exit(int(ExitCode.USAGE))
        except UsageError as exc:
            error_line(usage_message(exc, path))
            _exit(int(ExitCode.USAGE))
        except ClickException as exc:
            error_line(usage_message(exc, path))
            _exit(int(exc.exit_code))
        except (KeyboardInterrupt, EOFError):
            _stopped()
        except Exception as exc:
            if type(exc).__name__ == "Abort":
                _stopped()
            raise
        if result == ExitCode.INTERRUPTED:
            from jzcli.cli.interrupts import reported

            if not reported():  # click's exit for a KeyboardInterrupt after the command's body
                _stopped()
        _exit(result if isinstance(result, int) else 0)
