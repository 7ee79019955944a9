from __future__ import annotations

import asyncio
import itertools
import time

from jzcli.batch.politeness import HostGate, RobotsPolicy


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

    async def fetch(url: str) -> bytes | None:
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


def test_missing_robots_allows_everything() -> None:
    async def fetch(url: str) -> bytes | None:
        return None

    robots = RobotsPolicy(fetch, "jz")
    assert asyncio.run(robots.allowed("http://a.test/anything"))
