"""Bracketed pinyin after Han characters."""

from __future__ import annotations

import pytest

from jzcli.repair.pinyin import count_pinyin, is_reading, remove_pinyin


@pytest.mark.parametrize(
    ("char", "syllable", "expected"),
    [
        ("網", "wǎng", True),
        ("网", "wang3", True),
        ("個", "ge", True),  # neutral tone written without a mark
        ("個", "gè", True),
        ("網", "wáng", False),  # a tone the character never has
        ("網", "mǎ", False),
        ("麼", "me", True),
    ],
)
def test_is_reading(char: str, syllable: str, expected: bool) -> None:
    assert is_reading(char, syllable) is expected


def test_remove_pinyin_ascii_and_fullwidth_brackets() -> None:
    text = "這個(ge)網頁（yè）為什麼(me)轉(zhuǎn)換"
    assert remove_pinyin(text) == ("這個網頁為什麼轉換", 4)


def test_reading_of_the_simplified_character_in_context() -> None:
    # s2t writes 了解 as 瞭解; the converter annotated 了 (le), not 瞭 (liǎo).
    assert remove_pinyin("據瞭(le)解情況") == ("據瞭解情況", 1)


def test_wrong_reading_is_kept() -> None:
    text = "我們的網(shū)站"
    assert remove_pinyin(text) == (text, 0)


@pytest.mark.parametrize(
    "gloss",
    [
        "The character 网 (wǎng) appears in the headline.",
        "“新闻”（xīnwén）是本文的关键词。",
        "董事會認為，認購(rèngòu)事項加深合作。",
        "他的名字叫小明(Xiaoming)。",
    ],
)
def test_legitimate_glosses_are_not_counted(gloss: str) -> None:
    assert count_pinyin(gloss) == 0


def test_pinyin_dictionary_loads_only_when_the_input_needs_it() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from jzcli.repair import repair_document\n"
        "repair_document(['新闻中心首页', '立法會選舉九月舉行。', 'café (bis)'])\n"
        "print('pypinyin.pinyin_dict' in sys.modules)\n"
        "repair_document(['新聞(wén)中心'])\n"
        "print('pypinyin.pinyin_dict' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]
