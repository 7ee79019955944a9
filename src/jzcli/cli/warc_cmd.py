"""`jz warc FILE|URL|-...`: extract the articles archived in WARC/ARC files."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Annotated

import typer

from jzcli.batch.naming import DEFAULT_TEMPLATE, check_template
from jzcli.cli.batch_cmd import (
    WORKERS_HELP,
    FileFormat,
    FileFormatOpt,
    NoBoilerplateOpt,
    SinceOpt,
    TemplateOpt,
    UntilOpt,
    _days,
)
from jzcli.cli.common import (
    DEFAULT_MAX_BYTES,
    MaxBytesOpt,
    QuietOpt,
    Script,
    ScriptOpt,
    SimilarityOpt,
    VerboseOpt,
    handle_errors,
    parse_size,
    pipeline_settings,
    write_stdout,
)
from jzcli.cli.progress import ConsoleProgress, stderr_is_terminal
from jzcli.errors import InputError, JzError
from jzcli.warc.ranges import is_url

WorkersOpt = Annotated[
    int | None,
    typer.Option("--workers", "-j", min=1, max=512, metavar="N", help=WORKERS_HELP),
]


def _split_size(value: str | int) -> int:
    return 0 if str(value).strip() == "0" else parse_size(value, most=1 << 40)


def _folder(value: str | None) -> Path | None:
    """The local folder of an output option (a URL only names the form for a cluster)."""
    if value is None:
        return None
    if is_url(value):
        return Path(".")  # not written to: run_cluster is given the URL
    return Path(value.removeprefix("file://"))


@handle_errors
def warc(
    sources: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE|URL|-...",
            help="WARC or ARC files (.warc, .warc.gz, .arc.gz; globs), - for stdin, "
            "or fsspec URLs (s3://..., https://...).",
        ),
    ],
    out: Annotated[
        str | None,
        typer.Option(
            "--output",
            "--out",
            "-o",
            metavar="DIR",
            help="Folder for the files, manifest.jsonl and the resume state (with --cluster, "
            "also an fsspec URL). Without it, articles go to stdout as JSON lines.",
        ),
    ] = None,
    shards: Annotated[
        str | None,
        typer.Option(
            "--jsonl-shards",
            metavar="DIR",
            help="Write articles-00000.jsonl.gz shards, the manifest and the state to DIR "
            "(with --cluster, also an fsspec URL such as s3://bucket/out).",
        ),
    ] = None,
    shard_size: Annotated[
        int,
        typer.Option(
            "--shard-size",
            min=1,
            max=1_000_000,
            metavar="N",
            help="Articles per shard (at most 1,000,000).",
        ),
    ] = 1000,
    fmt: FileFormatOpt = FileFormat.md,
    name_template: TemplateOpt = DEFAULT_TEMPLATE,
    workers: WorkersOpt = None,
    url_filter: Annotated[
        str | None,
        typer.Option("--url-filter", metavar="REGEX", help="Keep records whose URL matches."),
    ] = None,
    host: Annotated[
        list[str] | None,
        typer.Option(
            "--host", metavar="HOST", help="Keep records of HOST and its subdomains (repeatable)."
        ),
    ] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    all_captures: Annotated[
        bool,
        typer.Option("--all-captures", help="Export every capture of a URL, not only the first."),
    ] = False,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    cluster: Annotated[
        str | None,
        typer.Option(
            "--cluster",
            metavar="tcp://HOST:8786",
            envvar="JZ_DASK_SCHEDULER",
            help="Run one task per file on this Dask scheduler (needs jzcli[cluster]).",
        ),
    ] = None,
    split_size: Annotated[
        int,
        typer.Option(
            "--split-size",
            parser=_split_size,
            metavar="SIZE",
            show_default="256M",
            help="With --cluster: split files larger than SIZE into ranges of about SIZE, "
            "one task each (0: one task per file; at most 1024G).",
        ),
    ] = 256 * 1024 * 1024,
    keep_boilerplate: NoBoilerplateOpt = False,
    script: ScriptOpt = Script.auto,
    similarity: SimilarityOpt = 0.85,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Extract the articles archived in WARC/ARC files (HTML responses)."""
    from jzcli.batch.runner import BatchOptions
    from jzcli.batch.workers import default_workers  # loads the pipeline: not for --help
    from jzcli.warc.reader import Selection, expand_sources
    from jzcli.warc.run import WarcOptions, run_warc

    if out is not None and shards is not None:
        raise typer.BadParameter("use --out or --jsonl-shards, not both", param_hint="--out")
    try:
        check_template(name_template)
    except JzError as exc:
        raise typer.BadParameter(str(exc), param_hint="--name-template") from None
    try:
        pattern = re.compile(url_filter) if url_filter else None
    except re.error as exc:
        raise typer.BadParameter(
            f"not a regular expression: {exc}", param_hint="--url-filter"
        ) from None
    hosts = frozenset(h.strip().lower().strip(".") for h in host or () if h.strip())
    destination = shards if shards is not None else out
    if destination is not None and is_url(destination) and not cluster:
        raise typer.BadParameter(
            f"{destination} is a URL: only a --cluster run writes to URLs "
            "(a local run keeps its resume state in a local folder)",
            param_hint="--jsonl-shards" if shards is not None else "--out",
        )
    names = expand_sources(sources)
    if verbose and not quiet:
        for name in names:
            sys.stderr.write(f"jz: input {name}\n")
    if "-" in names and len(names) > 1:
        raise InputError("- (standard input) cannot be combined with other inputs")
    days = _days(since, until)
    options = WarcOptions(
        batch=BatchOptions(
            out_dir=_folder(out),
            fmt=fmt.value,
            name_template=name_template,
            since=days[0],
            until=days[1],
            workers=workers or default_workers(),
            cross_article=not keep_boilerplate,
            pipeline=pipeline_settings(script, similarity),
        ),
        selection=Selection(url_filter=pattern, hosts=hosts, max_bytes=max_bytes),
        all_captures=all_captures,
        shard_dir=_folder(shards),
        shard_size=shard_size,
    )
    if cluster:
        from jzcli.warc.cluster import run_cluster

        if out is None and shards is None:
            raise typer.BadParameter(
                "a cluster run writes to a shared folder: add --out DIR or --jsonl-shards DIR",
                param_hint="--cluster",
            )
        if "-" in names:
            raise InputError("a cluster cannot read standard input: give files or URLs")
        report = run_cluster(
            cluster, names, options, output=destination, split_size=split_size, quiet=quiet
        )
        if not quiet:
            sys.stderr.write(report.summary() + "\n")
        if report.exit_code():
            raise typer.Exit(int(report.exit_code()))
        return
    with ConsoleProgress(live=not quiet and stderr_is_terminal()) as progress:
        stats = run_warc(names, options, progress=progress, emit=write_stdout)
    if not quiet:
        skipped = stats.skip_summary()
        sys.stderr.write(stats.summary() + "\n" + (skipped + "\n" if skipped else ""))
        sys.stderr.flush()
    code = stats.exit_code()
    if code:
        raise typer.Exit(int(code))
