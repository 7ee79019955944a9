"""Run `jz warc`'s cluster path on a 2-worker dask LocalCluster; print counts as JSON."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from distributed import LocalCluster

from jzcli.warc.cluster import run_cluster
from jzcli.warc.run import WarcOptions

if __name__ == "__main__":
    out, *files = sys.argv[1:]
    start = time.perf_counter()
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        ready = time.perf_counter()
        report = run_cluster(
            cluster.scheduler_address, files, WarcOptions(shard_dir=Path(out)), quiet=True
        )
        done = time.perf_counter()
    print(
        json.dumps(
            {
                "exported": report.counts.get("exported", 0),
                "failed": len(report.failed),
                "startup_s": round(ready - start, 1),
                "tasks_s": round(done - ready, 1),
                "settle_cpu_s": round(report.settle_cpu_s, 1),
            }
        )
    )
