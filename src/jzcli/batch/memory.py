"""A memory budget for the CPU stage of a run: large pages run fewer at a time.

Parsing and extracting a page needs up to about 20 times its size (`jzcli.extract.tree`
bounds it there). With `-j 8`, eight 10 MB pages at once would need 1.6 GB; the budget makes
an article reserve that much before it is parsed and wait while the rest is in use, so a
run's working memory stays under the budget whatever the concurrency. Small pages never
wait; a page larger than the whole budget runs alone.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

WORKING_FACTOR = 20
"""Working memory of a page, as a multiple of its size in bytes."""
DEFAULT_BUDGET = 768 * 1024 * 1024


class MemoryBudget:
    """Bytes of working memory that articles reserve while they are parsed and extracted."""

    def __init__(self, total: int = DEFAULT_BUDGET) -> None:
        self.total = total
        self.used = 0
        self.peak = 0
        """The most reserved at once (for tests and reports)."""
        self._changed = asyncio.Condition()

    def need(self, page_bytes: int) -> int:
        """What an article of `page_bytes` reserves (never more than the whole budget)."""
        return min(self.total, max(1, page_bytes * WORKING_FACTOR))

    @contextlib.asynccontextmanager
    async def reserve(self, page_bytes: int) -> AsyncIterator[None]:
        """Hold `need(page_bytes)` of the budget for the block, waiting until it is free."""
        need = self.need(page_bytes)
        async with self._changed:
            await self._changed.wait_for(lambda: self.used + need <= self.total)
            self.used += need
            self.peak = max(self.peak, self.used)
        try:
            yield
        finally:
            async with self._changed:
                self.used -= need
                self._changed.notify_all()
