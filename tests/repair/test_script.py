"""Script detection and conversion."""

from __future__ import annotations

import pytest

from jzcli.repair.script import detect_script, guess_language, to_simplified, to_traditional


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("这是一篇关于城市管理的新闻报道。", "Hans"),
        ("這是一篇關於城市管理的新聞報導。", "Hant"),
        ("A plain English sentence.", "Latn"),
        ("Обычное русское предложение.", "Cyrl"),
        ("", ""),
    ],
)
def test_detect_script(text: str, script: str) -> None:
    assert detect_script(text) == script


def test_conversion_round_trip() -> None:
    assert to_simplified("網頁為什麼轉換") == "网页为什么转换"
    assert to_traditional("网页为什么转换") == "網頁爲什麼轉換"


def test_guess_language() -> None:
    assert guess_language("中文", "Hans") == "zh"
    assert guess_language("text", "Latn") == ""


def test_made_from_lists_the_simplified_sources_of_a_character() -> None:
    from jzcli.repair.script import made_from

    assert set(made_from("s2t")["鍾"]) == {"钟", "锺"}
    assert made_from("s2tw")["夾"] == "夹"
    assert "袷" not in made_from("s2t")  # no converter writes it: a page's own
