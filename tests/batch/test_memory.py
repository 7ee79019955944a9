"""The batch memory budget: large pages are parsed fewer at a time, whatever the concurrency."""

from __future__ import annotations

import asyncio
from pathlib import Path

from jzcli.batch.memory import WORKING_FACTOR, MemoryBudget
from jzcli.batch.runner import BatchOptions, BatchRun
from jzcli.settings import FetchSettings
from tests.robustness.pages import distinct_article
from tests.support.server import LocalServer, Reply


def big_article(n: int, size: int) -> tuple[bytes, list[str]]:
    """An article page padded to about `size` bytes with a comment (read, never shown)."""
    html, paragraphs = distinct_article(n)
    padding = "<!-- " + "填充" * (size // 6) + " -->"
    return html.replace("<body>", "<body>" + padding, 1).encode("utf-8"), paragraphs


def test_large_pages_wait_for_the_budget(server: LocalServer, tmp_path: Path) -> None:
    size = 400_000
    urls = []
    for n in range(6):
        body, _ = big_article(200 + n, size)
        server.route(f"/a/2024010{n}_1.html", Reply(body, headers={"Content-Type": "text/html"}))
        urls.append(server.url(f"/a/2024010{n}_1.html"))
    budget = 2 * size * WORKING_FACTOR + 1000  # room for two such pages, not three
    options = BatchOptions(
        out_dir=tmp_path / "out",
        fmt="txt",
        concurrency=6,
        per_host=6,
        robots=False,
        memory_budget=budget,
        fetch=FetchSettings(retries=0),
    )
    run = BatchRun(options)
    stats = asyncio.run(run.urls(urls))
    assert stats.exported == 6 and stats.failed == 0
    assert run.memory.used == 0
    assert size * WORKING_FACTOR <= run.memory.peak <= budget


def test_a_page_larger_than_the_budget_runs_alone() -> None:
    async def scenario() -> list[str]:
        budget = MemoryBudget(1000)
        events: list[str] = []

        async def article(name: str, size: int) -> None:
            async with budget.reserve(size):
                events.append(f"start {name}")
                await asyncio.sleep(0.01)
                events.append(f"end {name}")

        await asyncio.gather(article("huge", 10_000), article("small", 1))
        return events

    events = asyncio.run(scenario())
    assert events in (
        ["start huge", "end huge", "start small", "end small"],
        ["start small", "end small", "start huge", "end huge"],
    )
