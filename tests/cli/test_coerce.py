"""Option values read without pydantic give what Typer's own adapters give, errors included."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from typer._click import Context
from typer._click.exceptions import BadParameter
from typer._coercion import build_runtime_param

from jzcli.cli.app import app
from jzcli.cli.coerce import PlainParam

ROOT: Any = typer.main.get_command(app)

# Values a user, a config file or an environment variable can hand an option: valid ones,
# bounds, and what only Typer's adapter reads (or refuses) in its own words.
SAMPLES: list[Any] = [
    "",
    "0",
    "1",
    "-1",
    "007",
    "+3",
    "1.5",
    "0.5",
    "0.49",
    "1e3",
    " 2",
    "20",
    "21",
    "100",
    "101",
    "512",
    "513",
    "inf",
    "nan",
    "abc",
    "md",
    "MD",
    "json",
    "traditional",
    "Simplified",
    "20M",
    "500k",
    "0k",
    "X-Test: 1",
    "no header",
    "example.com",
    "http://[::1",
    "out/dir",
    "~/x",
    "-",
    3,
    0.9,
    7,
    True,
    Path("a/b"),
    ["a", "b"],
    ("20M",),
]


def outcome(runtime: Any, value: Any, param: Any, ctx: Context) -> tuple[str, Any]:
    try:
        result = runtime._coerce_value(value, param=param, ctx=ctx)
    except BadParameter as exc:
        return "error", exc.message
    except Exception as exc:  # what Typer raises for a value it cannot read at all
        return "raised", type(exc).__name__
    return "value", (type(result).__name__, result)


def plain_params() -> list[tuple[str, Any]]:
    found = []
    for name, command in [("jz", ROOT), *ROOT.commands.items()]:
        for param in command.params:
            if isinstance(param._runtime_param, PlainParam):
                found.append((f"{name} {param.name}", param))
    return found


def test_most_options_are_read_without_pydantic() -> None:
    params = plain_params()
    options = [p for c in [ROOT, *ROOT.commands.values()] for p in c.params]
    assert len(params) >= 0.9 * len(options)


@pytest.mark.parametrize(
    "label,param", plain_params(), ids=lambda x: x if isinstance(x, str) else ""
)
def test_plain_param_reads_values_as_typer_does(label: str, param: Any) -> None:
    ctx = Context(ROOT)
    typer_runtime = build_runtime_param(param.type_descriptor)
    for value in [*SAMPLES, param.default]:
        if value is None:
            continue
        multi = param.multiple or param.nargs == -1
        if multi and isinstance(value, str):
            value = [value]
        expected = outcome(typer_runtime, value, param, ctx)
        assert outcome(param._runtime_param, value, param, ctx) == expected, (label, value)


def test_help_and_a_command_do_not_import_pydantic_or_other_commands(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("记者从市政府获悉。\n", encoding="utf-8")
    probe = (
        "import sys\n"
        "from jzcli.cli.app import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "names = ('pydantic', 'jzcli.cli.fetch_cmd', 'jzcli.cli.batch_cmd',"
        " 'jzcli.cli.text_cmds')\n"
        "print(' '.join(n for n in names if n in sys.modules), file=sys.stderr)\n"
    )
    runs = {
        "--help": "",
        "--version": "",
        "fix": "jzcli.cli.text_cmds",
    }
    for args, loaded in runs.items():
        argv = [sys.executable, "-c", probe, *args.split()]
        if args == "fix":
            argv += ["--script", "keep", "-o", str(tmp_path / "out.txt"), str(note)]
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=120)
        assert proc.stderr.strip().splitlines()[-1:] == ([loaded] if loaded else []), args
