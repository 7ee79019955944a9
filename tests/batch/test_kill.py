"""Kill `jz column` with SIGKILL mid-run (a real subprocess), rerun, lose and duplicate nothing."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from jzcli.batch.runner import BatchOptions, BatchRun
from jzcli.settings import FetchSettings
from tests.batch.helpers import article_files, check_consistent, manifest, marker_counts
from tests.batch.site import NewsSite, marker
from tests.support.server import LocalServer

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def _start(url: str, out: Path) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "jzcli", "column", url, "-o", str(out), "--per-host", "4", "-q"]
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


def _kill_after(proc: subprocess.Popen[bytes], out: Path, files: int) -> None:
    """SIGKILL the process once `files` article files exist (or when it ends by itself)."""
    while proc.poll() is None and len(article_files(out)) < files:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.communicate()


def test_sigkill_then_rerun_loses_and_duplicates_nothing(
    server: LocalServer, tmp_path: Path
) -> None:
    site = NewsSite(server, local_count=96, gbk_count=0, delay=0.02)
    out = tmp_path / "out"
    url = site.listing_url("local")

    first = _start(url, out)
    _kill_after(first, out, 15)
    assert first.returncode == -signal.SIGKILL
    partial = len(article_files(out))
    assert 0 < partial < 96

    second = _start(url, out)
    _kill_after(second, out, 50)

    site.delay = 0.0
    last = subprocess.run(
        [sys.executable, "-m", "jzcli", "column", url, "-o", str(out), "--per-host", "4"],
        capture_output=True,
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
    )
    assert last.returncode == 0, last.stderr.decode()
    assert b"96 exported" not in last.stderr  # the earlier runs' work was kept
    rows = check_consistent(out)
    assert len(rows) == 96 and all(r["status"] == "done" for r in rows.values())
    assert len(article_files(out)) == 96
    counts = marker_counts(out, [marker(site, "local", i) for i in range(96)])
    assert set(counts.values()) == {1}
    assert len({line["path"] for line in manifest(out)}) == 96


def test_an_article_written_as_the_run_is_stopped_is_listed(
    server: LocalServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Ctrl-C while an article's file is being written: the write ends and the row is done
    # (the file is there), so its path must be on stdout too; a rerun skips it as done and
    # would never list it.
    import jzcli.batch.runner as runner

    site = NewsSite(server, local_count=1, gbk_count=0, multipage_every=0)
    url = site.all_article_urls("local")[0]
    writing, release = threading.Event(), threading.Event()
    real_write = runner.write_atomic

    def slow_write(path: Path, data: bytes) -> None:  # the thread asyncio.to_thread runs
        writing.set()
        release.wait(30)
        real_write(path, data)

    monkeypatch.setattr(runner, "write_atomic", slow_write)
    listed: list[str] = []
    out = tmp_path / "out"
    options = BatchOptions(out_dir=out, robots=False, fetch=FetchSettings(retries=0))

    async def scenario() -> None:
        run = asyncio.ensure_future(BatchRun(options, emit=listed.append).urls([url]))
        await asyncio.to_thread(writing.wait, 30)
        run.cancel()  # what Ctrl-C does to the run's task
        await asyncio.sleep(0.05)
        release.set()
        with pytest.raises(asyncio.CancelledError):
            await run

    asyncio.run(scenario())
    rows = check_consistent(out)
    assert rows[url]["status"] == "done"
    assert listed == [str(out / rows[url]["path"]) + "\n"]


def test_a_failure_while_the_run_is_being_stopped_leaves_the_url_pending(
    server: LocalServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SIGTERM to the process group kills the worker processes and the forkserver with the
    # batch: the article in a worker then failed as 'internal error: ConnectionRefusedError'
    # (no forkserver to start a process to retry it alone), a line on stderr before
    # `terminated` and a failed row, though the stop, not the URL, was the cause. Seen about
    # once in 15 group stops under load; here the failure comes once the stop is asked for.
    import jzcli.batch.runner as runner

    site = NewsSite(server, local_count=1, gbk_count=0, multipage_every=0)
    url = site.all_article_urls("local")[0]
    entered = threading.Event()
    failure: asyncio.Future[None] | None = None

    async def dying_pipeline(*_: object) -> None:
        nonlocal failure
        failure = asyncio.get_running_loop().create_future()
        entered.set()
        await failure  # raises what the scenario sets

    monkeypatch.setattr(runner, "run_in_worker", dying_pipeline)  # a single-page article's call
    listed: list[str] = []
    out = tmp_path / "out"
    options = BatchOptions(out_dir=out, robots=False, fetch=FetchSettings(retries=0))

    async def scenario() -> None:
        run = asyncio.ensure_future(BatchRun(options, emit=listed.append).urls([url]))
        await asyncio.to_thread(entered.wait, 30)
        assert failure is not None
        # The broken pool's error reaches the article's task before the stop's cancellation
        # reaches the tasks (it is first in the loop's queue), as when the signal's handler
        # has just cancelled the run.
        failure.set_exception(ConnectionRefusedError(111, "Connection refused"))
        run.cancel()
        with pytest.raises(asyncio.CancelledError):
            await run

    asyncio.run(scenario())
    rows = check_consistent(out)
    assert rows[url]["status"] == "pending", rows[url]
    assert listed == []
