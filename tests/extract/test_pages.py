"""continuation_urls: the later pages of the same article, and nothing else."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from jzcli.extract.pages import canonical_url, continuation_urls, refresh_url

BASE = "http://www.jzrb.com/news/2024-05/01/"


def page(body: str, head: str = "") -> str:
    content = "<div class='content'><p>正文。</p></div>"
    return f"<html><head>{head}</head><body>{content}{body}</body></html>"


def test_chinese_pager_gives_later_pages_in_order() -> None:
    html = page(
        '<div class="pages"><a href="content_1.htm">1</a> <a href="content_1_3.htm">3</a>'
        ' <a href="content_1_2.htm">2</a> <a href="content_1_2.htm">下一页</a>'
        ' <a href="content_1_3.htm">尾页</a></div>'
    )
    assert continuation_urls(html, BASE + "content_1.htm") == [
        BASE + "content_1_2.htm",
        BASE + "content_1_3.htm",
    ]


def test_on_page_two_only_later_pages_are_given() -> None:
    html = page(
        '<div id="fenye"><a href="content_1.htm">上一页</a> <a href="content_1.htm">1</a>'
        ' <a href="content_1_2.htm">2</a> <a href="content_1_3.htm">3</a>'
        ' <a href="content_1_3.htm">下一页</a></div>'
    )
    assert continuation_urls(html, BASE + "content_1_2.htm") == [BASE + "content_1_3.htm"]


def test_last_page_has_no_continuation() -> None:
    html = page('<div class="pages"><a href="content_1.htm">1</a> <a href="content_1_2.htm">2</a>')
    assert continuation_urls(html, BASE + "content_1_2.htm") == []


def test_rel_next_link_in_head() -> None:
    html = page("", head='<link rel="next" href="/news/2024-05/01/content_1_2.htm">')
    assert continuation_urls(html, BASE + "content_1.htm") == [BASE + "content_1_2.htm"]


def test_next_article_and_related_links_are_not_pages() -> None:
    html = page(
        '<div class="prevnext"><a href="content_2.htm">下一篇：我市召开安全会议</a></div>'
        '<ul class="related"><li><a href="content_1_2.htm">焦作举办太极拳比赛</a></li>'
        '<li><a href="content_3.htm">2</a></li></ul>'
        '<a href="http://other.example.com/news/content_1_2.htm">下一页</a>'
    )
    assert continuation_urls(html, BASE + "content_1.htm") == []


def test_article_id_is_not_mistaken_for_a_page_number() -> None:
    # news_123 -> news_124 is the next article, not page 124 of "news".
    html = page('<div class="pages"><a href="news_124.html">124</a></div>')
    assert continuation_urls(html, "http://x.cn/a/news_123.html") == []


def test_query_page_parameter() -> None:
    html = page(
        '<div class="pagination"><a href="show.asp?id=77&amp;page=2">2</a>'
        '<a href="show.asp?id=78&amp;page=2">2</a>'
        '<a href="show.asp?page=3&amp;id=77">3</a></div>'
    )
    assert continuation_urls(html, "http://x.cn/show.asp?id=77") == [
        "http://x.cn/show.asp?id=77&page=2",
        "http://x.cn/show.asp?page=3&id=77",
    ]


def test_index_pages_of_a_folder_article() -> None:
    html = page('<div class="page"><a href="index_2.html">2</a><a href="index_3.html">3</a></div>')
    expected = ["http://x.cn/a/2024/123/index_2.html", "http://x.cn/a/2024/123/index_3.html"]
    assert continuation_urls(html, "http://x.cn/a/2024/123/") == expected
    assert continuation_urls(html, "http://x.cn/a/2024/123/index.html") == expected


def test_hyphen_numbered_pages() -> None:
    html = page('<a href="show-12-345-2.html">下一页</a>')
    assert continuation_urls(html, "http://x.cn/html/show-12-345-1.html") == [
        "http://x.cn/html/show-12-345-2.html"
    ]


def test_english_next_only_inside_a_pager() -> None:
    pager = page('<nav class="pagination"><a href="/story/5/2">Next »</a></nav>')
    assert continuation_urls(pager, "http://x.com/story/5") == ["http://x.com/story/5/2"]
    story = page('<a href="/story/6">Next</a>')
    assert continuation_urls(story, "http://x.com/story/5") == []


def test_bare_numbers_outside_a_pager_are_not_pages() -> None:
    # Comment pagination below an article (vse-diety.com in the benchmark) looks the same.
    html = page('<div id="ptop"><strong>1</strong> <a href="?p=2">2</a> <a href="?p=3">3</a></div>')
    assert continuation_urls(html, "http://x.cn/dieta.html") == []


def test_never_the_page_itself_nor_the_first_page() -> None:
    html = page(
        '<link rel="next" href="content_1_2.htm">'
        '<div class="pages"><a href="content_1_2.htm">下一页</a><a href="#top">2</a>'
        '<a href="javascript:go(3)">3</a></div>'
    )
    assert continuation_urls(html, BASE + "content_1_2.htm") == []


def test_base_href_is_honoured() -> None:
    html = page('<div class="pages"><a href="c_2.htm">2</a></div>', head='<base href="/n/">')
    assert continuation_urls(html, "http://x.cn/other/c.htm") == []
    assert continuation_urls(html, "http://x.cn/n/c.htm") == ["http://x.cn/n/c_2.htm"]


def test_canonical_url() -> None:
    html = page("", head='<link rel="canonical" href="/news/a.html">')
    assert canonical_url(html, "http://x.cn/news/a.html?from=rss") == "http://x.cn/news/a.html"
    assert canonical_url(page(""), "http://x.cn/") == ""


def test_zero_based_second_page() -> None:
    # xinhuanet numbers page 2 as _1: [1] content_9.htm, [2] content_9_1.htm, [3] content_9_2.htm
    links = [("1", ""), ("2", "_1"), ("3", "_2")]
    html = page(
        '<p align="center" class="pagelink">'
        + " ".join(f'<a href="content_9{s}.htm">[{n}]</a>' for n, s in links)
        + "</p>"
    )
    assert continuation_urls(html, BASE + "content_9.htm") == [
        BASE + "content_9_1.htm",
        BASE + "content_9_2.htm",
    ]
    assert continuation_urls(html, BASE + "content_9_1.htm") == [BASE + "content_9_2.htm"]


def test_blog_rel_next_post_is_not_a_page() -> None:
    html = page("", head='<link rel="next" href="/2018/10/02/another-post/">')
    assert continuation_urls(html, "https://blog.example.org/2018/09/10/a-post/") == []


def test_chapter_next_link_without_a_way_back_is_not_a_page() -> None:
    # A book's chapter 10 links to chapter 11 as 下一页 but back only to the contents.
    html = page(
        '<center><a href="../index.htm">返目录</a> <a href="xsh_11.htm">下一页</a></center>'
    )
    assert continuation_urls(html, "http://x.cn/book/htm/xsh_10.htm") == []


def test_next_link_of_another_shape_only_from_a_first_page() -> None:
    nxt = '<p align="center"><a href="/20050302/00464969.html">下一页</a></p>'
    url = "http://book.x.cn/20050302/00464959.html"
    assert continuation_urls(page(nxt), url) == ["http://book.x.cn/20050302/00464969.html"]
    prev = '<p align="center"><a href="/20050303/00465332.html">上一页</a></p>'
    assert continuation_urls(page(prev + nxt), url) == []


def test_path_style_pages() -> None:
    html = page('<div class="pagination"><a href="/article/88/2.html">2</a></div>')
    assert continuation_urls(html, "http://x.cn/article/88.html") == [
        "http://x.cn/article/88/2.html"
    ]


def test_refresh_url_of_a_stub_page() -> None:
    stub = '<html><head><meta http-equiv="refresh" content="0; url=/news/b.html"></head>'
    assert refresh_url(stub + "<body>正在跳转…</body></html>", "http://x.cn/a.html") == (
        "http://x.cn/news/b.html"
    )
    quoted = "<meta http-equiv=Refresh content=\"2;URL='http://y.cn/b'\">"
    assert refresh_url(quoted, "http://x.cn/a.html") == "http://y.cn/b"


def test_refresh_url_ignores_self_reloading_articles() -> None:
    long_page = '<meta http-equiv="refresh" content="1; url=/b.html"><body>' + "正文。" * 100
    assert refresh_url(long_page, "http://x.cn/a.html") == ""
    slow = '<meta http-equiv="refresh" content="300; url=/b.html">'
    assert refresh_url(slow, "http://x.cn/a.html") == ""
    itself = '<meta http-equiv="refresh" content="0; url=a.html">'
    assert refresh_url(itself, "http://x.cn/a.html") == ""


def test_arrow_links_in_a_pager() -> None:
    html = page('<div class="pagination"><a href="/s/5">«</a> <a href="/s/5/3">»</a></div>')
    assert continuation_urls(html, "http://x.com/s/5/2") == ["http://x.com/s/5/3"]
    # The same arrow outside a pager says nothing.
    assert continuation_urls(page('<a href="/s/5/3">»</a>'), "http://x.com/s/5/2") == []


@settings(max_examples=80, deadline=None)
@given(
    hrefs=st.lists(
        st.sampled_from(
            [
                "content_1_2.htm",
                "content_1_3.htm",
                "content_1.htm",
                "/other/x.html",
                "http://elsewhere.cn/content_1_2.htm",
                "?page=2",
                "#",
                "javascript:void(0)",
                "content_2.htm",
            ]
        ),
        max_size=8,
    ),
    labels=st.lists(
        st.sampled_from(["下一页", "2", "3", "上一页", "Next", "»", "相关", ""]), max_size=8
    ),
    pager=st.booleans(),
)
def test_continuation_urls_properties(hrefs: list[str], labels: list[str], pager: bool) -> None:
    links = "".join(f'<a href="{h}">{t}</a>' for h, t in zip(hrefs, labels))
    html = page(f'<div class="pages">{links}</div>' if pager else f"<p>{links}</p>")
    here = BASE + "content_1.htm"
    found = continuation_urls(html, here)
    assert here not in found
    assert len(found) == len(set(found))
    assert all(u.startswith("http://www.jzrb.com/") for u in found)
