"""`jz column` and `jz batch` (placeholders until the batch work lands)."""

from __future__ import annotations

from typing import Annotated

import typer

from jzcli.cli.common import handle_errors
from jzcli.errors import JzError


@handle_errors
def column(url: Annotated[str, typer.Argument(metavar="URL")]) -> None:
    """Export every article listed in a column, across its listing pages."""
    raise JzError("jz column is not built yet")


@handle_errors
def batch(input: Annotated[str, typer.Argument(metavar="FILE|-")]) -> None:
    """Export every URL listed in a file (one per line, or JSON lines with a url field)."""
    raise JzError("jz batch is not built yet")
