"""Entities, invisible characters and full-width letters and digits."""

from __future__ import annotations

from jzcli.repair.normalize import narrow_alnum, remove_invisible, unescape_entities


def test_entities_named_and_numeric() -> None:
    text = "他说&ldquo;A &amp;&nbsp;B&rdquo;&mdash;&#x4e2d;&#25991;"
    assert unescape_entities(text)[0] == "他说“A & B”—中文"


def test_double_escaped_entities_reach_a_fixed_point() -> None:
    once, _ = unescape_entities("a &amp;lt; b")
    assert once == "a < b"
    assert unescape_entities(once)[0] == once


def test_entity_without_semicolon_is_left() -> None:
    text = "https://example.com/?a=1&copy=2"
    assert unescape_entities(text) == (text, 0)


def test_entity_never_makes_a_newline() -> None:
    assert "\n" not in unescape_entities("一&#10;二&#x0A;三")[0]


def test_invisible_characters_removed() -> None:
    text = "中文\u200b新闻\u00ad网\ufeff页\u2060面\u200d"
    assert remove_invisible(text) == ("中文新闻网页面", 5)


def test_joiner_kept_in_emoji_sequence() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert remove_invisible(family)[0] == family


def test_fullwidth_alnum() -> None:
    wide = "ｉＰｈｏｎｅ １２发布，售价３９９９元"
    assert narrow_alnum(wide) == ("iPhone 12发布，售价3999元", 12)


def test_fullwidth_punctuation_is_not_narrowed() -> None:
    text = "价格：１００％！"
    assert narrow_alnum(text)[0] == "价格：100％！"
