"""The rich progress display of `jz column` and `jz batch` (stderr only)."""

from __future__ import annotations

import os
import sys
from types import TracebackType
from typing import TYPE_CHECKING

from jzcli.batch.progress import RunStats, count
from jzcli.cli.common import error_line
from jzcli.models import safe_text

if TYPE_CHECKING:
    from rich.progress import Progress


def stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


class ConsoleProgress:
    """Live counters on a terminal; failed URLs as one-line errors either way."""

    def __init__(self, *, live: bool) -> None:
        # rich loads when a batch runs, not for `jz --help`.
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

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
        try:
            self._update(stats, event, url, detail)
        except BrokenPipeError:  # stderr's reader went away: the run goes on, unheard
            sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115

    def _update(self, stats: RunStats, event: str, url: str, detail: str) -> None:
        if event == "warning":
            line = "jz: warning: " + " ".join(detail.split())
            if self._bar is not None:
                self._console.print(line, markup=False, highlight=False)
            else:
                sys.stderr.write(line + "\n")
                sys.stderr.flush()
        if event == "failed":
            message = safe_text(detail if url and url in detail else f"{url}: {detail}")
            if self._bar is not None:
                self._console.print(
                    f"jz: error: {' '.join(message.split())}", markup=False, highlight=False
                )
            else:
                error_line(message)
        if self._bar is not None and self._task is not None:
            parts = [count(stats.listing_pages, "page")] if stats.listing_pages else []
            parts += [
                f"{stats.found} found",
                f"{stats.fetched} fetched",
                f"{stats.exported} exported",
            ]
            parts += [
                f"{n} {label}"
                for n, label in (
                    (stats.unchanged, "unchanged"),
                    (stats.skipped, "skipped"),
                    (stats.failed, "failed"),
                )
                if n
            ]
            parts.append(f"{stats.rate:.1f}/s")
            self._bar.update(self._task, description=", ".join(parts))


__all__ = ["ConsoleProgress", "stderr_is_terminal"]
