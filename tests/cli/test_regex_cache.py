"""The `jz` process's cache of compiled regular expressions (jzcli.cli.regex_cache).

Each case runs in a fresh interpreter, since the cache is installed once per process and
written at exit; PYTHONPYCACHEPREFIX puts the cache file in a temporary folder.
"""

from __future__ import annotations

import json
import os
import re
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


def run(tmp: Path, script: str = SCRIPT, *args: str, **env: str) -> dict[str, object]:
    base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    base["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    proc = subprocess.run(
        [sys.executable, "-c", script, *args],
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


# Compiles the patterns given, with the cache's bounds set as given (None: jz's own), and
# reports what the cache did.
BOUNDED = r"""
import json, re, sys
import jzcli.cli
from jzcli.cli import regex_cache

cache = regex_cache._installed
config = json.loads(sys.argv[1])
if config["max"] is not None:
    regex_cache.MAX_ENTRIES = config["max"]
if config["new"] is not None:
    regex_cache.MAX_NEW_ENTRIES = config["new"]
for source in config["compile"]:
    re.compile(source)
print(json.dumps({
    "loaded": len(cache.loaded),
    "added": cache.added,
    "max_new": regex_cache.MAX_NEW_ENTRIES,
    "path": str(cache.path),
}))
"""


def bounded(
    tmp: Path, sources: list[str], most: int | None = None, new: int | None = None
) -> tuple[dict[str, object], list[str | bytes]]:
    """One run of BOUNDED, and the patterns of the file it leaves."""
    import marshal

    result = run(tmp, BOUNDED, json.dumps({"max": most, "new": new, "compile": sources}))
    path = Path(str(result["path"]))
    keys = [key[0] for key in marshal.loads(path.read_bytes())[1]] if path.exists() else []
    return result, keys


def test_a_run_adds_a_bounded_number_of_patterns(tmp_path: Path) -> None:
    # A program that builds a pattern per item of its data adds only so many per run.
    result, keys = bounded(tmp_path, [f"item{i}[a-z]+" for i in range(2000)])
    assert result["added"] == result["max_new"] == len(keys)
    assert keys == [f"item{i}[a-z]+" for i in range(len(keys))]


def test_the_file_never_holds_more_than_max_entries(tmp_path: Path) -> None:
    first = [f"p{i}x+" for i in range(80)]
    _, keys = bounded(tmp_path, first, most=50, new=1000)
    assert keys == first[:50]

    # Past the bound, the loaded patterns this run used are kept first, then its new ones.
    again = first[40:50]
    fresh = [f"q{i}y+" for i in range(60)]
    result, keys = bounded(tmp_path, again + fresh, most=50, new=1000)
    assert result["loaded"] == 50 and result["added"] == 60
    assert sorted(keys) == sorted(again + fresh[:40])

    # Then the other loaded ones; and this run's additions are bounded too.
    result, keys = bounded(tmp_path, [f"r{i}z+" for i in range(20)], most=50, new=5)
    assert result["added"] == 5
    assert len(keys) == 50 and {f"r{i}z+" for i in range(5)} <= set(keys)
    assert not {f"r{i}z+" for i in range(5, 20)} & set(keys)

    # A file found holding more than the bound (a larger bound before) is cut at exit.
    bounded(tmp_path, [f"s{i}w+" for i in range(30)], most=1000, new=1000)
    result, keys = bounded(tmp_path, [], most=50)
    assert result["loaded"] == 80 and result["added"] == 0 and len(keys) == 50


def test_str_and_bytes_subclasses_are_compiled_but_not_kept(tmp_path: Path) -> None:
    # marshal writes no subclass of str (a StrEnum member): such a pattern must not stop
    # the file being written, nor print a traceback at exit.
    script = r"""
import enum, json, re
import jzcli.cli
from jzcli.cli import regex_cache

class Kind(str, enum.Enum):
    WORD = "kind[a-z]+"

class Raw(bytes):
    pass

assert re.compile(Kind.WORD).match("kindof")
assert re.compile(Raw(b"raw[0-9]+")).match(b"raw12")
assert re.compile("plain[a-z]+", re.I).match("PLAINer")
print(json.dumps({"path": str(regex_cache._installed.path)}))
"""
    import marshal

    result = run(tmp_path, script)  # asserts an empty stderr
    entries = marshal.loads(Path(str(result["path"])).read_bytes())[1]
    assert all(type(p) in (str, bytes) and type(f) is int for p, f in entries)
    assert ("plain[a-z]+", int(re.I)) in entries
    assert not {"kind[a-z]+", b"raw[0-9]+"} & {p for p, _ in entries}


def test_the_lock_is_not_held_while_compiling(tmp_path: Path) -> None:
    script = r"""
import json, re
import jzcli.cli
from jzcli.cli import regex_cache

cache = regex_cache._installed
recorder = regex_cache._compiler_module()._sre
sre = recorder._sre
held = []

class Spy:
    def compile(self, *args):
        held.append(cache.lock.locked())
        return sre.compile(*args)

    def __getattr__(self, name):
        return getattr(sre, name)

recorder._sre = Spy()
assert re.compile("not-seen-before[a-z]+").match("not-seen-beforeabc")
print(json.dumps({"held": held, "added": cache.added}))
"""
    result = run(tmp_path, script)
    assert result == {"held": [False], "added": 1}


PAGE = r"""
import json, sys
import jzcli.cli
from jzcli.cli import regex_cache
from jzcli.extract.html import extract_html
from jzcli.settings import Settings

cache = regex_cache._installed
name = sys.argv[1]
body = "".join(
    f"<p>Paragraph {i}: the crate gives an event loop, timers and sockets for writing "
    "network programs that do many things at once without threads.</p>"
    for i in range(5)
)
html = (
    f"<html><head><title>{name} - Rust</title></head><body><h1>Crate {name}</h1>"
    f"<div class='article'>{body}</div></body></html>"
)
article = extract_html(html, "https://docs.example.com/crates/x", Settings(use_rules=False), None)
print(json.dumps({
    "title": article.title,
    "added": cache.added,
    "named": [repr(k) for k in cache.entries if name.lower() in str(k[0]).lower()],
}))
"""


def test_no_pattern_is_built_from_a_page(tmp_path: Path) -> None:
    first = run(tmp_path, PAGE, "Quokkaword")
    assert first["title"] == "Crate Quokkaword"  # the rule that compared title and <h1> ran
    assert first["named"] == []
    # Another page of the same shape compiles nothing the first did not.
    second = run(tmp_path, PAGE, "Wombatname")
    assert second == {"title": "Crate Wombatname", "added": 0, "named": []}
