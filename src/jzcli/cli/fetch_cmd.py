"""`jz fetch URL...` (placeholder until the fetch work lands)."""

from __future__ import annotations

from typing import Annotated

import typer

from jzcli.cli.common import handle_errors
from jzcli.errors import JzError


@handle_errors
def fetch(urls: Annotated[list[str], typer.Argument(metavar="URL...")]) -> None:
    """Fetch article pages, extract and repair them, and print or export them."""
    raise JzError("jz fetch is not built yet")
