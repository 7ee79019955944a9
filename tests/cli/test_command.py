"""The `jz` group builds each command on first use, and shows the same help as if all were built."""

from __future__ import annotations

import inspect
from typing import Any

import typer
from typer._click import Context, HelpFormatter

from jzcli.cli.app import JzApp, app
from tests.cli.helpers import jz


def fresh_group() -> Any:
    return typer.main.get_command(app)


def group_help(group: Any) -> str:
    ctx = Context(group, info_name="jz")
    formatter = HelpFormatter(width=80)
    group.format_help(ctx, formatter)
    return formatter.getvalue()


def test_help_lists_commands_without_building_them() -> None:
    group = fresh_group()
    lazy_text = group_help(group)
    assert group._built == {}
    built = group.commands  # builds every command
    assert list(built) == list(JzApp.lazy_commands)
    assert group_help(group) == lazy_text
    for name in JzApp.lazy_commands:
        assert f"  {name} " in lazy_text


def test_summaries_are_the_docstrings_first_paragraph() -> None:
    for name, command in fresh_group().commands.items():
        doc = inspect.cleandoc(command.callback.__doc__ or "")
        first = " ".join(doc.split("\n\n")[0].split())
        assert JzApp.lazy_commands[name].summary == first, name


def test_a_command_builds_only_itself() -> None:
    group = fresh_group()
    ctx = Context(group, info_name="jz")
    assert group.get_command(ctx, "fix").name == "fix"
    assert list(group._built) == ["fix"]
    assert group.get_command(ctx, "nope") is None
    assert group.list_commands(ctx) == list(JzApp.lazy_commands)


def test_unknown_command_still_suggests_a_close_one() -> None:
    run = jz("fixx")
    assert run.code == 2
    assert "fixx" in run.stderr and "Did you mean 'fix" in run.stderr


def test_version_and_help_through_the_lazy_group() -> None:
    run = jz("--version")
    assert run.code == 0 and run.stdout.startswith("jz ")
    run = jz("fix", "--help")
    assert run.code == 0 and "--per-line" in run.stdout
    run = jz("--help")
    assert run.code == 0 and "Commands:" in run.stdout
