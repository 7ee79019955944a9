"""Ctrl-C while the `jz` process is starting: one line and exit 130, never a traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

# A process that loads the CLI as the `jz` script does, then gets Ctrl-C before any command.
STARTING = """
import os, signal, sys, time
sys.argv[0] = {argv0!r}
import jzcli.cli
os.kill(os.getpid(), signal.SIGINT)
import jzcli.cli.app  # the rest of the start-up, still interruptible
time.sleep(30)
print("not interrupted")
"""


def _default_ctrl_c() -> None:
    # A shell starts background jobs (`cmd &`) with SIGINT ignored, and children inherit
    # that; the tests need the interactive case, where Python installs its own handler.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _run(argv0: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", STARTING.format(argv0=argv0)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "JZ_CONFIG": os.devnull},
        preexec_fn=_default_ctrl_c,
    )


@pytest.mark.parametrize("argv0", ["/usr/local/bin/jz", "/site-packages/jzcli/__main__.py"])
def test_ctrl_c_during_start_up_is_one_line_and_130(argv0: str) -> None:
    result = _run(argv0)
    assert result.returncode == 130
    assert result.stdout == ""
    assert result.stderr == "jz: error: interrupted\n"


def test_a_program_importing_the_cli_keeps_its_own_ctrl_c() -> None:
    result = _run("/usr/bin/some-tool")
    assert result.returncode == -signal.SIGINT  # Python's own KeyboardInterrupt exit
    assert "KeyboardInterrupt" in result.stderr


def test_a_command_gets_keyboard_interrupt_again() -> None:
    """Once a command runs, Ctrl-C is its KeyboardInterrupt (batch keeps its manifest)."""
    code = (
        "import sys; sys.argv[0] = 'jz'\n"
        "import signal, jzcli.cli\n"
        "from jzcli.cli.interrupts import command_started\n"
        "command_started()\n"
        "assert signal.getsignal(signal.SIGINT) is signal.default_int_handler\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, preexec_fn=_default_ctrl_c
    )
    assert result.returncode == 0, result.stderr
