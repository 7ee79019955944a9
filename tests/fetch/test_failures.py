"""translate_error and describe_status: one line, the right exit code, retry or not."""

from __future__ import annotations

import socket

import httpx
import pytest

from jzcli.errors import ExitCode
from jzcli.fetch.failures import describe_status, translate_error
from jzcli.settings import FetchSettings

URL = "http://news.example.cn/a.htm"
REQUEST = httpx.Request("GET", URL)
SETTINGS = FetchSettings(connect_timeout=4, read_timeout=9)


def raised(exc: httpx.HTTPError, cause: BaseException | None = None) -> httpx.HTTPError:
    """`exc` as it arrives from httpx: raised from its cause."""
    try:
        raise exc from cause
    except httpx.HTTPError as caught:
        return caught


@pytest.mark.parametrize(
    ("exc", "code", "retry", "phrase"),
    [
        (httpx.ConnectTimeout("t", request=REQUEST), ExitCode.TIMEOUT, True, "after 4s"),
        (httpx.ReadTimeout("t", request=REQUEST), ExitCode.TIMEOUT, True, "for 9s"),
        (
            raised(
                httpx.ConnectError("x", request=REQUEST),
                socket.gaierror(socket.EAI_NONAME, "Name or service not known"),
            ),
            ExitCode.NETWORK,
            False,
            "cannot resolve host news.example.cn.",
        ),
        (
            raised(
                httpx.ConnectError("x", request=REQUEST),
                socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution"),
            ),
            ExitCode.NETWORK,
            True,
            "cannot resolve host",
        ),
        (
            raised(httpx.ConnectError("x", request=REQUEST), ConnectionRefusedError(111, "no")),
            ExitCode.NETWORK,
            True,
            "connection refused by news.example.cn",
        ),
        (
            httpx.RemoteProtocolError(
                "peer closed connection without sending complete message body: "
                "received 100 bytes, expected 5000",
                request=REQUEST,
            ),
            ExitCode.NETWORK,
            True,
            "closed the connection before the whole page arrived",
        ),
        (httpx.ProxyError("bad", request=REQUEST), ExitCode.NETWORK, True, "HTTP_PROXY"),
        (httpx.ReadError("reset\nby peer", request=REQUEST), ExitCode.NETWORK, True, "reset"),
    ],
)
def test_translate_error(exc: httpx.HTTPError, code: ExitCode, retry: bool, phrase: str) -> None:
    error, retryable = translate_error(exc, URL, SETTINGS)
    assert error.code is code
    assert retryable is retry
    assert phrase in str(error)
    assert "\n" not in str(error)
    assert error.url == URL


def test_a_reason_ending_in_a_full_stop_gives_one_full_stop() -> None:
    # httpx's own wording when a server hangs up before answering.
    exc = httpx.RemoteProtocolError("Server disconnected without sending a response.")
    error, _ = translate_error(exc, URL, SETTINGS)
    assert "without sending a response. Try again later." in str(error)
    assert ".." not in str(error)


def test_error_without_request_still_names_the_host() -> None:
    error, _ = translate_error(httpx.ReadError("boom"), URL, SETTINGS)
    assert "news.example.cn" in str(error)


@pytest.mark.parametrize(
    ("status", "code", "phrase"),
    [
        (404, ExitCode.HTTP_CLIENT, "does not exist"),
        (403, ExitCode.HTTP_CLIENT, "--user-agent"),
        (410, ExitCode.HTTP_CLIENT, "removed"),
        (418, ExitCode.HTTP_CLIENT, "rejected"),
        (429, ExitCode.HTTP_SERVER, "too many requests"),
        (500, ExitCode.HTTP_SERVER, "try again later"),
    ],
)
def test_describe_status(status: int, code: ExitCode, phrase: str) -> None:
    error = describe_status(status, "Reason", URL)
    assert error.code is code and error.status == status
    assert phrase in str(error)
    assert str(error).startswith(f"the server answered {status} Reason")
