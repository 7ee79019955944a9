"""`jz fetch URL...`: fetch article pages (or read saved ones), clean them and export them."""

from __future__ import annotations

import re
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jzcli.cli.common import (
    DEFAULT_MAX_BYTES,
    DEFAULT_RETRIES,
    ArchivedOpt,
    ArchiveEndpointOpt,
    CookiesOpt,
    FormatOpt,
    HeaderOpt,
    InsecureOpt,
    MaxBytesOpt,
    NoDedupeOpt,
    NoRepairOpt,
    OutputOpt,
    QuietOpt,
    ReportOpt,
    RetriesOpt,
    Script,
    ScriptOpt,
    SimilarityOpt,
    TimeoutOpt,
    UserAgentOpt,
    VerboseOpt,
    check_text_bytes,
    debug_enabled,
    emit_articles,
    error_line,
    fetch_settings,
    handle_errors,
    local_article,
    log_read,
    overall_exit_code,
    pipeline_settings,
    read_input,
    sniff_kind,
)
from jzcli.errors import FetchError, JzError
from jzcli.models import Article, Page
from jzcli.settings import FetchSettings, Settings

if TYPE_CHECKING:
    from jzcli.batch.images import ImageKeeper
    from jzcli.fetch import Fetcher

_DEFAULTS = FetchSettings()
# URLs fetched at once; small, because they often share one small news site.
CONCURRENCY = 4


@dataclass(frozen=True)
class _Outcome:
    article: Article | None = None
    error: JzError | None = None


def _looks_like_url(arg: str) -> bool:
    return bool(re.match(r"^[a-z][a-z0-9+.-]*://", arg, re.I))


def _as_url(arg: str) -> str:
    """A URL from an argument, adding http:// to bare host names as curl does."""
    # mailto:, javascript: and the like stay as they are (and are refused); host:port does not.
    if _looks_like_url(arg) or re.match(r"^[a-z][a-z0-9+.-]*:(?!\d)", arg, re.I):
        return arg
    return "http://" + arg


_FILE_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml", ".txt", ".md", ".json", ".mhtml"}


def _exists(arg: str) -> bool:
    """Whether a path exists; a name too long for the file system names none (pathlib raises
    OSError for it, not False)."""
    try:
        return Path(arg).exists()
    except OSError:
        return False


def _is_local(arg: str) -> bool:
    """True for '-', an existing path, or something that can only be a path (./x, x.html)."""
    if arg == "-" or (not _looks_like_url(arg) and _exists(arg)):
        return True
    if _looks_like_url(arg):
        return False
    if arg.startswith(("/", ".", "~")) or "\\" in arg:
        return True
    return "/" not in arg and Path(arg).suffix.lower() in _FILE_SUFFIXES


def _read_local(
    arg: str, settings: Settings, verbose: bool = False, require_text: bool = True
) -> Article:
    data = read_input(arg)
    if verbose:
        log_read(arg, len(data))
    label = "standard input" if arg == "-" else arg
    check_text_bytes(data, label)
    from jzcli.api import clean_page

    article = clean_page(
        data, arg, kind=sniff_kind(data, arg), settings=settings, require_text=require_text
    )
    return local_article(article, arg)


async def _run(
    args: Sequence[str],
    settings: Settings,
    fetch_settings: FetchSettings,
    max_pages: int,
    verbose: bool = False,
    require_text: bool = True,
    images: Path | None = None,
    output: Path | None = None,
    archive: str | None = None,
) -> list[_Outcome]:
    """Every argument's outcome, in argument order; URLs fetched a few at a time."""
    import asyncio

    from jzcli.fetch import Fetcher, fetch_article

    limit = asyncio.Semaphore(CONCURRENCY)
    keeper: ImageKeeper | None = None

    async def one(fetcher: Fetcher, arg: str) -> _Outcome:
        try:
            if _is_local(arg):
                return _Outcome(article=_read_local(arg, settings, verbose, require_text))
            async with limit:
                url = _as_url(arg)
                try:
                    article = await fetch_article(
                        fetcher, url, settings, max_pages=max_pages, require_text=require_text
                    )
                except FetchError as exc:
                    if archive is None:
                        raise
                    article = await _archived(fetcher, url, settings, archive, exc)
                if keeper is not None and images is not None:
                    article = await _keep_images(keeper, article, images, output)
            return _Outcome(article=article)
        except JzError as exc:
            return _Outcome(error=exc)
        except Exception as exc:
            # A bug on one page must not lose the other pages' results.
            error = JzError(
                f"internal error: {type(exc).__name__}: {exc}. "
                "Rerun with --debug and report the traceback."
            )
            error.__cause__ = exc
            return _Outcome(error=error)

    async with Fetcher(fetch_settings) as fetcher:
        if images is not None:
            from jzcli.batch.images import ImageKeeper, MemoryIndex

            async def get(url: str) -> Page:
                return await fetcher.fetch(url, accept_any=True)

            keeper = ImageKeeper(images, MemoryIndex(), get, subfolder="")
        return list(await asyncio.gather(*(one(fetcher, arg) for arg in args)))


async def _archived(
    fetcher: Fetcher, url: str, settings: Settings, where: str, failure: FetchError
) -> Article:
    """The article from its closest archived copy, when the failure is one an archive answers."""
    from jzcli.fetch.archive import falls_back, fetch_archived, mark_archived
    from jzcli.fetch.article import refuse_empty
    from jzcli.pipeline import process_pages

    if not falls_back(failure):
        raise failure
    page, capture = await fetch_archived(fetcher, url, where, failure)
    refuse_empty(page)
    return mark_archived(process_pages([page], settings), capture)


async def _keep_images(
    keeper: ImageKeeper, article: Article, folder: Path, output: Path | None
) -> Article:
    """The article's images downloaded into `folder`, the article pointing at them (relative
    to the output file, or to the current folder when writing to stdout)."""
    import os

    from jzcli.batch.images import localize

    kept = await keeper.keep(article, "", None)
    base = os.path.abspath(folder)
    records = [
        {**k.record(), "path": os.path.join(base, k.path)} if k.path else k.record() for k in kept
    ]
    where = os.path.abspath(output) if output is not None else os.path.join(os.getcwd(), "-")
    return localize(article, records, where)


@handle_errors
def fetch(
    urls: Annotated[
        list[str],
        typer.Argument(
            help="Article URLs; also saved HTML files, or - for standard input.",
            metavar="URL|FILE|-",
        ),
    ],
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    report: ReportOpt = False,
    script: ScriptOpt = Script.auto,
    similarity: SimilarityOpt = 0.85,
    no_dedupe: NoDedupeOpt = False,
    no_repair: NoRepairOpt = False,
    header: HeaderOpt = None,
    cookies: CookiesOpt = None,
    user_agent: UserAgentOpt = None,
    timeout: TimeoutOpt = None,
    retries: RetriesOpt = DEFAULT_RETRIES,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    insecure: InsecureOpt = False,
    max_pages: Annotated[
        int,
        typer.Option(
            "--max-pages",
            min=1,
            max=100,
            help="Join at most N pages of a multi-page article (1: do not follow).",
            metavar="N",
        ),
    ] = _DEFAULTS.max_pages,
    single_page: Annotated[
        bool, typer.Option("--single-page", help="Do not follow continuation pages.")
    ] = False,
    images: Annotated[
        Path | None,
        typer.Option(
            "--images",
            metavar="DIR",
            help="Also download each article's images into DIR (once per content) and point "
            "the output at them.",
        ),
    ] = None,
    archived: ArchivedOpt = False,
    archive_endpoint: ArchiveEndpointOpt = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    metadata_only: Annotated[
        bool,
        typer.Option(
            "--allow-no-text",
            help="A page without article text gives its metadata (title, authors, date...) "
            "with no paragraphs, instead of failing with NO_ARTICLE.",
        ),
    ] = False,
) -> None:
    """Fetch article pages, extract and repair them, and print or export them."""
    settings = pipeline_settings(script, similarity, no_dedupe, no_repair)
    fetch = fetch_settings(
        header=header,
        cookies=cookies,
        user_agent=user_agent,
        timeout=timeout,
        retries=retries,
        max_bytes=max_bytes,
        insecure=insecure,
        max_pages=1 if single_page else max_pages,
        verbose=verbose and not quiet,
        base=FetchSettings(),
    )
    where = None
    if archived:
        from jzcli.fetch.archive import endpoint

        where = endpoint(archive_endpoint)
    import asyncio  # here, not at the top: `jz --help` should not pay for it

    outcomes = asyncio.run(
        _run(
            urls,
            settings,
            fetch,
            fetch.max_pages,
            verbose and not quiet,
            not metadata_only,
            images,
            output,
            where,
        )
    )
    for arg, outcome in zip(urls, outcomes):
        if outcome.error is not None:
            if debug_enabled():
                traceback.print_exception(outcome.error.__cause__ or outcome.error)
            message = str(outcome.error)
            # File errors already name the file; URL errors name only the host.
            error_line(message if arg in message else f"{arg}: {message}")
    articles = [o.article for o in outcomes if o.article is not None]
    if articles:
        emit_articles(articles, fmt, output, report and not quiet)
    code = overall_exit_code(len(outcomes), [o.error for o in outcomes if o.error is not None])
    if code:
        raise typer.Exit(code)
