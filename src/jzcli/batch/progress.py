"""What a run reports as it goes: counters and the interface a display implements."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Protocol

from jzcli.errors import ExitCode, combined_exit_code


def count(n: int, noun: str, plural: str = "") -> str:
    """'1 article', '2 articles': a number with its noun in the right number."""
    return f"{n} {noun if n == 1 else (plural or noun + 's')}"


@dataclass
class RunStats:
    """Counters of one run (what the progress display and the summary line show)."""

    listing_pages: int = 0
    found: int = 0
    queued: int = 0
    fetched: int = 0
    exported: int = 0
    unchanged: int = 0
    already_done: int = 0
    skipped: int = 0
    failed: int = 0
    rewritten: int = 0
    bad_links: int = 0
    """Links on listing pages skipped because their address is malformed."""
    failure_codes: Counter[int] = field(default_factory=Counter)
    started: float = field(default_factory=time.monotonic)

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    @property
    def rate(self) -> float:
        """Articles fetched per second so far."""
        return self.fetched / self.elapsed if self.elapsed > 0 else 0.0

    def exit_code(self) -> ExitCode:
        """The run's exit code: skipped articles count as successes (README: Exit codes)."""
        succeeded = self.exported + self.unchanged + self.already_done + self.skipped
        return combined_exit_code(succeeded, self.failure_codes)

    def summary(self) -> str:
        """The one-line summary printed at the end of a run."""
        parts = [f"{self.exported} exported"]
        if self.unchanged:
            parts.append(f"{self.unchanged} unchanged")
        if self.already_done:
            parts.append(f"{self.already_done} already done")
        if self.skipped:
            parts.append(f"{self.skipped} skipped")
        parts.append(f"{self.failed} failed")
        head = f"{count(self.found, 'article')} found"
        if self.listing_pages:
            head += f" on {count(self.listing_pages, 'listing page')}"
        if self.bad_links:
            head += f" ({count(self.bad_links, 'malformed link')} skipped)"
        return f"jz: {head}: " + ", ".join(parts) + f" in {self.elapsed:.1f}s"


class Progress(Protocol):
    """Told about every event of a run; the CLI shows it, tests may record it."""

    def update(self, stats: RunStats, event: str, url: str = "", detail: str = "") -> None:
        """event: listing, found, fetched, exported, unchanged, skipped, failed, warning, done.

        `detail` is the error message of a failed URL or the reason a URL was skipped.
        """
        ...


class NoProgress:
    """A Progress that shows nothing."""

    def update(self, stats: RunStats, event: str, url: str = "", detail: str = "") -> None:
        return None


__all__ = ["NoProgress", "Progress", "RunStats", "count"]
