"""`jz warc`: the batch runner fed from web archives instead of the network.

A WarcRun is a BatchRun whose articles come from WARC records: the same store, resume,
naming, cross-article boilerplate, manifest, stdout order and worker pool. The archive is
read in the main process, the pipeline runs in the pool, and results are exported strictly
in record order (a turnstile), so file names, the manifest and stdout are the same bytes
whatever the number of workers. One WarcRun over one file is also the cluster's task.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gzip
import hashlib
import json
import time
from collections import Counter, deque
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import IO, Any

from jzcli.batch.boilerplate import fingerprint, remove_boilerplate
from jzcli.batch.files import write_atomic
from jzcli.batch.manifest import MANIFEST_FILE, write_manifest
from jzcli.batch.progress import Progress, RunStats
from jzcli.batch.runner import BatchOptions, BatchRun, _column_name, _Context, _day
from jzcli.batch.store import FolderLock, Row, StateStore, lock_folder
from jzcli.batch.workers import Chunks, WorkerDied
from jzcli.errors import ExitCode, InputError, JzError, NoArticleError
from jzcli.models import SCHEMA_VERSION, Article, Provenance
from jzcli.warc.pages import ListingPage, Prepared, prepare_record, truncated
from jzcli.warc.ranges import Window
from jzcli.warc.reader import (
    NO_CAPTURES,
    Capture,
    Originals,
    Selection,
    Skipped,
    ends_file,
    open_source,
    read_records,
    seekable,
)

SHARD_PATTERN = "articles-{:05d}.jsonl.gz"
CHUNK = 4
"""Records handed to a worker process at once (fewer round trips, see batch.workers.Chunks)."""
COMMIT_EVERY = 64
"""Settled records per store transaction (also at least every COMMIT_SECONDS)."""
COMMIT_SECONDS = 1.0


@dataclass(frozen=True)
class WarcOptions:
    """A `jz warc` run: the batch options plus what only archives need."""

    batch: BatchOptions = field(default_factory=BatchOptions)
    selection: Selection = field(default_factory=Selection)
    all_captures: bool = False
    """Export every capture of a URL, not only the first (rows keyed 'URL WARC-Date')."""
    shard_dir: Path | None = None
    """Write gzipped JSON-lines shards (and the state and manifest) here instead of files."""
    shard_size: int = 1000
    byte_range: tuple[int, int | None] | None = None
    """Read only the records starting in bytes [start, end) of each input (end None: to its
    end), `start` being a record's offset: one cluster task's part of a large file."""


@dataclass
class WarcStats(RunStats):
    """RunStats plus the records left out, by reason, and the files read."""

    records: int = 0
    files: int = 0
    files_done_before: int = 0
    skipped_records: Counter[str] = field(default_factory=Counter)

    def skip_summary(self) -> str:
        if not self.skipped_records:
            return ""
        parts = [f"{n} {reason}" for reason, n in self.skipped_records.most_common()]
        return f"jz: {sum(self.skipped_records.values())} records left out: " + ", ".join(parts)


@dataclass
class _Item:
    capture: Capture
    turn: int


class _Turns:
    """Lets results settle strictly in the order their records were read."""

    def __init__(self) -> None:
        self.next = 0
        self._events: dict[int, asyncio.Event] = {}

    async def wait(self, turn: int) -> None:
        if turn != self.next:
            await self._events.setdefault(turn, asyncio.Event()).wait()

    def done(self, turn: int) -> None:
        self.next = turn + 1
        event = self._events.pop(turn + 1, None)
        if event is not None:
            event.set()


def _record_key(url: str) -> str:
    return f"warc-record:{url}"


class WarcRun(BatchRun):
    """One run over some WARC/ARC inputs into one output (folder, shards or stdout)."""

    def __init__(
        self,
        sources: Sequence[str],
        options: WarcOptions,
        *,
        progress: Progress | None = None,
        emit: Callable[[str], None] | None = None,
    ) -> None:
        batch = replace(
            options.batch,
            robots=False,
            max_article_pages=1,
            # Records in flight: a chunk at each worker, one more waiting, one filling.
            concurrency=max(2, (options.batch.workers + 2) * CHUNK),
        )
        if options.shard_dir is not None:
            batch = replace(batch, out_dir=None, state_dir=options.shard_dir)
        # The batch runner streams stdout lines as articles finish, with the boilerplate known
        # so far; a WARC run prints everything at the end, each line with the whole run's
        # boilerplate decision, in input order (the same bytes for any number of workers).
        super().__init__(batch, progress=progress, emit=None)
        self._print = emit
        self.sources = list(sources)
        self.warc = options
        self.stats: WarcStats = WarcStats()
        self._items: dict[str, _Item] = {}
        self._turns = _Turns()
        self._issued = 0
        self._open: Counter[str] = Counter()
        self._reading: set[str] = set()
        self._store: StateStore | None = None
        self.file_errors: dict[str, str] = {}
        self._listed: dict[str, tuple[str, str, str]] = {}
        self._packed_here: set[str] = set()
        """Rows whose article this run stored (in this version's shape)."""
        self._chunks: Chunks[Prepared] | None = None
        self._storing = True
        """Whether records are stored here (not only logged, as a cluster task does)."""
        self._tx: contextlib.ExitStack | None = None
        self._tx_count = 0
        self._tx_since = 0.0
        """Article URL -> (column, title, date) from the listing pages settled so far."""

    async def run(self) -> WarcStats:
        try:
            with contextlib.ExitStack() as stack:
                if self.warc.shard_dir is not None:
                    # As an --out folder is: a second run there fails at once (BUSY).
                    stack.enter_context(shard_folder_lock(self.warc.shard_dir, self.held_lock))
                await self._run(self._produce)
        except BaseException:
            self._tx = None  # the store is closed: its open transaction was rolled back
            raise
        return self.stats

    # -- store transactions ----------------------------------------------------------------
    # One commit per record would cost the main process more than the reading does; records
    # settle in a fixed order, so a kill that loses the open transaction only makes the rerun
    # redo those records, under the same names.

    def _in_transaction(self, store: StateStore) -> None:
        if self._tx is None:
            self._tx = contextlib.ExitStack()
            self._tx.enter_context(store.batch())
            self._tx_count = 0
            self._tx_since = time.monotonic()

    def _maybe_commit(self) -> None:
        self._tx_count += 1
        if self._tx_count >= COMMIT_EVERY or time.monotonic() - self._tx_since > COMMIT_SECONDS:
            self._commit()

    def _commit(self) -> None:
        if self._tx is not None:
            tx, self._tx = self._tx, None
            tx.close()

    # -- reading the archives ----------------------------------------------------------

    async def _produce(self, ctx: _Context) -> None:
        self._store = ctx.store
        originals = Originals()
        for source in self.sources:
            self.stats.files += 1
            if ctx.store.get_meta(f"warc-done:{source}") == "1":
                self.stats.files_done_before += 1
                continue
            first, end = self.warc.byte_range or (0, None)
            resumed = int(ctx.store.get_meta(f"warc-resume:{source}") or 0)
            start = max(first, resumed if seekable(source) else 0)
            self._reading.add(source)
            with open_source(source) as opened:
                stream: IO[bytes] | Window = opened
                if start:
                    _seek(opened, source, start)
                if end is not None:
                    stream = Window(opened, end)
                records = read_records(
                    stream,  # type: ignore[arg-type]
                    source,
                    self.warc.selection,
                    originals,
                    start=start,
                    duplicate=self._taken,
                )
                captured = False
                for record in records:
                    self.stats.records += 1
                    if isinstance(record, Skipped):
                        if ends_file(record):
                            self.file_errors[source] = record.reason
                            self._fail_file(source, record.reason)
                        else:
                            captured = captured or record.capture
                            self.stats.skipped_records[record.reason] += 1
                        continue
                    captured = True
                    await self._take(ctx, record)
                    await asyncio.sleep(0)  # let finished articles settle while reading
                # A whole file without one capture is empty input, as an empty list is to
                # `jz batch` (a range of a split file, or a resumed one, may hold none).
                whole = start == 0 and self.warc.byte_range is None
                if whole and not captured and source not in self.file_errors:
                    self.file_errors[source] = NO_CAPTURES
                    self._fail_file(source, NO_CAPTURES)
            self._reading.discard(source)
            self._close_file(ctx.store, source)
        self._commit()

    def _taken(self, url: str) -> bool:
        return not self.warc.all_captures and url in self._queued

    async def _take(self, ctx: _Context, capture: Capture) -> None:
        url = capture.page.url
        key = f"{url} {capture.date}" if self.warc.all_captures else url
        if key in self._queued:
            self.stats.skipped_records["duplicate URL"] += 1
            return
        self._queued.add(key)
        row = ctx.store.add(key)
        self.stats.found += 1
        self.progress.update(self.stats, "found", key)
        if row.status == "done":
            self.stats.already_done += 1
            return
        self._items[key] = _Item(capture, self._issued)
        self._issued += 1
        self._open[capture.file] += 1
        self.stats.queued += 1
        await ctx.queue.put(key)

    def _fail_file(self, source: str, reason: str) -> None:
        self.stats.failed += 1
        self.stats.failure_codes[int(ExitCode.INPUT)] += 1
        self.progress.update(self.stats, "failed", source, reason)

    def _close_file(self, store: StateStore, source: str) -> None:
        """Mark a file done once it is read to its end and all its records are settled."""
        if source in self._reading or self._open[source] or source in self.file_errors:
            return
        store.set_meta(f"warc-done:{source}", "1")

    # -- one record ----------------------------------------------------------------------

    async def _article(self, ctx: _Context, url: str) -> None:
        item = self._items.pop(url, None)
        if item is None:
            return  # a failed row of an earlier run that this input does not bring back
        prepared = await self._outcome(url, item.capture)
        await self._turns.wait(item.turn)
        self._in_transaction(ctx.store)
        try:
            await self._settle(ctx, url, item.capture, prepared)
        finally:
            self._turns.done(item.turn)
            source = item.capture.file
            self._open[source] -= 1
            if seekable(source):
                ctx.store.set_meta(f"warc-resume:{source}", str(item.capture.offset))
            self._close_file(ctx.store, source)
            self._maybe_commit()

    async def _outcome(self, key: str, capture: Capture) -> Prepared:
        """What the pipeline makes of one capture (an error is an outcome too), with what
        storing it takes made beside it (in the worker, with a pool)."""
        page, settings = capture.page, self.options.pipeline
        work = functools.partial(
            prepare_record,
            pack=self._storing,
            fingerprints=self._storing and self.options.cross_article,
        )
        if self._pool is None:
            # One worker: the pipeline runs here, between reads. Nothing else waits on this
            # loop (no network), and a thread would only add switching under the GIL.
            return work(page, settings, capture.captured, capture.truncated)
        if self._chunks is None:
            in_flight = self.options.workers + 1  # a chunk waits for each worker as it ends one
            self._chunks = Chunks(self._pool, work, in_flight=in_flight, size=CHUNK)
        try:
            return await self._chunks.call(
                page, settings, capture.captured, capture.truncated, size=len(page.content)
            )
        except WorkerDied as exc:
            # This record killed a worker process, and again when it ran alone: it fails,
            # like any record the pipeline cannot read. The pool was replaced and the other
            # records that were in flight with it ran again (batch.workers.WorkerPool).
            return Prepared(exc)
        except Exception as exc:  # one record's call failed in the worker, not the worker
            return Prepared(JzError(f"internal error: {type(exc).__name__}: {exc}"))

    async def _settle(self, ctx: _Context, key: str, capture: Capture, prepared: Prepared) -> None:
        outcome = prepared.outcome
        self.stats.fetched += 1
        where = {
            "warc_file": capture.file,
            "warc_offset": capture.offset,
            "warc_date": capture.date or None,
        }
        if capture.truncated:
            where["warc_truncated"] = capture.truncated
        ctx.store.set_meta(_record_key(key), json.dumps(where, ensure_ascii=False))
        ctx.store.start_attempt(key)
        listed = self._listed.get(capture.page.url)
        if listed is not None:
            ctx.store.add(key, listing_title=listed[1], listing_date=listed[2])
        row = ctx.store.get(key)
        if row is None:
            return
        if isinstance(outcome, ListingPage):
            column = _column_name(outcome.title)
            for link in outcome.links:
                self._listed.setdefault(link.url, (column, link.title, link.date))
            self._skip(ctx, key, f"a listing page ({len(outcome.links)} article links)")
            return
        if isinstance(outcome, NoArticleError):
            self._skip(ctx, key, f"no article: {outcome}")
            return
        if isinstance(outcome, JzError):
            self._fail(ctx, key, str(outcome), int(outcome.code), None)
            return
        article = outcome
        if listed is not None and not article.column and listed[0]:
            article = replace(article, column=listed[0])
        if capture.truncated:  # made in the worker, unless the outcome came from elsewhere
            article = truncated(article, capture.truncated)
        published = _day(article.published) or row.listing_date
        day = published or _day(capture.date)
        opts = self.options
        if opts.since and day and day < opts.since:
            self._skip(ctx, key, f"dated {day}, before --since {opts.since}")
            return
        if opts.until and day and day > opts.until:
            self._skip(ctx, key, f"dated {day}, after --until {opts.until}")
            return
        digest = (
            capture.sha256 or prepared.sha256 or hashlib.sha256(capture.page.content).hexdigest()
        )
        packed = prepared.packed if article is outcome else None  # changed here: packed anew
        self._packed_here.add(key)
        await self._export(
            ctx,
            row,
            capture.page,
            article,
            digest,
            published,
            packed=packed,
            fingerprints=prepared.fingerprints,
        )

    # -- output --------------------------------------------------------------------------

    def _manifest_extra(self, row: Row) -> Mapping[str, Any]:
        if self._store is None:
            return {}
        where = self._store.get_meta(_record_key(row.url))
        return json.loads(where) if where else {}

    def _finish(self, store: StateStore, out_dir: Path | None) -> None:
        self._commit()
        self._store = store
        shard_dir = self.warc.shard_dir
        if shard_dir is None:
            super()._finish(store, out_dir)
            if out_dir is None and self._print is not None:
                final = self._boilerplate_sets(store)
                for position, row in enumerate(store.rows(), 1):
                    line = self._line(store, row, final, position)
                    if line:
                        self._print(line)
            return
        final = self._boilerplate_sets(store)
        # With worker processes, the cores they leave idle now compress the shards.
        background = self.options.workers - 1 if self._pool is not None else 0
        shards = _ShardWriter(shard_dir, self.warc.shard_size, background)
        shard_of: dict[str, str] = {}
        for position, row in enumerate(store.rows(), 1):
            if row.status == "done":
                line = self._line(store, row, final, position)
                if line:
                    shard_of[row.url] = shards.add(line)
        shards.close()

        def extra(row: Row) -> dict[str, Any]:
            return {**self._manifest_extra(row), "shard": shard_of.get(row.url)}

        write_manifest(shard_dir / MANIFEST_FILE, store.rows(), store.aliases(), extra)

    def _line(
        self, store: StateStore, row: Row, final: Mapping[str, set[str]], position: int
    ) -> str:
        """A row's JSON line: the article (whole-run boilerplate removed) or its failure."""
        if row.status == "done":
            boilerplate = final.get(row.site, set())
            if row.url in self._packed_here and not (
                boilerplate and store.fingerprints_of(row.url) & boilerplate
            ):
                # Packed by this run (this version's to_dict, compact JSON as below), no
                # paragraph of it boilerplate: the line is the packed text with its position.
                text = store.article_json(row.url)
                if text is not None and text.endswith("}"):
                    return f'{text[:-1]},"position":{position}}}\n'
            data = store.article_data(row.url)
            if data is None:
                return ""
            # The stored dict is the article's to_dict(): it is only rebuilt as a model when
            # some paragraph is the site's boilerplate (or it was stored by another version).
            hit = boilerplate and any(fingerprint(p) in boilerplate for p in data["paragraphs"])
            if hit or not _current_shape(data):
                shown, _ = remove_boilerplate(Article.from_dict(data), boilerplate)
                data = shown.to_dict()
            data = {**data, "position": position}
            return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
        if row.status == "failed":
            record = {"position": position, "url": row.url, "error": row.error}
            record["code"] = row.error_code
            return json.dumps(record, ensure_ascii=False) + "\n"
        return ""


_ARTICLE_KEYS = ["schema_version", *(f.name for f in fields(Article))]
_PROVENANCE_KEYS = [f.name for f in fields(Provenance)]


def _current_shape(data: Mapping[str, Any]) -> bool:
    """Whether a stored article dict has this version's keys, in to_dict()'s order."""
    if data.get("schema_version") != SCHEMA_VERSION or list(data) != _ARTICLE_KEYS:
        return False
    provenance = data.get("provenance")
    return isinstance(provenance, dict) and list(provenance) == _PROVENANCE_KEYS


class _ShardWriter:
    """articles-00000.jsonl.gz, ... of at most `size` lines each, each written atomically.

    With `background` threads (runs of -j 2 and more), a full shard is compressed and
    written in a thread (zlib lets go of the GIL) while the next one's lines are made; at
    most `background` shards wait at once. The bytes are the same either way."""

    def __init__(self, folder: Path, size: int, background: int = 0) -> None:
        self.folder = folder
        self.size = max(1, size)
        self.number = 0
        self.lines: list[bytes] = []
        self._background = background
        self._threads = ThreadPoolExecutor(background) if background > 0 else None
        self._pending: deque[Future[None]] = deque()

    def add(self, line: str) -> str:
        self.lines.append(line.encode("utf-8"))
        name = SHARD_PATTERN.format(self.number)
        if len(self.lines) >= self.size:
            self._flush()
        return name

    def _flush(self) -> None:
        if not self.lines:
            return
        path = self.folder / SHARD_PATTERN.format(self.number)
        data = b"".join(self.lines)
        self.number += 1
        self.lines = []
        if self._threads is None:
            _write_shard(path, data)
            return
        while len(self._pending) >= self._background:
            self._pending.popleft().result()
        self._pending.append(self._threads.submit(_write_shard, path, data))

    def close(self) -> None:
        try:
            self._flush()
            while self._pending:
                self._pending.popleft().result()  # a failed write raises here
        finally:
            if self._threads is not None:
                self._threads.shutdown(wait=True, cancel_futures=True)
        stale = self.number
        while (self.folder / SHARD_PATTERN.format(stale)).exists():
            (self.folder / SHARD_PATTERN.format(stale)).unlink()
            stale += 1


def _write_shard(path: Path, data: bytes) -> None:
    # mtime=0: the same articles always give the same shard bytes.
    write_atomic(path, gzip.compress(data, compresslevel=6, mtime=0))


def shard_folder_lock(
    folder: Path, held: FolderLock | None = None
) -> contextlib.AbstractContextManager[object]:
    """The lock of a --jsonl-shards folder (made if missing), held for a whole run: none
    where the caller holds it (`held`)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise JzError(f"cannot create {folder}: {exc.strerror or exc}", ExitCode.OUTPUT) from None
    return lock_folder(folder, held)


def _seek(stream: IO[bytes], source: str, offset: int) -> None:
    try:
        stream.seek(offset)
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read {source} from byte {offset}: {exc}") from None


def run_warc(
    sources: Sequence[str],
    options: WarcOptions,
    *,
    progress: Progress | None = None,
    emit: Callable[[str], None] | None = None,
) -> WarcStats:
    """Extract the articles of some WARC/ARC inputs (blocking)."""
    return asyncio.run(WarcRun(sources, options, progress=progress, emit=emit).run())


__all__ = ["SHARD_PATTERN", "WarcOptions", "WarcRun", "WarcStats", "run_warc"]
