"""Metadata helpers: titles, breadcrumbs, columns, URL dates, language tags, head metadata."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from jzcli.extract.metadata import (
    column_of,
    date_from_url,
    language_tag,
    parse_breadcrumb,
    read_head,
    site_of,
    split_title,
)


@pytest.mark.parametrize(
    ("title", "main", "others"),
    [
        (
            "城市治理要俯下身子听民声_怀川时评_焦作网",
            "城市治理要俯下身子听民声",
            ["怀川时评", "焦作网"],
        ),
        (
            "Council approves bike lanes | The Gazette",
            "Council approves bike lanes",
            ["The Gazette"],
        ),
        (
            "Council approves bike lanes - The Gazette",
            "Council approves bike lanes",
            ["The Gazette"],
        ),
        ("新华网——习近平会见外宾", "习近平会见外宾", ["新华网"]),
        ("A title without a site", "A title without a site", []),
        ("Self-driving cars arrive", "Self-driving cars arrive", []),
    ],
)
def test_split_title(title: str, main: str, others: list[str]) -> None:
    assert split_title(title) == (main, others)


def test_breadcrumb_site_and_column() -> None:
    crumb = parse_breadcrumb("您现在的位置: 焦作网 > 新闻中心首页 > 时评 > 怀川时评 > 正文")
    assert crumb == ("焦作网", "新闻中心首页", "时评", "怀川时评", "正文")
    assert site_of(crumb) == "焦作网"
    assert column_of(crumb) == "怀川时评"
    assert column_of(("首页", "国内", "这篇文章的标题"), "这篇文章的标题") == "国内"
    assert site_of(("首页", "国内")) == ""


@pytest.mark.parametrize(
    "text",
    [
        "今天天气很好，我们去公园散步。",
        "A > B",
        "当年 > 今年的情况并不一样，这是一句很长的话 > 结论部分也很长很长很长很长很长很长",
    ],
)
def test_not_a_breadcrumb(text: str) -> None:
    assert parse_breadcrumb(text) == ()


def test_breadcrumb_variants() -> None:
    assert parse_breadcrumb("当前位置：首页/要闻动态/今日关注") == ("首页", "要闻动态", "今日关注")
    assert parse_breadcrumb("当前位置：洛阳") == ("洛阳",)
    # Book-title brackets and info lines are not trails.
    assert parse_breadcrumb("《西藏日报》 《西藏法制报》 《西藏商报》") == ()
    assert parse_breadcrumb("报纸网 | 发布: 2021-1-29 13:18 | 点击: 313 | 来自: 互联网") == ()
    assert (
        column_of(
            ("法广", "专栏检索", "法国报纸摘要", "马克龙星期一在莫斯科与普京会面"),
            "法国报纸摘要 - 马克龙星期一在莫斯科与普京会面",
        )
        == "法国报纸摘要"
    )


def test_breadcrumb_without_prefix_needs_three_short_items() -> None:
    assert parse_breadcrumb("Home » News » Local") == ("Home", "News", "Local")


@pytest.mark.parametrize(
    ("url", "date"),
    [
        ("https://example.com/2019/11/19/story-slug/", "2019-11-19"),
        ("http://www.news.cn/politics/2021-06/16/c_1127568.htm", "2021-06-16"),
        ("http://paper.example.cn/html/20210616/content_5.htm", "2021-06-16"),
        ("https://example.com/story/12345", ""),
    ],
)
def test_date_from_url(url: str, date: str) -> None:
    assert date_from_url(url) == date


@pytest.mark.parametrize(
    ("value", "tag"), [("zh-CN", "zh"), ("en_US", "en"), ("EN", "en"), ("x", "")]
)
def test_language_tag(value: str, tag: str) -> None:
    assert language_tag(value) == tag


def test_read_head_meta_dates_authors_and_url_site_name() -> None:
    html = """<html lang="zh-CN"><head><title>标题_某网</title>
    <meta name="pubdate" content="2021-06-16 08:40:00">
    <meta name="author" content="张三">
    <meta property="og:site_name" content="https://www.example.cn">
    <base href="https://www.example.cn/news/">
    <link rel="canonical" href="a/1.html">
    </head><body><h1>标题</h1></body></html>"""
    head = read_head(LexborHTMLParser(html), "http://mirror.example.org/x.html")
    assert head.published == "2021-06-16T08:40:00"
    assert [a.name for a in head.authors] == ["张三"]
    assert head.site_name == ""
    assert head.canonical_url == "https://www.example.cn/news/a/1.html"
    assert head.language == "zh"
    assert head.headings == ["标题"]


def test_read_head_survives_broken_json_ld() -> None:
    html = """<html><head><script type="application/ld+json">{"@type": "NewsArticle", </script>
    <script type="application/ld+json">[{"@type": "BlogPosting", "headline": "Fine",
    "author": {"@type": "Organization", "name": "Org"}, "datePublished": "2020-01-02"}]</script>
    </head><body></body></html>"""
    head = read_head(LexborHTMLParser(html), "")
    assert head.title == "Fine"
    assert head.published == "2020-01-02"
    assert head.authors == []
