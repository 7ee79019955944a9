from __future__ import annotations

import asyncio
import itertools
import time

from jzcli.batch.politeness import MAX_CRAWL_DELAY, HostGate, RobotsPolicy, RobotsUnreachable
from jzcli.errors import ExitCode, FetchError


class FakeClock:
    """Virtual time: sleeping advances it, so spacing is checked without waiting."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)


def _starts(gate: HostGate, clock: FakeClock, urls: list[str]) -> list[tuple[str, float]]:
    starts: list[tuple[str, float]] = []

    async def one(url: str) -> None:
        async with gate.slot(url):
            starts.append((url, clock()))
            await asyncio.sleep(0)

    async def main() -> None:
        await asyncio.gather(*(one(u) for u in urls))

    asyncio.run(main())
    return starts


def test_starts_to_one_host_are_spaced_by_delay() -> None:
    clock = FakeClock()
    gate = HostGate(per_host=4, delay=0.5, clock=clock, sleep=clock.sleep)
    urls = [f"http://a.test/{i}" for i in range(5)] + [f"http://b.test/{i}" for i in range(2)]
    starts = _starts(gate, clock, urls)
    a = sorted(t for u, t in starts if u.startswith("http://a.test"))
    assert all(later - earlier >= 0.5 - 1e-9 for earlier, later in itertools.pairwise(a))


def test_in_flight_per_host_is_capped() -> None:
    async def main() -> int:
        gate = HostGate(per_host=2)

        async def one(i: int) -> None:
            async with gate.slot(f"http://a.test/{i}"):
                await asyncio.sleep(0.001)

        await asyncio.gather(*(one(i) for i in range(10)))
        return gate.peak_in_flight["http://a.test"]

    assert asyncio.run(main()) == 2


def test_retry_after_holds_the_whole_host() -> None:
    order: list[str] = []

    async def main() -> float:
        gate = HostGate(per_host=2)
        gate.defer("http://a.test/x", 0.2)
        began = time.monotonic()

        async def one(url: str) -> None:
            async with gate.slot(url):
                order.append(url)

        await asyncio.gather(one("http://a.test/1"), one("http://other.test/1"))
        return time.monotonic() - began

    waited = asyncio.run(main())
    assert order == ["http://other.test/1", "http://a.test/1"]
    assert waited >= 0.2


def test_robots_rules_and_crawl_delay_are_read_once() -> None:
    fetched: list[str] = []

    async def fetch(url: str) -> bytes:
        fetched.append(url)
        return b"User-agent: *\nDisallow: /private/\nCrawl-delay: 2\n"

    async def main() -> tuple[bool, bool, float]:
        gate = HostGate(per_host=2)
        robots = RobotsPolicy(fetch, "jz/0.1", gate)
        results = await asyncio.gather(
            robots.allowed("http://a.test/private/1.html"), robots.allowed("http://a.test/ok.html")
        )
        return results[0], results[1], gate._host("http://a.test/").delay

    private, ok, delay = asyncio.run(main())
    assert (private, ok, delay) == (False, True, 2.0)
    assert fetched == ["http://a.test/robots.txt"]


def _policy(
    answer: bytes | FetchError, notices: list[str] | None = None
) -> tuple[RobotsPolicy, HostGate, list[str]]:
    fetched: list[str] = []

    async def fetch(url: str) -> bytes:
        fetched.append(url)
        if isinstance(answer, FetchError):
            raise answer
        return answer

    gate = HostGate(per_host=1)
    notice = notices.append if notices is not None else None
    return RobotsPolicy(fetch, "jz/0.1 (+https://x.test/)", gate, notice=notice), gate, fetched


def test_longest_match_wins_and_wildcards_apply() -> None:
    rules = (
        b"User-agent: *\nDisallow: /news/\nAllow: /news/local/\n"
        b"Disallow: /news/local/*draft*.html$\nDisallow: /*.php$\n"
    )
    robots, _, _ = _policy(rules)

    async def verdicts(urls: list[str]) -> list[bool]:
        return [await robots.allowed("http://a.test" + u) for u in urls]

    got = asyncio.run(
        verdicts(
            [
                "/news/world/1.html",  # Disallow /news/
                "/news/local/1.html",  # the longer Allow wins over Disallow /news/
                "/news/local/2024/draft-1.html",  # the longer wildcard Disallow wins
                "/news/local/2024/draft-1.html?x=1",  # $ anchors the end: allowed
                "/show.php",
                "/show.php?id=1",
            ]
        )
    )
    assert got == [False, True, False, True, False, True]
    # A group naming jz's product token replaces the * group for jz.
    robots, _, _ = _policy(b"User-agent: *\nDisallow: /\n\nUser-agent: JZ\nDisallow: /jz-only/\n")
    assert asyncio.run(verdicts(["/news/1.html", "/jz-only/1.html"])) == [True, False]


def test_fractional_crawl_delay_and_request_rate() -> None:
    robots, gate, _ = _policy(b"User-agent: *\nCrawl-delay: 0.5\n")
    asyncio.run(robots.allowed("http://a.test/x"))
    assert gate._host("http://a.test/").delay == 0.5
    robots, gate, _ = _policy(b"User-agent: *\nRequest-rate: 1/4\n")
    asyncio.run(robots.allowed("http://a.test/x"))
    assert gate._host("http://a.test/").delay == 4.0


def test_crawl_delay_is_capped_with_one_notice_per_host() -> None:
    notices: list[str] = []
    robots, gate, _ = _policy(b"User-agent: *\nCrawl-delay: 86400\n", notices)

    async def main() -> None:
        for i in range(3):
            await robots.allowed(f"http://a.test/{i}")
        await robots.allowed("http://b.test/1")

    asyncio.run(main())
    assert gate._host("http://a.test/").delay == MAX_CRAWL_DELAY
    assert notices == [
        f"http://{h}/robots.txt asks for 86400s between requests; "
        f"jz waits {MAX_CRAWL_DELAY:g}s, its longest Crawl-delay"
        for h in ("a.test", "b.test")
    ]


def test_4xx_allows_everything_and_5xx_disallows_until_retried() -> None:
    missing = FetchError("404", ExitCode.HTTP_CLIENT, status=404)
    robots, _, fetched = _policy(missing)
    assert asyncio.run(robots.allowed("http://a.test/anything"))

    down = FetchError("the server answered 503", ExitCode.HTTP_SERVER, status=503)
    robots, _, fetched = _policy(down)

    async def twice() -> tuple[bool, bool]:
        return await robots.allowed("http://a.test/1"), await robots.allowed("http://a.test/2")

    assert asyncio.run(twice()) == (False, False)
    assert len(fetched) == 1  # not fetched again for every URL
    try:
        asyncio.run(robots.check("http://a.test/1"))
    except RobotsUnreachable as exc:
        assert exc.code == ExitCode.HTTP_SERVER
        assert "a.test/robots.txt could not be read" in str(exc)
    else:
        raise AssertionError("an unreachable robots.txt must not allow")
    assert robots.retry_unreachable() == 1
    assert not asyncio.run(robots.allowed("http://a.test/1"))
    assert len(fetched) == 2


def test_a_closed_host_fails_its_requests_at_once_with_the_reason() -> None:
    clock = FakeClock()
    gate = HostGate(per_host=1, clock=clock, sleep=clock.sleep)
    reason = FetchError("asked to wait 999999999 s", ExitCode.HTTP_SERVER, status=429)
    gate.close("http://a.test/1", reason)
    gate.close("http://a.test/2", FetchError("a later reason", ExitCode.HTTP_SERVER))
    entered: list[str] = []

    async def one(url: str) -> FetchError | None:
        try:
            async with gate.slot(url):
                entered.append(url)
        except FetchError as exc:
            return exc
        return None

    async def main() -> list[FetchError | None]:
        return list(await asyncio.gather(one("http://a.test/3"), one("http://b.test/1")))

    closed, other = asyncio.run(main())
    assert entered == ["http://b.test/1"]
    assert other is None
    assert closed is not None
    assert str(closed) == "asked to wait 999999999 s"  # the first reason stays
    assert (closed.code, closed.status, closed.url) == (
        ExitCode.HTTP_SERVER,
        429,
        "http://a.test/3",
    )
    assert clock.now == 100.0  # nothing waited


def test_a_request_waiting_for_its_host_fails_when_the_host_closes() -> None:
    async def main() -> FetchError | None:
        gate = HostGate(per_host=1)
        inside = asyncio.Event()
        release = asyncio.Event()

        async def first() -> None:
            async with gate.slot("http://a.test/1"):
                inside.set()
                await release.wait()

        async def second() -> FetchError | None:
            await inside.wait()
            try:
                async with gate.slot("http://a.test/2"):
                    return None
            except FetchError as exc:
                return exc

        task = asyncio.create_task(first())
        waiting = asyncio.create_task(second())
        await inside.wait()
        await asyncio.sleep(0)
        gate.close("http://a.test/1", FetchError("too long", ExitCode.HTTP_SERVER))
        release.set()
        await task
        return await waiting

    error = asyncio.run(main())
    assert error is not None and str(error) == "too long"
