"""`jz warc --cluster`: Dask tasks read and extract, the driver settles, as a local run does.

A large file is split into byte ranges that start at record boundaries (`ranges.split`,
about `split_size` bytes each); a smaller one is one task. A task runs the local run's
reader and pipeline (`WarcRun`, one worker) on its file or range, but settles nothing: it
writes each record's capture and outcome (the article, the listing page or the error), in
record order, to `task-<id>/records.jsonl.gz`, and its counts to `task.json`.

The driver settles the tasks' records in input order (tasks in plan order, records in file
order) with the local run's own settling code (`WarcRun._settle`), into the output folder:
first capture of a URL wins, a later record with the address or canonical link of an
article exported before is "same article as" it, listing pages name the column of the
articles read after them, and cross-article boilerplate is decided over the whole run. So a
cluster run writes the shards (or files) and manifest of `jz warc -j 1` on the same inputs,
byte for byte, except that a revisit whose original is in another task is skipped.

Settling runs in a driver thread while the tasks run: it settles task k's records as soon as
tasks 0..k are all finished (complete, or failed after Dask's retries: a failed task is
left out, as a missing one is), so after the last task only what the last tasks left is
settled, and the shards, manifest and whole-run boilerplate are written.

Where the output is a local folder (shared by the workers and the driver), a task writes
into a private temporary folder next to it and renames that to `task-<id>/` when complete,
so a task killed midway leaves nothing visible (its temporary folder is removed by the
driver once the task is complete elsewhere) and a task run twice (Dask may rerun a
finished task whose worker died) keeps the first result. The driver holds the folder's lock
(as a local run does) from before it submits the first task to the end: a second driver or
run there stops at once (BUSY). A URL output is not locked.

Where the output is an fsspec URL (s3://..., gs://...), a folder cannot be renamed into
place: the task writes into a temporary folder on its worker, uploads every file to
`URL/task-<id>/` (each file whole: an object store publishes an object only once it is
complete; on a local file system through fsspec, by upload and rename), and writes
`task.json` last. A task folder without its task.json is incomplete: it is ignored and
overwritten by the next attempt. The driver settles into a local temporary folder and
uploads the result.

The driver submits only the tasks without a complete folder, settles the complete ones
(afresh each run, from the tasks' logs: the settled output depends on every task before) and
reports the tasks that failed after Dask's retries (exit PARTIAL); a rerun runs those again
and settles everything anew, so nothing the tasks wrote is lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import hashlib
import json
import os
import shutil
import sys
import tempfile
import threading
import time
import uuid
import zlib
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from jzcli.batch.files import write_error
from jzcli.batch.manifest import MANIFEST_FILE
from jzcli.batch.runner import _Context
from jzcli.batch.store import LOCK_FILE, STATE_FILE, FolderLock, StateStore
from jzcli.errors import ExitCode, InputError, JzError, NoArticleError
from jzcli.extract.listing import ListingLink
from jzcli.models import Article, Page
from jzcli.warc.pages import ListingPage, Outcome, Prepared
from jzcli.warc.ranges import Part, is_url, split
from jzcli.warc.reader import Capture
from jzcli.warc.run import WarcOptions, WarcRun, WarcStats, _current_shape

TASK_FILE = "task.json"
RECORDS_FILE = "records.jsonl.gz"
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
    local = replace(options, batch=replace(options.batch, workers=1))
    if not part.whole:
        local = replace(local, byte_range=(part.start, part.end))
    try:
        tmp.mkdir(parents=True, exist_ok=True)
        with gzip.open(tmp / RECORDS_FILE, "wb", compresslevel=1) as log:
            task = _TaskRun([part.source], local, log.write)
            stats = asyncio.run(task.run())
        counts = {
            "source": part.label(),
            "records": stats.records,
            "found": stats.found,
            "left_out": dict(stats.skipped_records),
            "file_errors": task.file_errors,
        }
        data = json.dumps(counts, ensure_ascii=False).encode("utf-8")
        if not out.local:
            if out.exists(done):  # another attempt finished first: keep its result
                return out.read_json(done)
            out.put_tree(tmp, name)
            (tmp / TASK_FILE).write_bytes(data)
            out.put(tmp / TASK_FILE, done)  # last: now the task is complete
            return counts
        # Not write_atomic: the folder's rename below is what publishes the task, and the
        # driver, settling an --out folder meanwhile, removes write_atomic's stale temp files.
        with open(tmp / TASK_FILE, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
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
    settled: int = 0
    """Tasks whose records are settled (complete ones; failed ones are left out)."""
    settle_cpu_s: float = 0.0
    """CPU seconds the driver's settling thread spent (records, shards and manifest)."""
    tail_s: float = 0.0
    """Wall seconds from the last task's end (as the driver saw it) to the settled output."""

    def add(self, stats: WarcStats) -> None:
        """The settled run's counts."""
        self.counts = {
            "records": stats.records,
            "found": stats.found,
            "exported": stats.exported,
            "skipped": stats.skipped,
            "failed": stats.failed,
        }

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
    on_settled: Callable[[Part], None] | None = None,
) -> ClusterReport:
    """Run every file (or range of a large file) as a task on the Dask scheduler at
    `address` (or a Cluster object), settling the finished ones in input order meanwhile.
    `output` (a folder or an fsspec URL) defaults to the options' --jsonl-shards or --out
    folder, which also say which form the output takes. `on_settled(part)` is called (in
    the settling thread) once a complete task's records are all settled."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise JzError(
            "--cluster needs Dask distributed. Install it with: pip install 'jzcli[cluster]'",
            ExitCode.USAGE,
        ) from None
    root = output if output is not None else str(output_root(options))
    out = Output(root)
    out.makedirs()
    # A local output folder is locked before any task is submitted, as a local run's is: a
    # second driver there stops at once (BUSY). An fsspec URL cannot be locked.
    with contextlib.ExitStack() as stack:
        lock = stack.enter_context(FolderLock(Path(out.base))) if out.local else None
        return _run_cluster(
            address, sources, options, root, out, lock, split_size, quiet, on_settled
        )


def _run_cluster(
    address: Any,
    sources: Sequence[str],
    options: WarcOptions,
    root: str,
    out: Output,
    lock: FolderLock | None,
    split_size: int,
    quiet: bool,
    on_settled: Callable[[Part], None] | None,
) -> ClusterReport:
    from distributed import Client, as_completed

    parts = plan(sources, split_size)
    report = ClusterReport(tasks=len(parts), files=len(sources))
    gate = _Gate(len(parts))
    todo: dict[int, Part] = {}
    for index, part in enumerate(parts):
        if out.exists(f"{task_name(part)}/{TASK_FILE}"):
            if not out.exists(f"{task_name(part)}/{RECORDS_FILE}"):
                raise InputError(
                    f"{out.path(task_name(part))} is a task folder of an older jz (no "
                    f"{RECORDS_FILE}). Remove the task-* folders or write to a new folder"
                )
            report.reused += 1
            gate.finish(index, complete=True)
        else:
            todo[index] = part
    client = None
    if todo:
        try:
            client = Client(address, timeout="30s")  # type: ignore[no-untyped-call]
        except OSError as exc:
            raise JzError(
                f"cannot reach the Dask scheduler {address}: {exc}. "
                "Start one with `dask scheduler` and give its tcp://HOST:8786 address",
                ExitCode.NETWORK,
            ) from None

    def settled(part: Part) -> None:
        report.settled += 1
        if on_settled is not None:
            on_settled(part)

    settler = _Settler(out, parts, options, gate, settled, lock)
    settler.start()
    last_task_end = time.monotonic()
    try:
        if client is not None:
            with client:
                futures = {
                    client.submit(warc_task, p, options, root, retries=RETRIES, pure=False): i
                    for i, p in todo.items()
                }
                pending = as_completed(futures)  # type: ignore[no-untyped-call]
                finished = 0
                while True:
                    ready = pending.next_batch(block=False)  # type: ignore[no-untyped-call]
                    if not ready:
                        if pending.is_empty():  # type: ignore[no-untyped-call]
                            break
                        if settler.failed.wait(0.1):
                            # Settling failed: the run ends now, not after the last task; the
                            # tasks still running are dropped with the client (their output
                            # would be unused). Only this thread touches `pending`.
                            break
                        continue
                    for future in ready:
                        finished += 1
                        index = futures[future]
                        label = parts[index].label()
                        try:
                            future.result()
                            gate.finish(index, complete=True)
                        except Exception as exc:
                            gate.finish(index, complete=False)
                            report.failed[label] = f"{type(exc).__name__}: {exc}"
                            sys.stderr.write(f"jz: error: {label}: {report.failed[label]}\n")
                        if not quiet:
                            sys.stderr.write(
                                f"jz: {finished}/{len(todo)} tasks processed, "
                                f"{report.settled}/{len(parts)} settled\n"
                            )
            last_task_end = time.monotonic()
        if out.local:
            _remove_dead_attempts(Path(out.base))
    except BaseException:
        gate.abort()
        settler.join()
        raise
    settler.join()
    report.tail_s = time.monotonic() - last_task_end
    report.settle_cpu_s = settler.cpu_s
    if settler.error is not None:
        if isinstance(settler.error, OSError):  # writing the output (reading is an InputError)
            where = settler.error.filename or out.path(MANIFEST_FILE)
            raise write_error(Path(str(where)), settler.error) from None
        raise settler.error
    assert settler.stats is not None
    report.add(settler.stats)
    return report


class _Aborted(Exception):
    """The driver stopped waiting for tasks (an interrupt, a lost scheduler)."""


class _Gate:
    """Which tasks of the plan have finished, and how: the driver's main thread tells, the
    settling thread waits on a task until it is told."""

    def __init__(self, tasks: int) -> None:
        self._done: list[bool | None] = [None] * tasks
        self._aborted = False
        self._cond = threading.Condition()

    def finish(self, index: int, *, complete: bool) -> None:
        with self._cond:
            self._done[index] = complete
            self._cond.notify_all()

    def abort(self) -> None:
        with self._cond:
            self._aborted = True
            self._cond.notify_all()

    @property
    def aborted(self) -> bool:
        return self._aborted

    def known(self, index: int) -> bool | None:
        """Whether task `index` is complete (None: not finished yet)."""
        if self._aborted:
            raise _Aborted
        return self._done[index]

    def wait(self, index: int) -> bool:
        """Whether task `index` is complete, once it has finished."""
        with self._cond:
            while self._done[index] is None and not self._aborted:
                self._cond.wait()
            if self._aborted:
                raise _Aborted
            return bool(self._done[index])


class _Settler(threading.Thread):
    """The driver's settling, in its own thread while the tasks run (see settle). It shares
    nothing with the main thread but the gate and `failed`, which the main thread watches."""

    def __init__(
        self,
        out: Output,
        parts: Sequence[Part],
        options: WarcOptions,
        gate: _Gate,
        settled: Callable[[Part], None],
        lock: FolderLock | None,
    ) -> None:
        super().__init__(name="jz-settle", daemon=True)
        self._args = (out, parts, options, gate, settled, lock)
        self.stats: WarcStats | None = None
        self.error: BaseException | None = None
        self.failed = threading.Event()
        """Set once settling has failed (`error` says how)."""
        self.cpu_s = 0.0

    def run(self) -> None:
        started = time.thread_time()
        out, parts, options, gate, settled, lock = self._args
        try:
            self.stats = settle(out, parts, options, gate=gate, settled=settled, lock=lock)
        except BaseException as exc:  # handed to the main thread
            self.error = exc
            self.failed.set()
        finally:
            self.cpu_s = time.thread_time() - started


def _remove_dead_attempts(root: Path) -> None:
    """Temporary folders of attempts killed midway, once their task is complete elsewhere."""
    for tmp in root.glob(".task-*.tmp"):
        name = tmp.name[1:].split(".", 1)[0]
        if (root / name / TASK_FILE).exists():
            shutil.rmtree(tmp, ignore_errors=True)


class _TaskRun(WarcRun):
    """A cluster task: a local run's reading and pipeline, each record's capture and outcome
    logged in record order instead of settled (the driver settles them all, see settle)."""

    def __init__(
        self, sources: Sequence[str], options: WarcOptions, log: Callable[[bytes], object]
    ) -> None:
        batch = replace(options.batch, out_dir=None, state_dir=None)
        super().__init__(sources, replace(options, shard_dir=None, batch=batch))
        self._log = log
        self._storing = False

    async def _settle(self, ctx: _Context, key: str, capture: Capture, prepared: Prepared) -> None:
        if prepared.sha256 and not capture.sha256:
            capture = replace(capture, sha256=prepared.sha256)
        self._log(_encode(capture, prepared.outcome))

    def _finish(self, store: StateStore, out_dir: Path | None) -> None:
        self._commit()


class _SettleRun(WarcRun):
    """The driver's run: the tasks' logged records, in input order, settled by WarcRun."""

    def __init__(
        self,
        out: Output,
        parts: Sequence[Part],
        options: WarcOptions,
        gate: _Gate | None,
        settled: Callable[[Part], None] | None,
    ) -> None:
        super().__init__([p.source for p in parts], options)
        self._out = out
        self._parts = parts
        self._gate = gate
        self._settled = settled
        self._outcomes: dict[str, Outcome] = {}

    async def _complete(self, index: int) -> bool:
        """Whether task `index` is complete, waiting (not blocking the loop) until it ends."""
        if self._gate is None:
            return True
        known = self._gate.known(index)
        if known is None:
            # Commit first: what is settled so far is on disk while the task runs.
            self._commit()
            known = await asyncio.to_thread(self._gate.wait, index)
        return known

    async def _produce(self, ctx: _Context) -> None:
        self._store = ctx.store
        sources: set[str] = set()
        for index, part in enumerate(self._parts):
            name = task_name(part)
            if not await self._complete(index) or not self._out.exists(f"{name}/{TASK_FILE}"):
                continue  # failed: reported by run_cluster
            counts = self._out.read_json(f"{name}/{TASK_FILE}")
            if part.source not in sources:
                sources.add(part.source)
                self.stats.files += 1
            self.stats.records += int(counts.get("records", 0))
            self.stats.skipped_records.update(counts.get("left_out") or {})
            for source, reason in (counts.get("file_errors") or {}).items():
                self.file_errors[source] = reason
                self._fail_file(source, reason)
            await self._take_task(ctx, name)
            await self._turns.wait(self._issued)  # every record of this task settled
            if self._settled is not None:
                self._settled(part)
        self._commit()

    async def _take_task(self, ctx: _Context, name: str) -> None:
        """Queue the logged records of one complete task (in its input order)."""
        with contextlib.closing(self._logged(name)) as records:
            for capture, outcome in records:
                key = capture.page.url
                if self.warc.all_captures:
                    key = f"{key} {capture.date}"
                if key in self._queued:  # an earlier task took this URL: first wins
                    self.stats.skipped_records["duplicate URL"] += 1
                    continue
                self._outcomes[key] = outcome
                await self._take(ctx, capture)
                await asyncio.sleep(0)
                if self._gate is not None and self._gate.aborted:
                    raise _Aborted

    def _logged(self, name: str) -> Generator[tuple[Capture, Outcome], None, None]:
        """The records of one task's log; an InputError naming it if it cannot be read. Only
        reading and decoding are guarded: an error of what is done with a record (writing
        the output) is its own."""
        rel = f"{name}/{RECORDS_FILE}"
        try:
            with self._out.open(rel) as raw, gzip.open(raw) as lines:
                for line in lines:
                    try:
                        record = _decode(line)
                    except (KeyError, TypeError) as exc:  # JSON, but not a record's
                        why = f"a line is no record ({type(exc).__name__}: {exc})"
                        raise ValueError(why) from None
                    yield record
        except (OSError, EOFError, ValueError, zlib.error) as exc:  # a damaged log
            # (gzip.BadGzipFile is an OSError; a damaged deflate stream a zlib.error)
            why = " ".join(str(exc).split())[:200] or type(exc).__name__
            raise InputError(
                f"cannot read {self._out.path(rel)}: {why}. Remove the folder {name} and "
                "rerun the same command: its task runs again"
            ) from None

    async def _outcome(self, key: str, capture: Capture) -> Prepared:
        outcome = self._outcomes.pop(key, None)
        if outcome is None:
            return Prepared(JzError("internal error: no logged outcome"))
        return Prepared(outcome)


def settle(
    out: Output,
    parts: Sequence[Part],
    options: WarcOptions,
    *,
    gate: _Gate | None = None,
    settled: Callable[[Part], None] | None = None,
    lock: FolderLock | None = None,
) -> WarcStats:
    """Settle the records of every complete task, in input order, into the output (anew).
    With a gate, each task is waited for until it has finished (see run_cluster). A local
    output folder is settled under its lock: `lock` where the caller holds it, else taken
    here."""
    options = replace(options, batch=replace(options.batch, workers=1))

    def run(folder: Path, held: FolderLock | None = None) -> WarcStats:
        settling = _SettleRun(out, parts, _into(options, folder), gate, settled)
        settling.held_lock = held  # the run takes no second lock on the folder
        return asyncio.run(settling.run())

    if out.local:
        root = Path(out.base)
        # The state goes under the folder's lock: a second driver on the same folder stops
        # (BUSY) instead of removing the first one's state.
        with contextlib.ExitStack() as stack:
            if lock is None or not lock.holds(root):
                lock = stack.enter_context(FolderLock(root))
            for suffix in ("", "-wal", "-shm"):
                (root / (STATE_FILE + suffix)).unlink(missing_ok=True)
            return run(root, lock)
    with tempfile.TemporaryDirectory(prefix="jz-settle-") as tmp:
        stats = run(Path(tmp))
        for path in sorted(Path(tmp).rglob("*")):
            if path.is_file() and not path.name.startswith((STATE_FILE, LOCK_FILE)):
                out.put(path, path.relative_to(tmp).as_posix())
    return stats


def _into(options: WarcOptions, folder: Path) -> WarcOptions:
    if options.shard_dir is not None:
        return replace(options, shard_dir=folder)
    return replace(options, batch=replace(options.batch, out_dir=folder))


def _encode(capture: Capture, outcome: Outcome) -> bytes:
    """One line of a task's log: what settling a record needs (not the payload)."""
    page = capture.page
    data: dict[str, Any] = {
        "url": page.url,
        "final_url": page.final_url,
        "status": page.status,
        "headers": {k: v for k in ("etag", "last-modified") if (v := page.headers.get(k))},
        "sha256": capture.sha256 or hashlib.sha256(page.content).hexdigest(),
        "file": capture.file,
        "offset": capture.offset,
        "date": capture.date,
        "truncated": capture.truncated,
        "revisit_of": capture.revisit_of,
        "captured": capture.captured,
    }
    if isinstance(outcome, ListingPage):
        links = [[link.url, link.title, link.date] for link in outcome.links]
        data["listing"] = {"title": outcome.title, "links": links}
    elif isinstance(outcome, JzError):
        no_article = isinstance(outcome, NoArticleError)
        data["error"] = {"message": str(outcome), "code": int(outcome.code), "none": no_article}
    else:
        data["article"] = outcome.to_dict()
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _decode(line: bytes) -> tuple[Capture, Outcome]:
    data = json.loads(line)
    page = Page(
        data["url"],
        b"",
        final_url=data["final_url"],
        status=data["status"],
        headers=data["headers"],
    )
    capture = Capture(
        page,
        data["file"],
        data["offset"],
        data["date"],
        truncated=data["truncated"],
        revisit_of=data["revisit_of"],
        captured=data["captured"],
        sha256=data["sha256"],
    )
    outcome: Outcome
    if "listing" in data:
        links = tuple(ListingLink(*link) for link in data["listing"]["links"])
        outcome = ListingPage(data["listing"]["title"], links)
    elif "error" in data:
        error = data["error"]
        if error["none"]:
            outcome = NoArticleError(error["message"])
        else:
            outcome = JzError(error["message"], ExitCode(error["code"]))
    else:
        outcome = _LoggedArticle.from_dict(data["article"])
        if _current_shape(data["article"]):
            object.__setattr__(outcome, "_logged", data["article"])
    return capture, outcome


class _LoggedArticle(Article):
    """An article rebuilt from a task's log, whose to_dict() is the logged dict (the task's
    own to_dict()) instead of a second walk over the model: the store packs every exported
    article. A changed copy (dataclasses.replace: a listing's column, a truncation warning)
    is built without it, and walks the model."""

    def to_dict(self) -> dict[str, Any]:
        logged = self.__dict__.get("_logged")
        return dict(logged) if logged is not None else super().to_dict()


__all__ = [
    "SPLIT_SIZE",
    "ClusterReport",
    "Output",
    "plan",
    "run_cluster",
    "settle",
    "task_name",
    "warc_task",
]
