"""Ctrl-C during the `jz` process's start-up: one line and exit 130, never a traceback."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from pathlib import Path
from types import FrameType

INTERRUPTED = 130  # ExitCode.INTERRUPTED, without importing the rest of jz here


def _is_jz_process() -> bool:
    """The `jz` script or `python -m jzcli`, not a program that imports the CLI (tests)."""
    argv0 = Path(sys.argv[0]) if sys.argv and sys.argv[0] else Path()
    return argv0.name == "jz" or (argv0.name == "__main__.py" and argv0.parent.name == "jzcli")


def _startup_interrupt(signum: int, frame: FrameType | None) -> None:
    # Nothing has been written yet: leave at once, without unwinding an import.
    try:
        os.write(2, b"jz: error: interrupted\n")
    finally:
        os._exit(INTERRUPTED)


def install_for_startup() -> None:
    """Until `command_started`, Ctrl-C ends the `jz` process quietly (exit 130)."""
    if _is_jz_process() and signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        with contextlib.suppress(ValueError):  # not the main thread
            signal.signal(signal.SIGINT, _startup_interrupt)


def command_started() -> None:
    """A command runs: from now on Ctrl-C is a KeyboardInterrupt its handling catches."""
    if signal.getsignal(signal.SIGINT) is _startup_interrupt:
        with contextlib.suppress(ValueError):
            signal.signal(signal.SIGINT, signal.default_int_handler)
