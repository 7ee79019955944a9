"""Exit codes and the one exception family the CLI turns into one-line errors."""

from __future__ import annotations

import errno
from collections.abc import Iterable
from enum import IntEnum


class ExitCode(IntEnum):
    """Documented process exit codes (README: 'Exit codes')."""

    OK = 0
    ERROR = 1
    """Unexpected internal error (a bug: rerun with --debug and report it)."""
    USAGE = 2
    """Bad command line (Typer/Click's own code)."""
    INPUT = 3
    """Input missing, unreadable, binary or empty."""
    NO_ARTICLE = 4
    """Input read, but no article text was found in it."""
    PARTIAL = 5
    """Several inputs: some succeeded, some failed."""
    NETWORK = 6
    """DNS failure, refused connection or other transport error."""
    TIMEOUT = 7
    TLS = 8
    HTTP_CLIENT = 9
    """4xx response."""
    HTTP_SERVER = 10
    """5xx (or 429) response after retries."""
    TOO_MANY_REDIRECTS = 11
    TOO_LARGE = 12
    UNSUPPORTED_TYPE = 13
    """Not HTML or text: PDF, image, archive..."""
    OUTPUT = 14
    """Could not write the output file or folder (also: the disk is full)."""
    ALL_FAILED = 15
    """Several inputs, every one failed, not all the same way."""
    BUSY = 16
    """Another jz run is using the output folder."""
    INTERRUPTED = 130
    """Ctrl-C (SIGINT)."""
    TERMINATED = 143
    """SIGTERM (`kill`, `timeout`, `docker stop`): stopped as Ctrl-C stops a run."""


def combined_exit_code(succeeded: int, failure_codes: Iterable[int]) -> ExitCode:
    """The one exit code for a run over several inputs, whatever order they came in.

    Nothing failed: OK. Some failed and something succeeded: PARTIAL. Everything failed the
    same way: that failure's code. Everything failed in different ways: ALL_FAILED.
    """
    kinds = set(failure_codes)
    if not kinds:
        return ExitCode.OK
    if succeeded:
        return ExitCode.PARTIAL
    if len(kinds) == 1:
        code = kinds.pop()
        return ExitCode(code) if code in ExitCode._value2member_map_ else ExitCode.ERROR
    return ExitCode.ALL_FAILED


class JzError(Exception):
    """An error the user can act on; the CLI prints `jz: error: <message>` and exits."""

    code: ExitCode = ExitCode.ERROR

    def __init__(self, message: str, code: ExitCode | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code


class InputError(JzError):
    code = ExitCode.INPUT


class NoArticleError(JzError):
    code = ExitCode.NO_ARTICLE


class OutputError(JzError):
    code = ExitCode.OUTPUT


class StdoutError(OutputError):
    """Standard output refuses the documents (a full disk, a device error): the run stops."""


class DiskFullError(OutputError):
    """The file system refuses more data (no space, quota, file size limit)."""

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason or message


def is_disk_full(exc: BaseException) -> bool:
    """Whether an OSError or SQLite error means the disk (or a size limit) is full."""
    if isinstance(exc, DiskFullError):
        return True
    if isinstance(exc, OSError):
        return exc.errno in _FULL_ERRNOS
    return "database or disk is full" in str(exc)


_FULL_ERRNOS = frozenset(
    getattr(errno, name) for name in ("ENOSPC", "EDQUOT", "EFBIG") if hasattr(errno, name)
)


class FetchError(JzError):
    """A URL could not be fetched; `code` says which way it failed."""

    code = ExitCode.NETWORK

    def __init__(
        self,
        message: str,
        code: ExitCode | None = None,
        *,
        url: str = "",
        status: int | None = None,
    ) -> None:
        super().__init__(message, code)
        self.url = url
        self.status = status
