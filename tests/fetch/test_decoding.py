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
from jzcli.fetch.decoding import ACCEPT_ENCODING, BadEncoding, BodyTooLarge, BoundedDecoder
from jzcli.settings import FetchSettings
from tests.fetch.test_client import get
from tests.support.server import LocalServer, Reply

TEXT = ("焦作新闻，正文内容。" * 500).encode("utf-8")


def raw_deflate(data: bytes) -> bytes:
    """Deflate without the zlib header, as some servers send it."""
    obj = zlib.compressobj(wbits=-15)
    return obj.compress(data) + obj.flush()


def decode(encoding: str, data: bytes, limit: int = 10_000_000, step: int = 97) -> bytes:
    decoder = BoundedDecoder(encoding, limit)
    return b"".join(decoder.feed(data[i : i + step]) for i in range(0, len(data), step))


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
