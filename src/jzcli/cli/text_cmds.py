"""`jz clean`, `jz fix` and `jz dedupe`: the commands that work on local input."""

from __future__ import annotations

import re
from typing import IO, Annotated

import typer

from jzcli.batch.files import write_atomic
from jzcli.batch.progress import count
from jzcli.cli.common import (
    EMPTY_ARGUMENT,
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
    stdin_stream,
    write_stdout,
)
from jzcli.errors import InputError, JzError
from jzcli.models import Article
from jzcli.settings import Settings

# The stages are imported inside the commands: `jz --help` and `--version` stay fast.

InputArg = Annotated[str, typer.Argument(help="A file, or - for standard input.", metavar="FILE|-")]


def _page_url(value: str) -> str:
    """--url: none ("") or an absolute http(s) URL, which links and metadata resolve against."""
    from urllib.parse import urlsplit

    if not value:
        return value
    try:
        parts = urlsplit(value)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises for a port that is no number or out of range
    except ValueError:  # a bracketed IPv6 host not closed, a port out of range
        parts, host = urlsplit(""), ""
    if parts.scheme.lower() in ("http", "https") and host and not any(c.isspace() for c in host):
        return value
    bare_host = not parts.scheme and "." in value.split("/", 1)[0] and not value.startswith(".")
    hint = " (add http:// or https://)" if bare_host and " " not in value else ""
    raise typer.BadParameter(
        f"{value!r} is not an http(s) URL with a host{hint}; give the page's full address, "
        "e.g. http://www.example.cn/a.htm",
        param_hint="--url",
    )


UrlOpt = Annotated[
    str,
    typer.Option(
        "--url",
        callback=_page_url,
        help="The page's URL (absolute, http or https), for resolving links and metadata.",
    ),
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
        write_atomic(output, text.encode("utf-8"), through=True)
    else:
        write_stdout(text)


PerLineOpt = Annotated[
    bool,
    typer.Option(
        "--per-line",
        help="Decide every line on its own (a headline list, a TSV column) and stream the "
        "output; by default the whole input is one document and its lines share one decision.",
    ),
]

# A line ends at CRLF, LF or a lone CR (a CR-only file keeps its lines); form feeds, NEL
# and U+2028 inside a line are text and come back as they came in.
_LINE_END_RE = re.compile(r"(\r\n|\n|\r)")


def _split_lines(text: str) -> tuple[list[str], list[str]]:
    """Line bodies and the separator after each ('' after the last line if it has none)."""
    parts = _LINE_END_RE.split(text)
    bodies, seps = parts[0::2], [*parts[1::2], ""]
    if bodies and bodies[-1] == "" and len(bodies) > 1:
        bodies.pop()
        seps.pop()
    return bodies, seps


def _one_line(original: str, repaired: str) -> str:
    """A repaired line never gains a line end (the count of lines out is the count in)."""
    if "\n" in repaired or "\r" in repaired:
        return _LINE_END_RE.sub(" ", repaired)
    return repaired


def _fix_text(text: str, script: Script) -> str:
    from jzcli.repair import repair_document

    bodies, seps = _split_lines(text)
    repaired, _ = repair_document(bodies, script.value)
    if len(repaired) != len(bodies):
        raise InputError("repair changed the number of lines; this is a bug")
    return "".join(_one_line(b, r) + sep for b, r, sep in zip(bodies, repaired, seps))


def _fix_per_line(text: str, script: Script) -> str:
    from jzcli.repair import repair_text

    bodies, seps = _split_lines(text)
    return "".join(_one_line(b, repair_text(b, script.value)) + sep for b, sep in zip(bodies, seps))


def _stream_per_line(name: str, script: Script, output: OutputOpt) -> None:
    """--per-line: repair and write line by line, so a pipe sees each line as soon as it
    is read. The first line that is not ASCII decides the charset (UTF-16/32 with a BOM:
    the whole input is read at once, its newline bytes being no line ends)."""
    import codecs

    from jzcli.decode import decode_bytes

    label = "standard input" if name == "-" else name
    stream = stdin_stream() if name == "-" else _open_input(name)
    to_file = output is not None and str(output) != "-"
    written: list[str] = []

    def put(chunk: str) -> None:
        if to_file:
            written.append(chunk)
        else:
            write_stdout(chunk)

    decoder: codecs.IncrementalDecoder | None = None
    pending = ""
    seen_text = False
    first = True
    while True:
        raw = stream.readline()
        if first and raw:
            first = False
            check_text_bytes(raw if raw.strip() else b"x", label)  # binary, not empty
            if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
                text, _ = decode_bytes(raw + stream.read())
                put(_fix_per_line(text.lstrip("\ufeff"), script))
                seen_text = bool(text.strip())
                break
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        seen_text = seen_text or bool(raw.strip())
        if decoder is None and not raw.isascii():
            _, decision = decode_bytes(raw)
            decoder = codecs.getincrementaldecoder(decision.encoding)(errors="replace")
        if decoder is not None:
            pending += decoder.decode(raw, final=not raw)
        else:
            pending += raw.decode("ascii")
        # Keep a trailing CR back: it may be the first half of a CRLF.
        cut = len(pending) - 1 if pending.endswith("\r") and raw else len(pending)
        last = max(pending.rfind("\n", 0, cut), pending.rfind("\r", 0, cut))
        if not raw:
            last = len(pending) - 1
        if last >= 0:
            done, pending = pending[: last + 1], pending[last + 1 :]
            put(_fix_per_line(done, script))
        if not raw:
            break
    if name != "-":
        stream.close()
    if not seen_text:
        raise InputError(f"{label} is empty")
    if to_file and output is not None:
        write_atomic(output, "".join(written).encode("utf-8"), through=True)


def _open_input(name: str) -> IO[bytes]:
    if not name:
        raise InputError(EMPTY_ARGUMENT)
    try:
        return open(name, "rb")
    except FileNotFoundError:
        raise InputError(f"cannot read {name}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"cannot read {name}: it is a directory") from None
    except PermissionError:
        raise InputError(f"cannot read {name}: permission denied") from None
    except OSError as exc:
        raise InputError(f"cannot read {name}: {exc.strerror or exc}") from None


@handle_errors
def fix(
    input: InputArg,
    output: OutputOpt = None,
    script: ScriptOpt = Script.auto,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    per_line: PerLineOpt = False,
) -> None:
    """Repair text: charset, mojibake, pinyin and script damage. One line out per line in.

    The whole input is one document: what its lines show together decides (pinyin on some
    lines converts the others too). --per-line decides each line alone and streams.
    """
    if per_line:
        _stream_per_line(input, script, output)
        return
    data = read_input(input)
    if verbose and not quiet:
        log_read(input, len(data))
    check_text_bytes(data, "standard input" if input == "-" else input)
    from jzcli.decode import decode_bytes

    text, _ = decode_bytes(data)
    fixed = _fix_text(text.lstrip("\ufeff"), script)
    if output is not None and str(output) != "-":
        write_atomic(output, fixed.encode("utf-8"), through=True)
    else:
        write_stdout(fixed)


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
