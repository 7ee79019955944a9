"""The `jz` command: a Typer app whose commands live one module per concern."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, ClassVar

import typer

from jzcli import __version__
from jzcli.cli.command import DebugOpt, JzGroup, LazyCommand


class JzApp(JzGroup):
    """The `jz` group with its commands, each module imported when its command runs."""

    lazy_commands: ClassVar[Mapping[str, LazyCommand]] = {
        "fetch": LazyCommand(
            "jzcli.cli.fetch_cmd",
            "fetch",
            "Fetch article pages, extract and repair them, and print or export them.",
        ),
        "clean": LazyCommand(
            "jzcli.cli.text_cmds",
            "clean",
            "Build one clean article from a saved page, text or jz JSON, and export it.",
        ),
        "fix": LazyCommand(
            "jzcli.cli.text_cmds",
            "fix",
            "Repair text: charset, mojibake, pinyin and script damage. One line out per line in.",
        ),
        "dedupe": LazyCommand(
            "jzcli.cli.text_cmds",
            "dedupe",
            "Remove repeated lines (paragraphs), keeping the first of each and the order.",
        ),
        "column": LazyCommand(
            "jzcli.cli.batch_cmd",
            "column",
            "Export every article listed in a column (its listing pages, feed or sitemap).",
        ),
        "batch": LazyCommand(
            "jzcli.cli.batch_cmd",
            "batch",
            "Export every URL listed in a file (one per line, or JSON lines with a url field).",
        ),
        "warc": LazyCommand(
            "jzcli.cli.warc_cmd",
            "warc",
            "Extract the articles archived in WARC/ARC files (HTML responses).",
        ),
    }


app = typer.Typer(
    name="jz",
    cls=JzApp,
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


def main() -> None:
    """Console-script entry point."""
    app(prog_name="jz")
