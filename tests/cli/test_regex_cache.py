"""The `jz` process's cache of compiled regular expressions (jzcli.cli.regex_cache).

Each case runs in a fresh interpreter, since the cache is installed once per process and
written at exit; PYTHONPYCACHEPREFIX puts the cache file in a temporary folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

# Compiles every pattern of jz's modules (the lazy ones too) and a few of other kinds, then
# reports what the cache did: each pattern compared with `re`'s own compile of it.
SCRIPT = r"""
import json, re, sys
import jzcli.cli
from jzcli.cli import regex_cache

cache = regex_cache._installed
loaded = len(cache.entries)
import jzcli.pipeline, jzcli.cli.app, jzcli.batch.runner
from jzcli.patterns import _LazyPattern

for name, module in list(sys.modules.items()):
    if name.startswith("jzcli"):
        for value in list(vars(module).values()):
            if isinstance(value, _LazyPattern):
                value.compiled()
extra = [
    (rb"(?P<tag><\w+)\s*(?=>)", 0),
    (r"(?i)straße|ǅ[\u0370-\u03ff]+", 0),
    (r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])", re.MULTILINE),
    (r" (?P<a> \d+ ) \s* (?P=a)  # a repeated number", re.VERBOSE | re.ASCII),
]
for source, flags in extra:
    re.compile(source, flags)
mismatches = [
    repr(key) for key in cache.entries if re.compile(*key) != cache.original(*key)
]
print(json.dumps({
    "loaded": loaded,
    "added": cache.added,
    "used": len(cache.used),
    "entries": len(cache.entries),
    "mismatches": mismatches,
    "path": str(cache.path),
}))
"""


def run(tmp: Path, **env: str) -> dict[str, object]:
    base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    base["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=dict(base, **env),
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    result: dict[str, object] = json.loads(proc.stdout)
    return result


def test_second_run_compiles_nothing_and_gets_equal_patterns(tmp_path: Path) -> None:
    first = run(tmp_path)
    assert first["loaded"] == 0
    assert isinstance(first["added"], int) and first["added"] > 150
    assert first["mismatches"] == []
    path = Path(str(first["path"]))
    assert path.is_file() and path.is_relative_to(tmp_path)

    second = run(tmp_path)
    assert second["loaded"] == first["entries"]
    assert second["added"] == 0
    # Every compile of the second run came from the file, and equals a fresh compile
    # (Pattern equality compares pattern, flags and compiled code).
    assert second["used"] == first["used"]
    assert second["mismatches"] == []


def test_unreadable_or_foreign_file_is_ignored_and_replaced(tmp_path: Path) -> None:
    path = Path(str(run(tmp_path)["path"]))
    for junk in (b"", b"\x00garbage", b"\xe9" * 100):
        path.write_bytes(junk)
        result = run(tmp_path)
        assert result["loaded"] == 0 and result["mismatches"] == []
        assert isinstance(result["added"], int) and result["added"] > 150
    # A file written by another Python build (its header differs) is not used either.
    import marshal

    header, entries = marshal.loads(path.read_bytes())
    path.write_bytes(marshal.dumps(((header[0], "other-tag", *header[2:]), entries)))
    assert run(tmp_path)["loaded"] == 0
    assert run(tmp_path)["loaded"] == len(entries)


def test_no_file_under_pythondontwritebytecode(tmp_path: Path) -> None:
    result = run(tmp_path, PYTHONDONTWRITEBYTECODE="1")
    assert result["mismatches"] == []
    assert not Path(str(result["path"])).exists()
    assert run(tmp_path)["loaded"] == 0
