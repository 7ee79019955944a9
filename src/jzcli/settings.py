"""Settings passed explicitly to every stage; nothing in jz reads global state."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from jzcli import __version__

ScriptMode = Literal["auto", "simplified", "traditional", "keep"]

RequestLog = Callable[[str, str, "int | None", int, float], None]
"""Told about every HTTP exchange: method, URL, status (None: failed), body bytes, ms."""

DEFAULT_USER_AGENT = f"jz/{__version__} (+https://pypi.org/project/jzcli/)"


@dataclass(frozen=True)
class Settings:
    """What the per-article pipeline (decode, extract, repair, dedupe) may be told."""

    script: ScriptMode = "auto"
    """auto: restore Simplified only where the text shows Simplified->Traditional damage."""
    repair: bool = True
    dedupe: bool = True
    near_duplicates: bool = True
    similarity: float = 0.85
    """Paragraphs at least this similar (0..1) to an earlier one are near-duplicates."""
    rules_dirs: tuple[str, ...] = ()
    """Extra folders of site rule files (TOML), searched before the bundled rules."""
    use_rules: bool = True


@dataclass(frozen=True)
class FetchSettings:
    """How jz talks to web servers."""

    user_agent: str = DEFAULT_USER_AGENT
    headers: tuple[tuple[str, str], ...] = ()
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_redirects: int = 10
    retries: int = 3
    backoff: float = 0.5
    """First retry delay in seconds; doubles each attempt (Retry-After wins when given)."""
    max_retry_after: float = 120.0
    max_bytes: int = 20 * 1024 * 1024
    """Cap on the decompressed body, enforced while streaming."""
    http2: bool = True
    max_pages: int = 10
    """Most pages one multi-page article may join."""
    verify_tls: bool = True
    cookies: tuple[tuple[str, str, str, str], ...] = ()
    """(domain, path, name, value) sent to matching hosts, e.g. from a cookies.txt file."""
    request_log: RequestLog | None = field(default=None, compare=False, repr=False)
    """Called after every request (the CLI's -v/--verbose log); None: nothing is logged."""
