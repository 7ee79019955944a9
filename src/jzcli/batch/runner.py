"""Export many articles: a column's listing pages or a URL list, resumable and polite.

One run: open the state store, crawl or read the URLs into it, fetch and export them with
a pool of workers (global concurrency) behind a per-host gate, then decide cross-article
boilerplate from the whole store, rewrite the files it changes and regenerate the manifest.
The per-article work is `jzcli.pipeline.process_pages`, unchanged.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import posixpath
import sqlite3
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from jzcli.batch.boilerplate import (
    BoilerplateRule,
    article_fingerprints,
    boilerplate_fingerprints,
    remove_boilerplate,
)
from jzcli.batch.files import remove_stale_temp_files, safe_join, write_atomic
from jzcli.batch.images import ImageKeeper, localize
from jzcli.batch.manifest import MANIFEST_FILE, write_manifest
from jzcli.batch.memory import DEFAULT_BUDGET, MemoryBudget
from jzcli.batch.naming import DEFAULT_TEMPLATE, NameFields, check_template, render_name
from jzcli.batch.politeness import (
    ROBOTS_MAX_BYTES,
    HostGate,
    RobotsDenied,
    RobotsPolicy,
    RobotsUnreachable,
)
from jzcli.batch.progress import NoProgress, Progress, RunStats
from jzcli.batch.scope import CrawlScope
from jzcli.batch.sources import (
    feed_links,
    gunzip,
    parse_feed,
    parse_sitemap,
    robots_sitemaps,
    source_kind,
)
from jzcli.batch.store import STATE_FILE, FolderLock, Row, StateStore, lock_folder
from jzcli.batch.workers import WorkerPool, run_in_worker, run_pipeline, worker_pool
from jzcli.errors import (
    DiskFullError,
    ExitCode,
    FetchError,
    JzError,
    NoArticleError,
    OutputError,
    StdoutError,
    is_disk_full,
)
from jzcli.export import render_articles
from jzcli.extract.listing import parse_listing, site_of
from jzcli.fetch import follow_pages
from jzcli.fetch.archive import Capture, falls_back, fetch_archived, mark_archived
from jzcli.fetch.archive import endpoint as archive_endpoint
from jzcli.fetch.article import refuse_empty, single_page_article
from jzcli.fetch.client import Fetcher, check_url
from jzcli.fetch.content import binary_format, rejected_by_header
from jzcli.fetch.urls import normalize_url, same_site
from jzcli.fetch.warc import WarcRecorder
from jzcli.models import Article, Page
from jzcli.pipeline import decode_page, http_charset
from jzcli.settings import FetchSettings, Settings

FILE_FORMATS = ("md", "json", "txt")
MAX_SOURCES = 1000
LISTING_PAGES = 1000
"""Listing pages a column crawl reads unless --max-pages says otherwise: a pager that never
runs out of new links (a calendar, a search, a spider trap) would be crawled forever. With
20 to 50 links a page this is 20,000 to 50,000 articles; hitting it prints a notice, and the
column is not marked finished, so a rerun with a higher --max-pages goes on."""
"""Feeds and sitemaps read at most in one column run (a sitemap index can name thousands)."""


@dataclass(frozen=True)
class BatchOptions:
    """Everything a column or batch run may be told."""

    out_dir: Path | None = None
    """None: no files; articles go to `emit` as JSON lines at the end of the run."""
    fmt: str = "md"
    name_template: str = DEFAULT_TEMPLATE
    concurrency: int = 8
    per_host: int = 2
    delay: float = 0.0
    robots: bool = True
    update: bool = False
    since: str = ""
    """YYYY-MM-DD: leave out articles published before this day."""
    until: str = ""
    """YYYY-MM-DD: leave out articles published after this day."""
    max_listing_pages: int | None = None
    discover: bool = False
    """Also read the feeds the column page links to and the sitemaps robots.txt names."""
    allow_hosts: tuple[str, ...] = ()
    """HOST or HOST:PORT a column crawl may follow besides the column's own origin."""
    max_article_pages: int = 10
    images: bool = False
    """Keep the articles' images beside them (needs out_dir)."""
    archived: bool = False
    """Read a gone article (404, 410, timeout, unreachable) from a web archive's copy."""
    archive_endpoint: str = ""
    """Wayback-style availability API ('' for JZ_ARCHIVE_ENDPOINT or the Internet Archive)."""
    warc: Path | None = None
    workers: int = 1
    """Processes running the per-article pipeline (1: a thread of this process)."""
    state_dir: Path | None = None
    """Where the state lives when out_dir is None (default: a temporary folder)."""
    cross_article: bool = True
    rule: BoilerplateRule = field(default_factory=BoilerplateRule)
    fetch: FetchSettings = field(default_factory=FetchSettings)
    pipeline: Settings = field(default_factory=Settings)
    on_article: Callable[[Article], None] | None = field(default=None, compare=False)
    """Told about every article exported (the CLI's --report)."""
    memory_budget: int = DEFAULT_BUDGET
    """Bytes of working memory for the articles being parsed at once (batch/memory.py)."""


Emit = Callable[[str], None]


async def _finish_writing(write: Awaitable[None]) -> bool:
    """Await a file's writing in a thread to its end, even when the run is cancelled meanwhile
    (the thread writes it anyway, and its row must say so); True if it was cancelled."""
    writing = asyncio.ensure_future(write)
    cancelled = False
    while True:
        try:
            await asyncio.shield(writing)
            return cancelled
        except asyncio.CancelledError:
            if writing.cancelled():
                raise
            cancelled = True


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _day(value: str) -> str:
    return value[:10] if len(value) >= 10 and value[4] == "-" and value[7] == "-" else ""


def _column_name(title: str) -> str:
    for sep in ("_", " - ", "-", "|", "—"):
        if sep in title:
            return title.split(sep)[0].strip()
    return title.strip()


def _stopping(run: asyncio.Task[Any] | None) -> bool:
    """Whether the task running the batch has been asked to stop (Python 3.11+: asyncio.run
    turns Ctrl-C, and jz SIGTERM, into its main task's cancellation; before 3.11 the
    interrupt ends the loop at once, and no article's task runs on meanwhile)."""
    cancelling = getattr(run, "cancelling", None)
    return bool(cancelling is not None and cancelling())


class BatchRun:
    """One run over one output folder (or a temporary store when writing to stdout)."""

    def __init__(
        self,
        options: BatchOptions,
        *,
        progress: Progress | None = None,
        emit: Emit | None = None,
        transport: Any = None,
    ) -> None:
        if options.fmt not in FILE_FORMATS:
            raise JzError(f"unknown format {options.fmt!r}: use md, json or txt")
        check_template(options.name_template)
        self.options = options
        self.progress: Progress = progress or NoProgress()
        self.emit = emit
        self.transport = transport
        self.stats = RunStats()
        self._queued: set[str] = set()
        self._column = ""
        self._sets: dict[str, set[str]] = {}
        self._sets_at = (0, 0.0)
        self._written: set[str] = set()
        self._final_urls: dict[str, str] = {}
        self._deferred: list[str] = []
        """URLs held back because their host's robots.txt was unreachable."""
        self._last_try = False
        self._positions: dict[str, int] = {}
        """Each URL's place in the input (from 1): stdout lines carry it, in completion order."""
        self._emitted: set[str] = set()
        self.memory = MemoryBudget(options.memory_budget)
        self._pool: WorkerPool | None = None
        self.held_lock: FolderLock | None = None
        """The output folder's lock, where the caller holds it already (the run takes none)."""

    # -- public entry points -----------------------------------------------------------

    async def column(self, url: str) -> RunStats:
        """Crawl a column's listing pages and export every article found."""

        async def produce(ctx: _Context) -> None:
            await self._crawl(ctx, url)

        return await self._run(produce)

    async def urls(self, urls: Iterable[str]) -> RunStats:
        """Export every URL of a list."""

        async def produce(ctx: _Context) -> None:
            for u in urls:
                await self._offer(ctx, u)

        return await self._run(produce)

    # -- the run -------------------------------------------------------------------------

    async def _run(self, produce: Callable[[_Context], Awaitable[None]]) -> RunStats:
        try:
            return await self._run_stored(produce)
        except (sqlite3.Error, DiskFullError) as exc:
            # Every later write would fail too: stop the run. Rows and files already done are
            # committed, so the same command resumes once there is room.
            where = self.options.out_dir or "the temporary folder"
            reason = exc.reason if isinstance(exc, DiskFullError) else f"state database: {exc}"
            raise OutputError(
                f"cannot write to {where} ({reason}). Free some space (or give another --out) "
                "and rerun the same command: the articles exported so far are kept"
            ) from None

    async def _run_stored(self, produce: Callable[[_Context], Awaitable[None]]) -> RunStats:
        opts = self.options
        with contextlib.ExitStack() as stack:
            if opts.out_dir is not None:
                out_dir: Path | None = opts.out_dir
                state_path = opts.out_dir / STATE_FILE
                try:
                    opts.out_dir.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise JzError(
                        f"cannot create {opts.out_dir}: {exc.strerror or exc}", ExitCode.OUTPUT
                    ) from None
                # Before anything is touched: a second run must not delete the first's files.
                stack.enter_context(lock_folder(opts.out_dir, self.held_lock))
                remove_stale_temp_files(opts.out_dir)
            else:
                out_dir = None
                tmp = opts.state_dir or stack.enter_context(
                    tempfile.TemporaryDirectory(prefix="jz-")
                )
                state_path = Path(tmp) / STATE_FILE
            self._pool = stack.enter_context(worker_pool(opts.workers))
            store = stack.enter_context(StateStore(state_path))
            recorder = stack.enter_context(WarcRecorder(opts.warc)) if opts.warc else None
            gate = HostGate(opts.per_host, opts.delay)
            self._sets = self._boilerplate_sets(store)
            fetcher = Fetcher(opts.fetch, gate=gate, recorder=recorder, transport=self.transport)
            async with fetcher:
                robots = None
                if opts.robots:
                    robots = RobotsPolicy(
                        lambda u: _fetch_robots(fetcher, u),
                        opts.fetch.user_agent,
                        gate,
                        notice=lambda text: self.progress.update(self.stats, "warning", "", text),
                    )
                    gate.robots = robots  # redirect hops and continuation pages are checked too
                ctx = _Context(store, fetcher, robots, out_dir, asyncio.Queue(opts.concurrency * 2))
                if opts.images and out_dir is not None:
                    ctx.images = ImageKeeper(out_dir, store, _image_fetch(fetcher, robots))
                try:
                    await self._work(ctx, produce)
                except (KeyboardInterrupt, asyncio.CancelledError, BrokenPipeError, StdoutError):
                    if out_dir is not None:  # keep the manifest true to the store on Ctrl-C
                        write_manifest(
                            out_dir / MANIFEST_FILE,
                            store.rows(),
                            store.aliases(),
                            self._manifest_extra,
                        )
                    raise
            self._finish(store, out_dir)
        self.progress.update(self.stats, "done")
        return self.stats

    async def _work(self, ctx: _Context, produce: Callable[[_Context], Awaitable[None]]) -> None:
        async def leftovers(ctx: _Context) -> None:
            await produce(ctx)
            # Rows a killed or earlier run left pending or failed are retried too.
            for url in ctx.store.urls_with_status("pending", "failed"):
                if url not in self._queued:
                    self._queued.add(url)
                    self._positions.setdefault(url, len(self._positions) + 1)
                    self.stats.found += 1
                    self.stats.queued += 1
                    await ctx.queue.put(url)

        await self._drain(ctx, leftovers)
        if self._deferred and ctx.robots is not None:
            # RFC 9309: an unreachable robots.txt closes the host for now; one more try late
            # in the run, after everything else (failing again, the URLs fail for this run).
            again, self._deferred = self._deferred, []
            ctx.robots.retry_unreachable()
            self._last_try = True

            async def deferred(ctx: _Context) -> None:
                for url in again:
                    await ctx.queue.put(url)

            await self._drain(ctx, deferred)

    async def _drain(self, ctx: _Context, produce: Callable[[_Context], Awaitable[None]]) -> None:
        """Run the workers over what `produce` queues, until it is all done."""
        run = asyncio.current_task()
        workers = [
            asyncio.create_task(self._worker(ctx, run))
            for _ in range(max(1, self.options.concurrency))
        ]

        async def feed() -> None:
            await produce(ctx)
            for _ in workers:
                await ctx.queue.put(None)

        tasks = [asyncio.create_task(feed()), *workers]
        try:
            # A worker that dies (the disk is full) must not leave `feed` waiting on a full queue.
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
            for task in done:
                if not task.cancelled() and task.exception() is not None:
                    await task  # raises it
            await asyncio.gather(*tasks)
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _offer(
        self, ctx: _Context, url: str, *, listing_title: str = "", listing_date: str = ""
    ) -> bool:
        """Record a URL in the store and queue it if it needs work; False if seen this run."""
        url = normalize_url(url)  # one URL per article: the state only holds normal forms
        if url in self._queued:
            return False
        self._queued.add(url)
        self._positions.setdefault(url, len(self._positions) + 1)
        row = ctx.store.add(url, listing_title=listing_title, listing_date=listing_date)
        self.stats.found += 1
        self.progress.update(self.stats, "found", url)
        if row.status == "done" and not self.options.update:
            self.stats.already_done += 1
            return True
        self.stats.queued += 1
        await ctx.queue.put(url)
        return True

    async def _worker(self, ctx: _Context, run: asyncio.Task[Any] | None = None) -> None:
        while True:
            url = await ctx.queue.get()
            if url is None:
                return
            try:
                try:
                    await self._article(ctx, url)
                except Exception:
                    if _stopping(run):
                        # The run is being stopped (Ctrl-C, SIGTERM): a failure now is the
                        # stop's doing (the group's SIGTERM killed the worker processes and
                        # the forkserver), not the URL's. It stays pending for the rerun.
                        return
                    raise
            except (sqlite3.Error, DiskFullError):
                raise  # the output folder takes no more: the run stops
            except (BrokenPipeError, StdoutError):
                raise  # nobody reads stdout, or it takes no more: the run stops
            except RobotsDenied as exc:  # a redirect to a disallowed address
                self._skip(ctx, url, str(exc))
            except RobotsUnreachable as exc:
                if self._last_try:
                    self._fail(ctx, url, str(exc), int(exc.code), None)
                else:
                    self._deferred.append(url)
            except JzError as exc:
                status = exc.status if isinstance(exc, FetchError) else None
                self._fail(ctx, url, str(exc), int(exc.code), status)
            except OSError as exc:
                if is_disk_full(exc):  # e.g. the WARC file: the run stops (see _run)
                    raise DiskFullError(str(exc), str(exc.strerror or exc)) from None
                self._fail(ctx, url, f"internal error: {type(exc).__name__}: {exc}", 1, None)
            except Exception as exc:  # a bug in one article must not stop the run
                self._fail(ctx, url, f"internal error: {type(exc).__name__}: {exc}", 1, None)

    def _fail(self, ctx: _Context, url: str, error: str, code: int, status: int | None) -> None:
        ctx.store.mark_failed(url, " ".join(error.split()), code, status)
        self.stats.failed += 1
        self.stats.failure_codes[code] += 1
        self.progress.update(self.stats, "failed", url, error)
        if self.emit is not None and ctx.out_dir is None:
            record = {"position": self._positions.get(url, 0), "url": url}
            record |= {"error": " ".join(error.split()), "code": code}
            self.emit(json.dumps(record, ensure_ascii=False) + "\n")

    def _skip(self, ctx: _Context, url: str, reason: str) -> None:
        ctx.store.mark_skipped(url, reason)
        self.stats.skipped += 1
        self.progress.update(self.stats, "skipped", url, reason)

    # -- one article ---------------------------------------------------------------------

    async def _article(self, ctx: _Context, url: str) -> None:
        opts = self.options
        row = ctx.store.get(url)
        if row is None:
            return
        unreachable: FetchError | None = None
        check_url(url)  # a malformed address fails as INPUT here, before robots.txt parses it
        if ctx.robots is not None:
            try:
                await ctx.robots.check(url)
            except RobotsDenied:
                if row.status != "done":
                    self._skip(ctx, url, "disallowed by robots.txt")
                return
            except RobotsUnreachable as exc:
                # The host is down for good (its last try): an archive may hold the article.
                if not (opts.archived and self._last_try and falls_back(exc)):
                    raise
                unreachable = FetchError(str(exc.__cause__ or exc), exc.code, url=url)
        ctx.store.start_attempt(url)
        revalidate = opts.update and row.status == "done"
        conditional: dict[str, str] = {}
        if revalidate:
            if row.etag:
                conditional["If-None-Match"] = row.etag
            if row.last_modified:
                conditional["If-Modified-Since"] = row.last_modified
        capture: Capture | None = None
        try:
            if unreachable is not None:
                raise unreachable
            first = await ctx.fetcher.fetch(url, headers=conditional or None)
        except (RobotsDenied, RobotsUnreachable):
            raise
        except FetchError as exc:
            if not opts.archived or revalidate or not falls_back(exc):
                raise
            where = archive_endpoint(opts.archive_endpoint)
            first, capture = await fetch_archived(ctx.fetcher, url, where, exc)
        self.stats.fetched += 1
        self.progress.update(self.stats, "fetched", url)
        digest = _sha256(first.content)
        if first.status == 304 or (revalidate and digest == row.sha256):
            ctx.store.mark_unchanged(url, first.status)
            self.stats.unchanged += 1
            self.progress.update(self.stats, "unchanged", url)
            return
        refuse_empty(first)
        async with self.memory.reserve(len(first.content)):  # large pages: fewer at once
            # An archived capture is one page: its continuation pages are as gone as it was.
            # A single-page article (most) takes one worker call; else follow its pages here.
            single = None if capture else await self._single_page(first)
            warnings: list[str] = []
            if single is not None:
                article = single
            else:
                pages, warnings = ([first], []) if capture else await self._more_pages(ctx, first)
                article = await run_pipeline(self._pool, pages, opts.pipeline)
        if warnings:
            prov = replace(article.provenance, warnings=(*article.provenance.warnings, *warnings))
            article = replace(article, provenance=prov)
        if capture is not None:
            article = mark_archived(article, capture)
        if capture is not None or row.archive_url:
            ctx.store.set_archive(url, *((capture.url, capture.timestamp) if capture else ("", "")))
        if not article.column and self._column:
            article = replace(article, column=self._column)
        day = _day(article.published) or row.listing_date
        if day and not revalidate:
            if opts.since and day < opts.since:
                self._skip(ctx, url, f"published {day}, before --since {opts.since}")
                return
            if opts.until and day > opts.until:
                self._skip(ctx, url, f"published {day}, after --until {opts.until}")
                return
        await self._export(ctx, row, first, article, digest, day)

    async def _single_page(self, first: Page) -> Article | None:
        """The article of `first` when it has no pages to follow (fetch.single_page_article)."""
        if first.kind != "html" or self.options.max_article_pages <= 1:
            return None
        return await run_in_worker(self._pool, single_page_article, first, self.options.pipeline)

    async def _more_pages(self, ctx: _Context, first: Page) -> tuple[list[Page], list[str]]:
        """The continuation pages of a multi-page article (via the fetch layer's follower)."""
        if first.kind != "html" or self.options.max_article_pages <= 1:
            return [first], []
        # The raw first Page is already here (hash, validators, 304): follow from it.
        pages, warnings = await follow_pages(ctx.fetcher, first, self.options.max_article_pages)
        return list(pages), list(warnings)

    async def _export(
        self,
        ctx: _Context,
        row: Row,
        first: Page,
        article: Article,
        digest: str,
        day: str,
        *,
        packed: bytes | None = None,
        fingerprints: Iterable[str] | None = None,
    ) -> None:
        """Export one article (`packed`, `fingerprints`: made already, e.g. in a worker)."""
        site = site_of(first.final_url or first.url)
        final = normalize_url(first.final_url or first.url)
        canonical = canonical_of(article, final)
        addresses = [final, canonical] if canonical and canonical != final else [final]
        if row.status != "done":
            for address in addresses:
                same = self._final_urls.get(address) or ctx.store.done_with_final_url(
                    address, row.url
                )
                if same is not None and same != row.url:
                    # Two listed addresses, one article (a redirect, a canonical link).
                    ctx.store.mark_duplicate(row.url, same)
                    self.stats.skipped += 1
                    self.progress.update(self.stats, "skipped", row.url, f"same article as {same}")
                    return
        # Claimed before the first await, so a concurrent twin sees it.
        for address in (row.url, *addresses):
            self._final_urls.setdefault(address, row.url)
        ctx.store.set_canonical(row.url, canonical)
        output_sha = ""
        removed: set[str] = set()
        stopping = False
        if ctx.out_dir is not None:
            fields = NameFields(
                url=row.url,
                title=article.title or row.listing_title,
                date=day,
                host=site,
                column=article.column,
            )
            wanted = render_name(self.options.name_template, fields, self.options.fmt)
            # The path is committed before the file exists: a rerun reuses it, never a 2nd name.
            path = ctx.store.reserve_path(row.url, wanted, row.path)
            shown, removed = remove_boilerplate(
                article, self._current_sets(ctx.store).get(site, set())
            )
            if ctx.images is not None:
                kept = await ctx.images.keep(article, posixpath.dirname(path), first)
                records = [k.record() for k in kept]
                ctx.store.set_images(row.url, records)
                shown = localize(shown, records, path)
            data = render_articles([shown], self.options.fmt).encode("utf-8")
            stopping = await _finish_writing(
                asyncio.to_thread(write_atomic, safe_join(ctx.out_dir, path), data)
            )
            self._written.add(path)
            output_sha = _sha256(data)
        ctx.store.mark_done(
            row.url,
            article=article,
            final_url=final,
            http_status=first.status,
            etag=first.headers.get("etag", ""),
            last_modified=first.headers.get("last-modified", ""),
            sha256=digest,
            output_sha256=output_sha,
            removed_fps=removed,
            site=site,
            fingerprints=(
                (article_fingerprints(article) if fingerprints is None else fingerprints)
                if self.options.cross_article
                else ()
            ),
            packed=packed,
        )
        self.stats.exported += 1
        self.progress.update(self.stats, "exported", row.url)
        self._stream(ctx, row.url, article, site)  # listed even when stopping: it is done
        if self.options.on_article is not None:
            self.options.on_article(article)
        if stopping:  # Ctrl-C or SIGTERM while the file was written: recorded, now stop
            raise asyncio.CancelledError

    # -- the column's listing pages ------------------------------------------------------

    async def _crawl(self, ctx: _Context, start: str) -> None:
        opts = self.options
        complete_key = f"column-complete:{start}"
        incremental = ctx.store.get_meta(complete_key) == "1" and not opts.update
        url: str | None = start
        visited: set[str] = set()
        number = 0
        natural_end = True
        scope = CrawlScope(start, opts.allow_hosts)
        discovered: list[str] = []
        while url is not None and url not in visited:
            if number >= (opts.max_listing_pages or LISTING_PAGES):
                natural_end = False
                if opts.max_listing_pages is None:
                    notice = (
                        f"stopped after {number:,} listing pages of {start}; more pages "
                        "follow. Give --max-pages N to read more"
                    )
                    self.progress.update(self.stats, "warning", url, notice)
                break
            visited.add(url)
            number += 1
            try:
                if ctx.robots is not None:
                    await ctx.robots.check(url)
                # The column URL may be a feed or a sitemap: those are XML, not HTML.
                page = await ctx.fetcher.fetch(url, accept_any=number == 1)
                if number == 1:
                    kind = source_kind(gunzip(page.content))
                    if kind is not None:
                        scope.add_origin(page.final_url or url)
                        await self._sources(ctx, [(url, page)], scope, required=True)
                        return
                    _refuse_unreadable(page, url)
                html, _ = decode_page(page)
            except RobotsDenied:
                if number == 1:
                    raise FetchError(
                        f"robots.txt disallows the column page {url}. "
                        "Use --ignore-robots only if you have permission.",
                        ExitCode.HTTP_CLIENT,
                        url=url,
                    ) from None
                natural_end = False
                break
            except JzError:
                if number == 1:
                    raise
                natural_end = False  # a later listing page failed: crawl again next time
                break
            final = page.final_url or url
            if number == 1:
                scope.add_origin(final)  # the column moved (http -> https, a new host)
            elif not scope(final):
                # A listing page redirected off the column's site: not read, and said so.
                host = urlsplit(final).netloc
                notice = (
                    f"listing page {url} redirects to {final}, off the column's site: the "
                    f"crawl stops there. Give --allow-host {host} to read on"
                )
                self.progress.update(self.stats, "warning", url, notice)
                break
            visited.add(final)
            listing = parse_listing(html, final, page_number=number, in_scope=scope)
            self.stats.listing_pages += 1
            self.stats.bad_links += listing.bad_links
            self.progress.update(self.stats, "listing", url)
            if number == 1:
                self._column = _column_name(listing.title)
                if not listing.links:
                    raise NoArticleError(
                        f"no article links found on the column page {url}. Check that it is "
                        "a column's list of articles (not an article), or try jz fetch on it"
                    )
            fresh = unknown = dated = older = 0
            for link in listing.links:
                link = replace(link, url=normalize_url(link.url))
                if link.url in self._queued:
                    continue
                fresh += 1
                if link.date:
                    dated += 1
                    if opts.since and link.date < opts.since:
                        older += 1
                        self._queued.add(link.url)
                        continue
                    if opts.until and link.date > opts.until:
                        self._queued.add(link.url)
                        continue
                if ctx.store.get(link.url) is None:
                    unknown += 1
                await self._offer(ctx, link.url, listing_title=link.title, listing_date=link.date)
            if fresh == 0:
                break  # the page lists nothing new: a loop or the end
            if incremental and unknown == 0:
                break  # a column finished before: this page adds nothing to the store
            if opts.since and dated and older == dated:
                natural_end = False
                break  # newest first: every later page is older still
            if number == 1 and opts.discover:
                discovered = feed_links(html, final)
            url = listing.next_url
        if natural_end and not incremental:
            ctx.store.set_meta(complete_key, "1")
        if opts.discover:
            sitemaps = await self._robots_sitemaps(ctx, start)
            todo: list[tuple[str, Page | None]] = [(u, None) for u in discovered + sitemaps]
            await self._sources(ctx, todo, scope, trusted=set(sitemaps))

    async def _robots_sitemaps(self, ctx: _Context, start: str) -> list[str]:
        """The Sitemap: lines of the column host's robots.txt ([] when it cannot be read)."""
        robots_url = urljoin(start, "/robots.txt")
        try:
            page = await ctx.fetcher.fetch(
                robots_url, accept_any=True, truncate_at=ROBOTS_MAX_BYTES
            )
        except JzError:
            return []
        return robots_sitemaps(page.content, page.final_url or robots_url)

    async def _sources(
        self,
        ctx: _Context,
        todo: list[tuple[str, Page | None]],
        scope: CrawlScope,
        *,
        required: bool = False,
        trusted: set[str] | None = None,
    ) -> None:
        """Read feeds and sitemaps (following sitemap indexes) and offer their articles.

        Entries dated before --since (publication, or a last change before it) or after
        --until are left out without fetching them; so are child sitemaps of an index whose
        last change is before --since. `required`: the column URL itself, which must list
        something.
        """
        opts = self.options
        queue = list(todo)
        seen: set[str] = set()
        offered = 0
        while queue and len(seen) < MAX_SOURCES:
            url, page = queue.pop(0)
            url = normalize_url(url)
            if url in seen:
                continue
            seen.add(url)
            if page is None:
                if not (scope(url) or url in (trusted or set())):
                    continue
                try:
                    if ctx.robots is not None:
                        await ctx.robots.check(url)
                    page = await ctx.fetcher.fetch(url, accept_any=True)
                except JzError as exc:
                    self.progress.update(self.stats, "warning", url, f"{url}: {exc}")
                    continue
            final = page.final_url or url
            data = gunzip(page.content)
            kind = source_kind(data)
            if kind is None:
                self.progress.update(self.stats, "warning", url, f"{url} is not a feed or sitemap")
                continue
            if kind == "feed":
                source = parse_feed(data, final, http_charset(page.content_type))
            else:
                source = parse_sitemap(data, final)
            self.stats.listing_pages += 1
            self.progress.update(self.stats, "listing", url)
            if source.title and not self._column:
                self._column = _column_name(source.title)
            for child in source.children:
                if opts.since and child.modified and child.modified < opts.since:
                    continue  # nothing in it changed since: nothing in it is newer
                queue.append((child.url, None))
            for entry in source.entries:
                link = normalize_url(entry.url)
                if link in self._queued or not scope(link):
                    continue
                if opts.since and (entry.published or entry.modified or "9") < opts.since:
                    self._queued.add(link)
                    continue
                if opts.until and entry.published and entry.published > opts.until:
                    self._queued.add(link)
                    continue
                offered += 1
                await self._offer(
                    ctx, link, listing_title=entry.title, listing_date=entry.published
                )
        if queue:
            self.progress.update(
                self.stats,
                "warning",
                "",
                f"read {MAX_SOURCES} feeds and sitemaps, the most in one run; "
                f"{len(queue)} more were not read",
            )
        if required and offered == 0 and not self._queued:
            raise NoArticleError(f"no article links found in the feed or sitemap {todo[0][0]}")

    # -- the end of a run ----------------------------------------------------------------

    def _stream(self, ctx: _Context, url: str, article: Article, site: str) -> None:
        """Print an article as soon as it is done: its path, or its JSON line without a folder.

        The JSON line has the boilerplate known so far removed; only the files in a folder
        get the end of run's order-independent decision.
        """
        if self.emit is None:
            return
        if ctx.out_dir is not None:
            path = ctx.store.get(url)
            if path is not None and path.path:
                self._emitted.add(path.path)
                self.emit(str(ctx.out_dir / path.path) + "\n")
            return
        shown, _ = remove_boilerplate(article, self._current_sets(ctx.store).get(site, set()))
        data = {**shown.to_dict(), "position": self._positions.get(url, 0)}
        self.emit(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")

    def _current_sets(self, store: StateStore) -> dict[str, set[str]]:
        """The boilerplate sets so far, refreshed as exports grow (ever less often).

        Only a guess to spare rewrites: the end of the run decides from the whole store.
        """
        done, when = self._sets_at
        exported = self.stats.exported
        if exported >= max(done + 4, int(done * 1.25)) or time.monotonic() - when > 2.0:
            self._sets = self._boilerplate_sets(store)
            self._sets_at = (exported, time.monotonic())
        return self._sets

    def _boilerplate_sets(self, store: StateStore) -> dict[str, set[str]]:
        if not self.options.cross_article:
            return {}
        rule = self.options.rule
        sets: dict[str, set[str]] = {}
        for site, size in store.site_sizes().items():
            counts = store.repeated_fingerprints(site, rule.threshold(size))
            found = boilerplate_fingerprints(counts, size, rule)
            if found:
                sets[site] = found
        return sets

    def _finish(self, store: StateStore, out_dir: Path | None) -> None:
        final = self._boilerplate_sets(store)
        if out_dir is not None:
            self._rewrite(store, out_dir, final)
            write_manifest(
                out_dir / MANIFEST_FILE, store.rows(), store.aliases(), self._manifest_extra
            )
            if self.emit is not None:
                # Files rewritten at the end (cross-article boilerplate) that were not listed.
                for row in store.rows():
                    if row.path in self._written and row.path not in self._emitted:
                        self.emit(str(out_dir / row.path) + "\n")

    def _manifest_extra(self, row: Row) -> Mapping[str, Any]:
        """Fields a kind of run adds to a row's manifest line (WARC runs: where it came from)."""
        return {}

    def _rewrite(self, store: StateStore, out_dir: Path, final: Mapping[str, set[str]]) -> None:
        """Rewrite the files whose cross-article removals changed (order independent)."""
        affected = set(store.urls_with_removals())
        for site, fps in final.items():
            affected |= store.urls_with_fingerprints(site, fps)
        if not affected:
            return
        for row in store.rows():
            if row.url not in affected or row.status != "done" or not row.path:
                continue
            boiler = final.get(row.site, set())
            if store.fingerprints_of(row.url) & boiler == set(row.removed_fps):
                continue
            article = store.article(row.url)
            if article is None:
                continue
            shown, removed = remove_boilerplate(article, boiler)
            shown = localize(shown, [dict(i) for i in row.images], row.path)
            data = render_articles([shown], self.options.fmt).encode("utf-8")
            digest = _sha256(data)
            if digest != row.output_sha256:
                write_atomic(safe_join(out_dir, row.path), data)
                self._written.add(row.path)
                self.stats.rewritten += 1
            store.set_output(row.url, digest, removed)


def _refuse_unreadable(page: Page, url: str) -> None:
    """The error the fetcher gives a non-HTML page, for a column page fetched as any type."""
    what = binary_format(page.content[:1024])
    if what is None and rejected_by_header(page.content_type):
        what = page.content_type.split(";")[0].strip()
    if what is not None:
        raise FetchError(
            f"the column page is not HTML, a feed or a sitemap but {what}. "
            "Give the address of the column's listing page, feed or sitemap.",
            ExitCode.UNSUPPORTED_TYPE,
            url=url,
            status=page.status,
        )


def canonical_of(article: Article, final_url: str) -> str:
    """The article's canonical link (or og:url) in normal form, when it can be trusted.

    Trusted: on the page's own site and not the site's front page (a template that points
    every page's canonical at the home page must not merge all articles into one).
    """
    link = article.canonical_url.strip()
    if not link.startswith(("http://", "https://")):
        return ""
    link = normalize_url(link)
    if not same_site(link, final_url) or urlsplit(link).path in ("", "/"):
        return ""
    return link


@dataclass
class _Context:
    store: StateStore
    fetcher: Fetcher
    robots: RobotsPolicy | None
    out_dir: Path | None
    queue: asyncio.Queue[str | None]
    images: ImageKeeper | None = None


def _image_fetch(fetcher: Fetcher, robots: RobotsPolicy | None) -> Callable[[str], Awaitable[Page]]:
    async def fetch(url: str) -> Page:
        if robots is not None:
            await robots.check(url)
        return await fetcher.fetch(url, accept_any=True)

    return fetch


async def _fetch_robots(fetcher: Fetcher, url: str) -> bytes:
    """robots.txt through the same Fetcher and gate (its first ROBOTS_MAX_BYTES)."""
    page = await fetcher.fetch(url, accept_any=True, truncate_at=ROBOTS_MAX_BYTES)
    return page.content


def run_column(
    url: str, options: BatchOptions, *, progress: Progress | None = None, emit: Emit | None = None
) -> RunStats:
    """Export a column (blocking)."""
    return asyncio.run(BatchRun(options, progress=progress, emit=emit).column(url))


def run_batch(
    urls: Iterable[str],
    options: BatchOptions,
    *,
    progress: Progress | None = None,
    emit: Emit | None = None,
) -> RunStats:
    """Export a list of URLs (blocking)."""
    return asyncio.run(BatchRun(options, progress=progress, emit=emit).urls(urls))


__all__ = ["FILE_FORMATS", "BatchOptions", "BatchRun", "run_batch", "run_column"]
