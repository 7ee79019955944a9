"""Regular expressions compiled on first use instead of at import.

Compiling a pattern with large Unicode classes (`[\u3400-\u9fff]`) costs 1-8 ms in Python's
`re`; jz's modules hold over 150 such patterns, and most commands use only some of them on a
given input (`jz clean` on a Simplified page: a third). `lazy_compile` returns a stand-in
that compiles on the first method call and then hands out the compiled pattern's own bound
methods, so a hot loop pays one attribute lookup, as with a compiled pattern.
"""

from __future__ import annotations

import re
from typing import Any, cast

_METHODS = ("search", "match", "fullmatch", "findall", "finditer", "sub", "subn", "split")


class _LazyPattern:
    __slots__ = ("_source", "_flags", "_compiled", *_METHODS)

    def __init__(self, source: str | bytes, flags: int) -> None:
        self._source = source
        self._flags = flags
        self._compiled: re.Pattern[Any] | None = None
        for name in _METHODS:
            setattr(self, name, self._trampoline(name))

    def _trampoline(self, name: str) -> Any:
        def first_call(*args: Any, **kwargs: Any) -> Any:
            return getattr(self.compiled(), name)(*args, **kwargs)

        return first_call

    def compiled(self) -> re.Pattern[Any]:
        """The compiled pattern (compiled now if not yet)."""
        if self._compiled is None:
            self._compiled = re.compile(self._source, self._flags)
            for name in _METHODS:
                setattr(self, name, getattr(self._compiled, name))
        return self._compiled

    @property
    def pattern(self) -> str | bytes:
        return self._source

    @property
    def flags(self) -> int:
        return self.compiled().flags

    @property
    def groups(self) -> int:
        return self.compiled().groups

    @property
    def groupindex(self) -> Any:
        return self.compiled().groupindex

    def __repr__(self) -> str:
        return f"lazy_compile({self._source!r}, {self._flags})"


def lazy_compile(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, compiled when first used (for module-level patterns)."""
    return cast("re.Pattern[str]", _LazyPattern(pattern, int(flags)))


def lazy_compile_bytes(pattern: bytes, flags: int | re.RegexFlag = 0) -> re.Pattern[bytes]:
    """`re.compile` of a bytes pattern, compiled when first used."""
    return cast("re.Pattern[bytes]", _LazyPattern(pattern, int(flags)))
