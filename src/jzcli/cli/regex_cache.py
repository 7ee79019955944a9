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
programs that import jz's Python API keep their `re` untouched. On Pythons whose `re`
compiler is not laid out as in CPython 3.10-3.13, nothing is installed.
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

_FORMAT = 1
# A file past this many patterns keeps only the ones the writing run used.
MAX_ENTRIES = 4096

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
        self.used: set[_Key] = set()
        self.added = 0
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

    def save(self) -> None:
        """Write the file if this run compiled a pattern it lacked (at exit)."""
        if self.path is None or not self.added or sys.dont_write_bytecode:
            return
        with self.lock:
            entries = self.entries
            if len(entries) > MAX_ENTRIES:
                entries = {k: v for k, v in entries.items() if k in self.used}
            blob = marshal.dumps((self.header, entries))
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
        if not isinstance(p, (str, bytes)) or flags & debug:
            return original(p, flags)
        key = (p, int(flags))
        entry = cache.entries.get(key)
        if entry is not None:
            try:
                pattern = sre.compile(p, *entry)
            except (TypeError, ValueError, RuntimeError, OverflowError):
                pass
            else:
                cache.used.add(key)
                return pattern
        with cache.lock:
            pattern = original(p, flags)
            args = recorder.last.__dict__.pop("args", None)
            if args is not None and len(args) == 6 and args[0] is p:
                # The compiler's opcodes are int subclasses, which marshal does not take.
                _, final_flags, code, groups, groupindex, indexgroup = args
                cache.entries[key] = (
                    int(final_flags),
                    [int(c) for c in code],
                    int(groups),
                    dict(groupindex),
                    tuple(indexgroup),
                )
                cache.used.add(key)
                cache.added += 1
        return pattern

    compiler._sre = recorder
    compiler.compile = compile
    atexit.register(cache.save)
    _installed = cache
    return cache
