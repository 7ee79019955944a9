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
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import BrokenExecutor, Future, ProcessPoolExecutor
from typing import Any, Generic, TypeVar

from jzcli.errors import JzError
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


class WorkerDied(JzError):
    """An article whose processing killed a worker process twice (once alone)."""


def _quiet_worker() -> None:
    """A worker ignores Ctrl-C: the terminal sends it to the whole process group, and the
    `jz` process stops its workers itself (a worker's KeyboardInterrupt printed a traceback)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _new_pool(workers: int) -> ProcessPoolExecutor:
    if sys.platform.startswith("linux"):
        # forkserver: workers start from a clean process that has the pipeline imported,
        # never from a copy of the running event loop and its threads.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["jzcli.pipeline"])
    else:
        context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_quiet_worker)


def _outcome(future: Future[T]) -> asyncio.Future[T]:
    """An asyncio future settled as a pool's `future` is, whose cancellation leaves it alone.

    asyncio.wrap_future cancels the pool's future when the waiting task is cancelled (Ctrl-C,
    SIGTERM). A pool's pending future must never be cancelled from outside: Python 3.11's
    pool thread then fails on it when the pool breaks (workers killed by the same signal),
    dies before failing the other pending calls, and their waiters wait for ever. The pool
    settles (or, at shutdown with cancel_futures, cancels) each of its futures itself.
    """
    loop = asyncio.get_running_loop()
    outcome: asyncio.Future[T] = loop.create_future()

    def settle(done: Future[T]) -> None:  # in the loop's thread
        if outcome.done():  # its waiter was cancelled
            return
        if done.cancelled():
            outcome.cancel()
        elif (error := done.exception()) is not None:
            outcome.set_exception(error)
        else:
            outcome.set_result(done.result())

    def settled(done: Future[T]) -> None:  # in the pool's thread
        with contextlib.suppress(RuntimeError):  # the loop is closed: nobody waits
            loop.call_soon_threadsafe(settle, done)

    future.add_done_callback(settled)
    return outcome


class WorkerPool:
    """A process pool that outlives the death of a worker.

    A worker that dies (a crash in a C parser on a hostile page, the out-of-memory killer)
    breaks a ProcessPoolExecutor: every call it held fails, and so would every later one.
    Here the broken pool is replaced by a fresh one, and each call it held is run again
    alone, one at a time, in a pool of its own process: a call that kills that process too
    is the culprit and fails with WorkerDied; the others, its innocent neighbours, succeed.

    The retries are serial, so a death at a high worker count costs a pause (dozens of calls
    in one process) and, when memory rather than a page killed the worker, the lone process
    may be killed too and an innocent call fail (a rerun passes). Retrying first on the fresh
    pool does not help against a culprit: it kills that pool too, and the calls beside it.
    """

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool = _new_pool(workers)
        self._alone: ProcessPoolExecutor | None = None
        self._alone_lock: asyncio.Lock | None = None
        self._alone_loop: asyncio.AbstractEventLoop | None = None
        self._retired: list[ProcessPoolExecutor] = []
        self.closed = False
        """Shut down: a broken pool is not replaced, and nothing runs alone any more."""
        self.replaced = 0
        """How many times a broken pool was replaced (for tests and reports)."""

    @property
    def processes(self) -> list[int]:
        """The PIDs of the current pool's worker processes."""
        return list(getattr(self._pool, "_processes", None) or {})

    def submit(self, func: Callable[..., T], *args: Any) -> tuple[ProcessPoolExecutor, Future[T]]:
        """func(*args) in the current pool (replacing it first if it is broken already);
        the pool it went to comes back too, for `replace`."""
        pool = self._pool
        try:
            return pool, pool.submit(func, *args)
        except BrokenExecutor:
            self.replace(pool)
            return self._pool, self._pool.submit(func, *args)

    def replace(self, broken: ProcessPoolExecutor) -> None:
        """A fresh pool in place of `broken` (once, however many of its calls report it)."""
        if broken is not self._pool or self.closed:
            return
        # Not cancel_futures: a broken pool fails each call it held with BrokenExecutor,
        # which sends it to run_alone; a cancelled one would be lost.
        broken.shutdown(wait=False)
        self._retired.append(broken)
        self._pool = _new_pool(self.workers)
        self.replaced += 1

    async def run(self, func: Callable[..., T], *args: Any) -> T:
        """func(*args) in a worker; run again alone if a worker died meanwhile."""
        pool, future = self.submit(func, *args)
        try:
            return await _outcome(future)
        except BrokenExecutor:
            self.replace(pool)
        return await self.run_alone(func, *args)

    async def run_alone(self, func: Callable[..., T], *args: Any) -> T:
        """func(*args) alone in a process of its own; WorkerDied if it kills that too."""
        if self.closed:
            raise RuntimeError("the worker pool stopped before running this call")
        loop = asyncio.get_running_loop()
        if self._alone_lock is None or self._alone_loop is not loop:  # a lock serves one loop
            self._alone_lock, self._alone_loop = asyncio.Lock(), loop
        async with self._alone_lock:
            if self._alone is None:
                self._alone = _new_pool(1)
            try:
                return await _outcome(self._alone.submit(func, *args))
            except BrokenExecutor:
                self._alone.shutdown(wait=False)
                self._retired.append(self._alone)
                self._alone = None
                raise WorkerDied(
                    "a worker process died processing this page, and again when it was "
                    "retried alone (a crash in a parser, or out of memory). The other "
                    "articles went on; rerunning retries this one"
                ) from None

    def shutdown(self, *, kill: bool = False) -> None:
        """Stop every pool. `kill`: the run is stopping (Ctrl-C, SIGTERM, a full disk) and
        wants no more results, so the workers end now instead of finishing their calls (a
        hostile page can hold one for minutes; they ignore Ctrl-C, and a second Ctrl-C
        during that wait left the pools unable ever to tell them to stop)."""
        self.closed = True
        pools = [pool for pool in (self._pool, self._alone, *self._retired) if pool is not None]
        if kill:
            for pool in pools:
                processes = list((getattr(pool, "_processes", None) or {}).values())
                for process in processes:
                    with contextlib.suppress(OSError, ValueError):
                        process.terminate()
                for process in processes:
                    with contextlib.suppress(OSError, ValueError, AssertionError):
                        process.join(5)
                # A worker killed mid-way through sending a result leaves half a message in
                # the result pipe; the pool's thread would wait for the rest for ever (this
                # process holds the pipe's other write end). Closing that end gives it EOF,
                # and it winds the pool up as broken.
                writer = getattr(getattr(pool, "_result_queue", None), "_writer", None)
                with contextlib.suppress(Exception):
                    if writer is not None:
                        writer.close()
        for pool in pools:
            pool.shutdown(wait=True, cancel_futures=True)


@contextlib.contextmanager
def worker_pool(workers: int) -> Iterator[WorkerPool | None]:
    """A process pool of `workers` processes, or None (run in a thread) for one worker."""
    if workers <= 1:
        yield None
        return
    pool = WorkerPool(workers)
    try:
        yield pool
    except BaseException:
        pool.shutdown(kill=True)
        raise
    pool.shutdown()


async def run_in_worker(pool: WorkerPool | None, func: Callable[..., T], *args: Any) -> T:
    """func(*args) on a worker process (or a thread without a pool); func must be picklable.

    A call that kills its worker raises WorkerDied; the other calls are unharmed.
    """
    if pool is None:
        return await asyncio.to_thread(func, *args)
    return await pool.run(func, *args)


def _run_chunk(func: Callable[..., T], calls: list[tuple[Any, ...]]) -> list[tuple[bool, Any]]:
    """func(*args) for each call, in a worker: (True, result) or (False, the exception)."""
    out: list[tuple[bool, Any]] = []
    for args in calls:
        try:
            out.append((True, func(*args)))
        except Exception as exc:
            out.append((False, exc))
    return out


def _settle(future: asyncio.Future[T], ok: bool, value: Any) -> None:
    """Give a call's future what `_run_chunk` returned for it, unless it is settled already."""
    if future.done():
        return
    if ok:
        future.set_result(value)
    else:
        future.set_exception(value)


class Chunks(Generic[T]):
    """Calls of one function handed to a process pool a few at a time.

    Each round trip to a pool costs the calling process a pickling, a wake-up of the pool's
    thread and a future (about 0.3 ms of its CPU here, and 0.15 ms of the worker's); a chunk
    of `size` calls pays it once. A chunk goes out when it is full (or holds `max_bytes` of
    arguments, as told by `call`), and at once whenever fewer than `in_flight` chunks are
    at the pool, so that no worker waits for a chunk to fill; a finished chunk sends the
    calls gathered meanwhile. Each call's result (or exception) is its own; when a worker
    dies, each call of its chunk is run again alone (WorkerPool), so only the call that
    killed it fails.
    """

    def __init__(
        self,
        pool: WorkerPool,
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
        self._retries: set[asyncio.Task[None]] = set()

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
            pool, submitted = self._pool.submit(_run_chunk, self._func, [a for a, _ in chunk])
        except Exception as exc:  # the pool cannot take calls at all (shut down)
            for _, future in chunk:
                if not future.done():
                    future.set_exception(exc)
            return
        self._running += 1
        done = asyncio.wrap_future(submitted)
        done.add_done_callback(lambda finished: self._finished(finished, chunk, pool))

    def _finished(
        self,
        finished: asyncio.Future[list[tuple[bool, Any]]],
        chunk: list[tuple[tuple[Any, ...], asyncio.Future[T]]],
        pool: ProcessPoolExecutor,
    ) -> None:
        self._running -= 1
        failure = None if finished.cancelled() else finished.exception()
        if isinstance(failure, BrokenExecutor) and not self._pool.closed:
            # A worker died: which call killed it? (Not when the pools were stopped.)
            self._pool.replace(pool)
            for args, future in chunk:
                if not future.done():
                    self._retry_alone(args, future)
        elif finished.cancelled() or failure is not None:
            # Not CancelledError: the callers' tasks were not cancelled, their calls failed.
            error = failure or RuntimeError("the worker pool stopped before running this call")
            for _, future in chunk:
                if not future.done():
                    future.set_exception(error)
        else:
            for (_, future), (ok, value) in zip(chunk, finished.result()):
                _settle(future, ok, value)
        if self._pending and self._running < self._in_flight:
            self._send()

    def _retry_alone(self, args: tuple[Any, ...], future: asyncio.Future[T]) -> None:
        """One call of a chunk whose worker died, run again alone (WorkerPool.run_alone)."""

        async def retry() -> None:
            try:
                value = await self._pool.run_alone(_run_chunk, self._func, [args])
            except Exception as exc:  # WorkerDied: this call is the culprit
                if not future.done():
                    future.set_exception(exc)
                return
            _settle(future, *value[0])

        task = asyncio.get_running_loop().create_task(retry())
        self._retries.add(task)
        task.add_done_callback(self._retries.discard)


async def run_pipeline(
    pool: WorkerPool | None, pages: Sequence[Page], settings: Settings
) -> Article:
    """process_pages on a worker process (or a thread without a pool)."""
    return await run_in_worker(pool, process_pages, list(pages), settings)


__all__ = [
    "Chunks",
    "WorkerDied",
    "WorkerPool",
    "default_workers",
    "run_in_worker",
    "run_pipeline",
    "worker_pool",
]
