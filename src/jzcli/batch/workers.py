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
from typing import Any, Generic, TypeVar

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


def _run_chunk(func: Callable[..., T], calls: list[tuple[Any, ...]]) -> list[tuple[bool, Any]]:
    """func(*args) for each call, in a worker: (True, result) or (False, the exception)."""
    out: list[tuple[bool, Any]] = []
    for args in calls:
        try:
            out.append((True, func(*args)))
        except Exception as exc:
            out.append((False, exc))
    return out


class Chunks(Generic[T]):
    """Calls of one function handed to a process pool a few at a time.

    Each round trip to a pool costs the calling process a pickling, a wake-up of the pool's
    thread and a future (about 0.3 ms of its CPU here, and 0.15 ms of the worker's); a chunk
    of `size` calls pays it once. A chunk goes out when it is full (or holds `max_bytes` of
    arguments, as told by `call`), and at once whenever fewer than `in_flight` chunks are
    at the pool, so that no worker waits for a chunk to fill; a finished chunk sends the
    calls gathered meanwhile. Each call's result (or exception) is its own.
    """

    def __init__(
        self,
        pool: Executor,
        func: Callable[..., T],
        *,
        in_flight: int,
        size: int = 4,
        max_bytes: int = 4 << 20,
    ) -> None:
        self._pool = pool
        self._func = func
        self._in_flight = max(1, in_flight)
        self._size = max(1, size)
        self._max_bytes = max_bytes
        self._pending: list[tuple[tuple[Any, ...], asyncio.Future[T]]] = []
        self._bytes = 0
        self._running = 0

    def call(self, *args: Any, size: int = 0) -> asyncio.Future[T]:
        """func(*args) in a worker (`size`: about how many bytes the arguments hold)."""
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._pending.append((args, future))
        self._bytes += size
        full = len(self._pending) >= self._size or self._bytes >= self._max_bytes
        if full or self._running < self._in_flight:
            self._send()
        return future

    def _send(self) -> None:
        chunk, self._pending, self._bytes = self._pending, [], 0
        try:
            submitted = self._pool.submit(_run_chunk, self._func, [a for a, _ in chunk])
        except Exception as exc:  # a pool broken by an earlier chunk's dead worker
            for _, future in chunk:
                if not future.done():
                    future.set_exception(exc)
            return
        self._running += 1
        done = asyncio.wrap_future(submitted)
        done.add_done_callback(lambda finished: self._finished(finished, chunk))

    def _finished(
        self,
        finished: asyncio.Future[list[tuple[bool, Any]]],
        chunk: list[tuple[tuple[Any, ...], asyncio.Future[T]]],
    ) -> None:
        self._running -= 1
        failure = None if finished.cancelled() else finished.exception()
        if finished.cancelled() or failure is not None:  # the pool broke (a worker died)
            # Not CancelledError: the callers' tasks were not cancelled, their calls failed.
            error = failure or RuntimeError("the worker pool stopped before running this call")
            for _, future in chunk:
                if not future.done():
                    future.set_exception(error)
        else:
            for (_, future), (ok, value) in zip(chunk, finished.result()):
                if future.done():
                    continue
                if ok:
                    future.set_result(value)
                else:
                    future.set_exception(value)
        if self._pending and self._running < self._in_flight:
            self._send()


async def run_pipeline(pool: Executor | None, pages: Sequence[Page], settings: Settings) -> Article:
    """process_pages on a worker process (or a thread without a pool)."""
    return await run_in_worker(pool, process_pages, list(pages), settings)


__all__ = ["Chunks", "default_workers", "run_in_worker", "run_pipeline", "worker_pool"]
