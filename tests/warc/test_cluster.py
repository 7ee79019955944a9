"""jz warc on Dask: a LocalCluster, a scheduler and workers started as processes, a kill."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import fsspec  # type: ignore[import-untyped, unused-ignore]
import pytest
from distributed import Client, LocalCluster
from fsspec.implementations.local import LocalFileSystem  # type: ignore[import-untyped, unused-ignore]
from tests.batch.helpers import jz, manifest
from tests.batch.site import PROMO, paragraph
from tests.warc.archives import Rec, sample_pages, write_warc

from jzcli.errors import InputError
from jzcli.warc.cluster import (
    RECORDS_FILE,
    Output,
    plan,
    run_cluster,
    settle,
    task_name,
    warc_task,
)
from jzcli.warc.ranges import Part
from jzcli.warc.reader import expand_sources
from jzcli.warc.run import WarcOptions

PAGES = sample_pages()


def archives(folder: Path, files: int, per_file: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for f in range(files):
        path = folder / f"part-{f}.warc.gz"
        recs = [
            Rec(f"http://news.example.cn/{f}/{i}.html", PAGES[(f * 7 + i) % len(PAGES)])
            for i in range(per_file)
        ]
        write_warc(path, recs)
        paths.append(path)
    return paths


def shard_urls(root: Path) -> list[str]:
    urls = []
    for line in manifest(root):
        assert line["status"] == "done"
        urls.append(line["url"])
    lines = []
    for shard in sorted(root.glob("articles-*.jsonl.gz")):
        lines += [
            json.loads(raw)["url"] for raw in gzip.decompress(shard.read_bytes()).splitlines()
        ]
    assert lines == urls
    return urls


def test_local_cluster_matches_a_local_run(tmp_path: Path) -> None:
    paths = archives(tmp_path / "in", 3, 5)
    out = tmp_path / "out"
    options = WarcOptions(shard_dir=out)
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        report = run_cluster(cluster.scheduler_address, [str(p) for p in paths], options)
    assert report.failed == {} and report.exit_code() == 0
    assert report.counts["exported"] == 15
    local = jz("warc", *map(str, paths), "-j", "1")
    assert shard_urls(out) == [json.loads(line)["url"] for line in local.stdout.splitlines()]
    assert {r["warc_file"] for r in manifest(out)} == {str(p) for p in paths}
    # A rerun finds every task done and submits nothing.
    with LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster:
        again = run_cluster(cluster.scheduler_address, [str(p) for p in paths], options)
    assert again.reused == 3 and again.counts["exported"] == 15


def test_large_files_run_as_ranges_and_rerun_per_range(tmp_path: Path) -> None:
    paths = archives(tmp_path / "in", 2, 12)
    sources = [str(p) for p in paths]
    size = min(p.stat().st_size for p in paths) // 3
    parts = plan(sources, size)
    assert len(parts) >= 6 and {p.source for p in parts} == set(sources)
    out = tmp_path / "out"
    options = WarcOptions(shard_dir=out)
    local = jz("warc", *sources, "-j", "1")
    expected = [json.loads(line)["url"] for line in local.stdout.splitlines()]
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        report = run_cluster(cluster.scheduler_address, sources, options, split_size=size)
        assert report.failed == {} and report.tasks == len(parts) and report.reused == 0
        assert shard_urls(out) == expected
        rows = manifest(out)
        assert [r["warc_file"] for r in rows] == [s for s in sources for _ in range(12)]
        first = [(r["url"], r["warc_offset"], r["shard"]) for r in rows]
        # One range's results lost: the rerun runs that range only, with the same outcome.
        lost = out / task_name(parts[4])
        shutil.rmtree(lost)
        again = run_cluster(cluster.scheduler_address, sources, options, split_size=size)
        assert again.reused == len(parts) - 1 and again.counts["exported"] == 24
        assert lost.exists()
        assert [(r["url"], r["warc_offset"], r["shard"]) for r in manifest(out)] == first


def test_a_failing_task_is_reported_and_the_rest_kept(tmp_path: Path) -> None:
    first, last = archives(tmp_path / "in", 2, 4)
    bad = tmp_path / "in" / "not-a-file.warc.gz"
    bad.mkdir()  # every attempt of its task fails
    sources = [str(first), str(bad), str(last)]  # tasks after it are settled all the same
    out = tmp_path / "out"
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        report = run_cluster(
            cluster.scheduler_address, sources, WarcOptions(shard_dir=out), quiet=True
        )
        assert list(report.failed) == [str(bad)] and "Is a directory" in report.failed[str(bad)]
        assert report.exit_code() == 5 and report.counts["exported"] == 8
        assert report.settled == 2
        assert [r["warc_file"] for r in manifest(out)] == [str(first)] * 4 + [str(last)] * 4
        assert not (out / task_name(str(bad))).exists()
        # The file is there now: the rerun runs its task only and settles all three anew.
        bad.rmdir()
        write_warc(bad, [Rec(f"http://news.example.cn/late/{i}.html", PAGES[i]) for i in range(3)])
        again = run_cluster(
            cluster.scheduler_address, sources, WarcOptions(shard_dir=out), quiet=True
        )
    assert again.failed == {} and again.reused == 2 and again.exit_code() == 0
    local = tmp_path / "local"
    assert jz("warc", *sources, "-j", "1", "--jsonl-shards", str(local), "-q").exit_code == 0
    names = sorted(p.name for p in local.glob("articles-*.jsonl.gz"))
    assert names == sorted(p.name for p in out.glob("articles-*.jsonl.gz"))
    assert all((out / n).read_bytes() == (local / n).read_bytes() for n in names)
    assert [r["warc_file"] for r in manifest(out)] == [r["warc_file"] for r in manifest(local)]


def test_an_incomplete_task_folder_at_a_url_is_redone(tmp_path: Path) -> None:
    path = str(archives(tmp_path / "in", 1, 3)[0])
    root = f"local://{tmp_path}/out"
    folder = tmp_path / "out" / task_name(path)
    folder.mkdir(parents=True)
    (folder / RECORDS_FILE).write_bytes(b"cut short")  # an attempt that died
    options = WarcOptions(shard_dir=Path("."))  # the form of the output; the URL says where
    counts = warc_task(path, options, root)
    assert counts["records"] == counts["found"] == 3 and (folder / "task.json").exists()
    log = gzip.decompress((folder / RECORDS_FILE).read_bytes())
    assert len(log.splitlines()) == 3
    assert not [p for p in folder.parent.rglob("*") if p.name.endswith(".tmp")]
    assert warc_task(path, options, root) == counts  # complete: kept as it is


def test_urls_in_and_out_through_the_cli(tmp_path: Path) -> None:
    paths = archives(tmp_path / "in", 2, 9)
    urls_in = [f"local://{p}" for p in paths]
    assert expand_sources([f"local://{tmp_path}/in/*.warc.gz"]) == urls_in
    out = tmp_path / "out"
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        pattern = f"local://{tmp_path}/in/*.warc.gz"
        args = [pattern, "--cluster", cluster.scheduler_address, "--jsonl-shards"]
        result = jz("warc", *args, f"local://{out}", "--split-size", "30000", "-q")
        assert result.exit_code == 0, result.stderr
        tasks = sorted(p.name for p in out.glob("task-*"))
        assert len(tasks) == len(plan(urls_in, 30_000)) > 2
        assert all((out / t / "task.json").exists() for t in tasks)
        assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
        assert len(set(shard_urls(out))) == 18
        assert {r["warc_file"] for r in manifest(out)} == set(urls_in)
        # A rerun finds every task complete.
        again = jz("warc", *args, f"local://{out}", "--split-size", "30000")
        assert again.exit_code == 0 and f"({len(tasks)} done before, 0 failed)" in again.stderr
    local = jz("warc", *urls_in, "--jsonl-shards", f"local://{out}")
    assert local.exit_code == 2 and "only a --cluster run writes to URLs" in local.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def scheduler(tmp_path: Path) -> Iterator[tuple[str, list[subprocess.Popen[bytes]]]]:
    """`dask scheduler` and two `dask worker` processes on 127.0.0.1."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    bindir = Path(sys.executable).parent
    log = (tmp_path / "dask.log").open("wb")
    procs = [
        subprocess.Popen(
            [
                str(bindir / "dask"),
                "scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--no-dashboard",
            ],
            stdout=log,
            stderr=log,
        )
    ]
    workers = []
    try:
        with Client(address, timeout="60s"):
            pass
        for _ in range(2):
            workers.append(
                subprocess.Popen(
                    [
                        str(bindir / "dask"),
                        "worker",
                        address,
                        "--nthreads",
                        "1",
                        "--no-nanny",
                        "--no-dashboard",
                    ],
                    stdout=log,
                    stderr=log,
                )
            )
        with Client(address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=120)
        yield address, workers
    finally:
        for proc in workers + procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
            proc.wait()
        log.close()


def test_cli_on_a_scheduler_with_a_worker_killed(
    scheduler: tuple[str, list[subprocess.Popen[bytes]]], tmp_path: Path
) -> None:
    address, workers = scheduler
    paths = archives(tmp_path / "in", 4, 12)
    out = tmp_path / "out"
    size = min(p.stat().st_size for p in paths) // 2  # two or three ranges a file
    cmd = [
        sys.executable,
        "-m",
        "jzcli",
        "warc",
        *map(str, paths),
        "--cluster",
        address,
        "--jsonl-shards",
        str(out),
        "--split-size",
        str(size),
        "-q",
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list(out.glob(".task-*.tmp")):
        time.sleep(0.02)
    os.kill(workers[0].pid, signal.SIGKILL)  # a task is in progress somewhere: kill one worker
    _, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0, stderr.decode()
    urls = shard_urls(out)
    assert len(urls) == len(set(urls)) == 48
    parts = plan([str(p) for p in paths], size)
    assert len(parts) >= 8
    assert sorted(p.name for p in out.glob("task-*")) == sorted(task_name(p) for p in parts)
    assert not list(out.glob(".task-*"))


def test_cluster_needs_an_output_folder(tmp_path: Path) -> None:
    path = archives(tmp_path, 1, 1)[0]
    result = jz("warc", str(path), "--cluster", "tcp://127.0.0.1:9")
    assert result.exit_code == 2 and "--out DIR or --jsonl-shards DIR" in result.stderr


SITE = "http://www.jzw.example.cn"


def _article(i: int, *, promo: bool = False, canonical: str = "", version: int = 1) -> bytes:
    body = [paragraph(i, n) for n in range(4)] + ([PROMO] if promo else [])
    if version > 1:
        body.append(f"更新第{version}版：补充报道内容。")
    head = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    ps = "".join(f"<p>{p}</p>" for p in body)
    html = (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>城市新闻第{i}号_焦作网</title>"
        f"{head}</head><body><div class='article'><h1>城市新闻第{i}号：民生改善稳步推进</h1>"
        f"<div class='content'>{ps}</div></div></body></html>"
    )
    return html.encode()


def _url(i: int) -> str:
    return f"{SITE}/news/202406/t202406{i:02d}_{1000 + i}.html"


def _listing(ids: list[int]) -> bytes:
    items = "".join(
        f'<li><a href="{_url(i)}">城市新闻第{i}号：民生改善稳步推进</a> '
        f"<span>2024-06-{i:02d}</span></li>"
        for i in ids
    )
    html = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>民生新闻_焦作网</title></head>"
        f"<body><div class='main'><ul class='list'>{items}</ul></div></body></html>"
    )
    return html.encode()


def test_tasks_settle_as_one_local_run(tmp_path: Path) -> None:
    """Across files and ranges: the first capture of a URL wins, a canonical link names an
    article of another task, a listing gives a later task's articles their column, and
    boilerplate is what the whole run repeats; the shards are -j 1's, byte for byte."""
    files = [
        # A listing of articles 7-11 (read in later files), article 1 (with the promo line).
        [Rec(f"{SITE}/news/index.html", _listing([7, 8, 9, 10, 11]))]
        + [Rec(_url(i), _article(i, promo=i == 1)) for i in range(1, 4)],
        # Article 1 captured again (a newer version: not taken), 4 and 5, 4 with the promo.
        [Rec(_url(1), _article(1, version=2))]
        + [Rec(_url(i), _article(i, promo=i == 4)) for i in (4, 5)],
        # Article 2 under a share link with its canonical address: the same article.
        [Rec(_url(2) + "?from=share", _article(2, canonical=_url(2)))]
        + [Rec(_url(i), _article(i, promo=i == 7)) for i in range(7, 12)],
    ]
    paths = []
    for n, recs in enumerate(files):
        write_warc(tmp_path / f"part-{n}.warc.gz", recs)
        paths.append(str(tmp_path / f"part-{n}.warc.gz"))
    size = min(os.path.getsize(p) for p in paths) // 2
    parts = plan(paths, size)
    assert len(parts) > len(paths)  # ranges: a file's records settle across tasks too
    local = tmp_path / "local"
    assert jz("warc", *paths, "-j", "1", "--jsonl-shards", str(local), "-q").exit_code == 0
    out = tmp_path / "out"
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        report = run_cluster(
            cluster.scheduler_address, paths, WarcOptions(shard_dir=out), split_size=size
        )
    assert report.failed == {} and report.tasks == len(parts)
    names = sorted(p.name for p in local.glob("articles-*.jsonl.gz"))
    assert names and names == sorted(p.name for p in out.glob("articles-*.jsonl.gz"))
    for name in names:
        assert (out / name).read_bytes() == (local / name).read_bytes()
    rows = [{k: v for k, v in r.items() if k != "updated_at"} for r in manifest(out)]
    assert rows == [{k: v for k, v in r.items() if k != "updated_at"} for r in manifest(local)]
    # What that sameness is made of:
    articles = [
        json.loads(line)
        for name in names
        for line in gzip.decompress((out / name).read_bytes()).splitlines()
    ]
    assert [a["url"] for a in articles] == [_url(i) for i in (1, 2, 3, 4, 5, 7, 8, 9, 10, 11)]
    assert report.counts["exported"] == 10
    assert "更新第2版" not in json.dumps(articles, ensure_ascii=False)  # first capture won
    share = next(r for r in rows if r["url"].endswith("?from=share"))
    assert share["status"] == "skipped" and share["duplicate_of"] == _url(2)
    assert {a["column"] for a in articles if a["url"] in map(_url, range(7, 12))} == {"民生新闻"}
    assert not any(PROMO in a["paragraphs"] for a in articles)  # 3 of 10: the site's boilerplate


class _GatedFS(LocalFileSystem):  # type: ignore[misc]
    """Local files under gated://, whose opening waits until the test opens the gate."""

    protocol = ("gated",)
    gate = threading.Event()

    def _open(self, path: str, mode: str = "rb", **kwargs: Any) -> Any:
        _GatedFS.gate.wait()
        return super()._open(path, mode, **kwargs)


def test_settling_starts_before_the_last_task_ends(tmp_path: Path) -> None:
    """The first task's records are settled while a later task cannot even open its file;
    the output is still -j 1's, byte for byte."""
    fsspec.register_implementation("gated", _GatedFS, clobber=True)
    _GatedFS.gate.clear()
    first = tmp_path / "first.warc.gz"
    write_warc(
        first,
        [Rec(f"{SITE}/news/index.html", _listing([7, 8, 9, 10, 11]))]
        + [Rec(_url(i), _article(i, promo=True)) for i in range(1, 4)],
    )
    held = tmp_path / "held.warc.gz"
    write_warc(held, [Rec(_url(i), _article(i, promo=i == 8)) for i in range(7, 12)])
    sources = [str(first), f"gated://{held}"]
    out = tmp_path / "out"
    seen: list[tuple[str, bool, bool]] = []

    def on_settled(part: Part) -> None:
        done = (out / task_name(sources[1]) / "task.json").exists()
        seen.append((part.source, _GatedFS.gate.is_set(), done))
        _GatedFS.gate.set()  # now the held task may read its file

    # Were settling to wait for the last task, nothing would open the gate: this does,
    # late, so that the test fails instead of hanging.
    fallback = threading.Timer(120, _GatedFS.gate.set)
    fallback.start()
    try:
        with LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster:
            report = run_cluster(
                cluster.scheduler_address,
                sources,
                WarcOptions(shard_dir=out),
                quiet=True,
                on_settled=on_settled,
            )
    finally:
        fallback.cancel()
        _GatedFS.gate.set()
    # The first task was settled while the held one was still waiting at its gate.
    assert seen == [(str(first), False, False), (sources[1], True, True)]
    assert report.failed == {} and report.settled == 2 and report.counts["exported"] == 8
    local = tmp_path / "local"
    assert jz("warc", *sources, "-j", "1", "--jsonl-shards", str(local), "-q").exit_code == 0
    names = sorted(p.name for p in local.glob("articles-*.jsonl.gz"))
    assert names == sorted(p.name for p in out.glob("articles-*.jsonl.gz"))
    assert all((out / n).read_bytes() == (local / n).read_bytes() for n in names)
    articles = [json.loads(x) for x in gzip.decompress((out / names[0]).read_bytes()).splitlines()]
    # The listing settled first still gives the held task's articles their column.
    assert {a["column"] for a in articles if a["url"] in map(_url, range(7, 12))} == {"民生新闻"}


def test_task_folders_of_an_older_layout_are_a_clear_error(tmp_path: Path) -> None:
    # An older jz wrote task.json without the records log that settling reads: the run says
    # so before it submits anything, instead of failing after every task has run.
    paths = archives(tmp_path / "in", 2, 2)
    out = tmp_path / "out"
    old = out / task_name(Part(str(paths[0])))
    old.mkdir(parents=True)
    (old / "task.json").write_text('{"records": 2}', encoding="utf-8")
    with pytest.raises(InputError, match="older jz"):
        run_cluster("tcp://127.0.0.1:1", [str(p) for p in paths], WarcOptions(shard_dir=out))


def test_a_second_driver_on_the_folder_leaves_the_state_alone(tmp_path: Path) -> None:
    """Settling starts from an empty state, removed under the folder's lock: a driver that
    finds the folder in use stops (BUSY) and leaves the other's state database be."""
    import fcntl

    from jzcli.batch.store import LOCK_FILE, STATE_FILE, FolderLock
    from jzcli.errors import ExitCode, JzError
    from jzcli.warc.cluster import Output, settle

    paths = archives(tmp_path / "in", 1, 2)
    out = tmp_path / "out"
    out.mkdir()
    (out / STATE_FILE).write_bytes(b"the other run's state")
    fd = os.open(out / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # held by "another process"
    try:
        with pytest.raises(JzError) as caught:
            settle(Output(str(out)), plan([str(paths[0])], 1 << 30), WarcOptions(shard_dir=out))
        assert caught.value.code == ExitCode.BUSY
        assert (out / STATE_FILE).read_bytes() == b"the other run's state"
    finally:
        os.close(fd)
    # A driver holding the lock hands it to settling, which takes no second one (that would
    # be BUSY: the lock is not re-entrant) and leaves it held.
    with FolderLock(out) as held:
        parts = plan([str(paths[0])], 1 << 30)
        settle(Output(str(out)), parts, WarcOptions(shard_dir=out), lock=held)
        with pytest.raises(JzError) as again, FolderLock(out):
            pass
        assert again.value.code == ExitCode.BUSY
        assert (out / LOCK_FILE).read_text() == f"{os.getpid()}\n"
    assert (out / LOCK_FILE).read_text() == ""


def test_a_cluster_driver_locks_its_folder_before_it_submits_a_task(tmp_path: Path) -> None:
    """As a local run does: a second driver (or run) on the folder stops at once, BUSY,
    before it connects to the scheduler (an address nothing listens on here)."""
    import fcntl

    from jzcli.batch.store import LOCK_FILE
    from jzcli.errors import ExitCode, JzError

    paths = archives(tmp_path / "in", 1, 2)
    out = tmp_path / "out"
    out.mkdir()
    fd = os.open(out / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # held by "another process"
    try:
        with pytest.raises(JzError) as caught:
            run_cluster("tcp://127.0.0.1:1", [str(paths[0])], WarcOptions(shard_dir=out))
        assert caught.value.code == ExitCode.BUSY
    finally:
        os.close(fd)
    assert sorted(p.name for p in out.iterdir()) == [LOCK_FILE]


def test_a_corrupt_task_log_is_an_input_error_naming_it(tmp_path: Path) -> None:
    """A log whose deflate data is damaged (zlib.error, not an OSError) is reported like a
    truncated one: an input error naming the task folder to remove."""
    paths = archives(tmp_path / "in", 1, 2)
    out = tmp_path / "out"
    parts = plan([str(paths[0])], 1 << 30)
    damaged = out / task_name(parts[0])
    damaged.mkdir(parents=True)
    (damaged / "task.json").write_text('{"records": 2}', encoding="utf-8")
    # A valid gzip header, then a deflate block of the reserved type 3.
    (damaged / RECORDS_FILE).write_bytes(gzip.compress(b"")[:10] + b"\xff" * 64)
    with pytest.raises(InputError, match=rf"cannot read .*{RECORDS_FILE}: .*Remove the folder"):
        settle(Output(str(out)), parts, WarcOptions(shard_dir=out))


def test_an_error_writing_the_output_is_not_called_a_damaged_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only reading and decoding a task's log are an input error: an OSError of what is
    done with a record (here: queuing it fails) is itself, not "remove the task folder"."""
    import errno

    from jzcli.warc import cluster

    paths = archives(tmp_path / "in", 1, 2)
    out = tmp_path / "out"
    parts = plan([str(paths[0])], 1 << 30)
    warc_task(parts[0], WarcOptions(shard_dir=out))  # a complete task folder, made here

    async def failing_take(self: object, ctx: object, capture: object) -> None:
        raise OSError(errno.EIO, "Input/output error", str(out / "somewhere"))

    monkeypatch.setattr(cluster._SettleRun, "_take", failing_take)
    with pytest.raises(OSError) as caught:
        settle(Output(str(out)), parts, WarcOptions(shard_dir=out))
    assert not isinstance(caught.value, InputError)
    assert caught.value.errno == errno.EIO


def test_a_damaged_task_log_stops_the_run_without_waiting_for_the_tasks(tmp_path: Path) -> None:
    """A complete task whose records log cannot be read is an input error naming it, raised
    as soon as settling reaches it, while a later task still runs (held at a gate here)."""
    fsspec.register_implementation("gated", _GatedFS, clobber=True)
    _GatedFS.gate.clear()
    first, held = archives(tmp_path / "in", 2, 2)
    out = tmp_path / "out"
    sources = [str(first), f"gated://{held}"]
    damaged = out / task_name(Part(sources[0]))
    damaged.mkdir(parents=True)
    (damaged / "task.json").write_text('{"records": 2}', encoding="utf-8")
    (damaged / RECORDS_FILE).write_bytes(b"not gzip at all")
    fallback = threading.Timer(120, _GatedFS.gate.set)  # fails instead of hanging
    fallback.start()
    try:
        with LocalCluster(
            n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster:
            with pytest.raises(InputError, match="cannot read") as caught:
                run_cluster(cluster.scheduler_address, sources, WarcOptions(shard_dir=out))
            held_still = not _GatedFS.gate.is_set()
            _GatedFS.gate.set()
    finally:
        fallback.cancel()
        _GatedFS.gate.set()
    assert held_still  # the error came while the other task was still held
    assert str(damaged / RECORDS_FILE) in str(caught.value)
    assert "rerun the same command" in str(caught.value)
