"""Turn transport exceptions and HTTP statuses into one-line FetchErrors with exit codes."""

from __future__ import annotations

import errno
import socket
import ssl
import urllib.request
from urllib.parse import urlsplit

import httpx

from jzcli.errors import ExitCode, FetchError
from jzcli.settings import FetchSettings

# getaddrinfo errors that mean "this name does not exist", not "the resolver is busy".
_NO_SUCH_HOST = {getattr(socket, n) for n in ("EAI_NONAME", "EAI_NODATA") if hasattr(socket, n)}


def _causes(exc: BaseException) -> list[BaseException]:
    """The exception and everything it was raised from, outermost first."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _host(url: str) -> str:
    try:
        parts = urlsplit(url)
        return parts.netloc or url
    except ValueError:
        return url


def proxy_for(url: str) -> str:
    """The proxy the environment sets for this URL (as httpx's trust_env reads it), or ''."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    proxies = urllib.request.getproxies_environment()
    proxy = proxies.get(parts.scheme) or proxies.get("all") or ""
    bypass = getattr(urllib.request, "proxy_bypass_environment", None)
    if proxy and parts.hostname and proxies.get("no") and bypass is not None:
        return "" if bypass(parts.hostname, proxies) else proxy
    return proxy


def _seconds(value: float) -> str:
    return f"{value:g}s"


def translate_error(
    exc: httpx.HTTPError, url: str, settings: FetchSettings
) -> tuple[FetchError, bool]:
    """The FetchError an httpx exception means, and whether another attempt may succeed."""
    where = str(exc.request.url) if _has_request(exc) else url
    host = _host(where)
    chain = _causes(exc)
    text = " ".join(str(e) for e in chain)

    def fail(message: str, code: ExitCode, retry: bool) -> tuple[FetchError, bool]:
        return FetchError(" ".join(message.split()), code, url=url), retry

    proxy = proxy_for(where) if isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout)) else ""
    if proxy:
        # The connection that failed was to the proxy, not to the site.
        return fail(
            f"cannot reach the proxy {_host(proxy)} (set by HTTP_PROXY/HTTPS_PROXY/ALL_PROXY) "
            f"to fetch {host}: {_reason(chain)}. Check the proxy setting, or unset it "
            "(NO_PROXY lists hosts reached directly).",
            ExitCode.NETWORK,
            True,
        )
    if isinstance(exc, httpx.ConnectTimeout):
        return fail(
            f"connecting to {host} timed out after {_seconds(settings.connect_timeout)}. "
            "Check your network, or raise --timeout.",
            ExitCode.TIMEOUT,
            True,
        )
    if isinstance(exc, httpx.TimeoutException):
        return fail(
            f"{host} stopped answering for {_seconds(settings.read_timeout)}. "
            "Try again later, or raise --timeout.",
            ExitCode.TIMEOUT,
            True,
        )
    if isinstance(exc, httpx.UnsupportedProtocol):
        return fail(
            f"unsupported address {url!r}. Give an http:// or https:// URL.", ExitCode.INPUT, False
        )
    if isinstance(exc, httpx.ProxyError):
        return fail(
            f"the proxy refused or failed the request to {host}. "
            "Check the HTTP_PROXY / HTTPS_PROXY settings.",
            ExitCode.NETWORK,
            True,
        )
    for cause in chain:
        if isinstance(cause, socket.gaierror):
            return fail(
                f"cannot resolve host {urlsplit(where).hostname or host}. "
                "Check the URL and your network.",
                ExitCode.NETWORK,
                cause.errno not in _NO_SUCH_HOST,
            )
        if isinstance(cause, ssl.SSLError) or "CERTIFICATE_VERIFY_FAILED" in text:
            reason = getattr(cause, "verify_message", "") or getattr(cause, "reason", "") or ""
            return fail(
                f"TLS handshake with {host} failed{': ' + str(reason) if reason else ''}. "
                "Try http:// instead, or --insecure if you trust the network.",
                ExitCode.TLS,
                False,
            )
        if isinstance(cause, ConnectionRefusedError) or getattr(cause, "errno", None) == (
            errno.ECONNREFUSED
        ):
            return fail(
                f"connection refused by {host}. Check the URL (and port), or try again later.",
                ExitCode.NETWORK,
                True,
            )
    if isinstance(exc, httpx.RemoteProtocolError) and (
        "incomplete" in text or "peer closed" in text or "without sending complete" in text
    ):
        return fail(
            f"{host} closed the connection before the whole page arrived. Try again later.",
            ExitCode.NETWORK,
            True,
        )
    if isinstance(exc, httpx.RemoteProtocolError) and "Receive buffer too long" in text:
        # httpcore (h11) reads at most 100 KB of status line and headers: the same server
        # sends the same headers on every try, so no retry.
        return fail(
            f"{host} sent a header section larger than 100 KB before the page (more than any "
            "web server sends). Check the URL in a browser.",
            ExitCode.NETWORK,
            False,
        )
    if isinstance(exc, httpx.DecodingError):
        return fail(
            f"{host} sent a body that cannot be decompressed. Try again later.",
            ExitCode.NETWORK,
            True,
        )
    if isinstance(exc, httpx.ConnectError):
        return fail(
            f"cannot connect to {host}: {_reason(chain)}. Check the URL and your network.",
            ExitCode.NETWORK,
            True,
        )
    return fail(
        f"network error with {host}: {_reason(chain)}. Try again later.", ExitCode.NETWORK, True
    )


def _has_request(exc: httpx.HTTPError) -> bool:
    try:
        exc.request  # noqa: B018 - raises RuntimeError when httpx set none
    except RuntimeError:
        return False
    return True


def _reason(chain: list[BaseException]) -> str:
    """The innermost non-empty message, which usually names the real cause."""
    for cause in reversed(chain):
        message = str(cause).strip()
        if message:
            return message.splitlines()[0].rstrip(".")
    return type(chain[0]).__name__


_ADVICE = {
    401: "the page needs a login. Pass a cookie or token with --header",
    403: "the site refused access. It may block scripts: try --user-agent, or --header Cookie",
    404: "the page does not exist. Check the URL",
    410: "the page was removed. Look for it in a web archive",
    451: "the page is blocked for legal reasons",
}


def describe_status(status: int, reason: str, url: str) -> FetchError:
    """The FetchError for a non-success HTTP status."""
    label = f"{status} {reason}".strip()
    if status == 429:
        message = f"the server answered {label} (too many requests). Wait and try again later."
        code = ExitCode.HTTP_SERVER
    elif 400 <= status < 500:
        advice = _ADVICE.get(status, "the server rejected the request. Check the URL")
        message = f"the server answered {label}: {advice}."
        code = ExitCode.HTTP_CLIENT
    elif status >= 500:
        message = f"the server answered {label}. The site has a problem; try again later."
        code = ExitCode.HTTP_SERVER
    else:
        message = f"the server answered {label}, which is not a page. Check the URL."
        code = ExitCode.HTTP_SERVER
    return FetchError(message, code, url=url, status=status)
