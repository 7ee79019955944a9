"""Metadata helpers: titles, breadcrumbs, columns, URL dates, language tags, head metadata."""

from __future__ import annotations

from typing import Any

import pytest
from selectolax.lexbor import LexborHTMLParser

from jzcli.extract.metadata import (
    HeadMetadata,
    _PageNodes,
    author_markup,
    choose_authors,
    choose_published,
    clean_person,
    column_of,
    date_from_url,
    heading_segment,
    heading_text,
    language_tag,
    markup_names,
    microdata_authors,
    parse_breadcrumb,
    read_head,
    site_from_host,
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
        ("Module ngx_http_rewrite_module", "Module ngx_http_rewrite_module", []),
        ("春耕时节农事忙_2024_某某网", "春耕时节农事忙", ["2024", "某某网"]),
    ],
)
def test_split_title(title: str, main: str, others: list[str]) -> None:
    assert split_title(title) == (main, others)


def test_split_title_never_gives_the_site_name() -> None:
    title = "HR Consulting | Warren Averett CPAs & Advisors"
    assert split_title(title)[0] == "Warren Averett CPAs & Advisors"
    assert split_title(title, "Warren Averett CPAs & Advisors")[0] == "HR Consulting"
    assert split_title("春耕_某某日报社新闻网", "某某日报社新闻网")[0] == "春耕"
    assert split_title("春耕_某某日報社新聞網", "某某日報社新聞網")[0] == "春耕"


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
    ("value", "tag"),
    [
        ("zh-CN", "zh-CN"),
        ("zh_tw", "zh-TW"),
        ("zh-hant-HK", "zh-Hant"),
        ("zh", "zh"),
        ("en_US", "en"),
        ("EN", "en"),
        ("x", ""),
    ],
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
    assert head.language == "zh-CN"
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


def head_of(html: str, url: str = "https://example.com/a") -> HeadMetadata:
    return read_head(LexborHTMLParser(html), url)


def test_json_ld_graph_author_reference_type_list_and_image() -> None:
    html = """<html><head><script type="application/ld+json">{"@context": "https://schema.org",
    "@graph": [
      {"@type": ["WebPage", "BreadcrumbList"], "itemListElement": [{"name": "Home"},
       {"name": "Tech"}]},
      {"@type": "Person", "@id": "#jane", "name": "Jane Doe"},
      {"@type": "Organization", "@id": "#org", "name": "The Gazette"},
      {"@type": "NewsArticle", "headline": "Council approves bike lanes",
       "author": {"@id": "#jane"}, "publisher": {"@id": "#org"},
       "datePublished": "2024-03-01T09:00:00-05:00", "dateModified": "2024-03-02T10:00:00-05:00",
       "image": {"@type": "ImageObject", "url": "/lead.jpg"}}
    ]}</script></head><body></body></html>"""
    head = head_of(html)
    assert [a.name for a in head.authors] == ["Jane Doe"]
    assert head.site_name == "The Gazette"
    assert head.published == "2024-03-01T09:00:00-05:00"
    assert head.modified == "2024-03-02T10:00:00-05:00"
    assert head.image == "https://example.com/lead.jpg"
    assert head.breadcrumb == ("Home", "Tech")
    assert head.article_like


def test_json_ld_main_entity_and_non_article_types() -> None:
    forum = """<html><head><script type="application/ld+json">{"@type": "QAPage",
    "mainEntity": {"@type": "DiscussionForumPosting", "headline": "Kettle advice",
    "datePublished": "2024-05-03T08:45:44Z", "author": {"@type": "Person", "name": "raoul"}}}
    </script></head><body></body></html>"""
    head = head_of(forum)
    assert head.published == "2024-05-03T08:45:44Z"
    assert [a.name for a in head.authors] == ["raoul"]
    event = """<html><head><script type="application/ld+json">[{"@type": "WebSite",
    "datePublished": "2001-01-01"}, {"@type": "Recipe", "datePublished": "2023-02-03"}]
    </script></head><body></body></html>"""
    assert head_of(event).published == "2023-02-03"  # not the site's founding day


@pytest.mark.parametrize(
    ("meta", "date"),
    [
        ('<meta name="sw-pubdate" content="2022-01-20">', "2022-01-20"),
        ('<meta name="dc:date" content="2022-01-20">', "2022-01-20"),
        ('<meta name="citation_date" content="2022/01/20">', "2022-01-20"),
        ('<meta name="w-published-date" content="2022-01-20T06:03:43Z">', "2022-01-20T06:03:43Z"),
        ('<meta name="last-modified" content="2022-01-20">', ""),
    ],
)
def test_more_meta_date_keys(meta: str, date: str) -> None:
    assert head_of(f"<html><head>{meta}</head><body></body></html>").published == date


@pytest.mark.parametrize(
    ("meta", "authors"),
    [
        ('<meta property="article:author" content="Jane Doe">', ["Jane Doe"]),
        ('<meta property="article:author" content="https://fb.com/jane">', []),
        ('<meta name="parsely-author" content="Jane Doe">', ["Jane Doe"]),
        ('<meta name="sailthru.author" content="Jane Doe">', ["Jane Doe"]),
        ('<meta name="dc.creator" content="Jane Doe">', ["Jane Doe"]),
        ('<meta name="citation_author" content="Jane Doe">', ["Jane Doe"]),
        ('<meta name="author" content="Jane Doe and John Smith">', ["Jane Doe", "John Smith"]),
        ('<meta name="author" content="email@gmail.com">', []),
    ],
)
def test_author_meta_keys(meta: str, authors: list[str]) -> None:
    head = head_of(f"<html><head>{meta}</head><body></body></html>")
    assert [a.name for a in head.authors] == authors


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("By Jane Doe", "Jane Doe"),
        ("Evan HalperStaff Writer", "Evan Halper"),
        ("Eric Levitz@EricLevitz", "Eric Levitz"),
        ("Bob Yirka, Phys.org", "Bob Yirka"),
        ("Jane Doe, Staff Writer", "Jane Doe"),
        ("Jane Doe jane@example.com", "Jane Doe"),
        ("name", ""),
        ("email@gmail.com", ""),
        ("CNN", ""),
        # the desk the person writes for, after a dash; a desk alone stays what it is
        ("David Jackson - FullStack Editorial Team", "David Jackson"),
        ("Jane Doe | Staff", "Jane Doe"),
        ("Acme - Marketing Team", "Acme - Marketing Team"),
    ],
)
def test_clean_person(raw: str, name: str) -> None:
    assert clean_person(raw, site="CNN") == name


def test_markup_names_first_element_with_names() -> None:
    assert markup_names(["Share", "By Jane Doe and John Smith", "Ann Lee"]) == [
        "Jane Doe",
        "John Smith",
    ]
    assert markup_names(["12 comments", "Read more"]) == []


def test_markup_names_of_a_list_of_posts_credit_nobody() -> None:
    # A blog's front page: each post shows its own author; none of them wrote the page.
    posts = ["Ann Lee", "Ann Lee", "Bo Chen", "Bo Chen", "Cara Diaz", "Cara Diaz"]
    assert markup_names(posts) == []
    # A forum thread names its posters by user name: the first one started the thread.
    assert markup_names(["dale_j", "Pup", "jldugger", "dale_j", "raoul"]) == ["dale_j"]
    # The article's author repeated in a bio box, one other name: still the author.
    assert markup_names(["Ann Lee", "Ann Lee", "Bo Chen"]) == ["Ann Lee"]
    # Reviews as many by full name as by first name: a list of reviews, no author.
    reviews = ["by sam colegrove on May 2, 2025", "by Tony Bishop", "by Stephen", "by JUlius"]
    assert markup_names([*reviews, "by Azoil Strigidae"]) == []


def test_markup_names_read_credit_lines_and_drop_job_titles() -> None:
    assert markup_names(["Written By: Jane Doe Last Updated: August 1, 2025"]) == ["Jane Doe"]
    assert markup_names(["By Jane Doe in Workshop Woodworking"]) == ["Jane Doe"]
    assert markup_names(["Jane Doe Tech Reporter"]) == ["Jane Doe"]
    assert markup_names(["Guide by Jane Doe Former Deputy Tech Editor"]) == ["Jane Doe"]
    assert markup_names(["Written By Feb 11, 2019 · 3 min read"]) == []


def test_markup_names_skip_addresses_and_phone_numbers() -> None:
    vcard = "2809 Saucon Valley Road, Center Valley, Pennsylvania 18034 610-285-5000"
    assert markup_names([vcard]) == []
    # A user name may hold digits; a count or a name with a number after it is not a name.
    assert markup_names(["8128", "12 comments", "ridwan123"]) == ["ridwan123"]
    assert markup_names(["By Jane Doe | September 07, 2023"]) == ["Jane Doe"]


def test_author_markup_reads_rel_itemprop_and_classes() -> None:
    html = """<html><body><div class="author-avatar"><img alt="x"></div>
    <span class="byline">By <a rel="author" href="/jane">Jane Doe</a></span>
    <div itemprop="author"><span itemprop="name">John Smith</span></div></body></html>"""
    texts = author_markup(LexborHTMLParser(html))
    assert texts[0] == "By Jane Doe"
    assert "John Smith" in texts


def test_author_markup_names_an_element_once_for_each_selector_it_matches() -> None:
    # The first four names decide whether a page is dated, repeats included: an element is
    # listed once for each of the nine author selectors it matches, in no other case.
    html = """<html><body><p class="author Author">Ann Lee</p><p class="AUTHOR">Bo Li</p>
    <p class="coauthors">Cy Ng</p><p class="Byline byline vcard" rel="author">Di Wu</p>
    <p class="skyline">Ed Ho</p><p class="writer">Fay Yu</p><p class="xuthor">Gil Ma</p>
    <p class="userName creator">Hal Oz</p></body></html>"""
    texts = author_markup(LexborHTMLParser(html))
    assert texts == ["Ann Lee"] * 2 + ["Cy Ng"] + ["Di Wu"] * 4 + ["Hal Oz"]


# Elements that one broad selector of a query finds and Python sorts out: names in other
# cases, CSS words (`~=` splits at a form feed, not at a no-break space), `rel` and `type`
# compared in any ASCII case, `<svg><title>`.
_ODD_ELEMENTS = """<head><meta name="x" class="date"><title>T</title>
<link rel="Canonical" href="/a"><link rel="canonicalx" class="post-meta" href="/b">
<link itemprop="datePublished" href="/c"><base class="date"><base href="/d">
<script type="Application/LD+JSON">{}</script><script class="xdate">1</script></head><body>
<h1 class="entry-meta">H</h1><span itemprop="DatePublished">a</span><span class="UPDATE">b</span>
<span class="xDate">c</span><span id="DATE">d</span><span id="x-date">e</span>
<span itemprop="x author">f</span><span itemprop="AUTHOR">g</span>
<span itemprop="author&#x0c;name">h</span><span itemprop="author&nbsp;name">i</span>
<div class="site-footer">j</div><div class="entry-footer">k</div><time>l</time>
<span class="timestamp" itemprop="dateCreated">m</span><svg><title class="posted">n</title></svg>
</body>"""


@pytest.mark.parametrize("doctype", ["<!doctype html>", ""])  # standards and quirks mode
def test_one_query_sorts_its_matches_as_separate_queries_find_them(doctype: str) -> None:
    tree = LexborHTMLParser(f"{doctype}<html>{_ODD_ELEMENTS}</html>")
    found = _PageNodes(tree)

    def ids(nodes: list[Any]) -> list[int]:
        return [n.mem_id for n in nodes]

    head = tree.css(
        'meta, title, h1, base[href], link[rel="canonical"], script[type="application/ld+json"]'
    )
    dates = tree.css(
        'time, [itemprop="datePublished"], [itemprop="dateModified"], [itemprop="dateCreated"], '
        '[class*="date"], [class*="Date"], [class*="time"], [class*="publish"], '
        '[class*="posted"], [id*="date"], [class*="meta"], [class*="entry-footer"], '
        '[class*="post-footer"]'
    )
    assert sorted(found.head) == sorted({n.tag for n in head})
    for tag, nodes in found.head.items():
        assert ids(nodes) == ids([n for n in head if n.tag == tag])
    # (The list gives an element once for each selector it matches: `_PageNodes` once.)
    once = [n for i, n in enumerate(dates) if not i or n.mem_id != dates[i - 1].mem_id]
    assert len(once) < len(dates)
    assert ids(found.dates) == ids([n for n in once if n.tag != "meta"])
    assert ids(found.author_properties) == ids(tree.css('[itemprop~="author"]'))
    assert len(found.dates) == 11 and len(found.author_properties) == 2


def test_shown_dates_and_their_labels() -> None:
    html = """<html><head><meta property="og:type" content="article"></head><body>
    <h1>Title</h1><span class="post-date">Published March 27, 2024</span>
    <time datetime="2024-04-02">Updated April 2, 2024</time>
    <meta itemprop="datePublished" content="2020-01-01"></body></html>"""
    head = head_of(html)
    assert head.shown_dates == [("2024-03-27", "published"), ("2024-04-02", "updated")]


@pytest.mark.parametrize(
    ("stated", "modified", "shown", "near", "article", "url_date", "expected"),
    [
        # the stated day is shown: the stated date-time is kept
        ("2024-03-01T09:00Z", "", [("2024-03-01", "")], "", True, "", "2024-03-01T09:00Z"),
        # a UTC stamp after midnight on a page that shows the day before
        ("2020-02-25T02:25:54Z", "", [("2020-02-24", "")], "", True, "", "2020-02-24"),
        # the URL's day is the publisher's day
        ("2023-11-09T01:09:55Z", "", [], "", True, "2023-11-08", "2023-11-08"),
        # ... even where a masthead shows today's date (the stated UTC day)
        ("2023-11-09T01:09:55Z", "", [("2023-11-09", "")], "", True, "2023-11-08", "2023-11-08"),
        # ... unless the line under the headline shows the stated day
        ("2023-11-09T01:09Z", "", [], "2023-11-09", True, "2023-11-08", "2023-11-09T01:09Z"),
        # a hidden publication date, the modification date shown without a label
        ("2021-08-12", "2025-02-22", [("2025-02-22", "")], "", True, "", "2025-02-22"),
        # ... shown as the update: the stated date is the publication
        ("2021-08-12", "2025-02-22", [("2025-02-22", "updated")], "", True, "", "2021-08-12"),
        # ... also where the same day is repeated without a label (a sidebar, a footer)
        (
            "2021-08-12",
            "2025-02-22",
            [("2025-02-22", ""), ("2025-02-22", "updated")],
            "2025-02-22",
            True,
            "",
            "2021-08-12",
        ),
        # a stated UTC stamp the page gives with its own offset, on another day: that day
        (
            "2025-12-18T23:25:38+00:00",
            "",
            [("2025-12-19T04:25:38+05:00", ""), ("2025-12-18T12:00:00+05:00", "")],
            "",
            False,
            "",
            "2025-12-19T04:25:38+05:00",
        ),
        # ... not another instant, nor the same one in UTC (a <time datetime> says no zone)
        (
            "2025-12-18T23:25:38Z",
            "",
            [("2025-12-19T04:26:00+05:00", ""), ("2025-12-18", "")],
            "",
            True,
            "",
            "2025-12-18T23:25:38Z",
        ),
        (
            "2024-04-18T00:13:04+03:00",
            "",
            [("2024-04-17T21:13:04Z", ""), ("2024-04-18", "published")],
            "",
            False,
            "",
            "2024-04-18T00:13:04+03:00",
        ),
        # a stated date on the day of the modification is the last save: the headline's line
        ("2025-06-24", "2025-06-24", [("2024-08-25", "")], "2024-08-25", True, "", "2024-08-25"),
        # ... but not a line one day off (a time zone's doing, or a masthead's today)
        ("2025-06-24T01:00Z", "2025-06-24", [], "2025-06-23", True, "", "2025-06-24T01:00Z"),
        # stated as published after its modification, and not shown as published: restamped;
        # the day the page shows as published wins, else the line by the title
        (
            "2025-08-21",
            "2025-08-20",
            [("2023-04-26", "published"), ("2025-08-21", "updated")],
            "2025-08-21",
            True,
            "",
            "2023-04-26",
        ),
        ("2025-06-12", "2025-06-10", [], "2022-11-02", True, "", "2022-11-02"),
        # ... but a published date the page shows, or no modification stated, keeps it
        ("2025-06-12", "2025-06-10", [("2025-06-12", "")], "2022-11-02", True, "", "2025-06-12"),
        ("2025-06-12", "", [], "2022-11-02", True, "", "2025-06-12"),
        # ... and stamps in two zones are compared as instants: published at 07:00 in +08:00
        # and modified half an hour later, in UTC (the day before in UTC), is no restamp
        (
            "2025-06-12T07:00:00+08:00",
            "2025-06-11T23:30:00+00:00",
            [],
            "2022-11-02",
            True,
            "",
            "2025-06-12T07:00:00+08:00",
        ),
        # nothing stated: the line under the title, then date elements (articles only)
        ("", "", [("2024-01-01", "")], "2024-02-02", True, "", "2024-02-02"),
        ("", "", [("2024-01-01", ""), ("2024-01-05", "published")], "", True, "", "2024-01-05"),
        ("", "", [("2024-01-05", ""), ("2024-01-01", "")], "", False, "", ""),
        # ... the first date element is the earliest day shown: a thread's opening post
        ("", "", [("2024-01-01", ""), ("2024-01-05", "")], "", False, "", "2024-01-01"),
        ("", "", [("2024-01-01", ""), ("2024-01-01", "")], "", False, "", "2024-01-01"),
        # no article markup: the first date element says it is the posting date (a thread)
        ("", "", [("2011-02-11", "published"), ("2011-02-12", "")], "", False, "", "2011-02-11"),
        # ... but not when the first one is an update or has no label
        ("", "", [("2011-02-11", "updated"), ("2011-02-12", "")], "", False, "", ""),
        ("", "", [("2011-02-12", ""), ("2011-02-11", "published")], "", False, "", ""),
        # ... and the posting date beats an unlabelled line by the title (an edit date)
        ("", "", [("2014-02-04", "published")], "2021-07-04", False, "", "2014-02-04"),
        ("", "", [("2014-02-04", "published")], "2021-07-04", True, "", "2021-07-04"),
    ],
)
def test_choose_published(
    stated: str,
    modified: str,
    shown: list[tuple[str, str]],
    near: str,
    article: bool,
    url_date: str,
    expected: str,
) -> None:
    assert choose_published(stated, modified, shown, near, article, url_date) == expected


def test_site_from_host() -> None:
    assert site_from_host("https://www.example.com/a") == "example.com"
    assert site_from_host("file.html") == ""


def test_breadcrumb_list_item_given_as_a_url() -> None:
    html = """<html><head><script type="application/ld+json">{"@type": "BreadcrumbList",
    "itemListElement": [{"item": "https://example.com/"}, {"name": "Blog",
    "item": "https://example.com/blog"}]}</script></head><body></body></html>"""
    assert head_of(html).breadcrumb == ("Blog",)


@pytest.mark.parametrize(
    ("h1", "text"),
    [
        ("<h1>Data Analytics<span><br>Agency</span></h1>", "Data Analytics Agency"),
        ("<h1>Middleware<a class='headerlink' href='#m'>¶</a></h1>", "Middleware"),
        (
            "<h1><span aria-hidden='true'><span>The tool</span><span>for teams</span></span>"
            "<span class='visually-hidden'>The tool for teams</span></h1>",
            "The tool for teams",
        ),
        ("<h1>Week<em>end</em> <div>plans</div></h1>", "Weekend plans"),
        (
            "<h1>Crate <span>tokio</span>&nbsp;<button title='Copy'>Copy item path</button></h1>",
            "Crate tokio",
        ),
        (
            "<h1><style>.a{font-weight:700}</style><svg><title>Logo</title></svg>IAM overview"
            "<devsite-actions hidden><span>Stay organized</span></devsite-actions></h1>",
            "IAM overview",
        ),
        ("<h1>春耕时节<br>农事忙</h1>", "春耕时节 农事忙"),
    ],
)
def test_heading_text_as_read_aloud(h1: str, text: str) -> None:
    tree = LexborHTMLParser(f"<html><body>{h1}</body></html>")
    assert heading_text(tree.css_first("h1")) == text
    assert read_head(tree, "").headings == [text]


@pytest.mark.parametrize(
    ("title_tag", "h1", "title"),
    [
        ("Auth | Supabase Docs", "Auth", "Auth"),
        # The <h1> is the book's or site's name, the last segment: the title is the rest.
        (
            "What is Ownership? - The Rust Programming Language",
            "The Rust Programming Language",
            "What is Ownership?",
        ),
        (
            "Electrical - Overview | Safety Administration",
            "Safety Administration",
            "Electrical - Overview",
        ),
        ("春耕时节农事忙_要闻_某某日报", "某某日报", "春耕时节农事忙"),
        ("春耕時節農事忙_要聞_某某日報", "某某日報", "春耕時節農事忙"),
        # Site first: the <h1> in the last segment is the headline, not the site's name.
        ("Discord - Group Chat That's All Fun", "Group chat that's all fun", ""),
        ("NASA SVS | Impact of Climate Change", "Impact of Climate Change", ""),
        ("No heading here | The Gazette", "Something else", ""),
        # A separator that ends the <title> cuts nothing: the site's name is not the title.
        ("Hi there | The Rust Book |", "The Rust Book", "Hi there"),
    ],
)
def test_heading_segment(title_tag: str, h1: str, title: str) -> None:
    urls = ("https://discord.com/", "https://svs.gsfc.nasa.gov/4975")
    assert heading_segment(title_tag, [h1], "", urls)[0] == title


_THREAD = """<html><body><div itemscope itemtype="https://schema.org/DiscussionForumPosting">
<div class="hidden"><div itemprop="author" itemscope itemtype="https://schema.org/Person">
<span itemprop="name">{starter}</span></div></div>
<h1 itemprop="headline">{title}</h1>
<div itemprop="comment" itemscope itemtype="https://schema.org/Comment">
<div itemprop="author" itemscope itemtype="https://schema.org/Person"><a>{reply}</a>
<meta itemprop="name" content="{reply}"></div><p>Me too.</p></div></div></body></html>"""


@pytest.mark.parametrize(
    ("starter", "reply", "title"),
    [
        ("JosephF", "WilliamR", "Replacement projector recommendations"),
        ("张三丰", "李四", "求推荐投影仪"),
        ("張三豐", "李四", "求推薦投影儀"),
    ],
)
def test_microdata_author_is_the_thread_starter(starter: str, reply: str, title: str) -> None:
    tree = LexborHTMLParser(_THREAD.format(starter=starter, reply=reply, title=title))
    assert microdata_authors(tree) == [starter]
    assert [a.name for a in read_head(tree, "").authors] == [starter]


def test_microdata_author_of_a_question_not_of_its_answers() -> None:
    html = """<html itemscope itemtype="https://schema.org/QAPage"><body>
    <div itemprop="mainEntity" itemscope itemtype="https://schema.org/Question">
    <div class="user-details" itemprop="author" itemscope itemtype="http://schema.org/Person">
    <a href="/users/1">asker42</a><meta itemprop="name" content="asker42">
    <span class="reputation-score">159</span></div>
    <div itemprop="acceptedAnswer" itemscope itemtype="https://schema.org/Answer">
    <div itemprop="author" itemscope itemtype="http://schema.org/Person">
    <meta itemprop="name" content="Helpful Person"></div></div></div></body></html>"""
    assert microdata_authors(LexborHTMLParser(html)) == ["asker42"]


def test_microdata_authors_of_several_posts_credit_nobody() -> None:
    post = """<article itemscope itemtype="https://schema.org/BlogPosting">
    <span itemprop="author">{}</span><h2 itemprop="headline">Post</h2></article>"""
    html = "<html><body>" + post.format("Jane Doe") + post.format("John Roe") + "</body></html>"
    assert microdata_authors(LexborHTMLParser(html)) == []
    one = "<html><body>" + post.format("Jane Doe") + "</body></html>"
    assert microdata_authors(LexborHTMLParser(one)) == ["Jane Doe"]
    headline = "<html><body>" + post.format("5 Great SEO Ideas That You Can Practice") + "</body>"
    assert microdata_authors(LexborHTMLParser(headline)) == []


@pytest.mark.parametrize(
    ("posts", "names"),
    [
        # A forum's posts are dated in their credits: the thread starter is the author.
        (
            '<p class="author">Post by <a class="username">galitsyn</a> » 11. Sep 2024, 18:36</p>'
            '<p class="author">Post by <a class="username">Simple07</a> » 11. Sep 2024, 21:06</p>',
            ["galitsyn"],
        ),
        (
            '<p class="author">作者 <a class="username">张三丰</a> » 2024-09-11 18:36</p>'
            '<p class="author">作者 <a class="username">李四</a> » 2024-09-11 21:06</p>',
            ["张三丰"],
        ),
        # Undated author elements on a page that is neither an article nor dated: staff.
        ('<div class="author">Jane Doe</div><div class="author">John Roe</div>', []),
    ],
)
def test_choose_authors_on_a_forum_dated_by_its_posts(posts: str, names: list[str]) -> None:
    tree = LexborHTMLParser(f"<html><body>{posts}</body></html>")
    assert [a.name for a in choose_authors(HeadMetadata(), tree, [], "")] == names


def test_heading_text_of_a_deeply_nested_heading() -> None:
    html = "<h1>" + "<span>" * 3000 + "Deep<br>title" + "</span>" * 3000 + "</h1>"
    assert heading_text(LexborHTMLParser(html).css_first("h1")) == "Deep title"


def test_json_ld_with_two_objects_or_a_stray_brace_in_one_script_is_read() -> None:
    two = """<html><head><script type="application/ld+json">
    {"@type": "Organization", "name": "Example"}
    {"@type": "NewsArticle", "datePublished": "2020-10-26T18:10:00+01:00"}}
    </script></head><body><h1>T</h1></body></html>"""
    assert head_of(two).published == "2020-10-26T18:10:00+01:00"
    wrapped = """<html><head><script type="application/ld+json"><!--
    {"@type": "BlogPosting", "datePublished": "2021-03-04"};
    --></script></head><body><h1>T</h1></body></html>"""
    assert head_of(wrapped).published == "2021-03-04"


def test_a_meta_upload_date_is_the_publication_date() -> None:
    html = """<html><head><meta property="photos:uploaded" content="2013-02-16T04:36:36-05:00">
    </head><body><h1>T</h1></body></html>"""
    assert head_of(html).published == "2013-02-16T04:36:36-05:00"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "This entry was posted on Saturday, December 3rd, 2011 at 10:20 am and is filed"
            " under Security, Networks. You can follow any responses to this entry through"
            " the RSS 2.0 feed. Both comments and pings are currently closed.",
            "2011-12-03T10:20",
        ),
        (
            "Dieser Artikel wurde am 14. Dezember 2015 um 14:48 von Heiner geschrieben und"
            " unter dem Stichwort Arduino in die Kategorie Arduino eingeordnet. Es gibt schon"
            " 9 Kommentare, wie ist deine Meinung zu diesem Thema?",
            "2015-12-14T14:48",
        ),
    ],
)
def test_a_blog_theme_posted_sentence_under_the_post_is_its_date(
    sentence: str, expected: str
) -> None:
    html = f"""<html><body><h1>T</h1><p>Text.</p>
    <div class="post-footer">{sentence}</div></body></html>"""
    assert head_of(html).shown_dates == [(expected, "published")]


def test_a_long_footer_without_a_posted_sentence_is_not_a_date_element() -> None:
    text = "Our shop opened on 3 March 2011. " * 5
    html = f"""<html><body><h1>T</h1><div class="post-footer">{text}</div></body></html>"""
    assert head_of(html).shown_dates == []


def test_the_url_and_the_stated_date_agree_on_the_day() -> None:
    shown = [("2025-06-19", ""), ("2025-06-23", "")]
    stated = "2025-06-20T13:11:19+00:00"
    assert choose_published(stated, "", shown, "", True, "2025-06-20") == stated


@pytest.mark.parametrize(
    "script",
    [
        '<!-- {"@type": "NewsArticle"} -->',
        '//<![CDATA[\n{"url": "https://example.com/a//b"}\n//]]>\n',
        '  // <![CDATA[ {"a": 1}; //  ]]>  ',
        '{"a": "x -->"};\n\n',
        '{"a": 1}\u3000;\u3000',
        "<!-->",
        "<!--;",
        '{"url": "//cdn.example.com/x.png"}',
        "",
        " \n ",
    ],
)
def test_json_ld_unwrapping_matches_the_wrapper_pattern(script: str) -> None:
    from jzcli.extract.metadata import _LD_WRAPPER, _unwrapped

    assert _unwrapped(script) == _LD_WRAPPER.sub("", script)


def _site_credited(og_type: str) -> str:
    return f"""<html><head><title>Ten ways to plan an event | Acme Events</title>
    <meta property="og:type" content="{og_type}">
    <meta property="og:site_name" content="Acme Events">
    <meta name="author" content="Acme Events"></head><body></body></html>"""


def test_an_article_credited_to_its_publisher_keeps_that_author() -> None:
    # Company blogs and one-person sites credit the site itself (`Swoogo`, `Jane Doe` on
    # janedoe.com): on a page that says it is an article, that is the author.
    assert [a.name for a in head_of(_site_credited("article")).authors] == ["Acme Events"]


def test_a_non_article_page_crediting_its_site_has_no_author() -> None:
    # A product or service page signed by the site in its head tags names no writer.
    assert head_of(_site_credited("website")).authors == []
