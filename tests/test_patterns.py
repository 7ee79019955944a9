"""Patterns compiled on first use behave as compiled ones, and compile only when used."""

from __future__ import annotations

import re

from jzcli.patterns import lazy_compile, lazy_compile_bytes


def test_lazy_pattern_matches_as_a_compiled_one() -> None:
    source = r"(?P<han>[\u3400-\u9fff]+)|\d+"
    lazy, eager = lazy_compile(source, re.I), re.compile(source, re.I)
    text = "记者 2024 年报道 ABC"
    assert lazy.findall(text) == eager.findall(text)
    assert lazy.sub("-", text) == eager.sub("-", text)
    assert lazy.subn("-", text) == eager.subn("-", text)
    assert lazy.split(text) == eager.split(text)
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in eager.finditer(text)]
    assert lazy.match(text) is not None and lazy.fullmatch(text) is None
    assert (lazy.pattern, lazy.flags, lazy.groups) == (eager.pattern, eager.flags, eager.groups)
    assert lazy.groupindex == eager.groupindex


def test_compiles_on_first_use_only() -> None:
    lazy = lazy_compile(r"[\u4e00-\u9fff]")
    assert lazy._compiled is None  # type: ignore[attr-defined]
    assert lazy.pattern == r"[\u4e00-\u9fff]"  # the source needs no compiling
    assert lazy._compiled is None  # type: ignore[attr-defined]
    assert lazy.search("中") is not None
    compiled = lazy._compiled  # type: ignore[attr-defined]
    assert isinstance(compiled, re.Pattern)
    # Later calls go straight to the compiled pattern's own methods.
    assert lazy.search == compiled.search
    assert lazy.findall("中文") == ["中", "文"]


def test_bytes_patterns() -> None:
    lazy = lazy_compile_bytes(rb"charset=([\w-]+)", re.I)
    assert lazy.search(b'<meta CHARSET=gbk">').group(1) == b"gbk"
