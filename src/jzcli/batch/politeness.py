"""Per-host politeness: requests in flight, spacing between starts, Retry-After, robots.txt."""

from __future__ import annotations

import asyncio
import time
import urllib.robotparser
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit


def host_key(url: str) -> str:
    """scheme://host:port of a URL: the unit politeness is counted in."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


@dataclass
class _Host:
    limit: asyncio.Semaphore
    delay: float
    next_start: float = 0.0
    not_before: float = 0.0
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class HostGate:
    """The RequestGate the Fetcher enters around every request attempt.

    At most `per_host` requests in flight per host, request starts at least `delay` seconds
    apart (or the host's robots.txt Crawl-delay if larger), and after a Retry-After the
    whole host waits. Created per run and passed in; holds no global state.
    """

    def __init__(
        self,
        per_host: int = 2,
        delay: float = 0.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.per_host = max(1, per_host)
        self.delay = max(0.0, delay)
        self._clock = clock
        self._sleep = sleep
        self._hosts: dict[str, _Host] = {}
        self.in_flight = 0
        self.peak_in_flight: dict[str, int] = {}
        self._current: dict[str, int] = {}

    def _host(self, url: str) -> _Host:
        key = host_key(url)
        host = self._hosts.get(key)
        if host is None:
            host = _Host(asyncio.Semaphore(self.per_host), self.delay)
            self._hosts[key] = host
        return host

    def set_crawl_delay(self, url: str, seconds: float) -> None:
        """Space this host's request starts at least `seconds` apart (robots.txt Crawl-delay)."""
        host = self._host(url)
        host.delay = max(self.delay, seconds)

    def defer(self, url: str, seconds: float) -> None:
        """Hold every request to this host for `seconds` (a Retry-After)."""
        host = self._host(url)
        host.not_before = max(host.not_before, self._clock() + max(0.0, seconds))

    def slot(self, url: str) -> AbstractAsyncContextManager[None]:
        return self._slot(url)

    @asynccontextmanager
    async def _slot(self, url: str) -> AsyncIterator[None]:
        key = host_key(url)
        host = self._host(url)
        async with host.limit:
            async with host.lock:
                # Under the lock so starts are spaced one after another, not all at once.
                while True:
                    now = self._clock()
                    start = max(now, host.next_start, host.not_before)
                    if start <= now:
                        break
                    await self._sleep(start - now)
                host.next_start = start + host.delay
            self._current[key] = self._current.get(key, 0) + 1
            self.peak_in_flight[key] = max(self.peak_in_flight.get(key, 0), self._current[key])
            try:
                yield
            finally:
                self._current[key] -= 1


RobotsFetch = Callable[[str], Awaitable[bytes | None]]
"""Fetch a robots.txt URL: its body, or None when there is none (404, error)."""


class RobotsPolicy:
    """robots.txt of every host, fetched once per host per run, with its Crawl-delay."""

    def __init__(self, fetch: RobotsFetch, user_agent: str, gate: HostGate | None = None) -> None:
        self._fetch = fetch
        self._agent = user_agent
        self._gate = gate
        self._parsers: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def _parser(self, url: str) -> urllib.robotparser.RobotFileParser | None:
        key = host_key(url)
        if key in self._parsers:
            return self._parsers[key]
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            if key in self._parsers:
                return self._parsers[key]
            body = await self._fetch(key + "/robots.txt")
            parser: urllib.robotparser.RobotFileParser | None = None
            if body is not None:
                parser = urllib.robotparser.RobotFileParser()
                parser.parse(body.decode("utf-8", "replace").splitlines())
                delay = parser.crawl_delay(self._agent)
                if delay is not None and self._gate is not None:
                    self._gate.set_crawl_delay(url, float(delay))
            self._parsers[key] = parser
            return parser

    async def allowed(self, url: str) -> bool:
        """Whether robots.txt lets jz fetch this URL (no robots.txt: yes)."""
        parser = await self._parser(url)
        return True if parser is None else parser.can_fetch(self._agent, url)


__all__ = ["HostGate", "RobotsFetch", "RobotsPolicy", "host_key"]
