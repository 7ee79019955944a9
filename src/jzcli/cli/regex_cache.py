"""Compiled regular expressions kept between runs, as Python keeps bytecode.

Python's `re` compiles every pattern at each start of a process; a class over a large
Unicode range (`[\u3400-\u9fff]`) costs 1-5 ms, since the compiler visits each of its code
points in Python, and a `jz` command reaches over a hundred such patterns (about 90 ms of
CPU for `jz clean` on one small page, more than the rest of jz's imports). The compiler's
output is a list of integers that depends only on the pattern, its flags and the Python
build, so the `jz` process keeps it in a file beside jz's bytecode (`__pycache__`, or under
PYTHONPYCACHEPREFIX) and hands it straight to `_sre.compile` on later runs. A pattern built
from the cache is equal (`==`: same pattern, flags and compiled code) to a fresh compile.

The cache follows Python's rules for bytecode: read when present, written at exit when a run
compiled something new, not written under PYTHONDONTWRITEBYTECODE (`sys.dont_write_bytecode`)
or where the folder is not writable; a file of another Python build, or one that cannot be
read, is ignored. Only the command-line process installs it (`jzcli.cli` on import), so
programs that import jz's Python API keep their `re` untouched. The file is bounded: a run
adds at most `MAX_NEW_ENTRIES` patterns and the file holds at most `MAX_ENTRIES`, so patterns
built from data (jz builds none from pages) cannot grow it without end; only plain `str` or
`bytes` patterns with plain `int` flags are kept.

What is checked rather than assumed: the cache is installed only on CPython
(`sys.implementation.name`) whose `re` compiler module (`re._compiler`, or `sre_compile`
before 3.11) has a callable `compile` and an `_sre` module with a `compile`; a compile is
kept only when the compiler's call of `_sre.compile` had six arguments, the first being
the pattern itself; a file is used only when its header (format, `cache_tag`, `hexversion`,
`_sre.MAGIC`, `CODESIZE`, `maxunicode`) is this interpreter's; an entry that `_sre.compile`
rejects is compiled afresh. Anything else leaves `re` as it is.
"""

from __future__ import annotations

import atexit
import contextlib
import marshal
import os
import re
import sys
import threading
from importlib.util import cache_from_source
from pathlib import Path
from typing import Any

# 2: files of format 1 may hold patterns built from page titles; they are not read.
_FORMAT = 2
# The most patterns a file holds (when more, those the writing run used are kept first).
MAX_ENTRIES = 4096
# The most patterns one run adds: a program that builds patterns from its data (one per
# page, say) cannot fill the file with them.
MAX_NEW_ENTRIES = 512

# (pattern, flags) -> the arguments of `_sre.compile` after the pattern: (flags, code,
# groups, groupindex, indexgroup).
_Entry = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]
_Key = tuple[str | bytes, int]


class _Recorder:
    """Stands in for the `_sre` module inside `re`'s compiler: passes every call through and
    keeps the arguments of the last `compile` (per thread), which are the cache's entry."""

    def __init__(self, sre: Any) -> None:
        self._sre = sre
        self.last = threading.local()

    def compile(self, *args: Any) -> Any:
        self.last.args = args
        return self._sre.compile(*args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sre, name)


class RegexCache:
    """The patterns of one cache file, and the compile function that uses them."""

    def __init__(self, path: Path | None, header: tuple[Any, ...]) -> None:
        self.path = path
        self.header = header
        self.entries: dict[_Key, _Entry] = {}
        self.loaded: set[_Key] = set()
        self.used: set[_Key] = set()
        self.added = 0
        # Guards `entries` and `added` (never held around a compile).
        self.lock = threading.Lock()
        # `re`'s own compile function, which the cache stands in front of.
        self.original: Any = None

    def load(self) -> None:
        if self.path is None:
            return
        try:
            data = marshal.loads(self.path.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return
        if (
            isinstance(data, tuple)
            and len(data) == 2
            and data[0] == self.header
            and isinstance(data[1], dict)
        ):
            self.entries = data[1]
            self.loaded = set(self.entries)

    def record(self, key: _Key, args: tuple[Any, ...]) -> None:
        """Keep the arguments `re`'s compiler gave `_sre.compile` for a pattern compiled
        anew, unless this run has added `MAX_NEW_ENTRIES` already."""
        # The compiler's opcodes are int subclasses, which marshal does not take.
        _, final_flags, code, groups, groupindex, indexgroup = args
        entry = (
            int(final_flags),
            [int(c) for c in code],
            int(groups),
            dict(groupindex),
            tuple(indexgroup),
        )
        with self.lock:
            if self.added >= MAX_NEW_ENTRIES or self.entries.get(key) == entry:
                return
            self.entries[key] = entry
            self.used.add(key)
            self.added += 1

    def kept(self) -> dict[_Key, _Entry]:
        """The entries to write: all of them up to `MAX_ENTRIES`; past that, first those
        loaded and used again, then those new in this run, then the other loaded ones."""
        with self.lock:
            entries = dict(self.entries)
        if len(entries) <= MAX_ENTRIES:
            return entries

        def rank(key: _Key) -> int:
            if key not in self.loaded:
                return 1
            return 0 if key in self.used else 2

        keep = set(sorted(entries, key=rank)[:MAX_ENTRIES])
        return {k: v for k, v in entries.items() if k in keep}

    def save(self) -> None:
        """Write the file if this run compiled a pattern it lacked, or if the file read
        holds more than `MAX_ENTRIES` (at exit)."""
        if self.path is None or sys.dont_write_bytecode:
            return
        if not self.added and len(self.entries) <= MAX_ENTRIES:
            return
        try:
            blob = marshal.dumps((self.header, self.kept()))
        except (ValueError, TypeError):  # a value marshal cannot write: keep the old file
            return
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(blob)
            os.replace(tmp, self.path)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink()


def _header(sre: Any) -> tuple[Any, ...]:
    return (
        _FORMAT,
        sys.implementation.cache_tag,
        sys.hexversion,
        sre.MAGIC,
        sre.CODESIZE,
        sys.maxunicode,
    )


def default_path() -> Path | None:
    """The cache file: beside this module's bytecode, as Python would place it."""
    try:
        return Path(cache_from_source(__file__)).with_suffix(".regex")
    except (NotImplementedError, ValueError):
        return None


_installed: RegexCache | None = None


def _compiler_module() -> Any:
    compiler = getattr(re, "_compiler", None)  # 3.11+
    if compiler is None:  # pragma: no cover - Python 3.10
        compiler = sys.modules.get("sre_compile")
    return compiler


def install(path: Path | None = None) -> RegexCache | None:
    """Serve `re`'s compiles from the cache file for the rest of this process (once)."""
    global _installed
    if _installed is not None:
        return _installed
    compiler = _compiler_module()
    sre = getattr(compiler, "_sre", None)
    if (
        sys.implementation.name != "cpython"
        or compiler is None
        or sre is None
        or not callable(getattr(compiler, "compile", None))
        or not hasattr(sre, "compile")
    ):
        return None
    cache = RegexCache(path if path is not None else default_path(), _header(sre))
    cache.load()
    recorder = _Recorder(sre)
    original = cache.original = compiler.compile
    debug = int(re.DEBUG)

    def compile(p: Any, flags: int = 0) -> Any:
        # Only plain str/bytes and int: the key and entry must be what marshal writes (not
        # a StrEnum member), and `re.DEBUG` prints as it compiles.
        if type(p) not in (str, bytes) or type(flags) is not int or flags & debug:
            return original(p, flags)
        key = (p, flags)
        entry = cache.entries.get(key)
        if entry is not None:
            try:
                pattern = sre.compile(p, *entry)
            except (TypeError, ValueError, RuntimeError, OverflowError):
                pass
            else:
                cache.used.add(key)
                return pattern
        last = recorder.last
        last.args = None
        pattern = original(p, flags)
        args, last.args = last.args, None
        if args is not None and len(args) == 6 and args[0] is p:
            cache.record(key, args)
        return pattern

    compiler._sre = recorder
    compiler.compile = compile
    atexit.register(cache.save)
    _installed = cache
    return cache
