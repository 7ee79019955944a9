"""A WarcRun whose worker process dies (killed from outside): the pool is replaced, the
records it held run again, and the output is what a run without the death gives."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.batch.helpers import manifest
from tests.warc.archives import Rec, sample_pages, write_warc

from jzcli.batch.progress import RunStats
from jzcli.batch.runner import BatchOptions
from jzcli.errors import ExitCode
from jzcli.warc.run import WarcOptions, WarcRun, run_warc

PAGES = sample_pages()


class _KillAWorker:
    """A Progress that kills one of the run's worker processes (as the out-of-memory killer
    would) once `after` articles are exported, and holds the run until the pool knows it is
    broken: every call after that (and any it held) meets the broken pool."""

    def __init__(self, after: int) -> None:
        self.after = after
        self.run: WarcRun | None = None
        self.killed: int | None = None

    def update(self, stats: RunStats, event: str, url: str = "", detail: str = "") -> None:
        if event != "exported" or self.killed is not None or stats.exported < self.after:
            return
        assert self.run is not None
        pool: Any = self.run._pool
        self.killed = pool.processes[0]  # one of the pool's worker PIDs
        os.kill(self.killed, signal.SIGKILL)
        executor = pool._pool
        for _ in range(6000):  # the executor's own thread notices the death (up to a minute)
            if executor._broken:
                break
            time.sleep(0.01)
        assert executor._broken, "the pool did not notice its dead worker"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.glob("*.md")}


def _rows(folder: Path) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if k != "updated_at"} for r in manifest(folder)]


def test_a_worker_killed_from_outside_loses_nothing(tmp_path: Path) -> None:
    path = tmp_path / "many.warc.gz"
    recs = [Rec(f"http://news.example.cn/w/{i}.html", PAGES[i % len(PAGES)]) for i in range(80)]
    write_warc(path, recs)

    def options(out: Path) -> WarcOptions:
        return WarcOptions(batch=BatchOptions(out_dir=out, workers=2))

    clean = tmp_path / "clean"
    assert run_warc([str(path)], options(clean)).failed == 0

    out = tmp_path / "out"
    killer = _KillAWorker(after=2)
    run = WarcRun([str(path)], options(out), progress=killer)
    killer.run = run
    # Far more records than are in flight at the kill: the next call meets the broken pool,
    # which is then replaced, once. The records the dead worker held ran again and passed:
    # none of them killed it, so none fails.
    stats = asyncio.run(run.run())
    assert killer.killed is not None
    pool: Any = run._pool
    assert pool.replaced == 1
    assert stats.failed == 0
    assert _rows(out) == _rows(clean) and len(_rows(out)) == 80
    assert _files(out) == _files(clean)
    assert len(_files(out)) == sum(r["status"] == "done" for r in _rows(out)) > 40

    again = run_warc([str(path)], options(out))  # a rerun finds everything done
    assert again.failed == 0 and again.exported == 0
    assert _files(out) == _files(clean)


def test_a_record_that_kills_its_worker_fails_alone(tmp_path: Path) -> None:
    """`jz warc -j 2` (a subprocess) where one record kills the worker that extracts it
    (SIGSEGV, see tests/support/worker_crash): that record alone fails, every other is the
    same bytes as in a run without it, and the run goes on to its end (exit 5)."""
    crash_dir = Path(__file__).resolve().parents[1] / "support" / "worker_crash"
    from tests.support.worker_crash.sitecustomize import CRASH_MARK

    recs = [Rec(f"http://news.example.cn/w/{i}.html", PAGES[i % len(PAGES)]) for i in range(40)]
    culprit = 7
    recs[culprit].body = recs[culprit].body.replace(b"</body>", CRASH_MARK + b"</body>", 1)
    assert CRASH_MARK in recs[culprit].body
    bad = tmp_path / "bad.warc.gz"
    write_warc(bad, recs)
    # Here (no crashing module loaded) the marked record is harmless: what jz makes of all 40.
    clean = tmp_path / "clean"
    run_warc([str(bad)], WarcOptions(batch=BatchOptions(out_dir=clean, workers=2)))

    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(crash_dir), "NO_COLOR": "1"}
    cmd = [sys.executable, "-m", "jzcli", "warc", str(bad), "-o", str(out), "-j", "2"]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    assert proc.returncode == ExitCode.PARTIAL, proc.stderr
    assert "worker process died" in proc.stderr and "Traceback" not in proc.stderr
    rows = {r["url"]: r for r in _rows(out)}
    failed = {u for u, r in rows.items() if r["status"] == "failed"}
    assert failed == {recs[culprit].url}
    assert "retried alone" in rows[recs[culprit].url]["error"]
    others = {u: r for u, r in rows.items() if u not in failed}
    assert others == {r["url"]: r for r in _rows(clean) if r["url"] != recs[culprit].url}
    culprit_file = next(r["path"] for r in _rows(clean) if r["url"] == recs[culprit].url)
    assert _files(out) == {k: v for k, v in _files(clean).items() if k != culprit_file}
