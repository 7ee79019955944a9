"""`jz clean`, `jz fix` and `jz dedupe`: the commands that work on local input."""

from __future__ import annotations

from typing import Annotated

import typer

from jzcli.batch.files import write_atomic
from jzcli.batch.progress import count
from jzcli.cli.common import (
    FormatOpt,
    NoDedupeOpt,
    NoRepairOpt,
    OutputOpt,
    QuietOpt,
    ReportOpt,
    Script,
    ScriptOpt,
    SimilarityOpt,
    VerboseOpt,
    check_text_bytes,
    emit_articles,
    error_line,
    handle_errors,
    local_article,
    log_read,
    overall_exit_code,
    pipeline_settings,
    read_input,
    sniff_kind,
    write_stdout,
)
from jzcli.errors import InputError, JzError
from jzcli.models import Article
from jzcli.settings import Settings

# The stages are imported inside the commands: `jz --help` and `--version` stay fast.

InputArg = Annotated[str, typer.Argument(help="A file, or - for standard input.", metavar="FILE|-")]
UrlOpt = Annotated[
    str, typer.Option("--url", help="The page's URL, for resolving links and metadata.")
]


@handle_errors
def clean(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Files (text, Markdown, HTML or jz JSON), or - for stdin.", metavar="FILE|-"
        ),
    ],
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    report: ReportOpt = False,
    script: ScriptOpt = Script.auto,
    similarity: SimilarityOpt = 0.85,
    no_dedupe: NoDedupeOpt = False,
    no_repair: NoRepairOpt = False,
    url: UrlOpt = "",
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Build one clean article from a saved page, text or jz JSON, and export it."""
    settings = pipeline_settings(script, similarity, no_dedupe, no_repair)
    articles = []
    failures: list[JzError] = []
    for name in inputs:
        try:
            articles.append(_clean_one(name, url, settings, verbose and not quiet))
        except JzError as exc:
            if len(inputs) == 1:
                raise
            # One bad file must not cost the others: report it and go on.
            error_line(f"{name}: {exc}")
            failures.append(exc)
    if articles:
        emit_articles(articles, fmt, output, report and not quiet)
    code = overall_exit_code(len(inputs), failures)
    if code:
        raise typer.Exit(code)


def _clean_one(name: str, url: str, settings: Settings, verbose: bool) -> Article:
    data = read_input(name)
    if verbose:
        log_read(name, len(data))
    label = "standard input" if name == "-" else name
    check_text_bytes(data, label)
    from jzcli.api import clean_page

    article = clean_page(data, url or name, kind=sniff_kind(data, name), settings=settings)
    return article if url else local_article(article, name)


def _decoded_lines(name: str, verbose: bool = False) -> tuple[list[str], bool]:
    data = read_input(name)
    if verbose:
        log_read(name, len(data))
    label = "standard input" if name == "-" else name
    check_text_bytes(data, label)
    from jzcli.decode import decode_bytes

    text, _ = decode_bytes(data)
    text = text.lstrip("\ufeff")
    trailing = text.endswith("\n")
    lines = text.split("\n")
    if trailing:
        lines.pop()
    return lines, trailing


def _write_lines(lines: list[str], trailing: bool, output: OutputOpt) -> None:
    text = "\n".join(lines) + ("\n" if trailing else "")
    if output is not None and str(output) != "-":
        write_atomic(output, text.encode("utf-8"))
    else:
        write_stdout(text)


@handle_errors
def fix(
    input: InputArg,
    output: OutputOpt = None,
    script: ScriptOpt = Script.auto,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Repair text: charset, mojibake, pinyin and script damage. One line out per line in."""
    lines, trailing = _decoded_lines(input, verbose and not quiet)
    # A CR before the newline belongs to the line ending, not the text.
    crs = [line.endswith("\r") for line in lines]
    bodies = [line[:-1] if cr else line for line, cr in zip(lines, crs)]
    from jzcli.repair import repair_document

    repaired, _ = repair_document(bodies, script.value)
    if len(repaired) != len(bodies):
        raise InputError("repair changed the number of lines; this is a bug")
    out = [" ".join(r.splitlines()) + ("\r" if cr else "") for r, cr in zip(repaired, crs)]
    _write_lines(out, trailing, output)


@handle_errors
def dedupe(
    input: InputArg,
    output: OutputOpt = None,
    similarity: SimilarityOpt = 0.85,
    report: ReportOpt = False,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Remove repeated lines (paragraphs), keeping the first of each and the order."""
    lines, trailing = _decoded_lines(input, verbose and not quiet)
    from jzcli.api import dedupe_paragraphs

    kept, removed = dedupe_paragraphs(lines, similarity)
    if report and not quiet:
        import sys

        near = sum(1 for r in removed if r.reason == "near-duplicate")
        report_lines = [
            f"jz: removed {len(removed)} of {count(len(lines), 'line')} "
            f"({len(removed) - near} exact, {near} near-duplicate)"
        ]
        # Line numbers count from 1, as editors and `sed -n` do.
        for r in removed:
            of = f" of line {r.duplicate_of + 1}" if r.duplicate_of is not None else ""
            near_score = r.reason == "near-duplicate" and r.similarity
            score = f" ({r.similarity:.2f})" if near_score else ""
            text = r.text if len(r.text) <= 60 else r.text[:59] + "…"
            report_lines.append(f"  line {r.index + 1}: {r.reason}{of}{score}: {text}")
        sys.stderr.write("\n".join(report_lines) + "\n")
    _write_lines(kept, trailing and bool(kept), output)
