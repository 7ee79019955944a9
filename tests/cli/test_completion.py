"""The checked-in completion scripts are current, and the bash one really completes."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from jzcli.cli.completion import FILES, SCRIPTS

ROOT = Path(__file__).parent.parent.parent


@pytest.mark.parametrize("shell", sorted(FILES))
def test_checked_in_completions_are_current(shell: str) -> None:
    path = ROOT / "completions" / FILES[shell]
    assert path.read_text(encoding="utf-8") == SCRIPTS[shell](), (
        f"{path} is out of date: run `python -m jzcli.cli.completion completions/`"
    )


def _bash_complete(words: list[str]) -> list[str]:
    script = ROOT / "completions" / FILES["bash"]
    cmd = (
        f"source {script}; COMP_WORDS=({' '.join(repr(w) for w in words)}); "
        f"COMP_CWORD={len(words) - 1}; _jz; printf '%s\\n' \"${{COMPREPLY[@]}}\""
    )
    out = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, check=True)
    return out.stdout.split()


def test_bash_completes_commands_options_and_choices() -> None:
    assert "clean" in _bash_complete(["jz", "cl"])
    assert set(_bash_complete(["jz", "clean", "--f"])) == {"--format"}
    assert _bash_complete(["jz", "clean", "--format", "j"]) == ["json", "jsonl"]
    assert "simplified" in _bash_complete(["jz", "fix", "--script", ""])
