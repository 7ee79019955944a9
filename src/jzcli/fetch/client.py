"""Fetch web pages politely and robustly; the only module (with its helpers) that speaks HTTP."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable, Mapping
from contextlib import AbstractAsyncContextManager
from types import TracebackType
from typing import Protocol, TypeVar
from urllib.parse import urljoin, urlsplit

import httpx

from jzcli.errors import ExitCode, FetchError

# The multi-page functions live in article.py; importable from here as the contract says.
from jzcli.fetch.article import fetch_article, follow_pages, follow_refresh
from jzcli.fetch.content import classify, kind_from_header, rejected_by_header
from jzcli.fetch.decoding import (
    ACCEPT_ENCODING,
    BadEncoding,
    BodyTooLarge,
    BoundedDecoder,
    Truncated,
)
from jzcli.fetch.failures import describe_status, translate_error
from jzcli.fetch.retry import RETRY_STATUSES, backoff_delay, parse_retry_after
from jzcli.models import Page
from jzcli.settings import FetchSettings

T = TypeVar("T")


class RequestGate(Protocol):
    """Per-host politeness, owned by the batch layer and passed in (never module-global)."""

    def slot(self, url: str) -> AbstractAsyncContextManager[None]:
        """Entered around every single HTTP request attempt (each retry, redirect, page)."""
        ...

    def defer(self, url: str, seconds: float) -> None:
        """Told when a response carries Retry-After, so the whole host waits."""
        ...

    def close(self, url: str, error: FetchError) -> None:
        """Told when a server asks to wait longer than jz's cap: the host is done for this run."""
        ...


Recorder = Callable[[httpx.Request, httpx.Response, bytes], None]
"""Called once per completed response with its decompressed body (e.g. to write WARC records)."""

_ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"


class _Retry(Exception):
    """An attempt failed in a way worth trying again."""

    def __init__(self, error: FetchError, wait: float | None = None) -> None:
        super().__init__(str(error))
        self.error = error
        self.wait = wait


def _failure(exc: httpx.HTTPError, url: str, settings: FetchSettings) -> Exception:
    error, retryable = translate_error(exc, url, settings)
    return _Retry(error) if retryable else error


def total_timeout(settings: FetchSettings) -> float:
    """Seconds one request may take in all, so a server trickling bytes cannot hold a worker."""
    # read_timeout bounds each silence; this bounds the sum (20 MB at 70 KB/s fits the default).
    return settings.connect_timeout + 10 * settings.read_timeout


async def _within(send: Awaitable[T], seconds: float) -> T:
    """`send`'s outcome, or asyncio.TimeoutError (`send` cancelled) after `seconds`.

    Not asyncio.wait_for: up to Python 3.11 it returns the result when the awaiting task is
    cancelled in the loop turn that `send` ends in, and the cancellation is lost. A batch
    worker whose response came with Ctrl-C then went on to its next URL, and the stop,
    which waits for every worker, waited with it (for ever, on a server holding a reply).
    """
    task = asyncio.ensure_future(send)
    try:
        done, _ = await asyncio.wait({task}, timeout=seconds)
    except asyncio.CancelledError:
        task.cancel()
        await asyncio.wait({task})  # it no longer runs once its caller is gone
        if not task.cancelled():
            task.exception()  # its outcome is not wanted: retrieved, so never logged
        raise
    if not done:
        task.cancel()
        await asyncio.wait({task})
        try:
            return task.result()  # it ended on its own meanwhile
        except asyncio.CancelledError:
            raise asyncio.TimeoutError from None
    return task.result()


def _bad_url(url: str, why: str) -> FetchError:
    return FetchError(
        f"not a web address jz can fetch ({why}). Give a full http:// or https:// URL.",
        ExitCode.INPUT,
        url=url,
    )


def url_problem(url: str) -> str | None:
    """Why `url` is not an absolute http(s) URL with a host and a usable port; None if it is."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        return str(exc)
    if parts.scheme.lower() not in ("http", "https"):
        return f"scheme {parts.scheme + ':' if parts.scheme else 'missing'}"
    if not parts.hostname:
        return "no host name"
    if port == 0:
        return "port 0"
    return None


def check_url(url: str) -> None:
    """Raise FetchError(INPUT) unless `url` is an absolute http(s) URL with a host."""
    why = url_problem(url)
    if why is not None:
        raise _bad_url(url, why)


class _BadRedirect(Exception):
    """A redirect's Location is no address jz can fetch (raised before httpx builds the hop)."""

    def __init__(self, location: str, why: str, status: int) -> None:
        super().__init__(why)
        self.location = location
        self.why = why
        self.status = status


async def _check_redirect(response: httpx.Response) -> None:
    """Response hook: refuse a redirect to `javascript:`, `file:`, a port out of range…

    httpx would otherwise fail building the next request, or the socket layer connecting it,
    with errors that are not HTTP errors.
    """
    if not response.has_redirect_location:
        return
    location = response.headers["location"]
    try:
        target = urljoin(str(response.request.url), location)
    except ValueError as exc:
        raise _BadRedirect(location, str(exc), response.status_code) from None
    why = url_problem(target)
    if why is not None:
        raise _BadRedirect(location, why, response.status_code)


def _redirect_error(url: str, exc: _BadRedirect) -> FetchError:
    if exc.why.startswith("scheme "):
        return FetchError(
            f"{url} redirects to {exc.location!r}, which is not a web address: "
            "jz follows redirects to http:// and https:// only.",
            ExitCode.INPUT,
            url=url,
            status=exc.status,
        )
    return FetchError(
        f"{url} redirects to {exc.location!r}, which is not an address jz can fetch "
        f"({exc.why}). Open the URL in a browser to see where it leads.",
        ExitCode.INPUT,
        url=url,
        status=exc.status,
    )


def _cut_short(url: str, status: int) -> FetchError:
    return FetchError(
        "the page's compressed body was cut short (its gzip, deflate or brotli stream ends "
        "before its end mark: the end of the page is missing). Try again later.",
        ExitCode.NETWORK,
        url=url,
        status=status,
    )


def _http2_available() -> bool:
    try:
        import h2  # noqa: F401
    except ImportError:
        return False
    return True


def _format_size(n: int) -> str:
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= size:
            value = n / size
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{n} bytes"


class Fetcher:
    """An HTTP client for article pages: one connection pool, shared by every fetch."""

    def __init__(
        self,
        settings: FetchSettings | None = None,
        *,
        gate: RequestGate | None = None,
        recorder: Recorder | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.settings = settings or FetchSettings()
        self._gate = gate
        self._recorder = recorder
        self._transport = transport
        self._client: httpx.AsyncClient | None = None

    async def __aenter__(self) -> Fetcher:
        self._ensure_client()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool."""
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    def _ensure_client(self) -> httpx.AsyncClient:
        if self._client is None:
            s = self.settings
            headers = {
                "User-Agent": s.user_agent,
                "Accept": _ACCEPT,
                "Accept-Encoding": ACCEPT_ENCODING,
            }
            headers.update(dict(s.headers))
            timeout = httpx.Timeout(
                connect=s.connect_timeout,
                read=s.read_timeout,
                write=s.read_timeout,
                pool=s.connect_timeout + s.read_timeout,
            )
            cookies = httpx.Cookies()
            for domain, path, name, value in s.cookies:
                cookies.set(name, value, domain=domain, path=path or "/")
            self._client = httpx.AsyncClient(
                headers=headers,
                cookies=cookies,
                timeout=timeout,
                follow_redirects=False,  # followed by hand, so every hop passes the gate
                max_redirects=s.max_redirects,
                verify=s.verify_tls,
                http2=s.http2 and _http2_available(),
                trust_env=True,
                transport=self._transport,
                event_hooks={"response": [_check_redirect]},
            )
        return self._client

    async def fetch(
        self,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        accept_any: bool = False,
        truncate_at: int | None = None,
    ) -> Page:
        """GET one URL, following redirects and retrying what may succeed on a second try.

        `truncate_at`: keep the first that many bytes of a longer body instead of refusing it.
        """
        s = self.settings
        attempt = 0
        while True:
            try:
                return await self._attempt(url, headers, accept_any, truncate_at)
            except _Retry as retry:
                if attempt >= s.retries:
                    raise retry.error from None
                wait = retry.wait
                if wait is None:
                    wait = backoff_delay(attempt, s.backoff, s.max_retry_after)
                await asyncio.sleep(min(wait, s.max_retry_after))
                attempt += 1

    async def _attempt(
        self,
        url: str,
        headers: Mapping[str, str] | None,
        accept_any: bool,
        truncate_at: int | None = None,
    ) -> Page:
        """One try: the request and its redirects, each hop through the gate."""
        client = self._ensure_client()
        check_url(url)
        try:
            request = client.build_request("GET", url, headers=dict(headers or {}))
        except (httpx.InvalidURL, httpx.UnsupportedProtocol, ValueError, TypeError) as exc:
            raise _bad_url(url, str(exc)) from None
        visited: list[str] = []
        while True:
            visited.append(str(request.url))
            response, body = await self._exchange(client, request, url, accept_any, truncate_at)
            next_request = response.next_request
            if next_request is None:
                break
            if len(visited) > self.settings.max_redirects:
                target = str(next_request.url)
                what = "a redirect loop" if target in visited else "too many redirects"
                raise FetchError(
                    f"{what} (more than {self.settings.max_redirects} redirects). "
                    "Open the URL in a browser to see where it leads.",
                    ExitCode.TOO_MANY_REDIRECTS,
                    url=url,
                    status=response.status_code,
                )
            request = next_request
        return self._finish(url, response, body, accept_any)

    async def _exchange(
        self,
        client: httpx.AsyncClient,
        request: httpx.Request,
        url: str,
        accept_any: bool,
        truncate_at: int | None = None,
    ) -> tuple[httpx.Response, bytes]:
        """Send one request and read its body under the gate's slot; record the response."""
        where = str(request.url)
        slot = self._gate.slot(where) if self._gate else contextlib.nullcontext()
        deadline = total_timeout(self.settings)
        log = self.settings.request_log
        async with slot:
            started = time.monotonic()
            try:
                response, body = await _within(
                    self._send(client, request, url, accept_any, truncate_at), deadline
                )
            except asyncio.TimeoutError:
                if log is not None:
                    log(request.method, where, None, 0, (time.monotonic() - started) * 1000)
                raise _Retry(
                    FetchError(
                        f"{request.url.host} took more than {deadline:g}s to send the page. "
                        "Try again later, or raise --timeout.",
                        ExitCode.TIMEOUT,
                        url=url,
                    )
                ) from None
            except BaseException:
                if log is not None:
                    log(request.method, where, None, 0, (time.monotonic() - started) * 1000)
                raise
        if log is not None:
            log(
                request.method,
                where,
                response.status_code,
                len(body),
                (time.monotonic() - started) * 1000,
            )
        if self._recorder is not None:
            self._recorder(request, response, body)
        return response, body

    async def _send(
        self,
        client: httpx.AsyncClient,
        request: httpx.Request,
        url: str,
        accept_any: bool,
        truncate_at: int | None = None,
    ) -> tuple[httpx.Response, bytes]:
        """The response and its decompressed body, or the error they amount to."""
        try:
            response = await client.send(request, stream=True)
        except httpx.HTTPError as exc:
            raise _failure(exc, url, self.settings) from None
        except _BadRedirect as exc:
            raise _redirect_error(url, exc) from None
        except OSError as exc:  # raised past httpx by some socket setups
            raise _Retry(
                FetchError(
                    f"cannot connect to {request.url.host}: {exc}. Check the URL and your network.",
                    ExitCode.NETWORK,
                    url=url,
                )
            ) from None
        try:
            self._reject_early(response, url, accept_any, truncate_at is not None)
            body = await self._read_body(response, url, truncate_at)
        except httpx.HTTPError as exc:
            raise _failure(exc, url, self.settings) from None
        finally:
            await response.aclose()
        return response, body

    def _reject_early(
        self, response: httpx.Response, url: str, accept_any: bool, truncating: bool = False
    ) -> None:
        """Refuse a body before downloading it when the headers already rule it out."""
        if response.next_request is not None or not response.is_success:
            return
        content_type = response.headers.get("content-type", "")
        if not accept_any and rejected_by_header(content_type):
            raise FetchError(
                f"the page is not HTML or text but {content_type.split(';')[0].strip()}. "
                "jz reads web pages only; download other files with a browser or curl.",
                ExitCode.UNSUPPORTED_TYPE,
                url=url,
                status=response.status_code,
            )
        length = response.headers.get("content-length", "")
        encoded = response.headers.get("content-encoding", "identity").lower() not in (
            "",
            "identity",
        )
        too_long = length.isdigit() and int(length) > self.settings.max_bytes
        if too_long and not encoded and not truncating:
            raise self._too_large(url, response.status_code)

    def _too_large(self, url: str, status: int | None) -> FetchError:
        cap = _format_size(self.settings.max_bytes)
        return FetchError(
            f"the page is larger than {cap} (after decompression). "
            "Raise --max-bytes if it really is that big.",
            ExitCode.TOO_LARGE,
            url=url,
            status=status,
        )

    async def _read_body(
        self, response: httpx.Response, url: str, truncate_at: int | None = None
    ) -> bytes:
        """The decompressed body, refused (or cut at `truncate_at`) once it passes the cap."""
        # Decompressed here rather than by httpx, which inflates a whole chunk at once.
        limit = self.settings.max_bytes if truncate_at is None else truncate_at
        decoder = BoundedDecoder(response.headers.get("content-encoding", ""), limit)
        chunks: list[bytes] = []
        try:
            async for raw in response.aiter_raw():
                chunks.append(decoder.feed(raw))
            decoder.finish()
        except BodyTooLarge as exc:
            if truncate_at is None:
                raise self._too_large(url, response.status_code) from None
            return (b"".join(chunks) + exc.data)[:truncate_at]
        except Truncated:  # as a connection cut mid-body: tried again
            if not response.is_success or response.next_request is not None:
                return b"".join(chunks)  # a body jz does not keep: its status decides
            raise _Retry(_cut_short(url, response.status_code)) from None
        except BadEncoding as exc:
            raise FetchError(
                f"{response.url.host} sent a body that cannot be decompressed ({exc}). "
                "Try again later.",
                ExitCode.NETWORK,
                url=url,
                status=response.status_code,
            ) from None
        return b"".join(chunks)

    def _inflate_unlabelled(
        self, body: bytes, headers: Mapping[str, str], url: str, status: int
    ) -> bytes:
        """A gzipped HTML or text body sent without Content-Encoding (a common misconfiguration)."""
        if not body.startswith(b"\x1f\x8b") or headers.get("content-encoding"):
            return body
        if kind_from_header(headers.get("content-type", "")) is None:
            return body
        decoder = BoundedDecoder("gzip", self.settings.max_bytes)
        try:
            inflated = decoder.feed(body)
            decoder.finish()
        except BodyTooLarge:
            raise self._too_large(url, status) from None
        except Truncated:
            raise _cut_short(url, status) from None
        except BadEncoding:
            return body
        return inflated

    def _finish(self, url: str, response: httpx.Response, body: bytes, accept_any: bool) -> Page:
        """Turn the final response into a Page, or into the error its status means."""
        status = response.status_code
        final_url = str(response.url)
        headers = {k.lower(): v for k, v in response.headers.items()}
        if status == 304:
            return Page(url=url, content=b"", final_url=final_url, status=status, headers=headers)
        if status in RETRY_STATUSES:
            wait = parse_retry_after(response.headers.get("retry-after"))
            cap = self.settings.max_retry_after
            if wait is not None and wait > cap:
                # Sleeping the cap would only meet the same answer again: fail now.
                error = _wait_too_long(url, status, wait, cap)
                if self._gate is not None:
                    self._gate.close(final_url, error)
                raise error
            if wait is not None and status in (429, 503) and self._gate is not None:
                self._gate.defer(final_url, wait)  # within the cap: checked above
            raise _Retry(describe_status(status, response.reason_phrase, url), wait)
        if not response.is_success:
            raise describe_status(status, response.reason_phrase, url)
        body = self._inflate_unlabelled(body, headers, url, status)
        kind, what = classify(headers.get("content-type", ""), body[:4096], accept_any=accept_any)
        if kind is None:
            raise FetchError(
                f"the page is {what}, not HTML or text. "
                "jz reads web pages only; download other files with a browser or curl.",
                ExitCode.UNSUPPORTED_TYPE,
                url=url,
                status=status,
            )
        return Page(
            url=url, content=body, final_url=final_url, status=status, headers=headers, kind=kind
        )


def _wait_too_long(url: str, status: int, wait: float, cap: float) -> FetchError:
    asked = f"{wait:.0f}" if wait >= 10 else f"{wait:g}"
    return FetchError(
        f"the server answered HTTP {status} and asked to wait {asked} s before trying again, "
        f"more than jz's cap of {cap:g} s. Try again later.",
        ExitCode.HTTP_SERVER,
        url=url,
        status=status,
    )


def fetch_page(url: str, settings: FetchSettings | None = None) -> Page:
    """Fetch one page synchronously (for scripts; not inside a running event loop)."""

    async def run() -> Page:
        async with Fetcher(settings) as fetcher:
            return await fetcher.fetch(url)

    return asyncio.run(run())


# The batch layer looked this up under its first, private name.
_follow_pages = follow_pages

__all__ = [
    "Fetcher",
    "Recorder",
    "RequestGate",
    "check_url",
    "fetch_article",
    "fetch_page",
    "follow_pages",
    "follow_refresh",
    "total_timeout",
]
