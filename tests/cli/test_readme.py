"""README.md's option tables agree with the command tree: every option documented, no ghosts."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import typer

from jzcli.cli.app import app
from jzcli.cli.command import param_choices

README = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")
ROOT: Any = typer.main.get_command(app)
UNDOCUMENTED_HERE = {"-h", "--help", "--debug"}  # documented once, under Conventions


def sections() -> dict[str, str]:
    """Each `### \\`jz NAME\\`` section's text, by the commands its heading names."""
    found: dict[str, str] = {}
    parts = re.split(r"^### (.*)$", README, flags=re.M)
    for heading, body in zip(parts[1::2], parts[2::2]):
        body = body.split("\n## ", 1)[0]
        for name in re.findall(r"`jz (\w+)`", heading):
            found[name] = body
    return found


def table_cells(body: str) -> list[str]:
    """The first cell of every option table row (`| \\`-o, --output FILE\\` | ...`)."""
    cells = []
    for line in body.splitlines():
        if line.startswith("| `-"):
            cells.append(re.split(r"(?<!\\)\|", line)[1])
    return cells


def documented(body: str) -> set[str]:
    names: set[str] = set()
    for cell in table_cells(body):
        names |= set(re.findall(r"(?<![\w-])(--?[A-Za-z][\w-]*)", cell))
    return names


def options(command: str) -> dict[str, Any]:
    params = ROOT.commands[command].params
    return {
        name: p
        for p in params
        if p.param_type_name == "option"
        for name in [*p.opts, *p.secondary_opts]
    }


SECTIONS = sections()


@pytest.mark.parametrize("command", sorted(ROOT.commands))
def test_every_command_has_a_section_with_an_option_table(command: str) -> None:
    assert command in SECTIONS, f"README.md has no ### `jz {command}` section"
    assert table_cells(SECTIONS[command]), f"README's jz {command} section has no option table"


@pytest.mark.parametrize("command", sorted(ROOT.commands))
def test_every_option_is_in_the_readme_table(command: str) -> None:
    missing = set(options(command)) - documented(SECTIONS[command]) - UNDOCUMENTED_HERE
    assert not missing, f"jz {command}: README does not document {sorted(missing)}"


@pytest.mark.parametrize("command", sorted(ROOT.commands))
def test_no_readme_option_is_unknown(command: str) -> None:
    body = SECTIONS[command]
    sharing = [c for c, b in SECTIONS.items() if b is body or b == body]
    known = set().union(*(options(c) for c in sharing))
    ghosts = documented(body) - known
    assert not ghosts, f"README's jz {command} table names options no command has: {ghosts}"


@pytest.mark.parametrize("command", sorted(ROOT.commands))
def test_choices_in_the_readme_are_the_real_ones(command: str) -> None:
    opts = options(command)
    for cell in table_cells(SECTIONS[command]):
        for name, values in re.findall(r"(--[\w-]+) ([a-z]+(?:\\\|[a-z]+)+)", cell):
            if name in opts:
                assert values.split("\\|") == list(param_choices(opts[name])), (command, name)
