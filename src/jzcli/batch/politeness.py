"""Per-host politeness: requests in flight, spacing between starts, Retry-After, robots.txt."""

from __future__ import annotations

import asyncio
import contextvars
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from protego import Protego  # type: ignore[import-untyped,unused-ignore]

from jzcli.errors import ExitCode, FetchError

MAX_CRAWL_DELAY = 30.0
"""Longest Crawl-delay obeyed: a site asking for more gets this (and a warning)."""
ROBOTS_MAX_BYTES = 512 * 1024
"""robots.txt is read up to this size, the rest ignored (RFC 9309 asks for at least 500 KiB)."""

# Set while a robots.txt is being fetched, so its own requests are not checked against it.
_FETCHING_ROBOTS: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "jz_fetching_robots", default=False
)


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
    closed: FetchError | None = None
    """Set when the host asked to wait longer than jz's cap: its requests fail at once."""
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class HostGate:
    """The RequestGate the Fetcher enters around every request attempt.

    At most `per_host` requests in flight per host, request starts at least `delay` seconds
    apart (or the host's robots.txt Crawl-delay if larger), and after a Retry-After the
    whole host waits (one longer than jz's cap closes the host for the run: `close`).
    Created per run and passed in; holds no global state.
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
        self.robots: RobotsPolicy | None = None
        """When set, every request (redirect hops and continuation pages too) is checked."""

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

    def close(self, url: str, error: FetchError) -> None:
        """Fail every later request to this host with `error`'s reason (a Retry-After too long)."""
        host = self._host(url)
        if host.closed is None:
            host.closed = error

    def _refuse_if_closed(self, host: _Host, url: str) -> None:
        if host.closed is not None:
            raise FetchError(str(host.closed), host.closed.code, url=url, status=host.closed.status)

    def slot(self, url: str) -> AbstractAsyncContextManager[None]:
        return self._slot(url)

    @asynccontextmanager
    async def _slot(self, url: str) -> AsyncIterator[None]:
        self._refuse_if_closed(self._host(url), url)
        if self.robots is not None and not _FETCHING_ROBOTS.get():
            await self.robots.check(url)
        key = host_key(url)
        host = self._host(url)
        async with host.limit:
            async with host.lock:
                # Under the lock so starts are spaced one after another, not all at once.
                while True:
                    self._refuse_if_closed(host, url)
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


RobotsFetch = Callable[[str], Awaitable[bytes]]
"""Fetch a robots.txt URL: the body of a 2xx answer, or FetchError (its code says how it failed)."""

# Failures that mean "there is no robots.txt" (RFC 9309: 4xx, and too many redirects).
_NO_ROBOTS = frozenset(
    {
        ExitCode.HTTP_CLIENT,
        ExitCode.TOO_MANY_REDIRECTS,
        ExitCode.INPUT,
        ExitCode.UNSUPPORTED_TYPE,
        ExitCode.TOO_LARGE,
    }
)


class RobotsDenied(FetchError):
    """robots.txt disallows this URL for jz's user agent."""

    code = ExitCode.HTTP_CLIENT


class RobotsUnreachable(FetchError):
    """robots.txt could not be read (5xx, network): nothing may be fetched from the host yet."""


@dataclass
class _Rules:
    parser: Protego | None
    """None: everything is allowed (no robots.txt, a 4xx)."""
    failure: FetchError | None = None
    """Set while robots.txt is unreachable: the host is closed until it is read."""


class RobotsPolicy:
    """robots.txt of every host per RFC 9309, read once per host per run.

    2xx: its rules (longest match wins, `*` and `$` wildcards, the first ROBOTS_MAX_BYTES),
    with its Crawl-delay (or Request-rate) capped at MAX_CRAWL_DELAY. 4xx or too many
    redirects: everything allowed. 5xx or unreachable: everything disallowed until
    `retry_unreachable()` lets the next check read it again.
    """

    def __init__(
        self,
        fetch: RobotsFetch,
        user_agent: str,
        gate: HostGate | None = None,
        *,
        notice: Callable[[str], None] | None = None,
    ) -> None:
        self._fetch = fetch
        self._agent = user_agent
        self._gate = gate
        self._notice = notice
        self._rules: dict[str, _Rules] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def _rules_for(self, url: str) -> _Rules:
        key = host_key(url)
        rules = self._rules.get(key)
        if rules is not None:
            return rules
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            rules = self._rules.get(key)
            if rules is None:
                rules = await self._read(key)
                self._rules[key] = rules
            return rules

    async def _read(self, key: str) -> _Rules:
        token = _FETCHING_ROBOTS.set(True)
        try:
            body = await self._fetch(key + "/robots.txt")
        except FetchError as exc:
            if exc.code in _NO_ROBOTS:
                return _Rules(None)
            return _Rules(None, exc)
        finally:
            _FETCHING_ROBOTS.reset(token)
        parser = Protego.parse(body[:ROBOTS_MAX_BYTES].decode("utf-8", "replace"))
        self._apply_delay(key, parser)
        return _Rules(parser)

    def _apply_delay(self, key: str, parser: Protego) -> None:
        delay = float(parser.crawl_delay(self._agent) or 0.0)
        rate = parser.request_rate(self._agent)
        if rate is not None and rate.requests > 0:
            delay = max(delay, rate.seconds / rate.requests)
        if not delay > 0:  # also NaN
            return
        if delay > MAX_CRAWL_DELAY:
            if self._notice is not None:
                self._notice(
                    f"{key}/robots.txt asks for {delay:g}s between requests; "
                    f"jz waits {MAX_CRAWL_DELAY:g}s, its longest Crawl-delay"
                )
            delay = MAX_CRAWL_DELAY
        if self._gate is not None:
            self._gate.set_crawl_delay(key, delay)

    async def check(self, url: str) -> None:
        """Return if robots.txt lets jz fetch `url`; else RobotsDenied or RobotsUnreachable."""
        rules = await self._rules_for(url)
        host = urlsplit(url).netloc
        if rules.failure is not None:
            raise RobotsUnreachable(
                f"{host}/robots.txt could not be read ({rules.failure}); "
                "nothing is fetched from a host until its robots.txt can be read. "
                "Try again later, or use --ignore-robots only if you have permission",
                rules.failure.code,
                url=url,
                status=rules.failure.status,
            )
        if rules.parser is not None and not rules.parser.can_fetch(url, self._agent):
            raise RobotsDenied(f"{url} is disallowed by {host}/robots.txt", url=url)

    async def allowed(self, url: str) -> bool:
        """Whether jz may fetch `url` now (False too while robots.txt is unreachable)."""
        try:
            await self.check(url)
        except FetchError:
            return False
        return True

    def retry_unreachable(self) -> int:
        """Forget the hosts whose robots.txt was unreachable, so they are tried again."""
        hosts = [key for key, rules in self._rules.items() if rules.failure is not None]
        for key in hosts:
            del self._rules[key]
        return len(hosts)


__all__ = [
    "MAX_CRAWL_DELAY",
    "ROBOTS_MAX_BYTES",
    "HostGate",
    "RobotsDenied",
    "RobotsFetch",
    "RobotsPolicy",
    "RobotsUnreachable",
    "host_key",
]
