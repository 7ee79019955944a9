"""Document-level repair: repair_document, repair_text and repair_article."""

from __future__ import annotations

from pathlib import Path

import pytest

from jzcli.models import Article, Author, Image, Provenance
from jzcli.repair import repair_article, repair_document, repair_text
from jzcli.repair.text import normalize_author_name
from jzcli.settings import Settings

SEED = Path(__file__).resolve().parents[1] / "data" / "seed_jiaozuo.txt"

DAMAGED = [
    "新聞(wén)中心首頁(yè)",
    "如何書(shū)寫(xiě)新時(shí)代的答卷?剛剛過(guò)去的端午節(jié),活動(dòng)很多。",
    "城市管理的力量在人民。",
]


def test_conversion_damage_repaired_across_the_document() -> None:
    out, counts = repair_document(DAMAGED)
    assert out == [
        "新闻中心首页",
        "如何书写新时代的答卷？刚刚过去的端午节，活动很多。",
        "城市管理的力量在人民。",
    ]
    assert counts["pinyin"] == 8
    assert counts["t2s"] == 2
    assert counts["punct-width"] == 2


def test_keep_mode_removes_pinyin_but_keeps_script() -> None:
    out, counts = repair_document(DAMAGED, "keep")
    assert out[0] == "新聞中心首頁"
    assert "t2s" not in counts


def test_traditional_mode_converts_to_traditional() -> None:
    assert repair_text("网页为什么转换", "traditional") == "網頁爲什麼轉換"


def test_simplified_mode_converts_genuine_traditional() -> None:
    assert repair_text("立法會選舉九月舉行。", "simplified") == "立法会选举九月举行。"


@pytest.mark.parametrize(
    "clean",
    [
        "立法會選舉9月舉行，民主派下月將舉行初選。",
        "這個詞語（cíyǔ）的意思是什麼？",
        "The character 网 (wǎng) appears in the headline.",
        "“新闻”（xīnwén）是本文的关键词。",
        "同时,大力引进龙头企业带动产业发展。",
        "Le président a déclaré : « Ça suffit ! »",
        "Президент заявил, что всё будет хорошо.",
        "He said: “It’s fine (really)!”",
        "行（xíng）是多音字。",
        "行(xíng)和长(cháng)都是多音字,要注意。",
    ],
)
def test_controls_unchanged(clean: str) -> None:
    assert repair_text(clean) == clean


def test_single_pinyin_is_a_gloss_unless_the_page_is_a_mainland_one() -> None:
    text = "選擇專業的時間(jiān)還沒到。"
    # A person explaining one character's reading writes exactly this (issue 14: 網(wǎng)民).
    assert repair_text(text) == text
    assert repair_text("這是網(wǎng)民常用的說法。") == "這是網(wǎng)民常用的說法。"
    out, _ = repair_document([text], region="mainland")
    assert out == ["选择专业的时间还没到。"]


def test_seed_page_repaired() -> None:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    out, counts = repair_document(lines)
    assert len(out) == len(lines)
    text = "\n".join(out)
    assert counts["pinyin"] > 50 and counts["t2s"] > 5 and counts["punct-width"] > 10
    assert "焦作网" in text and "新闻中心首页" in text
    assert "如何书写新时代城市治理现代化的精彩答卷？刚刚过去的端午节，" in text
    assert "(xiàn)" not in text and "網" not in text
    # Nothing new to do on a second pass.
    assert repair_document(out) == (out, {})


def test_author_name_padding() -> None:
    assert normalize_author_name("郭 劍") == "郭劍"
    assert normalize_author_name("John  Smith") == "John Smith"
    assert normalize_author_name("张 三 丰") == "张三丰"


def test_repair_article_fields_and_provenance() -> None:
    article = Article(
        title="焦作網(wǎng)新聞(wén)",
        paragraphs=tuple(DAMAGED[1:]),
        authors=(Author(name="郭 劍", normalized="郭 劍"),),
        breadcrumb=("新聞(wén)中心", "時(shí)評(píng)"),
        images=(Image(url="a.jpg", caption="圖(tú)片"),),
        provenance=Provenance(repairs={"pinyin": 1, "other": 2}),
    )
    out = repair_article(article, Settings())
    assert out.title == "焦作网新闻"
    assert out.breadcrumb == ("新闻中心", "时评")
    assert out.images[0].caption == "图片"
    assert out.authors[0].name == "郭 劍"
    assert out.authors[0].normalized == "郭剑"
    assert out.script == "Hans"
    assert out.language == "zh"
    assert out.provenance.repairs["other"] == 2
    assert out.provenance.repairs["pinyin"] > 5


def test_genuine_traditional_article_kept() -> None:
    article = Article(
        title="立法會選舉九月舉行",
        paragraphs=("民主派下月將舉行初選，結果備受關注。",),
        authors=(Author(name="陳 大 文", normalized=""),),
    )
    out = repair_article(article, Settings())
    assert out.title == article.title and out.paragraphs == article.paragraphs
    assert out.script == "Hant"
    assert out.authors[0].normalized == "陳大文"
    assert out.provenance.repairs == {}


def test_repair_article_disabled() -> None:
    article = Article(title="網(wǎng)頁(yè)")
    assert repair_article(article, Settings(repair=False)) is article


def test_language_kept_when_given() -> None:
    article = Article(paragraphs=("Hello world.",), language="en")
    out = repair_article(article, Settings())
    assert out.language == "en" and out.script == "Latn"
