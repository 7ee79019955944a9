"""The page's UTF-8 bytes: always the text's own encoding, encoded once."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from jzcli.decode import utf8
from jzcli.decode.charset import decode_bytes


@given(st.text())
def test_utf8_of_is_the_encoding(text: str) -> None:
    assert utf8.utf8_of(text) == text.encode("utf-8", "surrogatepass")
    assert utf8.utf8_of(text) == text.encode("utf-8", "surrogatepass")  # from the cache


def test_decoded_utf8_page_gives_back_its_own_bytes() -> None:
    raw = "<p>Grüße 你好</p>".encode()
    text, decision = decode_bytes(raw, is_html=True)
    assert decision.encoding == "utf-8"
    assert utf8.utf8_of(text) is raw


def test_an_equal_text_made_elsewhere_is_encoded_anew() -> None:
    raw = "<p>你好</p>".encode()
    text, _ = decode_bytes(raw, is_html=True)
    other = "".join(["<p>你", "好</p>"])
    assert other == text and other is not text
    assert utf8.utf8_of(other) == raw and utf8.utf8_of(other) is not raw


def test_replaced_bytes_are_not_taken_for_the_text() -> None:
    raw = "<p>naïve</p>".encode() + b"\xff" + "<p>Grüße</p>".encode() * 40
    text, decision = decode_bytes(raw, is_html=True)
    assert decision.encoding == "utf-8" and "\ufffd" in text  # one byte replaced
    assert utf8.utf8_of(text) != raw
    assert utf8.utf8_of(text) == text.encode("utf-8", "surrogatepass")


def test_parser_input_parses_as_the_text_does() -> None:
    for text in ["<p>Grüße</p>", "<p>a\udc80b</p>", "<p>\x00x</p>"]:
        given_input = utf8.parser_input(text)
        assert LexborHTMLParser(given_input).html == LexborHTMLParser(text).html
    assert isinstance(utf8.parser_input("<p>a\udc80b</p>"), str)  # a lone surrogate
