"""The generic HTML extractor on pages shaped like real news-site templates."""
# ruff: noqa: E501  (the test pages are long lines of HTML, as real pages are)

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from jzcli.decode.charset import decode_bytes
from jzcli.extract import html as html_module
from jzcli.extract.blocks import build_layout
from jzcli.extract.html import _headline_block, extract_html, guess_language
from jzcli.models import Article
from jzcli.settings import Settings

PAGES = Path(__file__).resolve().parent.parent / "data" / "extraction" / "pages"
NO_RULES = Settings(use_rules=False)


def extract(html: str, url: str = "http://news.example.cn/a/1.html") -> Article:
    return extract_html(html, url, NO_RULES, None)


@pytest.fixture(scope="module")
def zh_portal() -> Article:
    raw = (PAGES / "zh_portal.html").read_text(encoding="utf-8").encode("gbk")
    text, decision = decode_bytes(raw, is_html=True)
    return extract_html(text, "http://www.jzrb.com/sp/hc/2.shtml", NO_RULES, decision)


@pytest.fixture(scope="module")
def en_news() -> Article:
    html = (PAGES / "en_news.html").read_text(encoding="utf-8")
    return extract(html, "https://gazette.example.com/news/2021/06/16/bike-lanes")


def test_zh_portal_body_keeps_article_and_drops_chrome(zh_portal: Article) -> None:
    text = zh_portal.text
    assert zh_portal.paragraphs[0].startswith("如何书写新时代城市治理现代化的精彩答卷")
    assert zh_portal.paragraphs[-1].endswith("治理能力现代化。")
    assert len(zh_portal.paragraphs) == 5
    for chrome in (
        "首页",
        "您现在的位置",
        "分享到",
        "上一篇",
        "相关新闻",
        "网友评论",
        "点击排行",
        "免责声明",
        "Copyright",
        "广告代码",
        "样式",
        "搜索",
        "责任编辑",
        "□",
    ):
        assert chrome not in text, chrome


def test_zh_portal_metadata(zh_portal: Article) -> None:
    assert zh_portal.title == "城市治理要俯下身子听民声"
    assert zh_portal.site_name == "焦作网"
    assert zh_portal.column == "怀川时评"
    assert zh_portal.breadcrumb == ("焦作网", "新闻中心首页", "时评", "怀川时评", "正文")
    assert zh_portal.published == "2021-06-16T08:40"
    assert zh_portal.source == "焦作日报"
    roles = {(a.normalized, a.role) for a in zh_portal.authors}
    assert ("郭劍", "author") in roles
    assert ("王小明", "editor") in roles
    assert zh_portal.language == "zh"
    assert zh_portal.description.startswith("城市管理的力量在人民")
    assert zh_portal.provenance.extractor == "html"
    assert zh_portal.provenance.input_kind == "html"


def test_zh_portal_image_with_caption_below(zh_portal: Article) -> None:
    assert [i.url for i in zh_portal.images] == ["http://www.jzrb.com/upload/2021/06/chengguan.jpg"]
    assert zh_portal.images[0].caption == "城管队员走进社区宣传垃圾分类"


def test_zh_portal_consumed_byline_is_recorded(zh_portal: Article) -> None:
    removed = {(r.text, r.reason) for r in zh_portal.provenance.removed}
    assert ("□郭 劍", "byline") in removed


def test_en_news_body(en_news: Article) -> None:
    assert en_news.paragraphs[0].startswith("The Springfield City Council voted 7-2")
    assert "Opposition from business owners" in en_news.paragraphs
    assert en_news.paragraphs[-1].startswith("The first segment")
    for chrome in (
        "Advertisement",
        "Tweet",
        "Related",
        "Comments",
        "terrible idea",
        "Privacy",
        "All rights reserved",
        "By Jane Doe",
    ):
        assert chrome not in en_news.text, chrome
    assert ("Advertisement", "boilerplate") in {
        (r.text, r.reason) for r in en_news.provenance.removed
    }


def test_en_news_metadata_from_json_ld_and_meta(en_news: Article) -> None:
    assert en_news.title == "City council approves new bike lanes downtown"
    assert [a.name for a in en_news.authors] == ["Jane Doe", "John Roe"]
    assert en_news.published == "2021-06-16T08:40:00-05:00"
    assert en_news.site_name == "The Springfield Gazette"
    assert en_news.canonical_url == "https://gazette.example.com/news/2021/06/16/bike-lanes"
    assert en_news.language == "en"
    assert en_news.breadcrumb == ("News", "Local")
    assert en_news.images[0].url == "https://gazette.example.com/img/lanes.jpg"
    assert en_news.images[0].caption.startswith("A cyclist rides along Main Street")


BR_PAGE = """<html><head><title>春耕时节农事忙 - 某某日报</title></head><body>
<table><tr><td class="nav"><a href="/">首页</a> | <a href="/n">新闻</a> | <a href="/s">社会</a></td></tr>
<tr><td class="content">　　春耕时节，田间地头一派繁忙景象，农民们抢抓农时，翻地、播种、施肥，处处洋溢着丰收的希望。<br><br>
　　在城郊的一片麦田里，种粮大户李大爷正驾驶着拖拉机来回作业。他说，今年的种子和化肥都已经备足了，就等着好收成。<br><br>
　　据了解，今年全县计划播种面积达到五十万亩，比去年增加了三万亩，农业部门还组织了技术人员下乡指导。<br>
</td></tr></table></body></html>"""


def test_br_separated_paragraphs() -> None:
    article = extract(BR_PAGE)
    assert len(article.paragraphs) == 3
    assert article.paragraphs[1].startswith("在城郊的一片麦田里")
    assert article.title == "春耕时节农事忙"
    assert "首页" not in article.text


INDENT_PAGE = """<html><body><div class="nav"><a href="/">首页</a></div><div id="text">
　　第一段：这是一个没有任何标签分隔的段落，只用全角空格缩进，很多老网站都是这样排版的。　　第二段：同一个文本节点里的第二个段落，前面也是两个全角空格，读者看到的是两段。
　　第三段：换行之后再缩进的第三个段落，内容同样重要，必须单独成段才对。</div></body></html>"""


def test_full_width_indent_starts_paragraphs() -> None:
    article = extract(INDENT_PAGE)
    assert [p[:3] for p in article.paragraphs] == ["第一段", "第二段", "第三段"]


RUBY_PAGE = """<html><body><article><p>今天我们学习<ruby>汉<rp>(</rp><rt>hàn</rt><rp>)</rp></ruby><ruby>字<rt>zì</rt></ruby>，
这是中文课程的第一课，老师讲得非常认真，同学们听得也很仔细。</p>
<p>汉字是世界上最古老的文字之一，已经有三千多年的历史，至今仍在使用，这在世界上是独一无二的。</p>
</article></body></html>"""


def test_ruby_annotations_are_dropped() -> None:
    article = extract(RUBY_PAGE)
    assert article.paragraphs[0].startswith("今天我们学习汉字，")
    assert "hàn" not in article.text and "zì" not in article.text and "(" not in article.text


DIV_PAGE = """<html><body><div class="menu"><a href="/">Home</a> <a href="/x">World</a></div>
<div class="article-text">
<div>The storm moved inland early on Sunday, bringing heavy rain and strong winds to coastal towns.</div>
<div>Officials said more than ten thousand homes lost power, and crews were working to restore it.</div>
<div>Schools in three counties will remain closed on Monday while roads are cleared of debris.</div>
</div><script>var x = "The storm script text";</script><noscript>Enable JavaScript, please.</noscript>
<template><p>Template text should never appear in the article output.</p></template>
<iframe>iframe text</iframe></body></html>"""


def test_div_paragraphs_and_invisible_elements() -> None:
    article = extract(DIV_PAGE)
    assert len(article.paragraphs) == 3
    assert article.paragraphs[2].startswith("Schools in three counties")
    for hidden in ("script text", "JavaScript", "Template text", "iframe text", "Home"):
        assert hidden not in article.text


def test_aspnet_form_wrapping_the_page_is_kept() -> None:
    body = "".join(
        f"<p>这是第{i}段正文内容，讲述了一个完整的故事，情节曲折，人物鲜明，值得一读。</p>"
        for i in range(1, 6)
    )
    html = f'<html><body><form id="form1" action="x.aspx"><div id="post">{body}</div></form></body></html>'
    article = extract(html)
    assert len(article.paragraphs) == 5


def test_page_without_body_text_gives_no_paragraphs() -> None:
    article = extract("<html><body><ul><li><a href='/'>Home</a></li></ul></body></html>")
    assert article.paragraphs == ()


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("这是一个中文句子，用来测试语言识别。", "zh"),
        ("The quick brown fox jumps over the lazy dog and the cat.", "en"),
        ("これは日本語の文章です。", "ja"),
        ("이것은 한국어 문장입니다.", "ko"),
        ("", ""),
    ],
)
def test_guess_language(text: str, lang: str) -> None:
    assert guess_language(text) == lang


_PIECES = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<div class='content'>",
        "<div class='comments'>",
        "</div>",
        "<br>",
        "<a href='/x'>",
        "</a>",
        "<li>",
        "<ul>",
        "</ul>",
        "<h1>",
        "</h1>",
        "<form>",
        "</form>",
        "<script>x</script>",
        "<img src='/i.jpg' alt='图'>",
        "<figure>",
        "<figcaption>",
        "　　",
        "记者 张三",
        "2021-06-16",
        "您现在的位置: 首页 > 新闻 > 正文",
        "免责声明",
        "，",
        "。",
        "Hello, world.",
        "text ",
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_PIECES, max_size=40))
def test_extractor_never_crashes_on_odd_markup(pieces: list[str]) -> None:
    article = extract("<html><body>" + "".join(pieces))
    assert all(p.strip() for p in article.paragraphs)
    assert article.provenance.input_kind == "html"


def test_figure_caption_is_kept_for_the_image_not_the_text(en_news: Article) -> None:
    assert not any(p.startswith("A cyclist rides along") for p in en_news.paragraphs)
    assert en_news.images[0].caption.startswith("A cyclist rides along")


def test_prose_swallowed_by_an_unclosed_link_is_kept() -> None:
    para = (
        "这是论坛帖子的正文，作者详细介绍了这部电影的拍摄经过、演员阵容和历史背景，内容非常丰富，值得一读。"
        * 3
    )
    html = f"""<html><body><div class="nav"><a href="/">首页</a> <a href="/bbs">论坛</a></div>
    <div class="post"><a href="/download/1.torrent">{para}<br>{para}<br>{para}</div></body></html>"""
    article = extract(html)
    assert len(article.paragraphs) == 3
    assert "首页" not in article.text


def test_embedded_tweet_inside_the_story_stays() -> None:
    para = "<p>The governor defended the campaign on Monday, saying it had started an important conversation about drug use in the state.</p>"
    tweet = '<div class="social-media-embed"><blockquote class="twitter-tweet"><p>Yes this is real, and the state spent half a million dollars on it.</p></blockquote></div>'
    html = f"<html><body><article><div class='entry-content'>{para * 3}{tweet}{para}</div></article></body></html>"
    article = extract(html)
    assert (
        "Yes this is real, and the state spent half a million dollars on it." in article.paragraphs
    )


def test_template_language_and_logo_heading_do_not_win() -> None:
    para = (
        "<p>春节假期过后，各地企业陆续复工复产，生产线上一片繁忙景象，工人们正在加紧赶制订单。</p>"
    )
    html = f"""<html lang="en"><head><title>各地企业复工复产忙 生产线上赶订单_某某网</title></head>
    <body><h1 class="logo">某某网</h1><div class="article">{para * 4}</div></body></html>"""
    article = extract(html)
    assert article.language == "zh"
    assert article.title == "各地企业复工复产忙 生产线上赶订单"
    assert article.site_name == "某某网"


@pytest.mark.parametrize(
    ("og_title", "expected"),
    [
        ("The Impeachment Clock | National Review", "The Impeachment Clock"),
        ("Self-driving cars - what next?", "Self-driving cars - what next?"),
    ],
)
def test_og_title_loses_only_a_site_suffix(og_title: str, expected: str) -> None:
    html = f"""<html><head><title>{og_title}</title><meta property="og:title" content="{og_title}">
    <meta property="og:site_name" content="National Review"></head><body></body></html>"""
    html = html.replace(
        "<title>Self-driving cars - what next?</title>", "<title>Cars | Site</title>"
    )
    assert extract(html).title == expected


def test_hidden_elements_are_not_text() -> None:
    para = "<p>The storm moved inland early on Sunday, bringing heavy rain and strong winds to the coast.</p>"
    html = f"""<html><body><div class="article">{para * 3}
    <div style="display: none"><p>Hidden copy of an older version, with commas, clauses, and words.</p></div>
    <div hidden><p>Another hidden paragraph that a reader never sees on the page at all.</p></div>
    </div></body></html>"""
    article = extract(html)
    assert len(article.paragraphs) == 3
    assert "hidden" not in article.text.lower()


def test_info_line_date_needs_a_label_or_time() -> None:
    para = (
        "<p>春节假期过后，各地企业陆续复工复产，生产线上一片繁忙景象，工人们正在加紧赶制订单。</p>"
    )
    masthead = "<div class='top'>2022年02月12日 星期六</div>"
    info = "<div class='info'>报纸网 | 发布: 2021-1-29 13:18 | 点击: 313 | 来自: 互联网</div>"
    html = f"<html><body>{masthead}<div class='main'>{info}<div class='text'>{para * 4}</div></div></body></html>"
    assert extract(html).published == "2021-01-29T13:18"
    assert extract(html.replace(info, "")).published == ""


def test_saved_page_images_resolve_against_the_canonical_url() -> None:
    para = "<p>The storm moved inland early on Sunday, bringing heavy rain and strong winds to the coast.</p>"
    html = f"""<html><head><link rel="canonical" href="https://news.example.com/2021/storm.html"></head>
    <body><article>{para}<img src="/img/storm.jpg" alt="Storm">{para * 2}</article></body></html>"""
    article = extract_html(html, "saved/storm.html", NO_RULES, None)
    assert [i.url for i in article.images] == ["https://news.example.com/img/storm.jpg"]


def test_json_ld_breadcrumb_item_given_as_a_plain_url() -> None:
    # schema.org allows `item` to be the URL itself; such entries have no name to read.
    ld = """{"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": [
      {"@type": "ListItem", "position": 1, "name": "Home", "item": "https://example.com/"},
      {"@type": "ListItem", "position": 2, "item": "https://example.com/weather/"},
      {"@type": "ListItem", "position": 3, "item": {"@id": "https://example.com/w/", "name": "Storms"}}]}"""
    para = "<p>The storm moved inland early on Sunday, bringing heavy rain and strong winds.</p>"
    html = f"""<html><head><script type="application/ld+json">{ld}</script></head>
    <body><article>{para * 3}</article></body></html>"""
    article = extract(html)
    assert article.breadcrumb == ("Home", "Storms")
    assert len(article.paragraphs) == 3


FORUM_POSTS = [
    "I upgraded the router firmware last night and now the guest network drops every hour.",
    "Same here. Rolling back to the previous version fixed it for me, at least for now.",
    "Support told me a patch is coming next week; until then, disable band steering.",
]


def test_text_left_to_readers_without_scripts_is_the_page() -> None:
    # A script-built forum: the app shell is empty, the posts are in <noscript>.
    posts = "".join(f"<div class='post'><p>{p}</p></div>" for p in FORUM_POSTS)
    html = f"""<html><body><div id="app"><nav><a href="/">Home</a></nav></div>
    <noscript><div id="main-outlet"><h1>Guest network drops</h1>{posts}</div></noscript>
    </body></html>"""
    assert list(extract(html).paragraphs) == FORUM_POSTS
    # A short "enable JavaScript" notice is not the page.
    notice = "<html><body><div id='root'></div><noscript>You need to enable JavaScript to run this app.</noscript></body></html>"
    assert extract(notice).paragraphs == ()


def test_article_streamed_into_a_hidden_container_is_kept() -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in FORUM_POSTS)
    html = f"""<html><body><header><a href="/">Home</a> <a href="/blog">Blog</a></header>
    <main><div class="skeleton">Loading…</div></main>
    <div hidden id="S:0"><article><h1>Router troubles</h1>{paragraphs}</article></div>
    <div hidden class="modal"><p>Sign up for our newsletter, it is free and weekly.</p></div>
    </body></html>"""
    article = extract(html)
    assert list(article.paragraphs) == FORUM_POSTS
    assert "newsletter" not in article.text


STORY = [
    "The council voted on Tuesday to extend the night bus service to the eastern suburbs.",
    "Riders had asked for the change for years, saying the last bus left far too early.",
    "The new timetable starts in March, and the council will review it after six months.",
    "Drivers' unions welcomed the plan but asked for more staff before the first winter.",
]


def test_article_in_containers_named_like_widgets_is_kept() -> None:
    # A page builder wraps every block of the article in a "widget", pictures included; a
    # real widget (a list of links) and a comment section sit beside them.
    wrap = '<div class="WidgetWrapper_wrap__x1">{}</div>'
    paras = [f"{s[:-1]}, said speaker number {i}." for i in range(3) for s in STORY]
    picture = wrap.format('<figure><img src="/bus.jpg"><figcaption>A bus.</figcaption></figure>')
    widgets = picture.join(
        wrap.format("".join(f"<p>{p}</p>" for p in paras[i : i + 4])) for i in (0, 4, 8)
    )
    links = "".join(f'<li><a href="/n/{i}">Other story number {i}</a></li>' for i in range(5))
    related = wrap.format(f"<ul>{links}</ul>")
    comment = "<div class='comments'><p>I wrote to the council twice about this, glad they listened at last.</p></div>"
    html = f"<html><body><main><div class='Stack_stack__k2'>{widgets}{related}{comment}</div></main></body></html>"
    article = extract(html)
    assert list(article.paragraphs) == paras


def test_article_wrapped_in_a_share_container_beats_the_author_bio() -> None:
    # The theme wraps the article and its share buttons in "share-container"; the author
    # bio below is the only prose outside it and must not win.
    story = "".join(f"<p>{p}</p>" for p in STORY)
    about = [
        "Dana Lee is a transport reporter, based in Leeds, who has covered the city since 2015.",
        "Before that, she wrote about farming and rural schools for a regional weekly paper.",
        "She is writing a book about the history of the city's trams, out next spring.",
    ]
    bio = "<div class='post-author'><div class='author-content'>"
    bio += "".join(f"<p>{p}</p>" for p in about) + "</div></div>"
    html = f"""<html><body><article class="post"><div class="share-container">
    <div class="share-buttons"><a href="/s">Share</a> <a href="/t">Tweet</a></div>
    <div class="post-content-container">{story}</div></div>{bio}</article>
    <aside class="sidebar"><p>Subscribe to our weekly newsletter, every Friday in your inbox.</p></aside>
    </body></html>"""
    assert list(extract(html).paragraphs) == STORY


def test_body_made_of_short_steps_is_kept_whole() -> None:
    # A how-to page: a short intro paragraph, then materials and steps as short items in
    # their own cards. The intro alone is not the body.
    intro = "<div class='intro'><p>Building a raised garden bed takes an afternoon and a few basic tools, and it pays off for years.</p></div>"
    materials = ["Four cedar boards", "Sixteen deck screws", "A cordless drill", "Garden soil"]
    steps = [
        "Cut the boards to length",
        "Screw the corners together",
        "Level the ground under the frame",
        "Fill the bed with soil",
        "Water it well before planting",
    ]
    cards = "".join(
        f"<div class='card'><h3>Step {n}</h3><div class='card-text'>{s}</div></div>"
        for n, s in enumerate(steps, 1)
    )
    items = "".join(f"<li>{m}</li>" for m in materials)
    nav = "<nav><a href='/'>Home</a> <a href='/garden'>Garden</a> <a href='/tools'>Tools</a></nav>"
    html = f"""<html><body>{nav}<main><div class='page'>{intro}
    <div class='materials'><h2>What you need</h2><ul>{items}</ul></div>
    <div class='steps'>{cards}</div></div></main>
    <footer><a href='/about'>About us</a> <a href='/privacy'>Privacy</a></footer></body></html>"""
    text = extract(html).text
    assert "Building a raised garden bed" in text
    for line in materials + steps:
        assert line in text
    assert "Privacy" not in text and "Tools" not in text


def test_page_without_paragraphs_returns_its_main_text() -> None:
    # A category page: a heading, short tiles of names and prices, no paragraph of prose.
    # No container reads like an article; the main text, less the menus, is what is left.
    tiles = "".join(
        f"<div class='tile'><a href='/p/{n}'><img src='/i/{n}.jpg'></a><div>{name}</div><div>${n}0</div></div>"
        for n, name in enumerate(["Trail runner", "Road racer", "Track spike", "Daily trainer"], 1)
    )
    html = f"""<html><body><header><div>Shop</div><div>Sign in</div></header>
    <nav><a href='/'>Home</a> <a href='/men'>Men</a> <a href='/women'>Women</a></nav>
    <main><h1>Running shoes</h1><div class='grid'>{tiles}</div></main>
    <aside><div>Free delivery on orders over $50</div></aside>
    <footer><div>Gift cards</div><div>Find a store</div></footer></body></html>"""
    text = extract(html).text
    for line in ("Trail runner", "Daily trainer", "$40"):
        assert line in text
    for chrome in ("Sign in", "Women", "Free delivery", "Gift cards"):
        assert chrome not in text


def test_page_with_only_a_label_left_stays_empty() -> None:
    # Nothing but chrome and a cart counter: no main text, not a few words of junk.
    html = """<html><body><header><div>Brand</div></header><nav><a href='/'>Home</a></nav>
    <main><div>Cart (0)</div></main><footer><div>Terms of use</div></footer></body></html>"""
    assert extract(html).paragraphs == ()


def test_page_of_linked_headlines_keeps_the_headlines() -> None:
    # A section front: every story is a linked headline with no paragraph to vote. The
    # headlines are the page's text; the short menu links around them are not.
    heads = [
        "Council approves the new river crossing after a long debate",
        "Storm closes schools across the northern valley on Monday",
        "Local bakery wins the regional prize for the third year running",
    ]
    items = "".join(f"<li><a href='/s/{n}'>{h}</a></li>" for n, h in enumerate(heads))
    html = f"""<html><body><nav><a href='/'>Home</a> <a href='/sport'>Sport</a></nav>
    <main><h1>Local news</h1><ul class='stories'>{items}</ul>
    <div><a href='/more'>More</a></div></main>
    <footer><a href='/terms'>Terms</a></footer></body></html>"""
    text = extract(html).text
    for head in heads:
        assert head in text
    for chrome in ("Sport", "More", "Terms"):
        assert chrome not in text.split("\n")


def test_section_front_with_a_short_blurb_returns_the_stories() -> None:
    # One sentence of introduction reads like prose and wins the vote; the stories, all
    # linked headlines with a short summary, are what the page holds.
    stories = "".join(
        f"<div class='card'><h3><a href='/s/{n}'>{h}</a></h3><div>{s}</div></div>"
        for n, (h, s) in enumerate(
            [
                ("Probe finds water ice near the lunar south pole", "Mission data"),
                ("Coral reefs recover faster than models predicted", "Ocean survey"),
                ("New battery chemistry doubles the life of grid storage", "Lab report"),
                ("Astronomers map the oldest known galaxy cluster so far", "Telescope"),
            ]
        )
    )
    html = f"""<html><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>
    <main><h1>Science</h1><p class='intro'>The latest science news, updated daily.</p>
    <div class='cards'>{stories}</div></main><footer><a href='/terms'>Terms</a></footer></body></html>"""
    text = extract(html).text
    for head in ("Probe finds water ice", "Coral reefs recover", "oldest known galaxy"):
        assert head in text
    assert "World" not in text and "Terms" not in text


def test_consent_dialog_does_not_win_over_the_page() -> None:
    # A cookie dialog holds the longest prose of a category page; the page's own text, an
    # introduction and a guide in short paragraphs, is what it is about.
    purposes = [
        "Technical cookies are essential to provide the services of this platform, such as access to secure areas.",
        "Analytical cookies, including those from third parties, collect information about how visitors use the platform.",
        "Advertising cookies, including those from third parties, build profiles to deliver advertising that matches your interests.",
    ]
    dialog = "".join(f"<h4>Cookies</h4><p>{p}</p>" for p in purposes)
    guide = [
        "An automatic watch winds itself as you move, with no need for a battery.",
        "A weighted rotor turns with every movement of the wrist and winds the spring.",
        "Wear it daily, or keep it on a winder, and it will keep running for years.",
    ]
    page = "".join(f"<div class='panel'><p>{p}</p></div>" for p in guide)
    html = f"""<html><body><main><h1>Automatic watches</h1><div class='intro'>{page}</div></main>
    <div class="modal_cookie-consent"><div class="modal_content"><h3>Your privacy</h3>{dialog}</div></div>
    </body></html>"""
    article = extract(html)
    for line in guide:
        assert line in article.text
    assert "cookies" not in article.text.lower()


def test_thread_declared_a_discussion_keeps_its_replies() -> None:
    # A forum thread whose posts are named "comment" by the forum software: the page says it
    # is a discussion (schema.org DiscussionForumPosting), so the replies are its text.
    thread = [
        *FORUM_POSTS,
        "Thanks, disabling band steering worked here too; the guest network has stayed up all day.",
        "Patch is out now, version 2.1.4, and it fixes the drops without any other changes.",
    ]
    posts = "".join(
        f"<article class='ipsComment' id='elComment_{n}'><div class='ipsComment_content'><p>{p}</p></div></article>"
        for n, p in enumerate(thread)
    )
    ld = '{"@context": "https://schema.org", "@type": "DiscussionForumPosting", "headline": "Guest network drops"}'
    guest = "".join(
        f"<p>{p}</p>"
        for p in (
            "Welcome, guest. Register to join the conversation, follow threads and get replies.",
            "Members can post, send private messages, and choose which topics they hear about.",
            "Read the forum rules before you post: be kind, stay on topic, and search first.",
        )
    )
    html = f"""<html><head><script type="application/ld+json">{ld}</script></head><body>
    <nav><a href="/">Forums</a> <a href="/new">New posts</a></nav><div class="guest-banner">{guest}</div>
    <div id="comments" class="cTopic"><h1>Guest network drops</h1>{posts}</div>
    <footer><p>Powered by forum software, all rights reserved.</p></footer></body></html>"""
    assert list(extract(html).paragraphs) == thread
    # The same markup on a page that is not a discussion: comments are not the article.
    story = "".join(f"<p>{p}</p>" for p in STORY)
    news = (
        html.replace(ld, "{}")
        .replace("<h1>Guest network drops</h1>", "")
        .replace("<nav>", f"<article class='story'>{story}</article><nav>")
    )
    assert list(extract(news).paragraphs) == STORY


def test_streamed_parts_go_where_the_script_puts_them() -> None:
    # A page streamed by a server renderer: the frame holds a template where each part goes;
    # the parts arrive later, hidden at the end of the body, each moved in by a script.
    html = f"""<html><body><main><h1>Index funds</h1><p>{STORY[0]}</p>
    <template id="B:0"></template><p>{STORY[2]}</p><template id="P:1"></template></main>
    <div hidden id="S:1"><p>{STORY[3]}</p></div>
    <div hidden id="S:0"><p>{STORY[1]}</p></div>
    <script>$RC("B:0","S:0");$RS("S:1","P:1")</script></body></html>"""
    assert list(extract(html).paragraphs) == STORY


def test_elements_hidden_by_a_framework_class_are_not_text() -> None:
    # Bootstrap's and Tailwind's `hidden` and Bootstrap's `d-none` hide an element unless a
    # responsive class shows it again on a wide screen.
    story = "".join(f"<p>{p}</p>" for p in STORY[:3])
    domains = ",".join(f"partner{n}.example.com" for n in range(12))
    html = f"""<html><body><div class="partner-domains hidden">{domains}</div>
    <article>{story}<div class="d-none"><p>An older draft of this story, kept for the editors only.</p></div>
    <div class="hidden md:block"><p>{STORY[3]}</p></div></article></body></html>"""
    assert list(extract(html).paragraphs) == STORY


def test_copies_for_other_screen_sizes_are_dropped() -> None:
    # A page builder (Framer) prints the page once per screen size and hides the copies for
    # the other sizes with generated classes in its style sheet; a reader on a desktop sees
    # one copy, and the text is read once.
    style = """<style>@media(min-width: 1200px){.hidden-72rtr7{display:none!important}}
    @media(min-width: 810px) and (max-width: 1199px){.hidden-1y8pd3b{display:none!important}}
    @media(max-width: 809px){.hidden-1oq2p6n{display:none!important}}</style>"""
    paras = "".join(f'<p class="framer-text">{p}</p>' for p in STORY)

    def copy(hidden: str) -> str:
        return f'<div class="ssr-variant {hidden}"><div class="framer-1abc"><div class="framer-rich-text">{paras}</div></div></div>'

    news = "<div class='framer-9xyz'><p>Join 20,000 readers: the weekly newsletter, every Friday, free.</p><p>We never share your address, and you can leave at any time.</p></div>"
    copies = (
        copy("hidden-1y8pd3b hidden-1oq2p6n")
        + copy("hidden-72rtr7 hidden-1oq2p6n")
        + copy("hidden-72rtr7 hidden-1y8pd3b")
    )
    html = f"""<html><head>{style}</head><body><div id="main" data-framer-hydrate-v2="1">
    <nav><a href="/">Home</a> <a href="/blog">Blog</a></nav>{copies}{news}
    <footer><p>© 2025 Example Ltd. All rights reserved.</p></footer></div></body></html>"""
    assert list(extract(html).paragraphs) == STORY


def test_related_posts_are_not_the_article() -> None:
    # A theme names the related-posts box after posts; its teasers are other articles.
    story = "".join(f"<p>{p}</p>" for p in STORY)
    teasers = "".join(
        f"<article class='related-post'><div class='entry-content'><p>{p}</p></div></article>"
        for p in (
            "The council also voted to repaint the old bridge, a job that will take the summer.",
            "Cyclists asked the council for a lane on the ring road, and the council will decide in May.",
        )
    )
    html = f"""<html><body><main><article class='post'><div class='entry-content'>{story}</div></article></main>
    <div class='ast-single-related-posts-container'><h2>Related posts</h2>{teasers}</div></body></html>"""
    assert list(extract(html).paragraphs) == STORY


def test_newsletter_sign_up_box_does_not_join_a_short_article() -> None:
    # Three short paragraphs of news, then a sign-up box with longer sentences in the same
    # <main>, and a footer about the paper: only the news is the article.
    story = [
        "The library reopens on Monday after a year of repairs.",
        "The roof no longer leaks, and the reading room has new lights.",
        "Opening hours stay the same, from nine to six on weekdays.",
    ]
    pitch = [
        "Get the best of our local reporting delivered straight to your inbox every single morning, free of charge.",
        "Our editors pick the stories that matter to your neighbourhood, from council decisions to school news and sport.",
        "You can unsubscribe at any time with one click, and we will never share your email address with anyone.",
    ]
    about = [
        "The Town Gazette has covered the valley since 1921, and it is owned by a trust that keeps it independent.",
        "We are funded by our readers and by local advertisers, and we follow the press code of the national council.",
    ]
    body = f"<div class='lead'>{story[0]}</div><div class='text'><p>{story[1]}</p><p>{story[2]}</p></div>"
    box = "".join(f"<p>{p}</p>" for p in pitch)
    footer = "".join(f"<p>{p}</p>" for p in about)
    html = f"""<html><head><title>Library reopens on Monday | The Town Gazette</title></head><body>
    <header><a href="/">The Town Gazette</a></header>
    <main><article><h1>Library reopens on Monday</h1><div class="article-body">{body}</div></article>
    <div class="nl-signup"><h2>Morning briefing</h2>{box}</div></main>
    <footer><div class="about">{footer}</div></footer></body></html>"""
    assert list(extract(html).paragraphs) == story


def test_page_that_is_one_issue_of_a_newsletter_keeps_its_text() -> None:
    # The page is a newsletter issue: its text sits in a section named after the newsletter,
    # and the only prose outside it is a few reader quotes.
    issue = [
        "This month's protocol covers four kinds of training, one for each week of the month.",
        "Week one is for strength: three sets of heavy lifts, with long rests between sets.",
        "Week two is for endurance: long, easy sessions at a pace at which you can still talk.",
        "Week three adds speed work, and week four is for rest, mobility and a long walk.",
    ]
    quotes = "".join(
        f"<div class='quote-card'><p>{q}</p><div>Reader {n}</div></div>"
        for n, q in enumerate(
            [
                "I look forward to this every month, and the protocols are easy to follow.",
                "Clear, practical and rooted in science: the best newsletter I read.",
            ]
        )
    )
    body = "".join(f"<p>{p}</p>" for p in issue)
    html = f"""<html><body><nav><a href="/">Home</a> <a href="/podcast">Podcast</a></nav>
    <main><section class="section-hero cc-newsletter"><div class="newsletter-wrapper">
    <article class="newsletter-content"><h1>Foundational fitness</h1>{body}</article></div></section>
    <section class="testimonials">{quotes}</section></main></body></html>"""
    assert list(extract(html).paragraphs) == issue


def test_text_behind_a_read_more_button_is_kept() -> None:
    # A category page shows an excerpt of its guide; the rest waits behind "Read more" in an
    # element hidden by its class but named as text. A hidden sign-in label is not text.
    excerpt = "Cotton, linen or silk: the right fabric makes all the difference to how you sleep."
    tiles = "".join(
        f"<div class='tile'><h3>{name}</h3><div>{price}</div></div>"
        for name, price in (
            ("Classic percale sheet set, queen", "$149"),
            ("Washed linen sheet set, king", "$279"),
            ("Mulberry silk pillowcase pair", "$89"),
        )
    )
    rest = [
        "Cotton percale is crisp and cool, the choice of hot sleepers and of anyone in a warm room.",
        "Linen is airy and gets softer with every wash, and its relaxed look suits any bedroom.",
    ]
    hidden = "".join(f"<p>{p}</p>" for p in rest)
    html = f"""<html><body><main><h1>Sheets</h1><div class="seo__module">
    <div class="seo__excerpt"><p>{excerpt}</p></div><div class="seo__copy hidden">{hidden}</div>
    <button>Read more</button></div><div class="grid">{tiles}</div>
    <span class="hidden">Sign in to see your saved items</span>
    </main></body></html>"""
    text = extract(html).text
    for line in (excerpt, *rest):
        assert line in text
    assert "Sign in" not in text


def test_footer_with_more_prose_than_the_page_does_not_win() -> None:
    # A category page whose only paragraph is its introduction, inside a wrapper with an
    # unlikely name, while the page's <footer> tells the company's story at length.
    intro = "Indoor containers and the plants you put in them bring colour, life and warmth to every room, in every season."
    about = [
        "We are a family-owned nursery in the hills, and we have shipped plants since 1950.",
        "Our gardeners grow and test every plant we sell, in our own display gardens and glasshouses.",
        "We accept all major cards, and our plants come with a guarantee for a full year.",
    ]
    tiles = "".join(
        f"<li class='tile'><a href='/p/{n}'>{name}</a><div>{price}</div></li>"
        for n, (name, price) in enumerate(
            (("Cathedral pot, grey", "$38"), ("Harvest pot, small", "$24"))
        )
    )
    footer = "".join(f"<p>{p}</p>" for p in about)
    html = f"""<html><body><div class="page-wrap has-sidebar"><h1>Indoor pottery</h1>
    <div class="description"><p>{intro}</p></div><ul class="grid">{tiles}</ul></div>
    <footer class="site-footer"><div class="container">{footer}</div></footer></body></html>"""
    text = extract(html).text
    assert intro in text
    assert "family-owned" not in text


def test_legal_notices_outside_a_footer_tag_do_not_win() -> None:
    # A listing of homes, each card a few short lines, and under it the company's legal
    # notices in a plain `<div class="legal">` (not a <footer>): licences, trademarks and
    # terms read like prose, but they are the site's small print, never what a page is about.
    homes = [
        (
            "3 beds, 2 baths, 1,620 sq ft",
            "A bright ranch home on a quiet street, with a new roof and a large yard.",
        ),
        (
            "4 beds, 3 baths, 2,410 sq ft",
            "Two-storey family home near the park, updated kitchen, three-car garage.",
        ),
        (
            "2 beds, 1 bath, 980 sq ft",
            "Downtown condo with a balcony, walking distance to shops and the river.",
        ),
    ]
    legal = [
        "Copyright 2025 Example Realty. All rights reserved. Example Realty and the house logo are trademarks of Example Realty, Inc.",
        "Example Realty is licensed as a real estate broker in every state where it does business; see our licences page for each number.",
        "Listing information is deemed reliable but is not guaranteed; buyers should check every detail on their own before they make an offer.",
        "If you use a screen reader and have trouble with this site, call our support line and we will help you find a home.",
    ]
    cards = "".join(
        f"<div class='homecard'><div class='stats'>{stats}</div><p>{blurb}</p></div>"
        for stats, blurb in homes
    )
    small_print = "".join(f"<p>{p}</p>" for p in legal)
    for name in ("legal", "site-legal", "footer_legal"):
        html = f"""<html><body><div class="app"><h1>Homes for sale in Springfield</h1>
        <div class="results">{cards}</div>
        <div class="{name}">{small_print}</div></div></body></html>"""
        text = extract(html, "https://homes.example.com/city/springfield").text
        assert "quiet street" in text, name
        assert "All rights reserved" not in text and "licensed" not in text, name
    # A page whose article is about the law keeps it: `legal-news` is a section, not notices.
    law = [
        "From March, every agent who shows a home must hold a licence issued by the state board.",
        "The board says the rule closes a gap that let unlicensed assistants run open houses alone.",
        "Agents have until June to register their assistants, after which fines of $500 apply.",
    ]
    story = "".join(f"<p>{p}</p>" for p in law)
    html = f"""<html><body><h1>What the new licence rules mean</h1>
    <div class="legal-news">{story}</div></body></html>"""
    assert list(extract(html, "https://news.example.com/law/licences").paragraphs) == law


def test_manual_page_keeps_every_section_beside_its_long_options_list() -> None:
    # A command's manual cut into sections of one template (`<div class="sect1">`, each a
    # heading and its text): the options list is longer than the rest together and outvotes
    # the description and the examples, which are still the page.
    description = [
        "Rotate the log files named on the command line, keeping as many old copies as asked.",
        "Each old copy is renamed with a number, and the oldest one past the limit is removed.",
    ]
    examples = [
        "To keep seven daily copies of the web server's logs, compressed, run it from cron each night.",
        "To test a configuration without touching any file, give it the dry-run option first.",
    ]
    # Two dozen options, each a term and a sentence of its own.
    things = ("log", "archive", "state file", "lock", "mail report", "hook", "pattern", "limit")
    options = [
        (
            f"--{verb.split()[0].lower()}-{thing.replace(' ', '-')}",
            f"{verb} {thing} for this run only, as the configuration would for every run, "
            f"and say so in the summary printed at the end (option {n}).",
        )
        for n, (verb, thing) in enumerate(
            (verb, thing) for verb in ("Name the", "Skip the", "Check the") for thing in things
        )
    ]

    terms = "".join(f"<dt>{term}</dt><dd><p>{text}</p></dd>" for term, text in options)
    # Sphinx and other generators name each section plainly `section` (or `box`, `block`).
    for name in ("sect1", "section", "box", "block", "inner", "wrap"):

        def section(title: str, body: str, name: str = name) -> str:
            return (
                f'<div class="{name}"><h2>{title}</h2><div class="sectionbody">{body}</div></div>'
            )

        html = f"""<html><body><div id="nav"><a href="/docs">Docs</a></div><div id="main">
        <h1>rotate(1) Manual Page</h1>
        {section("NAME", "<p>rotate - rotate, compress and remove old log files</p>")}
        {section("DESCRIPTION", "".join(f"<p>{p}</p>" for p in description))}
        {section("OPTIONS", f'<div class="dlist"><dl>{terms}</dl></div>')}
        {section("EXAMPLES", "".join(f"<p>{p}</p>" for p in examples))}
        </div></body></html>"""
        lines = list(extract(html, "https://tools.example.org/docs/rotate").paragraphs)
        for text in description + examples + [text for _, text in options]:
            assert text in lines, name


def test_guide_whose_headings_link_to_their_own_sections_in_full_keeps_them() -> None:
    # A generated guide gives each section's heading a permalink written out as the page's
    # address and the section's anchor: a link to here, not a teaser's link to another page.
    intro = [
        "The backup tool copies a folder to a second disk every night and keeps the last week.",
        "It needs no server: a scheduled task runs it, and a short report is mailed after each run.",
    ]
    restore = [
        "To restore a file, pick the night to go back to, then the file, and confirm the target.",
        "A whole folder is restored the same way; files that exist already are kept beside it.",
    ]
    settings = "".join(
        f"<dt>{name}</dt><dd><p>Sets the {name.replace('-', ' ')} for every scheduled run, "
        f"unless a run names its own on the command line, and says so in the report at the "
        f"end (setting {n}).</p></dd>"
        for n, name in enumerate(
            f"{what}-{part}"
            for what in ("source", "target", "report", "schedule")
            for part in ("path", "limit", "mode", "owner", "check")
        )
    )
    page = "https://docs.example.org/backup/guide.html"
    for href in (page, "guide.html", "/backup/guide.html"):

        def section(key: str, body: str, href: str = href) -> str:
            link = f'<a href="{href}#{key}">{key.title()}</a>'
            return f'<div class="sect1"><h2>{link}</h2><div class="sectionbody">{body}</div></div>'

        html = f"""<html><body><div id="nav"><a href="/docs">Docs</a></div><div id="main">
        <h1>Backup guide</h1>
        {section("overview", "".join(f"<p>{p}</p>" for p in intro))}
        {section("settings", f'<div class="dlist"><dl>{settings}</dl></div>')}
        {section("restoring", "".join(f"<p>{p}</p>" for p in restore))}
        </div></body></html>"""
        lines = list(extract(html, page).paragraphs)
        for text in intro + restore:
            assert text in lines, href


_PROSE = "<p>" + "We help small teams send the right message at the right time. " * 6 + "</p>"


@pytest.mark.parametrize(
    ("head", "h1", "expected"),
    [
        # A banner's slogan under a page that is not an article: the <title> names the page.
        (
            "<title>Email Marketing Tools | Mailchimp</title>",
            "Win customers with the #1 email marketing platform",
            "Email Marketing Tools",
        ),
        # A product's name is most of its <title>: the <h1> stays.
        (
            "<title>Men's Wool Runner Shoes - Casual Sneakers | Allbirds</title>",
            "Men's Wool Runner",
            "Men's Wool Runner",
        ),
        # On an article the <h1> is the headline, even when og:title was rewritten for sharing.
        (
            '<title>Council votes on lanes | Gazette</title><meta property="og:type" content="article">',
            "Council votes to paint bike lanes on Main Street",
            "Council votes to paint bike lanes on Main Street",
        ),
        # A short <h1> inside a fuller <title> segment names the item, the <title> the page;
        # a subtitle after a colon stays out.
        (
            "<title>Residential Electrician Coupons | Blue Collar</title>",
            "Coupons",
            "Residential Electrician Coupons",
        ),
        (
            "<title>Hiking Boots: Shop Boots for Hiking &amp; Backpacking | REI</title>",
            "Hiking Boots",
            "Hiking Boots",
        ),
        (
            "<title>邮件营销工具 | 某某云</title>",
            "邮件营销平台，帮您赢得客户的信任与增长",
            "邮件营销工具",
        ),
        (
            "<title>郵件營銷工具 | 某某雲</title>",
            "郵件營銷平台，幫您贏得客戶的信任與增長",
            "郵件營銷工具",
        ),
    ],
)
def test_slogan_heading_on_a_page_that_is_not_an_article(head: str, h1: str, expected: str) -> None:
    html = f"<html><head>{head}</head><body><h1>{h1}</h1>{_PROSE}</body></html>"
    assert extract(html, "https://www.example.com/features/email").title == expected


LIBRARY_STORY = [
    "本报讯 5月12日上午，城南区新建的社区图书馆正式开馆，首批藏书三万余册，免费向居民开放。",
    "图书馆设有儿童阅读区、自习室和老年人阅览室，周一至周日每天开放十二小时，节假日不闭馆。",
    "区文化局负责人介绍，今年还将在城北和城西各建一座社区图书馆，方便更多居民就近借书。",
]
MARKET_COMMENTARY = [
    "本周沪深两市震荡走高，成交量较上周明显放大，市场情绪有所回暖。分析人士认为，随着一季度经济数据陆续公布，投资者对经济复苏的预期逐步增强，资金开始重新流入权益市场，尤其是消费和科技板块受到追捧。",
    "从行业来看，半导体、新能源汽车和医药生物板块涨幅居前，而银行、地产等权重板块表现相对平淡。有机构指出，当前市场估值处于历史中低位，中长期配置价值凸显，但短期仍需关注外部环境变化和政策节奏带来的扰动。",
    "债券市场方面，十年期国债收益率小幅下行，资金面保持合理充裕。央行本周通过公开市场操作净投放资金，释放出稳定流动性的信号。多位分析师预计，下半年货币政策仍将保持稳健偏松的基调，为实体经济提供支持。",
    "对于后市，多数券商策略报告认为，市场有望延续结构性行情，建议投资者关注业绩确定性较高的优质龙头公司，同时控制仓位，避免追涨杀跌，理性看待短期波动，坚持长期价值投资的理念。",
]


@pytest.mark.parametrize(
    "headline",
    [
        "<h1>城南社区图书馆开馆 首批藏书三万册</h1>",
        "<div class='title'>城南社区图书馆开馆 首批藏书三万册</div>",
    ],
)
def test_short_story_under_its_headline_beats_a_longer_unrelated_commentary(
    headline: str,
) -> None:
    # A three-paragraph local story under its headline in the left column; the right column
    # holds a market commentary, longer and better punctuated, in a box with a plain name.
    story = "".join(f"<p>{p}</p>" for p in LIBRARY_STORY)
    commentary = "".join(f"<p>{p}</p>" for p in MARKET_COMMENTARY)
    html = f"""<html><head><meta charset="utf-8"><title>城南社区图书馆开馆 首批藏书三万册_新闻中心_城市日报</title></head><body>
    <div class="top"><a href="/">首页</a> <a href="/news">新闻</a> <a href="/finance">财经</a></div>
    <div class="wrap"><div class="col-l">{headline}
    <div class="info">2024-05-12 09:30 来源：城市日报</div><div class="con">{story}</div></div>
    <div class="col-r"><div class="box"><h3>市场观察</h3><div class="box-con">{commentary}</div></div></div>
    </div><div class="bottom">城市日报社 版权所有</div></body></html>"""
    assert list(extract(html).paragraphs) == LIBRARY_STORY


@pytest.mark.parametrize(
    "crumb",
    ["Harbour ferry returns after two years of repairs", "Harbour ferry returns after two..."],
)
def test_headline_is_the_heading_not_the_breadcrumb_step_that_repeats_it(crumb: str) -> None:
    # The breadcrumb's last step repeats the title (whole, or cut short) above the article.
    # The <h1> under it is the headline: the story is looked for under the heading (a
    # winner about something else loses to it), not under the breadcrumb's bar.
    title = "Harbour ferry returns after two years of repairs"
    html = f"""<html><head><title>{title}</title></head><body><div class="page">
    <div class="crumbs"><ul><li><a href="/">Home</a></li><li><a href="/local">Local</a></li>
    <li>{crumb}</li></ul></div><div class="main"><h1>{title}</h1>
    <p>The harbour ferry carried its first passengers on Saturday after two years in the
    shipyard.</p></div></div></body></html>"""
    layout = build_layout(LexborHTMLParser(html).body)
    found = _headline_block(layout, title)
    assert layout.blocks[found].tag == "h1"


def test_article_that_continues_after_a_short_intro_is_kept_whole() -> None:
    # The headline's own container holds only a two-paragraph intro; the article goes on in
    # longer sections beside it that are about the headline too: they stay.
    intro = [
        "The county will open three new bus routes in March, the transport office said on Monday.",
        "The routes link the villages in the hills with the station and the hospital in town.",
    ]
    sections = [
        "The first of the new bus routes runs from the hill villages to the station every half hour, from six in the morning until ten at night.",
        "The second route serves the hospital, and its buses wait at the main entrance so that patients and visitors can board without a long walk.",
        "The third route is a night bus on Fridays and Saturdays, for workers on late shifts and for people coming home from the theatre in town.",
        "The county pays for the routes for two years from its transport budget; after that, it will decide which of them to keep by how many people ride.",
    ]
    head = "".join(f"<p>{p}</p>" for p in intro)
    rest = "".join(f"<section class='part'><p>{p}</p></section>" for p in sections)
    html = f"""<html><head><title>County opens three new bus routes</title></head><body>
    <div class="page"><div class="top-story"><h1>County opens three new bus routes</h1>
    <div class="intro">{head}</div></div><div class="story-parts">{rest}</div></div></body></html>"""
    assert list(extract(html).paragraphs) == intro + sections


def test_job_list_keeps_the_linked_job_titles() -> None:
    # A careers page: one sentence of introduction, then a card per job whose title is a
    # link to the posting, over its place and hours. The titles are what the page lists.
    jobs = [
        ("Senior data engineer", "Leeds", "Full time"),
        ("Night shift nurse", "York", "Part time"),
        ("Warehouse team leader", "Hull", "Full time"),
        ("Customer support advisor", "Remote", "Part time"),
    ]
    cards = "".join(
        f"<div class='job-card'><h3><a href='/jobs/{n}'>{title}</a></h3><span>{place}</span> <span>{hours}</span></div>"
        for n, (title, place, hours) in enumerate(jobs)
    )
    html = f"""<html><body><nav><a href='/'>Home</a> <a href='/about'>About us</a></nav><main>
    <div class='hero'><p>Join a team that ships food to two million homes every week, and grow your career with us.</p></div>
    <h2>Open positions</h2><div class='jobs'>{cards}</div></main>
    <footer><a href='/privacy'>Privacy</a></footer></body></html>"""
    lines = extract(html, "https://example.org/careers").paragraphs
    for title, place, hours in jobs:
        assert title in lines
        assert f"{place} {hours}" in lines
    assert "About us" not in lines and "Privacy" not in lines


def test_program_cards_keep_their_linked_names_but_not_two_teasers() -> None:
    # A list of degree programs: each card's name is a link over a one-line summary. An
    # article's "previous / next" teasers have the same shape but are only two: not kept;
    # nor are the subjects of a thread's replies, one name repeated (`Re: …`).
    programs = [
        (
            "Computer science, BSc",
            "Three years of programming, algorithms and systems, with a year in industry.",
        ),
        (
            "Nursing, BSc",
            "Train in our teaching hospital from your first term, with a placement every year.",
        ),
        (
            "History, BA",
            "From the ancient world to the cold war, taught in small groups by historians.",
        ),
        (
            "Civil engineering, MEng",
            "Design bridges, roads and water systems for a changing climate.",
        ),
    ]
    cards = "".join(
        f"<div class='program-card'><h3><a href='/p/{n}'>{name}</a></h3><p>{summary}</p></div>"
        for n, (name, summary) in enumerate(programs)
    )
    html = f"""<html><body><nav><a href='/'>Home</a> <a href='/apply'>Apply</a></nav><main><h1>Undergraduate programs</h1>
    <div class='intro'><p>Choose from more than a hundred degrees, taught by people who lead their fields and care about teaching.</p></div>
    <div class='programs'>{cards}</div></main><footer><a href='/privacy'>Privacy</a></footer></body></html>"""
    lines = extract(html, "https://example.edu/programs").paragraphs
    for name, summary in programs:
        assert name in lines and summary in lines

    others = [
        ("Previous: Council votes on the budget", "The vote is set for the first week of June."),
        ("Next: Schools reopen after the storm", "Pupils return on Monday, the council said."),
        ("Bakery wins the regional prize again", "Its rye loaf won for the third year."),
    ]
    story = "".join(f"<p>{p}</p>" for p in STORY)
    teasers = "".join(
        f"<div class='teaser'><h3><a href='/n/{n}'>{head}</a></h3><p>{line}</p></div>"
        for n, (head, line) in enumerate(others[:2])
    )
    html = f"<html><body><article><h1>Night buses</h1><div class='body'>{story}{teasers}</div></article></body></html>"
    lines = extract(html).paragraphs
    assert not any(head in lines for head, _ in others)
    assert lines[: len(STORY)] == tuple(STORY)

    replies = "".join(
        f"<div class='post'><h3><a href='#p{n}'>Re: Night buses to the suburbs</a></h3><div class='content'>{p}</div></div>"
        for n, p in enumerate(STORY)
    )
    html = f"<html><body><div class='topic'><h2>Night buses to the suburbs</h2>{replies}</div></body></html>"
    lines = extract(html).paragraphs
    assert "Re: Night buses to the suburbs" not in lines
    assert [line for line in lines if line in STORY] == STORY


# Words, their neighbours and word boundaries of several kinds: `_` and digits are word
# characters, CJK and accented letters too, punctuation, spaces and marks are not.
_WORD_ALPHABET = [*"ab_1 -.é中文\u0301\u00b2\u2160'", "\U0001d7d8", "\u0660"]


@settings(max_examples=800, deadline=None)
@given(
    st.text(alphabet=_WORD_ALPHABET, max_size=12),
    st.text(alphabet=_WORD_ALPHABET, max_size=4),
    st.text(max_size=12),
    st.text(max_size=3),
)
def test_says_words_agrees_with_the_word_boundary_regex(
    text: str, words: str, any_text: str, any_words: str
) -> None:
    import re

    from jzcli.extract.html import _says_words

    for t, w in ((text, words), (any_text, any_words), (text + words + text, words)):
        expected = re.search(rf"(?<!\w){re.escape(w)}(?!\w)", t) is not None
        assert _says_words(t, w) == expected, (t, w)


@pytest.mark.parametrize(
    ("text", "words", "expected"),
    [
        ("crate tokio", "tokio", True),
        ("networking in compose", "networking", True),
        ("tokio_util docs", "tokio", False),
        ("tokio2 docs", "tokio", False),
        ("xtokio tokio", "tokio", True),  # the second occurrence stands alone
        ("aaa", "aa", False),  # overlapping starts, each touching another `a`
        ("a-aa a", "a", True),
        ("中文新闻", "新闻", False),  # Han characters are word characters
        ("中文 新闻", "新闻", True),
        ("", "", True),
        ("tokio", "", False),
    ],
)
def test_says_words_cases(text: str, words: str, expected: bool) -> None:
    import re

    from jzcli.extract.html import _says_words

    assert _says_words(text, words) is expected
    assert (re.search(rf"(?<!\w){re.escape(words)}(?!\w)", text) is not None) is expected


def test_page_kept_invisible_until_its_script_runs_is_read() -> None:
    # The whole page sits in a wrapper made invisible until a script has styled it; a menu
    # hidden the same way, holding little of the page's text, stays hidden.
    paragraphs = "".join(
        f"<p>{p}</p>"
        for p in (
            "A sourdough starter is flour and water that wild yeast and bacteria have colonised.",
            "Feed it every day at room temperature, or once a week when it lives in the fridge.",
            "It is ready to bake with when it doubles in size within a few hours of a feeding.",
        )
    )
    html = f"""<html><body><div id="app"><div style="visibility: hidden; min-height: 100vh">
    <header><a href="/">Bakery school</a></header>
    <div class="lesson"><h1>Keeping a starter</h1>{paragraphs}</div>
    <div style="visibility:hidden"><p>Your basket is empty, add a class to get started.</p></div>
    </div></div></body></html>"""
    article = extract(html)
    assert "wild yeast and bacteria" in article.text
    assert "doubles in size" in article.text
    assert "basket" not in article.text


def test_reference_page_keeps_linked_terms_and_anchored_headings() -> None:
    # An API reference: each section's heading is a link to its own anchor, and each member
    # is a term linking to its own page, defined beside it. Headings, names and definitions
    # are all the page's text; the table of contents in the aside is not.
    members = [
        ("Queue.put()", "Adds an item to the end of the queue, waiting while it is full."),
        ("Queue.get()", "Removes and returns the item at the front of the queue."),
        ("Queue.size", "The number of items waiting in the queue right now."),
        ("Queue.closed", "Whether the queue still accepts new items from producers."),
    ]
    terms = "".join(
        f"<dt><a href='/docs/queue/{n}'><code>{name}</code></a></dt><dd><p>{text}</p></dd>"
        for n, (name, text) in enumerate(members)
    )
    html = f"""<html><body><nav><a href='/docs'>Docs</a> <a href='/blog'>Blog</a></nav>
    <main><article><h1>Queue</h1>
    <p>A queue hands items from the parts of a program that make them to those that use them.</p>
    <h2 id="methods"><a href="#methods">Methods and properties</a></h2><dl>{terms}</dl>
    <h2 id="notes"><a href="#notes">Notes on ordering</a></h2>
    <p>Items leave the queue in the order they arrived, whichever producer sent them.</p>
    </article><aside><ul><li><a href="#methods">Methods and properties</a></li>
    <li><a href="#notes">Notes on ordering</a></li></ul></aside></main></body></html>"""
    lines = extract(html, "https://docs.example.org/queue").text.split("\n")
    for name, text in members:
        assert name in lines and text in lines
    assert lines.count("Methods and properties") == 1
    assert "Notes on ordering" in lines


def test_forum_posts_lose_their_subject_lines_and_author_boxes() -> None:
    # Each post of a thread is headed by a link to its own anchor (`Re: <subject>`) and
    # carries a box of one term: its author, linking to their profile, beside a post count.
    replies = [
        "Have you tried resetting the router to its factory settings first, before anything else?",
        "The same thing happened to me, and a new power adapter fixed it within a day or two.",
        "Check the firmware version as well; the last update changed how the lights behave.",
    ]
    posts = "".join(
        f"""<div class="post" id="p{n}"><dl class="profile"><dt><a href="/u/{n}">member{n}</a></dt>
        <dd>Posts: {n + 3}</dd></dl><div class="postbody"><h3><a href="#p{n}">Re: Router lights blink</a></h3>
        <div class="content">{text}</div></div></div>"""
        for n, text in enumerate(replies)
    )
    html = f"""<html><body><h1>Router lights blink</h1><div class="topic">{posts}</div>
    </body></html>"""
    lines = extract(html, "https://forum.example.org/t/12").text.split("\n")
    for text in replies:
        assert text in lines
    assert not any(line.startswith("Re:") for line in lines)
    assert not any(line.startswith("member") for line in lines)


def test_forum_posts_lose_the_box_that_presents_each_poster() -> None:
    # Forum software prints a box beside each post that presents its poster: a rank, the
    # date they joined, their post count. It is the forum's, printed once per post, never
    # what the thread says; the poster's name (a link) is dropped with the links already.
    replies = [
        "I replaced the chain and both sprockets together, and the skipping stopped at once.",
        "A worn chain stretches past the gauge long before it looks bad; measure it every month.",
        "Mine skipped only in the smallest cog, so the cassette alone was worn out in the end.",
        "Check the derailleur hanger too: a bent one gives the same symptoms after a small fall.",
    ]
    boxes = [
        ("div", "message-userExtras", "Joined", "Messages"),
        ("div", "user-details", "Joined", "Posts"),
        ("div", "userinfo_extra", "Join Date", "Posts"),
        ("dl", "postprofile", "Joined", "Posts"),
    ]
    for tag, name, joined, count in boxes:
        posts = "".join(
            f"""<article class="message"><section class="message-user">
            <h4 class="message-name"><a href="/members/{n}">rider{n}</a></h4>
            <{tag} class="{name}"><h5 class="userTitle">Well-known member</h5>
            <dl><dt>{joined}</dt><dd>Mar {n + 3}, 2019</dd></dl>
            <dl><dt>{count}</dt><dd>{n * 41 + 7}</dd></dl></{tag}></section>
            <div class="message-content"><div class="bbWrapper">{text}</div></div></article>"""
            for n, text in enumerate(replies)
        )
        html = f"""<html><body><h1>Chain skipping under load</h1>
        <div class="block-body">{posts}</div></body></html>"""
        lines = list(extract(html, "https://forum.example.org/threads/chain.12/").paragraphs)
        assert lines == replies, name


def test_join_date_in_a_posters_box_is_not_the_page_date() -> None:
    # The first post's poster box stands between the thread's title and its text: once the
    # box is dropped as chrome, its `Joined` date must not pass for the page's date.
    posts = "".join(
        f"""<div class="post"><dl class="postprofile"><dt><a href="/u/{n}">rider{n}</a></dt>
        <dd><strong>Joined:</strong> Wed Jul 04, 2012 4:09 pm</dd><dd>Posts: {n + 40}</dd></dl>
        <div class="postbody"><div class="content">{text}</div></div></div>"""
        for n, text in enumerate(FORUM_POSTS)
    )
    html = f"""<html><body><h1>Guest network drops</h1><div class="topic">{posts}</div>
    </body></html>"""
    article = extract(html, "https://forum.example.org/viewtopic.php?t=7")
    assert list(article.paragraphs) == FORUM_POSTS
    assert not article.published.startswith("2012")


def test_dated_list_above_a_body_without_headline_is_not_the_page_date() -> None:
    # No headline found: the lines just above the body are read for a date, but not the
    # cells of a list (a manual's version history, each version with its release date).
    versions = "".join(
        f"<li><a href='/v/{v}'>{v}</a> {d}</li>"
        for v, d in (("2.2", "2015-09-04"), ("2.1", "no changes"), ("2.0", "2014-12-17"))
    )
    body = "".join(f"<p>{p}</p>" for p in STORY)
    html = f"""<html><body><div class="versions"><ul>{versions}</ul></div>
    <div class="text">{body}</div></body></html>"""
    article = extract(html, "https://docs.example.org/manual/rotate")
    assert list(article.paragraphs) == STORY
    assert article.published == ""


def test_buyers_reviews_do_not_outvote_the_product_description() -> None:
    # A store's product page: three paragraphs describe the product; under them buyers'
    # reviews, longer together, are what others wrote about it, like readers' comments.
    description = [
        "This kettle boils a full litre in under four minutes and switches itself off when done.",
        "The body is brushed steel with a cool-touch handle, and the base turns a full circle.",
        "A removable filter keeps scale out of your cup; rinse it under the tap once a month.",
    ]
    reviews = [
        "I have used this kettle every morning for a year now, and it still boils as fast as the "
        "day it arrived. The lid opens wide enough to clean inside, which my old one never did.",
        "Quiet, quick and good looking. My only complaint is that the water window is hard to "
        "read from the side, so I fill it at the sink and check twice before switching it on.",
        "Bought it as a gift for my parents, who now tell everyone about it. The handle stays "
        "cool even when the kettle has just boiled, which matters to them more than anything.",
        "The switch broke after two months, but the shop replaced the kettle within a week and "
        "the new one has worked perfectly since then, so I am still giving it four stars here.",
    ]
    for wrapper, item in (
        ("customer-reviews", "review"),
        ("reviews", "review-item"),
        ("pdp-section", "product-review-item"),
    ):
        items = "".join(
            f"<div class='{item}'><span>Verified purchase</span><p>{text}</p></div>"
            for text in reviews
        )
        html = f"""<html><body><main><h1>Steel kettle, 1 litre</h1>
        <div class="product-description">{"".join(f"<p>{p}</p>" for p in description)}</div>
        <section class="{wrapper}"><h2>What buyers say</h2>{items}</section></main></body></html>"""
        assert list(extract(html, "https://shop.example.com/p/kettle").paragraphs) == description
    # A review written by the site (`class="review"`) is the article itself.
    article = "".join(f"<p>{text}</p>" for text in reviews)
    html = f"""<html><body><h1>Steel kettle review</h1><div class="review">{article}</div>
    <aside><p>Sign up for our newsletter.</p></aside></body></html>"""
    assert list(extract(html, "https://mag.example.com/kettle-review").paragraphs) == reviews


def test_buyers_reviews_beside_utility_classes_still_do_not_count() -> None:
    # An article-like word protects a reviews block only when the reviews name itself says
    # it (`reviews-content`): not a utility class beside it (Tailwind's `text-sm`,
    # Bootstrap's `shadow-sm`, a theme's `brand-theme`, which holds `and`).
    about = [
        "This desk lamp gives a warm, even light and folds flat for travel in a padded case.",
        "Its arm is aluminium with a weighted base, and the head turns through a full half circle.",
        "Three brightness steps run from one charge for up to forty hours on the lowest setting.",
    ]
    said = [
        "I bought this lamp for reading in bed and it has been perfect: bright enough for small "
        "print, warm enough that it does not keep me awake, and the battery lasts for weeks.",
        "The hinge got a little loose after six months, but a quarter turn of the screw under "
        "the head fixed it, and otherwise it looks and works exactly as it did on the first day.",
        "Took it camping twice this summer. It survived being dropped on rocks, the case kept "
        "it dry in the rain, and the charge lasted the whole week with a few hours every night.",
        "Lovely light for the price. I only wish it had a fourth, dimmer step for the nursery, "
        "since the lowest one is still a bit strong when the baby wakes in the middle of the night.",
    ]
    for wrapper in (
        "reviews mt-8 text-sm text-gray-700",
        "user-reviews card shadow-sm",
        "reviews-list brand-theme",
    ):
        items = "".join(f"<div class='review'><b>Verified buyer</b><p>{t}</p></div>" for t in said)
        html = f"""<html><body><main><h1>Folding desk lamp</h1>
        <div class="product-info">{"".join(f"<p>{p}</p>" for p in about)}</div>
        <div class="{wrapper}"><h2>Reviews</h2>{items}</div></main></body></html>"""
        assert list(extract(html, "https://shop.example.com/p/lamp").paragraphs) == about, wrapper


CAMERA_REVIEW = [
    "The Acme X200 is the company's first mirrorless camera aimed at enthusiasts, and it arrives with a new sensor, a weather-sealed body and a price that undercuts its rivals.",
    "In two weeks of shooting, the camera produced consistently sharp images, with accurate colours and very little noise up to ISO 6400, which is impressive for this class.",
    "Battery life is the weak point. We rarely got more than 250 shots per charge, well short of the 400 that Acme advertises, and it cannot charge over USB while on.",
    "Overall, the X200 is an excellent first attempt that gets the important things right, and it is easy to recommend if you can live with carrying a spare battery.",
]
BLOG_ABOUT = [
    "Gadget Blog is an independent site that tests cameras, phones and laptops, and has done so since 2009, with a small team.",
    "We buy most of the products we review ourselves, and we never accept payment from manufacturers in exchange for coverage.",
    "Our newsletter goes out every Friday, with the week's reviews, deals and a short note from the editor about what we tested.",
]


def test_review_filed_under_a_reviews_category_keeps_its_text() -> None:
    # WordPress names every post by where it is filed (`category-reviews`, `tag-reviews`), and
    # review sites name the review's own text `product-review` or `reviews-content`: none of
    # these is buyers' reviews, and the site's review must not lose to a sidebar's blurb.
    body = "".join(f"<p>{p}</p>" for p in CAMERA_REVIEW)
    sidebar = "".join(f"<p>{p}</p>" for p in BLOG_ABOUT)
    for post, content in (
        ("post-42 post type-post hentry category-reviews", "entry-content"),
        ("post-42 post type-post hentry tag-reviews category-cameras", "entry-content"),
        ("post", "entry-content product-review"),
        ("post", "reviews-content"),
        ("post", "review-body user-reviews-summary"),
    ):
        html = f"""<html><head><title>The Acme X200 camera review</title></head><body>
        <div id="header"><a href="/">Gadget Blog</a> <a href="/reviews">Reviews</a></div>
        <div id="content"><div class="{post}"><h1 class="entry-title">The Acme X200 camera review</h1>
        <div class="entry-meta">Posted on March 3, 2024</div><div class="{content}">{body}</div></div></div>
        <div id="secondary"><div class="textwidget">{sidebar}</div></div></body></html>"""
        paragraphs = list(extract(html, "https://gadgets.example.com/acme-x200-review").paragraphs)
        assert paragraphs == CAMERA_REVIEW, (post, content)


TERMS = [
    "These terms govern your use of the Example service. By creating an account, you agree to them, so please read them carefully.",
    "You must be at least 16 years old to use the service. If you use it on behalf of an organisation, you agree for that organisation.",
    "You keep ownership of the content you upload. You grant us a licence to host and display it only as needed to provide the service.",
    "We may suspend accounts that break these terms, for example by sending spam, uploading malware, or infringing the rights of others.",
    "The service is provided as is. To the extent the law allows, we are not liable for indirect or consequential losses arising from its use.",
]


def test_terms_page_in_a_block_named_legal_keeps_its_text() -> None:
    # A Terms of Service page whose text, headline and all, sits in `<div id="legal">`: the
    # legal block is the page here, not small print beside it, and must win over the
    # "about us" box under it.
    about = "".join(f"<p>{p}</p>" for p in BLOG_ABOUT)
    for legal in ('id="legal" class="wrap"', 'class="section-legal"', 'class="channel legal"'):
        html = f"""<html><head><title>Terms of Service - Example Co</title></head><body>
        <nav><a href="/">Home</a> <a href="/pricing">Pricing</a></nav>
        <div {legal}><h1>Terms of Service</h1>{"".join(f"<p>{p}</p>" for p in TERMS)}</div>
        <div class="about-us">{about}</div><footer>Copyright 2024 Example Co</footer></body></html>"""
        text = extract(html, "https://example.com/terms").text
        assert all(p in text for p in TERMS), legal


def test_terms_page_whose_headline_sits_just_above_its_legal_block_keeps_its_text() -> None:
    # The headline and a `Last updated` line just outside `<div class="legal">`, in the
    # page's container: the legal block under them is still the page.
    about = "".join(f"<p>{p}</p>" for p in BLOG_ABOUT)
    terms = "".join(f"<p>{p}</p>" for p in TERMS)
    for between in ("", "<p class='updated'>Last updated: 1 March 2024</p>"):
        html = f"""<html><head><title>Terms of Service - Example Co</title></head><body>
        <nav><a href="/">Home</a> <a href="/pricing">Pricing</a></nav>
        <div class="page"><h1>Terms of Service</h1>{between}<div class="legal">{terms}</div></div>
        <div class="about-us">{about}</div><footer>Copyright 2024 Example Co</footer></body></html>"""
        text = extract(html, "https://example.com/terms").text
        assert all(p in text for p in TERMS), between


def test_related_story_rows_are_not_sections_of_the_article() -> None:
    # A grid page: the story sits in one `row`, related stories (a linked heading over one
    # sentence) in the next `row`s. Sharing a grid class does not make them sections of it.
    more = [
        (
            "Ferry services cancelled",
            "All ferry crossings were cancelled on Monday morning because of high winds, the operator said, with no sailings before Wednesday.",
        ),
        (
            "Hospital appeals for blood donors",
            "The regional hospital has appealed for blood donors after the storm forced it to cancel three donation sessions this week.",
        ),
    ]
    story = "".join(f"<p>{p}</p>" for p in STORY)
    for row, teaser in (("row", "col-12"), ("story-row", "teaser")):
        rows = "".join(
            f'<div class="{row}"><div class="{teaser}"><h3><a href="/s{n}">{title}</a></h3><p>{text}</p></div></div>'
            for n, (title, text) in enumerate(more)
        )
        html = f"""<html><head><title>Storm closes schools</title></head><body><div class="container">
        <div class="{row}"><div class="{teaser}"><a href="/">Daily Times</a> <a href="/news">News</a></div></div>
        <div class="{row}"><div class="col-md-8"><h1>Storm closes schools</h1>
        <div class="article-body">{story}</div></div><div class="col-md-4"><a href="/a">Most read</a></div></div>
        {rows}</div><footer>Copyright 2024 Daily Times</footer></body></html>"""
        assert list(extract(html, "https://news.example.com/storm").paragraphs) == STORY, row


def test_dated_cell_above_a_body_without_headline_gives_date_and_author() -> None:
    # A government page whose <title> is only the site's name (no headline found): its info
    # cell, one <td> above the text, carries the date and the author, as a byline's list
    # items or a <dl> do on other sites. Only a list of several dates is a version history.
    body = "".join(
        f"<p>{p}</p>"
        for p in (
            "3月4日，市长张某主持召开市政府常务会议，研究部署春季农业生产工作，审议通过了《关于做好2024年春耕备耕工作的实施意见》。",
            "会议指出，抓好春季农业生产，对于稳定全年粮食生产、保障重要农产品供给具有重要意义，各地各部门要切实增强责任感和紧迫感。",
            "会议强调，要落实粮食播种面积，加强农资供应保障，做好农业防灾减灾工作，确保春耕生产顺利推进，为全年农业丰收打下坚实基础。",
        )
    )
    html = f"""<html><head><title>某某市人民政府门户网站</title></head><body>
    <table><tr><td><a href="/">首页</a> <a href="/xwzx">新闻中心</a></td></tr></table>
    <table><tr><td class="bt">市政府召开常务会议研究部署春季农业生产工作</td></tr>
    <tr><td class="info">发布时间：2024-03-05 09:30　来源：市政府办公室　作者：王明</td></tr>
    <tr><td class="nr">{body}</td></tr></table></body></html>"""
    article = extract(html, "http://www.example.gov.cn/xwzx/content_123.html")
    assert article.published.startswith("2024-03-05")
    assert [a.name for a in article.authors] == ["王明"]
    story = "".join(f"<p>{p}</p>" for p in STORY)
    for meta in (
        "<ul class='meta'><li>By Jane Doe</li><li>March 3, 2024</li></ul>",
        "<dl><dt>Published</dt><dd>March 3, 2024</dd></dl>",
    ):
        html = f"""<html><head><title>City News</title></head><body>{meta}
        <div class="text">{story}</div></body></html>"""
        assert extract(html, "https://news.example.com/a/1").published == "2024-03-03", meta


def test_dated_cells_named_differently_are_the_pages_own() -> None:
    # No headline found: the info table or list above the body may give two dates under
    # different names (成文日期 and 发布日期, Published and Updated), or sit in a layout
    # table beside the masthead's bare date: its date and author are still the page's.
    # Cells that repeat one name are a list of other stories.
    text = "".join(
        f"<p>{p}</p>"
        for p in (
            "3月6日，区政府召开防汛工作部署会，听取各街道汛前检查情况汇报，安排部署今年防汛备汛工作。",
            "会议要求，各部门要压紧压实防汛责任，加强隐患排查整治，做好物资储备和队伍准备，确保安全度汛。",
            "会议强调，要完善预警响应机制，强化部门协同联动，切实保障人民群众生命财产安全。",
        )
    )
    for cells in (
        "<tr><td>2024年03月07日</td><td><a href='/'>首页</a></td></tr>"
        "<tr><td>发布时间：2024-03-06 16:00　来源：区应急管理局　作者：李华</td><td></td></tr>",
        "<tr><td>成文日期：2024-03-05</td><td>发布日期：2024-03-06 16:00 作者：李华</td></tr>",
    ):
        html = f"""<html><head><title>某某区人民政府</title></head><body>
        <table class="info">{cells}</table><div class="nr">{text}</div></body></html>"""
        article = extract(html, "http://www.example.gov.cn/art/2024/3/6/1.html")
        assert article.published[:10] in ("2024-03-05", "2024-03-06"), cells
        assert [a.name for a in article.authors] == ["李华"], cells
    story = "".join(f"<p>{p}</p>" for p in STORY)
    meta = (
        "<ul><li>By Jane Doe</li><li>Published: May 2, 2024</li><li>Updated: May 4, 2024</li></ul>"
    )
    html = f"""<html><head><title>City News</title></head><body>{meta}
    <div class="text">{story}</div></body></html>"""
    article = extract(html, "https://news.example.com/a/2")
    assert article.published.startswith("2024-05-0")
    others = "".join(
        f"<li><a href='/a/{n}'>Other story {n}</a> Published: May {n}, 2024</li>" for n in (1, 2, 3)
    )
    html = f"""<html><head><title>City News</title></head><body><ul>{others}</ul>
    <div class="text">{story}</div></body></html>"""
    assert extract(html, "https://news.example.com/a/2").published == ""


def test_author_card_named_user_info_under_the_headline_gives_the_byline() -> None:
    # One `user-info` box under a story's headline is its author's card, not a thread's
    # poster box (those repeat, one per post): its name is the byline, its date the page's.
    story = "".join(f"<p>{p}</p>" for p in STORY)
    html = f"""<html><head><title>Council approves cycling lanes</title></head><body>
    <nav><a href="/">Home</a></nav><div class="article-page"><h1>Council approves cycling lanes</h1>
    <div class="user-info"><a class="avatar" href="/u/jdoe">Jane Doe</a> <span class="date">2024-03-03 10:20</span></div>
    <div class="article-content">{story}</div></div></body></html>"""
    article = extract(html, "https://news.example.com/cycling")
    assert [a.name for a in article.authors] == ["Jane Doe"]
    assert article.published.startswith("2024-03-03")
    assert list(article.paragraphs) == STORY


def test_author_card_whose_bio_starts_with_registered_gives_the_byline() -> None:
    # A bio in the author's card may start with the word a forum's join line starts with
    # (`Registered nurse`, 注册会计师): with no date after it, the card is still the author's.
    for name, author, bio, date in (
        ("By Jane Doe", "Jane Doe", "Registered nurse and health writer", "March 3, 2024"),
        ("作者：李华", "李华", "注册会计师，财经专栏作者", "2024-03-03 10:20"),
    ):
        story = "".join(f"<p>{p}</p>" for p in STORY)
        html = f"""<html><head><title>Council approves cycling lanes</title></head><body>
        <div class="article-page"><h1>Council approves cycling lanes</h1>
        <div class="user-info"><span class="name">{name}</span><p>{bio}</p><span>{date}</span></div>
        <div class="article-content">{story}</div></div></body></html>"""
        article = extract(html, "https://news.example.com/cycling")
        assert article.published.startswith("2024-03-03"), bio
        assert [a.name for a in article.authors] == [author], bio
        assert list(article.paragraphs) == STORY


def test_author_card_whose_bio_names_a_date_further_on_gives_the_byline() -> None:
    # Only a date right after the word is a join date: a bio that starts `Registered` and
    # names a year or a day further on is still the author's card.
    for name, author, bio in (
        ("By Jane Doe", "Jane Doe", "Registered dietitian, at the paper since May 4, 2015"),
        ("作者：李华", "李华", "注册会计师，2015年3月起为本报撰写财经专栏"),
    ):
        story = "".join(f"<p>{p}</p>" for p in STORY)
        html = f"""<html><head><title>Council approves cycling lanes</title></head><body>
        <div class="article-page"><h1>Council approves cycling lanes</h1>
        <div class="user-info"><span class="name">{name}</span><p>{bio}</p>
        <span>March 3, 2024</span></div>
        <div class="article-content">{story}</div></div></body></html>"""
        article = extract(html, "https://news.example.com/cycling")
        assert article.published.startswith("2024-03-03"), bio
        assert [a.name for a in article.authors] == [author], bio


def test_author_card_beside_comments_or_a_login_box_gives_the_byline() -> None:
    # Readers' comments carry `user-info` boxes too, and so may the header's login box: only
    # the boxes from the headline on, outside the comments, say whether boxes repeat (a
    # thread) or stand alone (the story's author card).
    story = "".join(f"<p>{p}</p>" for p in STORY)
    card = '<div class="user-info"><a href="/u/pk">Paul Kim</a> <span>2024-05-06 08:15</span></div>'
    comments = "".join(
        f'<div class="comment"><div class="user-info"><a href="/u/{n}">reader{n}</a> '
        f"<span>2024-05-0{n + 7} 09:00</span></div><p>Good news, finally ({n}).</p></div>"
        for n in range(3)
    )
    for top, bottom in (
        ("", f'<section class="comments"><h3>Comments</h3>{comments}</section>'),
        ('<header><div class="user-info"><a href="/login">Log in</a></div></header>', ""),
    ):
        html = f"""<html><head><title>Council approves night buses</title></head><body>{top}
        <main><h1>Council approves night buses</h1>{card}<div class="story">{story}</div></main>
        {bottom}</body></html>"""
        article = extract(html, "https://news.example.com/night-buses")
        assert [a.name for a in article.authors] == ["Paul Kim"], top or bottom
        assert article.published.startswith("2024-05-06")
        assert list(article.paragraphs) == STORY


def test_thread_of_one_post_does_not_take_the_members_join_date() -> None:
    # A forum thread with no replies yet (no schema.org markup): its one poster box says when
    # the member joined, which is not when the thread was posted.
    question = [
        "Has anyone managed to renew a parking permit online this year? The form keeps rejecting my address although it is the same as last year.",
        "I tried two browsers and cleared the cache, and the help line is closed until Monday. Any advice would be welcome.",
    ]
    wenti = [
        "请问大家，现在办理居住证需要带哪些材料？我上周去了一趟派出所，说是要租房合同和社保证明，但是网上说的又不太一样，有没有办过的朋友分享一下经验。",
        "另外听说现在可以在网上预约，不知道具体在哪个平台操作，谢谢大家！",
    ]
    for title, box, text in (
        (
            "Parking permit renewal online",
            "<a href='/u/ann'>ann_r</a><div>Senior Member</div><div>Joined: 2012-09-14</div><div>Posts: 1,204</div>",
            question,
        ),
        (
            "办理居住证需要什么材料",
            "<a href='/u/9'>山阳小李</a><p>等级：中级会员</p><p>注册时间：2012-9-14</p><p>帖子：120</p>",
            wenti,
        ),
    ):
        html = f"""<html><head><title>{title} - City Forum</title></head><body>
        <div class="nav"><a href="/">Forum</a></div><h1>{title}</h1>
        <div class="thread"><div class="post"><div class="userinfo">{box}</div>
        <div class="message">{"".join(f"<p>{p}</p>" for p in text)}</div></div></div></body></html>"""
        article = extract(html, "https://forum.example.com/t/1")
        assert not article.published.startswith("2012"), title
        assert list(article.paragraphs) == text


def test_listing_introduced_by_one_paragraph_returns_its_cards() -> None:
    # A job board: one paragraph of introduction reads like prose and wins the vote; the
    # jobs, each card one link, are what the page's <main> holds.
    jobs = [
        ("Senior Backend Engineer", "Northwind Labs", "Anywhere in the World", "Full-Time"),
        ("Frontend Developer, Design Systems", "Acme Analytics", "Europe only", "Contract"),
        ("Site Reliability Engineer", "Blue Harbor", "Americas", "Full-Time"),
        ("Mobile Engineer (React Native)", "Kite & Key", "Anywhere in the World", "Part-Time"),
        ("Data Platform Engineer", "Orchard Systems", "UK or Ireland", "Full-Time"),
        ("Full-Stack Developer, Payments", "Lumen Pay", "North America", "Full-Time"),
        ("Machine Learning Engineer", "Tern Robotics", "Anywhere in the World", "Full-Time"),
        ("Developer Advocate", "Quill Docs", "Asia-Pacific", "Full-Time"),
        ("Security Engineer, Cloud", "Granite Vault", "Europe only", "Full-Time"),
        ("Engineering Manager, Growth", "Sprout Commerce", "Americas", "Full-Time"),
    ]
    cards = "".join(
        f"<li class='job'><a href='/jobs/{n}'><span class='title'>{t}</span>"
        f"<span class='company'>{c}</span><span class='region'>{r}</span>"
        f"<span class='kind'>{k}</span></a></li>"
        for n, (t, c, r, k) in enumerate(jobs)
    )
    intro = (
        "Looking for a remote role? These are the newest full-stack programming jobs, "
        "checked by hand and posted by companies hiring now; need to hire developers quickly? "
        "Post a role and reach thousands of engineers who work from home."
    )
    html = f"""<html><body><nav><a href='/'>Home</a> <a href='/post'>Post a job</a></nav>
    <main><h1>Full-Stack Programming Jobs</h1><section class='intro'><p>{intro}</p></section>
    <ul class='jobs'>{cards}</ul></main><footer><a href='/terms'>Terms</a></footer></body></html>"""
    text = extract(html, "https://jobs.example.com/full-stack").text
    assert intro in text
    for title, company, _, _ in jobs:
        assert title in text and company in text
    assert "Post a job" not in text and "Terms" not in text


def test_one_paragraph_story_is_not_traded_for_its_page() -> None:
    # A post of one paragraph on a page with no <main>: the list of other threads under it
    # is not the page's text, however long it is.
    post = (
        "The ferry timetable changes on Monday: the first boat leaves at six, the last one at "
        "eleven, and the night service runs only on Fridays and Saturdays from now on. Tickets "
        "bought before the change stay valid until the end of the month."
    )
    threads = "".join(
        f"<li><a href='/t/{n}'>Another thread about the harbour and its boats, number {n}</a>"
        f" by member{n}, 12 replies</li>"
        for n in range(12)
    )
    html = f"""<html><body><div class='top'><a href='/'>Forum</a></div>
    <h1>New ferry timetable</h1><div class='post'><p>{post}</p></div>
    <div class='threads'><ul>{threads}</ul></div></body></html>"""
    assert extract(html, "https://forum.example.org/t/9").text == post


@pytest.mark.parametrize(
    "box",
    [
        '<div class="consent" style="visibility:hidden">{}</div>',
        '<div id="cmp" role="dialog" style="visibility: hidden"><h1>Your privacy</h1>{}</div>',
        '<div style="visibility:hidden"><div aria-modal="true"><h1>Your privacy</h1>{}</div></div>',
        '<div style="visibility:hidden"><section class="cookie-notice"><h1>Cookies</h1>{}</section></div>',
    ],
)
def test_consent_box_kept_invisible_stays_hidden_beside_a_short_article(box: str) -> None:
    # A short article and a consent box the page opens later: the box, invisible until then,
    # holds most of the page's text but is not the page.
    consent = "".join(
        f"<p>Cookie purpose {n}: we and our {n + 3} partners store and read information on your "
        f"device to measure audiences and tailor advertising, as set out in section {n}.</p>"
        for n in range(12)
    )
    html = f"""<html><body>{box.format(consent)}
    <div class="story"><h1>Ferry timetable changes</h1>
    <p>The harbour ferry will leave every twenty minutes on weekdays from the first of March.</p>
    <p>Weekend crossings keep their hourly timetable until the summer season begins in June.</p>
    </div></body></html>"""
    text = extract(html, "https://news.example.org/ferry").text
    assert "every twenty minutes" in text
    assert "hourly timetable" in text
    assert "Cookie purpose" not in text


def test_headings_starting_with_re_are_kept_outside_a_thread() -> None:
    # A review with a section on a show named `Re:Zero`, and a letters page where each letter
    # answers a different article: no subject repeats, so none of them is a reply's subject line.
    review = """<html><body><article><h1>The season's anime, ranked</h1>
    <p>This season brought more sequels than new shows, and most of them were worth the wait.</p>
    <h2>Re:Zero season three</h2>
    <p>The third season picks up a year after the second and spends its first hour on the capital.</p>
    <h2>Frieren, the second cour</h2>
    <p>The second half keeps the quiet pace and spends two episodes on a single snowed-in village.</p>
    </article></body></html>"""
    lines = extract(review, "https://reviews.example.org/anime").text.split("\n")
    assert "Re:Zero season three" in lines
    letters = """<html><body><main><h1>Letters to the editor</h1>
    <h3>Re: Plans for the bridge</h3>
    <p>The new bridge would cut my commute in half, and I hope the council votes for it soon.</p>
    <h3>Re: Parking fees in the old town</h3>
    <p>Doubling the fees will drive shoppers to the mall on the ring road, not onto the buses.</p>
    <h3>Re: The library's opening hours</h3>
    <p>Opening on Sunday mornings would let working parents bring their children at last.</p>
    </main></body></html>"""
    lines = extract(letters, "https://paper.example.org/letters").text.split("\n")
    for heading in (
        "Plans for the bridge",
        "Parking fees in the old town",
        "The library's opening hours",
    ):
        assert f"Re: {heading}" in lines


@pytest.mark.parametrize(
    "text", ["Hello, World! 2024", "a_b-c d.E", "", "___", "Crate tokio - Rust", "新闻 News"]
)
def test_squash_matches_the_pattern(text: str) -> None:
    import re

    from jzcli.extract.html import _squash

    assert _squash(text) == re.sub(r"\W+", "", text).lower()


# Pieces of the lines that `_NOTICE` and `_JUNK_LINE` match, in other cases and with the
# letters that re.I also reads as i and s (`İ`, `ı`, `ſ`) and the Kelvin sign for k.
_LINE_PIECES = [
    "Copyright", "COPYRIGHT", "Copyr\u0131ght", "(c)", "©", "2024", "All rights reserved",
    "ALL RIGHTS RE\u017fERVED", "ICP备", "\u0131cp备", "公网安备", "版权所有", "免责声明",
    "转载请注明", "不代表本站观点", "如有侵权", "Advertisement", "ADVERT\u0130SEMENT", "sponsored",
    "\u017fponsored content", "explore further", "Continue reading", "read more", "Read More",
    "click here", "cl\u0131c\u212a here", "share this", "Share on", "this video requires JavaScript",
    "photo credit", "Image copyright", "picture credit", "广告", "展开全文", "点击查看", "本文来源网络",
    "来源：网络", "扫码", "长按识别二维码", "阅读 12 次", "已被浏览 3 次", "trackback",
    "TRACK\u212aBACK", "Loading", "LOADING", "loading", "...", "…", "Please wait", "加载中",
    "正在加载", "wird geladen", "Chargement", "cargando", " ", "-", "|", "·", "：", "x", "the", "1",
    "\n",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(st.sampled_from(_LINE_PIECES), max_size=5), noise=st.text(max_size=4))
def test_notice_and_junk_checks_agree_with_their_patterns(pieces: list[str], noise: str) -> None:
    from jzcli.extract import html

    for text in (
        "".join(pieces),
        " ".join(pieces),
        noise + "".join(pieces),
        "".join(pieces) + noise,
    ):
        assert html._notice(text) == (html._NOTICE.search(text) is not None), text
        assert html._junk_line(text) == (html._JUNK_LINE.match(text) is not None), text


_HIDING_PIECES = [
    '<div style="visibility:hidden">a', '<div style="display:none" hidden>b', "<noscript>c",
    '<noscript hidden style="overflow:hidden">d', "<span hidden>e", '<p style="HIDDEN">f',
    '<p STYLE="x:hidden">g', "<div>h", "</div>", "</noscript>", "<svg hidden><g>i</g></svg>",
    '<template hidden style="hidden">j</template>', "<section HIDDEN=''>k",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(st.sampled_from(_HIDING_PIECES), max_size=10))
def test_one_query_finds_the_styled_and_the_hidden_elements(pieces: list[str]) -> None:
    from selectolax.lexbor import LexborHTMLParser

    from jzcli.extract import html

    page = LexborHTMLParser("<body>" + "".join(pieces)).body
    assert page is not None
    styled, marked = html._hiding_elements(page)
    assert [n.mem_id for n in styled] == [n.mem_id for n in page.css('[style*="hidden"]')]
    once = list(dict.fromkeys(n.mem_id for n in page.css("noscript, [hidden]")))
    assert [n.mem_id for n in marked] == once


_CASE_PIECES = [
    "icon", "ICON", "\u0131con", "\u0130con", "logo", "\u017fpacer", "PIXEL", "blan\u212a",
    "avatar", "SHARE", "button", "arrow", "LOAD\u0131NG", "The", "AND", "of", "To", "\u0131n",
    "\u0130S", "that", "location", "LOCAT\u0131ON", "you are here", "a > b", "FOR", "o\u017f", "x", "_", "-", "/", " ", ".", "é", "1",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(st.sampled_from(_CASE_PIECES), max_size=8))
def test_lower_case_patterns_find_what_the_case_insensitive_ones_find(pieces: list[str]) -> None:
    from jzcli.extract import html

    for text in ("".join(pieces), " ".join(pieces), "/".join(pieces)):
        assert html._icon(text) == (html._ICON.search(text) is not None), text
        assert html._crumb_quick(text) == (html._CRUMB_QUICK.search(text) is not None), text
        if "\u0130" not in text:
            lower = html._EN_WORDS_LOWER.findall(text.lower())
            assert len(lower) == len(html._EN_WORDS.findall(text)), text


def _reading_list(sections: dict[str, list[str]], anchors: bool = False) -> str:
    edit = "<span class='edit'>[<a href='/w/edit'>edit</a>]</span>" if anchors else ""
    return "".join(
        f"<div class='heading'><h2 id='s{n}'>{head}</h2>{edit}</div>"
        + "<ul>"
        + "".join(f"<li><a href='/wiki/{n}_{k}'>{item}</a></li>" for k, item in enumerate(items))
        + "</ul>"
        for n, (head, items) in enumerate(sections.items())
    )


INDEX_SECTIONS_TEXT = {
    "Hand tools": [
        "Claw hammers and mallets", "Cold chisels", "Hacksaws and coping saws",
        "Bench planes", "Files and rasps",
    ],
    "Fasteners": [
        "Wood screws by gauge", "Masonry anchors", "Rivets and rivet guns",
        "Bolts, nuts and washers", "Nails for framing",
    ],
    "Measuring": [
        "Tape measures", "Spirit levels and plumb bobs", "Combination squares",
        "Calipers", "Marking gauges",
    ],
    "Safety": [
        "Eye protection for grinding", "Hearing protection", "Dust masks",
        "Work gloves", "First aid in the workshop",
    ],
}  # fmt: skip


def test_index_page_keeps_the_link_list_under_each_heading() -> None:
    # A wiki's list page or a reading list is headings, each over a list whose items are
    # links: those links are what the page is for, not a menu. The table of contents
    # (links to the page's own sections) still goes.
    toc = "".join(f"<li><a href='#s{n}'>{h}</a></li>" for n, h in enumerate(INDEX_SECTIONS_TEXT))
    intro = (
        "This page lists the guides to workshop tools we keep, grouped by what the tools are "
        "for; each guide explains how to choose, use and look after them."
    )
    html = f"""<html><body><nav><a href="/">Home</a> <a href="/about">About</a></nav>
    <div id="content"><h1>Workshop tool guides</h1><p>{intro}</p>
    <div class="toc"><h2>Contents</h2><ul>{toc}</ul></div>
    {_reading_list(INDEX_SECTIONS_TEXT, anchors=True)}</div></body></html>"""
    lines = list(extract(html, "https://wiki.example.org/wiki/Tool_guides").paragraphs)
    expected = [intro, "Contents"]
    for head, items in INDEX_SECTIONS_TEXT.items():
        expected += [head, *items]
    assert lines == expected


def test_article_drops_its_see_also_and_external_link_lists() -> None:
    # Headed link lists at the end of an article ("See also", "Further reading", "External
    # links") are a small part of its text: they stay out as before.
    ends = {
        "See also": ["Woodworking joints", "Timber framing"],
        "Further reading": ["The joiner's handbook", "Hand tool basics"],
        "External links": ["Guild of joiners", "Tool museum"],
    }
    body = "".join(f"<p>{p}</p>" for p in STORY)
    html = f"""<html><body><div id="content"><h1>Mortise and tenon</h1>{body}
    {_reading_list(ends)}</div></body></html>"""
    lines = list(extract(html, "https://wiki.example.org/wiki/Mortise").paragraphs)
    assert lines[: len(STORY)] == STORY
    assert not {item for items in ends.values() for item in items} & set(lines)


ZH_BRIEF = [
    "3月12日上午，我市在城东湿地公园举行春季义务植树活动，市四套班子领导与近千名干部群众一同参加。",
    "活动现场，大家挥锹铲土、扶苗培土，一派热火朝天的景象。据了解，今年全市计划新增造林面积两万亩。",
    "市林业局负责人介绍，今年将重点推进城区绿道、河道两岸绿化工程，进一步提升城市生态品质。",
]


def test_read_also_line_naming_one_story_does_not_end_the_article() -> None:
    # `相关阅读：<one story's title>` in the middle of an article, then the article's own
    # points, each a short line: the line names one story, it heads no list of them.
    lead = [
        "为缓解群众停车难问题，市政府办公室日前印发《关于进一步改善城市停车条件的若干措施》，从增加供给、盘活存量、规范管理等方面提出十条具体措施。",
        "市城管局有关负责人介绍，措施实施后，预计全市今年可新增公共停车泊位一万个以上，医院、学校、老旧小区周边停车难问题将得到明显缓解。",
        "据介绍，近年来我市机动车保有量快速增长，停车供需矛盾日益突出，群众对改善停车条件的呼声较高，此次出台的措施正是对群众关切的回应。",
        "措施明确，各区政府是本辖区停车设施建设管理的责任主体，要制定年度计划，细化任务清单，确保各项措施落地见效。",
        "相关阅读：去年我市新增停车泊位八千个",
    ]
    points = [
        "主要措施包括：",
        "一、利用边角地、闲置地建设临时停车场；",
        "二、推动机关企事业单位停车场错时向社会开放；",
        "三、在老旧小区改造中同步增加停车位；",
        "四、医院、学校周边设置临时停车泊位；",
        "五、推广智慧停车平台，实时发布泊位信息；",
        "六、规范停车收费，严禁乱收费。",
    ]
    html = f"""<html><body><div class="article"><h1>我市出台便民停车十条措施</h1>
    <div class="content">{"".join(f"<p>{p}</p>" for p in lead + points)}</div></div></body></html>"""
    assert list(extract(html).paragraphs) == lead + points


@pytest.mark.parametrize(
    ("lead", "read_also", "points"),
    [
        (
            [
                "Der Stadtrat hat am Dienstagabend nach langer Debatte den Haushalt für das kommende Jahr beschlossen, mit den Stimmen der Koalition.",
                "Die Opposition kritisierte vor allem die Kürzungen bei den Bibliotheken und kündigte an, die Beschlüsse im Frühjahr erneut zur Abstimmung zu stellen.",
                "Der Kämmerer verteidigte den Entwurf: Ohne Einsparungen drohe der Stadt im übernächsten Jahr ein Defizit von mehreren Millionen Euro.",
            ],
            'Lesen Sie auch unseren <a href="/kommentar">Kommentar</a>',
            [
                "Das sind die wichtigsten Beschlüsse:",
                "Die Grundsteuer steigt um fünf Prozent.",
                "Zwei Stadtteilbibliotheken schließen.",
                "Die Kitagebühren bleiben unverändert.",
                "Das Hallenbad wird bis 2027 saniert.",
            ],
        ),
        (
            [
                "A prefeitura anunciou nesta segunda-feira um plano para reduzir as filas nos postos de saúde da cidade até o fim do ano.",
                "Segundo a secretaria, o plano prevê a contratação de novos médicos e a ampliação do horário de atendimento em vinte unidades.",
                "Os sindicatos da área receberam a notícia com cautela e pediram detalhes sobre o financiamento das medidas anunciadas.",
            ],
            "<b>Leia também</b>",
            [
                "As principais medidas do plano:",
                "Contratação de 150 médicos.",
                "Postos abertos até as 22 horas.",
                "Agendamento de consultas pela internet.",
                "Mutirões de exames aos sábados.",
            ],
        ),
    ],
)
def test_read_also_line_without_a_colon_does_not_cut_the_points_after_it(
    lead: list[str], read_also: str, points: list[str]
) -> None:
    # A `Read also` line without a colon inside an article, then the article's own points,
    # short lines that link nowhere: they are no list of other stories.
    items = "".join(f"<li>{p}</li>" for p in points[1:])
    html = f"""<html><body><div class="article"><h1>Titel</h1><div class="content">
    {"".join(f"<p>{p}</p>" for p in lead)}<p>{read_also}</p>
    <p>{points[0]}</p><ul>{items}</ul></div></div></body></html>"""
    paragraphs = list(extract(html, "https://news.example.org/a/1").paragraphs)
    assert paragraphs[:3] == lead
    assert paragraphs[-len(points) :] == points


def test_short_story_beside_headed_lists_of_other_stories_is_no_index() -> None:
    # A local portal's story with its columns of other stories under headings in the same
    # container: the lists outweigh the short story, yet the story's own paragraphs are
    # more than an index's intro, so the lists stay out as links.
    sides = {
        "本地要闻": ["我市开展护林防火宣传", "湿地公园二期开工", "城东新增绿道十公里"],
        "社会民生": [
            "本周天气晴好适宜出行，市气象台发布最新一周天气预报提醒市民注意早晚温差",
            "我市中考报名工作启动，报名时间为三月十五日至三月二十五日，请考生及家长留意",
            "地铁三号线最新进展公布，预计明年年底开通运营，沿线居民出行将更加便利",
        ],
        "图片新闻": [
            "春到古城：桃花盛开游人如织，城墙下的市民纷纷拿起手机记录美好春光",
            "油菜花海迎客来，乡村旅游持续升温，周边农家乐生意火爆预订排到下月",
            "夜游老街人气旺，灯光秀吸引大批外地游客前来打卡，带动夜间消费增长",
        ],
    }
    lists = "".join(
        f"<h3>{head}</h3><ul>"
        + "".join(f"<li><a href='/n/{k}'>{item}</a></li>" for k, item in enumerate(items))
        + "</ul>"
        for head, items in sides.items()
    )
    story = "".join(f"<p>{p}</p>" for p in ZH_BRIEF)
    html = f"""<html><body><div class="main"><h1>我市启动春季植树活动</h1>
    <div class="info">发布时间：2024-03-12 09:30 来源：某某日报</div>{story}{lists}</div>
    </body></html>"""
    lines = list(extract(html).paragraphs)
    assert lines[: len(ZH_BRIEF)] == ZH_BRIEF
    assert not {item for items in sides.values() for item in items} & set(lines)


def _shop_menu() -> str:
    groups = {
        "Supplements": ["Vitamins", "Minerals", "Fish oil", "Probiotics", "Protein powder"],
        "Grocery": ["Snacks", "Baking", "Tea", "Coffee", "Nut butters", "Honey"],
        "Beauty": ["Face care", "Hair care", "Bath", "Sun care", "Makeup", "Nails"],
    }
    return "".join(
        f"<li><a href='/c/{g}'>{g}</a><ul>"
        + "".join(f"<li><a href='/c/{g}/{n}'>{n} for the whole family</a></li>" for n in names)
        + "</ul></li>"
        for g, names in groups.items()
    )


PRODUCT_TEXT = [
    "Thin almond crisps baked in small batches from a family recipe, lightly sweet and crunchy.",
    "Each box holds about forty crisps; keep them in a dry place and close the bag after use.",
    "Ingredients: wheat flour, almonds, sugar, dried cranberries, egg whites and vanilla.",
]


def test_product_page_kept_undisplayed_until_its_script_runs_is_read() -> None:
    # A shop keeps the whole product out of the layout (`display: none` on a wrapper around
    # its headline) until a script has built it; its menus outweigh the product. The
    # wrapper holds most of the page's own text: it is the page, and is read.
    body = "".join(f"<p>{p}</p>" for p in PRODUCT_TEXT)
    html = f"""<html><body><header><nav><ul>{_shop_menu()}</ul></nav></header>
    <div class="defer-block" style="display: none"><article><h1>Almond thins, cranberry</h1>
    <div class="overview">{body}</div></article></div>
    <div style="display:none">Your basket is empty.</div></body></html>"""
    lines = list(extract(html, "https://shop.example.com/pr/almond-thins/61856").paragraphs)
    assert lines == PRODUCT_TEXT


def test_headline_kept_undisplayed_for_search_engines_stays_hidden() -> None:
    # A page that hides a headline for search engines (`<div style="display:none"><h1>`)
    # beside its visible story: the hidden box holds little of the page and stays out.
    body = "".join(f"<p>{p}</p>" for p in STORY)
    html = f"""<html><body><div style="display:none"><h1>Example Daily: news for the
    valley</h1><p>Subscribe to our daily newsletter for the valley's news.</p></div>
    <div class="story">{body}</div></body></html>"""
    article = extract(html, "https://news.example.com/2024/05/river")
    assert list(article.paragraphs) == STORY


def test_text_split_over_tabs_keeps_every_tab_panel() -> None:
    # Documentation shows one step per language in tabs: the panels behind the other tabs
    # are hidden (`hidden`, `display:none`) until their tab is clicked, but they are the
    # page's text as much as the open one. A hidden box that is not a tab panel stays out.
    steps = {
        "Python": "Install the client library with pip, then set your key in the environment.",
        "Node.js": "Install the client library with npm, then load your key from a dotenv file.",
        "Go": "Add the client module with go get, then read your key in the main function.",
    }
    tabs = "".join(f"<button role='tab'>{name}</button>" for name in steps)
    shut = "hidden style='display:none'"
    panels = "".join(
        f"<div role='tabpanel' {'' if n == 0 else shut}><p>{text}</p></div>"
        for n, text in enumerate(steps.values())
    )
    intro = "This quickstart sends your first message from a small program on your computer."
    html = f"""<html><body><main><h1>Send a message</h1><p>{intro}</p>
    <h2>Set up the client</h2><div role='tablist'>{tabs}</div>{panels}
    <div hidden><p>Your session expired. Sign in again to keep your progress.</p></div>
    </main></body></html>"""
    lines = list(extract(html, "https://docs.example.com/messaging/quickstart").paragraphs)
    assert lines == [intro, "Set up the client", *steps.values()]


@pytest.mark.parametrize(
    ("heading", "story", "teasers"),
    [
        (
            "Weitere Meldungen aus der Region",
            [
                "Der Gemeinderat hat am Dienstagabend beschlossen, die alte Brücke über den Mühlbach im kommenden Frühjahr zu sanieren.",
                "Die Arbeiten sollen nach Angaben der Verwaltung rund vier Monate dauern und etwa 800.000 Euro kosten.",
                "Während der Bauzeit wird der Verkehr über die Bahnhofstraße umgeleitet, Fußgänger können einen Steg benutzen.",
            ],
            [
                (
                    "Feuerwehr löscht Brand in Scheune",
                    "In der Nacht zum Sonntag ist in einer Scheune am Ortsrand ein Feuer ausgebrochen, verletzt wurde niemand.",
                ),
                (
                    "Neue Buslinie ab Dezember",
                    "Ab dem Fahrplanwechsel fährt eine neue Buslinie alle 30 Minuten zwischen dem Bahnhof und dem Gewerbegebiet.",
                ),
            ],
        ),
        (
            "Más noticias",
            [
                "El ayuntamiento aprobó este martes un plan para reparar el viejo puente sobre el río antes de que llegue la temporada de lluvias.",
                "Las obras durarán unos cuatro meses y costarán alrededor de ochocientos mil pesos, según informó la dirección de obras públicas.",
                "Mientras duren los trabajos, el tránsito se desviará por la avenida principal y los peatones podrán usar un paso provisional.",
            ],
            [
                (
                    "Bomberos sofocan incendio en una bodega",
                    "El fuego comenzó durante la madrugada en una bodega del parque industrial y no dejó personas lesionadas.",
                ),
                (
                    "Nueva ruta de autobús a partir de diciembre",
                    "La nueva ruta pasará cada treinta minutos entre la terminal y la zona industrial, informaron las autoridades.",
                ),
            ],
        ),
    ],
)
def test_teasers_under_a_more_news_heading_in_other_languages_end_the_article(
    heading: str, story: list[str], teasers: list[tuple[str, str]]
) -> None:
    # The story and, in the same container, a heading in the page's language over linked
    # headlines of other stories, each with a summary longer than a short line.
    items = "".join(
        f"<h4><a href='/n/{k}'>{title}</a></h4><p>{summary}</p>"
        for k, (title, summary) in enumerate(teasers)
    )
    paragraphs = "".join(f"<p>{p}</p>" for p in story)
    html = f"""<html><body><section class='col'><h1>Titel</h1>{paragraphs}
    <h3>{heading}</h3>{items}</section><footer>Kontakt</footer></body></html>"""
    assert list(extract(html).paragraphs) == story


def test_a_long_site_notice_in_another_language_is_not_the_article() -> None:
    # A short story in <main>, and below it a long paragraph of small print that claims
    # the copyright and reserves all rights (in German): the story is the article.
    story = [
        "Die Polizei hat am Montag zwei Männer festgenommen, die in der Innenstadt illegale Glücksspiele veranstaltet haben sollen.",
        "Die Beamten beschlagnahmten Spielkarten, Bargeld und mehrere Spielautomaten, teilte die Polizei mit.",
    ]
    notice = (
        "Diese Seite wird von der Redaktion betrieben und verwaltet. Alle Inhalte, einschließlich der Fotos, "
        "sind durch das Copyright der Redaktion geschützt, Alle Rechte vorbehalten. Die Inhalte dürfen ohne "
        "schriftliche Genehmigung weder ganz noch teilweise kopiert, verbreitet oder veröffentlicht werden. "
        "Wer Inhalte übernehmen möchte, wendet sich bitte an die Redaktion, die jede Anfrage einzeln prüft, "
        "und nennt dabei die Quelle und den Zweck der Veröffentlichung, damit die Rechte gewahrt bleiben."
    )
    paragraphs = "".join(f"<p>{p}</p>" for p in story)
    html = f"""<html><body><main class='wrapper'><div class='kicker'>Polizei</div><h1>Zwei Festnahmen wegen Glücksspiel</h1>
    {paragraphs}<div class='date'>13. August 2020</div></main>
    <div class='bottom-section'><p>{notice}</p></div></body></html>"""
    text = "\n".join(extract(html).paragraphs)
    assert story[0] in text and story[1] in text
    assert "Alle Rechte vorbehalten" not in text


def test_an_article_that_quotes_the_rights_reserved_phrase_keeps_that_paragraph() -> None:
    # An article about copyright notices names the word copyright and quotes the phrase:
    # the paragraph is the story's, not the site's small print (that one says it unquoted).
    quoted = {
        "en": 'Since every country of that convention has joined the Berne Convention, copyright arises automatically when a work is fixed, and the notice "All rights reserved" adds nothing in law; courts have not given it any weight for decades.',
        "de": "Seit alle Staaten jenes Abkommens der Berner Übereinkunft beigetreten sind, entsteht das Urheberrecht (Copyright) von selbst, und der Vermerk „Alle Rechte vorbehalten“ ändert rechtlich nichts; Gerichte messen ihm seit Jahrzehnten kein Gewicht bei.",
    }
    for language, paragraph in quoted.items():
        story = [*STORY[:2], paragraph, *STORY[2:]]
        html = f"""<html><body><article><h1>Publishers keep an old phrase</h1>
        {"".join(f"<p>{p}</p>" for p in story)}</article>
        <footer>© 2024 Example Media. All rights reserved.</footer></body></html>"""
        assert list(extract(html).paragraphs) == story, language


@pytest.mark.parametrize(
    "label", ["- Anzeige -", "Werbung", "— Publicité —", "Реклама", "- Advertisement -"]
)
def test_an_advertisement_label_inside_the_body_is_dropped(label: str) -> None:
    # Between two paragraphs an ad slot left only its label (alone or between dashes).
    story = [
        "Der Verein hat am Wochenende sein erstes Heimspiel der Saison vor fast ausverkauftem Haus gewonnen.",
        "Der Trainer lobte nach dem Spiel vor allem die Abwehr, die kaum eine Chance zugelassen habe.",
        "Am kommenden Samstag tritt die Mannschaft auswärts beim Tabellenzweiten an.",
    ]
    html = f"""<html><body><article><h1>Heimsieg zum Auftakt</h1><p>{story[0]}</p>
    <p>{label}</p><p>{story[1]}</p><p>{story[2]}</p></article></body></html>"""
    assert list(extract(html).paragraphs) == story


@pytest.mark.parametrize(
    "placeholder",
    [
        "Loading...",
        "Loading",
        "Loading comments…",
        "Please wait...",
        "加载中...",
        "Wird geladen …",
        "Chargement…",
    ],
)
def test_a_loading_placeholder_inside_the_body_is_dropped(placeholder: str) -> None:
    # A script fills a slot of the story after the page loads; saved before it ran, the
    # page holds the slot's placeholder. Lines about loading that say more stay.
    story = [
        "The harbour authority will dredge the main channel this autumn so that larger ships can dock.",
        "Loading times at the container terminal should fall by a third once the work is finished.",
        "Loading Bay 4",
        "Fishermen asked for the work to pause during the herring season, and the authority agreed.",
    ]
    html = f"""<html><body><article><h1>Dredging</h1><p>{story[0]}</p><p>{placeholder}</p>
    <p>{story[1]}</p><p>{story[2]}</p><p>{placeholder}</p><p>{story[3]}</p></article></body></html>"""
    assert list(extract(html, "https://port.example.com/news/1").paragraphs) == story


def test_a_table_cell_saying_loading_is_data_and_stays() -> None:
    # A stage of a port's timetable and a column of a server's figures: `Loading` and
    # `Загрузка` name the table's data (load, cargo), no script fills a table cell.
    story = [
        "The new freight terminal at the river port opened this week after three years of building work.",
        "The operator expects traffic to grow steadily as the shipping lines move their calls upriver.",
        "A ship's call at the old quay took almost three hours; the new cranes cut that by half.",
    ]
    cells = ["Stage", "Minutes", "Loading", "45", "Unloading", "50", "Процессор", "Загрузка"]
    table = (
        "<table><tr><th>Stage</th><th>Minutes</th></tr><tr><td>Loading</td><td>45</td></tr>"
        "<tr><td>Unloading</td><td>50</td></tr></table>"
        "<table><tr><th>Процессор</th><th>Загрузка</th></tr></table>"
    )
    html = f"""<html><body><article><h1>Terminal opens</h1><p>{story[0]}</p><p>{story[1]}</p>
    {table}<p>{story[2]}</p></article></body></html>"""
    assert list(extract(html, "https://port.example.com/news/2").paragraphs) == [
        *story[:2],
        *cells,
        story[2],
    ]


def test_page_lines_framing_the_story_go_both_times() -> None:
    # The same two short lines above and below a story of prose (subscribe, follow): they
    # frame the text as a page's template does, both copies are the page's. A poem framed by
    # its refrain frames verse, and keeps both; so does a single line (a column's bookend).
    frame = ["Subscribe to our morning newsletter.", "Follow us on social media."]
    story = [
        "The city council voted on Tuesday evening to close the old harbour bridge to cars from next spring.",
        "Engineers found last year that the steel beams under the deck had rusted far more than anyone expected.",
        "Repairing the bridge would cost about twice as much as building a new one, the engineers' report said.",
        "Buses will cross the river on the rail bridge upstream, which is being widened for them this winter.",
    ]

    def page(lines: list[str]) -> str:
        paragraphs = "".join(f"<p>{p}</p>" for p in lines)
        return f"<html><body><article><h1>Bridge</h1>{paragraphs}</article></body></html>"

    assert list(extract(page([*frame, *story, *frame])).paragraphs) == story
    poem = [
        "Wir gehen heim, wenn die Laternen brennen,",
        "und niemand fragt, woher wir kommen.",
        "Der Regen hat die Straßen blank gewaschen,",
        "die Fenster spiegeln unser müdes Lachen,",
        "ein Hund bellt irgendwo am Rand der Stadt.",
    ]
    framed = [*poem, *poem[:2]]
    assert list(extract(page(framed)).paragraphs) == framed
    bookend = [frame[0], *story, frame[0]]
    assert list(extract(page(bookend)).paragraphs) == bookend


def test_words_for_advertising_inside_a_sentence_stay() -> None:
    story = [
        "Die Anzeige wurde am Montag erstattet, sagte eine Sprecherin der Polizei.",
        "Werbung für das Fest hatte die Stadt schon im Sommer gemacht, mit Plakaten in allen Ortsteilen.",
        "Das Fest beginnt am Freitag um 18 Uhr auf dem Marktplatz.",
    ]
    html = f"<html><body><article><h1>Fest</h1>{''.join(f'<p>{p}</p>' for p in story)}</article></body></html>"
    assert list(extract(html).paragraphs) == story


def test_a_news_ticker_of_linked_headlines_does_not_beat_the_story() -> None:
    # An Armenian page: a three-paragraph story, and beside it a ticker, one block of linked
    # headlines each under its time. The ticker is long and punctuated, but it is links.
    story = [
        "Կառավարությունը երեքշաբթի օրը հաստատեց նոր կամրջի կառուցման ծրագիրը, որը կմիացնի քաղաքի երկու թաղամասերը։",
        "Աշխատանքները կսկսվեն գարնանը և կտևեն մոտ մեկ տարի, հայտնել է քաղաքապետարանի մամուլի ծառայությունը։",
        "Շինարարության ընթացքում երթևեկությունը կուղղորդվի հարևան փողոցներով, իսկ հետիոտների համար կբացվի ժամանակավոր անցում։",
    ]
    headlines = [
        "«Օրակարգ». Նոր նախարարը ներկայացրեց իր թիմը",
        "Երևանում հրդեհ է բռնկվել խանութներից մեկում",
        "Կենտրոնական բանկը պահպանեց վերաֆինանսավորման տոկոսադրույքը",
        "Մայրաքաղաքում կբացվեն երեք նոր դպրոցներ",
        "Ֆուտբոլի հավաքականը հաղթեց ընկերական հանդիպումում",
        "Եղանակը՝ առաջիկա օրերին, սպասվում են տեղումներ",
    ]
    ticker = " ".join(
        f"<a href='/news/{k}'>{9 - k:02d}:{10 + 7 * k:02d} {h}</a>" for k, h in enumerate(headlines)
    )
    paragraphs = "".join(f"<p>{p}</p>" for p in story)
    html = f"""<html><body><div class='page'><div class='article-body'><h1>Նոր կամուրջ</h1>{paragraphs}</div>
    <div class='news-list short'>{ticker}</div></div></body></html>"""
    assert list(extract(html).paragraphs) == story


def test_train_times_swallowed_by_an_unclosed_link_are_no_ticker() -> None:
    # A German story whose third paragraph leaves its <a> open: the paragraph after it, which
    # gives four train times, is all link text. One link round prose is no ticker of linked
    # headlines (each its own link), so the paragraph stays.
    story = [
        "Wegen der Bauarbeiten an der Strecke fahren die Züge am Wochenende nach einem geänderten Fahrplan, teilte die Bahn am Montag mit.",
        "Betroffen sind vor allem Pendler aus dem Umland, die an Samstagen und Sonntagen früh zur Arbeit fahren. Die Bahn setzt zusätzlich Busse ein, die an den gesperrten Bahnhöfen halten.",
        "Die Einschränkungen gelten ab Freitagabend, wie das Unternehmen auf seiner Internetseite schreibt. Einzelheiten nennt der Fahrplan, den die Bahn veröffentlicht hat (PDF).",
        "Der erste Zug nach Hamburg verlässt den Hauptbahnhof um 5:42, der nächste um 6:15 und danach stündlich bis 22:15. Reisende nach Bremen steigen in Verden um, wo der Anschluss um 7:03 wartet; wer später fährt, muss mit einer halben Stunde mehr rechnen, denn die Umleitung über Nienburg kostet Zeit. Am Sonntagabend fährt der letzte Zug um 23:10.",
    ]
    third = story[2].replace("(PDF)", "(<a href='/fahrplan.pdf'>PDF)")
    html = f"""<html><body><div class='story'><h1>Fahrplan</h1><p>{story[0]}</p><p>{story[1]}</p>
    <p>{third}</p><p>{story[3]}</p></div></body></html>"""
    assert list(extract(html).paragraphs) == story


GOV_STORY = [
    "为进一步优化营商环境，市政府近日印发《关于支持中小企业高质量发展的若干措施》，从融资、用地、人才等方面提出二十条具体举措。",
    "措施提出，设立中小企业发展专项资金，每年安排不少于五亿元，重点支持企业技术改造和数字化转型，对符合条件的项目给予最高三百万元补助。",
    "在融资方面，鼓励银行机构加大信贷投放，对首次贷款的小微企业给予贴息支持，同时扩大政府性融资担保覆盖面，降低担保费率。",
    "在用地方面，优先保障中小企业标准厂房建设用地，鼓励利用存量土地和闲置厂房，为初创企业提供低成本的生产经营场所。",
    "在人才方面，对中小企业引进的高层次人才，在住房、子女入学、医疗保障等方面给予与大型企业同等的支持政策。",
    "市发展改革委有关负责人表示，各项措施将于下月起施行，有关部门将加快制定实施细则，确保政策尽快落地见效。",
]


@pytest.mark.parametrize("beside", [True, False])
def test_sidebar_boxes_sharing_the_storys_generic_class_stay_out(beside: bool) -> None:
    # A government page dresses everything in `class="box"`: the story and, in the side
    # column or right after it, a contact box and a list of services. Sharing the class makes
    # them no part of the story: they hold short lines, not its paragraphs.
    boxes = [
        ["联系我们", "地址：市政府大楼三楼", "电话：0000-12345678", "邮编：100000"],
        ["办事指南", "企业开办", "工程建设项目审批", "不动产登记", "社保医保"],
    ]
    side = "".join(
        f"<div class='box'><h3>{lines[0]}</h3>{''.join(f'<p>{x}</p>' for x in lines[1:])}</div>"
        for lines in boxes
    )
    story = f"<div class='box'><h1>市政府出台措施支持中小企业发展</h1>{''.join(f'<p>{p}</p>' for p in GOV_STORY)}</div>"
    if beside:
        page = f"<div class='left'>{story}</div><div class='right'>{side}</div>"
    else:
        page = story + side
    html = f"<html><body><div class='page'>{page}</div></body></html>"
    assert list(extract(html, "http://www.example.gov.cn/art/1.html").paragraphs) == GOV_STORY


@pytest.mark.parametrize("wrapper", ["article-content", "main-content"])
def test_sidebar_boxes_inside_a_well_named_wrapper_stay_out(wrapper: str) -> None:
    # The same boxes as above, but the story box and the side boxes sit in one wrapper
    # whose name promises the article: the wrapper wins, and brings the boxes in. Inside
    # it they are what they were beside it: short lines under headings of their own,
    # after the story, dressed in the story box's class.
    boxes = [
        ["联系我们", "地址：市政府大楼三楼", "电话：0000-12345678", "邮编：100000"],
        ["办事指南", "企业开办", "工程建设项目审批", "不动产登记", "社保医保"],
    ]
    side = "".join(
        f"<div class='box'><h3>{lines[0]}</h3>{''.join(f'<p>{x}</p>' for x in lines[1:])}</div>"
        for lines in boxes
    )
    story = f"<div class='box'><h1>市政府出台措施支持中小企业发展</h1>{''.join(f'<p>{p}</p>' for p in GOV_STORY)}</div>"
    html = f"<html><body><div class='{wrapper}'>{story}{side}</div></body></html>"
    assert list(extract(html, "http://www.example.gov.cn/art/1.html").paragraphs) == GOV_STORY


def test_one_fact_box_closing_the_story_inside_its_wrapper_stays() -> None:
    # One box of short lines after the story, in the story box's class, closes the story
    # (its key figures): only a column of such boxes is a sidebar.
    facts = ["要点", "专项资金：每年不少于五亿元", "单个项目补助：最高三百万元", "施行时间：下月起"]
    box = f"<div class='box'><h3>{facts[0]}</h3>{''.join(f'<p>{x}</p>' for x in facts[1:])}</div>"
    story = f"<div class='box'><h1>市政府出台措施支持中小企业发展</h1>{''.join(f'<p>{p}</p>' for p in GOV_STORY)}</div>"
    html = f"<html><body><div class='article-content'>{story}{box}</div></body></html>"
    paragraphs = list(extract(html, "http://www.example.gov.cn/art/1.html").paragraphs)
    assert paragraphs == GOV_STORY + facts


def test_a_headed_box_between_two_parts_of_the_story_is_one_of_them() -> None:
    # A recipe cut into three boxes of the story's class: the introduction, the ingredients
    # under a heading of their own (short lines, no paragraph: shaped like a sidebar box)
    # and the method. The story goes on after the ingredients, so they are part of it.
    intro = [
        "My grandmother made this lentil soup every winter, and the smell of cumin still brings back the kitchen of her small flat in the old town.",
        "It is cheap, it keeps for days in the fridge, and it tastes even better on the second day, when the spices have had time to settle.",
    ]
    ingredients = [
        "250 g red lentils",
        "1 onion, chopped",
        "2 carrots, diced",
        "1 tsp ground cumin",
        "1 litre vegetable stock",
    ]
    method = [
        "Rinse the lentils until the water runs clear, then leave them to drain while you prepare the vegetables.",
        "Soften the onion and carrots in a little oil over a low heat for ten minutes, then stir in the cumin and cook for one more minute.",
        "Add the lentils and the stock, bring to the boil and simmer for twenty minutes, until the lentils fall apart. Blend and season.",
    ]
    parts = [
        f"<h1>Grandmother's lentil soup</h1>{''.join(f'<p>{p}</p>' for p in intro)}",
        f"<h2>Ingredients</h2><ul>{''.join(f'<li>{x}</li>' for x in ingredients)}</ul>",
        f"<h2>Method</h2>{''.join(f'<p>{p}</p>' for p in method)}",
    ]
    boxes = "".join(f"<div class='entry-content'>{part}</div>" for part in parts)
    html = f"""<html><body><header><nav><a href='/'>Home</a> <a href='/recipes'>Recipes</a></nav>
    </header><div class='page'>{boxes}</div><footer><a href='/about'>About</a></footer></body></html>"""
    paragraphs = list(extract(html, "https://food.example.com/lentil-soup").paragraphs)
    assert paragraphs == [*intro, "Ingredients", *ingredients, "Method", *method]


@pytest.mark.parametrize("apart", [False, True])
def test_related_stories_linked_by_their_thumbnails_only_stay_out(apart: bool) -> None:
    # Under "Weitere Artikel" each other story is a linked picture and an unlinked title:
    # the titles link nowhere themselves, but the link their line opens (on the picture)
    # does, so they are teasers of other stories, not the article's list of points.
    story = [
        "Der Stadtrat hat am Dienstag beschlossen, die alte Brücke über den Fluss bis zum Herbst zu sanieren, wie die Verwaltung mitteilte.",
        "Die Arbeiten sollen im Frühjahr beginnen, sobald die Fördermittel des Landes eingetroffen sind; bis dahin bleibt die Brücke für Lastwagen gesperrt.",
        "Anwohner hatten seit Jahren auf die Sanierung gedrängt, weil der Umweg über die Umgehungsstraße viele Minuten kostet.",
    ]
    titles = [
        "Bibliothek schließt zum Jahresende",
        "Neue Buslinie verbindet beide Kliniken",
        "Schuldach wird teurer als geplant",
    ]

    def item(n: int, title: str) -> str:
        picture = f"<a href='/news/{n}.html'><img src='/bilder/{n}.jpg' alt=''></a>"
        if apart:
            return f"<div class='teaser'><div class='bild'>{picture}</div><h3>{title}</h3></div>"
        return f"<li>{picture}<span>{title}</span></li>"

    items = "".join(item(n, t) for n, t in enumerate(titles))
    more = f"<div>{items}</div>" if apart else f"<ul>{items}</ul>"
    html = f"""<html><body><div class='content'><h1>Brücke wird saniert</h1>
    {"".join(f"<p>{p}</p>" for p in story)}<h2>Weitere Artikel</h2>{more}</div></body></html>"""
    assert list(extract(html, "https://zeitung.example.de/lokales/bruecke").paragraphs) == story


@pytest.mark.parametrize("target", ["<a name='p{n}'></a>", "<a id='p{n}'></a>"])
def test_points_marked_as_link_targets_under_a_related_heading_stay(target: str) -> None:
    # The article's points under `Mehr zum Thema`, each line opening with an empty anchor
    # that only marks a place to link to (`<a name>`, `<a id>`, no href): no link opens
    # there, so they are lines that link nowhere, the article's own, not teasers whose link
    # is their thumbnail (`<a href><img></a>`).
    story = [
        "Der Stadtrat hat am Dienstag beschlossen, die alte Brücke über den Fluss bis zum Herbst zu sanieren, wie die Verwaltung mitteilte.",
        "Die Arbeiten sollen im Frühjahr beginnen, sobald die Fördermittel des Landes eingetroffen sind; bis dahin bleibt die Brücke für Lastwagen gesperrt.",
        "Anwohner hatten seit Jahren auf die Sanierung gedrängt, weil der Umweg über die Umgehungsstraße viele Minuten kostet.",
    ]
    points = [
        "Die Brücke ist 120 Jahre alt",
        "Täglich fahren 9000 Autos darüber",
        "Die Sanierung kostet 4 Millionen Euro",
        "Der Bund zahlt die Hälfte",
    ]
    items = "".join(f"<li>{target.format(n=n)}{p}</li>" for n, p in enumerate(points))
    html = f"""<html><body><div class='content'><h1>Brücke wird saniert</h1>
    {"".join(f"<p>{p}</p>" for p in story)}<h2>Mehr zum Thema</h2><ul>{items}</ul></div></body></html>"""
    paragraphs = list(extract(html, "https://zeitung.example.de/lokales/bruecke").paragraphs)
    assert paragraphs == [*story, "Mehr zum Thema", *points]


def test_a_sentence_that_is_mostly_links_to_other_stories_stays() -> None:
    # A Spanish story's lead links most of its words to earlier stories, the next paragraph
    # its second half: more than half of each is link text, but words of the sentence stand
    # beside the links and it ends as a sentence does. A menu line of links and a label
    # before another story's headline still go.
    lead = (
        "Mientras <a href='/a/1'>la tormenta sigue azotando la costa norte</a> y "
        "<a href='/a/2'>las islas del archipiélago</a>, los meteorólogos advierten que "
        "<a href='/a/3'>lo peor podría estar por llegar</a> esta misma noche."
    )
    second = (
        "Los servicios de emergencia piden a los vecinos que "
        "<a href='/a/4'>aseguren los objetos de balcones y terrazas antes de la noche</a>."
    )
    story = [
        "Los servicios de emergencia piden a los vecinos que aseguren los objetos de balcones y terrazas antes de la noche.",
        "Según la agencia meteorológica, las rachas de viento podrían superar los 120 kilómetros por hora en las zonas más expuestas, sobre todo en los cabos y en las montañas.",
        "El ayuntamiento ha cerrado los parques y ha suspendido las clases de mañana en todos los colegios del municipio, a la espera de nuevos avisos.",
    ]
    also = "<p>Lee también: <a href='/a/9'>El temporal obliga a cerrar los puertos de toda la comarca este fin de semana</a></p>"
    menu = "<p><a href='/'>Portada</a> <a href='/local'>Local</a> <a href='/deportes'>Deportes</a> <a href='/tiempo'>El tiempo</a></p>"
    html = f"""<html><body><div class='article-body'><h1>La tormenta golpea la costa</h1>
    <p>{lead}</p><p>{second}</p>{also}{"".join(f"<p>{p}</p>" for p in story[1:])}{menu}</div></body></html>"""
    paragraphs = list(extract(html, "https://diario.example.es/tiempo/tormenta").paragraphs)
    first = (
        "Mientras la tormenta sigue azotando la costa norte y las islas del archipiélago, los "
        "meteorólogos advierten que lo peor podría estar por llegar esta misma noche."
    )
    assert paragraphs == [first, *story]


@pytest.mark.parametrize(
    "label",
    [
        "<span class='label'>Read more</span> <span class='premium'>Subscribers only</span>",
        "<strong>See also our long read for subscribers:</strong>",
    ],
)
def test_a_label_before_another_storys_headline_goes_with_a_sentence_end(label: str) -> None:
    # A teaser between two paragraphs: a label (and a subscribers' badge) before one linked
    # headline that runs to the line's end. The headline ends as a sentence does (a quote,
    # a question mark) and the label is over a third of the line, yet it is another
    # story's title, not a sentence of this one. A sentence of the story that ends in a
    # link (its object, in lower case) still stays.
    story = [
        "The union said its members would vote on the tentative agreement over the next two weeks, and that picket lines would come down at once.",
        "Analysts expect the deal to add several hundred dollars to the cost of each vehicle the company builds in its plants across the region.",
    ]
    linked = (
        "Workers who had been on strike since September were then "
        "<a href='/a/7'>told to report back for their first shift on Monday.</a>"
    )
    teaser = (
        f"<p>{label} <a href='/a/9'>Auto strike: 'Everything but our paycheck is going up'</a></p>"
    )
    html = f"""<html><body><div class='article-body'><h1>Union reaches a deal</h1>
    <p>{story[0]}</p>{teaser}<p>{linked}</p><p>{story[1]}</p></div></body></html>"""
    paragraphs = list(extract(html, "https://news.example.com/economy/union-deal").paragraphs)
    kept = (
        "Workers who had been on strike since September were then told to report back for "
        "their first shift on Monday."
    )
    assert paragraphs == [story[0], kept, story[1]]


def test_a_page_of_cards_that_are_each_one_link_keeps_every_card() -> None:
    # A job board: every job is one link around the whole card (title, company, place,
    # terms). The cards are what the page lists, not a menu: each card's text is kept.
    jobs = [
        ("Backend Developer", "Northwind Ltd", "Remote", "Full-Time"),
        ("Data Analyst", "Blue Harbor", "Lisbon", "Contract"),
        ("Site Reliability Engineer", "Acme Works", "Remote", "Full-Time"),
        ("Mobile Engineer", "Paper Kite", "Berlin", "Part-Time"),
    ]
    cards = "".join(
        f"<li><a href='/jobs/{n}'><div class='job'><h3>{title}</h3><p>{firm}</p>"
        f"<p>{place}</p><p>{terms}</p></div></a></li>"
        for n, (title, firm, place, terms) in enumerate(jobs, 1)
    )
    html = f"""<html><body><header><nav><a href='/'>Jobs</a> <a href='/post'>Post a job</a>
    </nav></header><main><h1>Programming jobs</h1><p>Latest post 2 days ago</p>
    <ul class='jobs'>{cards}</ul></main>
    <footer><a href='/about'>About us</a> <a href='/terms'>Terms</a></footer></body></html>"""
    text = extract(html).text
    for job in jobs:
        for line in job:
            assert line in text
    assert "Post a job" not in text and "Terms" not in text


def test_story_tiles_that_are_each_one_link_under_an_article_stay_out() -> None:
    # The same kind of card (one link around a headline and a summary) under an article
    # is a minor part of its container: more stories, not the article.
    story = "".join(
        f"<p>The council voted on the bridge repairs for the {n} time this year, and the "
        f"engineers said the work could start in spring once the funds arrive.</p>"
        for n in ("first", "second", "third", "fourth", "fifth")
    )
    tiles = "".join(
        f"<a href='/news/{n}'><div class='tile'><h4>Other story number {n} of the day</h4>"
        f"<p>A summary of the other story.</p></div></a>"
        for n in range(1, 4)
    )
    html = f"""<html><body><article><h1>Bridge repairs approved</h1>{story}
    <div class='more'>{tiles}</div></article></body></html>"""
    text = extract(html).text
    assert "engineers said the work could start" in text
    assert "Other story number" not in text and "summary of the other story" not in text


def test_more_story_tiles_than_a_short_article_stay_out() -> None:
    # A news brief of two paragraphs above eight linked tiles of more stories: the tiles
    # hold most of the container's text, but the prose above them makes it an article.
    story = (
        "<p>The city council voted on Tuesday to close the old library on Main Street at the "
        "end of the year, citing the cost of repairs to its roof.</p><p>Residents who opposed "
        "the plan said they would ask the county to step in before the building is sold.</p>"
    )
    tiles = "".join(
        f"<a class='card' href='/news/2024/story-{n}.html'><h3>Other story number {n} about "
        f"the town</h3><p>A short summary of the other story {n}, which readers may like as "
        "well.</p></a>"
        for n in range(8)
    )
    html = f"""<html><body><header><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>
    </header><main><article><h1>Council votes to close library</h1>{story}
    <section class='more'><h2>More from the town</h2>{tiles}</section></article></main>
    </body></html>"""
    text = extract(html).text
    assert "ask the county to step in" in text
    assert "Other story number" not in text and "short summary" not in text


_COPYRIGHT_STORIES = {
    "en": [
        "A federal judge on Tuesday sided with three songwriters in a copyright lawsuit against a streaming company, a ruling that could reshape licensing.",
        "The songwriters argued that the company copied their recordings without paying royalties, infringing the copyright they had registered more than a decade ago.",
        "Judge Maria Alvarez rejected the company's defence, writing that copyright in the recordings never passed to the publisher that sold it a licence.",
        "Copyright experts said the case was closely watched across the music industry, where older catalogues were often sold with incomplete paperwork.",
        "The damages will be set at a later hearing; the songwriters ask for statutory damages for each of the two hundred works named.",
    ],
    "zh": [
        "本报讯 市中级人民法院昨日对一起音乐著作权侵权纠纷案作出一审判决，认定被告未经许可使用原告作品，侵犯其版权。",
        "原告是三名词曲作者，他们诉称被告公司在平台上传播了原告创作的四十余首歌曲，既未取得授权，也未支付任何报酬。",
        "法院审理认为，涉案作品的著作权从未转移给被告所称的许可方，版权所有者的权利不因曲库转手而丧失。",
        "业内人士表示，此案对音乐行业的版权保护具有示范意义，由此引发的版权纠纷逐年增多。",
        "被告当庭表示将提起上诉。本案的审理过程引起了众多音乐人和版权律师的关注。",
    ],
}


@pytest.mark.parametrize("language", sorted(_COPYRIGHT_STORIES))
def test_a_story_about_copyright_keeps_every_paragraph(language: str) -> None:
    # A news story on a copyright lawsuit: every paragraph talks about copyright (版权,
    # 著作权, 未经许可使用), and none of them claims the site's rights. Only the footer's
    # small print (© year, all rights reserved, 版权所有, 未经授权不得转载) is dropped.
    story = _COPYRIGHT_STORIES[language]
    footer = {
        "en": "© 2024 Example News. All rights reserved.",
        "zh": "版权所有 © 2024 示例新闻网 未经授权不得转载",
    }[language]
    html = f"""<html><body><div class="nav"><a href="/">Home</a> <a href="/news">News</a></div>
    <article><h1>Court rules in a music copyright case</h1>
    {"".join(f"<p>{p}</p>" for p in story)}</article>
    <footer><p>{footer}</p></footer></body></html>"""
    assert list(extract(html).paragraphs) == story


def test_a_story_ending_on_a_rule_that_forbids_without_a_permit_keeps_it() -> None:
    # 未经许可不得… in a story about a regulation forbids an activity, not reprinting the
    # page: it is the story's last paragraph, not small print.
    story = [
        "市城管局昨天发布通告，从下月起在老城区开展为期三个月的占道经营专项整治行动，"
        "重点整治主干道两侧的流动摊点。",
        "通告明确，整治期间城管、交警和街道办事处将组成联合执法组，每天分早中晚三个时段巡查，"
        "发现一起查处一起。",
        "根据《城市道路管理条例》，未经许可不得擅自占用城市道路从事经营活动，违者将依法处罚。",
    ]
    html = f"""<html><body><article><h1>老城区开展占道经营整治</h1>
    {"".join(f"<p>{p}</p>" for p in story)}</article>
    <footer><p>版权所有 © 2024 示例新闻网 未经授权不得转载</p></footer></body></html>"""
    assert list(extract(html).paragraphs) == story


@pytest.mark.parametrize(
    "notice",
    [
        "Copyright © 2024 Example News",
        "Copyright 2024 Example News. All rights reserved.",
        "(c) 2024 Example News",
        "版权所有：示例日报社",
        "未经授权，不得转载、摘编或以其他方式使用。",
        "本网站所刊登的新闻、信息和各种专题专栏资料，未经本网书面许可，禁止转载。",
        "转载请注明出处",
    ],
)
def test_small_print_that_claims_rights_at_the_end_of_the_body_is_dropped(notice: str) -> None:
    story = _COPYRIGHT_STORIES["en"][:3]
    html = f"""<html><body><article><h1>Court rules in a music copyright case</h1>
    {"".join(f"<p>{p}</p>" for p in story)}<p>{notice}</p></article></body></html>"""
    assert list(extract(html).paragraphs) == story


@pytest.mark.parametrize(
    ("declared", "text", "lang"),
    [
        ("de", "the cat and the dog of the house", "de"),  # a declared language stays
        ("", "the cat and the dog of the house", "en"),  # none declared: the guess
        ("en", "这是一篇关于经济的新闻报道，记者在北京采访。", "zh"),  # the script overrules
        ("zh-CN", "the cat and the dog of the house is in the garden", "en"),
    ],
)
def test_declared_language_yields_only_to_another_script(
    declared: str, text: str, lang: str
) -> None:
    # A page declared in a Latin-script language keeps it unless the text is CJK, so its
    # text is not counted for English words (guess_language(english=False)).
    assert html_module._language(declared, text) == lang
    assert guess_language(text, english=False) == ("zh" if lang == "zh" else "")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Subscribe", "Follow us", "x"]), max_size=16))
def test_the_frames_of_a_body_are_found_in_one_pass(texts: list[str]) -> None:
    # Every k whose first k lines are the last k, longest first, as trying each k finds them
    # (a body of thousands of one short line made that try cost the square of its length).
    from jzcli.extract.html import _borders

    assert _borders(texts) == [k for k in range(len(texts) - 1, 0, -1) if texts[:k] == texts[-k:]]


def test_an_element_a_selector_list_gives_twice_is_removed_once() -> None:
    # `.hidden, .d-none` gives an element of both classes twice, side by side; removing it
    # twice frees it twice (lexbor memory) and counted its text as dropped twice.
    tree = LexborHTMLParser('<div><p class="hidden d-none">menu</p><p class="hidden">x</p></div>')
    nodes = tree.css(".hidden, .d-none")
    assert len(nodes) == 3
    outer = html_module._outermost(nodes)
    assert [node.text() for node in outer] == ["menu", "x"]


def test_a_hidden_noscript_dropped_with_the_others_is_not_read_again() -> None:
    # A `<noscript hidden>` is a noscript and a hidden element: dropped as a noscript (the
    # page's text is outside it), it is no longer among the hidden elements to show.
    story = "<p>" + "Words of the story that a reader sees, one sentence after another. " * 12
    page = (
        f"<html><body><article><h1>Title</h1>{story}</p></article>"
        "<noscript hidden><p>Enable scripts to see the menu.</p></noscript>"
        "<noscript><p>Another note for readers without scripts.</p></noscript>"
        "</body></html>"
    )
    article = extract_html(page, "https://example.com/a", Settings())
    text = "\n".join(article.paragraphs)
    assert "Words of the story" in text
    assert "Enable scripts" not in text and "Another note" not in text
