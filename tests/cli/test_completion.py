"""The checked-in completion scripts are current, and the bash one really completes."""

from __future__ import annotations

import shutil
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


def _bash_lines(words: list[str], cwd: Path) -> list[str]:
    """COMPREPLY, one entry per line (entries may hold spaces)."""
    script = ROOT / "completions" / FILES["bash"]
    quoted = " ".join("'" + w.replace("'", "'\\''") + "'" for w in words)
    cmd = (
        f"source '{script}'; COMP_WORDS=({quoted}); COMP_CWORD={len(words) - 1}; _jz; "
        "printf '%s\\n' \"${COMPREPLY[@]}\""
    )
    out = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, check=True, cwd=cwd)
    return [line for line in out.stdout.split("\n") if line]


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "my page.html").write_text("x", "utf-8")
    (tmp_path / "my dir").mkdir()
    return tmp_path


def test_bash_keeps_paths_with_spaces_whole(files: Path) -> None:
    assert sorted(_bash_lines(["jz", "clean", "my"], files)) == ["my dir", "my page.html"]
    assert sorted(_bash_lines(["jz", "fetch", "-o", "my"], files)) == ["my dir", "my page.html"]


def test_bash_output_folder_completes_folders_only(files: Path) -> None:
    for command in ("column", "batch"):
        for flag in ("-o", "--output", "--out"):
            assert _bash_lines(["jz", command, "URL", flag, "my"], files) == ["my dir"]


def _need(shell: str) -> str:
    path = shutil.which(shell)
    if path is None:
        pytest.skip(f"{shell} is not installed here (apt-get install {shell} to run this test)")
    return path


def _zsh_specs(command: str) -> list[str]:
    """The specs the zsh script hands to _arguments for a command, as zsh parsed them."""
    zsh = _need("zsh")
    stub = (
        '_arguments() { if [[ $1 == -C ]]; then state=args; line=("$JZ_CMD"); return 0; fi; '
        "printf '%s\\n' \"$@\"; }; _describe() { :; }; "
        f"JZ_CMD={command}; source '{ROOT / 'completions' / FILES['zsh']}'"
    )
    out = subprocess.run([zsh, "-f", "-c", stub], capture_output=True, text=True, check=True)
    return out.stdout.splitlines()


def test_zsh_keeps_apostrophes_and_whole_descriptions() -> None:
    specs = _zsh_specs("fetch")
    assert "--user-agent[User-Agent to send instead of jz's own]:value: " in specs
    header = next(s for s in specs if "request header" in s)
    assert "e.g. a Cookie]" in header and "'Name\\: value'" in header


def test_zsh_output_folder_completes_folders() -> None:
    for command in ("column", "batch"):
        spec = next(s for s in _zsh_specs(command) if "Folder for the files" in s)
        assert spec.endswith(":folder:_files -/")
    spec = next(s for s in _zsh_specs("fetch") if "Write to FILE" in s)
    assert spec.endswith(":file:_files")


def _fish_complete(line: str, cwd: Path) -> list[str]:
    fish = _need("fish")
    script = ROOT / "completions" / FILES["fish"]
    cmd = f"source '{script}'; complete -C '{line}'"
    out = subprocess.run([fish, "-c", cmd], capture_output=True, text=True, check=True, cwd=cwd)
    return out.stdout.splitlines()


def test_fish_descriptions_and_folders(files: Path) -> None:
    agent = [c for c in _fish_complete("jz fetch --user", files) if c.startswith("--user-agent")]
    assert agent == ["--user-agent\tUser-Agent to send instead of jz's own"]
    header = [c for c in _fish_complete("jz batch --hea", files) if c.startswith("--header")]
    assert header and header[0].endswith("e.g. a Cookie")
    names = [c.split("\t")[0] for c in _fish_complete("jz column URL -o my", files)]
    assert names == ["my dir/"]
    names = sorted(c.split("\t")[0] for c in _fish_complete("jz clean my", files))
    assert names == ["my dir/", "my page.html"]
