"""Benchmark `jz column` / `jz batch` against a generated local site with injected latency.

    python benchmarks/column/run.py                      # 2,000 articles, 50 ms, 4 per host
    python benchmarks/column/run.py --articles 20000 --latency 0.005 --no-trafilatura
    python benchmarks/column/run.py --dev-pages --per-host 8 --latency 0.2 --workers 1 2

`--dev-pages` serves the 1,606 pages of the three extraction dev sets (real pages that cost
real CPU to extract) as the column's articles instead of the small generated ones; `--workers`
runs `jz column` once per worker count (`-j`).

The site (tests/batch/site.py) is served by the test HTTP server in this process; jz and
trafilatura run as subprocesses so their peak RSS is their own (os.wait4). Throughput is
reported against the ideal N x latency / concurrency (article requests only).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.batch.site import NewsSite  # noqa: E402
from tests.support.server import LocalServer, Reply  # noqa: E402

HERE = Path(__file__).resolve().parent
DEV_SETS = ("scrapinghub", "zh-cwce", "wcxb-dev")
CPU_SECONDS: list[tuple[float, float]] = []


def dev_pages() -> list[bytes]:
    """The raw bytes of every page of the extraction dev sets, in a fixed order."""
    import gzip

    pages = []
    for name in DEV_SETS:
        folder = ROOT.parent / "shared" / "bench" / "extraction" / name
        truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
        for key in sorted(truth):
            names = [truth[key]["file"]] if truth[key].get("file") else []
            names += [f"html/{key}.html.gz", f"html/{key}.html"]
            page = next(folder / n for n in names if (folder / n).exists())
            raw = page.read_bytes()
            pages.append(gzip.decompress(raw) if page.name.endswith(".gz") else raw)
    return pages


def _become_subreaper() -> bool:
    """Adopt this process's orphaned descendants (Linux PR_SET_CHILD_SUBREAPER), so that the
    forkserver of `jz -j N`, which jz never waits for, and its workers are waited for here
    and their CPU time is counted."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    return bool(libc.prctl(36, 1, 0, 0, 0) == 0)  # PR_SET_CHILD_SUBREAPER


SUBREAPER = _become_subreaper()


def _reap_orphans(timeout: float = 30.0) -> None:
    """Wait for the descendants a finished command left behind (they exit once it has)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            time.sleep(0.02)


def run(cmd: list[str], work: Path) -> tuple[float, float, int, bytes]:
    """Wall seconds, peak RSS (MB, VmHWM of the process itself), exit status, stderr.

    CPU seconds (user + system) go to CPU_SECONDS as (the command's process with the children
    it waited for, all its processes): the second adds the forkserver of `-j N` and the
    workers it forked, which outlive jz's main process by a moment and are adopted and waited
    for here (see `_become_subreaper`); without a subreaper both are the first."""
    # Bytecode as installed packages have it (this environment may set
    # PYTHONDONTWRITEBYTECODE, which makes a checkout compile every module at each start).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(NO_COLOR="1", PYTHONPYCACHEPREFIX=str(work / "pycache"))
    peak_file = work / "peak.txt"
    peak_file.unlink(missing_ok=True)
    cmd = [cmd[0], str(HERE / "hwm.py"), str(peak_file), *cmd[1:]]
    _reap_orphans(0)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    assert proc.stderr is not None
    err_file = work / "stderr.txt"
    with err_file.open("wb") as sink:  # read on, so a chatty command never blocks on the pipe
        while chunk := os.read(proc.stderr.fileno(), 65536):
            sink.write(chunk)
    _, status, own = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    _reap_orphans()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU_SECONDS.append(
        (
            own.ru_utime + own.ru_stime,
            after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime,
        )
    )
    peak = int(peak_file.read_text()) / 1024 if peak_file.exists() else float("nan")
    return wall, peak, proc.returncode, err_file.read_bytes()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--latency", type=float, default=0.05, help="seconds per response")
    ap.add_argument("--per-host", type=int, default=4, help="requests in flight per host")
    ap.add_argument("--concurrency", type=int, default=16, help="articles in progress")
    ap.add_argument("--per-page", type=int, default=50, help="links per listing page")
    ap.add_argument("--no-trafilatura", action="store_true")
    ap.add_argument("--no-batch", action="store_true")
    ap.add_argument(
        "--dev-pages",
        action="store_true",
        help="serve the extraction dev sets' pages as the articles (--articles: at most that many)",
    )
    ap.add_argument(
        "--workers", type=int, nargs="+", default=[1], help="jz column's -j, one run for each"
    )
    args = ap.parse_args()

    pages = dev_pages()[: args.articles] if args.dev_pages else []
    n, lat, c = (len(pages) if pages else args.articles), args.latency, args.per_host
    ideal = n * lat / c
    results: dict[str, dict[str, float | int]] = {}
    work = Path(tempfile.mkdtemp(prefix="jz-bench-"))
    try:
        with LocalServer() as server:
            site = NewsSite(
                server,
                local_count=n,
                gbk_count=0,
                per_page=args.per_page,
                delay=lat,
                multipage_every=0,
            )
            for i, body in enumerate(pages):  # the real pages in place of the generated ones
                path = site.article_path(site.columns["local"], i)
                server.route(path, Reply(body, 200, {"Content-Type": "text/html"}, delay=lat))
            urls = site.all_article_urls("local")
            url_file = work / "urls.txt"
            url_file.write_text("\n".join(urls) + "\n", "utf-8")
            jz = [sys.executable, "-m", "jzcli"]
            common = ["--concurrency", str(args.concurrency), "--per-host", str(c), "-q"]

            # Warm-up, not timed: the bytecode (and jz's compiled patterns) of every command
            # is cached under PYTHONPYCACHEPREFIX by a first run, as an installed tool has it.
            warm = work / "warm-urls.txt"
            warm.write_text("\n".join(urls[:4]) + "\n", "utf-8")
            run([*jz, "batch", str(warm), "-o", str(work / "warm"), "-j", "2", *common], work)
            if not args.no_trafilatura:
                cmd = [sys.executable, str(HERE / "trafilatura_run.py"), str(warm), str(c), "any"]
                run(cmd, work)
            del CPU_SECONDS[:]
            column = [*jz, "column", site.listing_url("local")]
            cases = [
                (f"jz column -j {j}", [*column, "-j", str(j)], f"col{j}") for j in args.workers
            ]
            if not args.no_batch:
                cases.append(("jz batch", [*jz, "batch", str(url_file)], "bat"))
            for name, cmd, folder in cases:
                wall, rss, code, err = run([*cmd, "-o", str(work / folder), *common], work)
                files = sum(1 for p in (work / folder).glob("*.md"))
                # Real pages include some with no article (exit PARTIAL, 5): each still costs
                # its fetch and extraction.
                ok = code in ((0, 5) if pages else (0,)) and (files == n or bool(pages))
                assert ok, (name, code, files, err.decode()[-500:])
                results[name] = {"wall_s": round(wall, 2), "rss_mb": round(rss, 1), "out": files}
                results[name]["cpu_s"] = round(CPU_SECONDS[-1][1], 2)
                results[name]["main_cpu_s"] = round(CPU_SECONDS[-1][0], 2)
            if not args.no_trafilatura:
                cmd = [sys.executable, str(HERE / "trafilatura_run.py"), str(url_file), str(c)]
                wall, rss, code, err = run([*cmd, *(["any"] if pages else [])], work)
                if code < 0 or code > 128:
                    # The peer crashed (lxml in threads died with munmap_chunk() here once):
                    # say so and keep jz's figures.
                    last = err.decode(errors="replace").strip().splitlines()[-1:]
                    print(f"trafilatura crashed (exit {code}: {' '.join(last)}); run again")
                else:
                    assert code == 0, err.decode()[-500:]
                    results["trafilatura"] = {"wall_s": round(wall, 2), "rss_mb": round(rss, 1)}
                    results["trafilatura"]["cpu_s"] = round(CPU_SECONDS[-1][1], 2)
                    results["trafilatura"]["main_cpu_s"] = round(CPU_SECONDS[-1][0], 2)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(
        f"articles={n} latency={lat * 1000:g}ms per-host={c} "
        f"concurrency={args.concurrency} ideal={ideal:.2f}s"
        + (" pages=extraction dev sets" if pages else "")
        + f"; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} after the runs"
    )
    for name, r in results.items():
        ratio = ideal / float(r["wall_s"])
        rate = n / float(r["wall_s"])
        r["ratio_of_ideal"] = round(ratio, 2)
        out = f"  {r['out']} articles out" if "out" in r else ""
        cpu = 1000 * float(r["cpu_s"]) / n
        main_cpu = 1000 * float(r["main_cpu_s"]) / n
        r["cpu_ms_per_page"] = round(cpu, 1)
        r["main_cpu_ms_per_page"] = round(main_cpu, 1)
        print(
            f"{name:16s} wall {r['wall_s']:7.2f}s  {rate:6.1f} pages/s  ratio {ratio:4.2f}  "
            f"CPU {cpu:5.1f} ms/page (main process {main_cpu:5.1f}, workers "
            f"{cpu - main_cpu:5.1f})  peak RSS {r['rss_mb']:6.1f} MB{out}"
        )
    if not SUBREAPER:
        print("(not on Linux: the CPU of -j N's workers is not counted)")
    summary = {"articles": n, "latency": lat, "per_host": c, "results": results}
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
