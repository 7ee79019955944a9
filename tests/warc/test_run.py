"""A WarcRun whose worker process dies (killed from outside): the pool is replaced, the
records it held run again, and the output is what a run without the death gives."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path
from typing import Any

from tests.batch.helpers import manifest
from tests.warc.archives import Rec, sample_pages, write_warc

from jzcli.batch.progress import RunStats
from jzcli.batch.runner import BatchOptions
from jzcli.warc.run import WarcOptions, WarcRun, run_warc

PAGES = sample_pages()


class _KillAWorker:
    """A Progress that kills one of the run's worker processes (as the out-of-memory killer
    would) once `after` articles are exported."""

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
    # Far more records than are in flight at the kill: later ones meet the broken pool
    # unless it is replaced. The records the dead worker held ran again, alone, and passed:
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
