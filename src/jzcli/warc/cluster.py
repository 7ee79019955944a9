"""`jz warc --cluster`: Dask tasks, each the local run over one file or one range of one.

A large file is split into byte ranges that start at record boundaries (`ranges.split`,
about `split_size` bytes each); a smaller one is one task. A task runs `run_warc` (the same
WarcRun as a local run, one worker process) on its file or range and returns its counts.

Where the output is a local folder (shared by the workers and the driver), the task writes
into a private temporary folder next to it and renames that to `task-<id>/` when complete,
so a task killed midway leaves nothing visible (its temporary folder is removed by the
driver once the task is complete elsewhere) and a task run twice (Dask may rerun a
finished task whose worker died) keeps the first result.

Where the output is an fsspec URL (s3://..., gs://...), a folder cannot be renamed into
place: the task writes into a temporary folder on its worker, uploads every file to
`URL/task-<id>/` (each file whole: an object store publishes an object only once it is
complete; on a local file system through fsspec, by upload and rename), and writes
`task.json` last. A task folder without its task.json is incomplete: it is ignored and
overwritten by the next attempt.

The driver submits only the tasks without a complete folder, waits, merges the task
manifests into ROOT/manifest.jsonl in input order and reports the tasks that failed after
Dask's retries (exit PARTIAL). Cross-article boilerplate is decided per task, and so is
"first capture wins": a URL captured in two files (or ranges) is exported by both tasks.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sys
import tempfile
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from jzcli.batch.files import write_atomic, write_error
from jzcli.batch.manifest import MANIFEST_FILE
from jzcli.errors import ExitCode, JzError
from jzcli.warc.ranges import Part, is_url, split
from jzcli.warc.run import WarcOptions, run_warc

TASK_FILE = "task.json"
RETRIES = 2
SPLIT_SIZE = 256 * 1024 * 1024
"""Files larger than this are split into ranges of about this many bytes (one task each)."""


def task_name(part: Part | str) -> str:
    """The folder of one task's results: stable across runs and input orders."""
    if isinstance(part, str):
        part = Part(part)
    key = part.source if part.whole else f"{part.source}#{part.start}-{part.end or ''}"
    return "task-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def output_root(options: WarcOptions) -> Path:
    root = options.shard_dir or options.batch.out_dir
    if root is None:
        raise JzError("a cluster run needs --out DIR or --jsonl-shards DIR", ExitCode.USAGE)
    return root


class Output:
    """The output location of a cluster run: a local folder or an fsspec URL."""

    def __init__(self, root: str) -> None:
        self.root = root.removeprefix("file://") if not is_url(root) else root.rstrip("/")
        self.fs: Any = None
        self.base = self.root
        if is_url(root):
            try:
                import fsspec  # type: ignore[import-untyped, unused-ignore]

                self.fs, self.base = fsspec.core.url_to_fs(self.root)
            except ImportError:
                raise JzError(
                    f"cannot write to {root}: URLs need fsspec and its backend "
                    "(e.g. pip install s3fs for s3://)",
                    ExitCode.USAGE,
                ) from None
            except ValueError as exc:
                raise JzError(f"cannot write to {root}: {exc}", ExitCode.USAGE) from None

    @property
    def local(self) -> bool:
        return self.fs is None

    def path(self, rel: str) -> str:
        return f"{self.base.rstrip('/')}/{rel}" if rel else self.base

    def makedirs(self) -> None:
        try:
            if self.local:
                Path(self.base).mkdir(parents=True, exist_ok=True)
            else:
                self.fs.makedirs(self.base, exist_ok=True)
        except OSError as exc:
            raise JzError(
                f"cannot create {self.root}: {exc.strerror or exc}", ExitCode.OUTPUT
            ) from None

    def exists(self, rel: str) -> bool:
        if self.local:
            return os.path.exists(self.path(rel))
        return bool(self.fs.exists(self.path(rel)))

    @contextlib.contextmanager
    def open(self, rel: str) -> Iterator[IO[bytes]]:
        if self.local:
            with open(self.path(rel), "rb") as fh:
                yield fh
        else:
            with self.fs.open(self.path(rel), "rb") as fh:
                yield fh

    def read_json(self, rel: str) -> dict[str, Any]:
        with self.open(rel) as fh:
            return dict(json.loads(fh.read().decode("utf-8")))

    def put(self, local: Path, rel: str) -> None:
        """Upload one local file whole (URL outputs)."""
        target = self.path(rel)
        protocols = self.fs.protocol
        if {"file", "local"} & set((protocols,) if isinstance(protocols, str) else protocols):
            # A local file system through fsspec: upload beside it, then rename into place.
            tmp = f"{target}.{uuid.uuid4().hex[:8]}.tmp"
            self.fs.put_file(str(local), tmp)
            self.fs.mv(tmp, target)
        else:
            self.fs.put_file(str(local), target)

    def put_tree(self, local: Path, rel: str) -> None:
        self.fs.makedirs(self.path(rel), exist_ok=True)
        for path in sorted(local.rglob("*")):
            if path.is_file():
                name = path.relative_to(local).as_posix()
                if "/" in name:
                    self.fs.makedirs(self.path(f"{rel}/{name.rsplit('/', 1)[0]}"), exist_ok=True)
                self.put(path, f"{rel}/{name}")

    def write(self, rel: str, data: Iterable[bytes]) -> None:
        """Write a file whole (the merged manifest)."""
        if self.local:
            write_atomic(Path(self.path(rel)), data)
            return
        with tempfile.TemporaryDirectory(prefix="jz-") as tmp:
            staged = Path(tmp) / "file"
            with staged.open("wb") as fh:
                fh.writelines(data)
            self.put(staged, rel)


def warc_task(part: Part | str, options: WarcOptions, root: str | None = None) -> dict[str, Any]:
    """Process one file or range into ROOT/task-<id>/ (complete or not at all); its counts."""
    if isinstance(part, str):
        part = Part(part)
    out = Output(root if root is not None else str(output_root(options)))
    name = task_name(part)
    done = f"{name}/{TASK_FILE}"
    if out.exists(done):
        return out.read_json(done)
    if out.local:
        tmp = Path(out.base) / f".{name}.{uuid.uuid4().hex[:8]}.tmp"
    else:
        tmp = Path(tempfile.mkdtemp(prefix=f"jz-{name}-"))
    batch = replace(options.batch, workers=1)
    if options.shard_dir is not None:
        local = replace(options, shard_dir=tmp, batch=batch)
    else:
        local = replace(options, batch=replace(batch, out_dir=tmp))
    if not part.whole:
        local = replace(local, byte_range=(part.start, part.end))
    try:
        stats = run_warc([part.source], local)
        counts = {
            "source": part.label(),
            "records": stats.records,
            "found": stats.found,
            "exported": stats.exported,
            "skipped": stats.skipped,
            "failed": stats.failed,
            "left_out": dict(stats.skipped_records),
        }
        data = json.dumps(counts, ensure_ascii=False).encode("utf-8")
        if not out.local:
            if out.exists(done):  # another attempt finished first: keep its result
                return out.read_json(done)
            out.put_tree(tmp, name)
            (tmp / TASK_FILE).write_bytes(data)
            out.put(tmp / TASK_FILE, done)  # last: now the task is complete
            return counts
        write_atomic(tmp / TASK_FILE, data)
        try:
            os.rename(tmp, Path(out.base) / name)
        except OSError:  # another attempt finished first: keep its result
            shutil.rmtree(tmp, ignore_errors=True)
            return out.read_json(done)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        if not out.local:
            shutil.rmtree(tmp, ignore_errors=True)
    return counts


@dataclass
class ClusterReport:
    """What a cluster run did: tasks reused, run, failed, and the summed counts."""

    tasks: int = 0
    files: int = 0
    reused: int = 0
    failed: dict[str, str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, counts: dict[str, Any]) -> None:
        for key in ("records", "found", "exported", "skipped", "failed"):
            self.counts[key] = self.counts.get(key, 0) + int(counts.get(key, 0))

    def exit_code(self) -> ExitCode:
        if not self.failed and not self.counts.get("failed"):
            return ExitCode.OK
        if len(self.failed) == self.tasks and not self.counts.get("exported"):
            return ExitCode.ERROR
        return ExitCode.PARTIAL

    def summary(self) -> str:
        c = self.counts
        return (
            f"jz: {self.files} files in {self.tasks} tasks ({self.reused} done before, "
            f"{len(self.failed)} failed): {c.get('records', 0)} records, "
            f"{c.get('found', 0)} articles found, {c.get('exported', 0)} exported, "
            f"{c.get('skipped', 0)} skipped, {c.get('failed', 0)} failed"
        )


def plan(sources: Sequence[str], split_size: int) -> list[Part]:
    """Every task of a run, in input order: whole files, or the ranges of large ones."""
    return [part for source in sources for part in split(source, split_size)]


def run_cluster(
    address: Any,
    sources: Sequence[str],
    options: WarcOptions,
    *,
    output: str | None = None,
    split_size: int = SPLIT_SIZE,
    quiet: bool = False,
) -> ClusterReport:
    """Run every file (or range of a large file) as a task on the Dask scheduler at
    `address` (or a Cluster object). `output` (a folder or an fsspec URL) defaults to the
    options' --jsonl-shards or --out folder, which also say which form the output takes."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise JzError(
            "--cluster needs Dask distributed. Install it with: pip install 'jzcli[cluster]'",
            ExitCode.USAGE,
        ) from None
    root = output if output is not None else str(output_root(options))
    out = Output(root)
    out.makedirs()
    parts = plan(sources, split_size)
    report = ClusterReport(tasks=len(parts), files=len(sources))
    todo: list[Part] = []
    for part in parts:
        done = f"{task_name(part)}/{TASK_FILE}"
        if out.exists(done):
            report.reused += 1
            report.add(out.read_json(done))
        else:
            todo.append(part)
    if todo:
        try:
            client = Client(address, timeout="30s")  # type: ignore[no-untyped-call]
        except OSError as exc:
            raise JzError(
                f"cannot reach the Dask scheduler {address}: {exc}. "
                "Start one with `dask scheduler` and give its tcp://HOST:8786 address",
                ExitCode.NETWORK,
            ) from None
        with client:
            futures = {
                client.submit(warc_task, p, options, root, retries=RETRIES, pure=False): p
                for p in todo
            }
            done_in_order = as_completed(futures)  # type: ignore[no-untyped-call]
            for finished, future in enumerate(done_in_order, 1):
                label = futures[future].label()
                try:
                    report.add(future.result())
                except Exception as exc:
                    report.failed[label] = f"{type(exc).__name__}: {exc}"
                    sys.stderr.write(f"jz: error: {label}: {report.failed[label]}\n")
                if not quiet:
                    sys.stderr.write(f"jz: {finished}/{len(todo)} tasks processed\n")
    if out.local:
        _remove_dead_attempts(Path(out.base))
    try:
        _merge_manifests(out, parts)
    except OSError as exc:
        raise write_error(Path(out.path(MANIFEST_FILE)), exc) from None
    return report


def _remove_dead_attempts(root: Path) -> None:
    """Temporary folders of attempts killed midway, once their task is complete elsewhere."""
    for tmp in root.glob(".task-*.tmp"):
        name = tmp.name[1:].split(".", 1)[0]
        if (root / name / TASK_FILE).exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _merge_manifests(out: Output, parts: Sequence[Part]) -> None:
    """ROOT/manifest.jsonl: every complete task's manifest, in input order, paths from ROOT."""

    def lines() -> Iterator[bytes]:
        for part in parts:
            name = task_name(part)
            if not out.exists(f"{name}/{TASK_FILE}") or not out.exists(f"{name}/{MANIFEST_FILE}"):
                continue
            with out.open(f"{name}/{MANIFEST_FILE}") as fh:
                for line in fh:
                    record = json.loads(line)
                    for key in ("path", "shard"):
                        if record.get(key):
                            record[key] = f"{name}/{record[key]}"
                    if record.get("warc_file"):
                        record["warc_file"] = part.source
                    yield (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")

    out.write(MANIFEST_FILE, lines())


__all__ = [
    "SPLIT_SIZE",
    "ClusterReport",
    "Output",
    "plan",
    "run_cluster",
    "task_name",
    "warc_task",
]
