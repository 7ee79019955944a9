"""The worker pool and its chunks: calls go to worker processes a few at a time, each call
keeps its own result or exception, and a worker that dies fails only the call that killed it
(the pool is replaced, the other calls it held run again alone)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import os

from jzcli.batch.workers import Chunks, WorkerDied, run_in_worker, worker_pool


def square_or_fail(n: int) -> tuple[int, int]:
    """n squared and the process that made it; ValueError for negative n."""
    if n < 0:
        raise ValueError(f"negative: {n}")
    return n * n, os.getpid()


def square_or_die(n: int) -> int:
    """n squared; a negative n ends the worker process (as a crash in a parser would)."""
    if n < 0:
        os._exit(3)
    return n * n


class _Counting:
    """A WorkerPool wrapper counting the round trips (submits) made to the pool."""

    def __init__(self, pool: object) -> None:
        self.pool = pool
        self.submits = 0

    def submit(self, *args: object, **kwargs: object) -> object:
        self.submits += 1
        return self.pool.submit(*args, **kwargs)  # type: ignore[attr-defined]


def test_calls_go_in_chunks_each_with_its_own_outcome() -> None:
    async def main(pool: object) -> tuple[list[object], int]:
        counting = _Counting(pool)
        chunks: Chunks[tuple[int, int]] = Chunks(counting, square_or_fail, in_flight=2, size=4)  # type: ignore[arg-type]
        calls = [chunks.call(n) for n in [*range(20), -1, 21, 22]]
        results = await asyncio.gather(*calls, return_exceptions=True)
        return results, counting.submits

    with worker_pool(2) as pool:
        assert pool is not None
        results, submits = asyncio.run(main(pool))
    values = [r for r in results if not isinstance(r, BaseException)]
    assert [v[0] for v in values] == [n * n for n in [*range(20), 21, 22]]
    assert all(pid != os.getpid() for _, pid in values)  # made in worker processes
    failed = results[20]
    assert isinstance(failed, ValueError) and str(failed) == "negative: -1"
    # 23 calls made at once: the first two go alone (no worker waits), the rest in fours.
    assert submits == 2 + 21 // 4 + 1


def test_a_large_call_goes_without_waiting_for_a_full_chunk() -> None:
    async def main(pool: object) -> int:
        counting = _Counting(pool)
        chunks: Chunks[tuple[int, int]] = Chunks(
            counting,
            square_or_fail,
            in_flight=1,
            size=4,
            max_bytes=1000,  # type: ignore[arg-type]
        )
        first = chunks.call(1)  # goes at once
        big = chunks.call(2, size=5000)  # a chunk of its own: over max_bytes
        await asyncio.gather(first, big)
        return counting.submits

    with worker_pool(2) as pool:
        assert asyncio.run(main(pool)) == 2


def test_a_dead_worker_fails_only_the_call_that_killed_it() -> None:
    async def main(pool: object) -> list[object]:
        chunks: Chunks[int] = Chunks(pool, square_or_die, in_flight=1, size=3)  # type: ignore[arg-type]
        first = [chunks.call(n) for n in (1, 2, -1, 3, 4, 5)]  # a chunk of one, then of three
        done = await asyncio.gather(*first, return_exceptions=True)
        later = await asyncio.gather(*(chunks.call(n) for n in (6, 7)))  # the new pool works
        return [*done, *later]

    with worker_pool(2) as pool:
        assert pool is not None
        results = asyncio.run(main(pool))
        assert pool.replaced == 1
    assert results[:2] == [1, 4] and results[3:] == [9, 16, 25, 36, 49]
    died = results[2]
    assert isinstance(died, WorkerDied) and "retried alone" in str(died)


def test_run_in_worker_recovers_from_a_dead_worker() -> None:
    """Calls sent one by one (as `jz batch` sends its articles): those in flight beside the
    one that kills its worker succeed, the killer fails, later calls use a fresh pool."""

    async def main(pool: object) -> list[object]:
        calls = [run_in_worker(pool, square_or_die, n) for n in (1, 2, -5, 3, 4, 5)]  # type: ignore[arg-type]
        return await asyncio.gather(*calls, return_exceptions=True)

    with worker_pool(2) as pool:
        assert pool is not None
        results = asyncio.run(main(pool))
        assert pool.replaced >= 1
        assert asyncio.run(main(pool))[3:] == [9, 16, 25]
    assert results[:2] == [1, 4] and results[3:] == [9, 16, 25]
    assert isinstance(results[2], WorkerDied)


class _Cancelling:
    """A pool that cancels every call before it runs (as shutdown(cancel_futures=True)
    does to the calls still waiting)."""

    def submit(self, *args: object) -> tuple[object, concurrent.futures.Future[object]]:
        future: concurrent.futures.Future[object] = concurrent.futures.Future()
        future.cancel()
        return self, future


def test_a_cancelled_chunk_fails_its_calls_without_cancelling_their_callers() -> None:
    """A call whose chunk the pool cancelled raises an ordinary error in its caller: not
    CancelledError, which would end the caller's task instead of failing one call."""

    async def main() -> BaseException | None:
        chunks: Chunks[int] = Chunks(_Cancelling(), square_or_fail, in_flight=1, size=2)  # type: ignore[arg-type]
        try:
            await chunks.call(1)
        except Exception as exc:
            return exc
        return None

    error = asyncio.run(main())
    assert isinstance(error, RuntimeError)
    assert "worker pool stopped" in str(error)


_KILL_MID_RESULT = """
import sys, time
from jzcli.batch.workers import WorkerPool
for round_ in range(6):
    pool = WorkerPool(2)
    # bytes(n): n zero bytes, so each result takes a while to go through the pipe.
    for k in range(400):
        pool.submit(bytes, 100_000 * (1 + k % 200))
    time.sleep(0.15 + 0.05 * round_)
    pool.shutdown(kill=True)
print("stopped")
"""


def test_killing_workers_while_they_send_big_results_does_not_hang_the_shutdown() -> None:
    # A worker terminated mid-way through sending a result leaves half a message in the
    # pool's result pipe; the shutdown must not wait for the rest of it. In a process of
    # its own, so that a hang fails the test instead of stopping the suite.
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", _KILL_MID_RESULT], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "stopped"
