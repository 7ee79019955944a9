"""The `jz` command: a Typer app whose commands live one module per concern."""

from __future__ import annotations

from typing import Annotated

import typer

from jzcli import __version__
from jzcli.cli import batch_cmd, fetch_cmd, text_cmds, warc_cmd
from jzcli.cli.command import JzCommand, JzGroup
from jzcli.cli.common import DebugOpt

app = typer.Typer(
    name="jz",
    cls=JzGroup,
    help="Fetch news articles, repair their text and export them clean.",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"jz {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    debug: DebugOpt = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """jz: fetch news articles, repair their text and export them clean."""


app.command("fetch", cls=JzCommand)(fetch_cmd.fetch)
app.command("clean", cls=JzCommand)(text_cmds.clean)
app.command("fix", cls=JzCommand)(text_cmds.fix)
app.command("dedupe", cls=JzCommand)(text_cmds.dedupe)
app.command("column", cls=JzCommand)(batch_cmd.column)
app.command("batch", cls=JzCommand)(batch_cmd.batch)
app.command("warc", cls=JzCommand)(warc_cmd.warc)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="jz")
