"""Run the real `jz` command: in-process through Typer's runner, or as a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass

from typer.testing import CliRunner

from jzcli.cli.app import app


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


def jz(*args: str, input: str | bytes | None = None, env: dict[str, str] | None = None) -> Run:
    """Invoke jz in-process; stdout and stderr are kept apart."""
    result = CliRunner().invoke(app, list(args), input=input, env=env)
    return Run(result.exit_code, result.stdout, result.stderr)


def jz_process(
    *args: str,
    input: bytes | None = None,
    timeout: float = 120,
    env: dict[str, str] | None = None,
) -> Run:
    """Invoke `python -m jzcli` as a real subprocess (UTF-8 decoded output)."""
    env = {**os.environ, "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8", **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "jzcli", *args],
        input=input,
        capture_output=True,
        timeout=timeout,
        env=env,
    )
    return Run(proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8"))
