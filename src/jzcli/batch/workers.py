"""The CPU stage in worker processes: `process_pages` run by a pool, fed by the async runner.

Fetching and the state store stay in the main process; only (pages, settings) go to a
worker and only the Article comes back, so a worker holds one article at a time and its
memory stays flat however long the run. process_pages is a pure function, so which worker
ran an article never shows in the output.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import Any, TypeVar

from jzcli.models import Article, Page
from jzcli.pipeline import process_pages
from jzcli.settings import Settings

T = TypeVar("T")


def default_workers() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@contextlib.contextmanager
def worker_pool(workers: int) -> Iterator[Executor | None]:
    """A process pool of `workers` processes, or None (run in a thread) for one worker."""
    if workers <= 1:
        yield None
        return
    if sys.platform.startswith("linux"):
        # forkserver: workers start from a clean process that has the pipeline imported,
        # never from a copy of the running event loop and its threads.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["jzcli.pipeline"])
    else:
        context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


async def run_in_worker(pool: Executor | None, func: Callable[..., T], *args: Any) -> T:
    """func(*args) on a worker process (or a thread without a pool); func must be picklable."""
    if pool is None:
        return await asyncio.to_thread(func, *args)
    return await asyncio.get_running_loop().run_in_executor(pool, func, *args)


async def run_pipeline(pool: Executor | None, pages: Sequence[Page], settings: Settings) -> Article:
    """process_pages on a worker process (or a thread without a pool)."""
    return await run_in_worker(pool, process_pages, list(pages), settings)


__all__ = ["default_workers", "run_in_worker", "run_pipeline", "worker_pool"]
