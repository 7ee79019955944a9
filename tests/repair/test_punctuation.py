"""Restoring full-width punctuation flattened by NFKC."""

from __future__ import annotations

import pytest

from jzcli.repair.punctuation import restore_fullwidth_punct


@pytest.mark.parametrize(
    ("flat", "wide"),
    [
        ("记者:你好,为什么?(完)", "记者：你好，为什么？（完）"),
        ("律师艾德(Gloria Allred)11日宣读声明!", "律师艾德（Gloria Allred）11日宣读声明！"),
        ("全年增长3.5亿,共1,000人;时间10:30。", "全年增长3.5亿，共1,000人；时间10:30。"),
        ("他说......我们走吧", "他说……我们走吧"),
        ("访问https://example.com/a?b=1了解", "访问https://example.com/a?b=1了解"),
        # A comma between Latin letters and digits inside Chinese, no space after it.
        ("经常要召集skype,256内存容易死机", "经常要召集skype，256内存容易死机"),
        ("用户名称是Tom, 密码另发", "用户名称是Tom, 密码另发"),
    ],
)
def test_restore(flat: str, wide: str) -> None:
    assert restore_fullwidth_punct(flat)[0] == wide


def test_english_sentence_untouched() -> None:
    text = "Hello, world (really): yes; no!"
    assert restore_fullwidth_punct(text) == (text, 0)
    assert restore_fullwidth_punct("a,b;c")[0] == "a,b;c"
