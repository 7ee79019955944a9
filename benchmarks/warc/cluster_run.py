"""Run `jz warc`'s cluster path on a 2-worker dask LocalCluster; print counts as JSON.

Besides the wall times, it reports the driver's settling: `settle_cpu_s`, the CPU of the
thread that ran `settle` (records, shards and manifest), and `tail_s`, the wall time from
the last task's end to the run's end (the settling left after the tasks). Where settling
ran only after the last task (jz before it overlapped the tasks), the tail is the whole of
`settle`'s wall time.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from distributed import LocalCluster

from jzcli.warc import cluster
from jzcli.warc.cluster import run_cluster
from jzcli.warc.run import WarcOptions

_settle = cluster.settle
timed: dict[str, float] = {}


def settle(*args: Any, **kwargs: Any) -> Any:
    cpu, wall = time.thread_time(), time.perf_counter()
    try:
        return _settle(*args, **kwargs)
    finally:
        timed["cpu"] = time.thread_time() - cpu
        timed["wall"] = time.perf_counter() - wall


cluster.settle = settle  # type: ignore[assignment]

if __name__ == "__main__":
    out, *files = sys.argv[1:]
    start = time.perf_counter()
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        ready = time.perf_counter()
        report = run_cluster(
            local.scheduler_address, files, WarcOptions(shard_dir=Path(out)), quiet=True
        )
        done = time.perf_counter()
    tail = getattr(report, "tail_s", None)
    print(
        json.dumps(
            {
                "exported": report.counts.get("exported", 0),
                "failed": len(report.failed),
                "startup_s": round(ready - start, 1),
                "tasks_s": round(done - ready, 1),
                "settle_cpu_s": round(timed.get("cpu", 0.0), 2),
                "tail_s": round(timed.get("wall", 0.0) if tail is None else tail, 2),
            }
        )
    )
