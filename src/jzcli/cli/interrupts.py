"""Ctrl-C and SIGTERM in the `jz` process: one line and exit 130 or 143, never a traceback.

SIGTERM (what `kill`, `timeout`, `docker stop` and systemd send) stops a command the way
Ctrl-C does: once a command runs it is a KeyboardInterrupt (`Terminated`), so a batch stops
its workers, records its state, writes its manifest and releases its folder's lock; the
command then ends with `jz: error: terminated` and 143. Only the `jz` process itself does
this: a program importing the CLI keeps its own handlers, and batch workers (started by
forkserver or spawn, so without these handlers) just end when the signal reaches them too.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType

INTERRUPTED = 130  # ExitCode.INTERRUPTED, without importing the rest of jz here
TERMINATED = 143  # ExitCode.TERMINATED: 128 + SIGTERM

_terminated = False
_installed = False  # this is the `jz` process, whose handlers install_for_startup set
_reported: int | None = None  # the exit code of a stop whose line was written
_first_sigterm = 0.0
_REPEAT_S = 1.0  # a SIGTERM this soon after the first is the same stop, sent twice
_CLEANUP_S = 15.0  # a cleanup after SIGTERM not done by then is given up (`_give_up`)
GAVE_UP_LINE = (
    b"jz: error: terminated before the cleanup ended (15 s); run the same command again "
    b"to finish the job\n"
)


class Terminated(KeyboardInterrupt):
    """SIGTERM: every handling of Ctrl-C applies; the command reports it as `terminated`."""


def _is_jz_process() -> bool:
    """The `jz` script or `python -m jzcli`, not a program that imports the CLI (tests), nor
    a worker process (spawn imports the `jz` script again in each, as `__mp_main__`)."""
    multiprocessing = sys.modules.get("multiprocessing")
    if multiprocessing is not None and multiprocessing.parent_process() is not None:
        return False
    if sys.modules.get("__mp_main__", sys.modules.get("__main__")) is not sys.modules.get(
        "__main__"
    ):  # a spawned worker importing the script (the main process has the two the same)
        return False
    argv0 = Path(sys.argv[0]) if sys.argv and sys.argv[0] else Path()
    return argv0.name == "jz" or (argv0.name == "__main__.py" and argv0.parent.name == "jzcli")


def _startup_interrupt(signum: int, frame: FrameType | None) -> None:
    # Nothing has been written yet: leave at once, without unwinding an import.
    term = signum == signal.SIGTERM
    try:
        os.write(2, b"jz: error: terminated\n" if term else b"jz: error: interrupted\n")
    finally:
        os._exit(TERMINATED if term else INTERRUPTED)


def _terminate(signum: int, frame: FrameType | None) -> None:
    global _terminated, _first_sigterm
    if _terminated:
        # `timeout` signals its child and then the child's process group, so one stop can
        # arrive twice at once: let the first one's cleanup finish. A SIGTERM sent again
        # later, while that cleanup still runs, ends the process at once.
        if time.monotonic() - _first_sigterm > _REPEAT_S:
            _startup_interrupt(signum, frame)
        return
    _terminated, _first_sigterm = True, time.monotonic()
    watchdog = threading.Timer(_CLEANUP_S, _give_up)
    watchdog.daemon = True
    watchdog.start()
    runner_interrupt = _asyncio_interrupt()
    if runner_interrupt is not None:
        # asyncio.run turns Ctrl-C into a cancellation of its main task, delivered at an
        # await, which the command's cleanup handles; raised anywhere else (inside httpx,
        # in a task of its own) the interrupt could skip that cleanup. Stop the same way.
        runner_interrupt(signal.SIGINT, frame)
        return
    raise Terminated()


def _give_up() -> None:
    """SIGTERM's cleanup has not ended in time: end the process and its workers at once.

    A stop must never turn into a hang (`timeout 60 jz batch …` would then wait for ever):
    should the cleanup stall (a process pool left in a state it cannot leave), what it had
    not recorded yet is what a killed run loses, and a rerun does it again.
    """
    multiprocessing = sys.modules.get("multiprocessing")
    with contextlib.suppress(Exception):
        if multiprocessing is not None:
            for child in multiprocessing.active_children():
                child.kill()
            # The forkserver, and the resource tracker (which would warn, on jz's stderr,
            # of the queues' semaphores this exit leaves to the system).
            for module, holder, field in (
                ("multiprocessing.forkserver", "_forkserver", "_forkserver_pid"),
                ("multiprocessing.resource_tracker", "_resource_tracker", "_pid"),
            ):
                owner = getattr(sys.modules.get(module), holder, None)
                pid = getattr(owner, field, None)
                if pid:
                    with contextlib.suppress(OSError):
                        os.kill(pid, signal.SIGKILL)
    try:  # a line of its own: the folder was not cleaned up, unlike after `terminated`
        os.write(2, GAVE_UP_LINE)
    finally:
        os._exit(TERMINATED)


def _asyncio_interrupt() -> Callable[[int, FrameType | None], object] | None:
    """The Ctrl-C handler of an asyncio.run in progress in this thread (Python 3.11+)."""
    asyncio = sys.modules.get("asyncio")
    runner = getattr(asyncio, "Runner", None)
    handler = signal.getsignal(signal.SIGINT)
    owner = getattr(getattr(handler, "func", None), "__self__", None)
    if runner is not None and isinstance(owner, runner) and callable(handler):
        return handler
    return None


def terminated() -> bool:
    """Whether SIGTERM stopped this process's command (its exit is then 143)."""
    return _terminated


def install_for_startup() -> None:
    """Until `command_started`, Ctrl-C or SIGTERM ends the `jz` process quietly."""
    global _installed
    if not _is_jz_process():
        return
    _installed = True
    with contextlib.suppress(ValueError):  # not the main thread
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            signal.signal(signal.SIGINT, _startup_interrupt)
        if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:  # left ignored if it was
            signal.signal(signal.SIGTERM, _startup_interrupt)


def command_started() -> None:
    """A command runs: from now on Ctrl-C and SIGTERM are a KeyboardInterrupt it handles."""
    with contextlib.suppress(ValueError):
        if signal.getsignal(signal.SIGINT) is _startup_interrupt:
            signal.signal(signal.SIGINT, signal.default_int_handler)
        if signal.getsignal(signal.SIGTERM) is _startup_interrupt:
            signal.signal(signal.SIGTERM, _terminate)


def command_ended() -> None:
    """The command's body is over (returned or raised): from now on Ctrl-C or SIGTERM ends
    the `jz` process at once, with its line and 130 or 143, as nothing is left to clean up.

    A KeyboardInterrupt raised after the body would reach click (a silent exit 130, SIGTERM's
    143 lost) or, once jz is exiting (flushing stdout into a slow pipe, joining threads at
    exit), come out as a traceback.
    """
    if not _installed:
        return
    with contextlib.suppress(ValueError):
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            signal.signal(signal.SIGINT, _late_interrupt)
        if signal.getsignal(signal.SIGTERM) is _terminate:
            signal.signal(signal.SIGTERM, _late_interrupt)


def _late_interrupt(signum: int, frame: FrameType | None) -> None:
    if _reported is not None:  # the command was stopped already, and said so
        os._exit(_reported)
    _startup_interrupt(signum, frame)


def stopped() -> tuple[str, int]:
    """The error line's text and the exit code of a command stopped by Ctrl-C or SIGTERM;
    asked when that line is written (`reported`)."""
    global _reported
    what, code = ("terminated", TERMINATED) if _terminated else ("interrupted", INTERRUPTED)
    _reported = code
    return what, code


def exiting() -> None:
    """jz is about to exit. After a stop whose line is written, Ctrl-C and SIGTERM are ignored
    from here: the exit code is decided, a second press is the same stop, and one arriving
    once the interpreter has put back the default handlers (late in its exit; it leaves an
    ignored signal ignored) would end the process by the signal, not with 130 or 143. The exit
    cannot hang for it: should it not be over in _CLEANUP_S, the process ends with the code."""
    if _reported is None or not _installed:
        return
    with contextlib.suppress(ValueError):  # not the main thread
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    code = _reported
    watchdog = threading.Timer(_CLEANUP_S, lambda: os._exit(code))
    watchdog.daemon = True
    watchdog.start()


def reported() -> bool:
    """Whether a stop's line was written (`stopped`)."""
    return _reported is not None
