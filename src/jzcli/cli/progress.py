"""The rich progress display of `jz column` and `jz batch` (stderr only)."""

from __future__ import annotations

import sys
from types import TracebackType

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from jzcli.batch.progress import RunStats
from jzcli.cli.common import error_line


def stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


class ConsoleProgress:
    """Live counters on a terminal; failed URLs as one-line errors either way."""

    def __init__(self, *, live: bool) -> None:
        self._console = Console(stderr=True)
        self._bar: Progress | None = None
        self._task = None
        if live:
            self._bar = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                TimeElapsedColumn(),
                console=self._console,
                transient=True,
            )
            self._task = self._bar.add_task("starting", total=None)

    def __enter__(self) -> ConsoleProgress:
        if self._bar is not None:
            self._bar.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.stop()

    def update(self, stats: RunStats, event: str, url: str = "", detail: str = "") -> None:
        if event == "failed":
            message = f"{url}: {detail}"
            if self._bar is not None:
                self._console.print(
                    f"jz: error: {' '.join(message.split())}", markup=False, highlight=False
                )
            else:
                error_line(message)
        if self._bar is not None and self._task is not None:
            listing = f"{stats.listing_pages} listing pages, " if stats.listing_pages else ""
            self._bar.update(
                self._task,
                description=(
                    f"{listing}{stats.found} found, {stats.fetched} fetched, "
                    f"{stats.exported} exported, {stats.unchanged} unchanged, "
                    f"{stats.skipped} skipped, {stats.failed} failed, {stats.rate:.1f}/s"
                ),
            )


__all__ = ["ConsoleProgress", "stderr_is_terminal"]
