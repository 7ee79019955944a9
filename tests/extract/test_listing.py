from __future__ import annotations

from jzcli.extract.listing import parse_listing

BASE = "http://news.example.cn/col/shizheng/index.html"

NAV = (
    '<div id="nav"><a href="/col/shizheng/index.html">时政要闻</a>'
    '<a href="/col/tiyu/index.html">体育新闻频道</a></div>'
)
SIDE = (
    '<div class="sidebar"><ul>'
    '<li><a href="/col/tiyu/202405/t20240510_999.html">体育：主队三比零获胜晋级</a></li>'
    '<li><a href="/col/tiyu/202405/t20240510_998.html">体育：马拉松比赛明日开跑</a></li>'
    "</ul></div>"
)


def _page(items: str, pager: str = "", head: str = "", extra: str = "") -> str:
    return (
        f"<html><head><title>时政要闻_新闻网</title>{head}</head><body>{NAV}"
        f'<div class="main"><ul class="list">{items}</ul>{pager}</div>{SIDE}{extra}'
        '<div class="footer"><a href="/about/20240101.html">关于我们网站介绍</a></div>'
        "</body></html>"
    )


def _items(n: int, start: int = 0) -> str:
    return "".join(
        f'<li><a href="/col/shizheng/202405/t202405{12 - i % 3:02d}_{start + i}.html">'
        f"市政府召开第{start + i}次常务会议</a><span>2024-05-{12 - i % 3:02d}</span></li>"
        for i in range(n)
    )


def test_main_list_links_in_order_without_nav_sidebar_or_footer() -> None:
    listing = parse_listing(_page(_items(5)), BASE)
    assert [link.url for link in listing.links] == [
        f"http://news.example.cn/col/shizheng/202405/t202405{12 - i % 3:02d}_{i}.html"
        for i in range(5)
    ]
    assert listing.links[0].title == "市政府召开第0次常务会议"
    assert listing.links[1].date == "2024-05-11"
    assert listing.next_url is None


def test_split_list_blocks_are_one_main_list() -> None:
    # Many CMSs print the list in blocks of five <ul>s inside the same container.
    html = _page(_items(5) + '</ul><ul class="list">' + _items(5, start=5))
    assert len(parse_listing(html, BASE).links) == 10


def test_other_site_links_are_ignored() -> None:
    items = (
        _items(3) + '<li><a href="http://other.cn/a/20240512/1.html">外站新闻标题很长很长</a></li>'
    )
    urls = [link.url for link in parse_listing(_page(items), BASE).links]
    assert all(u.startswith("http://news.example.cn/") for u in urls) and len(urls) == 3


def test_next_page_by_text() -> None:
    pager = (
        '<div class="page"><a href="index.html">1</a><a href="index_2.html">2</a>'
        '<a href="index_2.html">下一页</a><a href="index_9.html">尾页</a></div>'
    )
    listing = parse_listing(_page(_items(3), pager), BASE)
    assert listing.next_url == "http://news.example.cn/col/shizheng/index_2.html"
    assert all("index_" not in link.url for link in listing.links)


def test_next_page_by_rel_next() -> None:
    head = '<link rel="next" href="/col/shizheng/list_2.shtml">'
    listing = parse_listing(_page(_items(3), head=head), BASE)
    assert listing.next_url == "http://news.example.cn/col/shizheng/list_2.shtml"


def test_next_page_by_arrow_and_next_words() -> None:
    for text in ("›", "&gt;", "Next", "下页"):
        pager = f'<div class="paging"><a href="?page=3">{text}</a></div>'
        listing = parse_listing(_page(_items(3), pager), BASE + "?page=2", page_number=2)
        assert listing.next_url == "http://news.example.cn/col/shizheng/index.html?page=3", text


def test_next_page_by_numbered_links() -> None:
    pager = "".join(f'<a href="list.php?page={k}">{k}</a>' for k in range(1, 6))
    html = _page(_items(3), f'<div class="pages">{pager}</div>')
    listing = parse_listing(html, "http://news.example.cn/list.php?page=2", page_number=2)
    assert listing.next_url == "http://news.example.cn/list.php?page=3"
    last = parse_listing(html, "http://news.example.cn/list.php?page=5", page_number=5)
    assert last.next_url is None


def test_next_page_from_trs_script_pager() -> None:
    script = '<script>createPageHTML(12, 0, "index", "html");</script>'
    listing = parse_listing(_page(_items(3), extra=script), BASE)
    assert listing.next_url == "http://news.example.cn/col/shizheng/index_1.html"
    script_last = '<script>createPageHTML(12, 11, "index", "html");</script>'
    assert parse_listing(_page(_items(3), extra=script_last), BASE).next_url is None


def test_title_attribute_replaces_a_cut_title() -> None:
    items = (
        '<li><a href="/col/shizheng/202405/t20240512_1.html" '
        'title="市政府召开常务会议研究部署城市更新工作">市政府召开常务会议…</a></li>'
    )
    listing = parse_listing(_page(items), BASE)
    assert listing.links[0].title == "市政府召开常务会议研究部署城市更新工作"


def test_short_dates_take_the_year_from_the_url() -> None:
    items = (
        '<li><a href="/col/2024/shizheng/t20240512_1.html">市政府召开常务会议研究部署</a>'
        "<span>[05-12]</span></li>"
    )
    listing = parse_listing(_page(items), "http://news.example.cn/col/2024/shizheng/")
    assert listing.links[0].date == "2024-05-12"


def test_gbk_listing_text_is_parsed_after_decoding() -> None:
    html = _page(_items(2)).encode("gbk").decode("gbk")
    assert len(parse_listing(html, BASE).links) == 2
