"""Fetcher against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import gzip
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest

from jzcli import __version__
from jzcli.errors import ExitCode, FetchError
from jzcli.fetch import Fetcher, fetch_page
from jzcli.fetch.client import _within
from jzcli.models import Page
from jzcli.settings import FetchSettings
from tests.support.server import LocalServer, Reply, closed_port, redirect, sequence

HTML = b"<!doctype html><html><head><title>t</title></head><body><p>Hello.</p></body></html>"
HTML_TYPE = {"Content-Type": "text/html; charset=utf-8"}
# Short timeouts and backoffs keep the suite fast on a shared machine.
FAST = FetchSettings(
    retries=2, backoff=0.01, connect_timeout=2.0, read_timeout=3.0, max_retry_after=0.05
)


def get(url: str, settings: FetchSettings = FAST, **kwargs: Any) -> Page:
    async def run() -> Page:
        async with Fetcher(settings, **kwargs) as fetcher:
            return await fetcher.fetch(url)

    return asyncio.run(run())


def failure(url: str, settings: FetchSettings = FAST, **kwargs: Any) -> FetchError:
    with pytest.raises(FetchError) as info:
        get(url, settings, **kwargs)
    message = str(info.value)
    assert "\n" not in message
    assert info.value.url == url
    return info.value


class RecordingGate:
    """A RequestGate that remembers what it was asked."""

    def __init__(self) -> None:
        self.slots: list[str] = []
        self.deferred: list[tuple[str, float]] = []
        self.closed: list[tuple[str, FetchError]] = []
        self.active = 0

    @asynccontextmanager
    async def _slot(self, url: str) -> AsyncIterator[None]:
        self.slots.append(url)
        self.active += 1
        try:
            yield
        finally:
            self.active -= 1

    def slot(self, url: str) -> Any:
        return self._slot(url)

    def defer(self, url: str, seconds: float) -> None:
        self.deferred.append((url, seconds))

    def close(self, url: str, error: FetchError) -> None:
        self.closed.append((url, error))


def test_fetch_returns_page_with_lowercase_headers(server: LocalServer) -> None:
    server.route("/a.html", Reply(HTML, headers={"Content-Type": "text/html", "X-Thing": "1"}))
    page = get(server.url("/a.html"))
    assert page.status == 200
    assert page.content == HTML
    assert page.kind == "html"
    assert page.url == page.final_url == server.url("/a.html")
    assert page.headers["x-thing"] == "1"
    assert page.content_type == "text/html"


def test_user_agent_names_jz_and_extra_headers_are_sent(server: LocalServer) -> None:
    server.route("/a.html", Reply(HTML, headers=HTML_TYPE))
    settings = FetchSettings(headers=(("Cookie", "sid=1"),), retries=0)

    async def run() -> None:
        async with Fetcher(settings) as fetcher:
            await fetcher.fetch(server.url("/a.html"), headers={"X-Extra": "yes"})

    asyncio.run(run())
    sent = server.log[-1].headers
    assert sent["user-agent"].startswith(f"jz/{__version__}")
    assert sent["cookie"] == "sid=1"
    assert sent["x-extra"] == "yes"
    assert "gzip" in sent["accept-encoding"]


def test_plain_text_is_kind_text(server: LocalServer) -> None:
    server.route("/a.txt", Reply("正文。".encode(), headers={"Content-Type": "text/plain"}))
    assert get(server.url("/a.txt")).kind == "text"


def test_redirects_are_followed_and_final_url_kept(server: LocalServer) -> None:
    server.route("/old", redirect("/mid", 301))
    server.route("/mid", redirect(server.url("/new.html"), 302))
    server.route("/new.html", Reply(HTML, headers=HTML_TYPE))
    gate = RecordingGate()
    recorded: list[int] = []
    page = get(
        server.url("/old"),
        gate=gate,
        recorder=lambda req, resp, body: recorded.append(resp.status_code),
    )
    assert page.url == server.url("/old")
    assert page.final_url == server.url("/new.html")
    # Every hop goes through the gate and is recorded.
    assert gate.slots == [server.url("/old"), server.url("/mid"), server.url("/new.html")]
    assert recorded == [301, 302, 200]


def test_redirect_loop_is_reported(server: LocalServer) -> None:
    server.route("/a", redirect("/b"))
    server.route("/b", redirect("/a"))
    error = failure(server.url("/a"))
    assert error.code is ExitCode.TOO_MANY_REDIRECTS
    assert "redirect loop" in str(error)


def test_too_many_redirects(server: LocalServer) -> None:
    for i in range(5):
        server.route(f"/r{i}", redirect(f"/r{i + 1}"))
    server.route("/r5", Reply(HTML, headers=HTML_TYPE))
    settings = FetchSettings(max_redirects=3, retries=0)
    error = failure(server.url("/r0"), settings)
    assert error.code is ExitCode.TOO_MANY_REDIRECTS
    assert "too many redirects" in str(error)
    # Within the limit it works.
    assert get(server.url("/r2"), settings).final_url == server.url("/r5")


def test_gzip_body_is_decompressed(server: LocalServer) -> None:
    server.route("/g", Reply(HTML, headers=HTML_TYPE, gzip=True))
    page = get(server.url("/g"))
    assert page.content == HTML
    assert page.headers["content-encoding"] == "gzip"


def test_brotli_body_is_decompressed(server: LocalServer) -> None:
    server.route("/b", Reply(HTML, headers=HTML_TYPE, brotli=True))
    assert get(server.url("/b")).content == HTML


def test_slow_answer_times_out_after_retries(server: LocalServer) -> None:
    server.route("/slow", Reply(HTML, headers=HTML_TYPE, delay=1.0))
    settings = FetchSettings(retries=1, backoff=0.01, read_timeout=0.2)
    error = failure(server.url("/slow"), settings)
    assert error.code is ExitCode.TIMEOUT
    assert "--timeout" in str(error)
    assert server.hits("/slow") == 2


def test_429_honours_retry_after_and_tells_the_gate(server: LocalServer) -> None:
    server.route(
        "/busy",
        sequence(
            Reply(b"slow down", 429, {"Retry-After": "0.04", "Content-Type": "text/plain"}),
            Reply(HTML, headers=HTML_TYPE),
        ),
    )
    gate = RecordingGate()
    page = get(server.url("/busy"), gate=gate)
    assert page.status == 200
    assert server.hits("/busy") == 2
    # A wait within max_retry_after (0.05 s here) is waited, by the whole host.
    assert gate.deferred == [(server.url("/busy"), 0.04)]
    assert gate.closed == []
    assert len(gate.slots) == 2
    assert gate.active == 0


@pytest.mark.parametrize(
    ("status", "retry_after", "asked"),
    [
        (429, "999999999", "999999999 s"),
        (503, "Fri, 01 Jan 2100 00:00:00 GMT", "s before trying again"),
        (429, "30", "30 s"),
    ],
)
def test_retry_after_beyond_the_cap_fails_at_once_and_closes_the_host(
    server: LocalServer, status: int, retry_after: str, asked: str
) -> None:
    server.route(
        "/busy",
        sequence(
            Reply(b"later", status, {"Retry-After": retry_after, "Content-Type": "text/plain"}),
            Reply(HTML, headers=HTML_TYPE),
        ),
    )
    gate = RecordingGate()
    error = failure(server.url("/busy"), gate=gate)
    # No sleeping the cap and asking again: the server said when, and it is past the cap.
    assert server.hits("/busy") == 1
    assert error.code is ExitCode.HTTP_SERVER
    assert error.status == status
    message = str(error)
    assert f"HTTP {status}" in message and asked in message
    assert f"cap of {FAST.max_retry_after:g} s" in message
    assert gate.closed == [(server.url("/busy"), error)]
    assert gate.deferred == []
    assert gate.active == 0


def test_retry_after_beyond_the_cap_without_a_gate_fails_at_once(server: LocalServer) -> None:
    server.route(
        "/busy",
        Reply(b"later", 503, {"Retry-After": "999999999", "Content-Type": "text/plain"}),
    )
    error = failure(server.url("/busy"))
    assert error.code is ExitCode.HTTP_SERVER
    assert server.hits("/busy") == 1


def test_429_for_good_is_an_http_server_error(server: LocalServer) -> None:
    server.route("/busy", Reply(b"no", 429, {"Retry-After": "0", "Content-Type": "text/plain"}))
    error = failure(server.url("/busy"))
    assert error.code is ExitCode.HTTP_SERVER
    assert error.status == 429
    assert server.hits("/busy") == FAST.retries + 1


def test_500_then_success(server: LocalServer) -> None:
    server.route("/flaky", sequence(Reply(b"oops", 500), Reply(HTML, headers=HTML_TYPE)))
    page = get(server.url("/flaky"))
    assert page.status == 200 and page.content == HTML
    assert server.hits("/flaky") == 2


def test_persistent_500_is_http_server_error(server: LocalServer) -> None:
    server.route("/down", Reply(b"oops", 503))
    error = failure(server.url("/down"))
    assert error.code is ExitCode.HTTP_SERVER
    assert error.status == 503
    assert "try again later" in str(error)
    assert server.hits("/down") == FAST.retries + 1


def test_404_is_client_error_without_retry(server: LocalServer) -> None:
    error = failure(server.url("/missing"))
    assert error.code is ExitCode.HTTP_CLIENT
    assert error.status == 404
    assert "404" in str(error) and "Check the URL" in str(error)
    assert server.hits("/missing") == 1


def test_304_returns_empty_page(server: LocalServer) -> None:
    server.route("/same", Reply(b"", 304, {"ETag": '"x"'}))

    async def run() -> Page:
        async with Fetcher(FAST) as fetcher:
            return await fetcher.fetch(server.url("/same"), headers={"If-None-Match": '"x"'})

    page = asyncio.run(run())
    assert page.status == 304 and page.content == b""
    assert server.log[-1].headers["if-none-match"] == '"x"'


def test_truncated_body_is_network_error_after_retries(server: LocalServer) -> None:
    server.route("/cut", Reply(HTML * 50, headers=HTML_TYPE, truncate_to=100))
    error = failure(server.url("/cut"))
    assert error.code is ExitCode.NETWORK
    assert "closed the connection" in str(error)
    assert server.hits("/cut") == FAST.retries + 1


def test_truncated_then_complete_succeeds(server: LocalServer) -> None:
    server.route(
        "/cut",
        sequence(
            Reply(HTML * 50, headers=HTML_TYPE, truncate_to=100), Reply(HTML, headers=HTML_TYPE)
        ),
    )
    assert get(server.url("/cut")).content == HTML


def test_oversized_body_is_refused(server: LocalServer) -> None:
    server.route("/big", Reply(b"<html>" + b"x" * 5000, headers=HTML_TYPE))
    settings = FetchSettings(max_bytes=1000, retries=2)
    error = failure(server.url("/big"), settings)
    assert error.code is ExitCode.TOO_LARGE
    assert "--max-bytes" in str(error)
    assert server.hits("/big") == 1  # not retried


def test_gzip_bomb_is_refused_on_decompressed_size(server: LocalServer) -> None:
    bomb = b"<html><body>" + b"\0" * 3_000_000
    assert len(gzip.compress(bomb)) < 10_000
    server.route("/bomb", Reply(bomb, headers=HTML_TYPE, gzip=True))
    error = failure(server.url("/bomb"), FetchSettings(max_bytes=100_000, retries=0))
    assert error.code is ExitCode.TOO_LARGE


def test_body_just_under_the_cap_is_fine(server: LocalServer) -> None:
    body = b"<html>" + b"a" * 994
    server.route("/ok", Reply(body, headers=HTML_TYPE, gzip=True))
    assert get(server.url("/ok"), FetchSettings(max_bytes=1000, retries=0)).content == body


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/pdf", b"%PDF-1.7\n..."),
        ("text/html", b"%PDF-1.4 mislabelled"),
        ("application/octet-stream", b"%PDF-1.4"),
        ("", b"\x89PNG\r\n\x1a\n\0\0"),
        ("image/jpeg", b"\xff\xd8\xff\xe0"),
        ("application/zip", b"PK\x03\x04rest"),
        ("application/json", b'{"a": 1}'),
    ],
)
def test_unsupported_types_are_refused(server: LocalServer, content_type: str, body: bytes) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    server.route("/file", Reply(body, headers=headers))
    error = failure(server.url("/file"))
    assert error.code is ExitCode.UNSUPPORTED_TYPE
    assert "not HTML or text" in str(error)


def test_generic_type_is_sniffed(server: LocalServer) -> None:
    server.route("/x", Reply(HTML, headers={"Content-Type": "application/octet-stream"}))
    server.route("/y", Reply("纯文本。".encode(), headers={}))
    assert get(server.url("/x")).kind == "html"
    assert get(server.url("/y")).kind == "text"


def test_accept_any_returns_other_types(server: LocalServer) -> None:
    server.route("/doc.pdf", Reply(b"%PDF-1.7", headers={"Content-Type": "application/pdf"}))

    async def run() -> Page:
        async with Fetcher(FAST) as fetcher:
            return await fetcher.fetch(server.url("/doc.pdf"), accept_any=True)

    assert asyncio.run(run()).content == b"%PDF-1.7"


def test_refused_connection_is_network_error() -> None:
    url = f"http://127.0.0.1:{closed_port()}/a.html"
    error = failure(url, FetchSettings(retries=1, backoff=0.01))
    assert error.code is ExitCode.NETWORK
    assert "connection refused" in str(error)


def test_unknown_host_is_network_error() -> None:
    error = failure("http://no-such-host.invalid/news.html")
    assert error.code is ExitCode.NETWORK
    assert str(error).startswith("cannot resolve host no-such-host.invalid.")


def test_connect_error_from_transport() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("boom", request=request)

    error = failure("http://example.com/", transport=httpx.MockTransport(refuse))
    assert error.code is ExitCode.NETWORK
    assert "example.com" in str(error)


def test_tls_failure_is_tls_error() -> None:
    import ssl

    def broken(request: httpx.Request) -> httpx.Response:
        try:
            raise ssl.SSLCertVerificationError(1, "[SSL: CERTIFICATE_VERIFY_FAILED] bad cert")
        except ssl.SSLError as exc:
            raise httpx.ConnectError(str(exc), request=request) from exc

    error = failure("https://example.com/", transport=httpx.MockTransport(broken))
    assert error.code is ExitCode.TLS
    assert "--insecure" in str(error)


@pytest.mark.parametrize(
    "url",
    ["ftp://example.com/file", "http://", "https://[::1", "mailto:a@b.c", "http://x.org:99999/"],
)
def test_invalid_url_is_input_error(url: str) -> None:
    error = failure(url)
    assert error.code is ExitCode.INPUT
    assert "http:// or https://" in str(error)


def test_fetch_page_sync_wrapper(server: LocalServer) -> None:
    server.route("/a.html", Reply(HTML, headers=HTML_TYPE))
    assert fetch_page(server.url("/a.html"), FAST).content == HTML


def test_concurrent_fetches_share_one_fetcher(server: LocalServer) -> None:
    for i in range(6):
        server.route(f"/p{i}", Reply(HTML + str(i).encode(), headers=HTML_TYPE, delay=0.05))

    async def run() -> list[Page]:
        async with Fetcher(FAST) as fetcher:
            return list(
                await asyncio.gather(*(fetcher.fetch(server.url(f"/p{i}")) for i in range(6)))
            )

    pages = asyncio.run(run())
    assert [p.content[-1:] for p in pages] == [str(i).encode() for i in range(6)]


def test_proxy_from_environment(server: LocalServer, monkeypatch: pytest.MonkeyPatch) -> None:
    # The local server plays the proxy: it receives the absolute URL and serves its path.
    server.route("/via-proxy.html", Reply(HTML, headers=HTML_TYPE))
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", server.base)
    monkeypatch.setenv("http_proxy", server.base)
    page = get("http://news.example.test/via-proxy.html")
    assert page.content == HTML
    assert page.final_url == "http://news.example.test/via-proxy.html"
    assert server.log[-1].headers["host"] == "news.example.test"


def test_trickling_body_hits_the_total_timeout(
    server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each chunk arrives well within read_timeout, but the whole body takes far longer.
    monkeypatch.setattr("jzcli.fetch.client.total_timeout", lambda settings: 0.4)
    body = b"<html><body>" + b"x" * (16384 * 40)
    server.route("/trickle", Reply(body, headers=HTML_TYPE, chunk_delay=0.05))
    settings = FetchSettings(retries=0, read_timeout=5.0)
    error = failure(server.url("/trickle"), settings)
    assert error.code is ExitCode.TIMEOUT
    assert "took more than 0.4s" in str(error)


def test_total_timeout_grows_with_read_timeout() -> None:
    from jzcli.fetch.client import total_timeout

    assert total_timeout(FetchSettings(connect_timeout=10, read_timeout=30)) == 310
    assert total_timeout(FetchSettings(connect_timeout=1, read_timeout=1)) == 11


def test_gzipped_html_without_content_encoding_is_inflated(server: LocalServer) -> None:
    server.route("/gz", Reply(gzip.compress(HTML), headers=HTML_TYPE))
    assert get(server.url("/gz")).content == HTML
    # A real archive is still refused.
    server.route("/a.gz", Reply(gzip.compress(HTML), headers={"Content-Type": "application/gzip"}))
    assert failure(server.url("/a.gz")).code is ExitCode.UNSUPPORTED_TYPE


def test_a_header_section_of_megabytes_is_refused_at_once(server: LocalServer) -> None:
    # A header section no web page needs (httpcore stops reading at 100 KB): the same answer
    # on every try, so it is not retried, and the message says what was wrong.
    server.route("/headers", Reply(HTML, headers={**HTML_TYPE, "X-Junk": "a" * 2_000_000}))
    error = failure(server.url("/headers"))
    assert error.code is ExitCode.NETWORK
    assert "header section larger than 100 KB" in str(error)
    assert "buffer" not in str(error)
    assert server.hits("/headers") == 1


def test_a_cancellation_as_the_response_arrives_is_not_lost() -> None:
    # Ctrl-C cancels a batch worker in the loop turn its response arrives in. asyncio.wait_for
    # (Python 3.11 and before) returned the response instead, and the worker went on to its
    # next URL while the stop waited for it: a Ctrl-C that hung.
    async def scenario() -> str:
        response: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        task = asyncio.create_task(_within(response, 60))
        for _ in range(3):
            await asyncio.sleep(0)  # the task waits for the response
        response.set_result("page")
        task.cancel()
        try:
            return await task
        except asyncio.CancelledError:
            return "cancelled"

    assert asyncio.run(scenario()) == "cancelled"


def test_within_times_out_and_cancels_what_it_waited_for() -> None:
    async def scenario() -> tuple[bool, bool]:
        never: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        with pytest.raises(asyncio.TimeoutError):
            await _within(never, 0.01)
        return never.cancelled(), await _within(asyncio.sleep(0, True), 60)

    assert asyncio.run(scenario()) == (True, True)
