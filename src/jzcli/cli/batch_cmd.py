"""`jz column URL` and `jz batch FILE|-`: export many articles, resumable and polite."""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jzcli.batch.naming import DEFAULT_TEMPLATE, check_template
from jzcli.batch.progress import RunStats
from jzcli.cli.common import (
    DEFAULT_MAX_BYTES,
    DEFAULT_RETRIES,
    ArchivedOpt,
    ArchiveEndpointOpt,
    CookiesOpt,
    HeaderOpt,
    InsecureOpt,
    MaxBytesOpt,
    NoDedupeOpt,
    NoRepairOpt,
    QuietOpt,
    ReportOpt,
    RetriesOpt,
    Script,
    ScriptOpt,
    SimilarityOpt,
    TimeoutOpt,
    UserAgentOpt,
    VerboseOpt,
    fetch_settings,
    handle_errors,
    pipeline_settings,
    read_input,
    write_stdout,
)
from jzcli.cli.progress import ConsoleProgress, stderr_is_terminal
from jzcli.errors import FetchError, InputError, JzError, OutputError

if TYPE_CHECKING:
    from collections.abc import Callable

    from jzcli.batch.runner import BatchOptions
    from jzcli.models import Article


class FileFormat(str, Enum):
    md = "md"
    json = "json"
    txt = "txt"


OutOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "--out",
        "-o",
        help="Folder for the files, manifest.jsonl and the resume state. "
        "Without it, articles go to stdout as JSON lines.",
        metavar="DIR",
    ),
]
FileFormatOpt = Annotated[
    FileFormat, typer.Option("--format", "-f", help="Format of the article files.")
]
TemplateOpt = Annotated[
    str,
    typer.Option(
        "--name-template",
        help="File name (without extension) from {date} {year} {month} {slug} {title} {host} "
        "{column} {id}; '/' makes folders.",
        metavar="TEMPLATE",
    ),
]
ConcurrencyOpt = Annotated[
    int,
    typer.Option("--concurrency", min=1, max=256, metavar="N", help="Articles fetched at once."),
]
PerHostOpt = Annotated[
    int,
    typer.Option(
        "--per-host",
        envvar="JZ_PER_HOST",
        min=1,
        max=64,
        metavar="N",
        help="Requests in flight per host.",
    ),
]
DelayOpt = Annotated[
    float,
    typer.Option(
        "--delay",
        envvar="JZ_DELAY",
        min=0.0,
        max=3600.0,
        metavar="SECONDS",
        help="Minimum time between request starts per host (at most 3600).",
    ),
]
IgnoreRobotsOpt = Annotated[
    bool, typer.Option("--ignore-robots", help="Do not read or obey robots.txt.")
]
UpdateOpt = Annotated[
    bool,
    typer.Option(
        "--update",
        help="Also revalidate articles already exported (conditional requests; 304: unchanged).",
    ),
]
SinceOpt = Annotated[
    str | None,
    typer.Option(
        "--since",
        metavar="DATE",
        help="Leave out articles published before DATE: YYYY-MM-DD, or relative to now "
        "(7d, 24h, 2w, today, yesterday).",
    ),
]
UntilOpt = Annotated[
    str | None,
    typer.Option(
        "--until",
        metavar="DATE",
        help="Leave out articles published after DATE (same forms as --since).",
    ),
]
WarcOpt = Annotated[
    Path | None,
    typer.Option(
        "--warc", metavar="FILE.warc.gz", help="Also record every request and response as WARC."
    ),
]
NoBoilerplateOpt = Annotated[
    bool,
    typer.Option(
        "--keep-boilerplate",
        help="Keep paragraphs repeated across the site's articles (disclaimers, promos).",
    ),
]
ImagesOpt = Annotated[
    bool,
    typer.Option(
        "--images",
        help="Also keep each article's images (body and lead image) in an images/ folder "
        "beside it, once per content, and point the Markdown at them. Needs -o/--output.",
    ),
]
DiscoverOpt = Annotated[
    bool,
    typer.Option(
        "--discover",
        help="Also read the feeds the column page announces (<link rel=alternate>) and the "
        "sitemaps its robots.txt names. A feed or sitemap URL is read as such without it.",
    ),
]


def _allowed_host(value: str) -> str:
    from jzcli.batch.scope import parse_allowed_host

    try:
        parse_allowed_host(value)
    except JzError as exc:
        raise typer.BadParameter(str(exc)) from None
    return value


AllowHostOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--allow-host",
        parser=_allowed_host,
        metavar="HOST[:PORT]",
        help="Also follow listing links to HOST (repeatable). By default the crawl stays on "
        "the column's scheme, host and port (www. and the bare host are one).",
    ),
]
WORKERS_HELP = (
    "Processes running the per-article pipeline (column, batch: default 1, a thread; "
    "warc: default the machine's cores)."
)
WorkersOpt = Annotated[
    int | None,
    typer.Option("--workers", "-j", min=1, max=512, metavar="N", help=WORKERS_HELP),
]
ArticlePagesOpt = Annotated[
    int,
    typer.Option(
        "--article-pages",
        min=1,
        max=100,
        metavar="N",
        help="Join at most N pages of a multi-page article.",
    ),
]


_RELATIVE = re.compile(r"^(\d+)\s*([hdw])$", re.I)
_RELATIVE_SPAN = {"h": "hours", "d": "days", "w": "weeks"}


def relative_day(value: str, now: dt.datetime | None = None) -> str:
    """YYYY-MM-DD for 'today', 'yesterday', '7d', '24h', '2w' (local time), or ''."""
    now = now or dt.datetime.now()
    word = value.strip().lower()
    if word in ("today", "now"):
        return now.date().isoformat()
    if word == "yesterday":
        return (now - dt.timedelta(days=1)).date().isoformat()
    match = _RELATIVE.match(word)
    if not match:
        return ""
    try:
        span = dt.timedelta(**{_RELATIVE_SPAN[match.group(2)]: int(match.group(1))})
        return (now - span).date().isoformat()
    except OverflowError:  # before the year 1: no calendar day to compare with
        raise ValueError(f"{value!r} reaches back before the year 1") from None


def _day(value: str | None, option: str) -> str:
    if not value:
        return ""
    try:
        relative = relative_day(value)
    except ValueError as exc:
        raise typer.BadParameter(
            f"{exc}; give a shorter span or a date", param_hint=option
        ) from None
    if relative:
        return relative
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        pass
    from jzcli.extract.dates import parse_date  # its patterns compile when a date is given

    parsed = parse_date(value)
    if not parsed:
        raise typer.BadParameter(
            f"{value!r} is not a date; use YYYY-MM-DD, or 7d, 24h, 2w, today, yesterday",
            param_hint=option,
        )
    return parsed[:10]


def _days(since: str | None, until: str | None) -> tuple[str, str]:
    """--since and --until as days; a range that ends before it starts is a usage error."""
    first, last = _day(since, "--since"), _day(until, "--until")
    if first and last and first > last:
        raise typer.BadParameter(
            f"{first} is after --until {last}, so no article could be kept. Swap the dates",
            param_hint="--since",
        )
    return first, last


def _options(
    *,
    out: Path | None,
    fmt: FileFormat,
    name_template: str,
    concurrency: int,
    per_host: int,
    delay: float,
    ignore_robots: bool,
    update: bool,
    since: str | None,
    until: str | None,
    warc: Path | None,
    keep_boilerplate: bool,
    article_pages: int,
    report: bool,
    script: Script,
    similarity: float,
    no_dedupe: bool,
    no_repair: bool,
    header: list[str] | None,
    cookies: Path | None,
    user_agent: str | None,
    timeout: float | None,
    retries: int,
    max_bytes: int,
    insecure: bool,
    quiet: bool,
    verbose: bool,
    max_pages: int | None = None,
    allow_hosts: tuple[str, ...] = (),
    discover: bool = False,
    images: bool = False,
    archived: bool = False,
    archive_endpoint: str | None = None,
    workers: int | None = None,
) -> BatchOptions:
    try:
        a_file = out is not None and out.exists() and not out.is_dir()
    except OSError as exc:  # a name too long for the file system (pathlib raises for it)
        raise OutputError(
            f"cannot create {out}: {exc.strerror or exc}. Give another folder"
        ) from None
    if a_file:
        raise OutputError(
            f"{out} is a file, and -o/--output takes a folder here. Give a folder name "
            "(it is created if missing)"
        )
    try:
        check_template(name_template)
    except JzError as exc:
        raise typer.BadParameter(str(exc), param_hint="--name-template") from None
    if images and out is None:
        raise typer.BadParameter(
            "--images needs -o/--output DIR: the images go beside the articles"
        )
    fetch = fetch_settings(
        header=header,
        cookies=cookies,
        user_agent=user_agent,
        timeout=timeout,
        retries=retries,
        max_bytes=max_bytes,
        insecure=insecure,
        max_pages=article_pages,
        verbose=verbose and not quiet,
    )
    days = _days(since, until)
    from jzcli.batch.runner import BatchOptions

    return BatchOptions(
        out_dir=out,
        fmt=fmt.value,
        name_template=name_template,
        concurrency=concurrency,
        per_host=per_host,
        delay=delay,
        robots=not ignore_robots,
        update=update,
        since=days[0],
        until=days[1],
        max_listing_pages=max_pages,
        discover=discover,
        allow_hosts=allow_hosts,
        max_article_pages=article_pages,
        images=images,
        archived=archived,
        archive_endpoint=archive_endpoint or "",
        warc=warc,
        workers=workers or 1,
        cross_article=not keep_boilerplate,
        fetch=fetch,
        pipeline=pipeline_settings(script, similarity, no_dedupe, no_repair),
        on_article=_print_report if report and not quiet else None,
    )


def _print_report(article: Article) -> None:
    from jzcli.cli.view import print_report

    print_report(article)


def _finish(stats: RunStats, quiet: bool) -> None:
    if not quiet:
        try:
            sys.stderr.write(stats.summary() + "\n")
            sys.stderr.flush()
        except BrokenPipeError:  # stderr's reader went away: the exit code still tells
            sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    code = stats.exit_code()
    if code:
        raise typer.Exit(int(code))


def _emit(options: BatchOptions) -> Callable[[str], None] | None:
    """Where a run lists its articles: stdout; nowhere when it has a folder and stdout is
    closed (`>&-`), as the listing is then only a courtesy and must not fail articles."""
    if options.out_dir is not None and sys.stdout is None:
        return None
    return write_stdout


@handle_errors
def column(
    url: Annotated[
        str,
        typer.Argument(
            metavar="URL",
            help="The column's first listing page, or an RSS/Atom feed, sitemap or sitemap index.",
        ),
    ],
    out: OutOpt = None,
    fmt: FileFormatOpt = FileFormat.md,
    name_template: TemplateOpt = DEFAULT_TEMPLATE,
    max_pages: Annotated[
        int | None,
        typer.Option(
            "--max-pages",
            min=1,
            max=1_000_000,
            metavar="N",
            help="Read at most N listing pages (default 1000, at most 1,000,000).",
        ),
    ] = None,
    allow_host: AllowHostOpt = None,
    discover: DiscoverOpt = False,
    images: ImagesOpt = False,
    archived: ArchivedOpt = False,
    archive_endpoint: ArchiveEndpointOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    update: UpdateOpt = False,
    concurrency: ConcurrencyOpt = 8,
    workers: WorkersOpt = None,
    per_host: PerHostOpt = 2,
    delay: DelayOpt = 0.0,
    ignore_robots: IgnoreRobotsOpt = False,
    warc: WarcOpt = None,
    keep_boilerplate: NoBoilerplateOpt = False,
    article_pages: ArticlePagesOpt = 10,
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
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Export every article listed in a column (its listing pages, feed or sitemap)."""
    options = _options(
        out=out, fmt=fmt, name_template=name_template, concurrency=concurrency,
        per_host=per_host, delay=delay, ignore_robots=ignore_robots, update=update, since=since,
        until=until, warc=warc, keep_boilerplate=keep_boilerplate, article_pages=article_pages,
        report=report, script=script, similarity=similarity, no_dedupe=no_dedupe,
        no_repair=no_repair, header=header, cookies=cookies, user_agent=user_agent, timeout=timeout,
        retries=retries, max_bytes=max_bytes, insecure=insecure, quiet=quiet, verbose=verbose,
        max_pages=max_pages, allow_hosts=tuple(allow_host or ()), discover=discover,
        images=images, archived=archived, archive_endpoint=archive_endpoint, workers=workers,
    )  # fmt: skip
    with ConsoleProgress(live=not quiet and stderr_is_terminal()) as progress:
        from jzcli.batch.runner import run_column

        try:
            stats = run_column(url, options, progress=progress, emit=_emit(options))
        except FetchError as exc:
            # The first listing page could not be read: say which one.
            if url in str(exc):
                raise
            raise FetchError(f"{url}: {exc}", exc.code, url=url, status=exc.status) from None
    _finish(stats, quiet)


@handle_errors
def batch(
    input: Annotated[
        str,
        typer.Argument(
            metavar="FILE|-",
            help="URLs one per line (# comments allowed), or JSON lines with a url field.",
        ),
    ],
    out: OutOpt = None,
    fmt: FileFormatOpt = FileFormat.md,
    name_template: TemplateOpt = DEFAULT_TEMPLATE,
    images: ImagesOpt = False,
    archived: ArchivedOpt = False,
    archive_endpoint: ArchiveEndpointOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    update: UpdateOpt = False,
    concurrency: ConcurrencyOpt = 8,
    workers: WorkersOpt = None,
    per_host: PerHostOpt = 2,
    delay: DelayOpt = 0.0,
    ignore_robots: IgnoreRobotsOpt = False,
    warc: WarcOpt = None,
    keep_boilerplate: NoBoilerplateOpt = False,
    article_pages: ArticlePagesOpt = 10,
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
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Export every URL listed in a file (one per line, or JSON lines with a url field)."""
    options = _options(
        out=out, fmt=fmt, name_template=name_template, concurrency=concurrency,
        per_host=per_host, delay=delay, ignore_robots=ignore_robots, update=update, since=since,
        until=until, warc=warc, keep_boilerplate=keep_boilerplate, article_pages=article_pages,
        report=report, script=script, similarity=similarity, no_dedupe=no_dedupe,
        no_repair=no_repair, header=header, cookies=cookies, user_agent=user_agent, timeout=timeout,
        retries=retries, max_bytes=max_bytes, insecure=insecure, quiet=quiet, verbose=verbose,
        images=images, archived=archived, archive_endpoint=archive_endpoint, workers=workers,
    )  # fmt: skip
    name = "standard input" if input == "-" else input
    text = read_input(input).decode("utf-8-sig", errors="replace")
    from jzcli.batch.inputs import parse_url_lines

    urls = list(parse_url_lines(text.splitlines(), name))
    if not urls:
        raise InputError(
            f"{name} lists no URLs. Give one URL a line, or JSON lines with a url field"
        )
    with ConsoleProgress(live=not quiet and stderr_is_terminal()) as progress:
        from jzcli.batch.runner import run_batch

        stats = run_batch(urls, options, progress=progress, emit=_emit(options))
    _finish(stats, quiet)
