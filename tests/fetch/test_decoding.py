"""BoundedDecoder: decompress chunk by chunk, never far past the cap."""

from __future__ import annotations

import gzip
import tracemalloc
import zlib

import brotli
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jzcli.errors import ExitCode, FetchError
from jzcli.fetch.decoding import (
    ACCEPT_ENCODING,
    BadEncoding,
    BodyTooLarge,
    BoundedDecoder,
    Truncated,
)
from jzcli.settings import FetchSettings
from tests.fetch.test_client import get
from tests.support.server import LocalServer, Reply

TEXT = ("焦作新闻，正文内容。" * 500).encode("utf-8")
# Text that compresses to some kilobytes, so a cut can fall anywhere in the stream.
VARIED = "".join(f"<p>第{i}段，编号{i * 7919 % 10007}。</p>" for i in range(2000)).encode()


def raw_deflate(data: bytes) -> bytes:
    """Deflate without the zlib header, as some servers send it."""
    obj = zlib.compressobj(wbits=-15)
    return obj.compress(data) + obj.flush()


def decode(encoding: str, data: bytes, limit: int = 10_000_000, step: int = 97) -> bytes:
    decoder = BoundedDecoder(encoding, limit)
    out = b"".join(decoder.feed(data[i : i + step]) for i in range(0, len(data), step))
    decoder.finish()  # every stream given here whole ends with its end mark
    return out


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        ("gzip", gzip.compress(TEXT)),
        ("x-gzip", gzip.compress(TEXT)),
        ("deflate", zlib.compress(TEXT)),
        ("deflate", raw_deflate(TEXT)),
        ("br", brotli.compress(TEXT)),
        ("", TEXT),
        ("identity", TEXT),
        ("unknown-coding", TEXT),
    ],
)
def test_round_trip_in_small_chunks(encoding: str, data: bytes) -> None:
    assert decode(encoding, data) == TEXT


def test_gzip_members_back_to_back() -> None:
    data = gzip.compress(b"first ") + gzip.compress(b"second")
    assert decode("gzip", data, step=5) == b"first second"


@pytest.mark.parametrize(
    ("encoding", "packed"),
    [("gzip", gzip.compress(TEXT)), ("deflate", zlib.compress(TEXT))],
    ids=["gzip", "deflate"],
)
@pytest.mark.parametrize("trailer", [b"\n", b" ", b"\r\n", b"\x1f", b"garbage \x1f\x8b\x08"])
@pytest.mark.parametrize("step", [1, 5, 97])
def test_stray_bytes_after_a_complete_stream_are_ignored(
    encoding: str, packed: bytes, trailer: bytes, step: int
) -> None:
    # Some servers add a newline after the compressed body; browsers ignore it, and the
    # stream did reach its end, so it is neither cut short nor corrupt.
    assert decode(encoding, packed + trailer, step=step) == TEXT


@pytest.mark.parametrize("step", [1, 2, 5, 97])
def test_a_second_member_is_still_decoded_in_any_chunking(step: int) -> None:
    data = gzip.compress(b"first ") + gzip.compress(b"second") + b"\n"
    assert decode("gzip", data, step=step) == b"first second"


def test_stacked_codings_are_undone_in_reverse() -> None:
    data = brotli.compress(gzip.compress(TEXT))
    assert decode("gzip, br", data) == TEXT


def test_limit_is_exact() -> None:
    assert decode("gzip", gzip.compress(b"a" * 1000), limit=1000) == b"a" * 1000
    with pytest.raises(BodyTooLarge):
        decode("gzip", gzip.compress(b"a" * 1001), limit=1000)
    with pytest.raises(BodyTooLarge):
        decode("", b"a" * 1001, limit=1000)


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_bombs_are_refused_without_inflating(encoding: str) -> None:
    zeros = b"\0" * 20_000_000
    bomb = brotli.compress(zeros, quality=5) if encoding == "br" else gzip.compress(zeros)
    del zeros
    assert len(bomb) < 100_000
    tracemalloc.start()
    try:
        with pytest.raises(BodyTooLarge):
            decode(encoding, bomb, limit=1_000_000, step=65536)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Far below the 20 MB inflated size: the decoder stops near the 1 MB cap.
    assert peak < 6_000_000


def test_corrupt_data_is_bad_encoding() -> None:
    with pytest.raises(BadEncoding):
        decode("gzip", b"\x1f\x8b\x08\x00garbage-garbage-garbage")
    with pytest.raises(BadEncoding):
        decode("br", b"\xff\xff\xff\xff not brotli")


@pytest.mark.parametrize(
    ("encoding", "packed"),
    [
        ("gzip", gzip.compress(VARIED)),
        ("deflate", zlib.compress(VARIED)),
        ("deflate", raw_deflate(VARIED)),
        ("br", brotli.compress(VARIED)),
        ("gzip, br", brotli.compress(gzip.compress(VARIED))),
    ],
    ids=["gzip", "deflate", "raw-deflate", "br", "gzip-br"],
)
@pytest.mark.parametrize("cut", [1, 4, 8, 200])
def test_a_stream_cut_short_is_truncated_not_a_shorter_body(
    encoding: str, packed: bytes, cut: int
) -> None:
    # A server or cache that lost the end of a compressed body (its Content-Length saying
    # the cut length, so HTTP sees nothing wrong): the stream never reaches its end mark.
    with pytest.raises(Truncated):
        decode(encoding, packed[:-cut])


def test_gzip_members_cut_in_the_second_is_truncated() -> None:
    with pytest.raises(Truncated):
        decode("gzip", gzip.compress(b"first ") + gzip.compress(b"second")[:-3])


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "br", ""])
def test_an_empty_body_is_not_truncated(encoding: str) -> None:
    # A HEAD-like empty answer labelled with a coding (some servers do): nothing was cut.
    assert decode(encoding, b"") == b""


def test_brotli_is_advertised() -> None:
    assert "br" in ACCEPT_ENCODING and "gzip" in ACCEPT_ENCODING


def test_brotli_bomb_from_server_is_too_large(server: LocalServer) -> None:
    server.route(
        "/bomb",
        Reply(b"<html>" + b" " * 5_000_000, headers={"Content-Type": "text/html"}, brotli=True),
    )
    with pytest.raises(FetchError) as info:
        get(server.url("/bomb"), FetchSettings(max_bytes=500_000, retries=0))
    assert info.value.code is ExitCode.TOO_LARGE


def test_corrupt_gzip_from_server_is_network_error(server: LocalServer) -> None:
    server.route(
        "/bad",
        Reply(
            b"\x1f\x8b\x08\x00not really gzip at all",
            headers={"Content-Type": "text/html", "Content-Encoding": "gzip"},
        ),
    )
    with pytest.raises(FetchError) as info:
        get(server.url("/bad"), FetchSettings(retries=0))
    assert info.value.code is ExitCode.NETWORK
    assert "cannot be decompressed" in str(info.value)


@pytest.mark.parametrize("unlabelled", [False, True])
def test_gzip_body_cut_short_with_a_matching_length_is_a_network_error(
    server: LocalServer, unlabelled: bool
) -> None:
    # Content-Length names the bytes sent, so only the gzip stream shows the loss: the
    # article's end. Exported, it would be a shorter article marked done for good.
    html = b"<html><body>" + VARIED + b"<p>the last paragraph</p></body></html>"
    headers = {"Content-Type": "text/html; charset=utf-8"}
    if not unlabelled:
        headers["Content-Encoding"] = "gzip"
    server.route("/cut", Reply(gzip.compress(html)[:-600], headers=headers))
    with pytest.raises(FetchError) as info:
        get(server.url("/cut"), FetchSettings(retries=1, backoff=0.01))
    assert info.value.code is ExitCode.NETWORK
    assert "cut short" in str(info.value) and "\n" not in str(info.value)
    assert server.hits("/cut") == (1 if unlabelled else 2)  # retried like a cut connection


@pytest.mark.parametrize(
    ("status", "code"), [(404, ExitCode.HTTP_CLIENT), (503, ExitCode.HTTP_SERVER)]
)
def test_a_cut_body_of_an_error_status_is_that_status_not_a_cut_page(
    server: LocalServer, status: int, code: ExitCode
) -> None:
    # jz throws the body of an error page away, so its status says what went wrong.
    server.route(
        "/gone",
        Reply(
            gzip.compress(b"<html>" + VARIED)[:-600],
            status=status,
            headers={"Content-Type": "text/html", "Content-Encoding": "gzip"},
        ),
    )
    with pytest.raises(FetchError) as info:
        get(server.url("/gone"), FetchSettings(retries=0))
    assert info.value.code is code


def test_a_redirect_with_a_cut_body_still_leads_to_its_page(server: LocalServer) -> None:
    server.route(
        "/old",
        Reply(
            gzip.compress(b"<html>moved " + VARIED)[:-600],
            status=301,
            headers={"Location": "/new", "Content-Encoding": "gzip"},
        ),
    )
    html = b"<html><body><p>the new page</p></body></html>"
    server.route("/new", Reply(html, headers={"Content-Type": "text/html"}, gzip=True))
    page = get(server.url("/old"), FetchSettings(retries=0))
    assert page.content == html and page.final_url.endswith("/new")


def test_raw_deflate_fed_byte_by_byte() -> None:
    assert decode("deflate", raw_deflate(TEXT), step=1) == TEXT


@settings(max_examples=60, deadline=None)
@given(
    data=st.binary(max_size=5000),
    encoding=st.sampled_from(["gzip", "deflate", "br", ""]),
    step=st.integers(min_value=1, max_value=700),
    limit=st.integers(min_value=0, max_value=6000),
)
def test_any_body_round_trips_or_is_refused(
    data: bytes, encoding: str, step: int, limit: int
) -> None:
    packed = {
        "gzip": gzip.compress,
        "deflate": zlib.compress,
        "br": brotli.compress,
        "": bytes,
    }[encoding](data)
    if len(data) <= limit:
        assert decode(encoding, packed, limit=limit, step=step) == data
    else:
        with pytest.raises(BodyTooLarge):
            decode(encoding, packed, limit=limit, step=step)
