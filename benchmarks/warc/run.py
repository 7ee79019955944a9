"""jz warc on the dev extraction pages: -j 1, -j 2, a 2-worker LocalCluster, trafilatura.

    python benchmarks/warc/run.py [--records 5000] [--big 50000] [--work DIR]

Builds the benchmark WARC files (build.py), then in one run measures: parsing alone with
warcio and FastWARC; `jz warc -j 1` and `-j 2` (--jsonl-shards, the shards compared byte
for byte); the cluster path on a dask LocalCluster of 2 worker processes (its shards
compared with -j 1's too);
trafilatura (extract) on the same records in one process. Peak RSS comes from polling
every process of the run (VmHWM). --big N repeats the -j 2 run on N records for memory
(--only-big: that run alone), printing every minute the records settled and the peaks.
"""

from __future__ import annotations

import argparse
import contextlib
import filecmp
import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from build import DEFAULT_PAGES, build  # noqa: E402


def hwm_kb(proc: psutil.Process) -> int:
    try:
        with open(f"/proc/{proc.pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def settled(folder: Path) -> Callable[[], str]:
    """How many records a running `jz warc --jsonl-shards folder` has settled so far."""

    def count() -> str:
        try:
            db = sqlite3.connect(f"file:{folder / '.jz-state.sqlite'}?mode=ro", uri=True)
            with contextlib.closing(db):
                (n,) = db.execute(
                    "SELECT count(*) FROM articles WHERE status != 'pending'"
                ).fetchone()
            return f"{n} records settled, "
        except sqlite3.Error:
            return ""

    return count


def measure(
    cmd: list[str], env: dict[str, str] | None = None, progress: Callable[[], str] | None = None
) -> dict[str, float]:
    """Run cmd; wall time, the main process's and the largest child's peak RSS (MB).

    Every minute it prints the peaks so far (and `progress()`, when given)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    main = psutil.Process(proc.pid)
    peaks: dict[int, int] = {}
    cpu: dict[int, float] = {}
    last = start
    while proc.poll() is None:
        if time.perf_counter() - last > 60:
            last = time.perf_counter()
            others = sorted(round(kb / 1024) for pid, kb in peaks.items() if pid != proc.pid)
            print(
                f"  ... {last - start:.0f} s: {progress() if progress else ''}peak RSS so far: "
                f"main {round(peaks.get(proc.pid, 0) / 1024)} MB, others {others} MB",
                flush=True,
            )
        try:
            procs = [main, *main.children(recursive=True)]
        except psutil.Error:
            procs = [main]
        for p in procs:
            peaks[p.pid] = max(peaks.get(p.pid, 0), hwm_kb(p))
            try:
                times = p.cpu_times()
                cpu[p.pid] = times.user + times.system
            except psutil.Error:
                pass
        time.sleep(0.2)
    wall = time.perf_counter() - start
    out, err = proc.communicate()
    if proc.returncode not in (0, 5):
        raise SystemExit(f"{cmd} failed ({proc.returncode}): {err.decode()[-2000:]}")
    others = [kb for pid, kb in peaks.items() if pid != proc.pid]
    return {
        "wall": wall,
        "main_mb": peaks.get(proc.pid, 0) / 1024,
        "worker_mb": max(others, default=0) / 1024,
        "cpu": sum(cpu.values()),
        "main_cpu": cpu.get(proc.pid, 0.0),
        "stdout": out.decode(),
        "stderr": err.decode(),
    }


def exported(folder: Path) -> int:
    n = 0
    with (folder / "manifest.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            n += json.loads(line)["status"] == "done"
    return n


def parse_only(paths: list[Path]) -> dict[str, float]:
    """Records/s reading every response payload, warcio and (if installed) FastWARC."""
    from warcio.archiveiterator import ArchiveIterator

    out: dict[str, float] = {}
    start = time.perf_counter()
    n = 0
    for path in paths:
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "response":
                    record.content_stream().read()
                    n += 1
    out["warcio"] = n / (time.perf_counter() - start)
    try:
        from fastwarc.warc import ArchiveIterator as FastIterator
        from fastwarc.warc import WarcRecordType
    except ImportError:
        return out
    start = time.perf_counter()
    n = 0
    for path in paths:
        with path.open("rb") as fh:
            for record in FastIterator(fh, record_types=WarcRecordType.response, parse_http=True):
                record.reader.read()
                n += 1
    out["fastwarc"] = n / (time.perf_counter() - start)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--big", type=int, default=0, help="also -j 2 on this many records")
    parser.add_argument("--pages", type=Path, default=DEFAULT_PAGES)
    parser.add_argument("--work", type=Path, default=Path("/tmp/jz-warc-bench"))
    parser.add_argument("--no-trafilatura", action="store_true")
    parser.add_argument("--no-cluster", action="store_true")
    parser.add_argument(
        "--only-big", action="store_true", help="only the --big run (memory), nothing else"
    )
    parser.add_argument(
        "--peer-records",
        type=int,
        default=0,
        help="trafilatura, and jz -j 1 beside it, on the first N records only (0: all)",
    )
    args = parser.parse_args()
    work = args.work
    subprocess.run(["rm", "-rf", str(work)], check=True)
    if args.only_big:
        big_run(work, args.big, args.pages)
        return
    paths = build(work / "in", args.records, args.pages, 8)
    files = [str(p) for p in paths]
    py = sys.executable
    rows: list[tuple[str, float, int, dict[str, float]]] = []
    print(f"load average before: {os.getloadavg()}", flush=True)

    speeds = parse_only(paths)
    for name, rate in speeds.items():
        print(f"parse only, {name}: {rate:.0f} records/s", flush=True)

    runs = {}
    for n in (1, 2):
        out = work / f"j{n}"
        m = measure(
            [py, "-m", "jzcli", "warc", *files, "-j", str(n), "--jsonl-shards", str(out), "-q"]
        )
        runs[n] = out
        rows.append((f"jz warc -j {n}", m["wall"], exported(out), m))
        print(
            rows[-1][:3], f"main {m['main_mb']:.0f} MB worker {m['worker_mb']:.0f} MB", flush=True
        )
    same = all(
        filecmp.cmp(a, runs[2] / a.name, shallow=False)
        for a in sorted(runs[1].glob("articles-*.jsonl.gz"))
    )
    print(f"-j 2 shards identical to -j 1: {same}", flush=True)

    if not args.no_cluster:
        out = work / "cluster"
        m = measure([py, str(HERE / "cluster_run.py"), str(out), *files])
        info = json.loads(m["stdout"].strip().splitlines()[-1])
        rows.append(("LocalCluster, 2 workers", m["wall"], info["exported"], m))
        print(rows[-1][:3], info, f"worker {m['worker_mb']:.0f} MB", flush=True)
        names = sorted(a.name for a in runs[1].glob("articles-*.jsonl.gz"))
        same = names == sorted(a.name for a in out.glob("articles-*.jsonl.gz")) and all(
            filecmp.cmp(runs[1] / name, out / name, shallow=False) for name in names
        )
        print(f"cluster shards identical to -j 1: {same}", flush=True)

    peer: list[tuple[str, float, int, int, dict[str, float]]] = []
    if not args.no_trafilatura:
        peer_files, peer_n = files, args.records
        if args.peer_records:
            peer_n = min(args.peer_records, args.records)
            peer_files = [str(p) for p in build(work / "peer", peer_n, args.pages, 8)]
            out = work / "peer-j1"
            cmd = [py, "-m", "jzcli", "warc", *peer_files, "-j", "1", "--jsonl-shards", str(out)]
            m = measure([*cmd, "-q"])
            peer.append(
                (f"jz warc -j 1, first {peer_n} records", m["wall"], exported(out), peer_n, m)
            )
            print(peer[-1][:3], flush=True)
        m = measure([py, str(HERE / "trafilatura_run.py"), *peer_files])
        name = f"trafilatura (extract), 1 process, {peer_n} records"
        peer.append((name, m["wall"], int(m["stdout"].split()[0]), peer_n, m))
        print(peer[-1][:3], flush=True)

    print(f"\n{args.records} records, load average after: {os.getloadavg()}\n")
    print(
        "| run | wall | records/s | articles | articles/s | CPU per record (main process) "
        "| peak RSS main/worker |"
    )
    print("|---|---|---|---|---|---|---|")
    table = [(name, wall, arts, args.records, m) for name, wall, arts, m in rows] + peer
    for name, wall, arts, n, m in table:
        print(
            f"| {name} | {wall:.1f} s | {n / wall:.1f} | {arts} | {arts / wall:.1f} "
            f"| {1000 * m['cpu'] / n:.1f} ms ({1000 * m['main_cpu'] / n:.1f} ms) "
            f"| {m['main_mb']:.0f} / {m['worker_mb']:.0f} MB |"
        )
    j1, j2 = rows[0][1], rows[1][1]
    print(f"\nspeed-up -j 2 / -j 1: {j1 / j2:.2f}")
    if peer:
        mine = peer[0] if args.peer_records else table[0]
        t = peer[-1]
        ratio = (mine[2] / mine[1]) / (t[2] / t[1])
        print(f"jz -j 1 articles/s / trafilatura articles/s: {ratio:.2f}")
    print(f"per record, -j 1: {1000 * j1 / args.records:.1f} ms wall")

    if args.big:
        big_run(work, args.big, args.pages)


def big_run(work: Path, records: int, pages: Path) -> None:
    """`jz warc -j 2` on many records; the peaks are printed every minute with the records
    settled so far, so one run shows the worker's peak at 5,000 records and at the end."""
    big = build(work / "big", records, pages, 8)
    out = work / "bigj2"
    cmd = [sys.executable, "-m", "jzcli", "warc", *map(str, big), "-j", "2"]
    m = measure([*cmd, "--jsonl-shards", str(out), "-q"], progress=settled(out))
    print(
        f"\n{records} records, -j 2: {m['wall']:.1f} s, {records / m['wall']:.1f} "
        f"records/s, {exported(out)} articles, peak RSS main {m['main_mb']:.0f} MB, "
        f"worker {m['worker_mb']:.0f} MB"
    )


if __name__ == "__main__":
    main()
