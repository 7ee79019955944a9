"""Options, input reading, output writing and error handling shared by every command."""

from __future__ import annotations

import functools
import os
import re
import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import replace
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from jzcli.batch.files import write_atomic
from jzcli.cli import interrupts
from jzcli.errors import ExitCode, InputError, JzError, StdoutError, combined_exit_code
from jzcli.fetch.content import WIDE_BOMS, ascii_head
from jzcli.models import Article, InputKind, safe_text
from jzcli.settings import FetchSettings, Settings


class Format(str, Enum):
    md = "md"
    json = "json"
    jsonl = "jsonl"
    txt = "txt"
    rich = "rich"


class Script(str, Enum):
    auto = "auto"
    simplified = "simplified"
    traditional = "traditional"
    keep = "keep"


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?\s*$", re.I)
_UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}


MAX_BYTES_BOUND = 1 << 30
"""--max-bytes: a page or payload is held whole in memory, so at most 1G."""


def parse_size(value: str | int, most: int = MAX_BYTES_BOUND) -> int:
    """Bytes from '20M', '500k', '1.5MB' or '1048576', from 1 to `most`."""
    if isinstance(value, int):
        size = value
    else:
        match = _SIZE.match(value)
        if not match:
            raise typer.BadParameter(f"{value!r} is not a size; use e.g. 20M, 500k or 1048576")
        size = int(float(match.group(1)) * _UNITS[match.group(2).lower()])
    if size <= 0:
        raise typer.BadParameter("the size must be above zero")
    if size > most:
        raise typer.BadParameter(f"the size must be at most {most >> 30}G")
    return size


_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")  # C0 controls but tab, and DEL


def parse_header(value: str) -> str:
    """Check a 'Name: value' header argument."""
    name, sep, _ = value.partition(":")
    if (
        not sep
        or not name.strip()
        or re.search(r"[\s()<>@,;:\\\"/\[\]?={}]", name.strip())
        or _CONTROL.search(value)  # a line break would smuggle in another header
    ):
        raise typer.BadParameter(f"{value!r} is not a header; use 'Name: value'")
    if not value.isascii():
        raise typer.BadParameter(f"{value!r} is not ASCII text, which HTTP cannot send; {_ASCII}")
    return value


_ASCII = "percent-encode what is not (中 is %E4%B8%AD)"


def parse_user_agent(value: str) -> str:
    """Check a --user-agent: one line of text."""
    if _CONTROL.search(value):
        raise typer.BadParameter(f"{value!r} holds a control character; give one line of text")
    if not value.isascii():
        raise typer.BadParameter(f"{value!r} is not ASCII text, which HTTP cannot send; {_ASCII}")
    return value


# -- output and chattiness: every command ----------------------------------------------

FormatOpt = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format. Default: rich view on a terminal, md otherwise.",
        show_default=False,
        envvar="JZ_FORMAT",
    ),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write to FILE instead of stdout.", metavar="FILE"),
]
QuietOpt = Annotated[
    bool,
    typer.Option(
        "--quiet", "-q", help="Only errors on stderr: no progress, summary, report or log."
    ),
]
VerboseOpt = Annotated[
    bool,
    typer.Option(
        "--verbose",
        "-v",
        help="Log on stderr every request (method, URL, status, bytes, ms) and input read.",
    ),
]

# -- article options: every command that produces articles ------------------------------

ReportOpt = Annotated[
    bool, typer.Option("--report", help="Show on stderr what was repaired and removed.")
]
ScriptOpt = Annotated[
    Script,
    typer.Option(
        "--script",
        envvar="JZ_SCRIPT",
        help="Chinese script of the output. auto: restore Simplified only where the text "
        "shows Simplified-to-Traditional conversion damage.",
    ),
]
SimilarityOpt = Annotated[
    float,
    typer.Option(
        "--similarity",
        metavar="X",
        min=0.5,
        max=1.0,
        help="Near-duplicate threshold: paragraphs this similar (0.5-1.0) to an earlier one "
        "are removed. 1.0 removes exact repeats only.",
    ),
]
NoDedupeOpt = Annotated[bool, typer.Option("--no-dedupe", help="Keep repeated paragraphs.")]
NoRepairOpt = Annotated[bool, typer.Option("--no-repair", help="Do not repair the text.")]

# -- fetch options: every command that fetches -------------------------------------------

HeaderOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--header",
        "-H",
        parser=parse_header,
        help="Extra request header 'Name: value' (repeatable), e.g. a Cookie.",
        metavar="'NAME: VALUE'",
    ),
]
UserAgentOpt = Annotated[
    str | None,
    typer.Option(
        "--user-agent",
        parser=parse_user_agent,
        help="User-Agent to send instead of jz's own.",
        metavar="UA",
        envvar="JZ_USER_AGENT",
    ),
]
TimeoutOpt = Annotated[
    float | None,
    typer.Option(
        "--timeout",
        envvar="JZ_TIMEOUT",
        min=0.1,
        max=3600.0,
        metavar="SECONDS",
        show_default=False,
        help="Seconds to wait to connect, and between bytes of an answer (at most 3600). "
        "Default: 10 to connect, 30 to read.",
    ),
]
RetriesOpt = Annotated[
    int,
    typer.Option(
        "--retries",
        envvar="JZ_RETRIES",
        min=0,
        max=20,
        metavar="N",
        help="Retries after a network error, a timeout, a 5xx or a 429, with "
        "exponential backoff (Retry-After honoured).",
    ),
]
MaxBytesOpt = Annotated[
    int,
    typer.Option(
        "--max-bytes",
        parser=parse_size,
        metavar="SIZE",
        show_default="20M",
        help="Refuse pages larger than SIZE once decompressed (e.g. 20M, 500k; at most 1G).",
    ),
]
CookiesOpt = Annotated[
    Path | None,
    typer.Option(
        "--cookies",
        metavar="FILE",
        envvar="JZ_COOKIES",
        help="Send the cookies of FILE, a Netscape cookies.txt (as browsers' export add-ons "
        "and curl -c write it), to the hosts they belong to.",
    ),
]
InsecureOpt = Annotated[bool, typer.Option("--insecure", help="Do not verify TLS certificates.")]
_FETCH_DEFAULTS = FetchSettings()
DEFAULT_RETRIES = _FETCH_DEFAULTS.retries
DEFAULT_MAX_BYTES = _FETCH_DEFAULTS.max_bytes


def log_request(method: str, url: str, status: int | None, size: int, ms: float) -> None:
    """One -v/--verbose line on stderr for one HTTP exchange."""
    outcome = f"{status} {size} bytes" if status is not None else "failed"
    sys.stderr.write(f"jz: {method} {url} {outcome} {ms:.0f} ms\n")
    sys.stderr.flush()


def log_read(name: str, size: int) -> None:
    """One -v/--verbose line on stderr for one local input read."""
    sys.stderr.write(f"jz: read {'standard input' if name == '-' else name} {size} bytes\n")
    sys.stderr.flush()


def load_cookies(path: Path) -> tuple[tuple[str, str, str, str], ...]:
    """(domain, path, name, value) of every cookie in a Netscape cookies.txt file."""
    from http.cookiejar import LoadError, MozillaCookieJar

    jar = MozillaCookieJar()
    try:
        jar.load(str(path), ignore_discard=True, ignore_expires=True)
    except FileNotFoundError:
        raise InputError(f"cannot read cookies file {path}: no such file. Check the path") from None
    except (LoadError, UnicodeDecodeError) as exc:
        raise InputError(
            f"{path} is not a Netscape cookies.txt file ({exc}). Export the cookies "
            "in Netscape/cookies.txt format"
        ) from None
    except OSError as exc:
        raise InputError(f"cannot read cookies file {path}: {exc.strerror or exc}") from None
    for cookie in jar:
        if not (cookie.name.isascii() and (cookie.value or "").isascii()):
            raise InputError(
                f"{path} holds a cookie that is not ASCII text ({cookie.name}), which HTTP "
                "cannot send. Percent-encode its value, or leave it out"
            )
    return tuple((c.domain, c.path, c.name, c.value or "") for c in jar)


def fetch_settings(
    *,
    header: Sequence[str] | None = None,
    cookies: Path | None = None,
    user_agent: str | None = None,
    timeout: float | None = None,
    retries: int = DEFAULT_RETRIES,
    max_bytes: int = DEFAULT_MAX_BYTES,
    insecure: bool = False,
    max_pages: int = _FETCH_DEFAULTS.max_pages,
    verbose: bool = False,
    base: FetchSettings = _FETCH_DEFAULTS,
) -> FetchSettings:
    """FetchSettings from the fetch options every fetching command takes."""
    extra = tuple(
        (name.strip(), value.strip()) for name, _, value in (h.partition(":") for h in header or ())
    )
    return replace(
        base,
        user_agent=user_agent or base.user_agent,
        headers=extra,
        connect_timeout=timeout or base.connect_timeout,
        read_timeout=timeout or base.read_timeout,
        retries=retries,
        max_bytes=max_bytes,
        max_pages=max_pages,
        verify_tls=not insecure,
        cookies=load_cookies(cookies) if cookies is not None else base.cookies,
        request_log=log_request if verbose else None,
    )


F = TypeVar("F", bound=Callable[..., Any])


def pipeline_settings(
    script: Script = Script.auto,
    similarity: float = 0.85,
    no_dedupe: bool = False,
    no_repair: bool = False,
) -> Settings:
    return Settings(
        script=script.value,
        similarity=similarity,
        near_duplicates=similarity < 1.0,
        dedupe=not no_dedupe,
        repair=not no_repair,
    )


def error_line(message: str) -> None:
    """Print the one-line error format on stderr (none when the shell closed it: `2>&-`)."""
    message = " ".join(safe_text(str(message)).split())  # page text may carry ESC sequences
    if sys.stderr is None:
        return
    try:
        sys.stderr.write(f"jz: error: {message}\n")
        sys.stderr.flush()
    except OSError:
        pass


def _is_cli_exception(exc: BaseException) -> bool:
    # Exit, Abort and usage errors belong to Typer (or the Click it is built on).
    return type(exc).__module__.split(".")[0] in ("typer", "click")


def _current_context() -> Any:
    try:
        from typer._click.globals import get_current_context
    except ImportError:  # Typer versions that depend on Click
        from click import get_current_context  # type: ignore[no-redef,import-not-found,unused-ignore]
    return get_current_context(silent=True)


def overall_exit_code(total: int, failures: Sequence[JzError]) -> int:
    """The exit code of several inputs (README: Exit codes), independent of their order."""
    return int(combined_exit_code(total - len(failures), (int(f.code) for f in failures)))


def debug_enabled() -> bool:
    ctx = _current_context()
    while ctx is not None:
        if ctx.params.get("debug"):
            return True
        ctx = ctx.parent
    return os.environ.get("JZ_DEBUG", "") not in ("", "0")


def handle_errors(func: F) -> F:
    """Turn JzError and unexpected exceptions into one stderr line and an exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            interrupts.command_started()
            return func(*args, **kwargs)
        except JzError as exc:
            if debug_enabled():
                traceback.print_exc()
            error_line(str(exc))
            if isinstance(exc, StdoutError):
                _silence_stdout()  # what is left in its buffer must not fail again at exit
            raise typer.Exit(int(exc.code)) from None
        except KeyboardInterrupt:
            what, code = interrupts.stopped()  # Ctrl-C or SIGTERM
            error_line(what)
            raise typer.Exit(code) from None
        except BrokenPipeError:
            _silence_stdout()
            raise typer.Exit(0) from None
        except Exception as exc:
            if _is_cli_exception(exc):
                raise
            if debug_enabled():
                traceback.print_exc()
            error_line(
                f"internal error: {type(exc).__name__}: {exc}. "
                "Rerun with --debug and report the traceback."
            )
            raise typer.Exit(int(ExitCode.ERROR)) from None
        finally:
            interrupts.command_ended()

    return wrapper  # type: ignore[return-value]


def _silence_stdout() -> None:
    # After a broken pipe, point stdout at devnull so the interpreter's final flush is quiet.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


_HTML_EXT = {".html", ".htm", ".xhtml", ".shtml", ".shtm", ".asp", ".aspx", ".php", ".jsp"}


def stdin_stream() -> Any:
    """Standard input's byte stream; an INPUT error when the shell closed it (`<&-`)."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise InputError("standard input is closed. Give a file, or pipe the input in")
    return stream


EMPTY_ARGUMENT = (
    "an input argument is empty (a shell variable that is not set?). "
    "Give a file, a URL, or - for standard input"
)


def read_input(path: str) -> bytes:
    """Read a file's bytes or stdin ('-'), with one-line errors for what goes wrong."""
    if path == "-":
        return bytes(stdin_stream().read())
    if not path:
        raise InputError(EMPTY_ARGUMENT)
    p = Path(path)  # Path("") would be the current folder
    try:
        return p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"cannot read {path}: no such file. Check the path") from None
    except IsADirectoryError:
        raise InputError(
            f"cannot read {path}: it is a directory. Give a file in it, or - for standard input"
        ) from None
    except PermissionError:
        raise InputError(f"cannot read {path}: permission denied. Check its permissions") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}. Check the path") from None


def check_text_bytes(data: bytes, name: str) -> None:
    """Reject empty and binary input with a clear message."""
    if not data.strip():
        raise InputError(f"{name} is empty. Give a file with text or HTML in it")
    if data.startswith(WIDE_BOMS):
        return  # UTF-16 or UTF-32 with a BOM: NUL bytes are expected
    head = data[:8192]
    if b"\x00" in head or head.startswith((b"%PDF", b"\x89PNG", b"PK\x03\x04", b"\x1f\x8b")):
        raise InputError(
            f"{name} looks like a binary file, not text or HTML. Give a saved page or a text file"
        )


def sniff_kind(data: bytes, name: str) -> InputKind:
    """html, json (a jz article) or text, by extension and then by content."""
    suffix = Path(name).suffix.lower() if name != "-" else ""
    head = ascii_head(data[:8192])[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if suffix == ".json" or (head.startswith((b"{", b"[{")) and b'"schema_version"' in data[:4096]):
        return "json"
    if suffix in _HTML_EXT:
        return "html"
    if head.startswith((b"<!doctype", b"<html", b"<?xml")) or b"<body" in head or b"<head" in head:
        return "html"
    return "text"


def local_article(article: Article, name: str) -> Article:
    """A local input's article: `url` is '' unless the input names one (`source_name`: the file)."""
    if article.url == name:
        article = replace(article, url="")
    return article


def write_stdout(text: str) -> None:
    """Write UTF-8 to stdout whatever the locale.

    A closed pipe raises BrokenPipeError (the command ends quietly); any other refusal
    (`> /dev/full`) is a StdoutError, exit 14.
    """
    out = sys.stdout
    if out is None:  # started with stdout closed (`>&-`)
        raise StdoutError(
            "standard output is closed. Send the output to a file (> FILE, or -o) or to /dev/null"
        )
    buffer = getattr(out, "buffer", None)
    try:
        if buffer is not None:
            out.flush()
            buffer.write(text.encode("utf-8"))
            buffer.flush()
        else:
            out.write(text)
            out.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise StdoutError(
            f"cannot write to standard output: {exc.strerror or exc}. "
            "Free some space, or send the output elsewhere (-o)"
        ) from None


def stdout_is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def emit_articles(
    articles: Sequence[Article], fmt: Format | None, output: Path | None, report: bool = False
) -> None:
    """Render and write articles: rich view on a terminal by default, md when piped."""
    if report:
        from jzcli.cli.view import print_report

        for article in articles:
            print_report(article)
    if output is None and (fmt is Format.rich or (fmt is None and stdout_is_terminal())):
        from jzcli.cli.view import print_articles

        print_articles(articles)
        return
    from jzcli.export import render_articles

    chosen = "md" if fmt in (None, Format.rich) else fmt.value
    text = render_articles(articles, chosen)
    if output is not None and str(output) != "-":
        write_atomic(output, text.encode("utf-8"), through=True)
    else:
        write_stdout(text)


ArchivedOpt = Annotated[
    bool,
    typer.Option(
        "--archived",
        help="When an article is gone (404, 410), times out or cannot be reached, read its "
        "closest copy from a web archive (the Internet Archive by default).",
    ),
]
ArchiveEndpointOpt = Annotated[
    str | None,
    typer.Option(
        "--archive-endpoint",
        metavar="URL",
        envvar="JZ_ARCHIVE_ENDPOINT",
        show_default="https://archive.org/wayback/available",
        help="Wayback-style availability API that --archived asks.",
    ),
]
