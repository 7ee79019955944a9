"""`jz warc --cluster`: one Dask task per WARC file, each the local run over that one file.

A task runs `run_warc` (the same WarcRun as a local run, one worker process) into a private
temporary folder next to the output and renames it to `task-<id>/` when complete, so a task
killed midway leaves nothing visible (its temporary folder is removed by the driver once
the task is complete) and a task run twice (Dask may rerun a finished task
whose worker died) keeps the first result. The driver submits only the files without a
complete task folder, waits, merges the task manifests into DIR/manifest.jsonl in input
order and reports the tasks that failed after Dask's retries (exit PARTIAL).

Cross-article boilerplate is decided per task (per file) here, not over the whole input.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from jzcli.batch.files import write_atomic
from jzcli.batch.manifest import MANIFEST_FILE
from jzcli.errors import ExitCode, JzError
from jzcli.warc.run import WarcOptions, run_warc

TASK_FILE = "task.json"
RETRIES = 2


def task_name(source: str) -> str:
    """The folder of one input file's results: stable across runs and input orders."""
    return "task-" + hashlib.sha256(source.encode("utf-8")).hexdigest()[:12]


def output_root(options: WarcOptions) -> Path:
    root = options.shard_dir or options.batch.out_dir
    if root is None:
        raise JzError("a cluster run needs --out DIR or --jsonl-shards DIR", ExitCode.USAGE)
    return root


def warc_task(source: str, options: WarcOptions) -> dict[str, Any]:
    """Process one WARC file into ROOT/task-<id>/ (atomically); return its counts."""
    root = output_root(options)
    final = root / task_name(source)
    done = final / TASK_FILE
    if done.exists():
        return dict(json.loads(done.read_text("utf-8")))
    tmp = root / f".{final.name}.{uuid.uuid4().hex[:8]}.tmp"
    if options.shard_dir is not None:
        local = replace(options, shard_dir=tmp, batch=replace(options.batch, workers=1))
    else:
        local = replace(options, batch=replace(options.batch, workers=1, out_dir=tmp))
    try:
        stats = run_warc([source], local)
        counts = {
            "source": source,
            "records": stats.records,
            "found": stats.found,
            "exported": stats.exported,
            "skipped": stats.skipped,
            "failed": stats.failed,
            "left_out": dict(stats.skipped_records),
        }
        write_atomic(tmp / TASK_FILE, json.dumps(counts, ensure_ascii=False).encode("utf-8"))
        try:
            os.rename(tmp, final)
        except OSError:  # another attempt finished first: keep its result
            shutil.rmtree(tmp, ignore_errors=True)
            return dict(json.loads(done.read_text("utf-8")))
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return counts


@dataclass
class ClusterReport:
    """What a cluster run did: tasks reused, run, failed, and the summed counts."""

    tasks: int = 0
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
            f"jz: {self.tasks} files ({self.reused} done before, {len(self.failed)} failed): "
            f"{c.get('records', 0)} records, {c.get('found', 0)} articles found, "
            f"{c.get('exported', 0)} exported, {c.get('skipped', 0)} skipped, "
            f"{c.get('failed', 0)} failed"
        )


def run_cluster(
    address: Any, sources: Sequence[str], options: WarcOptions, *, quiet: bool = False
) -> ClusterReport:
    """Run every file as a task on the Dask scheduler at `address` (or a Cluster object)."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise JzError(
            "--cluster needs Dask distributed. Install it with: pip install 'jzcli[cluster]'",
            ExitCode.USAGE,
        ) from None
    root = output_root(options)
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise JzError(f"cannot create {root}: {exc.strerror or exc}", ExitCode.OUTPUT) from None
    report = ClusterReport(tasks=len(sources))
    todo: list[str] = []
    for source in sources:
        done = root / task_name(source) / TASK_FILE
        if done.exists():
            report.reused += 1
            report.add(json.loads(done.read_text("utf-8")))
        else:
            todo.append(source)
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
                client.submit(warc_task, s, options, retries=RETRIES, pure=False): s for s in todo
            }
            done_in_order = as_completed(futures)  # type: ignore[no-untyped-call]
            for finished, future in enumerate(done_in_order, 1):
                source = futures[future]
                try:
                    report.add(future.result())
                except Exception as exc:
                    report.failed[source] = f"{type(exc).__name__}: {exc}"
                    sys.stderr.write(f"jz: error: {source}: {report.failed[source]}\n")
                if not quiet:
                    sys.stderr.write(f"jz: {finished}/{len(todo)} files processed\n")
    _remove_dead_attempts(root)
    _merge_manifests(root, sources)
    return report


def _remove_dead_attempts(root: Path) -> None:
    """Temporary folders of attempts killed midway, once their task is complete elsewhere."""
    for tmp in root.glob(".task-*.tmp"):
        name = tmp.name[1:].split(".", 1)[0]
        if (root / name / TASK_FILE).exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _merge_manifests(root: Path, sources: Sequence[str]) -> None:
    """ROOT/manifest.jsonl: every complete task's manifest, in input order, paths from ROOT."""

    def lines() -> Iterator[bytes]:
        for source in sources:
            folder = root / task_name(source)
            manifest = folder / MANIFEST_FILE
            if not (folder / TASK_FILE).exists() or not manifest.exists():
                continue
            with manifest.open("r", encoding="utf-8") as fh:
                for line in fh:
                    record = json.loads(line)
                    for key in ("path", "shard"):
                        if record.get(key):
                            record[key] = f"{folder.name}/{record[key]}"
                    if record.get("warc_file"):
                        record["warc_file"] = source
                    yield (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")

    write_atomic(root / MANIFEST_FILE, lines())


__all__ = ["ClusterReport", "run_cluster", "task_name", "warc_task"]
