"""`jz warc -j N` for several N on one set of benchmark WARC files; a table of records/s.

    python benchmarks/warc/scale.py WORK_DIR --jobs 1 2 4 8 16 [--budget SECONDS]

WORK_DIR/in/*.warc.gz must exist (build.py). Each run writes --jsonl-shards to WORK_DIR/jN;
the shards of every run are compared byte for byte with those of the first. A run is only
started while the time already spent plus the estimate for it (the previous run's time
scaled by the worker ratio) fits in --budget.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import exported, measure


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("work", type=Path)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2, 4, 8, 16])
    parser.add_argument("--budget", type=float, default=400.0)
    args = parser.parse_args()
    files = sorted(str(p) for p in (args.work / "in").glob("*.warc.gz"))
    records = (
        int((args.work / "in" / "RECORDS").read_text())
        if (args.work / "in" / "RECORDS").exists()
        else 0
    )
    start = time.perf_counter()
    print(
        f"cores: {os.cpu_count()}, affinity: {len(os.sched_getaffinity(0))}, "
        f"load: {os.getloadavg()}, {len(files)} files, {records} records",
        flush=True,
    )
    print(
        "| -j | wall | records/s | articles | speed-up vs -j 1 | efficiency | "
        "CPU per record | peak RSS main / worker | shards = -j 1 |",
        flush=True,
    )
    print("|---|---|---|---|---|---|---|---|---|", flush=True)
    first: tuple[int, float, Path] | None = None
    last: tuple[int, float] | None = None
    for n in args.jobs:
        spent = time.perf_counter() - start
        if last is not None and spent + last[1] * last[0] / n * 1.2 > args.budget:
            print(
                f"| {n} | skipped: not enough time left in the budget | | | | | | | |", flush=True
            )
            continue
        out = args.work / f"j{n}"
        m = measure(
            [
                sys.executable,
                "-m",
                "jzcli",
                "warc",
                *files,
                "-j",
                str(n),
                "--jsonl-shards",
                str(out),
                "-q",
            ]
        )
        wall = m["wall"]
        same = "(reference)"
        if first is None:
            first = (n, wall, out)
        else:
            same = str(
                all(
                    filecmp.cmp(a, out / a.name, shallow=False)
                    for a in sorted(first[2].glob("articles-*.jsonl.gz"))
                )
            )
        speedup = first[1] / wall
        print(
            f"| {n} | {wall:.1f} s | {records / wall:.1f} | {exported(out)} | {speedup:.2f} | "
            f"{speedup / n * first[0]:.2f} | {1000 * m['cpu'] / max(records, 1):.1f} ms | "
            f"{m['main_mb']:.0f} / {m['worker_mb']:.0f} MB | "
            f"{same} |",
            flush=True,
        )
        last = (n, wall)
    print(f"total {time.perf_counter() - start:.0f} s", flush=True)


if __name__ == "__main__":
    main()
