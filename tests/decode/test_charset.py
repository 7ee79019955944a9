"""Charset decisions on pages whose declarations lie, are missing or are right."""

from __future__ import annotations

import pytest

from jzcli.decode.charset import (
    declared_meta_charset,
    decode_bytes,
    normalize_charset,
    plausibility,
)

ZH = "朱镕基总理今天在北京会见了来访的代表团，双方就经济合作问题交换了意见。记者张三报道。" * 3
TW = "臺灣的天氣今天很好，我們一起去公園散步吧。這是一篇繁體中文的新聞報導，內容關於經濟發展。" * 3
KO = "대한민국의 수도는 서울입니다. 오늘 날씨가 매우 좋습니다. 우리는 공원에 갑니다." * 3
PT = "As ações do governo não são suficientes para a população. Informações sobre eleições." * 3


def page(body: str, head: str = "") -> str:
    return f"<html><head>{head}<title>t</title></head><body><p>{body}</p></body></html>"


def test_gbk_page_served_as_iso_8859_1_is_read_as_gb18030() -> None:
    text, decision = decode_bytes(page(ZH).encode("gbk"), http_charset="iso-8859-1", is_html=True)
    assert decision.encoding == "gb18030"
    assert "朱镕基" in text
    assert any(e.startswith("http: iso-8859-1") for e in decision.evidence)
    assert any("cp1252" in e for e in decision.evidence)


def test_utf8_page_declaring_gb2312_is_read_as_utf8() -> None:
    raw = page(ZH, '<meta charset="gb2312">').encode("utf-8")
    text, decision = decode_bytes(raw, is_html=True)
    assert (decision.encoding, decision.source) == ("utf-8", "utf8")
    assert "朱镕基" in text
    assert "meta: gb2312" in decision.evidence


def test_gb2312_declared_page_with_gbk_only_character() -> None:
    head = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    raw = page(ZH, head).encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("gb2312")
    text, decision = decode_bytes(raw, is_html=True)
    assert (decision.encoding, decision.source) == ("gb18030", "meta")
    assert "镕" in text and decision.replacements == 0


def test_undeclared_gbk_page_is_sniffed() -> None:
    text, decision = decode_bytes(page(ZH).encode("gbk"), is_html=True)
    assert decision.encoding == "gb18030"
    assert decision.source == "detector"
    assert ZH in text


@pytest.mark.parametrize("http", [None, "gbk"])
def test_big5_page_undeclared_or_mislabelled(http: str | None) -> None:
    text, decision = decode_bytes(page(TW).encode("big5"), http_charset=http, is_html=True)
    assert decision.encoding == "big5hkscs"
    assert TW in text


def test_declared_big5() -> None:
    text, decision = decode_bytes(page(TW, "<meta charset=big5>").encode("big5"), is_html=True)
    assert (decision.encoding, decision.source) == ("big5hkscs", "meta")
    assert TW in text


def test_undeclared_korean_is_not_taken_for_chinese() -> None:
    text, decision = decode_bytes(page(KO).encode("euc-kr"), is_html=True)
    assert KO in text
    assert decision.encoding != "gb18030"


def test_latin1_portuguese_keeps_its_declaration() -> None:
    raw = page(PT).encode("latin-1")
    text, decision = decode_bytes(raw, http_charset="iso-8859-1", is_html=True)
    assert (decision.encoding, decision.source) == ("cp1252", "http")
    assert PT in text


def test_bom_wins() -> None:
    raw = "\ufeff".encode() + page(ZH, "<meta charset=gbk>").encode("utf-8")
    text, decision = decode_bytes(raw, http_charset="gbk", is_html=True)
    assert decision.source == "bom"
    assert text.startswith("<html>")


def test_ascii_only_page() -> None:
    text, decision = decode_bytes(b"<p>plain</p>", http_charset="gbk", is_html=True)
    assert text == "<p>plain</p>"
    assert "bytes: ascii only" in decision.evidence


def test_plain_text_ignores_meta_lookalikes() -> None:
    raw = ('<meta charset="big5">\n' + ZH).encode("gbk")
    text, decision = decode_bytes(raw, is_html=False)
    assert decision.encoding == "gb18030"
    assert not any(e.startswith("meta") for e in decision.evidence)
    assert ZH in text


def test_damaged_utf8_with_a_few_bad_bytes_stays_utf8() -> None:
    raw = page(ZH * 5).encode("utf-8")
    raw = raw[:200] + b"\xff" + raw[200:]
    text, decision = decode_bytes(raw, is_html=True)
    assert decision.encoding == "utf-8"
    assert decision.replacements >= 1
    assert ZH in text


def test_unknown_declared_charset_is_reported_and_ignored() -> None:
    _, decision = decode_bytes(page(ZH).encode("gbk"), http_charset="x-nonsense", is_html=True)
    assert decision.encoding == "gb18030"
    assert any("unknown charset" in e for e in decision.evidence)


def test_helpers() -> None:
    assert normalize_charset("GB2312") == "gb18030"
    assert normalize_charset("ISO-8859-1") == "cp1252"
    assert normalize_charset("no-such") is None
    assert declared_meta_charset(b'<?xml version="1.0" encoding="GBK"?>') == "GBK"
    assert declared_meta_charset(b"<meta content='text/html; charset=big5'>") == "big5"
    good, _ = plausibility(ZH, "gb18030")
    bad, _ = plausibility(ZH.encode("gbk").decode("cp1252", "replace"), "cp1252")
    assert good > 0.9 > bad


def test_gb2312_page_converted_to_traditional_with_readings_stays_gb() -> None:
    # A converting proxy rewrote a GB2312 page in Traditional characters with readings
    # (`網(wǎng)`) and kept its charset: the Traditional characters and the pinyin letters
    # GB2312 holds are that charset's own, not a sign of another one.
    head = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    body = "娛(yú)樂圈受黑社會控(kòng)制？明星挨打事件回顧(gù)。近日，驚爆天王被打。" * 4
    text, decision = decode_bytes(page(body, head).encode("gb18030"), is_html=True)
    assert (decision.encoding, decision.source) == ("gb18030", "meta")
    assert "娛(yú)樂圈" in text
    # Taken on the declaration's own score, before any guess (a detector read such a page
    # as Cyrillic ptcp154).
    assert not any(e.startswith(("sniff", "detector")) for e in decision.evidence)
